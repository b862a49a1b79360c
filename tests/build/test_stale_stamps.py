"""After a referat is deleted, an incremental build leaves no page stamped with its date (issue #15,
item 11): pages it does not render keep their stamp only while the stamp's dates are not newer than
what the archive now holds."""
from __future__ import annotations

import shutil

from referatarkiv.build.generate import generate
from referatarkiv.build.outputs import read_stamp
from tests.conftest import CONTENT


def stamps(out) -> dict[str, dict]:
    return {p.relative_to(out).as_posix(): read_stamp(p.read_bytes()) for p in sorted(out.rglob("*.md"))}


def test_deleting_the_newest_referat_restamps_the_pages_that_showed_its_date(tmp_path, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)  # the build date is the newest meeting's
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    out, cache = tmp_path / "build", tmp_path / "cache"
    first = generate(content, out, cache_dir=cache)
    newest = max((am for am in first.archive.meetings if am.date), key=lambda am: am.sort_key)
    (content / newest.source_rel).unlink()
    gone = newest.date.isoformat()
    again = generate(content, out, cache_dir=cache, keep_stamps=True)
    assert again.reused > 0  # an incremental generation: most pages were not rendered
    stale = [rel for rel, st in stamps(out).items() if st and gone in (st.get("data"), st.get("built"))]
    assert stale == []
    # what is left equals a full generation's stamps
    full = tmp_path / "full"
    generate(content, full, cache_dir=tmp_path / "cache2")
    assert stamps(out) == stamps(full)


def test_an_added_referat_still_leaves_untouched_pages_alone(tmp_path):
    """The other way round nothing changed: adding the newest referat does not restamp every page."""
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    out, cache = tmp_path / "build", tmp_path / "cache"
    held = sorted(content.rglob("*.txt"))[-1]
    text = held.read_text(encoding="utf-8")
    held.unlink()
    first = generate(content, out, cache_dir=cache)
    held.write_text(text, encoding="utf-8")
    again = generate(content, out, cache_dir=cache, keep_stamps=True)
    assert 0 < len(again.written) < first.pages // 2
