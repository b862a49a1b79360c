"""The typed model that flows between the stages: read → normalize → parse → link → render.

Parsing yields a :class:`Meeting` per source file. Linking (``link.py``) gathers meetings into an
:class:`~referatarkiv.archive.link.Archive`; nothing in this module knows about files or pages.

Field names follow the `referatarkiv parse` JSON contract (see ``to_contract``); extra fields carry
what later stages need (line numbers for messages, section kinds, the planned route).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date as Date
from typing import Any

# Normalised decision outcomes (../shared/docs/domain.md), in the order a badge list shows them.
OUTCOMES = (
    "godkendt",
    "taget-til-efterretning",
    "drøftet",
    "udsat",
    "indstillet",
    "afvist",
    "oversendt",
)

# Plain-Danish badge text for each outcome.
OUTCOME_LABELS = {
    "godkendt": "Godkendt",
    "taget-til-efterretning": "Taget til efterretning",
    "drøftet": "Drøftet",
    "udsat": "Udsat",
    "indstillet": "Anbefalet videre",
    "afvist": "Afvist",
    "oversendt": "Oversendt",
}

# Stances a member or party can take that differ from the decision itself (:class:`Position`), in the
# order a punkt page lists them; the labels are the plain-Danish words a page shows.
STANCES = ("imod", "forbehold", "undlod", "for", "flertal", "mindretal", "deltog-ikke")
STANCE_LABELS = {
    "imod": "Imod",
    "forbehold": "Tog forbehold",
    "undlod": "Undlod at stemme",
    "for": "Stemte for",
    "flertal": "Flertal",
    "mindretal": "Mindretal",
    "deltog-ikke": "Deltog ikke",
}

# Section kinds: the role a heading plays, whatever words a municipality uses for it.
SECTION_KINDS = (
    "resume",
    "sagsfremstilling",
    "indstilling",
    "beslutning",
    "oekonomi",
    "paategning",
    "behandling",
    "historik",
    "bilag",
    "other",
)


@dataclass
class ParseWarning:
    """Something the reader or parser noticed; ``line`` is 1-based in the source.

    A warning ("advarsel") is something it could work around. ``error`` ("fejl"): a value or part of
    the file could not be used as written (invalid YAML, a date that is no date); the rest of the
    file is still read, and ``--strict`` fails on it. ``path``: the file the problem is in when that
    is not the referat itself (its sidecar ``.yml``)."""

    line: int
    message: str
    error: bool = False
    path: str | None = None


@dataclass
class Reference:
    """A mention of another meeting's item: "(pkt. 52)", "MAG 9. april 2020, pkt. 97"."""

    text: str
    body: str | None = None  # the body as written or expanded ("Magistraten"), None when implicit
    date: Date | None = None
    item_number: int | None = None


@dataclass
class Member:
    """A person a position names, as written ("Viggo Jonasen"), with the party letter given beside the
    name ("Mehmet Zeki Dogru (Ø)" → "Ø"), else None."""

    name: str
    party: str | None = None


@dataclass
class Position:
    """Who took a stance of their own on a decision, and the sentence that says so.

    "Socialistisk Folkepartis og Enhedslisten de Rød-Grønnes byrådsgrupper og Viggo Jonasen kunne ikke
    tiltræde indstillingens beslutningspunkter 1 og 2." → stance "imod", parties ["F", "Ø"], persons
    [Member("Viggo Jonasen")], scope "indstillingens beslutningspunkter 1 og 2"."""

    stance: str  # one of STANCES
    sentence: str  # the sentence (or vote line) it came from, as written
    parties: list[str] = field(default_factory=list)  # party letters, normalised ("A", "Ø"; local lists as written)
    persons: list[Member] = field(default_factory=list)
    scope: str | None = None  # the part of the decision it concerns, as written ("beslutningspunkt 5", "Ad 1")
    group: str | None = None  # "flertal" | "mindretal" when the sentence says so
    reason: str | None = None  # for "deltog-ikke": "inhabil" | "fraværende" when the text says which
    wording: str | None = None  # the stance's words in the text, lower case ("kunne ikke tiltræde", "stemte imod")


@dataclass
class HistoryEntry:
    """An earlier step of the item: a Historik entry or another body's decision in this referat."""

    date: Date | None
    kind: str  # "beslutning" | "indstilling"
    body: str | None
    item_number: int | None
    text: str
    outcomes: list[str] = field(default_factory=list)
    positions: list[Position] = field(default_factory=list)
    # True: the text reports a final adoption (or rejection) by that body; False: it sends the item on
    # ("Fremsendes til …", "anbefaler, at byrådet …"); None: the text does not say.
    final: bool | None = None


@dataclass
class RouteStep:
    """One planned step from the "Behandling" section: which body treats the item, and when."""

    body: str
    date: Date | None


@dataclass
class Attachment:
    label: str | None  # "Bilag 2.1", "BILAG 1.03A", "Bilag A"; None when the list has no labels
    title: str
    closed: bool = False
    line: int = 0
    url: str | None = None  # where the publishing system serves the file (a web page's link), when known


