"""Parse: a referat's blocks → a :class:`~referatarkiv.model.Meeting`. Second stage of the pipeline.

Takes what a reader gives (blocks of lines that keep their medium's headings, bold, tables and lists,
plus metadata; or a meeting a structured source already names, with each item's text as blocks) and
recovers the meeting header, the agenda items and, per item, its sections in document order, the
decision of the meeting's own body, earlier steps, the planned route, attachments and references to
other meetings. Every block of the input ends up in some section's text: what cannot be placed goes
to the nearest section, never nowhere. The parser never knows what kind of file the text came from.

Modules, one concern each: :mod:`split` (blocks where a part begins), :mod:`items` (where items start),
:mod:`header`, :mod:`sections` (an item's text), :mod:`decisions` (whose decision, history, route),
:mod:`attachments`, :mod:`references`, :mod:`cases` (case numbers), :mod:`bodies` (body names),
:mod:`vocab` (the words), :mod:`markdown` (blocks → Markdown), :mod:`checks` (warnings on the whole).
"""
from __future__ import annotations

import gc
from contextlib import contextmanager
from datetime import date as Date
from datetime import datetime
from pathlib import Path
from typing import Any, Iterator

from .. import dates
from ..model import AgendaItem, Meeting, ParseWarning
from ..readers import ReadError, Source, read_source, text_source
from ..readers.normalize import Block
from .attachments import attachment_from_line
from .checks import check_items, missing_warnings, truncated
from .cases import case_of_line
from .header import header_extent, parse_header, split_people
from .people import attendance_people
from .items import ItemStart, clean_title, find_items, marker_title, unnumbered_items
from .sections import build_item, recurring_headings
from .split import reflow, split_blocks

__all__ = ["parse_file", "parse_source", "parse_text", "parse_blocks", "municipality_from_path"]


def parse_file(path: Path | str, municipality: str | None = None) -> Meeting:
    """Read and parse one referat. Raises :class:`ReadError` when the file cannot be read at all."""
    path = Path(path)
    src = read_source(path)
    if not src.meta.get("municipality"):
        # known before the items are read: a party letter can depend on the kommune (parse/parties.py)
        src.meta = {**src.meta, "municipality": municipality or municipality_from_path(path)}
    meeting = parse_source(src)
    meeting.municipality = (
        str(meeting.municipality) if meeting.municipality else municipality or municipality_from_path(path)
    )
    return meeting


def parse_source(src: Source) -> Meeting:
    """Parse what a reader gave: blocks of text, or a meeting a structured source names with its items' text.

    Raises :class:`ReadError` for text in which nothing of a referat was found (see :func:`recognisable`)."""
    with _gc_paused():
        if src.skeleton is not None:
            meeting = _parse_structured(src)
        else:
            meeting = _parse_blocks(src.blocks, source_path=src.path, meta=src.meta)
            if not recognisable(meeting, src.meta):
                raise ReadError(src.path, 1, "filen ligner ikke et referat: intet udvalg, ingen dato, ingen nummererede "
                                             "punkter og ingen kendte overskrifter (Beslutning, Indstilling, …); "
                                             "er det et referat, så angiv committee og date i front matter")
    meeting.warnings[:0] = src.warnings
    return meeting


def recognisable(m: Meeting, meta: dict[str, Any]) -> bool:
    """Whether the parser found anything of a referat in the text: a committee or date (in the text
    or the metadata), a numbered item, or a section whose heading it knows. A garbage file (binary
    bytes read as Latin-1, a text that is no referat) has none of these."""
    if any(meta.get(k) for k in ("committee", "date", "kind")) or m.committee or m.date:
        return True
    return any(it.number is not None or any(s.kind != "other" for s in it.sections) or it.decision is not None
               for it in m.items)


def municipality_from_path(path: Path) -> str | None:
    """``content/<kommune>/…`` names the municipality; without a content folder, the parent folder does."""
    parts = path.resolve().parts
    for marker in ("content", "corpus", "corpus-pdf", "corpus-html", "corpus-firstagenda"):
        if marker in parts:
            i = len(parts) - 1 - parts[::-1].index(marker)
            if i + 2 < len(parts):
                return parts[i + 1]
    return path.parent.name or None


def parse_text(
    text: str,
    *,
    source_path: str | None = None,
    meta: dict[str, Any] | None = None,
    line_offset: int = 0,
    markdown: bool | None = None,
) -> Meeting:
    """Parse the text of one referat (already decoded, front matter taken off) into a Meeting."""
    src = text_source(text, path=source_path, markdown=markdown, front_matter=False)
    if line_offset:
        for b in src.blocks:
            for ln in b.lines:
                ln.no += line_offset
    src.meta = {**src.meta, **(meta or {})}
    with _gc_paused():
        meeting = _parse_blocks(src.blocks, source_path=source_path, meta=src.meta)
    meeting.warnings[:0] = src.warnings
    return meeting


