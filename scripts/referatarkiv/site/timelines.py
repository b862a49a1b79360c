"""Timelines on pages: the data of a sag's, punkt's and udvalg's timelines and of the outcome chart.

:mod:`referatarkiv.archive.timeline` decides what a case's steps are; this module turns them into
plain data, which :mod:`.timeline_html` writes as HTML into the page's Markdown (the sag, punkt and
udvalg page modules call both; an udvalg's per-outcome pages are in :mod:`.udvalg`). The open data
takes a sag's status from :func:`case_data` too, so it says what the sag page says.

- a timeline is ``{"id", "label", "status_label", "status", "open", "steps": [step, …]}``; a step is
  ``{"date" (ISO or null), "date_text", "body", "kind", "kind_label", "badges": [{"label", "slug",
  "count"}], "excerpt", "url" (relative to the page, or null), "link_text", "expected", "current",
  "final", "sources": [names]}``;
- the outcome chart (:func:`chart_data`) is counts per year and outcome.

Text here is raw (not HTML-escaped): :mod:`.timeline_html` escapes it. Each text is one line
(:func:`clean`). Closed items never show their decision or outcome in a timeline.
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import replace

from ..archive.link import Archive, ArchiveItem, ArchiveMeeting, Case, Committee
from ..archive.timeline import Step, Timeline, case_timeline, item_timeline, status
from ..dates import format_date
from ..model import OUTCOME_LABELS, OUTCOMES
from ..slugs import slugify, unique
from . import timeline_html
from .names import item_heading, meeting_when, plural
from .urls import page_url

# Where the archive knows a step from, as the timeline's "Kilde:" line says it.
SOURCE_NAMES = {
    "arkiv": "mødets eget referat",
    "historik": "sagens forløb i et senere referat",
    "henvisning": "en henvisning i et andet referat",
    "plan": "den planlagte behandling i et referat",
}
EXCERPT_CHARS = 120
CLOSED_EXCERPT = "Lukket punkt: behandlet for lukkede døre."

# Control characters, non-characters, lone surrogates and line separators: a timeline's text is one
# line of the page's HTML block, and the open data writes a sag's status as JSON.
_NOT_TEXT = re.compile(r"[\x00-\x1f\x7f-\x9f\ufffe\uffff\ud800-\udfff\u2028\u2029]")


def clean(text: str | None) -> str:
    """One line of raw text, without characters a page or data file should not carry."""
    return " ".join(_NOT_TEXT.sub(" ", text or "").split())


def short(text: str | None, limit: int = EXCERPT_CHARS) -> str:
    """``clean`` text cut to about one line at a word ("…")."""
    s = clean(text)
    if len(s) <= limit:
        return s
    cut = s.rfind(" ", 0, limit)
    return s[: cut if cut > limit // 2 else limit].rstrip(" ,;:.–-…") + " …"


def _items_by_path(archive: Archive) -> dict[str, ArchiveItem]:
    cached = archive.__dict__.get("_ra_items_by_path")
    if cached is None:
        cached = {ai.path: ai for ai in archive.items}
        archive.__dict__["_ra_items_by_path"] = cached
    return cached


def _date_text(d) -> str:
    return format_date(d, with_weekday=False) if d else "Uden dato"


def _badge(outcome: str, count: int | None = None) -> dict:
    return {"label": OUTCOME_LABELS.get(outcome, outcome), "slug": slugify(outcome), "count": count}


def _sorted_outcomes(outcomes) -> list[str]:
    order = {o: i for i, o in enumerate(OUTCOMES)}
    return sorted(set(outcomes), key=lambda o: (order.get(o, 99), o))


# --------------------------------------------------------------------------------------------
# sag and punkt pages

def _public(archive: Archive, tl: Timeline) -> Timeline:
    """The timeline with closed items' decisions and outcomes left out (and the status redone)."""
    by_path = _items_by_path(archive)
    steps, changed = [], False
    for s in tl.steps:
        ai = by_path.get(s.path) if s.path else None
        if ai is not None and ai.item.closed:
            s = replace(s, outcomes=[], excerpt=CLOSED_EXCERPT)
            changed = True
        steps.append(s)
    if not changed:
        return tl
    text, is_open = status(steps)
    return Timeline(steps, text, is_open)


def step_data(archive: Archive, here: str, s: Step) -> dict:
    by_path = _items_by_path(archive)
    target = by_path.get(s.path) if s.path else None
    url = link_text = None
    if s.path and not s.current:
        url = page_url(here, s.path)
        link_text = item_heading(target) if target is not None else "Gå til punktet"
    return {
        "date": s.date.isoformat() if s.date else None,
        "date_text": _date_text(s.date),
        "body": clean(s.body),
        "kind": s.kind,
        "kind_label": clean(s.kind_label),
        "badges": [_badge(o) for o in _sorted_outcomes(s.outcomes)],
        "excerpt": "" if s.current else short(s.excerpt),  # the current punkt's decision is on its page
        "url": url,
        "link_text": clean(link_text) or None,
        "expected": bool(s.expected),
        "current": bool(s.current),
        "final": s.final if not s.expected else None,
        "sources": [SOURCE_NAMES.get(x, x) for x in dict.fromkeys(s.sources or [s.source])],
    }


