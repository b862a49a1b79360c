"""Publishing extras added to the rendered pages: feeds, calendars, open data, "data as of" stamps.

``publish_pages(archive, pages, site_url=...)`` is called by ``generate`` right after
``render_pages`` and returns the pages with

- every Markdown page's front matter given ``ra_asof`` (the newest meeting date of the page's udvalg
  and the build date, shown by ``overrides/partials/source-file.html``) and ``ra_feeds`` (Atom feeds
  for ``<link rel="alternate">``, added by ``overrides/partials/ra-head.html``);
- the feeds and calendars of :mod:`.feeds` and the data files of :mod:`.opendata`;
- ``data/build.json``: the build date and where it came from.

The build date is the one value here that is not derived from the referater. It comes from ONE
place, :func:`build_date`: $SOURCE_DATE_EPOCH (https://reproducible-builds.org/specs/source-date-epoch/)
when set — the publishing workflow sets it to the commit's time — else the newest meeting date, so
two builds of the same content are byte-identical. The files that carry it: every page (front
matter ``ra_asof.built``, shown as "bygget …" at the bottom of each HTML page) and data/build.json.
Feeds, calendars, JSON and CSV carry only dates from the referater.
"""
from __future__ import annotations

import json
import os
from datetime import date as Date
from datetime import datetime, timezone
from typing import Iterable

from . import feeds, opendata
from ..dates import format_date
from ..archive.link import Archive, ArchiveMeeting, Committee

BUILD_JSON = "data/build.json"
ENV_EPOCH = "SOURCE_DATE_EPOCH"
ENV_SITE_URL = "SITE_URL"  # the site's address; mkdocs.yml reads the same variable


def build_date(archive: Archive) -> tuple[Date | None, str]:
    """(date, source): the Danish date of $SOURCE_DATE_EPOCH, else the newest meeting date."""
    raw = (os.environ.get(ENV_EPOCH) or "").strip()
    if raw:
        try:
            utc = datetime.fromtimestamp(int(raw), tz=timezone.utc).replace(tzinfo=None)
        except (ValueError, OverflowError, OSError):
            pass
        else:
            return (utc + feeds.danish_offset(utc)).date(), ENV_EPOCH
    dated = [am.date for am in archive.meetings if am.date]
    return (max(dated) if dated else None), "newest meeting date"


def _newest(committees) -> Date | None:
    dates = [am.date for c in committees for am in c.meetings if am.date]
    return max(dates) if dates else None


def page_scopes(archive: Archive) -> dict[str, list[Committee]]:
    """Folder path → the udvalg whose data the page shows. Pages below a committee's folder
    (møder, punkter, bilag) belong to it; a sag to the udvalg of its items; a kommune's other pages
    to all its udvalg; the home page (and anything unknown) to the whole archive."""
    scopes: dict[str, list[Committee]] = {"": list(archive.committees.values())}
    for kom in archive.kommuner.values():
        scopes[kom.path] = list(kom.committees)
    for c in archive.committees.values():
        scopes[c.path] = [c]
    for case in archive.cases.values():
        scopes[case.path] = list({id(ai.meeting.committee): ai.meeting.committee for ai in case.items}.values())
    return scopes


def scope_of(path: str, scopes: dict[str, list[Committee]]) -> list[Committee]:
    """The longest folder prefix of ``path`` that has a scope."""
    parts = path.split("/")
    for n in range(len(parts) - 1, -1, -1):
        prefix = "/".join(parts[:n]) + "/" if n else ""
        if prefix in scopes:
            return scopes[prefix]
    return scopes[""]


def _folder(rel: str) -> str:
    return rel[: -len("index.md")] if rel.endswith("index.md") else rel.rsplit("/", 1)[0] + "/"


class AsOf:
    """A page's ``ra_asof`` stamp: the newest meeting date of the udvalg it shows and the build date."""

    def __init__(self, archive: Archive, scopes: dict[str, list[Committee]] | None = None,
                 built: Date | None = None):
        self.scopes = scopes if scopes is not None else page_scopes(archive)
        self.built = built if built is not None else build_date(archive)[0]
        self.newest_of: dict[int, Date | None] = {}

    def __call__(self, rel: str) -> dict:
        committees = scope_of(_folder(rel), self.scopes)
        key = id(committees)  # one scope list per folder prefix: the newest date once per scope
        if key not in self.newest_of:
            self.newest_of[key] = _newest(committees)
        newest, built = self.newest_of[key], self.built
        return {
            "data": newest.isoformat() if newest else None,
            "data_text": format_date(newest, with_weekday=False) if newest else None,
            "built": built.isoformat() if built else None,
            "built_text": format_date(built, with_weekday=False) if built else None,
        }


def stamp_line(asof: dict) -> str:
    """The ``ra_asof`` front matter line (the first after "---") of a page with this stamp."""
    return f"ra_asof: {json.dumps(asof, ensure_ascii=True, sort_keys=True)}\n"


def _stamp(text: str, fields: dict) -> str:
    """Add keys to a page's YAML front matter (after the opening '---'); JSON values are YAML."""
    if not text.startswith("---\n"):
        return text
    lines = "".join(f"{k}: {json.dumps(v, ensure_ascii=True, sort_keys=True)}\n" for k, v in fields.items())
    return "---\n" + lines + text[4:]


def publish_pages(archive: Archive, pages: dict[str, str], *, site_url: str | None = None,
                  meetings: Iterable[ArchiveMeeting] | None = None) -> dict[str, str]:
    """``pages`` stamped and with the published extras added; ``site_url`` (else $SITE_URL) makes
    the feeds' links absolute. ``meetings`` (incremental builds): write the per-meeting JSON of
    only these meetings (None: all); feeds, the CSV and the schemas are always written."""
    site_url = (site_url or os.environ.get(ENV_SITE_URL) or "").strip() or None
    built, source = build_date(archive)
    out = dict(pages)
    scopes = page_scopes(archive)
    asof_of = AsOf(archive, scopes, built)
    feed_of = {c.path: feeds.committee_feed_path(c) for c in archive.committees.values()}
    archive_feed = {"title": "Referatarkiv – nye møder og beslutninger", "href": feeds.ARCHIVE_FEED}
    for rel, text in pages.items():
        if not rel.endswith(".md"):
            continue
        asof = asof_of(rel)
        committees = scope_of(_folder(rel), scopes)
        links = [archive_feed]
        if len(committees) == 1 and committees[0].path in feed_of:
            c = committees[0]
            # A fixed title: no referat text in the page head (the feed itself names the udvalg).
            links = [{"title": "Udvalgets møder og beslutninger", "href": feed_of[c.path]}, archive_feed]
        out[rel] = _stamp(text, {"ra_asof": asof, "ra_feeds": links})
    out.update(feeds.feed_files(archive, site_url))
    if meetings is None:
        out.update(opendata.data_files(archive))
    else:
        out.update({opendata.meeting_json_path(am): json.dumps(opendata.meeting_document(archive, am),
                                                                ensure_ascii=False, indent=1) + "\n"
                    for am in meetings})
        out[opendata.ITEMS_CSV] = opendata.items_csv(archive)
        for name in opendata.SCHEMAS:
            out[f"data/{name}"] = opendata.schema_text(name)
    out[BUILD_JSON] = json.dumps({
        "built": built.isoformat() if built else None,
        "built_from": source,
        "data_as_of": opendata.newest_date(archive),
    }, ensure_ascii=False, indent=1) + "\n"
    return dict(sorted(out.items()))
