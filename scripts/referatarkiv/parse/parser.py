"""Parse a referat's text into a :class:`~referatarkiv.model.Meeting`.

The parser never touches files except through :mod:`referatarkiv.readers`; it takes blocks from
``normalize`` and recovers the meeting header, the agenda items and, per item, the sections in
document order, the decision of the meeting's own body, earlier steps (Historik, other bodies'
decisions), the planned route (Behandling), attachments and references to other meetings. Every
block of the input ends up in some section's text: what cannot be placed goes to the nearest
section, never nowhere.
"""
from __future__ import annotations

import gc
import re
from bisect import bisect_right
from contextlib import contextmanager
from datetime import date as Date
from difflib import SequenceMatcher
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable, Iterator

from .. import dates
from ..model import (
    AgendaItem,
    Attachment,
    Decision,
    HistoryEntry,
    Meeting,
    ParseWarning,
    Reference,
    RouteStep,
    Section,
)
from ..readers import read_source
from .normalize import Block, is_markdown_export, normalize_chars, strip_inline_markup, text_blocks
from .outcomes import classify

# --- vocabularies ---------------------------------------------------------------------------

# Section headings as municipalities write them → the role they play.
SECTION_NAMES: dict[str, str] = {
    "resume": "resume", "resumé": "resume", "sammenfatning": "resume", "kort om sagen": "resume",
    "beslutningstema": "resume", "sagens kerne": "resume", "formål": "resume",
    "sagsfremstilling": "sagsfremstilling", "uddybende bemærkninger": "sagsfremstilling",
    "sagsbeskrivelse": "sagsfremstilling", "problemstilling": "sagsfremstilling", "løsning": "sagsfremstilling",
    "baggrund": "sagsfremstilling", "supplerende sagsfremstilling": "sagsfremstilling",
    "beskrivelse": "sagsfremstilling", "vurdering": "sagsfremstilling", "forvaltningens vurdering": "sagsfremstilling",
    "oprindelig sagsfremstilling": "sagsfremstilling", "sagen": "sagsfremstilling", "redegørelse": "sagsfremstilling",
    "videre proces": "sagsfremstilling", "tidsplan": "sagsfremstilling", "kommunikation": "sagsfremstilling",
    "lovgrundlag": "sagsfremstilling", "retsgrundlag": "sagsfremstilling", "lovgivning": "sagsfremstilling",
    "høring": "sagsfremstilling", "høringssvar": "sagsfremstilling", "konsekvenser": "sagsfremstilling",
    "beslutningskompetence": "sagsfremstilling", "kompetence": "sagsfremstilling", "forslag": "sagsfremstilling",
    "miljøvurdering": "sagsfremstilling", "klimakonsekvenser": "sagsfremstilling", "bemærkninger": "sagsfremstilling",
    "indstilling": "indstilling", "indstillinger": "indstilling", "administrativ indstilling": "indstilling",
    "forvaltningens indstilling": "indstilling", "direktionens indstilling": "indstilling",
    "beslutningspunkter": "indstilling", "indstilling og beslutning": "indstilling",
    "beslutning": "beslutning", "beslutninger": "beslutning", "afgørelse": "beslutning", "protokol": "beslutning",
    "udvalgets beslutning": "beslutning", "protokollat": "beslutning", "protokoltilførsel": "beslutning",
    "økonomi": "oekonomi", "økonomiske konsekvenser": "oekonomi", "bevillingsmæssige konsekvenser": "oekonomi",
    "økonomi og finansiering": "oekonomi", "bevilling": "oekonomi", "finansiering": "oekonomi",
    "borgmesterpåtegning": "paategning", "påtegning": "paategning", "økonomisk påtegning": "paategning",
    "behandling": "behandling", "videre behandling": "behandling", "behandlingsforløb": "behandling",
    "historik": "historik", "sagsforløb": "historik", "tidligere beslutninger": "historik",
    "tidligere behandling": "historik",
    "bilag": "bilag", "bilagsliste": "bilag", "bilagsfortegnelse": "bilag", "bilag til sagen": "bilag",
}

# Body names written in full, for history entries and references ("MAG" → "Magistraten").
BODY_ABBREVIATIONS = {
    "MAG": "Magistraten",
    "KB": "Kommunalbestyrelsen",
    "BR": "Borgerrepræsentationen",
    "ØU": "Økonomiudvalget",
    "OEU": "Økonomiudvalget",
}
_BODY_WORD_RE = re.compile(
    r"^(?P<body>(?:[A-ZÆØÅ][\w\-,]*(?:\s+og\s+|\s*,\s*|\s+))*?[\wÆØÅæøå\-]*(?:udvalget|udvalg|Magistraten|magistraten|"
    r"[Kk]ommunalbestyrelsen|Byrådet|byrådet|Borgerrepræsentationen|Regionsrådet|Direktionen|direktionen|Forvaltningen|forvaltningen))\b"
)

# The end of _BODY_WORD_RE, tried at each place its repeated "Word, " group may stop.
_BODY_EXIT_RE = re.compile(
    r"[\wÆØÅæøå\-]*(?:udvalget|udvalg|Magistraten|magistraten|"
    r"[Kk]ommunalbestyrelsen|Byrådet|byrådet|Borgerrepræsentationen|Regionsrådet|Direktionen|direktionen|Forvaltningen|forvaltningen)\b"
)
_UPPER = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZÆØÅ")
# A body name consists of these characters only, and contains one of these words (where _BODY_EXIT_RE ends)
_BODY_CHARS_RE = re.compile(r"[\w\-,\s]*")
_BODY_KEY_RE = re.compile(
    r"udvalg|[Mm]agistraten|[Kk]ommunalbestyrelsen|[Bb]yrådet|Borgerrepræsentationen|Regionsrådet|[Dd]irektionen|[Ff]orvaltningen")
_WORD_RUN_RE = re.compile(r"[\w\-,]*")
_SPACES_RE = re.compile(r"\s*")


def _body_word_end(text: str) -> int | None:
    """Where ``_BODY_WORD_RE.match(text)`` ends (its body group is ``text[:end]``), or None; in linear time.

    The regex lets a comma end a word ("A,") or be the separator (", "), so every comma doubles the
    ways to split a list of names and a failing match tries them all: exponential ("A, A, A, …" with 18
    commas took 0.3 s, 30 would take hours). This walks the same choices in the same order but visits each
    place once: a place that was tried and failed fails again however it is reached.
    """
    n = len(text)
    # the whole match lies in the leading run of word characters, dashes, commas and spaces, and ends
    # with one of the body words: without one there, no place needs to be tried
    if _BODY_KEY_RE.search(text, 0, _BODY_CHARS_RE.match(text).end()) is None:
        return None
    visited: set[int] = set()
    stack = [iter(((0, None),))]
    while stack:
        nxt = next(stack[-1], None)
        if nxt is None:
            stack.pop()
            continue
        q, run_end = nxt
        if q in visited:
            continue
        visited.add(q)
        m = _BODY_EXIT_RE.match(text, q)
        if m:
            return m.end()
        if q >= n or text[q] not in _UPPER:
            continue
        if run_end is not None:
            continue  # a place inside a word run reached by a comma: its own splits were all tried already
        stack.append(_body_word_steps(text, q, _WORD_RUN_RE.match(text, q + 1).end()))
    return None


def _body_word_steps(text: str, p: int, end: int):
    """The next places after the word starting at ``p`` (running to ``end``), in the regex's order:
    the whole word then " og ", ", " or " "; then the word cut at each comma, last comma first."""
    ws = _SPACES_RE.match(text, end).end()
    if ws > end:
        if text.startswith("og", ws) and ws + 2 < len(text) and text[ws + 2].isspace():
            yield _SPACES_RE.match(text, ws + 2).end(), None  # "\s+og\s+"
    if ws < len(text) and text[ws] == ",":
        yield _SPACES_RE.match(text, ws + 1).end(), None  # "\s*,\s*"
    if ws > end:
        yield ws, None  # "\s+"
    c = text.rfind(",", p + 1, end)
    while c != -1:
        after = _SPACES_RE.match(text, c + 1).end()
        yield after, (end if after == c + 1 and c + 1 < end else None)
        c = text.rfind(",", p + 1, c)


# --- line patterns --------------------------------------------------------------------------