def parse_blocks(blocks: list[Block], *, source_path: str | None = None, meta: dict[str, Any] | None = None) -> Meeting:
    """Parse a referat a reader has already turned into blocks."""
    with _gc_paused():
        return _parse_blocks(blocks, source_path=source_path, meta=meta or {})


@contextmanager
def _gc_paused() -> Iterator[None]:
    """The cyclic garbage collector off while parsing, and back as it was after.

    Parsing builds hundreds of thousands of small objects (lines, blocks, sections) and no reference cycles,
    so the collector finds nothing to free; but each allocation counts towards its next pass, and its full
    passes walk every object still alive, the growing parse result included (about a sixth of the parse
    time of a 1 MB referat). Cycles made meanwhile anywhere in the process wait for the next pass after.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _parse_blocks(blocks: list[Block], *, source_path: str | None, meta: dict[str, Any]) -> Meeting:
    m = Meeting()
    blocks = split_blocks(reflow(blocks))
    starts = find_items(blocks) or unnumbered_items(blocks)
    _case_above(blocks, starts)
    head_end = starts[0].start if starts else header_extent(blocks)
    kind = parse_header(m, blocks[:head_end], marker_title)
    # meta may name the meeting's body or date, which decides whose decision is the meeting's own
    _apply_meta(m, meta)
    if starts:
        bodies = []
        for k, s in enumerate(starts):
            end = starts[k + 1].start if k + 1 < len(starts) else len(blocks)
            bodies.append(s.lead + ([s.extra] if s.extra else []) + blocks[s.body:end])
        recurring = recurring_headings(bodies)
        for s, body in zip(starts, bodies):
            m.items.append(build_item(m, s.number, s.title, s.line, body, s.closed, recurring))
    else:
        rest = blocks[head_end:]
        if rest:
            m.items.append(build_item(m, None, None, rest[0].no, rest, False))
    _fields_from_decisions(m)
    _attendance_from_items(m)
    for it in m.items:
        if not it.sections and not it.closed:
            m.warnings.append(ParseWarning(
                it.line, f"punkt {it.number if it.number is not None else ''} har ingen tekst".replace("  ", " ")))
    check_items(m)
    cut = truncated(blocks)
    if cut is not None:
        m.warnings.append(ParseWarning(cut, "teksten slutter midt i en sætning; filen kan være afkortet"))
    if not blocks:
        m.warnings.append(ParseWarning(1, "ingen tekst fundet"))
    missing_warnings(m, blocks[head_end].no if head_end < len(blocks) else (blocks[-1].no if blocks else 1))
    m.kind = _kind(m, kind, meta)
    m.source_path = source_path
    return m


def _case_above(blocks: list[Block], starts: list[ItemStart]) -> None:
    """A case number on the line above an item's heading ("85.02.02-G01-5-17" / "131. Godkendelse af dagsorden")
    is that item's, when the heading has none under it."""
    for k, s in enumerate(starts):
        i = s.start - 1
        if i < 0 or (k and i <= starts[k - 1].body) or len(blocks[i].lines) != 1:
            continue
        if case_of_line(blocks[i].lines[0].text) is None:
            continue
        nxt = blocks[s.body:s.body + 3]
        if s.extra is not None and case_of_line(s.extra.lines[0].text) or any(case_of_line(b.lines[0].text) for b in nxt):
            continue
        s.extra = Block([blocks[i].lines[0]] + (s.extra.lines if s.extra else []))
        s.start = i


def _fields_from_decisions(m: Meeting) -> None:
    """A referat without a header (a single item's page) names its body and date in its decision headings
    ("Beslutning i Økonomiudvalget den 23-03-2015"): take them when every such heading agrees."""
    if m.committee is not None and m.date is not None:
        return
    decisions = [it.decision for it in m.items if it.decision]
    if not decisions or any(d.body is None or d.date is None for d in decisions):
        return  # a decision without a heading of its own names nobody
    bodies = {d.body for d in decisions}
    days = {d.date for d in decisions}
    if m.committee is None and len(bodies) == 1:
        m.committee = bodies.pop()
    if m.date is None and len(days) == 1:
        m.date = days.pop()