@dataclass
class Decision:
    """The decision of the meeting's own body on one item."""

    text: str
    outcomes: list[str] = field(default_factory=list)
    body: str | None = None
    date: Date | None = None
    # Who was absent from (or present at) this item's treatment, as the decision's lines say
    # ("Fraværende: Lise Berg (V)", "Afbud: Jens Holm"): kept beside the decision, not in its text.
    attendance: list[str] = field(default_factory=list)
    # Who took a stance of their own (found in the text and in the attendance lines).
    positions: list[Position] = field(default_factory=list)
    # True: a final adoption (or rejection) by this body ("Byrådet godkendte", "Tilbagesendes … har
    # vedtaget …"); False: the item goes on to another body ("Fremsendes til …", "anbefaler, at
    # byrådet …"); None: the text does not say (drøftet, taget til efterretning, no outcome).
    final: bool | None = None
    # The decision adopts the recommendation as it stands ("har vedtaget Magistratens indstilling",
    # "Indstillingen blev godkendt", "Tiltrådt."): the item's indstilling is what was decided.
    adopts_recommendation: bool = False
    # The body or office the item is sent on to ("Fremsendes til Teknisk Udvalg …"), as written.
    forwarded_to: str | None = None
    # A vote's tally ("Med stemmerne 17 for og 8 imod …"): {"for": 17, "imod": 8}; empty when not given.
    votes: dict[str, int] = field(default_factory=dict)


@dataclass
class Section:
    heading: str  # as written, markup removed
    text: str  # Markdown
    kind: str = "other"  # one of SECTION_KINDS
    line: int = 0
    # Paragraphs of ``text`` that are initials or signature lines ("/kam"): shown as small print.
    small_print: list[str] = field(default_factory=list)


@dataclass
class AgendaItem:
    number: int | None
    title: str | None
    case_number: str | None = None
    sections: list[Section] = field(default_factory=list)
    decision: Decision | None = None
    attachments: list[Attachment] = field(default_factory=list)
    history: list[HistoryEntry] = field(default_factory=list)
    references: list[Reference] = field(default_factory=list)
    route: list[RouteStep] = field(default_factory=list)
    closed: bool = False  # "Lukket: …" items are published by title only
    line: int = 0


@dataclass
class Meeting:
    committee: str | None = None
    term: str | None = None
    date: Date | None = None
    start_time: str | None = None  # "HH:MM"
    location: str | None = None
    participants: list[str] = field(default_factory=list)
    absent: list[str] = field(default_factory=list)
    items: list[AgendaItem] = field(default_factory=list)
    warnings: list[ParseWarning] = field(default_factory=list)
    # Filled from the file's place and front matter rather than from the text itself.
    municipality: str | None = None
    source_path: str | None = None
    source_url: str | None = None
    toc: list[str] = field(default_factory=list)
    # Header text that is none of the known fields: kept and shown on the meeting page, never dropped.
    notes: list[str] = field(default_factory=list)
    # "referat" (minutes, with decisions) or "dagsorden" (the agenda, published before the meeting).
    kind: str = "referat"


# A bullet the parser writes in front of a list line ("- " in its Markdown, parse/markdown.py).
_BULLET_RE = re.compile(r"(?m)^[ \t]*[-*][ \t]+")


def plain_decision(text: str | None) -> str | None:
    """A decision as the contract gives it: its words without the Markdown bullets the parser put
    in front of list lines, so a decision that is a list starts with what was decided, as the
    referat says it. Numbers of numbered lists stay: they are the referat's own ("1. at …")."""
    return None if text is None else _BULLET_RE.sub("", text)


def _iso(d: Date | None) -> str | None:
    return d.isoformat() if d else None


def position_contract(p: Position) -> dict[str, Any]:
    return {
        "stance": p.stance,
        "parties": list(p.parties),
        "persons": [{"name": m.name, "party": m.party} for m in p.persons],
        "scope": p.scope,
        "group": p.group,
        "reason": p.reason,
        "sentence": p.sentence,
    }


def to_contract(meeting: Meeting) -> dict[str, Any]:
    """The `referatarkiv parse` JSON contract (extra keys allowed by the contract are added last)."""
    return {
        "committee": meeting.committee,
        "term": meeting.term,
        "date": _iso(meeting.date),
        "start_time": meeting.start_time,
        "location": meeting.location,
        "participants": list(meeting.participants),
        "absent": list(meeting.absent),
        "items": [
            {
                "number": it.number,
                "title": it.title,
                "case_number": it.case_number,
                "sections": [{"heading": s.heading, "text": s.text, "kind": s.kind} for s in it.sections],
                "decision": (
                    {
                        "text": plain_decision(it.decision.text),
                        "outcomes": list(it.decision.outcomes),
                        "body": it.decision.body,
                        "date": _iso(it.decision.date),
                        "attendance": list(it.decision.attendance),
                        "positions": [position_contract(p) for p in it.decision.positions],
                        "final": it.decision.final,
                        "adopts_recommendation": it.decision.adopts_recommendation,
                        "forwarded_to": it.decision.forwarded_to,
                        "votes": dict(it.decision.votes),
                    }
                    if it.decision
                    else None
                ),
                "attachments": [
                    {"label": a.label, "title": a.title, "closed": a.closed, **({"url": a.url} if a.url else {})}
                    for a in it.attachments
                ],
                "history": [
                    {
                        "date": _iso(h.date),
                        "kind": h.kind,
                        "body": h.body,
                        "item_number": h.item_number,
                        "text": h.text,
                        "outcomes": list(h.outcomes),
                        "positions": [position_contract(p) for p in h.positions],
                        "final": h.final,
                    }
                    for h in it.history
                ],
                "references": [
                    {"text": r.text, "body": r.body, "date": _iso(r.date), "item_number": r.item_number}
                    for r in it.references
                ],
                "route": [{"body": r.body, "date": _iso(r.date)} for r in it.route],
                "closed": it.closed,
            }
            for it in meeting.items
        ],
        "warnings": [{"line": w.line, "message": w.message,
                      **({"error": True} if w.error else {}), **({"path": w.path} if w.path else {})}
                     for w in meeting.warnings],
        "kind": meeting.kind,
        "notes": list(meeting.notes),
        "municipality": meeting.municipality,
        "source_url": meeting.source_url,
    }
