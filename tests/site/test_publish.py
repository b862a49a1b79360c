"""Publishing: Atom feeds (feedparser), iCalendar files (icalendar), the open-data export against its
JSON Schemas (content/ and ../shared/corpus), the CSV, "data as of" on every page, and byte-identical
builds with the build date in the listed places only."""
from __future__ import annotations

import csv
import io
import json
import re
from datetime import datetime, timezone
from pathlib import Path

import pytest

from referatarkiv.site import feeds, opendata, publish
from referatarkiv.build.generate import generate

REPO = Path(__file__).resolve().parents[2]
CONTENT = REPO / "content"
CORPUS = REPO.parent / "shared" / "corpus"

feedparser = pytest.importorskip("feedparser", reason="feedparser (test extra) not installed")
icalendar = pytest.importorskip("icalendar")
jsonschema = pytest.importorskip("jsonschema")


@pytest.fixture(scope="module")
def sample(tmp_path_factory, monkeypatch_module):
    out = tmp_path_factory.mktemp("publish") / "build"
    report = generate(CONTENT, out, use_cache=False)
    return report.archive, out


@pytest.fixture(scope="module")
def monkeypatch_module():
    mp = pytest.MonkeyPatch()
    mp.delenv("SOURCE_DATE_EPOCH", raising=False)
    mp.delenv("SITE_URL", raising=False)
    yield mp
    mp.undo()


def dated(meetings):
    return [am for am in meetings if am.date]


# --------------------------------------------------------------------------------------------
# feeds and calendars

def test_archive_feed_parses_and_lists_newest_meetings_and_decisions(sample):
    archive, out = sample
    f = feedparser.parse((out / "feed.xml").read_bytes())
    assert not f.bozo, f.get("bozo_exception")
    assert f.version == "atom10"
    assert f.feed.title.startswith("Referatarkiv")
    ids = [e.id for e in f.entries]
    assert len(ids) == len(set(ids)) and ids
    kinds = {e.tags[0].term for e in f.entries}
    assert kinds == {"møde", "beslutning"}
    newest = max(dated(archive.meetings), key=lambda am: am.sort_key)
    assert f.entries[0].link.endswith(newest.path)
    # Timestamps are meeting times, never the build time; entries newest first.
    stamps = [datetime.fromisoformat(e.updated) for e in f.entries]
    assert stamps == sorted(stamps, reverse=True)
    meeting_days = {am.date for am in archive.meetings}
    assert all(s.date() in meeting_days for s in stamps)
    assert f.feed.updated == f.entries[0].updated


def test_feed_links_resolve_against_the_site_root_without_site_url(sample):
    archive, out = sample
    c = next(c for c in archive.committees.values() if dated(c.meetings))
    url = "https://example.github.io/referatarkiv/" + feeds.committee_feed_path(c)
    f = feedparser.parse((out / feeds.committee_feed_path(c)).read_bytes(), response_headers={
        "content-location": url, "content-type": "application/atom+xml"})
    assert not f.bozo, f.get("bozo_exception")
    for e in f.entries:
        assert e.link.startswith("https://example.github.io/referatarkiv/" + c.path), e.link


def test_every_udvalg_has_a_valid_feed_and_calendar(sample):
    archive, out = sample
    for c in archive.committees.values():
        f = feedparser.parse((out / feeds.committee_feed_path(c)).read_bytes())
        assert not f.bozo, (c.path, f.get("bozo_exception"))
        meeting_entries = [e for e in f.entries if e.tags[0].term == "møde"]
        assert len(meeting_entries) == min(len(dated(c.meetings)), feeds.FEED_ENTRIES)
        cal = icalendar.Calendar.from_ical((out / feeds.committee_calendar_path(c)).read_bytes())
        events = cal.walk("VEVENT")
        assert len(events) == len(dated(c.meetings))
        by_uid = {str(ev["UID"]): ev for ev in events}
        for am in dated(c.meetings):
            ev = by_uid[f"{am.path.rstrip('/')}@referatarkiv"]
            start = ev.decoded("DTSTART")
            if feeds.has_start_time(am):
                assert start == feeds.meeting_start(am).astimezone(timezone.utc)
            else:
                assert start == am.date
            assert ev.decoded("DTSTAMP") == feeds.meeting_start(am).astimezone(timezone.utc)
            assert str(ev["URL"]).endswith(am.path)