_ITEM_RE = re.compile(
    r"^(?:Punkt|Pkt\.?|Sag\s+nr\.?|Dagsordenspunkt)\s*(?P<n>\d{1,4})\s*[:.\-–]?\s*(?P<title>.*)$", re.IGNORECASE
)
# "Lukket: titel" / "titel (lukket)". Possessive runs of spaces where nothing after can use a space, and a
# lazy t2 that ends in a space only when it is one character: the same matches and groups as the plain
# form (checked on 300,000 random titles), without rescanning runs of spaces (quadratic per title).
_CLOSED_TITLE_RE = re.compile(
    r"^\(?\s*+lukket(?:\s++punkt)?\s*+\)?\s*[:\-–]\s*(?P<title>.+)$|^(?P<t2>.(?:.*?(?<!\s))??)\s*+\((?:lukket|L)\)$", re.IGNORECASE)
_CASE_CORE = (
    r"(?:\d{2}\.\d{2}\.\d{2}(?:-?[A-ZÆØÅ]\d{2})?-\d{1,6}-\d{2,4}"  # KLE: 00.01.00-P05-4-22, 00.01.00-6-20
    r"|\d{2}\.\d{2}\.\d{2}[A-ZÆØÅ]\d{2}-\d{2,6}"  # 00.01.00P35-0104
    r"|EMN-\d{4}-\d{3,8}"  # Aarhus eDoc
    r"|\d{2}/\d{2,7}"  # Acadre/SBSYS year/serial
    r"|\d{3}-\d{4}-\d{2,7}"  # 330-2018-3619
    r"|\d{4}-\d{4,8}"  # 2013-006244
    r"|[A-ZÆØÅ]{2,6}-\d{2,4}-\d{2,8})"
)
_CASE_LINE_RE = re.compile(
    r"^(?:(?:Acadre\s+)?(?:sags?nr|sagsnummer|sagsid|sags-?id|j\.?\s*nr|journalnr|journalnummer|dokumentnr)\.?\s*:?\s*)?"
    r"(?P<case>" + _CASE_CORE + r")\s*$",
    re.IGNORECASE,
)
_CASE_LABELLED_RE = re.compile(
    r"\b(?:Acadre\s+)?(?:sags?nr|sagsnummer|sagsid|journalnr|journalnummer)\.?\s*:?\s*(?P<case>" + _CASE_CORE + r")",
    re.IGNORECASE,
)
_HEADER_FIRST_RE = re.compile(
    r"^(?:REFERAT|BESLUTNINGSPROTOKOL|DAGSORDEN|PROTOKOL|REFERAT\s+AF\s+MØDE\s+I)\s*[-–:]?\s*(?P<rest>.*)$", re.IGNORECASE
)
# "<name>[_ ]2022-25 d. <date>". The lazy name never ends after a space, nor between two underscores, except
# as one character or the whole text (one place earlier matches too): the same matches and groups as the
# plain form (checked on 600,000 random titles) without rescanning a run of spaces for every end of the name
# (quadratic in a long REFERAT line).
_HEADER_REST_RE = re.compile(
    r"^(?P<name>.+?)(?:$|(?<=^.)|(?<! )(?:(?<!_)|(?!_)))(?:[_ ]++(?P<term>(?:19|20)\d\d\s*-\s*(?:\d\d){1,2}))?"
    r"(?:\s++(?:d\.|den)\s+(?P<date>.+))?$"
)
_LABELS: dict[str, str] = {
    "mødedato": "date", "dato": "date", "møde": "date", "mødetidspunkt": "time", "tidspunkt": "time",
    "starttidspunkt": "time", "start": "time", "mødestart": "time", "mødested": "location", "sted": "location",
    "lokale": "location", "mødelokale": "location", "mødedeltagere": "participants", "deltagere": "participants",
    "til stede": "participants", "medlemmer": "participants", "fraværende": "absent", "afbud": "absent",
    "fraværende med afbud": "absent", "udvalg": "committee", "mødeslut": "end", "sluttidspunkt": "end",
    "udvalget": "committee",
}
_LABEL_RE = re.compile(
    r"^(?P<label>" + "|".join(sorted((re.escape(k) for k in _LABELS), key=len, reverse=True)) + r")\b\s*:?\s*(?P<value>.*)$",
    re.IGNORECASE,
)
_TOC_RE = re.compile(r"^(?:indholdsfortegnelse|indhold|dagsorden|sagsliste|oversigt over punkter)\s*:?$", re.IGNORECASE)
# The specification of a TOC line; matched by _toc_line, which gives the same result in linear time.
_TOC_LINE_RE = re.compile(r"^(?P<title>.*?)(?:\s*\.{2,}[.\s]*|\s*…+\s*)?(?:\t+|\s{2,}|\s*\.{2,}\s*)(?P<page>\d{1,4})\s*$")
# "Beslutning i <body> den <date>". Body and date are lazy groups; written so that neither can start or
# end inside a run of spaces except where the plain form (\s+(?P<body>.+?)\s+…\s+(?P<date>.+?)\s*:?$)
# would take one single space as the whole group. Same matches and groups (checked on 400,000 random
# headings), without rescanning every run of spaces from every position (cubic: 3.6 ms per 120-character line).
_DECISION_OF_RE = re.compile(
    r"^(?P<kind>Beslutning(?:er)?|Indstilling|Afgørelse)\s++(?:i|fra)\s+(?P<body>\S(?:.*?(?<!\s))??|[^\S\n](?=\n*\s\S))"
    r"\s++(?:den|d\.)\s+(?P<date>\S(?:.*?(?<!\s))??|[^\S\n](?=\s*:?$))\s*+:?$",
    re.IGNORECASE,
)
_HIST_ENTRY_RE = re.compile(
    r"^(?P<kind>Beslutning(?:er)?|Indstilling)(?:\s+(?:i|fra)\s+(?P<body>[^,:]+?))?\s+(?:den\s+|d\.\s+)?"
    r"(?P<date>\d{1,2}[.\-/ ]\s*(?:[A-Za-zæøå]+\.?|\d{1,2})[.\-/ ]\s*\d{4}|\d{4}-\d\d-\d\d)"
    r"(?:\s*,?\s*(?:pkt\.?|punkt)\s*(?P<n>\d{1,4}))?\s*[.:]?\s*$",
    re.IGNORECASE,
)
_CHAIN_ENTRY_RE = re.compile(
    r"^(?P<body>[A-ZÆØÅ][^,:]{2,80}?),\s*(?P<date>\d{1,2}\.?\s+[A-Za-zæøå]+\.?\s+\d{4}|\d{1,2}-\d{1,2}-\d{4})\s*,\s*"
    r"(?:pkt\.?|punkt)\s*(?P<n>\d{1,4})\s*:\s*(?P<text>.*)$"
)
_FORLOEB_FIELD_RE = re.compile(r"^(?P<key>Udvalg|Organ|Dato|Punktnummer|Punkt\s*nr\.?)\s*:\s*(?P<value>.+)$", re.IGNORECASE)
_ATTACH_LABEL_RE = re.compile(
    r"^(?P<label>bilag\s+(?:nr\.?\s*)?(?:\d{1,3}(?:\.\d{1,3})*[A-Za-z]?\d{0,2}|[A-ZÆØÅ](?:\d{1,2})?))(?=[\s.:\-–)]|$)\s*(?:[-–:.)]\s*)?(?P<title>.*)$",
    re.IGNORECASE,
)
# " - åben", "(lukket)" at the end of an attachment line. A match never starts right after a space, nor
# inside a run of dashes/parentheses (one position earlier matches too), and nothing after a possessive
# run could take a character back: the same leftmost match as the plain form \s*[-–(]*\s*\b(?:…)\s*\)?\s*$
# (checked on 300,000 random lines), without rescanning every run of spaces from every position (cubic).
_OPEN_SUFFIX_RE = re.compile(r"(?<!\s)(?:(?<![-–(])|(?![-–(]))\s*+[-–(]*+\s*+\b(?:åben|åbent|offentlig)\s*+\)?\s*+$", re.IGNORECASE)
_CLOSED_SUFFIX_RE = re.compile(
    r"(?<!\s)(?:(?<![-–(])|(?![-–(]))\s*+[-–(]*+\s*+\b(?:lukket|fortroligt?|ikke offentligt?)\s*+\)?\s*+$", re.IGNORECASE)
