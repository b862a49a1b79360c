"""Readers: a source file → its text and metadata. First stage of the pipeline.

Takes a path (``.txt``/``.md`` in any of the encodings Danish exports use, or ``.pdf``) and gives
a :class:`SourceText`: the text the parser reads, the encoding, front matter and sidecar metadata,
and warnings. A file that is not a referat (empty, binary, an unreadable PDF) raises
:class:`ReadError` naming the file and line. Nothing after this stage knows where text came from.

- :mod:`.text` — encodings, binary/empty refusal, front matter and sidecar YAML; picks the reader
  by file type (:func:`read_source`).
- :mod:`.pdf` — PDF → plain text in the shape of a text referat (pdfplumber; layout → headings,
  paragraphs, TAB-separated table rows).
- :mod:`.bilag_text` — page count and text of an open attachment's PDF for its bilag page, cached
  by the file's bytes.
"""
from .text import ReadError, SourceText, decode, read_source

__all__ = ["ReadError", "SourceText", "decode", "read_source"]
