"""PDF → plain text in the shape the parser expects (see docs-dev/aarhus-pdf.md).

The output mirrors a plain-text referat: one output line per PDF text line, a blank line between
paragraphs, bold headings alone on their own line with blank lines around them (wrapped heading
lines joined into one, so "Punkt 2: Svar på ... Aarhus Ø" is a single line), ruled or column-aligned
tables as TAB-separated rows (one row a line, no blank lines between rows), and running page
headers, footers and page numbers removed. A paragraph that continues on the next page is kept as
one paragraph (no blank line at the page break).

Paragraph breaks are decided from the layout, in this order: a change of font size or boldness, a
vertical gap clearly larger than the document's normal line spacing, a line that ends early enough
that the next line's first word would have fitted on it (the line was ended on purpose), or a change
of left indentation within a paragraph.

Public API: :func:`pdf_to_text` returning :class:`PdfText`; :class:`PdfReadError` for files that
cannot be opened as PDF.
"""
from __future__ import annotations

import re
import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import pdfplumber
from pdfminer.layout import LTChar, LTContainer, LTCurve, LTLine, LTRect

__all__ = ["PdfText", "PdfReadError", "pdf_to_text"]


@dataclass
class PdfText:
    """Plain text of a whole PDF; ``warnings`` are (1-based line number in ``text``, message)."""

    text: str
    pages: int
    warnings: list[tuple[int, str]] = field(default_factory=list)


class PdfReadError(Exception):
    """The file is not a readable PDF (damaged, encrypted, or not a PDF at all)."""


# --- tunables (ratios of the font size unless said otherwise) -------------------------------------
_SPACE_GAP = 0.15  # a horizontal gap wider than this between two glyphs is a word space
_TAB_GAP = 1.5  # ... wider than this is a column gap (only used when 2+ lines in a row have one)
_PARA_GAP = 0.3  # extra vertical gap (× line height) above the normal line spacing = paragraph
_INDENT = 0.5  # a left-edge shift wider than this (× font size) inside a paragraph = new paragraph
_MARGIN_ZONE = 0.09  # top/bottom share of the page height where running headers/footers live
_REPEAT_SHARE = 0.6  # a header/footer repeats on at least this share of the pages
_HEADING_MAX_CHARS = 160  # a bold run longer than this is a bold paragraph, not a heading
_HEADING_MAX_LINES = 3

_BOLD_FONT = re.compile(r"bold|black|heavy|semibold|demibold|extrabold|,bd|-bd", re.IGNORECASE)
_CID = re.compile(r"^\(cid:\d+\)$")
_LIGATURES = str.maketrans({"ﬀ": "ff", "ﬁ": "fi", "ﬂ": "fl", "ﬃ": "ffi", "ﬄ": "ffl", "ﬅ": "st", "ﬆ": "st"})
_PAGE_LABEL = re.compile(
    r"^(?:-\s*)?(?:side|page|s\.)\s*\d+(?:\s*(?:af|/|of|ud af)\s*\d+)?(?:\s*-)?$|^-?\s*\d{1,4}\s*-?$"
    r"|^\d{1,4}\s*(?:/|af)\s*\d{1,4}$",
    re.IGNORECASE,
)
_SIDE_N_AF_M = re.compile(r"\bside\s+\d+\s+(?:af|/)\s+\d+\b", re.IGNORECASE)
_DOT_LEADER = re.compile(r"(?:\.\s?){4,}(?=\t|$)")
_SHORT_NUMBER = re.compile(r"(?<![\d.,])\d{1,3}(?![\d.,]\d)")
_BREAK_AFTER = re.compile(r"[\s\-‐‑–—/]")


@dataclass
class _Line:
    page: int  # 0-based page index
    top: float
    bottom: float
    x0: float
    x1: float
    size: float  # dominant font size
    bold: bool  # every glyph is bold
    cells: list[str]  # text split at column-sized gaps
    first_word: float  # width of the first word (up to the first break opportunity)
    space: float  # width of a word space on this line
    table_row: bool = False  # a row of a ruled table (cells are the table's cells)
    warnings: list[str] = field(default_factory=list)

    @property
    def height(self) -> float:
        return self.bottom - self.top

    @property
    def plain(self) -> str:
        return " ".join(self.cells)

    @property
    def has_gap(self) -> bool:
        return len(self.cells) > 1


