"""Blocks as the parser needs them: every heading, item marker and decision heading at a block's start.

Text copied from web pages and some exports has no blank lines around headings ("…godkendes." /
"Beslutning" / "Godkendt."), and PDF text whose line breaks were lost is one long line per page with
items, labels and headings inside it. This splits such blocks where a new part begins, so the stages
after it can look at first lines only. No line is dropped except web-page navigation ("Til toppen").
"""
from __future__ import annotations

import re

from ..readers.normalize import Block, Line, strip_inline_markup
from .cases import case_labelled, case_of_line
from .decisions import chain_entry, decision_heading
from .header import is_boilerplate
from .people import ATTENDANCE_RE
from .vocab import SECTION_NAMES, inline_section, section_kind

# an item marker with a keyword: always the start of a block
_KEYWORD_MARK_RE = re.compile(r"^[•·▪◦\-–*]?\s*(?:Punkt|Pkt\.?|Sag\s+nr\.?|Dagsordens?punkt)\s*\d{1,6}\b", re.IGNORECASE)
_BARE_KEYWORD_MARK_RE = re.compile(r"^(?:Punkt|Pkt\.?|Sag\s+nr\.?|Dagsordens?punkt)\s*\d{1,6}\s*[.:]?$", re.IGNORECASE)
# "58. Vejplan 2022": the start of a block when the inside of an item follows
_NUMBER_MARK_RE = re.compile(r"^[•·▪◦\-–*]?\s*\d{1,4}(?:[.)]\s*|\s+|(?=[A-ZÆØÅ]))[A-ZÆØÅ\"«„“]")


def split_blocks(blocks: list[Block]) -> list[Block]:
    """Split blocks before lines that begin a new part, and after a heading that stands on its own line;
    drop navigation lines of web pages."""
    out: list[Block] = []
    for bi, b in enumerate(blocks):
        following = blocks[bi + 1].lines[0].text if bi + 1 < len(blocks) else None
        lines = _unglue([ln for ln in b.lines if not (len(ln.text) < 60 and is_boilerplate(ln.text))])
        if not lines:
            continue
        if len(lines) == 1:
            out.append(b if lines == b.lines else Block(lines))
            continue
        cur = [lines[0]]
        after = _heading_alone(lines[0].text)  # the next line starts a block of its own
        for k in range(1, len(lines)):
            ln = lines[k]
            nxt = lines[k + 1].text if k + 1 < len(lines) else following
            kind = _boundary(ln.text, nxt, cur[-1].text)
            if kind or after:
                if kind == "bare" and len(cur) >= 2 and _title_like(cur[-1].text):
                    # "Meddelelser" / "Sag nr. 88": the title above the marker goes with it
                    title = cur.pop()
                    out.append(Block(cur))
                    out.append(Block([title]))
                else:
                    out.append(Block(cur))
                cur = [ln]
                after = kind == "head" and _heading_alone(ln.text)
            else:
                cur.append(ln)
        out.append(Block(cur))
    return out


# "Indholdsfortegnelse1. Fraværende": a web page's collapsed table of contents glued to the first item
_GLUED_RE = re.compile(r"^(?P<word>Indholdsfortegnelse|Indhold|Dagsorden|Punkter|Dagsordenspunkter)(?=\d{1,4}\.\s)")


# "…20. oktober 2014.Beslutning", "UdskrivSagsid.: 13/11537": a heading or label glued to the text before it
_GLUED_WORD_RE = re.compile(
    r"(?<=[a-zæøå.:)])(?=(?:Sagsid|Sagsnr|Sagsnummer|Beslutning|Sagsfremstilling|Indstilling|Resume|Bilag)\b)")


