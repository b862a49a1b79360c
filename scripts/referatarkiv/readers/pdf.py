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

Limits: a small PDF can make the PDF library decompress gigabytes (a Flate bomb) or interpret
millions of drawing operators (a 10 KB file of one million ``(x) Tj``). pdfminer has no limits of
its own, so every file is read under a :class:`PdfBudget` (pages, decompressed bytes, content
operators and text per page and per file, CPU seconds); going over one stops the file with
:class:`PdfLimitError` naming the limit (README "What happens with bad input"). The budget is
counted at pdfminer's two choke points, wrapped once at import: ``PDFStream.decode`` (every stream
is decompressed there; Flate data is first measured with a bounded decompressor, so a bomb is never
expanded in memory) and the content stream parser the page interpreter uses (every operand and
operator passes through it, Form XObjects drawn many times included). Outside :func:`pdf_to_text`
no budget is active and pdfminer behaves as it always does.

Public API: :func:`pdf_to_text` returning :class:`PdfText`; :class:`PdfReadError` for files that
cannot be opened as PDF; :class:`PdfLimitError` for files over a limit.
"""
from __future__ import annotations

import contextvars
import io
import re
import statistics
import time
import zlib
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import pdfplumber
import pdfminer.pdfinterp
import pdfminer.pdftypes
from pdfminer.layout import LTChar, LTContainer, LTCurve, LTLine, LTRect

__all__ = ["PdfText", "PdfReadError", "PdfLimitError", "PdfBudget", "pdf_to_text", "LIMITS"]


@dataclass
class PdfText:
    """Plain text of a whole PDF; ``warnings`` are (1-based line number in ``text``, message)."""

    text: str
    pages: int
    warnings: list[tuple[int, str]] = field(default_factory=list)


class PdfReadError(Exception):
    """The file is not a readable PDF (damaged, encrypted, or not a PDF at all)."""


class PdfLimitError(Exception):
    """The file is over one of the limits of :data:`LIMITS`; the message names it."""


# --- limits per file (README "What happens with bad input") ----------------------------------------
# The real Aarhus referat (28 pages) decompresses to 2.6 MB (fonts, mostly), and its densest page
# shows 10,189 bytes of text with 2,786 operands and operators (27,000 in the whole file). The limits are far above that and far below what hurts:
# pdfminer keeps about 1.5 KB per glyph of a page while laying it out.
LIMITS = {
    "pages": 3_000,  # pages per file
    "decoded_bytes": 128 * 1024 * 1024,  # decompressed stream data per file
    "page_operations": 500_000,  # operands and operators interpreted per page (Form XObjects included)
    "page_text_bytes": 100_000,  # bytes of text strings shown per page (≥ the number of glyphs)
    "operations": 20_000_000,  # operands and operators per file
    "cpu_seconds": 120.0,  # CPU time per file
}


class PdfBudget:
    """What one file may still use; :func:`pdf_to_text` activates one per file."""

    def __init__(self, limits: dict | None = None):
        self.limits = {**LIMITS, **(limits or {})}
        self.decoded = 0
        self.operations = 0
        self.page_operations = 0
        self.page_text = 0
        self.deadline = time.process_time() + self.limits["cpu_seconds"]
        self.exceeded: str | None = None

    def fail(self, message: str) -> None:
        self.exceeded = message
        raise PdfLimitError(message)

    def new_page(self) -> None:
        self.page_operations = 0
        self.page_text = 0

    def check_time(self) -> None:
        if time.process_time() > self.deadline:
            self.fail(f"PDF-filen tager over {self.limits['cpu_seconds']:.0f} s CPU-tid at læse (grænsen)")

    def decoded_room(self) -> int:
        return self.limits["decoded_bytes"] - self.decoded

    def add_decoded(self, n: int) -> None:
        self.decoded += n
        if self.decoded > self.limits["decoded_bytes"]:
            self.fail(f"PDF-filen udpakker til over {self.limits['decoded_bytes'] // (1024 * 1024)} MB (grænsen)")

    def add_object(self, obj: object) -> None:
        n, text = 1, 0
        if isinstance(obj, bytes):
            text = len(obj)
        elif isinstance(obj, list):
            n += len(obj)
            text = sum(len(x) for x in obj if isinstance(x, bytes))
        self.operations += n
        self.page_operations += n
        self.page_text += text
        if self.page_operations > self.limits["page_operations"]:
            self.fail(f"en side i PDF-filen har over {self.limits['page_operations']:,} tegneoperationer "
                      "(grænsen)".replace(",", "."))
        if self.page_text > self.limits["page_text_bytes"]:
            self.fail(f"en side i PDF-filen viser over {self.limits['page_text_bytes']:,} bytes tekst "
                      "(grænsen)".replace(",", "."))
        if self.operations > self.limits["operations"]:
            self.fail(f"PDF-filen har over {self.limits['operations']:,} tegneoperationer (grænsen)".replace(",", "."))
        if not self.operations & 0x3FF:
            self.check_time()


_BUDGET: contextvars.ContextVar[PdfBudget | None] = contextvars.ContextVar("referatarkiv_pdf_budget", default=None)


def _flate_size(data: bytes, room: int) -> int:
    """Decompressed size of zlib ``data``, counting at most ``room + 1`` bytes, in bounded memory.
    Corrupt data counts what decompresses before the damage (pdfminer keeps that part too)."""
    d = zlib.decompressobj()
    total, pos, step = 0, 0, 1 << 16
    try:
        while pos < len(data) or d.unconsumed_tail:
            chunk = d.unconsumed_tail or data[pos:pos + step]
            if not d.unconsumed_tail:
                pos += step
            out = d.decompress(chunk, 1 << 20)
            total += len(out)
            if total > room or d.eof:
                break
    except zlib.error:
        pass
    return total


def _install_budget_hooks() -> None:
    """Wrap pdfminer's stream decoding and content parsing once; both consult the active budget."""
    stream_cls = pdfminer.pdftypes.PDFStream
    if getattr(stream_cls.decode, "_referatarkiv", False):
        return
    plain_decode = stream_cls.decode

    def decode(self) -> None:
        budget = _BUDGET.get()
        if budget is not None:
            filters = self.get_filters() if self.rawdata is not None else []
            if filters and filters[0][0] in pdfminer.pdftypes.LITERALS_FLATE_DECODE and not self.decipher:
                room = budget.decoded_room()
                if _flate_size(self.rawdata, room) > room:
                    budget.fail(f"PDF-filen udpakker til over {budget.limits['decoded_bytes'] // (1024 * 1024)} MB "
                                "(grænsen)")
            budget.check_time()
        plain_decode(self)
        if budget is not None and self.data is not None:
            budget.add_decoded(len(self.data))

    decode._referatarkiv = True  # type: ignore[attr-defined]
    stream_cls.decode = decode

    plain_parser = pdfminer.pdfinterp.PDFContentParser

    class CountingContentParser(plain_parser):  # type: ignore[misc,valid-type]
        def nextobject(self):
            obj = super().nextobject()
            budget = _BUDGET.get()
            if budget is not None:
                budget.add_object(obj[1])
            return obj

    pdfminer.pdfinterp.PDFContentParser = CountingContentParser