_CLOSED_PREFIX_RE = re.compile(r"^\s*\(?\s*lukket(?:\s+bilag)?\s*\)?\s*[:\-–]\s*", re.IGNORECASE)
_LIST_MARK_RE = re.compile(r"^(?P<mark>[-*•▪◦·–]|\d{1,3}[.)]|[a-zæøå][.)]|[ivx]{1,4}[.)])\s+(?P<rest>\S.*)$", re.IGNORECASE)
_SIGNATURE_RE = re.compile(
    r"^(?:/[a-zæøå]{2,6}|[a-zæøå]{2,6}/[a-zæøå]{2,6}"
    r"|[A-ZÆØÅ][\w.\-]+(?:\s+[A-ZÆØÅ][\w.\-]+){1,4}(?:\s*/\s*[A-ZÆØÅ][\w.\-]+(?:\s+[A-ZÆØÅ][\w.\-]+){1,4})+)$"
)
_MONTH = dates.MONTH_RE
_REF_RE = re.compile(
    r"(?:(?P<body>\b[A-ZÆØÅ]{2,5}\b)\.?\s+)?(?:(?:d\.|den)\s+)?"
    r"(?P<date>\b[0-3]?\d\.?\s+" + _MONTH + r"(?:\s+(?:19|20)\d\d)?|\b[0-3]?\d[-.][01]?\d[-.](?:19|20)\d\d)"
    r"\s*[,.]?\s*\(?\s*(?:pkt\.?|punkt)\s*(?P<n>\d{1,4})\b\)?",
    re.IGNORECASE,
)
_DIGIT_RE = re.compile(r"\d")
_BARE_REF_RE = re.compile(r"\((?:pkt\.?|punkt)\s*(?P<n>\d{1,4})\)", re.IGNORECASE)
_BILAG_MENTION_RE = re.compile(r"\bbilag(?:et)?\s+(?P<label>\d{1,3}(?:\.\d{1,3})*[A-Za-z]?\d{0,2}|[A-ZÆØÅ]\b)?", re.IGNORECASE)
_YEAR_RE = re.compile(r"\b(?:19|20)\d\d\b")
# what a "Mødedato" value may hold besides words worth keeping
_DATE_WORDS_RE = re.compile(
    r"\b(?:" + "|".join(dates.WEEKDAYS) + r"|" + dates.MONTH_RE + r"|kl|den|d)\b\.?|[\d:./\-–]+", re.IGNORECASE)
_SENTENCE_SPLIT_RE = re.compile(r"(?<=[.!?])\s+")
_SAID_CLOSED_RE = re.compile(r"\b(?:er|være|bliver)\s+lukket\b|\blukket\s+bilag\b|\(lukket\)", re.IGNORECASE)

# Characters a match of these anchored patterns can start with (with IGNORECASE "ſ" is an "s", "İ" and "ı" are
# an "i"; tests check the sets against the patterns over all of Unicode). Most lines start with none of them,
# and a membership test is much cheaper than trying the pattern.
_ITEM_FIRST = frozenset("PpSsſDd")
_HIST_FIRST = frozenset("BbIiİı")  # _HIST_ENTRY_RE
_DECISION_OF_FIRST = frozenset("BbIiİıAa")
_LIST_BULLETS = "-*•▪◦·–"


def _item_match(t: str) -> re.Match[str] | None:
    """``_ITEM_RE.match(t)``."""
    return _ITEM_RE.match(t) if t[:1] in _ITEM_FIRST else None


def _decision_of(t: str) -> re.Match[str] | None:
    """``_DECISION_OF_RE.match(t)``."""
    return _DECISION_OF_RE.match(t) if t[:1] in _DECISION_OF_FIRST else None


_decision_of_cached = lru_cache(maxsize=4096)(_decision_of)  # section headings ("Beslutning") recur


def _list_mark(t: str) -> re.Match[str] | None:
    """``_LIST_MARK_RE.match(t)``: a mark is a bullet, or ends in "." or ")" within its first five characters."""
    return _LIST_MARK_RE.match(t) if t[:1] in _LIST_BULLETS or "." in t[1:5] or ")" in t[1:5] else None


def _case_line(t: str) -> re.Match[str] | None:
    """``_CASE_LINE_RE.match(t)``: every form of case number has a "-", "/" or "."."""
    return _CASE_LINE_RE.match(t) if "-" in t or "/" in t or "." in t else None


def _case_labelled(t: str) -> re.Match[str] | None:
    """``_CASE_LABELLED_RE.search(t)``: every label has "nr", "nummer" or "ag" (letters whose only other
    case is the ASCII one, so ``str.lower`` finds them as the pattern does)."""
    low = t.lower()
    return _CASE_LABELLED_RE.search(t) if "nr" in low or "nummer" in low or "ag" in low else None


def _case_of_line(line: str) -> str | None:
    """The case number that a block's first line (markup aside) consists of, or None."""
    cm = _case_line(strip_inline_markup(line).strip())
    return cm.group("case") if cm else None


def _labelled_case(text: str) -> str | None:
    """The first case number in ``text`` after a label ("Sagsnr.: …"), or None."""
    cm = _case_labelled(text)
    return cm.group("case") if cm else None


# the short lines under item headings ("Beslutning", "Sagsfremstilling") recur through a referat
_case_of_line_cached = lru_cache(maxsize=4096)(_case_of_line)
_labelled_case_cached = lru_cache(maxsize=4096)(_labelled_case)


def _closed_title(t: str) -> re.Match[str] | None:
    """``_CLOSED_TITLE_RE.match(t)``: one form has "lukket" (K may be the Kelvin sign, which lowers to k),
    the other ends in ")"."""
    return _CLOSED_TITLE_RE.match(t) if ")" in t or "lukket" in t.lower() else None


def _signature(t: str) -> re.Match[str] | None:
    """``_SIGNATURE_RE.match(t)``: every form has a "/"."""
    return _SIGNATURE_RE.match(t) if "/" in t else None


def _toc_line(s: str) -> tuple[str, str] | None:
    """``(title, page)`` exactly as ``_TOC_LINE_RE.match(s)`` gives them, or None; in linear time.

    The regex tries every end of the title and, for each, backtracks through the whole dot leader:
    cubic in a long run of dots and spaces (0.1 MB of such TOC lines took 6 s). Here the page is the
    trailing digits, and the title ends at the first place in the run of dots, ellipses and spaces
    before it from which the rest of the run has one of the separator forms the regex allows.
    """
    body = s.rstrip()
    e = j = len(body)
    while j > 0 and body[j - 1].isdecimal():
        j -= 1
    if not 1 <= e - j <= 4:
        return None
    page, pre = body[j:e], body[:j]
    n = r = len(pre)
    while r > 0 and (pre[r - 1] in ".…" or pre[r - 1].isspace()):
        r -= 1
    if r == n or "\n" in pre[:r]:
        return None
    nl = pre.find("\n", r)
    kmax = nl if nl != -1 else n - 1  # the title cannot cross a line break; the separator is not empty
    last_nontab = last_nonws = last_ell = r - 1
    for i in range(r, n):
        c = pre[i]
        if c != "\t":
            last_nontab = i
        if not c.isspace():
            last_nonws = i
        if c == "…":
            last_ell = i
    core_end = last_nonws + 1  # the run without its trailing whitespace
    last_nondot = r - 1
    for i in range(r, core_end):
        if pre[i] != ".":
            last_nondot = i
    next_nonws = [n] * (n - r + 2)  # next non-space position at or after r + offset
    ell_end = [0] * (n - r + 1)  # end of the run of "…" starting at r + offset
    for i in range(n - 1, r - 1, -1):
        next_nonws[i - r] = i if not pre[i].isspace() else next_nonws[i - r + 1]
        ell_end[i - r] = ell_end[i - r + 1] if i + 1 < n and pre[i + 1] == "…" else i + 1
    ends_tab = pre[n - 1] == "\t"
    ends_two_ws = n - r >= 2 and pre[n - 1].isspace() and pre[n - 2].isspace()
    ends_two_dots = core_end - r >= 2 and pre[core_end - 2] == "." and pre[core_end - 1] == "."
    for k in range(r, kmax + 1):
        if k > last_nontab or (k > last_nonws and n - k >= 2):
            return pre[:k], page  # tabs, or two or more spaces
        if k > last_nonws:
            continue
        j = next_nonws[k - r]
        if pre[j] == "." and last_nondot < j and core_end - j >= 2:
            return pre[:k], page  # a dot leader between spaces
        if pre[j] == "." and j + 1 < n and pre[j + 1] == "." and k > last_ell and (
                ends_tab or ends_two_ws or (core_end - j >= 4 and ends_two_dots)):
            return pre[:k], page  # a dot leader, then tabs, spaces or dots
        if pre[j] == "…":
            j2 = ell_end[j - r]
            if j2 < n and (j2 > last_nonws and (ends_tab or n - j2 >= 2)
                           or j2 <= last_nonws and last_nondot < next_nonws[j2 - r] and core_end - next_nonws[j2 - r] >= 2):
                return pre[:k], page  # an ellipsis, then tabs, spaces or dots
    return None


# --- public API -----------------------------------------------------------------------------


