"""Where the agenda items start, and what number and title each has.

Municipal systems mark items in many ways: "Punkt 8: titel", "Pkt. 42", "Sag nr. 130", "57. titel",
"3.Valg af næstformand (B)", "12Godkendelse af dagsorden", "• 214. Kommuneplan 2025", the number alone
on one line with the title on the next, or the title first with "Sag nr. 88" under it; a reader of a
structured medium (a web page's table row) may give the number outright.

Numbered lines that are *not* items look the same: a table of contents, lists inside a decision
("1. godkendte …"), numbered paragraphs. So every line that could start an item is a *candidate* with a
weight from what surrounds it (a case number or a section heading under it, text before the next
candidate, a heading's markup), and the items are the best chain of candidates whose numbers increase,
preferably by one. One pass with a table of the best chain per number keeps it linear.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from .. import dates
from ..readers.normalize import Block, Line, strip_inline_markup
from .cases import case_labelled, case_of_line, trailing_case
from .decisions import chain_entry, decision_heading
from .toc import toc_line
from .vocab import inline_section, section_kind

# "Punkt 8: titel", "Pkt. 42 titel", "Sag nr. 130", "Dagsordenspunkt 3", "Nr.1 - titel"
_KEYWORD_RE = re.compile(
    r"^(?P<kw>Punkt|Pkt\.?|Sag\s+nr\.?|Sagnr\.?|Dagsordens?punkt|Nr\.)\s*+(?P<n>\d{1,6})(?![\d,]|\.\d)"
    r"\s*+[:.\-–)]?\s*+(?P<title>.*)$",
    re.IGNORECASE,
)
# "57. titel", "3.Valg", "12Godkendelse", "4) titel", "1 Titel"
_NUMBER_RE = re.compile(r"^(?P<n>\d{1,4})(?P<sep>[.)]\s*+|\s++|(?=[A-ZÆØÅ]))(?P<title>\S.*)$")
# the number alone: "57", "57."
_NUMBER_ALONE_RE = re.compile(r"^(?P<n>\d{1,4})\.?$")
_BULLET_RE = re.compile(r"^[•·▪◦●■□➢►\-–*]\s*+")
# what follows a number in text that is a date, an amount or a quantity, not a title
_NOT_TITLE_RE = re.compile(
    r"^(?:" + dates.MONTH_RE + r"|" + dates.EN_MONTH_RE + r"|kl\b|kr\b|mio\b|mia\b|%|pct\b|procent\b|stk\b|timer?\b|"
    r"dage?\b|uger?\b|år\b|måneder?\b|gange?\b|personer\b|halvår\b|kvartal\b|behandling\b|sal\b|etage\b|sal\.)",
    re.IGNORECASE,
)
# "(B)", "(Å)", "(O)", "(L)" and "Lukket: …" / "… (lukket)": closed and open markers on a title
_TITLE_MARK_RE = re.compile(r"\s*\((?P<mark>[BÅOLbåol]|lukket|åben|åbent|lukket punkt)\)\s*$")
_CLOSED_PREFIX_RE = re.compile(r"^\(?\s*+lukket(?:\s++punkt)?\s*+\)?\s*+[:\-–]\s*+(?=\S)", re.IGNORECASE)
_OPEN_PREFIX_RE = re.compile(r"^\(?\s*+åben?t?(?:\s++punkt)?\s*+\)?\s*+[:\-–]\s*+(?=\S)", re.IGNORECASE)
_FIRST_CHARS = frozenset("0123456789PpSsſDdNn•·▪◦●■□➢►-–*")


@dataclass(slots=True)
class Candidate:
    index: int  # block index of the marker line
    number: int
    title: str  # as written after the marker (may be empty)
    form: str  # "reader" | "keyword" | "number" | "alone" | "under"
    weight: float = 0.0


@dataclass(slots=True)
class ItemStart:
    """An agenda item's first block, with what its heading says."""

    start: int  # index of the item's first block (the title, for "title first, marker under")
    body: int  # index of the first block of the item's text
    number: int | None
    title: str | None
    closed: bool
    extra: Block | None  # lines of the heading's block that belong to the text (a case number …)
    line: int  # source line of the heading


