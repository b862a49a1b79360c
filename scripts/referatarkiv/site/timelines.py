"""Timelines on pages: the data render.py puts into front matter, and the per-outcome pages.

:mod:`timeline` decides what a case's steps are; this module turns them into plain data for the
theme. ``overrides/partials/ra-timeline.html`` renders that data as an ``<ol class="ra-timeline">``
(every field escaped there), in place of a marked region of the page's Markdown::

    <!-- ra-timeline ID -->
    … Markdown fallback (shown by any theme that does not know the component) …
    <!-- /ra-timeline ID -->

Front matter keys (JSON values, which are valid YAML):

- ``timelines``: a list of ``{"id", "label", "status", "open", "steps": [step, …]}``; a step is
  ``{"date" (ISO or null), "date_text", "body", "kind", "kind_label", "badges": [{"label", "slug",
  "count"}], "excerpt", "url" (relative to the page, or null), "link_text", "expected", "current",
  "sources": [names]}``.
- ``outcome_chart`` (udvalg pages, marker ``<!-- ra-chart -->``): counts per year and outcome.

Text here is raw (not HTML-escaped): the template escapes it. Characters YAML cannot carry are
replaced by spaces. Closed items never show their decision or outcome in a timeline.
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import replace

from . import render as r
from ..dates import format_date
from ..archive.link import Archive, ArchiveItem, ArchiveMeeting, Case, Committee
from ..model import OUTCOME_LABELS, OUTCOMES
from ..slugs import slugify
from ..archive.timeline import Step, Timeline, case_timeline, committee_stats, item_timeline, status

SOURCE_NAMES = {"arkiv": "Arkivet", "historik": "Historik", "henvisning": "Henvisning", "plan": "Behandlingsplan"}
OUTCOME_DIR = "udfald"
NO_OUTCOME = "uden-udfald"
NO_OUTCOME_LABEL = "Uden registreret udfald"
EXCERPT_CHARS = 120
CLOSED_EXCERPT = "Lukket punkt: behandlet for lukkede døre."

_NOT_YAML = re.compile(r"[\x00-\x1f\x7f-\x9f\ufffe\uffff\ud800-\udfff\u2028\u2029]")


def clean(text: str | None) -> str:
    """One line of raw text that YAML can carry."""
    return " ".join(_NOT_YAML.sub(" ", text or "").split())


def short(text: str | None, limit: int = EXCERPT_CHARS) -> str:
    """``clean`` text cut to about one line at a word ("…")."""
    s = clean(text)
    if len(s) <= limit:
        return s
    cut = s.rfind(" ", 0, limit)
    return s[: cut if cut > limit // 2 else limit].rstrip(" ,;:.–-…") + " …"


def start_marker(tid: str) -> str:
    return f"<!-- ra-timeline {tid} -->"


def end_marker(tid: str) -> str:
    return f"<!-- /ra-timeline {tid} -->"


CHART_MARKER = "<!-- ra-chart -->"


def wrap(tid: str, fallback: str) -> str:
    """The marked region the theme replaces with timeline ``tid`` (``fallback``: Markdown)."""
    return f"{start_marker(tid)}\n\n{fallback.strip()}\n\n{end_marker(tid)}\n"


def page_url(here: str, target: str) -> str:
    """URL of page folder ``target`` relative to page folder ``here`` (directory URLs)."""
    if target == here:
        return "./"
    rel = r.relpath(target.rstrip("/") or ".", here.rstrip("/") or ".")
    return "./" if rel == "." else rel + "/"


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
        link_text = r.item_heading(target) if target is not None else "Gå til punktet"
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
        "sources": [SOURCE_NAMES.get(x, x) for x in dict.fromkeys(s.sources or [s.source])],
    }


def timeline_data(archive: Archive, here: str, tl: Timeline, tid: str, label: str) -> dict:
    tl = _public(archive, tl)
    return {"id": tid, "label": label, "status_label": "Status", "status": clean(tl.status), "open": bool(tl.open),
            "steps": [step_data(archive, here, s) for s in tl.steps]}


def case_data(archive: Archive, case: Case) -> dict | None:
    """Front matter data for a sag page; None for catch-all numbers."""
    tl = case_timeline(case)
    if tl is None or not tl.steps:
        return None
    return timeline_data(archive, case.path, tl, "sag", "Sagens forløb")


def item_data(archive: Archive, ai: ArchiveItem) -> dict | None:
    """Front matter data for a punkt page: its sag's steps, itself current; None below 2 steps."""
    tl = item_timeline(ai)
    if tl is None or len(tl.steps) < 2:
        return None
    return timeline_data(archive, ai.path, tl, "punkt", "Sagens forløb")


# --------------------------------------------------------------------------------------------
# udvalg pages

def _public_outcomes(ai: ArchiveItem) -> list[str]:
    d = ai.item.decision
    if ai.item.closed or d is None:
        return []
    return list(d.outcomes)