def parse_file(path: Path | str, municipality: str | None = None) -> Meeting:
    """Read and parse one referat. Raises :class:`ReadError` when the file cannot be read at all."""
    path = Path(path)
    src = read_source(path)
    meeting = parse_text(
        src.text,
        source_path=str(path),
        meta=src.meta,
        line_offset=src.line_offset,
        markdown=(path.suffix.lower() in (".md", ".markdown")) or None,
    )
    meeting.warnings[:0] = src.warnings
    meeting.municipality = (
        str(src.meta.get("municipality")) if src.meta.get("municipality") else municipality or municipality_from_path(path)
    )
    return meeting


def municipality_from_path(path: Path) -> str | None:
    """``content/<kommune>/…`` names the municipality; without a content folder, the parent folder does."""
    parts = path.resolve().parts
    for marker in ("content", "corpus", "corpus-pdf"):
        if marker in parts:
            i = len(parts) - 1 - parts[::-1].index(marker)
            if i + 2 < len(parts):
                return parts[i + 1]
    return path.parent.name or None


def parse_text(
    text: str,
    *,
    source_path: str | None = None,
    meta: dict[str, Any] | None = None,
    line_offset: int = 0,
    markdown: bool | None = None,
) -> Meeting:
    """Parse the text of one referat (already decoded) into a Meeting."""
    with _gc_paused():
        return _parse_text(text, source_path=source_path, meta=meta, line_offset=line_offset, markdown=markdown)


