"""Referat text → safe Markdown.

Everything that comes from a referat is data. The parser hands over section text as a small
Markdown-ish language (paragraphs separated by blank lines, ``- `` and ``1. `` list items, pipe
tables); this module keeps exactly that structure and escapes everything else, so that no text
can start a heading, admonition, attribute list, link, image, HTML block, front matter or Jinja
expression. Only the Markdown that the page modules write around it is live.

Links into the text are given as character spans of the original text (found by link.py), never
by re-parsing it here.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from urllib.parse import quote, urlsplit

# Characters Python-Markdown treats as syntax and accepts a backslash escape for (``|`` comes
# with the tables extension, which MkDocs always loads).
_BACKSLASH = set("\\`*_[]()#!|")
_ENTITIES = {
    "&": "&amp;",
    "<": "&lt;",
    ">": "&gt;",
    # Braces as entities: no ``{:`` attribute lists and no ``{{``/``{%`` in Markdown or HTML.
    "{": "&#123;",
    "}": "&#125;",
}
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f\u2028\u2029]")
_ORDERED_START = re.compile(r"^(\d+)([.)])(?=\s|$)")
_UL_ITEM = re.compile(r"^\s*[-*•]\s+")
_OL_ITEM = re.compile(r"^\s*(\d{1,3})\.\s+")
_TABLE_SEP_CELL = re.compile(r"^\s*:?-{1,}:?\s*$")


def _escape_table() -> dict[int, str]:
    table: dict[int, str] = {}
    for cp in [*range(0x00, 0x09), *range(0x0b, 0x20), 0x7f, 0x2028, 0x2029, ord("\t"), ord("\n"), ord("\r")]:
        table[cp] = " "
    for ch in _BACKSLASH:
        table[ord(ch)] = "\\" + ch
    for ch, ent in _ENTITIES.items():
        table[ord(ch)] = ent
    return table


_ESCAPE_TABLE = _escape_table()  # one str.translate pass does what a per-character loop did


def escape_inline(text: str, *, line_start: bool = True) -> str:
    """Escape ``text`` for use inside a Markdown line (paragraph, list item, heading, link text).

    ``line_start``: the text may begin a block, so list/heading/rule/setext markers are escaped
    too. Newlines are turned into spaces; call ``render_text`` for multi-line text.
    """
    s = text.translate(_ESCAPE_TABLE)
    if line_start:
        s = s.lstrip(" ")
        m = _ORDERED_START.match(s)
        if m:
            s = m.group(1) + "\\" + s[m.end(1):]
        elif s[:1] in ("-", "+"):
            s = "\\" + s
        elif s[:1] == "=":
            s = "&#61;" + s[1:]
    return s


def heading_text(text: str) -> str:
    """Escaped, single-line text for a heading written by a page module."""
    return escape_inline(" ".join((text or "").split()), line_start=False).strip()


def link(text: str, href: str) -> str:
    """``[text](href)`` with ``text`` escaped; ``href`` must come from the generator itself."""
    return f"[{escape_inline(text, line_start=False)}]({href})"


def safe_href(url: str | None) -> str | None:
    """An http(s) URL made safe to put in ``(…)`` of a Markdown link, or None for anything else
    (``javascript:``, ``data:``, relative paths, garbage)."""
    if not url:
        return None
    url = url.strip()
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
        return None
    # Percent-encode everything that could end the link or open markup.
    return quote(url, safe=":/?#@!$&'*+,;=%~-._")


def one_line(text: str | None, limit: int = 160) -> str:
    """The first ``limit`` characters of ``text`` on one line (cut at a word, "…"), escaped."""
    s = " ".join((text or "").split())
    if len(s) > limit:
        cut = s[:limit].rsplit(" ", 1)[0] if " " in s[:limit] else s[:limit]
        s = cut.rstrip(",;:.-–") + " …"
    return escape_inline(s).strip()


def indent(markdown: str, n: int = 4) -> str:
    pad = " " * n
    return "\n".join(pad + line if line.strip() else "" for line in markdown.split("\n"))


Span = tuple[int, int, str]  # (start, end, href) in the original text


# The inline markup a referat may carry (Markdown exports): bold, italics and http(s) links.
# They are rebuilt from escaped parts; anything else stays literal text.
_MARKUP = re.compile(
    r"\[(?P<ltext>[^\[\]\n]{1,300})\]\((?P<url>[^()\s]{1,2000})\)"
    r"|\*\*(?=\S)(?P<bold>[^*\n]{1,500}?)(?<=\S)\*\*"
    r"|(?<![\w*])\*(?=[^\s*])(?P<em>[^*\n]{1,500}?)(?<=[^\s*])\*(?![\w*])"
)


# Python-Markdown rebuilds a paragraph's text once per piece of inline markup in it, so a paragraph
# with n pieces costs n × its length. Past this many rebuilt pieces (bold, italics, links) in one
# paragraph, list item or table cell, the rest of its markup stays literal text. The escapes
# themselves cost nothing there: site/mdext.py takes a whole run of them at once.
MARKUP_PER_BLOCK = 200


class _Budget:
    """How many more pieces of inline markup the current block may rebuild."""

    def __init__(self) -> None:
        self.left = MARKUP_PER_BLOCK

    def take(self) -> bool:
        if self.left <= 0:
            return False
        self.left -= 1
        return True


def _escape_markup(text: str, *, line_start: bool, budget: _Budget | None = None) -> str:
    """Escape ``text``, keeping its bold/italic/http(s) links (rebuilt, never passed through)."""
    out: list[str] = []
    pos = 0
    for m in _MARKUP.finditer(text):
        if budget is not None and not budget.take():
            break
        if m.group("ltext") is not None:
            url = safe_href(m.group("url"))
            if url is None:
                continue  # stays literal, escaped with the text around it
            inner = f"[{escape_inline(m.group('ltext'), line_start=False).strip()}]({url})"
        elif m.group("bold") is not None:
            inner = f"**{escape_inline(m.group('bold'), line_start=False)}**"
        else:
            inner = f"*{escape_inline(m.group('em'), line_start=False)}*"
        if m.start() > pos or not out:
            out.append(escape_inline(text[pos:m.start()], line_start=line_start and not out))
        out.append(inner)
        pos = m.end()
    if pos < len(text) or not out:
        out.append(escape_inline(text[pos:], line_start=line_start and not out))
    return "".join(out)


def _inline(text: str, start: int, spans: Sequence[Span], *, line_start: bool, budget: _Budget | None = None) -> str:
    """Escape ``text`` (which sits at offset ``start`` of the original) and turn the spans that
    lie wholly inside it into links."""
    end = start + len(text)
    out: list[str] = []
    pos = 0
    for s, e, href in spans:
        if s < start + pos or e > end or e <= s:
            continue
        if budget is not None and not budget.take():
            break
        a, b = s - start, e - start
        if a > pos or not out:
            out.append(_escape_markup(text[pos:a], line_start=line_start and not out, budget=budget))
        out.append(link(text[a:b], href))
        pos = b
    if pos < len(text) or not out:
        out.append(_escape_markup(text[pos:], line_start=line_start and not out, budget=budget))
    return "".join(out).rstrip(" ")


def _split_cells(line: str, offset: int) -> list[tuple[str, int]]:
    """Cells of a pipe-table row as (text, offset of text in the original)."""
    s = line
    i = 0
    cells: list[tuple[str, int]] = []
    # Skip leading whitespace and the leading pipe.
    while i < len(s) and s[i] == " ":
        i += 1
    if i < len(s) and s[i] == "|":
        i += 1
    cell_start = i
    buf_escape = False
    j = i
    while j < len(s):
        ch = s[j]
        if buf_escape:
            buf_escape = False
        elif ch == "\\":
            buf_escape = True
        elif ch == "|":
            cells.append((s[cell_start:j], offset + cell_start))
            cell_start = j + 1
        j += 1
    tail = s[cell_start:]
    if tail.strip():
        cells.append((tail, offset + cell_start))
    result = []
    for text, off in cells:
        lead = len(text) - len(text.lstrip(" "))
        # The parser escapes pipes inside cells as "\|"; undo that before our own escaping.
        # Offsets after a removed backslash no longer line up, so such a cell gets no links.
        cell = text[lead:].rstrip(" ")
        if "\\|" in cell:
            result.append((cell.replace("\\|", "|"), -1))
        else:
            result.append((cell, off + lead))
    return result


def _table(rows: list[tuple[str, int]], spans: Sequence[Span]) -> list[str]:
    parsed = [_split_cells(line, off) for line, off in rows]
    has_sep = len(parsed) > 1 and parsed[1] and all(_TABLE_SEP_CELL.match(c) for c, _ in parsed[1])
    body = [r for i, r in enumerate(parsed) if not (has_sep and i == 1)]
    body = [r for r in body if r]
    if not body:
        return []
    width = max(len(r) for r in body)
    out = []
    for i, row in enumerate(body):
        cells = [_inline(t, o, spans if o >= 0 else (), line_start=False, budget=_Budget()) for t, o in row]
        cells += [""] * (width - len(cells))
        out.append("| " + " | ".join(c if c else " " for c in cells) + " |")
        if i == 0:
            out.append("|" + "|".join(["---"] * width) + "|")
    return out


def render_text(text: str | None, links: Sequence[Span] = ()) -> str:
    """Safe Markdown for one section's text; ``links`` are (start, end, href) spans of ``text``."""
    if not text:
        return ""
    # Same-length replacements keep the offsets of ``links`` valid.
    text = _CONTROL.sub(" ", text.replace("\r", " ").replace("\t", " "))
    spans = sorted(links, key=lambda t: (t[0], -t[1]))
    lines: list[tuple[str, int]] = []
    pos = 0
    for raw in text.split("\n"):
        lines.append((raw, pos))
        pos += len(raw) + 1

    blocks: list[tuple[list[str], str | None]] = []
    kind = None  # "p" | "ul" | "ol" | "table"
    current: list[str] = []
    table_rows: list[tuple[str, int]] = []
    budget = _Budget()  # per paragraph and per list item

    def flush() -> None:
        nonlocal current, kind, table_rows, budget
        if kind == "table":
            current = _table(table_rows, spans)
            table_rows = []
        if current:
            blocks.append((current, kind))
        current, kind = [], None
        budget = _Budget()

    for raw, off in lines:
        stripped = raw.strip(" ")
        if not stripped:
            flush()
            continue
        lead = len(raw) - len(raw.lstrip(" "))
        if stripped.startswith("|"):
            if kind != "table":
                flush()
                kind = "table"
            table_rows.append((raw, off))
            continue
        m_ul = _UL_ITEM.match(raw)
        m_ol = _OL_ITEM.match(raw)
        if m_ul:
            if kind != "ul":
                flush()
                kind = "ul"
            body = raw[m_ul.end():]
            budget = _Budget()
            current.append("- " + _inline(body, off + m_ul.end(), spans, line_start=True, budget=budget))
            continue
        if m_ol:
            if kind != "ol":
                flush()
                kind = "ol"
            body = raw[m_ol.end():]
            budget = _Budget()
            current.append(f"{int(m_ol.group(1))}. " + _inline(body, off + m_ol.end(), spans, line_start=True,
                                                                budget=budget))
            continue
        if kind in ("ul", "ol") and lead > 0 and current:
            # An indented line right after a list item continues that item.
            current[-1] += " " + _inline(raw[lead:], off + lead, spans, line_start=False, budget=budget)
            continue
        if kind != "p":
            flush()
            kind = "p"
        current.append(_inline(raw[lead:], off + lead, spans, line_start=True, budget=budget))
    flush()
    out: list[str] = []
    prev = None
    for b, k in blocks:
        if prev in ("ul", "ol") and k in ("ul", "ol"):
            # Two lists in a row would merge into one; an empty comment keeps them apart.
            out.append("<!-- -->")
        out.append("\n".join(b))
        prev = k
    return "\n\n".join(out)