def find_items(blocks: list[Block], markdown: bool = False) -> list[ItemStart]:
    """The agenda items of a referat's blocks, in order (empty when it has no numbered items)."""
    cands = [c for c in (_candidate(blocks, i) for i in range(len(blocks))) if c is not None]
    if not cands:
        return []
    structural = _Structural(blocks, {c.index for c in cands})
    _weigh(cands, blocks, structural)
    chain = _best_chain(cands, structural)
    if not chain:
        return []
    return [_item_start(blocks, c, chain[k + 1].index if k + 1 < len(chain) else len(blocks))
            for k, c in enumerate(chain)]


def marker_title(text: str) -> str | None:
    """The title of a line that starts with an item marker ("Punkt 3: Titel", "49. Titel"), else None."""
    t = strip_inline_markup(text).strip()
    if t[:1] in "•·▪◦●■□➢►-–*":
        t = _BULLET_RE.sub("", t, count=1)
    m = _KEYWORD_RE.match(t) if t[:1] in "PpSsſDdNn" else None
    if m is None and t[:1].isdigit():
        m = _NUMBER_RE.match(t)
        if m is not None and not _title_ok(m.group("title")):
            m = None
    if m is None:
        return None
    return clean_title(m.group("title").strip())[0] or None


# --- candidates -------------------------------------------------------------------------------


def _marker_text(ln: Line) -> str:
    t = ln.text.strip()
    if "*" in t or "_" in t or "<" in t:
        t = strip_inline_markup(t)
    if t[:1] in "•·▪◦●■□➢►-–*":
        t = _BULLET_RE.sub("", t, count=1)
    return t


def _title_ok(title: str) -> bool:
    """Does the text after a bare number read as a title (not "12. marts", "1.000 kr", "3 uger")?"""
    c = title[:1]
    if not (c.isalpha() or c in "\"'«»„“(§"):
        return False
    return _NOT_TITLE_RE.match(title) is None


def _candidate(blocks: list[Block], i: int) -> Candidate | None:
    first = blocks[i].lines[0]
    if first.number is not None:
        return Candidate(i, first.number, first.text.strip(), "reader")
    t = first.text.lstrip()
    if t[:1] not in _FIRST_CHARS:
        return None
    t = _marker_text(first)
    if not t or len(t) > 400:
        return None
    m = _KEYWORD_RE.match(t) if t[:1] in "PpSsſDdNn" else None
    if m:
        title = m.group("title").strip()
        if not title and _title_before(blocks, i):
            return Candidate(i, int(m.group("n")), "", "under")
        if title[:1].islower():
            return None  # "Punkt 3 i indstillingen …": running text
        return Candidate(i, int(m.group("n")), title, "keyword")
    if not t[:1].isdigit():
        return None
    m = _NUMBER_ALONE_RE.match(t)
    if m:
        return Candidate(i, int(m.group("n")), "", "alone") if _title_after(blocks, i) else None
    m = _NUMBER_RE.match(t)
    if m and _title_ok(m.group("title")):
        title = m.group("title").strip()
        sep = m.group("sep")
        if title[:1].islower():
            return None  # "1. at udvalget godkender …": a list in the text
        if sep[:1] in (" ", "\t") and (len(title) > 150 or title.endswith(".") and len(title.split()) > 8):
            return None  # "3 Sagsgennemgangen har vist, at …": a number before a sentence
        return Candidate(i, int(m.group("n")), title, "number" if sep.strip() else ("spaced" if sep else "glued"))
    return None


def _title_like(text: str) -> bool:
    """A short line that reads as a title: starts with a capital or digit, no sentence after it."""
    t = text.strip()
    if not t or len(t) > 200 or not (t[:1].isupper() or t[:1].isdigit() or t[:1] in "\"'«„“"):
        return False
    if t.endswith((",", ";")):
        return False
    if t.endswith(".") and len(t.split()) > 12:
        return False
    if inline_section(t) is not None or re.match(r"^[^:]{2,40}:\s*\S{1,12}$", t):
        return False  # "Beslutningskompetence: KB": a field, not a title
    return section_kind(t) is None and case_of_line(t) is None and decision_heading(t) is None


def _title_after(blocks: list[Block], i: int) -> bool:
    b = blocks[i]
    nxt = b.lines[1].text if len(b.lines) > 1 else (blocks[i + 1].lines[0].text if i + 1 < len(blocks) else "")
    return _title_like(strip_inline_markup(nxt))