def pdf_to_text(path: Path) -> PdfText:
    """Extract the text of the PDF at ``path`` in reading order (see the module docstring)."""
    try:
        pdf = pdfplumber.open(str(path))
        pages = list(pdf.pages)
    except Exception as exc:  # pdfminer raises a zoo of exception types for broken files
        raise PdfReadError(f"{path}: ikke en læsbar PDF-fil ({exc.__class__.__name__}: {exc})") from exc
    with pdf:
        page_lines, sizes, failed = [], Counter(), 0
        for index, page in enumerate(pages):
            try:
                layout = page.layout
            except Exception as exc:  # one damaged page should not cost the whole referat
                failed += 1
                message = f"side {index + 1} kunne ikke læses ({exc.__class__.__name__})"
                page_lines.append((page, [_Line(index, 0, 0, 0, 0, 10, False, [], 0, 3, warnings=[message])]))
                continue
            page_lines.append((page, _page_lines(page, layout, index, sizes)))
            page.close()  # drop pdfplumber's per-page caches; long PDFs would otherwise pile them up
        page_count = len(pages)
    if page_count and failed == page_count:
        raise PdfReadError(f"{path}: ingen af PDF-filens {page_count} sider kunne læses")

    _drop_running_lines(page_lines)
    body_size = sizes.most_common(1)[0][0] if sizes else 10.0
    return _assemble(page_lines, body_size, page_count)


# --- page → lines ---------------------------------------------------------------------------------


def _is_bold(fontname: str) -> bool:
    return bool(_BOLD_FONT.search(fontname.split("+", 1)[-1]))


def _walk_layout(container, found: dict) -> None:
    for obj in container:
        if isinstance(obj, LTChar):
            found["chars"].append(obj)
        elif isinstance(obj, (LTLine, LTRect, LTCurve)):
            found["rules"] = True
        elif isinstance(obj, LTContainer):
            _walk_layout(obj, found)


def _plain_chars(page, layout) -> tuple[list[dict], bool]:
    """The page's glyphs as small dicts in pdfplumber's coordinates (top-down), and whether the
    page draws any lines/rectangles. Reads pdfplumber's pdfminer layout directly: building
    pdfplumber's full ``page.chars`` dicts costs about twice as long as interpreting the page."""
    found: dict = {"chars": [], "rules": False}
    _walk_layout(layout, found)
    mb_x0, mb_top = page.mediabox[0], page.mediabox[1]
    height = page.height
    chars = []
    for obj in found["chars"]:
        fontname = obj.fontname
        if isinstance(fontname, bytes):
            fontname = fontname.decode("latin-1", "replace")
        chars.append(
            {
                "text": obj.get_text(),
                "x0": obj.x0 + mb_x0,
                "x1": obj.x1 + mb_x0,
                "top": height - obj.y1 + mb_top,
                "bottom": height - obj.y0 + mb_top,
                "fontname": fontname,
                "size": obj.size,
                "upright": obj.upright,
            }
        )
    return chars, found["rules"]


def _page_lines(page, layout, index: int, sizes: Counter) -> list[_Line]:
    warnings: list[str] = []
    raw, has_rules = _plain_chars(page, layout)
    chars, rotated, seen = [], 0, set()
    for c in raw:
        # the same glyph drawn twice at one spot (fake bold, broken generators) counts once
        key = (c["text"], round(c["x0"], 1), round(c["top"], 1), c["fontname"], round(c["size"], 1))
        if key in seen:
            continue
        seen.add(key)
        if not c["upright"]:
            rotated += 1
            continue
        if _CID.match(c["text"]):
            c["text"], c["unreadable"] = "", True  # kept for the layout, left out of the text
        chars.append(c)
    if rotated:
        warnings.append(f"side {index + 1}: {rotated} tegn i drejet tekst udeladt")

    tables = _ruled_tables(page, chars) if has_rules else []
    if tables:
        boxes = [bbox for bbox, _ in tables]
        chars = [c for c in chars if not any(_inside(c, b) for b in boxes)]

    for c in chars:
        if c["text"] and not c["text"].isspace():
            sizes[round(c["size"], 1)] += 1

    lines = [_make_line(group, index) for group in _cluster_rows(chars)]
    lines = [line for line in lines if line is not None]
    for bbox, rows in tables:
        lines.extend(rows)
    lines.sort(key=lambda ln: (round(ln.top, 1), ln.x0))
    if not lines and not tables:
        warnings.append(f"side {index + 1}: ingen tekst (skannet side uden tekstlag?)")
    if warnings:
        if lines:
            lines[0].warnings.extend(warnings)
        else:
            lines.append(_Line(index, 0, 0, 0, 0, 10, False, [], 0, 3, warnings=warnings))
    return lines