def timeline_data(archive: Archive, here: str, tl: Timeline, tid: str, label: str) -> dict:
    tl = _public(archive, tl)
    return {"id": tid, "label": label, "status_label": "Status", "status": clean(tl.status), "open": bool(tl.open),
            "steps": [step_data(archive, here, s) for s in tl.steps]}


def case_data(archive: Archive, case: Case) -> dict | None:
    """The sag page's timeline; None for catch-all numbers."""
    tl = case_timeline(case)
    if tl is None or not tl.steps:
        return None
    return timeline_data(archive, case.path, tl, "sag", "Sagens forløb")


def item_data(archive: Archive, ai: ArchiveItem) -> dict | None:
    """The punkt page's timeline: its sag's steps, itself current; None below 2 steps."""
    tl = item_timeline(ai)
    if tl is None or len(tl.steps) < 2:
        return None
    return timeline_data(archive, ai.path, tl, "punkt", "Sagens forløb")


def item_section(tl: dict | None, anchors: set[str]) -> str:
    """The punkt page's "Sagens forløb" section (heading and timeline) or ""."""
    if tl is None:
        return ""
    anchor = unique("sagens-forloeb", anchors)
    return f"## Sagens forløb {{ #{anchor} }}\n\n{timeline_html.timeline(tl)}\n"


# --------------------------------------------------------------------------------------------
# udvalg pages

def _public_outcomes(ai: ArchiveItem) -> list[str]:
    d = ai.item.decision
    if ai.item.closed or d is None:
        return []
    return list(d.outcomes)


def chart_data(c: Committee) -> dict | None:
    """Counts per year and outcome (closed items left out) for the udvalg page's chart."""
    counts: dict[int, Counter] = defaultdict(Counter)
    for am in c.meetings:
        if am.date is None:
            continue
        for ai in am.items:
            for o in _public_outcomes(ai):
                counts[am.date.year][o] += 1
    if not counts:
        return None
    present = [o for o in OUTCOMES if any(counts[y][o] for y in counts)]
    rows = []
    for y in sorted(counts):
        cells = [counts[y][o] for o in present]
        rows.append({"year": y, "cells": cells, "total": sum(cells)})
    return {
        "caption": "Udfald af udvalgets beslutninger pr. år",
        "note": "Et punkt kan have flere udfald (fx godkendt og anbefalet videre) og tælles så under hvert.",
        "outcomes": [{"key": o, "label": OUTCOME_LABELS[o], "slug": slugify(o)} for o in present],
        "rows": rows,
        "max": max(row["total"] for row in rows),
    }


def meeting_step(here: str, am: ArchiveMeeting) -> dict:
    counts: Counter = Counter()
    decided = 0
    for ai in am.items:
        outs = _public_outcomes(ai)
        decided += bool(outs)
        counts.update(set(outs))
    n = len(am.items)
    return {
        "date": am.date.isoformat() if am.date else None,
        "date_text": clean(meeting_when(am, weekday=False)),
        "body": "",
        "kind": "moede",
        "kind_label": (f"Dagsorden med {n} {plural(n, 'punkt', 'punkter')}" if am.is_agenda
                       else f"Møde med {n} {plural(n, 'punkt', 'punkter')}"),
        "badges": [_badge(o, counts[o]) for o in _sorted_outcomes(counts)],
        "excerpt": ("Referatet følger." if am.is_agenda else
                    f"{decided} {plural(decided, 'punkt', 'punkter')} med registreret udfald." if n else
                    "Referatet indeholder ingen punkter."),
        "url": page_url(here, am.path),
        "link_text": clean(meeting_when(am)),  # weekday and time, as the meeting lists write it
        "expected": am.is_agenda,
        "current": False,
        "sources": [],
    }


def term_id(term: str | None) -> str:
    return f"periode-{term}" if term else "periode-ukendt"


def term_data(here: str, term: str | None, meetings: list[ArchiveMeeting]) -> dict:
    """An udvalg page's timeline of one valgperiode: its meetings, oldest first."""
    mts = sorted(meetings, key=lambda am: am.sort_key)
    n_items = sum(len(am.items) for am in mts)
    return {
        "id": term_id(term),
        "label": f"Møder i valgperioden {term}" if term else "Møder uden kendt valgperiode",
        "status_label": "",
        "status": f"{len(mts)} {plural(len(mts), 'møde', 'møder')} med {n_items} "
                  f"{plural(n_items, 'punkt', 'punkter')}, ældste først.",
        "open": False,
        "steps": [meeting_step(here, am) for am in mts],
    }

