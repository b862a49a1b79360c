"""Readers: a source file → :class:`Source`, the referat as blocks that keep their medium's structure.

First stage of the pipeline. One module per kind of source, chosen by the file's type and, where the
name says nothing, by its content:

- :mod:`.text` — ``.txt``/``.md``: encodings, binary and empty files refused, front matter and sidecar YAML;
- :mod:`.normalize` — text → blocks of lines (converter markup read as headings and bold, page breaks joined);
- :mod:`.pdf` — ``.pdf`` through pdfplumber, laid out as text (headings, paragraphs, table rows);
- :mod:`.html` — saved web pages: the page's content without its furniture, headings, lists, tables, links;
- :mod:`.firstagenda` — First Agenda Publication JSON: the meeting as the API names it, each item's text as blocks;
- :mod:`.bilag_text` — text and page count of attachment PDFs.

A file that is not a referat raises :class:`ReadError` naming the file and line. Nothing after this
stage knows what kind of file the blocks came from.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..model import Meeting, ParseWarning
from .normalize import Block, is_markdown_export, normalize_chars, text_blocks
from .files import MAX_PDF_BYTES, MAX_SOURCE_BYTES, ReadError, read_bytes
from .text import TEXT_SUFFIXES, decode, read_sidecar, split_front_matter

PDF_SUFFIXES = {".pdf"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
JSON_SUFFIXES = {".json"}
SOURCE_SUFFIXES = TEXT_SUFFIXES | PDF_SUFFIXES | HTML_SUFFIXES | JSON_SUFFIXES

__all__ = ["Source", "ReadError", "read_source", "text_source", "decode", "SOURCE_SUFFIXES"]


@dataclass
class Source:
    """One referat as a reader gives it to the parser."""

    path: str | None
    blocks: list[Block]  # the referat's text (empty for a structured source)
    meta: dict[str, Any] = field(default_factory=dict)  # front matter, sidecar, what the medium names
    warnings: list[ParseWarning] = field(default_factory=list)
    kind: str = "text"  # "text" | "markdown" | "pdf" | "html" | "firstagenda": for messages and benchmarks
    text: str | None = None  # the decoded text of a text or PDF source (benchmarks parse it again)
    # A structured source names the meeting and its items outright; each item's text is in ``bodies``.
    skeleton: Meeting | None = None
    bodies: list[list[Block]] = field(default_factory=list)


def read_source(path: Path | str) -> Source:
    """Read one referat file of any supported kind, with its front matter and sidecar metadata."""
    path = Path(path)
    suffix = path.suffix.lower()
    data = read_bytes(path, MAX_PDF_BYTES if suffix in PDF_SUFFIXES else MAX_SOURCE_BYTES)
    if suffix in PDF_SUFFIXES or data.startswith(b"%PDF"):
        if len(data) > MAX_PDF_BYTES:
            raise ReadError(path, 1, f"PDF-filen er for stor (over {MAX_PDF_BYTES:,} bytes)".replace(",", "."))
        src = _pdf_source(path, data)
    elif suffix in JSON_SUFFIXES:
        src = _json_source(path, data)
    else:
        text, encoding, warnings = decode(data, path)
        from .html import looks_like_html

        if suffix in HTML_SUFFIXES or looks_like_html(text):
            src = _html_source(path, text, warnings)
        else:
            src = text_source(text, path=path, markdown=(suffix in (".md", ".markdown")) or None, warnings=warnings)
    side, side_warn = read_sidecar(path)
    src.meta = {**side, **src.meta}
    src.warnings.extend(side_warn)
    return src


def text_source(text: str, *, path: Path | str | None = None, markdown: bool | None = None,
                warnings: list[ParseWarning] | None = None, front_matter: bool = True) -> Source:
    """A referat written as text (decoded): front matter split off (unless ``front_matter`` is False), the
    rest as blocks."""
    if front_matter:
        meta, rest, used, fm_warn = split_front_matter(text, path)
    else:
        meta, rest, used, fm_warn = {}, text, 0, []
    rest = normalize_chars(rest)
    md = is_markdown_export(rest) if markdown is None else bool(markdown and is_markdown_export(rest))
    blocks = text_blocks(rest, md)
    if used:
        for b in blocks:
            for ln in b.lines:
                ln.no += used
    return Source(str(path) if path else None, blocks, meta, list(warnings or []) + fm_warn,
                  kind="markdown" if md else "text", text=rest)


def _pdf_source(path: Path, data: bytes) -> Source:
    from .pdf import PdfLimitError, pdf_to_text

    try:
        pdf = pdf_to_text(path, data)
    except PdfLimitError as e:
        raise ReadError(path, 1, str(e)) from None
    except Exception as e:  # any failure inside the PDF library is a read error of this file
        raise ReadError(path, 0, f"PDF kunne ikke læses: {e.__class__.__name__}: {e}") from None
    if not pdf.text.strip():
        raise ReadError(path, 1, "PDF'en indeholder ingen tekst (måske en skannet billed-PDF)")
    text = normalize_chars(pdf.text)
    return Source(str(path), text_blocks(text, False), {}, [ParseWarning(l, m) for l, m in pdf.warnings],
                  kind="pdf", text=text)


def _html_source(path: Path, text: str, warnings: list[ParseWarning]) -> Source:
    from .html import read_html

    page = read_html(normalize_chars(text))
    warnings = warnings + [ParseWarning(l, m) for l, m in page.warnings]
    if not page.blocks:
        raise ReadError(path, 1, "websiden indeholder ingen tekst, der kan læses som et referat")
    meta: dict[str, Any] = {}
    if page.url:
        meta["source_url"] = page.url
    return Source(str(path), page.blocks, meta, warnings, kind="html")


def _json_source(path: Path, data: bytes) -> Source:
    from .firstagenda import is_first_agenda, read_first_agenda

    text, _, warnings = decode(data, path)
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as e:
        raise ReadError(path, e.lineno, f"ugyldig JSON: {e.msg}") from None
    if not is_first_agenda(doc):
        raise ReadError(path, 1, "JSON-filen er ikke et møde fra First Agenda (nøglerne 'Dagsordenpunkter' og "
                                 "'Moede' mangler); andre JSON-formater kan ikke læses")
    skeleton, bodies, more = read_first_agenda(doc)
    return Source(str(path), [], {}, warnings + more, kind="firstagenda", skeleton=skeleton, bodies=bodies)