@contextmanager
def _gc_paused() -> Iterator[None]:
    """The cyclic garbage collector off while parsing, and back as it was after.

    Parsing builds hundreds of thousands of small objects (lines, blocks, sections) and no reference cycles,
    so the collector finds nothing to free; but each allocation counts towards its next pass, and its full
    passes walk every object still alive, the growing parse result included (about a sixth of the parse
    time of a 1 MB referat). Cycles made meanwhile anywhere in the process wait for the next pass after.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _parse_text(text: str, *, source_path: str | None, meta: dict[str, Any] | None, line_offset: int,
                markdown: bool | None) -> Meeting:
    text = normalize_chars(text)
    md = is_markdown_export(text) if markdown is None else (markdown and is_markdown_export(text)) or bool(markdown and is_markdown_export(text))
    blocks = text_blocks(text, md)  # characters were normalized above
    if line_offset:
        for b in blocks:
            for ln in b.lines:
                ln.no += line_offset
    p = _Parser(blocks, md, source_path)
    meeting = p.run()
    _apply_meta(meeting, meta or {})
    meeting.source_path = source_path
    return meeting


# --- implementation -------------------------------------------------------------------------


_LOOSE_RE = re.compile(r"[^\wæøå]+")


@lru_cache(maxsize=1024)  # called with the same committee name for every decision heading
def _loose(s: str | None) -> str:
    s = (s or "").lower()
    s = _LOOSE_RE.sub(" ", s)
    return " ".join(s.split())


@lru_cache(maxsize=256)  # one committee name per referat
def _deletion_table(s: str) -> dict[int, None]:
    """A str.translate table that deletes the characters of ``s``."""
    return dict.fromkeys(map(ord, s))


@lru_cache(maxsize=4096)  # called with the meeting's committee and the same few bodies for every decision heading
def _same_body(a: str | None, b: str | None) -> bool:
    la, lb = _loose(a), _loose(b)
    if not la or not lb:
        return False
    if la == lb:
        return True
    # ratio() <= 2·min/(sum of lengths) (its real_quick_ratio): names of very different lengths are not the
    # same body, and a long committee line is not run through SequenceMatcher for every decision heading
    if 2 * min(len(la), len(lb)) < 0.88 * (len(la) + len(lb)):
        return False
    # nor above 2·(characters the two have in common, counted with multiplicity)/(sum of lengths): its
    # quick_ratio(), here without building a SequenceMatcher; first the cheaper bound that leaves out only
    # the characters of one that the other lacks altogether
    common = len(la) - len(la.translate(_deletion_table(lb)))
    if 2.0 * common / (len(la) + len(lb)) < 0.88:
        return False
    common = sum(min(la.count(c), lb.count(c)) for c in set(la))
    if 2.0 * common / (len(la) + len(lb)) < 0.88:
        return False
    return SequenceMatcher(None, la, lb).ratio() >= 0.88


_BODY_LEAD_RE = re.compile(r"^\s*(?:(?:og|samt|,|herefter|derefter|til|i)\s+)+", re.IGNORECASE)
_BODY_TAIL_RE = re.compile(r"(?:\s+(?:den|d\.|på|i|mødet|møde|dato))+\s*$", re.IGNORECASE)
_BODY_TAIL_WORD_RE = re.compile(r"den|d\.|på|i|mødet|møde|dato", re.IGNORECASE)  # the last word of such a tail


def _clean_body(s: str) -> str:
    return _clean_body_cached(s) if len(s) <= 200 else _clean_body_uncached(s)


def _clean_body_uncached(s: str) -> str:
    s = " " + s.strip(" ,.;:-–") + " "
    lead = _BODY_LEAD_RE.match(s)  # anchored at the start: what sub(" ", s) replaces, without trying every place
    if lead:
        s = " " + s[lead.end():]
    last = s.rsplit(None, 1)[-1:]
    if last and _BODY_TAIL_WORD_RE.fullmatch(last[0]):  # else the tail pattern cannot match: no scan for it
        s = _BODY_TAIL_RE.sub(" ", s)
    s = s.strip(" ,.;:-–")
    if s.lower() in ("den", "d", "og", "samt", ""):
        return ""
    if s.upper() in BODY_ABBREVIATIONS:
        return BODY_ABBREVIATIONS[s.upper()]
    return s[:1].upper() + s[1:] if s else s


_clean_body_cached = lru_cache(maxsize=4096)(_clean_body_uncached)


def _is_table_block(b: Block) -> bool:
    if len(b.lines) == 1:
        t = b.lines[0].text
        if "\t" not in t and "|" not in t:
            return False  # a table has tabs or pipes
    lines = [l.text for l in b.lines]
    if not any("\t" in l or "|" in l for l in lines):
        return False
    tabbed = [l for l in lines if "\t" in l.strip("\t ")]
    if tabbed and len(tabbed) * 2 >= len(lines) and (len(lines) > 1 or tabbed[0].count("\t") >= 1):
        return True
    piped = [l for l in lines if l.strip().startswith("|") and l.strip().endswith("|") and l.count("|") >= 3]
    return bool(piped) and len(piped) * 2 >= len(lines)


def _cells(line: str) -> list[str]:
    s = line.strip()
    if s.startswith("|") and s.endswith("|") and "\t" not in s:
        parts = _PIPE_SPLIT_RE.split(s[1:-1])
    else:
        parts = s.split("\t")
    return [" ".join(p.split()).replace("|", "\\|") for p in parts]


_RULE_CELL_RE = re.compile(r"^:?-{2,}:?$")
_PIPE_SPLIT_RE = re.compile(r"(?<!\\)\|")
_LETTER_MARK_RE = re.compile(r"^(?:[a-zæøå]|[ivx]{1,4})[.)]$", re.IGNORECASE)  # "a)", "iv." (not "1.")
_ROUTE_LEAD_RE = re.compile(r"^[\s\-*•]+")


def table_markdown(lines: list[str]) -> str:
    rows = [_cells(l) for l in lines if l.strip()]
    # a separator row from a Markdown source table is markup: the header rule is written below
    rows = [r for r in rows if not all(_RULE_CELL_RE.match(c) for c in r if c) or not any(r)] or rows[:1]
    width = max(len(r) for r in rows)
    rows = [r + [""] * (width - len(r)) for r in rows]
    out = ["| " + " | ".join(rows[0]) + " |", "|" + "|".join([" --- "] * width) + "|"]
    out += ["| " + " | ".join(r) + " |" for r in rows[1:]]
    return "\n".join(out)


_WORD_BREAK_RE = re.compile(r"[A-Za-zÆØÅæøå]-$")
_CONJ_RE = re.compile(r"^(?:og|eller|samt|til|,)\b")


def _run_tail(pieces: list[str], n: int = 3) -> str:
    """The last ``n`` characters of a run kept as pieces (all that the line-end checks look at)."""
    tail = ""
    for p in reversed(pieces):
        tail = p + tail
        if len(tail) >= n:
            break
    return tail[-n:]


def _line_joiner(prev: str, nxt: str) -> str:
    """A word hyphenated at a line end ("P-" / "huse") joins without a space; "Økonomi-" / "og" keeps it."""
    if _WORD_BREAK_RE.search(prev) and nxt[:1].islower() and not _CONJ_RE.match(nxt):
        return ""
    return " "


def block_markdown(b: Block) -> str:
    """One block as Markdown: a table, a list, or a paragraph (lines joined, hard breaks kept)."""
    if _is_table_block(b):
        return table_markdown([l.text for l in b.lines])
    if len(b.lines) == 1:
        return _line_markdown(b.lines[0])
    # Each run is kept as its pieces and joined once at the end: adding a line to a joined string copied
    # the whole paragraph for every line (quadratic in a long block).
    runs: list[list[str]] = []
    kinds: list[str] = []
    for ln in b.lines:
        t = ln.text.strip()
        hard = ln.text.endswith("  ")
        m = _list_mark(t)
        if m:
            mark = m.group("mark")
            if mark in "*•▪◦·–":
                t = "- " + m.group("rest")
            elif _LETTER_MARK_RE.match(mark) and not mark[:1].isdecimal():
                t = "- " + t
            runs.append([t])
            kinds.append("list")
        elif runs and not (kinds[-1] == "para" and _run_tail(runs[-1]).endswith("  ")) and not ln.bold and not ln.heading:
            runs[-1] += [_line_joiner(_run_tail(runs[-1]), t), t]
        elif runs and kinds[-1] == "para":
            runs[-1] += ["\n", t]
        else:
            runs.append([t])
            kinds.append("para")
        if hard and runs:
            if t:  # the run ends with t, which has no trailing space
                runs[-1].append("  ")
            else:
                runs[-1] = ["".join(runs[-1]).rstrip() + "  "]
        # a converter sub-heading (### …) or a bold line inside a section stays visibly a sub-heading
        if (ln.bold or ln.heading) and kinds[-1] == "para" and not t.startswith("**") and t and runs[-1][-1] == t:
            # only this line: replacing every occurrence of t in the paragraph bolded earlier lines again
            # and again (n bold lines gave O(n²) asterisks)
            runs[-1][-1] = f"**{t}**"
    # a list directly after a paragraph needs a blank line to be a list in Markdown
    out = []
    for i, (r, k) in enumerate(zip(("".join(r) for r in runs), kinds)):
        if i and (k != kinds[i - 1]):
            out.append("\n\n" + r)
        elif i:
            out.append("\n" + r)
        else:
            out.append(r)
    return "".join(out).rstrip()


def _line_markdown(ln) -> str:
    """``block_markdown`` of a block of this one line (most blocks: headings, short paragraphs)."""
    emph = bool(ln.bold or ln.heading)
    return _line_markdown_cached(ln.text, emph) if len(ln.text) <= 200 else _line_markdown_text(ln.text, emph)


def _line_markdown_text(text: str, emph: bool) -> str:
    """``_line_markdown`` of a line with this text, bold or a converter heading when ``emph``."""
    t = text.strip()
    m = _list_mark(t)
    if m:
        mark = m.group("mark")
        if mark in "*•▪◦·–":
            return "- " + m.group("rest")
        if _LETTER_MARK_RE.match(mark) and not mark[:1].isdecimal():
            return "- " + t
        return t
    if emph and t and not t.startswith("**") and not text.endswith("  "):
        return f"**{t}**"
    return t


_line_markdown_cached = lru_cache(maxsize=4096)(_line_markdown_text)  # short lines recur ("Godkendt.")


def _heading_text_uncached(line: str) -> tuple[str, str, str | None, Any] | None:
    """What a block's first line says as a section heading, apart from the block around it: None when it is
    too long or empty, else (text, heading, kind, decision_of): text without markup, heading without its
    trailing colon; for "Beslutning i <body> den <date>" kind is "beslutning"/"indstilling" and
    decision_of is (match or None, date group, date) as _heading returns it, else kind is the section name's
    (or None) and decision_of None."""
    text = strip_inline_markup(line.strip())
    if len(text) > 120 or not text:
        return None
    dm = _decision_of(text)
    if dm:
        d = dates.parse_date(dm.group("date"))
        if d:
            heading = text.rstrip(":").strip()
            return (text, heading, "beslutning" if dm.group("kind").lower().startswith(("beslut", "afgør")) else "indstilling",
                    (dm if heading == text else None, dm.group("date"), d))
    heading = text.rstrip(":").strip()
    return text, heading, SECTION_NAMES.get(heading.lower()), None


# the same headings ("Beslutning", "Sagsfremstilling", "Bilag") open the sections of every item
_heading_text = lru_cache(maxsize=4096)(_heading_text_uncached)


class _Parser:
    def __init__(self, blocks: list[Block], markdown: bool, source_path: str | None):
        self.blocks = blocks
        self.markdown = markdown
        self.source_path = source_path
        self.meeting = Meeting()
        self.warnings = self.meeting.warnings

    def warn(self, line: int, message: str) -> None:
        self.warnings.append(ParseWarning(line, message))

    # -- top level

    def run(self) -> Meeting:
        heads = {}  # block index → its _ITEM_RE match, for the blocks that start an item
        for i, b in enumerate(self.blocks):
            if b.lines[0].text.lstrip()[:1] not in _ITEM_FIRST:
                continue  # _item_start would find no match
            m = self._item_start(b)
            if m:
                heads[i] = m
        starts = list(heads)
        head_end = starts[0] if starts else self._header_extent()
        self._parse_header(self.blocks[:head_end])
        if not starts:
            rest = self.blocks[head_end:]
            if rest:
                self.warn(rest[0].no, "ingen dagsordenspunkter ('Punkt N: …') fundet; teksten er læst som ét punkt uden nummer")
                self.meeting.items.append(self._parse_item(None, None, rest[0].no, rest, closed=False))
            else:
                self.warn(self.blocks[-1].no if self.blocks else 1, "ingen dagsordenspunkter fundet")
        for k, i in enumerate(starts):
            end = starts[k + 1] if k + 1 < len(starts) else len(self.blocks)
            number, title, extra, closed = self._item_heading(self.blocks[i], heads[i])
            body = ([extra] if extra else []) + self.blocks[i + 1:end]
            self.meeting.items.append(self._parse_item(number, title, self.blocks[i].no, body, closed))
        self._check_items()
        return self.meeting

    def _item_start(self, b: Block) -> re.Match[str] | None:
        """The _ITEM_RE match of ``b``'s first line when ``b`` starts an agenda item, else None."""
        m = _item_match(b.first.strip())
        if not m:
            return None
        # "Punkt 3 i indstillingen …" in running text is not an item heading
        title = m.group("title")
        if bool(title) and len(b.first) < 300 and not title[:1].islower() or (not title and len(b.lines) <= 3):
            return m
        return None

    def _item_heading(self, b: Block, m: re.Match[str] | None = None) -> tuple[int | None, str | None, Block | None, bool]:
        m = m or _item_match(b.first.strip())
        assert m
        number = int(m.group("n"))
        title_parts = [m.group("title").strip()]
        extra = None
        if len(b.lines) == 1:
            title = title_parts[0] or None
        else:
            rest = b.lines[1:]
            # a title wrapped over lines (PDF layouts) continues until a case number or a long line
            for j, ln in enumerate(rest):
                if _case_line(ln.text.strip()) or len(" ".join(title_parts)) > 250:
                    extra = Block(rest[j:])
                    break
                title_parts.append(ln.text.strip())
            title = " ".join(p for p in title_parts if p).strip() or None
        closed = False
        if title:
            title = strip_inline_markup(title)
            cm = _closed_title(title)
            if cm:
                closed = True
                title = (cm.group("title") or cm.group("t2")).strip()
        return number, title, extra, closed

    def _header_extent(self) -> int:
        """Without item headings: how many leading blocks are meeting header."""
        n = 0
        for i, b in enumerate(self.blocks[:40]):
            t = strip_inline_markup(b.first)
            if _HEADER_FIRST_RE.match(t) and i < 3 or _LABEL_RE.match(t) and _LABELS[_LABEL_RE.match(t).group("label").lower()] != "committee" and len(t) < 200 and not SECTION_NAMES.get(t.lower().rstrip(":")):
                n = i + 1
            elif _TOC_RE.match(t):
                n = i + 1
            elif n and i == n and all(_toc_line(l.text) for l in b.lines):
                n = i + 1
        return n

    # -- header

    def _parse_header(self, blocks: list[Block]) -> None:
        """Header fields, the table of contents, and notes for whatever else stands there.

        Works line by line inside each block, so no line is lost when the export put no blank line
        between fields: a label line starts a field; a line without a label continues the previous
        field when that field can wrap (participants), and otherwise becomes a note.
        """
        m = self.meeting
        in_toc = False
        pending: str | None = None
        for b in blocks:
            first = strip_inline_markup(b.first)
            if in_toc:
                titles = [self._toc_title(l.text) for l in b.lines]
                if all(t is not None for t in titles):
                    m.toc.extend(t for t in titles if t)
                    continue
                in_toc = False
            lines = list(b.lines)
            if _TOC_RE.match(first):
                in_toc = True
                for ln in lines[1:]:
                    t = self._toc_title(ln.text)
                    if t:
                        m.toc.append(t)
                    elif t is None:
                        self._note(ln.text, ln.no)
                continue
            hm = _HEADER_FIRST_RE.match(first)
            if hm and m.committee is None and hm.group("rest"):
                self._header_title(hm.group("rest"), b)
                lines = lines[1:]
            elif pending:
                self._set_field(pending, strip_inline_markup(lines[0].text), lines[0].no)
                pending = None
                lines = lines[1:]
            # group the remaining lines: a label line opens a group, other lines continue it
            groups: list[tuple[str | None, str, list]] = []  # (key, value, continuation lines)
            for ln in lines:
                t = strip_inline_markup(ln.text)
                lm = _LABEL_RE.match(t)
                if lm and len(lm.group("label")) >= 3:
                    groups.append((_LABELS[lm.group("label").lower()], lm.group("value"), [ln]))
                elif groups:
                    groups[-1][2].append(ln)
                else:
                    groups.append((None, t, [ln]))
            for key, value, glines in groups:
                if key is None:
                    text = " ".join(strip_inline_markup(l.text) for l in glines)
                    if m.committee is None and not m.notes and len(glines[0].text) < 150 and _looks_like_committee(glines[0].text):
                        self._header_title(strip_inline_markup(glines[0].text), b)
                        for l in glines[1:]:
                            self._note(l.text, l.no)
                    else:
                        self._note(text, glines[0].no)
                    continue
                rest = [strip_inline_markup(l.text) for l in glines[1:]]
                if key in ("participants", "absent"):
                    value = " ".join([value, *rest])  # names wrap over lines
                    rest = []
                if value.strip():
                    self._set_field(key, value, glines[0].no)
                else:
                    pending = key
                for l, t in zip(glines[1:], rest):
                    self._note(t, l.no)

    def _note(self, text: str, line: int) -> None:
        if text.strip():
            self.meeting.notes.append(text)
            self.warn(line, "tekst i mødehovedet blev ikke genkendt og vises som note på mødesiden")

    def _header_field(self, line: str, no: int) -> bool:
        lm = _LABEL_RE.match(line)
        if not lm or not lm.group("value").strip():
            return False
        self._set_field(_LABELS[lm.group("label").lower()], lm.group("value"), no)
        return True

    def _header_title(self, rest: str, b: Block) -> None:
        m = self.meeting
        rm = _HEADER_REST_RE.match(rest.strip())
        if not rm:
            return
        name = rm.group("name").strip(" _-–")
        term = rm.group("term")
        if not term:
            tm = re.search(r"[_ ]((?:19|20)\d\d\s*-\s*\d{2,4})$", name)
            if tm:
                term, name = tm.group(1), name[: tm.start()].strip(" _-–")
        m.committee = name or None
        if term:
            m.term = dates.normalize_term(term)
        if rm.group("date"):
            d = dates.parse_date(rm.group("date"))
            if d:
                m.date = d
            t = dates.parse_time(rm.group("date").split(" ", 1)[-1]) if " kl" in rm.group("date") else None
            if t:
                m.start_time = t
            # words after "den"/"d." besides the date and time ("… den 3. februar og magistraten den 9. marts"),
            # or a date that could not be read, are kept as a note instead of being dropped
            if not d or _DATE_WORDS_RE.sub(" ", rm.group("date")).strip(" ,.;:-–()"):
                self._note(rm.group("date"), b.no)

    def _set_field(self, key: str, value: str, no: int) -> None:
        m = self.meeting
        value = value.strip()
        if key == "date":
            d = dates.parse_date(value)
            if d:
                if m.date and d != m.date:
                    self.warn(no, f"mødedatoen {d.isoformat()} afviger fra datoen i overskriften {m.date.isoformat()}")
                m.date = m.date or d
            else:
                self.warn(no, f"mødedatoen kunne ikke læses: {value!r}")
                m.notes.append(value)
            tm = re.search(r"\bkl\.?\s*(\d{1,2}[:.]\d\d)", value)
            t = dates.parse_time(tm.group(1)) if tm else None
            if t:
                m.start_time = t
            # words beside the date and time ("… kl. 16:00, mødet holdes online") are kept as a note
            if d and _DATE_WORDS_RE.sub(" ", value).strip(" ,.;:-–()"):
                self._note(value, no)
        elif key == "time":
            t = dates.parse_time(value)
            if t:
                m.start_time = t
        elif key == "location":
            if m.location and m.location != value:
                self._note(value, no)
            else:
                m.location = value
        elif key == "committee":
            if m.committee and _loose(m.committee) != _loose(value):
                self._note(value, no)
            m.committee = m.committee or value
        elif key in ("participants", "absent"):
            for name, absent in _split_people(value):
                if key == "participants":
                    m.participants.append(name)
                if absent or key == "absent":
                    m.absent.append(name)
        elif key == "end":
            m.notes.append(value)

    @staticmethod
    def _toc_title(line: str) -> str | None:
        s = strip_inline_markup(line).strip()
        if not s:
            return ""
        tm = _toc_line(s)
        if tm:
            t = tm[0].rstrip(". …\t")
            im = _item_match(t)
            return (im.group("title").strip() if im else t) or None
        return None

    # -- items

    def _parse_item(self, number: int | None, title: str | None, line: int, blocks: list[Block], closed: bool) -> AgendaItem:
        item = AgendaItem(number=number, title=title, line=line, closed=closed)
        # the case number sits right under the heading; allow a line or two of noise before it
        for k, b in enumerate(blocks[:3]):
            t = b.lines[0].text
            case = _case_of_line_cached(t) if len(t) <= 200 else _case_of_line(t)
            if case and len(b.lines) == 1:
                item.case_number = case
                blocks = blocks[:k] + blocks[k + 1:]
                break
        if item.case_number is None:
            for b in blocks[:4]:
                t = b.text
                case = _labelled_case_cached(t) if len(t) <= 200 else _labelled_case(t)
                if case:
                    item.case_number = case
                    break
        sections: list[tuple[Section, list[Block]]] = []
        # per decision section: _DECISION_OF_RE's match on its heading (None when matched on other text), date group, date
        decisions_of: dict[int, tuple[re.Match[str] | None, str, Date]] = {}
        for idx, b in enumerate(blocks):
            first = b.lines[0]
            h = _heading_text(first.text) if len(first.text) <= 200 else _heading_text_uncached(first.text)
            if h is None or h[2] is None and not first.heading:
                head = None  # what _heading gives a line that is no decision heading, section name or converter heading
            else:
                head = self._heading(b, sections[-1][0] if sections else None, blocks[idx + 1] if idx + 1 < len(blocks) else None, h)
            if head:
                heading, kind, decision_of = head
                sections.append((Section(heading=heading, text="", kind=kind, line=b.no), []))
                if decision_of is not None:
                    decisions_of[id(sections[-1][0])] = decision_of
                rest = b.lines[1:]
                if rest:
                    sections[-1][1].append(Block(rest))
                continue
            if not sections:
                # text before the first heading keeps its place in an untitled section
                sections.append((Section(heading="", text="", kind="other", line=b.no), []))
            sections[-1][1].append(b)
        kinds = set()
        for sec, sblocks in sections:
            parts = []
            for b in sblocks:
                if len(b.lines) == 1:
                    t = b.lines[0].text
                    # block_markdown of one line that cannot be a table row (no tab, no pipe)
                    md = _line_markdown(b.lines[0]) if "\t" not in t and "|" not in t else block_markdown(b)
                    parts.append(md)
                    if "/" in t and _signature(t.strip()):
                        sec.small_print.append(md)
                else:
                    parts.append(block_markdown(b))
            sec.text = "\n\n".join(parts)
            item.sections.append(sec)
            kinds.add(sec.kind)
            if sec.kind == "bilag":
                item.attachments.extend(self._attachments(sblocks))
            elif sec.kind == "historik":
                item.history.extend(self._history(sblocks))
        # each step below looks only at sections of its kinds (or sorts the history it finds)
        if "beslutning" in kinds or item.history:
            self._decide(item, sections, decisions_of)
        if "behandling" in kinds:
            self._route(item)
        if item.route:
            by_date = {}
            for step in item.route:
                if step.date:
                    by_date.setdefault(step.date, step.body)
            for h in item.history:
                if h.body is None and h.date in by_date:
                    h.body = by_date[h.date]
        self._references(item)
        if item.attachments:
            self._closed_mentions(item)
        if not item.sections and not closed:
            self.warn(line, f"punkt {number if number is not None else ''} har ingen tekst".replace("  ", " "))
        return item

    def _heading(self, b: Block, current: Section | None, nxt: Block | None, h: Any = False) -> tuple[str, str, Any] | None:
        """(heading, kind, decision_of) when ``b`` starts a section. For a "Beslutning i <body> den <date>"
        heading, decision_of is (match, date group, date) for _decide to reuse: the match only when it was
        made on the heading itself (not on the text with its trailing colon), the date when the group is the same."""
        first = b.lines[0]
        if h is False:  # else the caller read the line already
            h = _heading_text(first.text) if len(first.text) <= 200 else _heading_text_uncached(first.text)
        if h is None:
            return None
        text, heading, kind, decision_of = h
        if decision_of is not None:
            return heading, kind, decision_of
        single = len(b.lines) == 1 or first.heading > 0
        if kind and single:
            if current is not None and current.kind == "bilag" and not first.heading and not self._prose_follows(nxt):
                return None  # an attachment titled like a section ("Indstilling") stays an attachment
            return heading, kind, None
        if first.heading and first.heading <= 2 and single and not _item_match(text):
            return heading, "other", None
        return None

    @staticmethod
    def _prose_follows(nxt: Block | None) -> bool:
        if nxt is None or _ATTACH_LABEL_RE.match(strip_inline_markup(nxt.first).strip()):
            return False
        t = nxt.text.strip()
        return len(t) > 100 or t.endswith(".") or bool(_list_mark(nxt.first.strip()))

    def _attachments(self, blocks: list[Block]) -> list[Attachment]:
        out = []
        for b in blocks:
            if _is_table_block(b):
                lines = [" ".join(c for c in _cells(l.text) if c) for l in b.lines]
                nos = [l.no for l in b.lines]
            else:
                lines, nos = [], []
                for ln in b.lines:
                    t = ln.text.strip()
                    if lines and not _ATTACH_LABEL_RE.match(t) and not _list_mark(t) and (lines[-1].endswith(("-", ",")) or t[:1].islower()):
                        lines[-1] += " " + t  # a title wrapped over two lines
                    else:
                        lines.append(t)
                        nos.append(ln.no)
            for t, no in zip(lines, nos):
                t = strip_inline_markup(t)
                lm = _list_mark(t)
                if lm and lm.group("mark") in "-*•▪◦·–":
                    t = lm.group("rest")
                if t:
                    out.append(_attachment(t, no))
        return out

    def _history(self, blocks: list[Block]) -> list[HistoryEntry]:
        entries: list[HistoryEntry] = []
        texts: list[list[str]] = []
        year = self.meeting.date.year if self.meeting.date else None
        pending: dict[str, str] = {}
        for b in blocks:
            first = strip_inline_markup(b.first).strip()
            fm = _FORLOEB_FIELD_RE.match(first)
            if fm and len(b.lines) <= 3 and all(_FORLOEB_FIELD_RE.match(strip_inline_markup(l.text).strip()) for l in b.lines):
                # First Agenda's Sagsforløb: Udvalg / Dato / Punktnummer lines, then the decision text
                for l in b.lines:
                    f = _FORLOEB_FIELD_RE.match(strip_inline_markup(l.text).strip())
                    key = f.group("key").lower()
                    if key.startswith("udvalg") and pending.get("udvalg"):
                        pending = {}
                    pending[key[:6]] = f.group("value").strip()
                if {"udvalg", "dato"} <= pending.keys() and "punktn" in pending or "punktn" in pending:
                    entries.append(HistoryEntry(
                        date=dates.parse_date(pending.get("dato", ""), year), kind="beslutning",
                        body=_clean_body(pending["udvalg"]) if pending.get("udvalg") else None,
                        item_number=int(pending["punktn"]) if pending["punktn"].isdigit() else None, text=""))
                    texts.append([])
                    pending = {}
                continue
            hm = _HIST_ENTRY_RE.match(first)
            cm = None if hm else _CHAIN_ENTRY_RE.match(first)
            if hm:
                entries.append(HistoryEntry(
                    date=dates.parse_date(hm.group("date"), year),
                    kind="indstilling" if hm.group("kind").lower().startswith("indstil") else "beslutning",
                    body=_clean_body(hm.group("body")) if hm.group("body") else None,
                    item_number=int(hm.group("n")) if hm.group("n") else None,
                    text="",
                ))
                texts.append([block_markdown(Block(b.lines[1:]))] if len(b.lines) > 1 else [])
            elif cm:
                entries.append(HistoryEntry(
                    date=dates.parse_date(cm.group("date"), year), kind="beslutning", body=_clean_body(cm.group("body")),
                    item_number=int(cm.group("n")), text="",
                ))
                rest = cm.group("text").strip()
                texts.append(([rest] if rest else []) + ([block_markdown(Block(b.lines[1:]))] if len(b.lines) > 1 else []))
            elif entries:
                texts[-1].append(block_markdown(b))
        for e, t in zip(entries, texts):
            e.text = "\n\n".join(x for x in t if x)
            if e.kind == "beslutning":
                e.outcomes = classify(e.text)
            if e.body is None:
                t = e.text.lstrip("*- ")
                end = _body_word_end(t) if e.kind == "beslutning" else None
                if end is not None:
                    e.body = _clean_body(t[:end])
        return entries

    def _decide(self, item: AgendaItem, sections: list[tuple[Section, list[Block]]],
                decisions_of: dict[int, tuple[re.Match[str] | None, str, Date]] | None = None) -> None:
        m = self.meeting
        own: list[tuple[Section, str | None, Date | None]] = []
        others: list[tuple[Section, str, Date | None]] = []
        plain: list[Section] = []
        for sec, _ in sections:
            if sec.kind != "beslutning":
                continue
            known = decisions_of.get(id(sec)) if decisions_of else None
            dm = known[0] if known and known[0] else _decision_of_cached(sec.heading)
            if dm:
                body = _clean_body(dm.group("body"))
                d = known[2] if known and known[1] == dm.group("date") else dates.parse_date(dm.group("date"))
                if (m.committee and _same_body(body, m.committee)) or (not m.committee and m.date and d == m.date):
                    own.append((sec, body, d))
                else:
                    others.append((sec, body, d))
            else:
                plain.append(sec)
        if not own and not plain and others and not m.committee:
            # no committee known: the latest decision is the meeting's own
            others.sort(key=lambda t: t[2] or Date.min)
            own.append(others.pop())
        for sec, body, d in others:
            item.history.append(HistoryEntry(date=d, kind="beslutning", body=body, item_number=None, text=sec.text,
                                             outcomes=classify(sec.text)))
        chosen = own[-1] if own else ((plain[-1], m.committee, m.date) if plain else None)
        if chosen:
            sec, body, d = chosen
            if sec.text.strip():
                item.decision = Decision(text=sec.text, outcomes=classify(sec.text), body=body, date=d or m.date)
        if len(item.history) > 1:
            item.history.sort(key=lambda h: (h.date or Date.min), reverse=True)

    def _route(self, item: AgendaItem) -> None:
        meeting_year = self.meeting.date.year if self.meeting.date else None
        for sec in item.sections:
            if sec.kind != "behandling":
                continue
            text = sec.text.replace("\n", " ")
            # 2000 is a leap year, so "29. februar" survives until the real year is known
            found = dates.find_dates(text, default_year=2000)
            years = [(mm.start(), int(mm.group())) for mm in _YEAR_RE.finditer(text)]
            prev_end, prev_body = 0, None
            for start, end, d, has_year in found:
                if d and not has_year:
                    later = [y for pos, y in years if pos >= end]
                    y = later[0] if later else meeting_year
                    d = dates.make_date(y, d.month, d.day) if y else None
                body = _clean_body(_ROUTE_LEAD_RE.sub("", text[prev_end:start]))
                body = body or prev_body
                if body:
                    item.route.append(RouteStep(body=body, date=d))
                prev_end, prev_body = end, body

    def _references(self, item: AgendaItem) -> None:
        default_year = self.meeting.date.year if self.meeting.date else None
        seen: set[tuple[str | None, Date | None, int]] = set()
        for sec in item.sections:
            if sec.kind == "bilag":
                continue
            low = sec.text.lower()
            if "pkt" not in low and "punkt" not in low:
                continue  # no paragraph has either word (lower-casing them does not depend on what is around them)
            for para in sec.text.split("\n"):
                low = para.lower()
                if "pkt" not in low and "punkt" not in low:
                    continue  # both patterns need one of these words (saves two scans of every paragraph)
                t = strip_inline_markup(para)
                if t[:1] in _HIST_FIRST and _HIST_ENTRY_RE.match(t):
                    continue
                # a reference's date has a digit before its "pkt"/"punkt", hence before the last one (lower-casing
                # never shortens text, so that position in ``low`` is at or after the one in ``para``)
                last_word = max(low.rfind("pkt"), low.rfind("punkt"))
                refs = list(_REF_RE.finditer(para)) if _DIGIT_RE.search(para, 0, last_word) else []
                # years in the paragraph, found once (not once per reference: quadratic on long paragraphs)
                year_ends, year_vals = [], []
                for ym in _YEAR_RE.finditer(para) if refs else ():
                    year_ends.append(ym.end())
                    year_vals.append(int(ym.group()))
                for rm in refs:
                    # the last year in para[:start]: one that the cut at ``start`` ends, else the last before it
                    cut = _YEAR_RE.match(para, rm.start() - 4, rm.start()) if rm.start() >= 4 else None
                    k = bisect_right(year_ends, rm.start())
                    year_before = int(cut.group()) if cut else (year_vals[k - 1] if k else None)
                    d = dates.parse_date(rm.group("date"), year_before if year_before is not None else default_year)
                    body = rm.group("body")
                    if body and body.upper() not in BODY_ABBREVIATIONS and not body.isupper():
                        body = None
                    text = rm.group(0).strip(" ,.")
                    if text.endswith(")") and "(" not in text:
                        text = text[:-1]
                    ref = Reference(text=text, body=BODY_ABBREVIATIONS.get(body, body) if body else None,
                                    date=d, item_number=int(rm.group("n")))
                    key = (ref.body, ref.date, ref.item_number)
                    if key not in seen:
                        seen.add(key)
                        item.references.append(ref)
                starts = [r.start() for r in refs]
                for bm in _BARE_REF_RE.finditer(para) if "(" in para else ():
                    # inside or just after a full reference (matches are disjoint and sorted)
                    k = bisect_right(starts, bm.start())
                    if k and bm.start() < refs[k - 1].end() + 2:
                        continue
                    key = (None, None, int(bm.group("n")))
                    if key not in seen:
                        seen.add(key)
                        item.references.append(Reference(text=bm.group(0), item_number=int(bm.group("n"))))

    def _closed_mentions(self, item: AgendaItem) -> None:
        """Attachments described as closed in the text ("Bilaget er lukket, da …")."""
        if not item.attachments:
            return
        closed_labels: set[str] = set()
        for sec in item.sections:
            if sec.kind == "bilag":
                continue
            if "lukket" not in sec.text.lower():
                continue
            last_label = None
            for sentence in _SENTENCE_SPLIT_RE.split(sec.text):
                labels = [m.group("label") for m in _BILAG_MENTION_RE.finditer(sentence) if m.group("label")]
                if labels:
                    last_label = labels[-1]
                if _SAID_CLOSED_RE.search(sentence) and "bilag" in sentence.lower():
                    lab = labels[-1] if labels else last_label
                    if lab:
                        closed_labels.add(lab.lower())
        for a in item.attachments:
            if a.label and a.label.split()[-1].lower() in closed_labels:
                a.closed = True

    def _check_items(self) -> None:
        items = self.meeting.items
        seen: dict[int, int] = {}
        for it in items:
            if it.number is None:
                continue
            if it.number in seen:
                self.warn(it.line, f"punkt {it.number} forekommer to gange (også linje {seen[it.number]})")
            seen[it.number] = it.line
        toc = self.meeting.toc
        numbered = [it for it in items]
        if toc and numbered:
            if len(toc) != len(numbered):
                self.warn(numbered[0].line, f"indholdsfortegnelsen har {len(toc)} punkter, teksten har {len(numbered)}")
            for t, it in zip(toc, numbered):
                lt = _loose(re.sub(r"^\s*lukket\s*:\s*", "", t, flags=re.IGNORECASE))
                # PDF tables of contents cut long titles: a prefix of 30+ characters is the same title
                if it.title and lt != _loose(it.title) and not (len(lt) >= 30 and _loose(it.title).startswith(lt)):
                    self.warn(it.line, f"titlen i indholdsfortegnelsen afviger fra overskriften: {t!r} ≠ {it.title!r}")
        if items:
            last = items[-1]
            if last.sections:
                tail = last.sections[-1].text.rstrip()
                if tail and len(tail) > 60 and tail[-1].isalpha() and "\n" not in tail[-80:] and not last.sections[-1].kind == "bilag":
                    end_line = self.blocks[-1].lines[-1].no if self.blocks else last.line
                    self.warn(end_line, "teksten slutter midt i en sætning; filen kan være afkortet")