def outcome_items(c: Committee) -> dict[str, list[ArchiveItem]]:
    """Outcome → the committee's items with it, newest meeting first (agenda order within one),
    closed items left out; ``NO_OUTCOME`` → open items without a recorded outcome."""
    st = committee_stats(c)
    out = {o: [ai for ai in items if not ai.item.closed] for o, items in st.by_outcome.items()}
    out = {o: items for o, items in out.items() if items}
    undecided = [ai for ai in st.undecided if not ai.item.closed]
    if undecided:
        out[NO_OUTCOME] = undecided
    return out


def outcome_label(key: str) -> str:
    return NO_OUTCOME_LABEL if key == NO_OUTCOME else OUTCOME_LABELS.get(key, key)


def outcome_path(c: Committee, key: str) -> str:
    return f"{c.path}{OUTCOME_DIR}/{slugify(key)}/"


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
        "date_text": clean(r.meeting_when(am, weekday=False)),
        "body": "",
        "kind": "moede",
        "kind_label": f"Møde med {n} {r.plural(n, 'punkt', 'punkter')}",
        "badges": [_badge(o, counts[o]) for o in _sorted_outcomes(counts)],
        "excerpt": (f"{decided} {r.plural(decided, 'punkt', 'punkter')} med registreret udfald." if n else
                    "Referatet indeholder ingen punkter."),
        "url": page_url(here, am.path),
        "link_text": clean(r.meeting_when(am)),  # weekday and time, as the meeting lists write it
        "expected": False,
        "current": False,
        "sources": [],
    }


def term_id(term: str | None) -> str:
    return f"periode-{term}" if term else "periode-ukendt"


def committee_data(c: Committee) -> list[dict]:
    """One timeline per term (newest term first), each the term's meetings oldest first."""
    by_term: dict[str | None, list[ArchiveMeeting]] = defaultdict(list)
    for am in c.meetings:
        by_term[am.term].append(am)
    out = []
    for t in sorted(by_term, key=lambda t: (t is None, -(int(t[:4]) if t else 0))):
        mts = sorted(by_term[t], key=lambda am: am.sort_key)
        n_items = sum(len(am.items) for am in mts)
        label = f"Møder i valgperioden {t}" if t else "Møder uden kendt valgperiode"
        out.append({
            "id": term_id(t), "label": label, "status_label": "",
            "status": f"{len(mts)} {r.plural(len(mts), 'møde', 'møder')} med {n_items} "
                      f"{r.plural(n_items, 'punkt', 'punkter')}, ældste først.",
            "open": False,
            "steps": [meeting_step(c.path, am) for am in mts],
        })
    return out


def filter_links(c: Committee, here: str, current: str | None = None,
                 groups: dict[str, list[ArchiveItem]] | None = None) -> str:
    """Markdown: a link per outcome page ("Godkendt (12)"), the current one unlinked."""
    groups = outcome_items(c) if groups is None else groups
    bits = []
    for key, items in groups.items():
        text = f"{outcome_label(key)} ({len(items)})"
        if key == current:
            bits.append(f"**{r.esc(text)}**")
        else:
            bits.append(r.mdtext.link(text, r.href(here, outcome_path(c, key))))
    return '<span class="ra-sep" aria-hidden="true"> · </span>'.join(bits)


def render_outcome_pages(archive: Archive, c: Committee) -> dict[str, str]:
    """``<udvalg>/udfald/<outcome>/index.md`` for each outcome the committee's items have."""
    groups = outcome_items(c)
    kom = archive.kommuner[c.kommune]
    pages = {}
    for key, items in groups.items():
        here = outcome_path(c, key)
        label = outcome_label(key)
        out = [r.front_matter(f"{label} – {c.name} – {kom.name}"), f"# {r.mdtext.heading_text(label)}\n"]
        out.append(r.crumbs(here, [("Forside", ""), (kom.name, kom.path), (c.name, c.path), (label, None)]))
        n = len(items)
        if key == NO_OUTCOME:
            intro = (f"{n} {r.plural(n, 'punkt', 'punkter')} i {r.esc(c.name)}, hvor referatet ikke angiver "
                     "et udfald (fx meddelelser eller punkter uden beslutning), nyeste først.")
        else:
            intro = (f"{n} {r.plural(n, 'punkt', 'punkter')} i {r.esc(c.name)} med udfaldet "
                     f"*{r.esc(label.lower())}*, nyeste først. Lukkede punkter er ikke med.")
        out.append(intro + "\n")
        out.append("Andre udfald: " + filter_links(c, here, key, groups) + "\n{ .ra-filters }\n")
        by_year: dict[int | None, list[ArchiveItem]] = defaultdict(list)
        for ai in items:
            by_year[ai.meeting.date.year if ai.meeting.date else None].append(ai)
        years = sorted(by_year, key=lambda y: (y is None, -(y or 0)))
        if n > r.LIST_LIMIT:  # long lists: one page per year, so no page grows with the archive
            out.append("## År\n")
            for year in years:
                k = len(by_year[year])
                out.append(f"- {r.mdtext.link(str(year) if year else 'Uden dato', r.href(here, outcome_year_path(c, key, year)))}"
                           f" – {k} {r.plural(k, 'punkt', 'punkter')}")
            out.append("")
            pages[r.page_file(here)] = "\n".join(out)
            for year in years:
                pages[r.page_file(outcome_year_path(c, key, year))] = _outcome_year_page(archive, c, key, year, by_year[year])
            continue
        for year in years:
            out.append(f"## {year if year else 'Uden dato'}\n")
            for ai in by_year[year]:
                am = ai.meeting
                out.append(f"- **{r.esc(r.meeting_when(am, weekday=False))}:** "
                           f"{r.mdtext.link(r.item_heading(ai), r.href(here, ai.path))}  \n"
                           f"  {r.decision_line(ai)}")
            out.append("")
        pages[r.page_file(here)] = "\n".join(out)
    return pages


