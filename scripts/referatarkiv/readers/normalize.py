"""Normalize text exported from PDFs and PDF-to-Markdown converters into numbered blocks.

What it undoes: Unicode forms (NFC), non-breaking and soft hyphens, CRLF and form feeds,
converter markup on headings (``#``, ``**``, ``<b>``) and ``---`` rules, paragraphs split by a
page break ("… beskriver status for" / blank / "kvaliteten, dvs. …") and labels broken over
lines ("indstiller til Arbejdsmarkeds- og" / "Beskæftigelsesudvalget,").

What it keeps: every word, in order. Bold and italics in body text stay as Markdown; HTML tags other
than simple formatting stay as literal text for the renderer to escape.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

_CHAR_MAP = {
    "\u00a0": " ",  # no-break space
    "\u202f": " ",  # narrow no-break space
    "\u2007": " ",
    "\u2009": " ",
    "\u00ad": "",  # soft hyphen
    "\u200b": "",  # zero-width space
    "\u200c": "",
    "\u200d": "",
    "\u2060": "",
    "\ufeff": "",
    "\u2028": "\n",
    "\u2029": "\n\n",
    "\u0085": "\n",
    "\u2011": "-",  # non-breaking hyphen
    "\ufb01": "fi",
    "\ufb02": "fl",
    "\ufb00": "ff",
}
_CHAR_ITEMS = tuple(_CHAR_MAP.items())
# C0/C1 control characters other than tab and newline carry no text.
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x84\x86-\x9f]")

_MD_HEADING_RE = re.compile(r"^(#{1,6})[ \t]+(.*?)[ \t]*#*[ \t]*$")
# Its start, for the linear-time equivalent in to_lines: the lazy title before ``[ \t]*#*[ \t]*$``
# rescans the trailing run of spaces for every end of the title (cubic on a long run of spaces).
_MD_HEADING_START_RE = re.compile(r"^(#{1,6})[ \t]+")
_BOLD_LINE_RE = re.compile(r"^\*\*(.+?)\*\*:?$|^__(.+?)__:?$")
_EMPH_LINE_RE = re.compile(r"^\*([^*].*?)\*$")
# "---" rather than "-{3,}": the same lines, without backtracking -{3,} against the [-…]* after it
# (quadratic in a long run of dashes).
_SEPARATOR_RE = re.compile(r"^[ \t|:+]*---[- \t|:+]*$|^[ \t]*[=_*]{3,}[ \t]*$")
_FORMAT_TAG_RE = re.compile(r"</?(b|strong|i|em|u)>", re.IGNORECASE)
_SINGLE_EMPH_RE = re.compile(r"(?<![\w*])\*(?=\S)([^*\n]+?)(?<=\S)\*(?![\w*])")
_BR_RE = re.compile(r"<br\s*/?>", re.IGNORECASE)
_LIST_RE = re.compile(r"^(?:[-*•▪◦·–]|\d{1,3}[.)]|[a-zæøå][.)]|[ivx]{1,4}[.)])\s+\S", re.IGNORECASE)
# [^\S\n]* rather than \s* at the line start, and (?:\*+\s*)? rather than \**\s* after \s+: the same texts
# match, without rescanning runs of blank lines or spaces from every line start (quadratic).


def _list_start(s: str) -> bool:
    """``_LIST_RE.match(s)``: a mark is a bullet, or ends in "." or ")" within its first five characters."""
    return (s[:1] in "-*•▪◦·–" or "." in s[1:5] or ")" in s[1:5]) and _LIST_RE.match(s) is not None


_MD_MARKERS_RE = re.compile(r"^[^\S\n]*(#{1,6}\s+(?:\*+\s*)?(Punkt|REFERAT|DAGSORDEN|Indholdsfortegnelse)|#{1,6}\s+\*\*)", re.IGNORECASE | re.MULTILINE)

_TERMINAL = tuple(".!?:;)\"'”’»")
_JOIN_WORD_END_RE = re.compile(
    r"(?:[-‐]|\b(?:og|eller|samt|til|i|på|af|for|med|om|at|den|det|de|en|et|som|der|fra|ved|under|efter|mellem|hos|mod|vedr\.)|,)$",
    re.IGNORECASE,
)


def _ends_with_join_word(s: str) -> bool:
    """``_JOIN_WORD_END_RE.search(s)`` for a line ``s``, looking at its last 8 characters only.

    A match ends at the end and is at most 6 characters long, so the slice holds it and the character
    before it that its word boundary looks at; searching the whole line tried the pattern at every character.
    """
    if "\n" in s:
        return _JOIN_WORD_END_RE.search(s) is not None
    # every form ends in a letter (in any case), "-", "‐", "," or "."
    if not (s[-1:].isalpha() or s[-1:] in ("-", "‐", ",", ".")):
        return False
    t = s[-7:]
    if len(t) == 7 and t.isalnum():
        return False  # a last word of 7 or more letters: none of the words (at most 6) starts a word there
    return _JOIN_WORD_END_RE.search(s[-8:]) is not None


@dataclass(slots=True)
class Line:
    no: int  # 1-based line number in the source file
    text: str  # markup removed from headings; body markup kept
    heading: int = 0  # Markdown heading level the converter gave the line, 0 if none
    bold: bool = False  # the whole line was bold (a heading in converter output)
    # An agenda-item number a structured medium gave this heading outright (a web page's table row of
    # number and title): the parser takes it as an item start with this number and the line as its title.
    number: int | None = None


@dataclass(slots=True)
class Block:
    """Consecutive non-blank lines: a paragraph, a list, a table, or a heading line."""

    lines: list[Line] = field(default_factory=list)

    @property
    def no(self) -> int:
        return self.lines[0].no

    @property
    def text(self) -> str:
        lines = self.lines
        return lines[0].text if len(lines) == 1 else "\n".join([l.text for l in lines])

    @property
    def first(self) -> str:
        return self.lines[0].text


# A combining mark that starts a line, before a space, has no letter to sit on: it is a bullet glyph
# whose font the PDF export mapped to a combining character ("  ̵ Standerhejsning …", U+0335).
_LONE_MARK_RE = re.compile(r"(?m)^([ \t]*)[\u0300-\u036f\u20d0-\u20ff]+(?=[ \t])")


def normalize_chars(text: str) -> str:
    """Character-level clean-up: NFC, spaces, hyphens, line ends, control characters, bullets that
    came out as a lone combining mark."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    # A form feed is a page break: it separates paragraphs like a blank line.
    text = text.replace("\f", "\n\n")
    # str.replace per present character: many times faster than str.translate with a dict table
    for ch, rep in _CHAR_ITEMS:
        if ch in text:
            text = text.replace(ch, rep)
    text = _CONTROL_RE.sub("", text)
    if not text.isascii():
        text = _LONE_MARK_RE.sub(r"\1•", text)
    return unicodedata.normalize("NFC", text)


