"""An agenda item's text → its sections in document order, and from them its decision, history and bilag.

A section starts at a heading: a known name ("Sagsfremstilling", "Beslutning", "Økonomiske
konsekvenser"), a decision heading or chain entry (see :mod:`decisions`), a heading the reader's medium
marked (a web page's <h3>), a known name with its text after a colon ("Beslutning: Godkendt."), or a
short line that recurs as a heading through the referat's items ("Sagsgang og sagstype"). Text before
the first heading keeps its place in an untitled section; no block is ever left out.
"""
from __future__ import annotations

import re
from collections import Counter

from ..model import AgendaItem, Attachment, Meeting, Section
from ..readers.normalize import Block, Line, strip_inline_markup
from .attachments import ATTACH_LABEL_RE, attachments, closed_mentions, file_names
from .cases import case_of_line, labelled_case
from .decisions import DecisionHeading, chain_entry, decide, decision_heading, history, route
from .markdown import block_markdown, line_markdown, list_mark, signature
from .references import references
from .vocab import MAX_HEADING_CHARS, heading_key, inline_section, section_kind


def build_item(meeting: Meeting, number: int | None, title: str | None, line: int, blocks: list[Block], closed: bool,
               recurring: frozenset[str] = frozenset(), case_number: str | None = None) -> AgendaItem:
    """One agenda item from the blocks of its text (the heading's own block not included)."""
    item = AgendaItem(number=number, title=title, line=line, closed=closed, case_number=case_number)
    if item.case_number is None:
        blocks = _take_case_number(item, blocks)
    sections: list[tuple[Section, list[Block]]] = []
    headings: dict[int, DecisionHeading] = {}
    in_proposal = False  # inside a party's proposal ("BESLUTNINGSFORSLAG FRA DD"), whose "Beslutning:" is proposed
    for idx, b in enumerate(blocks):
        cur = sections[-1][0] if sections else None
        head = _heading(b, cur, blocks[idx + 1] if idx + 1 < len(blocks) else None, recurring)
        if head and in_proposal:
            heading, kind, dh, rest = head
            if kind == "beslutning" and dh is None:
                head = None  # the proposal's own "Beslutning:": what the party proposes, not what was decided
            elif kind not in ("sagsfremstilling", "other") or _caps(heading):
                in_proposal = False
        if head:
            heading, kind, dh, rest = head
            if _PROPOSAL_RE.match(heading):
                in_proposal = True
            sec = Section(heading=heading, text="", kind=kind, line=b.no)
            sections.append((sec, []))
            if dh is not None:
                headings[id(sec)] = dh
            if rest:
                sections[-1][1].append(Block(rest))
            continue
        if not sections:
            # text before the first heading keeps its place in an untitled section
            sections.append((Section(heading="", text="", kind="other", line=b.no), []))
        sections[-1][1].append(b)
    kinds = set()
    year = meeting.date.year if meeting.date else None
    for sec, sblocks in sections:
        sec.text = _section_text(sec, sblocks)
        item.sections.append(sec)
        kinds.add(sec.kind)
        if sec.kind == "bilag":
            item.attachments.extend(attachments(sblocks))
        else:
            for b in sblocks:
                for ln in b.lines:
                    if ln.text.rstrip()[-4:].lower() in (".pdf", "docx", ".doc", "xlsx", ".xls", "pptx", ".zip"):
                        item.attachments.extend(Attachment(None, name, line=ln.no) for name in file_names(ln.text))
        if sec.kind == "historik":
            item.history.extend(history(sblocks, year))
    # each step below looks only at sections of its kinds (or sorts the history it finds)
    if "beslutning" in kinds or item.history:
        decide(meeting, item, item.sections, headings)
    if "behandling" in kinds:
        route(item, year)
    if item.route:
        by_date = {}
        for step in item.route:
            if step.date:
                by_date.setdefault(step.date, step.body)
        for h in item.history:
            if h.body is None and h.date in by_date:
                h.body = by_date[h.date]
    references(item, year)
    if item.attachments:
        closed_mentions(item)
    return item


def _take_case_number(item: AgendaItem, blocks: list[Block]) -> list[Block]:
    """The case number sits right under the heading (a line or two of noise allowed before it)."""
    for k, b in enumerate(blocks[:3]):
        case = case_of_line(b.lines[0].text)
        if case:
            item.case_number = case
            if len(b.lines) == 1:
                return blocks[:k] + blocks[k + 1:]
            return blocks[:k] + [Block(b.lines[1:])] + blocks[k + 1:]
    for b in blocks[:4]:
        case = labelled_case(b.text)
        if case:
            item.case_number = case
            break
    return blocks


def _section_text(sec: Section, sblocks: list[Block]) -> str:
    parts = []
    for b in sblocks:
        if len(b.lines) == 1:
            t = b.lines[0].text
            # block_markdown of one line that cannot be a table row (no tab, no pipe)
            md = line_markdown(b.lines[0]) if "\t" not in t and "|" not in t else block_markdown(b)
            parts.append(md)
            if "/" in t and signature(t.strip()):
                sec.small_print.append(md)
        else:
            parts.append(block_markdown(b))
    return "\n\n".join(parts)