_install_budget_hooks()


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


def pdf_to_text(path: Path, data: bytes | None = None, *, limits: dict | None = None) -> PdfText:
    """Extract the text of the PDF at ``path`` (or of ``data``, its bytes) in reading order (see the
    module docstring). Raises :class:`PdfLimitError` for a file over one of the ``limits``
    (default :data:`LIMITS`), :class:`PdfReadError` for one that is no readable PDF."""
    if data is None:
        from .files import MAX_PDF_BYTES, read_bytes

        data = read_bytes(path, MAX_PDF_BYTES)
    budget = PdfBudget(limits)
    token = _BUDGET.set(budget)
    try:
        return _pdf_to_text(path, data, budget)
    except PdfLimitError:
        raise
    except Exception:
        if budget.exceeded:  # pdfplumber wraps what is raised inside pdfminer
            raise PdfLimitError(budget.exceeded) from None
        raise
    finally:
        _BUDGET.reset(token)


def _pdf_to_text(path: Path, data: bytes, budget: PdfBudget) -> PdfText:
    try:
        pdf = pdfplumber.open(io.BytesIO(data))
        pages = list(pdf.pages)
    except Exception as exc:  # pdfminer raises a zoo of exception types for broken files
        if budget.exceeded:
            raise PdfLimitError(budget.exceeded) from None
        raise PdfReadError(f"{path}: ikke en læsbar PDF-fil ({exc.__class__.__name__}: {exc})") from exc
    with pdf:
        if len(pages) > budget.limits["pages"]:
            raise PdfLimitError(f"PDF-filen har {len(pages):,} sider; grænsen er {budget.limits['pages']:,}"
                                .replace(",", "."))
        page_lines, sizes, failed = [], Counter(), 0
        for index, page in enumerate(pages):
            budget.new_page()
            try:
                layout = page.layout
            except Exception as exc:  # one damaged page should not cost the whole referat
                if budget.exceeded:
                    raise PdfLimitError(budget.exceeded) from None
                failed += 1
                message = f"side {index + 1} kunne ikke læses ({exc.__class__.__name__})"
                page_lines.append((page, [_Line(index, 0, 0, 0, 0, 10, False, [], 0, 3, warnings=[message])]))
                continue
            page_lines.append((page, _page_lines(page, layout, index, sizes)))
            budget.check_time()
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