def is_markdown_export(text: str) -> bool:
    """True when the text came from a PDF-to-Markdown converter (``# **REFERAT …**``, ``# Punkt 8: …``)."""
    return _MD_MARKERS_RE.search(text[:200000]) is not None


def strip_inline_markup(s: str) -> str:
    """Remove emphasis markup from a heading or label: ``**Mødedato**`` → ``Mødedato``."""
    if "<" in s:
        s = _FORMAT_TAG_RE.sub("", s)
    elif "*" not in s and "_" not in s:
        return s.strip()  # no markup (most lines): nothing to remove
    s = s.replace("**", "").replace("__", "")
    if "*" in s:
        s = _SINGLE_EMPH_RE.sub(r"\1", s)
    return s.strip()


def _tags_to_markdown(s: str) -> str:
    s = _BR_RE.sub(" ", s)

    def repl(m: re.Match[str]) -> str:
        tag = m.group(1).lower()
        return "**" if tag in ("b", "strong") else ("*" if tag in ("i", "em") else "")

    return _FORMAT_TAG_RE.sub(repl, s)


def to_lines(text: str, markdown: bool | None = None) -> list[Line]:
    """Split normalized text into numbered lines, taking converter markup off headings.

    Markdown heading syntax is treated as markup only in converter output (``markdown=True`` or
    detected); in plain text a ``#`` is the author's character and is kept.
    """
    if markdown is None:
        markdown = is_markdown_export(text)
    out: list[Line] = []
    if not markdown:
        # plain text: no heading syntax, rules or hard breaks to read; only simple tags become Markdown
        for no, raw in enumerate(text.split("\n"), start=1):
            s = raw.rstrip()
            if not s:
                out.append(Line(no, ""))
                continue
            body = s.lstrip(" ")
            out.append(Line(no, _tags_to_markdown(body) if "<" in body else body))
        return out
    for no, raw in enumerate(text.split("\n"), start=1):
        s = raw.rstrip()
        r = _md_line(raw, s) if s else None
        out.append(Line(no, *r) if r else Line(no, ""))
    return out


