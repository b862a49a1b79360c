"""Markdown pieces the page modules share: escaped inline text, breadcrumbs, outcome badges, the
one-line decision, and how long listings are grouped.

Referat text reaches a page only through these and :mod:`.mdtext`.
"""
from __future__ import annotations

import html
from collections import defaultdict
from collections.abc import Iterable

from ..archive.link import ArchiveItem, ArchiveMeeting
from ..model import OUTCOME_LABELS, OUTCOMES
from ..slugs import slugify
from . import mdtext
from .urls import href

# A listing longer than this is split (kommune meetings by year, sager by group, outcome pages by
# year), so no page grows with the archive: page size and MkDocs' work per page stay flat.
LIST_LIMIT = 100


def esc(text: str | None) -> str:
    return mdtext.escape_inline(" ".join((text or "").split()), line_start=False).strip()


def badges(outcomes: Iterable[str]) -> str:
    out = []
    order = {o: i for i, o in enumerate(OUTCOMES)}
    for o in sorted(set(outcomes), key=lambda o: (order.get(o, 99), o)):
        label = OUTCOME_LABELS.get(o, o)
        out.append(f'<span class="ra-badge ra-badge--{slugify(o)}">{html.escape(label)}</span>')
    return " ".join(out)


def crumbs(from_path: str, parts: list[tuple[str, str | None]]) -> str:
    """Breadcrumbs line: [(text, path or None for the current page)]."""
    bits = []
    for text, path in parts:
        bits.append(mdtext.link(text, href(from_path, path)) if path is not None else esc(text))
    return " › ".join(bits) + "\n{ .ra-crumbs }\n"


def decision_line(ai: ArchiveItem, limit: int = 160) -> str:
    d = ai.item.decision
    if ai.item.closed:
        return "Lukket punkt."
    if ai.meeting.is_agenda and d is None:
        return "På dagsordenen; beslutningen kommer med referatet."
    if d is None or not (d.text or "").strip():
        return "Ingen beslutning i referatet."
    b = badges(d.outcomes)
    # paragraphs run into one line; one without an end of its own gets a full stop ("Imod stemte: O.")
    paras = [" ".join(p.split()) for p in d.text.split("\n\n") if p.strip()]
    text = " ".join(p if p[-1:] in ".!?:;" else p + "." for p in paras)
    # "Arbejdsmarkeds- og Uddannelsesudvalget tog … til efterretning": the committee's long name says
    # nothing in a summary line; "Udvalget tog …" keeps the sentence whole, so no badge is followed by
    # a bare verb ("Drøftet drøftede …").
    name = ai.meeting.committee.name
    if not ai.meeting.committee.unknown and fold(text[:len(name)]) == fold(name) and len(text) > len(name) + 3:
        rest = text[len(name):].lstrip(" :,-–")
        text = short_subject(name) + " " + rest if rest[:1].islower() else rest
    # "Godkendt." after the badge "Godkendt" says it twice
    labels = fold(" og ".join(OUTCOME_LABELS.get(o, o) for o in d.outcomes))
    first, _, rest = text.partition(". ")
    if b and fold(first.rstrip(" .")) == labels:
        if not rest:
            return b
        text = rest
    return (b + " " if b else "") + mdtext.one_line(text, limit)


def short_subject(name: str) -> str:
    """A committee's name as a sentence's subject in a summary: "Udvalget", "Byrådet", or the name."""
    f = fold(name)
    if "byråd" in f:
        return "Byrådet"
    if "kommunalbestyrelse" in f:
        return "Kommunalbestyrelsen"
    if f.endswith("udvalget") or f.endswith("udvalg"):
        return "Udvalget"
    return name


def fold(s: str) -> str:
    return " ".join(s.casefold().split())


def later_term_first(term: str) -> str:
    """Sort key putting later terms first."""
    return str(9999 - int(term[:4]))


def group_by_year(meetings: list[ArchiveMeeting]) -> list[tuple[int | None, list[ArchiveMeeting]]]:
    groups: dict[int | None, list[ArchiveMeeting]] = defaultdict(list)
    for am in meetings:
        groups[am.date.year if am.date else None].append(am)
    keys = sorted(groups, key=lambda y: (y is None, -(y or 0)))
    return [(y, sorted(groups[y], key=lambda am: am.sort_key, reverse=True)) for y in keys]