def outcome_year_path(c: Committee, key: str, year: int | None) -> str:
    return f"{outcome_path(c, key)}{year if year else 'uden-dato'}/"


def _outcome_year_page(archive: Archive, c: Committee, key: str, year: int | None, items: list[ArchiveItem]) -> str:
    kom = archive.kommuner[c.kommune]
    here = outcome_year_path(c, key, year)
    label = outcome_label(key)
    ylabel = str(year) if year else "Uden dato"
    out = [r.front_matter(f"{label} {ylabel} – {c.name} – {kom.name}"), f"# {r.mdtext.heading_text(label)}: {r.esc(ylabel)}\n"]
    out.append(r.crumbs(here, [("Forside", ""), (kom.name, kom.path), (c.name, c.path), (label, outcome_path(c, key)),
                               (ylabel, None)]))
    n = len(items)
    out.append(f"{n} {r.plural(n, 'punkt', 'punkter')} i {r.esc(c.name)}, nyeste først.\n")
    for ai in items:
        am = ai.meeting
        out.append(f"- **{r.esc(r.meeting_when(am, weekday=False))}:** "
                   f"{r.mdtext.link(r.item_heading(ai), r.href(here, ai.path))}  \n"
                   f"  {r.decision_line(ai)}")
    out.append("")
    return "\n".join(out)


def committee_summary(c: Committee) -> str:
    """Markdown for the udvalg page's "Udfald" section: filter links and the chart marker."""
    here = c.path
    groups = outcome_items(c)
    if not groups:
        return ""
    out = ["Se punkterne efter udfald: " + filter_links(c, here, None, groups) + "\n{ .ra-filters }\n"]
    out.append(CHART_MARKER + "\n")
    return "\n".join(out)


# --------------------------------------------------------------------------------------------
# glue for render.py

def with_data(page: str, **data: object) -> str:
    """``page`` (Markdown with front matter from ``render.front_matter``) with ``data`` added to
    its front matter as JSON values; None values are left out."""
    import json

    lines = [f"{k}: {json.dumps(v, ensure_ascii=False)}" for k, v in data.items() if v is not None]
    if not lines or not page.startswith("---\n"):
        return page
    end = page.index("\n---\n", 3)
    return page[:end] + "\n" + "\n".join(lines) + page[end:]


def fallback_list(tl: dict) -> str:
    """A minimal Markdown version of a timeline, for themes without the component."""
    out = []
    for i, s in enumerate(tl["steps"], 1):
        bits = [f"**{r.esc(s['date_text'])}**"]
        what = ", ".join(x for x in (s["body"], s["kind_label"]) if x)
        if s["expected"]:
            what = "Forventet: " + what
        bits.append(r.esc(what))
        if s["badges"] and not s["expected"]:
            bits.append(r.esc(", ".join(b["label"] for b in s["badges"])))
        line = " – ".join(bits)
        if s["url"]:  # a folder URL relative to the page; MkDocs wants the .md file in Markdown
            line += f" ({r.mdtext.link(s['link_text'] or 'Gå til punktet', s['url'] + 'index.md')})"
        if s["current"]:
            line += " *(denne side)*"
        out.append(f"{i}. {line}")
    return "\n".join(out)


def item_section(tl: dict | None, anchors: set[str]) -> str:
    """The punkt page's "Sagens forløb" section (heading, status, marked region) or ""."""
    if tl is None:
        return ""
    from ..slugs import unique

    anchor = unique("sagens-forloeb", anchors)
    return f"## Sagens forløb {{ #{anchor} }}\n\n" + wrap(tl["id"], r.esc(tl["status"]) + "\n\n" + fallback_list(tl))
