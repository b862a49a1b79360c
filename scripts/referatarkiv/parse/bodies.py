"""Names of political bodies: found in text, cleaned, expanded and compared.

"MAG" is Magistraten; "og Teknik- og Miljøudvalget den" is Teknik- og Miljøudvalget; "Arbejdsmarkeds-
og uddannelsesudvalget" and "Arbejdsmarkeds- og Uddannelsesudvalget" are one body.
"""
from __future__ import annotations

import re
from difflib import SequenceMatcher
from functools import lru_cache

from .vocab import BODY_ABBREVIATIONS

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


def body_word_end(text: str) -> int | None:
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

_LOOSE_RE = re.compile(r"[^\wæøå]+")


@lru_cache(maxsize=1024)  # called with the same committee name for every decision heading
def loose(s: str | None) -> str:
    s = (s or "").lower()
    s = _LOOSE_RE.sub(" ", s)
    return " ".join(s.split())


@lru_cache(maxsize=256)  # one committee name per referat
def _deletion_table(s: str) -> dict[int, None]:
    """A str.translate table that deletes the characters of ``s``."""
    return dict.fromkeys(map(ord, s))


@lru_cache(maxsize=4096)  # called with the meeting's committee and the same few bodies for every decision heading
def same_body(a: str | None, b: str | None) -> bool:
    la, lb = loose(a), loose(b)
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


def clean_body(s: str) -> str:
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