_CLOSED_WORD_END_RE = re.compile(r"\b(?:lukket|fortroligt?|ikke offentligt?)\Z", re.IGNORECASE)
_OPEN_WORD_END_RE = re.compile(r"\b(?:åben|åbent|offentlig)\Z", re.IGNORECASE)


def _suffix_search(rx: re.Pattern[str], word_end_rx: re.Pattern[str], t: str, last_letters: str) -> re.Match[str] | None:
    """``rx.search(t)`` for _OPEN_SUFFIX_RE / _CLOSED_SUFFIX_RE, trying only the places where it can start.

    Such a match is a run of spaces, dashes and parentheses, then its word, then at most spaces and one ")"
    to the end; so it exists only when the word ends where those end, and starts in the run before the word.
    (Searching the whole title tried the pattern at every character of every attachment line.) ``last_letters``
    are the letters the words end with, in both cases.
    """
    if "\n" in t:
        return rx.search(t)
    r = t.rstrip()
    if r.endswith(")"):
        r = r[:-1].rstrip()
    if r[-1:] not in last_letters:
        return None
    w = word_end_rx.search(r, max(0, len(r) - 16))  # the longest word has 15 characters
    if w is None:
        return None
    p = w.start()
    while p and (t[p - 1].isspace() or t[p - 1] in "-–("):
        p -= 1
    return rx.search(t, p)