def test_udvalg_pages_link_feed_and_calendar(sample):
    archive, out = sample
    for c in archive.committees.values():
        text = (out / c.path / "index.md").read_text(encoding="utf-8")
        assert "](feed.xml)" in text and "](moeder.ics)" in text


def test_feeds_with_site_url_are_absolute_and_hostile_text_is_inert(sample):
    archive, _ = sample
    site = "https://example.github.io/referatarkiv/"
    am = dated(archive.meetings)[0]
    old = am.committee.name
    am.committee.name = "</title><script>alert(1)</script>\x0b & \x01"
    try:
        text = feeds.committee_feed(archive, am.committee, site)
        cal = feeds.committee_calendar(archive, am.committee, site)
    finally:
        am.committee.name = old
    f = feedparser.parse(text)
    assert not f.bozo, f.get("bozo_exception")
    assert "<script>" not in text and "&lt;script&gt;" in text
    assert all(e.link.startswith(site) for e in f.entries)
    assert icalendar.Calendar.from_ical(cal).walk("VEVENT")


def test_danish_offset():
    assert feeds.danish_offset(datetime(2020, 3, 2, 17)).total_seconds() == 3600
    assert feeds.danish_offset(datetime(2020, 6, 2, 17)).total_seconds() == 7200
    assert feeds.danish_offset(datetime(2020, 3, 29, 1, 59)).total_seconds() == 3600  # before the switch
    assert feeds.danish_offset(datetime(2020, 3, 29, 3, 0)).total_seconds() == 7200
    assert feeds.danish_offset(datetime(2020, 10, 25, 3, 0)).total_seconds() == 3600


# --------------------------------------------------------------------------------------------
# open data

def validator(name: str):
    schema = opendata.load_schema(name)
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


def check_export(out: Path, archive) -> None:
    data = json.loads((out / "data" / "archive.json").read_text(encoding="utf-8"))
    errors = sorted(validator("archive.schema.json").iter_errors(data), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors[:10])
    mv = validator("meeting.schema.json")
    files = sorted((out / "data" / "moeder").rglob("*.json"))
    assert len(files) == len(archive.meetings)
    for m in data["meetings"]:
        doc = json.loads((out / m["data"]).read_text(encoding="utf-8"))
        errors = list(mv.iter_errors(doc))
        assert not errors, (m["data"], [f"{list(e.path)}: {e.message}" for e in errors[:5]])
        assert doc["web"] == m["url"] and len(doc["agendaItem"]) == len(m["items"])
        for it, ai in zip(m["items"], doc["agendaItem"]):
            assert ai["web"] == it["url"] and ai["public"] is not it["closed"]
            if it["closed"]:  # a closed item: its title only, as on the site
                assert ai["sections"] == [] and ai["resolutionText"] is None and it["decision"] is None
    # The shipped schemas are published beside the data.
    for name in opendata.SCHEMAS:
        assert json.loads((out / "data" / name).read_text()) == opendata.load_schema(name)
    rows = list(csv.DictReader(io.StringIO((out / "data" / "punkter.csv").read_text(encoding="utf-8"), newline="")))
    items = [it for m in data["meetings"] for it in m["items"]]
    assert len(rows) == len(items)
    assert list(rows[0]) == opendata.CSV_COLUMNS if rows else True
    for row, it in zip(rows, items):
        assert row["url"] == it["url"] and row["case_number"] == (it["case_number"] or "")
        assert row["public"] == ("false" if it["closed"] else "true")
        if it["decision"]:
            assert row["decision"] == " ".join(it["decision"].split())


def test_export_of_content_validates_against_the_schemas(sample):
    archive, out = sample
    check_export(out, archive)
    data = json.loads((out / "data" / "archive.json").read_text(encoding="utf-8"))
    # The fields archive.json always had are still there; OParl-named ones are added.
    it = data["meetings"][0]["items"][0]
    assert set(it) >= {"url", "number", "title", "case_number", "case_url", "decision", "attachments",
                       "order", "public", "result"}
    assert data["data_as_of"] == max(am.date for am in dated(archive.meetings)).isoformat()


@pytest.mark.corpus
@pytest.mark.slow
def test_export_of_corpus_validates_against_the_schemas(tmp_path):
    if not CORPUS.is_dir():
        pytest.skip(f"real corpus not found at {CORPUS} (../shared is not beside the repo)")
    report = generate(CORPUS, tmp_path / "build", use_cache=False)
    assert report.meetings > 0
    check_export(tmp_path / "build", report.archive)