def _md_line(raw: str, s: str) -> tuple[str, int, bool] | None:
    """A non-blank line ``raw`` of converter output (``s`` is ``raw.rstrip()``) as (text, heading level,
    bold), with the markup taken off headings and bold lines; None for a rule (markup, no words)."""
    # both forms of a rule start, after spaces, tabs, "|", ":" or "+", with "---" or three of "=", "_", "*"
    h = s.lstrip(" \t|:+")[:3]
    if (h == "---" or len(h) == 3 and not h.strip("=_*")) and _SEPARATOR_RE.match(s):
        return None  # converter table rules and horizontal rules
    heading = 0
    bold = False
    body = s.strip()
    if body[:1] == "#":
        # _MD_HEADING_START_RE (^(#{1,6})[ \t]+): one to six "#", then a space or tab
        rest = body.lstrip("#")
        n = len(body) - len(rest)
        if n <= 6 and rest[:1] in (" ", "\t"):
            heading = n
            # what _MD_HEADING_RE's title group gives (the longest "  ## " tail removed)
            body = rest.lstrip(" \t").rstrip(" \t").rstrip("#").rstrip(" \t")
    if "<" in body:
        body = _tags_to_markdown(body)
    if "\t" not in body:
        bs = body.strip()
        # a bold line starts with "**" or "__" and ends with the same (and perhaps ":"); an emphasised one
        # starts and ends with "*"
        b = (_BOLD_LINE_RE.match(bs) if bs[:2] in ("**", "__") and bs.endswith(("**", "__", "**:", "__:"))
             else None)
        if b:
            bold = True
            body = strip_inline_markup(body)
        elif heading:
            body = strip_inline_markup(body)
        elif len(body) < 120 and bs[:1] == "*" and bs.endswith("*") and _EMPH_LINE_RE.match(bs):
            body = strip_inline_markup(body)
            bold = True
    if raw.endswith("  "):
        body += "  "  # a hard line break
    return body, heading, bold


@lru_cache(maxsize=4096)
def _md_line_cached(raw: str) -> tuple[str, int, bool] | None:
    """``_md_line`` of a non-blank line."""
    return _md_line(raw, raw.rstrip())


def _ends_open(s: str) -> bool:
    s = s.rstrip()
    if not s or "\t" in s:
        return False
    return not s.endswith(_TERMINAL)


def _starts_lower(s: str) -> bool:
    s = s.lstrip()
    return bool(s) and s[0].isalpha() and s[0].islower() and not _list_start(s)


def to_blocks(lines: list[Line]) -> list[Block]:
    """Group lines into blocks and re-join paragraphs that a page break split in two."""
    blocks: list[Block] = []
    cur: list[Line] = []
    for ln in lines:
        if ln.text.strip():
            if ln.heading and cur:
                # a converter heading always starts a block of its own
                blocks.append(Block(cur))
                cur = []
            cur.append(ln)
            if ln.heading:
                blocks.append(Block(cur))
                cur = []
        elif cur:
            blocks.append(Block(cur))
            cur = []
    if cur:
        blocks.append(Block(cur))

    joined: list[Block] = []
    for b in blocks:
        if joined and _continues(joined[-1], b):
            joined[-1].lines.extend(b.lines)
        else:
            joined.append(b)
    return joined


