"""Subscriptions without a server: Atom feeds of new meetings and decisions, iCalendar files of meetings.

Files (paths relative to the docs dir, so MkDocs copies them into the site):

- ``feed.xml`` — the whole archive: the newest meetings and their decisions;
- ``<kommune>/<udvalg>/feed.xml`` — the same for one udvalg;
- ``<kommune>/<udvalg>/moeder.ics`` — every dated meeting of one udvalg, for a calendar program.

Nothing here depends on the clock: every timestamp is a meeting's date and start time (Danish
time, written as UTC offset), entry ids are ``tag:`` URIs made from page paths, and the order is
the archive's. Two builds of the same content give the same bytes. Links are absolute when the
site's address is known (``site_url``, from $SITE_URL via mkdocs.yml); otherwise they are relative
to the site root through ``xml:base``.

Undated meetings are left out of feeds and calendars (they have no time to put there). Closed
items appear by title only, as on the site.
"""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import date as Date
from datetime import datetime, timedelta, timezone

from ..archive.link import Archive, ArchiveItem, ArchiveMeeting, Committee
from ..dates import format_date
from ..model import OUTCOME_LABELS
from .names import item_heading, meeting_title
from .urls import ARCHIVE_FEED, committee_calendar_path, committee_feed_path

ATOM_NS = "http://www.w3.org/2005/Atom"
XML_NS = "http://www.w3.org/XML/1998/namespace"
# An Atom feed lists the newest entries only (a meeting and each of its decisions are entries).
FEED_ENTRIES = 100
# ``tag:`` URIs (RFC 4151) keep entry ids stable when the site moves to another address.
TAG_AUTHORITY = "referatarkiv.invalid,2002"
EMPTY_FEED_UPDATED = "2002-01-01T00:00:00Z"  # Atom requires <updated>; a feed with no entries uses this

_START_TIME = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$")
# Characters XML 1.0 does not allow (and lone surrogates): dropped from referat text.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


# --------------------------------------------------------------------------------------------
# Danish time without a time-zone database: CET (+01:00), CEST (+02:00) from the last Sunday of
# March 02:00 to the last Sunday of October 03:00 local time (the EU rule, in force since 1996).

def _last_sunday(year: int, month: int) -> Date:
    d = Date(year, month + 1, 1) - timedelta(days=1)
    return d - timedelta(days=(d.weekday() + 1) % 7)


def danish_offset(local: datetime) -> timedelta:
    """UTC offset of a naive Danish local time (an ambiguous autumn hour counts as summer time)."""
    start = datetime.combine(_last_sunday(local.year, 3), datetime.min.time()).replace(hour=2)
    end = datetime.combine(_last_sunday(local.year, 10), datetime.min.time()).replace(hour=3)
    return timedelta(hours=2) if start <= local < end else timedelta(hours=1)


def meeting_start(am: ArchiveMeeting) -> datetime | None:
    """The meeting's start as an aware datetime in Danish time; midnight when the time is unknown;
    None for an undated meeting."""
    if am.date is None:
        return None
    m = _START_TIME.match(am.meeting.start_time or "")
    local = datetime(am.date.year, am.date.month, am.date.day, int(m[1]) if m else 0, int(m[2]) if m else 0)
    return local.replace(tzinfo=timezone(danish_offset(local)))


def has_start_time(am: ArchiveMeeting) -> bool:
    """A meeting with a date and a readable start time (a time without a date starts nothing)."""
    return am.date is not None and isinstance(am.meeting.start_time, str) and bool(_START_TIME.match(am.meeting.start_time))


def rfc3339(dt: datetime) -> str:
    return dt.isoformat(timespec="seconds")


def clean(text: str | None) -> str:
    return _NOT_XML.sub("", text or "")


def tag_uri(path: str, fragment: str = "") -> str:
    return f"tag:{TAG_AUTHORITY}:{path or '/'}" + (f"#{fragment}" if fragment else "")


def site_href(path: str, site_url: str | None) -> str:
    """Site-root-relative ``path`` made absolute when the site's address is known."""
    if site_url:
        return site_url.rstrip("/") + "/" + path
    return path


# --------------------------------------------------------------------------------------------
# Atom

def _outcome_text(ai: ArchiveItem) -> str:
    d = ai.item.decision
    if ai.item.closed or d is None:
        return ""
    return ", ".join(OUTCOME_LABELS.get(o, o) for o in d.outcomes)


def _has_decision(ai: ArchiveItem) -> bool:
    d = ai.item.decision
    return not ai.item.closed and d is not None and bool((d.text or "").strip())


def _entries(archive: Archive, meetings: list[ArchiveMeeting], with_committee: bool) -> list[dict]:
    out: list[dict] = []
    # dagsordener first (what is coming), then the meetings newest first
    for am in sorted((am for am in meetings if am.date), key=lambda am: (am.is_agenda, am.sort_key), reverse=True):
        when = rfc3339(meeting_start(am))
        kom = archive.kommuner[am.kommune].name
        lines = []
        for ai in am.items:
            outcome = "lukket punkt" if ai.item.closed else _outcome_text(ai)
            lines.append(f"{item_heading(ai)}" + (f" – {outcome}" if outcome else ""))
        out.append({
            "id": tag_uri(am.path), "path": am.path, "when": when, "category": "møde",
            "title": f"{'Dagsorden' if am.is_agenda else 'Møde'}: {meeting_title(am)} ({kom})",
            "summary": ((("Dagsorden:\n" + "\n".join(lines)) if lines else "Referatet indeholder ingen punkter.")
                        + ("\nReferatet følger." if am.is_agenda else "")),
        })
        for ai in am.items:
            if not _has_decision(ai):
                continue
            outcome = _outcome_text(ai)
            where = f"{am.committee.name}, {format_date(am.date, with_weekday=False)}"
            out.append({
                "id": tag_uri(ai.path, "beslutning"), "path": ai.path, "when": when, "category": "beslutning",
                "title": f"Beslutning: {item_heading(ai)}" + (f" – {outcome}" if outcome else "")
                         + (f" ({where})" if with_committee else ""),
                "summary": " ".join((ai.item.decision.text or "").split()),
            })
        if len(out) >= FEED_ENTRIES:
            break
    return out[:FEED_ENTRIES]