def _title_before(blocks: list[Block], i: int) -> bool:
    """"Meddelelser" / "Sag nr. 88": a title-like line right above the marker, and no title under it."""
    if len(blocks[i].lines) > 1 and _title_like(strip_inline_markup(blocks[i].lines[1].text)):
        return False
    if i == 0 or len(blocks[i - 1].lines) > 2:
        return False
    prev = strip_inline_markup(blocks[i - 1].lines[-1].text)
    if not _title_like(prev) or prev.endswith("."):
        return False
    if i + 1 < len(blocks) and len(blocks[i].lines) == 1:
        nxt = strip_inline_markup(blocks[i + 1].lines[0].text)
        if _title_like(nxt) and section_kind(nxt) is None and len(blocks[i + 1].lines) == 1 and len(nxt) < 60:
            # a title under the marker as well: read it as "Punkt 3" / "Titel"
            return False
    return True


# --- weights ----------------------------------------------------------------------------------

_BASE = {"reader": 12.0, "keyword": 4.0, "under": 3.5, "number": 2.0, "glued": 2.0, "alone": 2.0, "spaced": 0.5}


# the fields an item's heading carries under it in many systems ("J.nr.: …", "Sagsbehandler: HY", "Åben sag")
_ITEM_FIELD_RE = re.compile(
    r"^(?:j\.\s?nr|journal\s?nr|sagsid|sags?\s?nr|sagsnummer|sagsbehandler|sagsinitialer|initialer|dok\.?\s?nr|"
    r"åben sag|lukket sag|åbent punkt|lukket punkt|åbent|lukket)\b", re.IGNORECASE)


class _Structural:
    """Which blocks mark the inside of an item (a case number, a section heading, a decision heading, an item's
    fields), looked at only where asked: the blocks after a candidate, and those before the first one that is.
    Candidates' own blocks (item markers) never are."""

    def __init__(self, blocks: list[Block], candidates: set[int]):
        self.blocks = blocks
        self.candidates = candidates
        self.memo: dict[int, bool] = {}

    def __getitem__(self, i: int) -> bool:
        v = self.memo.get(i)
        if v is None:
            v = self.memo[i] = i not in self.candidates and _is_structural(self.blocks[i])
        return v

    def first(self) -> int:
        """The index of the first structural block (len(blocks) when there is none)."""
        return next((i for i in range(len(self.blocks)) if self[i]), len(self.blocks))


def _is_structural(b: Block) -> bool:
    t = b.lines[0].text.strip()
    if len(t) > 200:
        return False
    t = strip_inline_markup(t) if ("*" in t or "_" in t or "<" in t) else t
    return bool(
        section_kind(t) or case_of_line(t) or (len(t) < 90 and case_labelled(t))
        or decision_heading(t) or chain_entry(t) or inline_section(t) or (len(t) < 90 and _ITEM_FIELD_RE.match(t))
    )


def _weigh(cands: list[Candidate], blocks: list[Block], structural: "_Structural") -> None:
    for k, c in enumerate(cands):
        w = _BASE[c.form]
        first = blocks[c.index].lines[0]
        if c.form != "reader":
            if first.heading or first.bold:
                w += 2.0
            title = c.title
            if title:
                if c.form != "keyword" and (len(title) > 150 or title.endswith(".") and len(title.split()) > 12):
                    w -= 3.0  # a sentence, not a title
                if len(title) > 200:
                    w -= 2.0
                if title.endswith((",", ";")):
                    w -= 1.5
                if toc_line(first.text) is not None or _LEADER_RE.search(title):
                    w -= 3.0
            nxt = cands[k + 1].index if k + 1 < len(cands) else len(blocks)
            lo = c.index + (2 if c.form in ("alone",) and len(blocks[c.index].lines) == 1 else 1)
            end = min(nxt, c.index + 7)
            if len(blocks[c.index].lines) > 1 and _structure_in_lines(blocks[c.index].lines[1:4]):
                w += 2.0
            elif any(structural[j] for j in range(lo, end)):
                w += 2.0
            elif c.form in ("spaced", "glued"):
                w -= 1.0  # a bare number before a capital needs the inside of an item after it
            if nxt > lo or c.form != "alone" and _text_under(blocks[c.index]):
                w += 1.0
            elif nxt < len(blocks):
                w -= 2.5  # nothing between this and the next candidate: a table of contents
            if len(blocks[c.index].lines) >= 3 and c.form in ("number", "spaced", "glued") and _list_run(blocks[c.index]):
                w -= 2.0
        c.weight = w