def text_blocks(text: str, markdown: bool) -> list[Block]:
    """``to_blocks(to_lines(text, markdown))``; for plain text in one pass that builds no blank lines."""
    joined: list[Block] = []
    cur: list[Line] = []
    if markdown:
        for no, raw in enumerate(text.split("\n"), start=1):
            s = raw.rstrip()
            if s:
                # the same headings and short lines recur all through a converter's output
                r = _md_line_cached(raw) if len(raw) <= 200 else _md_line(raw, s)
            else:
                r = None
            if r and r[0].strip():
                body, heading, bold = r
                if not heading:
                    cur.append(Line(no, body, 0, bold))
                    continue
                # a converter heading always makes a block of its own, and continues none
                if cur:
                    _add_block(joined, cur)
                    cur = []
                joined.append(Block([Line(no, body, heading, bold)]))
            elif cur:
                _add_block(joined, cur)
                cur = []
        if cur:
            _add_block(joined, cur)
        return joined
    for no, raw in enumerate(text.split("\n"), start=1):
        s = raw.rstrip()
        if s:
            body = s.lstrip(" ")
            # only a tag turned into nothing ("<br>" → " ") can leave a line blank here
            if "<" not in body or (body := _tags_to_markdown(body)).strip():
                cur.append(Line(no, body))
                continue
        if cur:
            # plain lines are never headings nor bold: _joins_text is _joins here (and is False after a
            # sentence's end, the most common case, checked first without the call)
            if joined and not (lt := joined[-1].lines[-1].text).rstrip().endswith(_TERMINAL) and _joins_text(lt, cur[0].text):
                joined[-1].lines.extend(cur)
            else:
                joined.append(Block(cur))
            cur = []
    if cur:
        _add_block(joined, cur)
    return joined


def _add_block(joined: list[Block], lines: list[Line]) -> None:
    """Append a block of ``lines`` to ``joined``, or to its last block when they continue its sentence."""
    if joined and _joins(joined[-1].lines[-1], lines[0]):
        joined[-1].lines.extend(lines)
    else:
        joined.append(Block(lines))

def _continues(prev: Block, nxt: Block) -> bool:
    """Is ``nxt`` the rest of ``prev``'s last sentence, cut by a page break?"""
    return _joins(prev.lines[-1], nxt.lines[0])


def _joins(last: Line, first: Line) -> bool:
    """Does a block starting with line ``first`` continue the sentence that line ``last`` leaves open?"""
    if last.heading or first.heading or last.bold or first.bold:
        return False
    return _joins_text(last.text, first.text)


# an agenda item's heading ("• Pkt. 17 Resultat af …", "Punkt 3: …") never runs on into the next block
_ITEM_MARK_RE = re.compile(r"^\s*[•·▪◦\-*]?\s*(?:punkt|pkt\.?|sag\s+nr\.?)\s*\d", re.IGNORECASE)


def _joins_text(lt: str, ft: str) -> bool:
    """``_joins`` of two lines with these texts, neither a heading nor bold."""
    lr = lt.rstrip()
    if not lr or lr.endswith(_TERMINAL):  # not _ends_open(lt) (its tab is ruled out below)
        return False
    if lr[:1] in "PpSs•·▪◦-* \t" and _ITEM_MARK_RE.match(lr):
        return False
    if "\t" in lt or "\t" in ft:
        return False
    fl = ft.lstrip()
    if not fl[:1].isalpha():
        return False  # both cases below need a letter first (ft[:1] is fl[:1] or a space)
    if fl[0].islower() and not _list_start(fl):  # _starts_lower(ft)
        return len(lt) > 25 or _ends_with_join_word(lr)
    # "indstiller til Arbejdsmarkeds- og" / "Beskæftigelsesudvalget,": a label cut after a joining word
    if ft[:1].isalpha() and _ends_with_join_word(lr) and not _list_start(ft):
        return len(lt) > 25 and len(ft) < 200 or len(ft.split()) <= 3
    return False


def normalize(text: str, markdown: bool | None = None) -> list[Block]:
    """Text → blocks, ready for the parser."""
    text = normalize_chars(text)
    if markdown is None:
        markdown = is_markdown_export(text)
    return text_blocks(text, markdown)