def _attachment(text: str, line: int) -> Attachment:
    closed = False
    t = text.strip()
    pm = _CLOSED_PREFIX_RE.match(t)
    if pm:
        closed = True
        t = t[pm.end():]
    sm = _suffix_search(_CLOSED_SUFFIX_RE, _CLOSED_WORD_END_RE, t, "tTgG")
    if sm:
        closed = True
        t = t[:sm.start()] + t[sm.end():]
    sm = _suffix_search(_OPEN_SUFFIX_RE, _OPEN_WORD_END_RE, t, "nNtTgG")
    if sm:
        t = t[:sm.start()] + t[sm.end():]
    lm = _ATTACH_LABEL_RE.match(t)
    if lm:
        label = " ".join(lm.group("label").split())
        title = lm.group("title").strip(" -–:")
        return Attachment(label=label, title=title or label, closed=closed, line=line)
    return Attachment(label=None, title=t, closed=closed, line=line)


def _split_people(value: str) -> Iterable[tuple[str, bool]]:
    value = re.sub(r"\s+", " ", value)
    for part in re.split(r"\s*[,;]\s*|\s+og\s+", value):
        part = part.strip(" .")
        if not part:
            continue
        absent = bool(re.search(r"\((?:afbud|fraværende|fravær)\)", part, re.IGNORECASE))
        name = re.sub(r"\s*\((?:afbud|fraværende|fravær)\)\s*", " ", part, flags=re.IGNORECASE).strip()
        if name:
            yield name, absent


def _looks_like_committee(text: str) -> bool:
    return bool(re.search(r"(udvalg|udvalget|Magistraten|bestyrelsen|Byrådet|rådet|Borgerrepræsentationen)\b", text, re.IGNORECASE))


def _apply_meta(m: Meeting, meta: dict[str, Any]) -> None:
    """Front matter and sidecar values fill what the text lacks (and override it when given)."""
    if not meta:
        return
    for key in ("committee", "location", "start_time", "source_url"):
        if meta.get(key) is not None:
            setattr(m, key, str(meta[key]).strip())
    if meta.get("term") is not None:
        m.term = dates.normalize_term(str(meta["term"])) or str(meta["term"])
    if meta.get("date") is not None:
        d = meta["date"]
        m.date = d if isinstance(d, Date) else dates.parse_date(str(d))
    if meta.get("start_time") is not None:
        m.start_time = dates.parse_time(str(meta["start_time"])) or str(meta["start_time"])
    for key in ("participants", "absent"):
        v = meta.get(key)
        if isinstance(v, list):
            setattr(m, key, [str(x) for x in v])
        elif isinstance(v, str):
            setattr(m, key, [n for n, _ in _split_people(v)])
    if meta.get("municipality"):
        m.municipality = str(meta["municipality"])