def _inside(c, bbox) -> bool:
    x0, top, x1, bottom = bbox
    cx, cy = (c["x0"] + c["x1"]) / 2, (c["top"] + c["bottom"]) / 2
    return x0 <= cx <= x1 and top <= cy <= bottom


def _ruled_tables(page, chars) -> list[tuple[tuple, list[_Line]]]:
    """Tables drawn with lines/rectangles: (bbox, one _Line per row with the cells' text)."""
    found = []
    for table in page.find_tables():
        rows = table.extract()
        if not rows or max(len(r) for r in rows) < 2:
            continue  # a framed box, not a table
        out = []
        for row, cells in zip(table.rows, rows):
            texts = [" ".join((cell or "").split()).translate(_LIGATURES) for cell in cells]
            if not any(texts):
                continue
            x0, top, x1, bottom = row.bbox
            in_row = [c for c in chars if _inside(c, row.bbox) and not c["text"].isspace()]
            size = statistics.median(c["size"] for c in in_row) if in_row else 10.0
            out.append(_Line(page.page_number - 1, top, bottom, x0, x1, size, False, texts, 0, 3, True))
        if out:
            found.append((table.bbox, out))
    return found


def _cluster_rows(chars) -> list[list[dict]]:
    """Group glyphs into text lines by vertical overlap (tolerates sub/superscripts)."""
    rows: list[list] = []  # [top, bottom, chars]
    for c in sorted(chars, key=lambda c: (c["top"], c["x0"])):
        if c["text"].isspace() and not rows:
            continue
        placed = False
        for row in reversed(rows[-4:]):
            overlap = min(row[1], c["bottom"]) - max(row[0], c["top"])
            if overlap >= 0.5 * min(row[1] - row[0], c["bottom"] - c["top"]):
                row[2].append(c)
                if not c["text"].isspace():
                    row[0], row[1] = min(row[0], c["top"]), max(row[1], c["bottom"])
                placed = True
                break
        if not placed and not c["text"].isspace():
            rows.append([c["top"], c["bottom"], [c]])
    return [row[2] for row in rows]


def _make_line(chars, index: int) -> _Line | None:
    """One text line from its glyphs; ``index`` is the 0-based page number."""
    chars = sorted(chars, key=lambda c: c["x0"])
    glyphs = [c for c in chars if c["text"] and not c["text"].isspace()]
    if not glyphs:
        return None
    unreadable = sum(1 for c in chars if c.get("unreadable"))
    size = Counter(round(c["size"], 1) for c in glyphs).most_common(1)[0][0]
    cells, current, prev, pending_space, word_gaps = [], [], None, False, []
    for c in chars:
        if c["text"].isspace():
            pending_space = prev is not None
            continue
        if c.get("unreadable"):  # nothing to show, but it fills the gap it stands in
            if prev is not None and not prev.get("unreadable"):
                pending_space = True
            prev = c
            continue
        if prev is not None:
            gap = c["x0"] - prev["x1"]
            if gap > _TAB_GAP * size:
                cells.append("".join(current).strip())
                current = []
            elif pending_space or gap > _SPACE_GAP * size:
                current.append(" ")
                word_gaps.append(gap)
        current.append(c["text"])
        prev, pending_space = c, False
    cells.append("".join(current).strip())
    cells = [" ".join(cell.translate(_LIGATURES).split()) for cell in cells]

    # width of the first word, up to and including the first break opportunity (space or hyphen)
    first_end = glyphs[0]["x1"]
    for a, b in zip(glyphs, glyphs[1:]):
        first_end = a["x1"]
        if _BREAK_AFTER.match(a["text"]) or b["x0"] - a["x1"] > _SPACE_GAP * size:
            break
        first_end = b["x1"]
    space = statistics.median(word_gaps) if word_gaps else 0.25 * size
    space = min(max(space, 0.2 * size), 0.5 * size)
    warnings = (
        [f"side {index + 1}: {unreadable} ulæselige tegn udeladt (skrifttype uden tegnkort)"] if unreadable else []
    )
    return _Line(
        page=index,
        top=min(c["top"] for c in glyphs),
        bottom=max(c["bottom"] for c in glyphs),
        x0=glyphs[0]["x0"],
        x1=max(c["x1"] for c in glyphs),
        size=size,
        bold=all(_is_bold(c["fontname"]) for c in glyphs),
        cells=cells,
        first_word=first_end - glyphs[0]["x0"],
        space=space,
        warnings=warnings,
    )