def _structure_in_lines(lines: list[Line]) -> bool:
    for ln in lines:
        t = strip_inline_markup(ln.text) if len(ln.text) <= 200 else ""
        if t and (case_of_line(t) or section_kind(t) or (len(t) < 90 and case_labelled(t)) or decision_heading(t)):
            return True
    return False


def _text_under(b: Block) -> bool:
    """Lines under a heading in its own block that are text, not more numbered lines (a list or a contents)."""
    return any(not ln.text.lstrip()[:1].isdigit() for ln in b.lines[1:])


def _list_run(b: Block) -> bool:
    """A block of several numbered lines in a row: a list (or a table of contents), not item headings."""
    n = sum(1 for ln in b.lines[:6] if ln.text.lstrip()[:1].isdigit())
    return n >= 3


# --- the chain --------------------------------------------------------------------------------

_NEAR = 12  # gaps up to this many numbers are looked up one by one
_FAR_PENALTY = 4.0


def _best_chain(cands: list[Candidate], structural: "_Structural") -> list[Candidate]:
    """The chain of candidates, in document order with increasing numbers, of the greatest total weight.

    A chain that starts after section headings (text of an item already under way) pays for it: its
    first candidate is more likely a numbered paragraph than the first item.
    """
    n = len(cands)
    first_structure = structural.first()
    score = [0.0] * n
    back = [-1] * n
    best_at: dict[int, int] = {}  # number → index of the best chain ending with that number so far
    ranks = sorted({c.number for c in cands})  # numbers by rank: the tree's size is the count of numbers
    rank_of = {n: r for r, n in enumerate(ranks)}
    tree = _MaxTree(len(ranks))
    for i, c in enumerate(cands):
        best, arg = (-3.0 if c.index > first_structure and c.form not in ("reader",) else 0.0), -1
        for g in range(0, _NEAR):
            j = best_at.get(c.number - 1 - g)
            if j is not None:
                s = score[j] + (1.0 if g == 0 else -0.3 * g)
                if s > best:
                    best, arg = s, j
        far = bisect_right(ranks, c.number - 1 - _NEAR) - 1  # the rank of the largest number that far below
        if far >= 0:
            s, j = tree.query(far)
            if j >= 0 and s - _FAR_PENALTY > best:
                best, arg = s - _FAR_PENALTY, j
        score[i] = c.weight + best
        back[i] = arg
        j = best_at.get(c.number)
        if j is None or score[i] > score[j]:
            best_at[c.number] = i
            tree.update(rank_of[c.number], score[i], i)
    end = max(range(n), key=lambda i: (score[i], -i))
    chain = []
    while end >= 0:
        chain.append(cands[end])
        end = back[end]
    chain.reverse()
    total = max(score)
    if not chain or total < 3.0:
        return []
    if len(chain) == 1 and chain[0].form not in ("reader", "keyword", "under") and chain[0].weight < 5.0:
        return []  # one numbered line alone is a numbered paragraph, unless it is marked as an item
    return [c for c in chain if c.weight > -1.0 or c.form == "reader"]


class _MaxTree:
    """Prefix maximum over the ranks of item numbers (a Fenwick tree): the best chain ending at or below one."""

    def __init__(self, size: int):
        self.size = size + 1
        self.val = [float("-inf")] * (self.size + 1)
        self.arg = [-1] * (self.size + 1)

    def update(self, pos: int, value: float, arg: int) -> None:
        i = pos + 1
        while i <= self.size:
            if value > self.val[i]:
                self.val[i], self.arg[i] = value, arg
            i += i & -i

    def query(self, pos: int) -> tuple[float, int]:
        i = min(pos + 1, self.size)
        best, arg = float("-inf"), -1
        while i > 0:
            if self.val[i] > best:
                best, arg = self.val[i], self.arg[i]
            i -= i & -i
        return best, arg


# --- an item's heading ------------------------------------------------------------------------


