"""The parse cache: unchanged referater are not parsed again; an edit re-parses only that file."""
import json
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


class _Payload:
    """Unpickling this runs a function: what a pickle in the cache folder could do."""

    def __init__(self, marker):
        self.marker = marker

    def __reduce__(self):
        return (Path.touch, (self.marker,))


def test_a_planted_cache_entry_runs_no_code(tmp_path):
    """A cache entry from someone else (force-added to a pull request of content, say) is data that
    does not read back as a Meeting: a cache miss, never code that runs (issue #15, item 10)."""
    import pickle

    from referatarkiv.build.cache import source_key

    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    cache = tmp_path / "cache"
    marker = tmp_path / "pwned"
    evil = pickle.dumps(_Payload(marker))
    for ref in sorted(content.rglob("*.txt")):
        key = source_key(ref)
        folder = cache / key[:2]
        folder.mkdir(parents=True, exist_ok=True)
        for name in (f"{key}.pickle", f"{key}.json", f"{key}.pkl"):
            (folder / name).write_bytes(evil)
    report = generate(content, tmp_path / "build", cache_dir=cache)
    assert not marker.exists()
    assert report.cache_hits == 0 and report.meetings > 0
    # the entries written instead are JSON that reads back to the same meetings
    again = generate(content, tmp_path / "build", cache_dir=cache)
    assert again.cache_hits == again.sources and not marker.exists()
    assert [am.meeting for am in again.archive.meetings] == [am.meeting for am in report.archive.meetings]


def test_a_cache_entry_of_another_shape_is_a_miss(tmp_path):
    import json

    from referatarkiv.build.cache import ParseCache, from_json, to_json
    from referatarkiv.parse import parse_file

    ref = next(CONTENT.rglob("*.txt"))
    m = parse_file(ref)
    data = to_json(m)
    assert from_json(json.loads(json.dumps(data))) == m
    cache = ParseCache(tmp_path)
    for bad in ({**data, "items": "x"}, {**data, "extra": 1}, {k: v for k, v in data.items() if k != "date"},
                {**data, "date": "2021-13-45"}, {**data, "items": [{"__class__": "os.system"}]}, [], "x"):
        (tmp_path / "ab").mkdir(exist_ok=True)
        (tmp_path / "ab" / "abc.json").write_text(json.dumps(bad), encoding="utf-8")
        assert cache.get("abc") is None


def test_every_field_of_the_model_reads_back_from_the_cache():
    """A field type the cache cannot store makes every entry a miss, silently: each model field must
    round-trip (Decision.votes is a dict, positions nest Members)."""
    from datetime import date

    from referatarkiv.build.cache import from_json, to_json
    from referatarkiv.model import (AgendaItem, Attachment, Decision, HistoryEntry, Meeting, Member, ParseWarning,
                                    Position, Reference, RouteStep, Section)

    pos = Position("imod", "Ø stemte imod.", parties=["Ø"], persons=[Member("Lise Berg", "Ø")], scope="Ad 1",
                   group="mindretal", reason=None, wording="stemte imod")
    item = AgendaItem(
        3, "Budget", "21-014477",
        sections=[Section("Beslutning", "Godkendt.", "beslutning", 9, small_print=["Bilag 1"])],
        decision=Decision("Godkendt.", ["godkendt"], "Byrådet", date(2023, 1, 9), attendance=["Afbud: A"],
                          positions=[pos], final=True, adopts_recommendation=True, forwarded_to="Byrådet",
                          votes={"for": 17, "imod": 8}),
        attachments=[Attachment("Bilag 1", "Notat", closed=False, line=12, url="https://x.dk/b/1")],
        history=[HistoryEntry(date(2022, 12, 1), "beslutning", "Økonomiudvalget", 7, "Anbefalet.", ["anbefalet"],
                              [pos], final=False)],
        references=[Reference("ØU 1. december 2022, pkt. 7", "Økonomiudvalget", date(2022, 12, 1), 7)],
        route=[RouteStep("Økonomiudvalget", date(2022, 12, 1))], closed=False, line=5)
    m = Meeting("Byrådet", "2022-25", date(2023, 1, 9), "17:00", "Rådhuset", ["A", "B"], ["A"], [item],
                [ParseWarning(2, "noget", error=True, path="x.yml")], municipality="greve",
                source_path="greve/x.json", source_url="https://x.dk", toc=["1. Budget"], notes=["note"], kind="referat")
    assert from_json(json.loads(json.dumps(to_json(m)))) == m