# --- running headers, footers, page numbers -------------------------------------------------------


def _signature(text: str) -> str:
    """Text with short numbers (page numbers) wildcarded; long numbers (dates, case numbers) kept."""
    return _SHORT_NUMBER.sub("#", " ".join(text.split()).lower())


def _drop_running_lines(page_lines) -> None:
    n = len(page_lines)
    candidates: dict[tuple[str, str], set[int]] = defaultdict(set)

    def zone(page, line) -> str | None:
        h = float(page.height)
        if line.bottom <= h * _MARGIN_ZONE + 1:
            return "top"
        if line.top >= h * (1 - _MARGIN_ZONE) - 1:
            return "bottom"
        return None

    def edge_lines(lines):
        real = [ln for ln in lines if ln.cells]
        return real[:2] + real[-2:]

    if n >= 2:
        for page, lines in page_lines:
            for line in edge_lines(lines):
                z = zone(page, line)
                if z:
                    key = (z, _signature(line.plain))
                    candidates[key].add(page.page_number)
    needed = max(2, _REPEAT_SHARE * n)
    repeated = {key for key, pages in candidates.items() if len(pages) >= needed}

    for page, lines in page_lines:
        edges = {id(ln) for ln in edge_lines(lines)}
        keep = []
        for line in lines:
            text = line.plain.strip()
            drop = False
            if line.cells and not line.table_row:
                z = zone(page, line)
                if _SIDE_N_AF_M.fullmatch(text) or (text and _SIDE_N_AF_M.search(text) and z):
                    drop = True
                elif z and id(line) in edges:
                    drop = (z, _signature(text)) in repeated or bool(_PAGE_LABEL.match(text))
            if drop:
                if line.warnings and keep:
                    keep[-1].warnings.extend(line.warnings)
                continue
            keep.append(line)
        lines[:] = keep


# --- lines → text ---------------------------------------------------------------------------------


def _assemble(page_lines, body_size: float, page_count: int) -> PdfText:
    lines: list[_Line] = []
    right_edge: dict[int, float] = {}
    widths = {}
    for page, plines in page_lines:
        widths[page.page_number - 1] = round(float(page.width))
        lines.extend(plines)
    # warnings of pages without text go to the next line that has text (else the last one)
    real: list[_Line] = []
    pending: list[str] = []
    for ln in lines:
        if ln.cells:
            ln.warnings[:0] = pending
            pending = []
            real.append(ln)
        else:
            pending.extend(ln.warnings)
    if pending and real:
        real[-1].warnings.extend(pending)
        pending = []
    orphan_warnings = pending  # only when the whole document has no text
    lines = real
    for ln in lines:
        if not ln.table_row:
            w = widths[ln.page]
            right_edge[w] = max(right_edge.get(w, 0.0), ln.x1)

    # normal vertical gap between two lines of running text
    gaps = [
        round(b.top - a.bottom, 1)
        for a, b in zip(lines, lines[1:])
        if a.page == b.page and abs(a.size - b.size) < 0.5 and not a.bold and not b.bold and b.top > a.bottom - 1
    ]
    normal_gap = Counter(gaps).most_common(1)[0][0] if gaps else 0.2 * body_size

    _mark_columns(lines, normal_gap)
    blocks = _headings_and_paragraphs(lines, normal_gap, right_edge, widths)

    out: list[str] = []
    warnings: list[tuple[int, str]] = []
    for kind, block in blocks:
        if out:
            out.append("")
        for ln, text in block:
            out.append(text)
            for w in ln.warnings:
                warnings.append((len(out), w))
    for w in orphan_warnings:
        warnings.append((max(len(out), 1), w))
    text = "\n".join(out).strip("\n") + "\n" if out else ""
    return PdfText(text=text, pages=page_count, warnings=sorted(warnings))


