"""The parse cache: unchanged referater are not parsed again; an edit re-parses only that file."""
import shutil
from pathlib import Path

from referatarkiv.build.generate import generate

CONTENT = Path(__file__).resolve().parents[2] / "content"


def test_a_rebuild_parses_only_the_referat_that_changed(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    out, cache = tmp_path / "build", tmp_path / "cache"
    first = generate(content, out, cache_dir=cache)
    assert first.cache_misses == first.sources and first.cache_hits == 0
    second = generate(content, out, cache_dir=cache)
    assert (second.cache_hits, second.cache_misses, second.written) == (first.sources, 0, [])

    ref = next(content.rglob("2020-03-02-referat.txt"))
    ref.write_text(ref.read_text(encoding="utf-8") + "\nEn tilføjet sætning.\n", encoding="utf-8")
    third = generate(content, out, cache_dir=cache)
    assert (third.cache_hits, third.cache_misses) == (first.sources - 1, 1)
    assert third.written  # the edited meeting's pages changed …
    assert len(third.written) < len(first.written) // 2  # … and not the whole site


def test_a_sidecar_edit_invalidates_its_referat(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    cache = tmp_path / "cache"
    generate(content, tmp_path / "b", cache_dir=cache)
    side = next(p for p in content.rglob("*.yml") if p.with_suffix(".txt").exists())
    side.write_text(side.read_text(encoding="utf-8") + "\nlocation: Rådhuset\n", encoding="utf-8")
    again = generate(content, tmp_path / "b", cache_dir=cache)
    assert again.cache_misses == 1