def _unglue(lines: list[Line]) -> list[Line]:
    out = []
    for ln in lines:
        m = _GLUED_RE.match(ln.text) if ln.text[:1] in "IDP" else None
        if m:
            out.append(Line(ln.no, m.group("word"), ln.heading, ln.bold))
            out.append(Line(ln.no, ln.text[m.end():], ln.heading, ln.bold))
            continue
        if len(ln.text) < 2000 and ("Sag" in ln.text or "Besl" in ln.text or "Indst" in ln.text or "Bilag" in ln.text
                                    or "Resume" in ln.text):
            cuts = [m.start() for m in _GLUED_WORD_RE.finditer(ln.text)]
            if cuts:
                prev = 0
                for c in cuts + [len(ln.text)]:
                    piece = ln.text[prev:c].strip()
                    if piece and not is_boilerplate(piece):
                        out.append(Line(ln.no, piece, ln.heading, ln.bold))
                    prev = c
                continue
        out.append(ln)
    return out


def _heading_alone(raw: str) -> bool:
    """A section or decision heading on a line of its own: the text under it is a block of its own."""
    if len(raw) > 160:
        return False
    t = strip_inline_markup(raw) if ("*" in raw or "_" in raw or "<" in raw) else raw.strip()
    if not t or not t[:1].isupper():
        return False
    if section_kind(t) is not None and len(t.split()) <= 6:
        return True
    if decision_heading(t) is not None:
        return True
    if ATTENDANCE_RE.match(t):
        return True
    ce = chain_entry(t)
    return ce is not None and not ce.text


def _title_like(text: str) -> bool:
    t = strip_inline_markup(text)
    return 0 < len(t) < 150 and t[:1].isupper() and not t.endswith((".", ",", ";", ":"))


def _boundary(raw: str, nxt: str | None, prev: str) -> str | None:
    """Does a line start a new block: "item" (an item marker), "head" (a heading, a decision heading, an
    attendance line), "bare" (a marker with its title above it), or None."""
    if len(raw) > 250:
        return None
    t = strip_inline_markup(raw) if ("*" in raw or "_" in raw or "<" in raw) else raw.strip()
    if not t or "\t" in t:
        return None
    c = t[:1]
    if c.isdigit() or c in "•·▪◦-–*":
        if _NUMBER_MARK_RE.match(t) and nxt is not None and _inside_item(nxt):
            return "item"
        if c.isdigit():
            ce = chain_entry(t)
            return "head" if ce is not None else None
    if c in "PpSsDd•·▪◦-–*" and _KEYWORD_MARK_RE.match(t):
        return "bare" if _BARE_KEYWORD_MARK_RE.match(t) else "item"
    if len(t) <= 120:
        if section_kind(t) is not None and (len(t.split()) <= 6 or t.rstrip(":") == t.rstrip(":").upper()):
            return "head"
        if decision_heading(t) is not None:
            return "head"
        if inline_section(t) is not None and not prev.rstrip().endswith((",", " og", " samt")):
            return "head"
    if c.isupper() and chain_entry(t) is not None:
        return "head"
    if c.isupper() and ATTENDANCE_RE.match(t):
        return "head"  # "Fraværende: Lise Berg (V)" before the decision's own words
    if c in "SsJj" and len(t) < 120:
        cm = case_labelled(t)
        if cm is not None and cm.start() == 0:
            return "head"  # "Sagsid.: 20/33839, Sagsinitialer: AGVA" opens an item's text
    return None


def _inside_item(text: str) -> bool:
    t = strip_inline_markup(text) if len(text) < 200 else ""
    return bool(t) and (case_of_line(t) is not None or section_kind(t) is not None or decision_heading(t) is not None
                        or inline_section(t) is not None)


# --- text whose line breaks were lost ----------------------------------------------------------

