"""Parse: a referat's text → :class:`~referatarkiv.model.Meeting`. Second stage of the pipeline.

Takes the text a reader gives (:mod:`referatarkiv.readers`) and gives a ``Meeting`` with its
``AgendaItem``\\ s: header fields, sections by role, journalnumre, decisions with their outcomes,
history, route, attachments and references (the dataclasses in :mod:`referatarkiv.model` are the
contract with later stages).

- :mod:`.parser` — the parser: ``parse_file(path)``, ``parse_text(text)``;
- :mod:`.normalize` — text → clean blocks: Unicode NFC, soft hyphens and odd spaces, converter
  markup, paragraphs split by page breaks;
- :mod:`.outcomes` — a decision's text → its outcomes (godkendt, afvist, …).

Public API (import it from here): :func:`parse_file` (raises
:class:`referatarkiv.readers.ReadError` for unreadable files), :func:`parse_text`,
:func:`municipality_from_path`.
"""
from .parser import municipality_from_path, parse_file, parse_text

__all__ = ["municipality_from_path", "parse_file", "parse_text"]
