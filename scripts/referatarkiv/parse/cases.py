"""Case numbers (journalnumre, sagsnumre) in every style the meeting systems write them.

KLE (``00.01.00-P05-4-22``, ``00.01.00-6-20``, ``00.01.00P35-0104``), Acadre/SBSYS year/serial
(``20/13750``), eDoc (``EMN-2025-003383``), First Agenda (``21-014477``), ``330-2018-3619``,
``2013-006244``; and, after a label only, a plain serial (``Sagsnr. 318402``).
"""
from __future__ import annotations

import re
from functools import lru_cache

from ..readers.normalize import strip_inline_markup

CASE_CORE = (
    # a subject code and an Acadre number on one line: "18.00Ø00 - 2014/06569"
    r"(?:\d{2}\.\d{2}(?:\.\d{2})?(?:-?[A-ZÆØÅ]\d{2})?\s-\s(?:\d{4}|\d{2})/\d{2,7}"
    r"|\d{2}\.\d{2}\.\d{2}(?:-?[A-ZÆØÅ]\d{2})?-\d{1,6}-\d{2,4}"  # KLE: 00.01.00-P05-4-22, 00.01.00-6-20
    r"|\d{2}\.\d{2}\.\d{2}[A-ZÆØÅ]\d{2}-\d{2,6}"  # 00.01.00P35-0104
    r"|EMN-\d{4}-\d{3,8}"  # Aarhus eDoc
    r"|\d{2}/\d{2,7}"  # Acadre/SBSYS year/serial
    r"|(?:19|20)\d{2}/\d{3,7}"  # the same with the year in full: 2014/06569
    r"|\d{3}-\d{4}-\d{2,7}"  # 330-2018-3619
    r"|\d{4}-\d{4,8}"  # 2013-006244
    r"|\d{2}-\d{5,8}"  # First Agenda: 21-014477
    r"|[A-ZÆØÅ]{2,6}-\d{2,4}-\d{2,8})"
)
# What labels a case number. "Sag nr. 88" (a short number) marks an agenda item, not a case.
_LABEL = (
    r"(?:(?:Acadre|SBSYS|eDoc|ESDH)[\s-]*)?"
    r"(?:sags?\s*nr|sagsnummer|sags-?\s*id|j\.?\s*nr|jour\.?\s*nr|journalnr|journalnummer|dokumentnr|emnenr|sag)\.?\s*+:?\s*+"
)
_CASE_LINE_RE = re.compile(r"^(?:" + _LABEL + r")?(?P<case>" + CASE_CORE + r")\s*+[.;,]?\s*+$", re.IGNORECASE)
_CASE_LABELLED_RE = re.compile(
    r"\b(?:(?:Acadre|SBSYS|eDoc|ESDH)[\s-]*)?(?:sags?\s*nr|sagsnummer|sags-?\s*id|j\.?\s*nr|jour\.?\s*nr|journalnr|journalnummer)"
    r"\.?\s*+:?\s*+(?P<case>" + CASE_CORE + r"|\d{4,10}\b)",
    re.IGNORECASE,
)
# "… (2020-0130959)" at the end of an item heading: the case number in parentheses.
_TRAILING_CASE_RE = re.compile(r"\s*\((?P<case>" + CASE_CORE + r")\)\s*$")


def case_line(t: str) -> re.Match[str] | None:
    """A line that is a case number, with or without its label; the number is group ``case``."""
    if "-" in t or "/" in t or "." in t:
        return _CASE_LINE_RE.match(t)
    return None


def case_labelled(t: str) -> re.Match[str] | None:
    """The first labelled case number in ``t`` ("Sagsnr.: …", "Sagsid.: 20/33839", "Sagsnr. 318402")."""
    low = t.lower()
    if "nr" in low or "nummer" in low or "id" in low:
        return _CASE_LABELLED_RE.search(t)
    return None


def _case_of_line(line: str) -> str | None:
    t = strip_inline_markup(line).strip()
    cm = case_line(t)
    if cm:
        return cm.group("case")
    # a labelled plain serial on a line of its own ("Sagsnr. 318402")
    lm = case_labelled(t) if len(t) < 60 else None
    if lm and lm.start() == 0 and lm.end() >= len(t.rstrip(" .;,")):
        return lm.group("case")
    return None


_case_of_line_cached = lru_cache(maxsize=4096)(_case_of_line)


def case_of_line(line: str) -> str | None:
    """The case number a line consists of (markup and label aside), or None."""
    return _case_of_line_cached(line) if len(line) <= 200 else _case_of_line(line)


def _labelled_case(text: str) -> str | None:
    cm = case_labelled(text)
    return cm.group("case") if cm else None


_labelled_case_cached = lru_cache(maxsize=4096)(_labelled_case)


def labelled_case(text: str) -> str | None:
    """The first case number in ``text`` after a label, or None."""
    return _labelled_case_cached(text) if len(text) <= 200 else _labelled_case(text)


def trailing_case(title: str) -> tuple[str, str] | None:
    """"Valg af næstformand (2020-0130959)" → ("Valg af næstformand", "2020-0130959"); else None."""
    if not title.endswith(")"):
        return None
    m = _TRAILING_CASE_RE.search(title)
    if not m or m.start() == 0:
        return None
    return title[:m.start()].rstrip(), m.group("case")