def _mark_columns(lines: list[_Line], normal_gap: float) -> None:
    """Keep column gaps (→ TAB) only on runs of 2+ neighbouring lines that all have one."""
    i = 0
    while i < len(lines):
        if not lines[i].has_gap or lines[i].table_row:
            i += 1
            continue
        j = i + 1
        while (
            j < len(lines)
            and lines[j].has_gap
            and not lines[j].table_row
            and lines[j].page == lines[j - 1].page
            and lines[j].top - lines[j - 1].bottom < 2 * lines[j - 1].height + normal_gap
        ):
            j += 1
        if j - i < 2:
            lines[i].cells = [" ".join(lines[i].cells)]
        else:
            for ln in lines[i:j]:
                ln.table_row = True
        i = j


def _cell_text(ln: _Line) -> str:
    if ln.table_row:
        text = "\t".join(cell.replace("\t", " ") for cell in ln.cells)
        return _DOT_LEADER.sub(".....", text)
    return ln.plain


def _join_heading(parts: list[str]) -> str:
    text = parts[0]
    for part in parts[1:]:
        if re.search(r"\w-$", text) and part[:1].islower():
            text += part  # "2030-" + "fremskrivning"
        else:
            text += " " + part
    return " ".join(text.split())


def _headings_and_paragraphs(lines, normal_gap, right_edge, widths):
    """Split the line stream into ("heading", [...]) and ("para", [...]) blocks."""
    blocks: list[tuple[str, list[tuple[_Line, str]]]] = []
    i = 0
    para: list[_Line] = []

    def flush():
        if para:
            blocks.append(("para", [(ln, _cell_text(ln)) for ln in para]))
            para.clear()

    while i < len(lines):
        ln = lines[i]
        # a run of bold lines of one size, close together → one heading, if short
        if ln.bold and not ln.table_row:
            j = i + 1
            while (
                j < len(lines)
                and j - i < _HEADING_MAX_LINES + 1
                and lines[j].bold
                and not lines[j].table_row
                and lines[j].page == ln.page
                and abs(lines[j].size - ln.size) < 0.5
                and lines[j].top - lines[j - 1].bottom < 0.6 * lines[j - 1].height + normal_gap
            ):
                j += 1
            run = lines[i:j]
            joined = _join_heading([r.plain for r in run])
            if len(run) <= _HEADING_MAX_LINES and len(joined) <= _HEADING_MAX_CHARS:
                flush()
                first = run[0]
                first.warnings = [w for r in run for w in r.warnings]
                blocks.append(("heading", [(first, joined)]))
                i = j
                continue
        if para and _breaks(para, ln, normal_gap, right_edge, widths):
            flush()
        para.append(ln)
        i += 1
    flush()
    return blocks


def _breaks(para: list[_Line], b: _Line, normal_gap, right_edge, widths) -> bool:
    """Does line ``b`` start a new paragraph after the lines in ``para``?"""
    a = para[-1]
    if a.table_row or b.table_row:
        if a.table_row and b.table_row:
            return a.page == b.page and b.top - a.bottom > 2 * a.height + normal_gap
        return True
    if abs(a.size - b.size) >= 0.5 or a.bold != b.bold:
        return True
    if a.page == b.page:
        if b.top - a.bottom > normal_gap + _PARA_GAP * a.height:
            return True
        if b.top < a.top - 1:  # back up the page: a new column or a float
            return True
    # the line ended early: the next word would have fitted
    edge = right_edge.get(widths[a.page], a.x1)
    if a.x1 + a.space + b.first_word <= edge:
        return True
    # a short unpunctuated line after a finished sentence is a subheading ("Forslag", "Hvorfor")
    text_b = b.plain
    if (
        re.search(r"[.!?:]$", a.plain)
        and text_b[:1].isupper()
        and not re.search(r"[.,;:!?)]$", text_b)
        and b.x1 - b.x0 < 0.5 * (edge - b.x0)
    ):
        return True
    if len(para) >= 2 and a.page == b.page:
        tol = _INDENT * a.size
        if abs(b.x0 - a.x0) > tol:
            return True
    return False