def _attendance_from_items(m: Meeting) -> None:
    """Without a list in the header, who took part is in the items' attendance lines: those absent from
    every item whose lines name absentees were absent from the meeting; a list of those present
    ("I mødet deltog: …") names the participants."""
    lines = [it.decision.attendance for it in m.items if it.decision and it.decision.attendance]
    if not lines:
        return
    people = [attendance_people(a) for a in lines]
    decided = sum(1 for it in m.items if it.decision)
    if not m.absent:
        absent_sets = [absent for _, absent in people if absent]
        # one item's absentee among several decided items left or came during the meeting
        if absent_sets and (len(absent_sets) >= 2 or decided <= 1):
            common = set(absent_sets[0]).intersection(*map(set, absent_sets[1:]))
            m.absent = [n for n in dict.fromkeys(absent_sets[0]) if n in common]
    if not m.participants:
        present = next((p for p, _ in people if p), [])
        m.participants = list(dict.fromkeys(present))


def _kind(m: Meeting, header_kind: str | None, meta: dict[str, Any]) -> str:
    """"dagsorden" for an agenda (published before the meeting: no decisions), else "referat"."""
    wanted = str(meta.get("kind") or "").strip().lower()
    if wanted in ("referat", "dagsorden"):
        return wanted
    if any(it.decision for it in m.items):
        return "referat"
    return "dagsorden" if header_kind == "dagsorden" else "referat"


def _apply_meta(m: Meeting, meta: dict[str, Any]) -> None:
    """Front matter and sidecar values fill what the text lacks (and override it when given).

    The readers hand over values of the right type (readers.text.clean_meta reports the others at
    their line); a value of another type from any other caller is reported here and left out,
    never turned into text ("['Teknik', 'Miljø']", "True", "1020")."""
    if not meta:
        return

    def bad(key: str, what: str) -> None:
        m.warnings.append(ParseWarning(1, f"metadata: {key} skal være {what}, ikke {type(meta[key]).__name__}; "
                                          "ignoreres", error=True))

    for key in ("committee", "location", "source_url", "term", "municipality"):
        v = meta.get(key)
        if v is None:
            continue
        if not isinstance(v, str):
            bad(key, "tekst")
        elif key == "term":
            m.term = dates.normalize_term(v) or v.strip()
        elif key == "municipality":
            if v.strip():
                m.municipality = v.strip()
        else:
            setattr(m, key, v.strip())
    d = meta.get("date")
    if isinstance(d, datetime):
        m.date = d.date()
    elif isinstance(d, Date):
        m.date = d
    elif isinstance(d, str):
        parsed = dates.parse_date(d)
        if parsed is None:
            m.warnings.append(ParseWarning(1, f"metadata: date »{d}« er ikke en dato; ignoreres", error=True))
        else:
            m.date = parsed
    elif d is not None:
        bad("date", "en dato")
    t = meta.get("start_time")
    if isinstance(t, str):
        clock = dates.parse_time(t)
        if clock is None:
            m.warnings.append(ParseWarning(1, f"metadata: start_time »{t}« er ikke et klokkeslæt; ignoreres", error=True))
        else:
            m.start_time = clock
    elif t is not None:
        bad("start_time", "et klokkeslæt (TT:MM)")
    for key in ("participants", "absent"):
        v = meta.get(key)
        if isinstance(v, list) and all(isinstance(x, str) for x in v):
            setattr(m, key, list(v))
        elif isinstance(v, str):
            setattr(m, key, [n for n, _ in split_people(v)])
        elif v is not None:
            bad(key, "tekst eller en liste af navne")


def _parse_structured(src: Source) -> Meeting:
    """A meeting a structured source names outright: its fields are taken as given; each item's text is
    read like any other item's (sections, decision, history, references), its attachments kept as listed."""
    m = src.skeleton
    _apply_meta(m, src.meta)
    bodies = [split_blocks(body) for body in src.bodies]
    recurring = recurring_headings(bodies)
    items = []
    for given, body in zip(m.items, bodies):
        title, closed, case = clean_title(given.title, stop=False)
        it = build_item(m, given.number, title, given.line, body, closed or given.closed, recurring,
                        case_number=given.case_number or case)
        listed = []
        for a in given.attachments:
            parsed = attachment_from_line(a.title, a.line)
            parsed.url, parsed.closed = a.url, parsed.closed or a.closed
            listed.append(parsed)
        it.attachments = listed + [a for a in it.attachments if not any(a.title == b.title for b in listed)]
        items.append(it)
    m.items = items
    check_items(m)
    if m.date is None or m.committee is None:
        missing_warnings(m, 1)
    m.kind = _kind(m, m.kind if m.kind == "dagsorden" else None, src.meta)
    m.source_path = src.path
    return m