def test_schemas_describe_oparl_mapping():
    for name in opendata.SCHEMAS:
        text = opendata.schema_text(name)
        for concept in ("Meeting", "AgendaItem", "Paper", "File"):
            assert f"OParl: {concept}" in text or f"/1.1/{concept}" in text, (name, concept)


# --------------------------------------------------------------------------------------------
# "data as of", build date, determinism

def front(text: str) -> dict:
    import yaml

    return yaml.safe_load(text.split("\n---\n", 1)[0][4:])


def test_every_page_has_data_as_of_for_its_udvalg(sample):
    archive, out = sample
    for c in archive.committees.values():
        newest = max((am.date for am in dated(c.meetings)), default=None)
        pages = [c.path] + [am.path for am in c.meetings] + [ai.path for am in c.meetings for ai in am.items]
        for p in pages:
            asof = front((out / p / "index.md").read_text(encoding="utf-8"))["ra_asof"]
            assert asof["data"] == (newest.isoformat() if newest else None), p
    pages = list(out.rglob("*.md"))
    assert pages and all("ra_asof" in front(p.read_text(encoding="utf-8")) for p in pages)


def test_builds_are_byte_identical_and_the_build_date_is_listed(tmp_path, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    monkeypatch.delenv("SITE_URL", raising=False)

    def build(name):
        out = tmp_path / name
        generate(CONTENT, out, use_cache=False)
        return {p.relative_to(out).as_posix(): p.read_bytes() for p in out.rglob("*") if p.is_file()}

    a, b = build("a"), build("b")
    assert a == b
    build_info = json.loads(a["data/build.json"])
    assert build_info["built_from"] == "newest meeting date" and build_info["built"] == build_info["data_as_of"]
    # With SOURCE_DATE_EPOCH only the listed carriers change: pages' front matter and data/build.json.
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(datetime(2026, 11, 22, 12, tzinfo=timezone.utc).timestamp())))
    c = build("c")
    changed = {k for k in a if a[k] != c[k]}
    assert changed and all(k.endswith(".md") or k == publish.BUILD_JSON for k in changed), sorted(changed)[:5]
    assert json.loads(c["data/build.json"])["built"] == "2026-11-22"
    assert b'"built_text": "22. november 2026"' in c["index.md"]
    assert set(a) == set(c)


def test_site_shows_data_as_of_and_links_feeds(built_site):
    site = built_site.site
    pages = list(site.rglob("index.html"))
    assert pages
    for p in pages:
        html = p.read_text(encoding="utf-8")
        if {"soeg", "search"} & set(p.relative_to(site).parts):
            continue  # the search page is made by the plugin, not from the archive
        assert re.search(r'class="ra-asof"[^>]*>Data pr\. <time datetime="\d{4}-\d\d-\d\d">', html), p
        assert "bygget <time" in html, p
        assert 'type="application/atom+xml"' in html, p
    data = json.loads((site / "data" / "archive.json").read_text(encoding="utf-8"))
    for c in data["committees"]:
        html = (site / c["url"] / "index.html").read_text(encoding="utf-8")
        assert 'href="feed.xml"' in html and 'href="moeder.ics"' in html
        assert (site / c["url"] / "feed.xml").is_file() and (site / c["url"] / "moeder.ics").is_file()
    assert (site / "feed.xml").is_file() and (site / "data" / "punkter.csv").is_file()


def test_publish_pages_with_a_meeting_subset_writes_the_same_files(sample):
    """The incremental path (per-meeting JSON of some meetings only) writes what data_files does."""
    archive, _ = sample
    every = publish.publish_pages(archive, {})
    subset = publish.publish_pages(archive, {}, meetings=archive.meetings)
    assert every == subset
    some = publish.publish_pages(archive, {}, meetings=archive.meetings[:1])
    json_files = {k for k in every if k.startswith(opendata.MEETINGS_DIR)}
    assert {k for k in some if k.startswith(opendata.MEETINGS_DIR)} == {opendata.meeting_json_path(archive.meetings[0])}
    assert {k: v for k, v in some.items() if k not in json_files} == {k: v for k, v in every.items() if k not in json_files}