def atom_feed(archive: Archive, *, path: str, title: str, subtitle: str, page: str, author: str,
              meetings: list[ArchiveMeeting], with_committee: bool, site_url: str | None) -> str:
    """One Atom 1.0 document (RFC 4287) at site path ``path`` about the page at ``page``."""
    ET.register_namespace("", ATOM_NS)

    def el(parent, tag, text=None, **attrs):
        e = ET.SubElement(parent, f"{{{ATOM_NS}}}{tag}", {k.rstrip("_"): v for k, v in attrs.items()})
        if text is not None:
            e.text = clean(text)
        return e

    feed = ET.Element(f"{{{ATOM_NS}}}feed")
    if not site_url:
        # Relative links resolve against the site root: "../../" from <kommune>/<udvalg>/feed.xml.
        feed.set(f"{{{XML_NS}}}base", "../" * path.count("/") or "./")
    feed.set(f"{{{XML_NS}}}lang", "da")
    entries = _entries(archive, meetings, with_committee)
    el(feed, "id", tag_uri(path))
    el(feed, "title", title)
    el(feed, "subtitle", subtitle)
    el(feed, "updated", max((e["when"] for e in entries), key=_utc, default=EMPTY_FEED_UPDATED))
    el(feed, "link", rel="self", type="application/atom+xml", href=site_href(path, site_url))
    el(feed, "link", rel="alternate", type="text/html", href=site_href(page, site_url))
    a = el(feed, "author")
    el(a, "name", author)
    el(feed, "generator", "referatarkiv")
    for e in entries:
        entry = el(feed, "entry")
        el(entry, "id", e["id"])
        el(entry, "title", e["title"])
        el(entry, "updated", e["when"])
        el(entry, "published", e["when"])
        el(entry, "link", rel="alternate", type="text/html", href=site_href(e["path"], site_url))
        el(entry, "category", term=e["category"])
        el(entry, "summary", e["summary"], type="text")
    ET.indent(feed, space=" ")
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, encoding="unicode") + "\n"


def _utc(stamp: str) -> datetime:
    return datetime.fromisoformat(stamp.replace("Z", "+00:00")).astimezone(timezone.utc)


def archive_feed(archive: Archive, site_url: str | None = None) -> str:
    return atom_feed(
        archive, path=ARCHIVE_FEED, page="", author="Referatarkiv", meetings=archive.meetings,
        title="Referatarkiv – nye møder og beslutninger",
        subtitle="De nyeste møder og beslutninger fra alle udvalg i arkivet.",
        with_committee=True, site_url=site_url,
    )


def committee_feed(archive: Archive, c: Committee, site_url: str | None = None) -> str:
    kom = archive.kommuner[c.kommune].name
    return atom_feed(
        archive, path=committee_feed_path(c), page=c.path, author=kom, meetings=c.meetings,
        title=f"{c.name} ({kom}) – møder og beslutninger",
        subtitle=f"Nye møder og beslutninger i {c.name}, {kom}.",
        with_committee=False, site_url=site_url,
    )


# --------------------------------------------------------------------------------------------
# iCalendar

def committee_calendar(archive: Archive, c: Committee, site_url: str | None = None) -> str:
    """RFC 5545 calendar of the udvalg's dated meetings: timed events in UTC when the start time is
    known (no VTIMEZONE needed), all-day events otherwise. The referat gives no end time, so none is
    invented. DTSTAMP is the meeting's own start (not the build time)."""
    import icalendar

    kom = archive.kommuner[c.kommune].name
    cal = icalendar.Calendar()
    cal.add("prodid", "-//referatarkiv//referatarkiv//DA")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", f"{c.name} ({kom})")
    cal.add("x-wr-caldesc", f"Møder i {c.name}, {kom}, fra Referatarkiv.")
    for am in sorted((am for am in c.meetings if am.date), key=lambda am: am.sort_key):
        start = meeting_start(am)
        ev = icalendar.Event()
        ev.add("uid", f"{am.path.rstrip('/')}@referatarkiv")
        ev.add("dtstamp", start.astimezone(timezone.utc))
        if has_start_time(am):
            ev.add("dtstart", start.astimezone(timezone.utc))
        else:
            ev.add("dtstart", am.date)
        ev.add("summary", clean(f"{c.name}: møde" + (" (dagsorden)" if am.is_agenda else "")))
        if am.meeting.location:
            ev.add("location", clean(" ".join(am.meeting.location.split())))
        agenda = [item_heading(ai) for ai in am.items]
        ev.add("description", clean("Dagsorden:\n" + "\n".join(agenda) if agenda else "Ingen punkter i referatet."))
        ev.add("url", site_href(am.path, site_url))
        ev.add("status", "CONFIRMED")
        ev.add("transp", "OPAQUE")
        cal.add_component(ev)
    return cal.to_ical().decode("utf-8")


def feed_files(archive: Archive, site_url: str | None = None) -> dict[str, str]:
    """All feeds and calendars as {docs-dir path: text}."""
    out = {ARCHIVE_FEED: archive_feed(archive, site_url)}
    for c in archive.committees.values():
        out[committee_feed_path(c)] = committee_feed(archive, c, site_url)
        out[committee_calendar_path(c)] = committee_calendar(archive, c, site_url)
    return out