def _item_start(blocks: list[Block], c: Candidate, end: int) -> ItemStart:
    b = blocks[c.index]
    start = body = c.index + 1
    extra: Block | None = None
    title_parts = [c.title] if c.title else []
    line = b.lines[0].no
    rest = b.lines[1:]
    if c.form == "under":
        # the title is the line above the marker
        start = c.index - 1
        title_parts = [strip_inline_markup(blocks[c.index - 1].lines[-1].text)]
        if len(blocks[c.index - 1].lines) > 1:
            # the title shares its block with the end of the previous item's text: that stays there
            start = c.index
        line = blocks[c.index - 1].lines[-1].no
        extra = Block(rest) if rest else None
    elif not title_parts:
        # "Punkt 3" / "57": the title is on the next line, or in the next block
        if rest:
            title_parts.append(strip_inline_markup(rest[0].text))
            rest = rest[1:]
        elif body < end and _title_like(strip_inline_markup(blocks[body].lines[0].text)):
            nb = blocks[body]
            title_parts.append(strip_inline_markup(nb.lines[0].text))
            if len(nb.lines) > 1:
                extra = Block(nb.lines[1:])
            body += 1
        if rest:
            extra = Block(rest)
    else:
        # a title wrapped over lines (PDF layouts) continues until a case number, a heading or a sentence
        for j, ln in enumerate(rest):
            t = strip_inline_markup(ln.text)
            if not _continues_title(" ".join(title_parts), t):
                extra = Block(rest[j:])
                break
            title_parts.append(t)
    title = " ".join(p.strip() for p in title_parts if p.strip()) or None
    if c.form == "under":
        start = min(start, c.index)
    title, closed, case = clean_title(title)
    if case:
        extra = Block([Line(line, case)] + (extra.lines if extra else []))
    return ItemStart(start=start if c.form == "under" else c.index, body=body, number=c.number, title=title,
                     closed=closed, extra=extra, line=line)


_OPEN_END_RE = re.compile(r"(?:[-‐,]|\b(?:og|eller|samt|til|i|på|af|for|med|om|vedr\.|fra|ved|mellem))$", re.IGNORECASE)


def _continues_title(title: str, nxt: str) -> bool:
    if not nxt or len(title) + len(nxt) > 250 or title.endswith((".", ":", "!", "?")):
        return False
    if len(title) < 40 and not (_OPEN_END_RE.search(title) and len(nxt) < 80):
        return False  # a short title did not wrap (unless it stops at "af", "og", a hyphen): the next line is text
    if case_of_line(nxt) or section_kind(nxt) or decision_heading(nxt) or inline_section(nxt):
        return False
    if len(nxt) > 100 or nxt.endswith(".") and len(nxt.split()) > 6:
        return False
    return True


_TRAILING_STOP_RE = re.compile(r"(?<=[^\W\d_]{4})\.$")
# "…budget...i", "…Dallund Slot...ii": a dot leader and a page number (roman or not) at the end of a title
_LEADER_RE = re.compile(r"\.{3,}\s*(?:[ivxlc]{1,6}|\d{1,4})?\s*$", re.IGNORECASE)


def clean_title(title: str | None, stop: bool = True) -> tuple[str | None, bool, str | None]:
    """(title without markers, closed?, a case number written into it) for an item's heading text; ``stop``
    takes off a full stop that only ends the line (not for a title a structured source gives as it is)."""
    if not title:
        return None, False, None
    t = strip_inline_markup(title)
    closed = False
    case = None
    pm = _CLOSED_PREFIX_RE.match(t)
    if pm:
        closed, t = True, t[pm.end():]
    else:
        om = _OPEN_PREFIX_RE.match(t)
        if om:
            t = t[om.end():]
    for _ in range(2):
        mm = _TITLE_MARK_RE.search(t) if t.endswith(")") else None
        if mm and mm.start() > 0:
            mark = mm.group("mark").lower()
            if mark in ("l", "lukket", "lukket punkt"):
                closed = True
            t = t[:mm.start()].rstrip()
        tc = trailing_case(t)
        if tc:
            t, case = tc
    t = _LEADER_RE.sub("", t.strip())
    if stop:
        t = _TRAILING_STOP_RE.sub("", t.strip())
    return t.strip() or None, closed, case


def unnumbered_items(blocks: list[Block]) -> list[ItemStart]:
    """Items without number or title, each opening with its case-number line ("Sagsid.: 20/33839, Sagsinitialer: …"):
    a web page whose item headings were lost in copying. Two or more such lines split the text into items."""
    found = []
    for i, b in enumerate(blocks):
        t = strip_inline_markup(b.lines[0].text)
        if len(t) > 120:
            continue
        m = case_labelled(t)
        if m is not None and m.start() == 0:
            found.append(i)
    if len(found) < 2:
        return []
    return [ItemStart(start=i, body=i, number=None, title=None, closed=False, extra=None, line=blocks[i].no) for i in found]