_LONG = 300
_SECTION_WORDS = sorted({k for k in SECTION_NAMES if len(k) >= 5}, key=len, reverse=True)
# places in a long line where a new part starts: labels with a colon, section names with a colon, item markers
_BREAK_RE = re.compile(
    r"(?<=\S)\s+(?="
    r"(?:J\.\s?nr\.?|Journalnr\.?|Sagsid\.?|Sags?nr\.?|Sagsbehandler|Initialer|Dok\.\s?nr\.?|Mødedato|Mødested|Mødelokale|"
    r"Starttidspunkt(?: for møde)?|Sluttidspunkt(?: for møde)?|Afbud(?: fra)?|Fraværende|Bemærkninger|Mødedeltagere|"
    r"Medlemmer|Deltagere|Udsendelsesdato|Lokale|Tidspunkt|Dato)\s*:"
    r"|(?:" + "|".join(re.escape(w.capitalize()) for w in _SECTION_WORDS) + r")\s*:"
    r"|(?:Beslutning|Indstilling)\s+(?:i|fra)\s+[A-ZÆØÅ][^.:]{2,80}?\s+den\s+[^:]{4,30}:"
    r"|(?:Åben|Lukket)\s+sag\b"
    r"|(?:Punkt|Pkt\.|Sag\s+nr\.)\s*\d{1,4}\b"
    r"|(?:INDHOLDSFORTEGNELSE|Indholdsfortegnelse)\b"
    r"|(?<![§\d])(?<!nr\.\s)(?<!stk\.\s)(?<!pkt\.\s)(?<!kl\.\s)\d{1,4}\.\s+[A-ZÆØÅ][a-zæøå]"
    r"|[a-h]\)\s+[A-ZÆØÅ][a-zæøå]"
    r")"
)


def reflow(blocks: list[Block]) -> list[Block]:
    """Split very long lines at the places a part begins, when most of the text is in such lines
    (PDF text whose line breaks were lost). Other text is left as it is."""
    total = long = lines = long_lines = 0
    for b in blocks:
        for ln in b.lines:
            n = len(ln.text)
            if n < 60 and is_boilerplate(ln.text) or ln.text.startswith('Download "'):
                continue
            total += n
            lines += 1
            if n > _LONG:
                long += n
                long_lines += 1
    # most of the text in long lines, and most lines long: pages as lines (a web page's paragraphs are long
    # lines too, but its headings are short ones)
    if not total or long * 2 < total or long_lines * 2 < lines:
        return blocks
    blocks = _strip_page_numbers(blocks)
    out: list[Block] = []
    for b in blocks:
        cur: list[Line] = []
        for ln in b.lines:
            if len(ln.text) <= 80:
                cur.append(ln)
                continue
            pieces = _pieces(ln.text)
            if len(pieces) == 1:
                cur.append(ln)
                continue
            if cur:
                out.append(Block(cur))
                cur = []
            for p in pieces:
                out.append(Block([Line(ln.no, p, ln.heading, ln.bold)]))
        if cur:
            out.append(Block(cur))
    return out


def _pieces(text: str) -> list[str]:
    out, last = [], 0
    for m in _BREAK_RE.finditer(text):
        if m.start() > last:
            out.append(text[last:m.start()].strip())
        last = m.end()
    out.append(text[last:].strip())
    return [p for p in out if p]


_PAGE_START_RE = re.compile(r"^(?P<n>\d{1,4})\s+(?=\S)")
_PAGE_LABEL_RE = re.compile(r"\s+Side\s+(?:\d{1,4}|[ivxlc]{1,6})(?:\s+af\s+\d{1,4})?\s*$", re.IGNORECASE)


def _strip_page_numbers(blocks: list[Block]) -> list[Block]:
    """A transcript's pages start with their number ("1 REFERAT …", "2 Indholdsfortegnelse …", "3 …") and may end
    with a page label ("… Side 198"): layout, not text. Taken off when three or more long lines in a row start
    with the numbers 1, 2, 3 … (or n, n+1, …)."""
    firsts = [(i, _PAGE_START_RE.match(b.lines[0].text)) for i, b in enumerate(blocks)]
    numbered = [(i, int(m.group("n"))) for i, m in firsts if m and len(blocks[i].lines[0].text) > 40]
    run = [numbered[k] for k in range(1, len(numbered)) if numbered[k][1] == numbered[k - 1][1] + 1]
    if len(run) < 2:
        return blocks
    page_lines = {i for i, _ in numbered}
    out = []
    for i, b in enumerate(blocks):
        if i in page_lines:
            first = b.lines[0]
            text = _PAGE_START_RE.sub("", first.text, count=1)
            text = _PAGE_LABEL_RE.sub("", text)
            b = Block([Line(first.no, text, first.heading, first.bold)] + b.lines[1:])
        out.append(b)
    return out