def _heading(b: Block, current: Section | None, nxt: Block | None,
             recurring: frozenset[str]) -> tuple[str, str, DecisionHeading | None, list[Line]] | None:
    """(heading, kind, who decided, lines after the heading) when ``b`` starts a section, else None."""
    first = b.lines[0]
    raw = first.text
    if len(raw) > 300:
        return None
    text = strip_inline_markup(raw) if ("*" in raw or "_" in raw or "<" in raw) else raw.strip()
    if not text:
        return None
    in_history = current is not None and current.kind == "historik"
    single = len(b.lines) == 1 or first.heading > 0 or first.bold
    dh = decision_heading(text)
    if dh is not None:
        return text.rstrip(":").strip(), dh.kind, dh, b.lines[1:]
    if not in_history:
        ce = chain_entry(text)
        if ce is not None:
            # "Børne- og Skoleudvalget, 11-05-2016, pkt. 52: Anbefales." — the text after the colon is the decision
            head = text.split(":", 1)[0].strip() if ce.text else text.rstrip(":").strip()
            rest = ([Line(first.no, ce.text)] if ce.text else []) + b.lines[1:]
            return head, "beslutning", ce, rest
    kind = section_kind(text) if len(text) <= MAX_HEADING_CHARS else None
    if kind and single:
        if current is not None and current.kind == "bilag" and not first.heading and not _prose_follows(nxt) \
                and (_attachment_follows(nxt) or _recurring_key(text) not in recurring):
            # an attachment titled like a section ("Indstilling") stays an attachment, unless the referat's
            # layout repeats the heading in its items' text and no attachment follows it
            return None
        return text.rstrip(":").strip(), kind, None, b.lines[1:]
    if kind is None:
        il = inline_section(text)
        if il is not None and not (current is not None and current.kind == "bilag"):
            heading, kind, rest_text = il
            return heading, kind, None, [Line(first.no, rest_text, 0, False)] + b.lines[1:]
    if first.heading and first.heading <= 2 and single:
        return text.rstrip(":").strip(), kind or "other", None, b.lines[1:]
    if len(b.lines) == 1 and _caps(text) and case_of_line(text) is None:
        # "BESLUTNINGSFORSLAG FRA DD", "INDSTILLING FRA MAGISTRATSAFDELINGEN FOR TEKNIK OG MILJØ": a part of its own
        return text.rstrip(":").strip(), kind or "other", None, []
    if recurring and not in_history and len(b.lines) == 1 and heading_shape(text) in recurring and not _empty_after(nxt):
        return text.rstrip(":").strip(), "other", None, []
    return None


_PROPOSAL_RE = re.compile(r"^(?:beslutningsforslag|forslag\s+(?:til\s+beslutning\s+)?fra)\b", re.IGNORECASE)


def _caps(text: str) -> bool:
    """A heading in capitals: two to twelve words, every letter a capital, no sentence end."""
    t = text.strip().rstrip(":")
    if not 4 <= len(t) <= 100 or t.endswith((".", ",", ";")) or t.upper() != t:
        return False
    words = t.split()
    return 2 <= len(words) <= 12 and sum(ch.isalpha() for ch in t) >= 6


def _prose_follows(nxt: Block | None) -> bool:
    if nxt is None or ATTACH_LABEL_RE.match(strip_inline_markup(nxt.first).strip()):
        return False
    t = nxt.text.strip()
    # "Administrationen indstiller til Kulturrådet:" leads into a list; an attachment's title never does
    return len(t) > 100 or t.endswith((".", ":")) or bool(list_mark(nxt.first.strip()))


def _attachment_follows(nxt: Block | None) -> bool:
    if nxt is None:
        return True
    t = strip_inline_markup(nxt.first).strip()
    return bool(ATTACH_LABEL_RE.match(t) or file_names(t))


def _empty_after(nxt: Block | None) -> bool:
    """The next block is itself a section heading (so this line heads nothing) or there is none."""
    if nxt is None:
        return True
    t = strip_inline_markup(nxt.lines[0].text)
    return len(nxt.lines) == 1 and (section_kind(t) is not None or decision_heading(t) is not None)


_SHAPE_RE = re.compile(r"^[A-ZÆØÅ][^.!?;:]{1,58}$")


def _recurring_key(text: str) -> str | None:
    """The key a line counts under as a heading the referat repeats: a known section name or a heading's shape."""
    if section_kind(text) is not None:
        return heading_key(text)
    return heading_shape(text)


def heading_shape(text: str) -> str | None:
    """The key of a line that could be a heading nobody listed ("Sagsgang og sagstype"): short, capitalised,
    no sentence end and no colon ("Det indstilles:" leads into a list, "Udvalg: Magistraten" is a field),
    at most six words; else None."""
    t = text.strip()
    if len(t) > 60 or not _SHAPE_RE.match(t) or len(t.split()) > 6 or "\t" in t:
        return None
    if section_kind(t) or case_of_line(t) or list_mark(t) or t[:1].isdigit():
        return None
    return t.rstrip(":").strip().lower()


def recurring_headings(bodies: list[list[Block]]) -> frozenset[str]:
    """Short heading-like lines standing alone in the text of at least two items (and of most items,
    when the referat has many): headings the vocabulary does not know, but the referat's layout repeats."""
    if len(bodies) < 2:
        return frozenset()
    counts: Counter[str] = Counter()
    for blocks in bodies:
        seen = set()
        for b in blocks:
            if len(b.lines) != 1:
                continue
            t = b.lines[0].text
            if len(t) > 80:
                continue
            key = _recurring_key(strip_inline_markup(t))
            if key and key not in seen:
                seen.add(key)
                counts[key] += 1
    need = max(2, len(bodies) // 4)
    return frozenset(k for k, n in counts.items() if n >= need)
