"""Danish dates: parse the many ways referater write them, and format them for the site."""
from __future__ import annotations

import re
from datetime import date
from functools import lru_cache

MONTHS = {
    "januar": 1, "februar": 2, "marts": 3, "april": 4, "maj": 5, "juni": 6, "juli": 7,
    "august": 8, "september": 9, "oktober": 10, "november": 11, "december": 12,
    # abbreviations seen in meeting systems ("15-maj-2002", "3. feb. 2020")
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
    "okt": 10, "nov": 11, "dec": 12,
}
MONTH_NAMES = [
    "januar", "februar", "marts", "april", "maj", "juni", "juli", "august", "september",
    "oktober", "november", "december",
]
WEEKDAYS = ["mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag"]

# English month names: some municipal web sites write dates in English ("Monday, March 7, 2016 - 17:00").
EN_MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7, "august": 8,
    "september": 9, "october": 10, "november": 11, "december": 12,
}
EN_WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
EN_MONTH_RE = r"(?:january|february|march|april|may|june|july|august|september|october|november|december)"

MONTH_RE = r"(?:januar|februar|marts|april|maj|juni|juli|august|september|oktober|november|december|jan|feb|mar|apr|jun|jul|aug|sept|sep|okt|nov|dec)\.?"

# "2. marts 2020", "2 marts 2020", "02. marts" (year optional)
TEXT_DATE_RE = re.compile(
    rf"\b(?P<d>[0-3]?\d)\.?\s+(?P<m>{MONTH_RE})(?:,?\s+(?P<y>(?:19|20)\d\d))?(?!\w)",
    re.IGNORECASE,
)
# "02-03-2020", "2.3.2020", "23.08.2017", "15-maj-2002"
NUM_DATE_RE = re.compile(
    rf"\b(?P<d>[0-3]?\d)[-./](?P<m>[01]?\d|{MONTH_RE})[-./](?P<y>(?:19|20)\d\d)\b", re.IGNORECASE
)
# "March 7, 2016", "March 7 2016"
# "March 7, 2016", "Marts 3, 2016" (web pages that print a Danish month in the English order)
EN_DATE_RE = re.compile(rf"\b(?P<m>{EN_MONTH_RE}|{MONTH_RE})\s+(?P<d>[0-3]?\d),?\s+(?P<y>(?:19|20)\d\d)\b", re.IGNORECASE)
ISO_DATE_RE = re.compile(r"\b(?P<y>(?:19|20)\d\d)-(?P<m>[01]\d)-(?P<d>[0-3]\d)\b")
TIME_RE = re.compile(r"\b(?:kl\.?\s*)?(?P<h>[0-2]?\d)[:.](?P<mi>[0-5]\d)\b")


def _month(token: str) -> int | None:
    if token.isdigit():  # lower() and rstrip(".") leave digits as they are
        m = int(token)
        return m if 1 <= m <= 12 else None
    token = token.lower().rstrip(".")
    if token.isdigit():
        m = int(token)
        return m if 1 <= m <= 12 else None
    return MONTHS.get(token) or EN_MONTHS.get(token)


def make_date(y: int | None, m: int | None, d: int | None) -> date | None:
    if not (y and m and d):
        return None
    try:
        return date(y, m, d)
    except ValueError:
        return None


def parse_date(text: str, default_year: int | None = None) -> date | None:
    """The first date written in ``text`` in any common Danish form, or None.

    ``default_year`` completes dates written without a year ("den 17. februar").
    """
    if len(text) <= 80:  # a date group or a short value: the same few strings recur through a referat
        return _parse_date_cached(text, default_year)
    return _parse_date(text, default_year)


_FORMS = (ISO_DATE_RE, NUM_DATE_RE, TEXT_DATE_RE, EN_DATE_RE)


def _parse_date(text: str, default_year: int | None) -> date | None:
    # Most texts start with their date ("5-03-2020, pkt. 4", "3. februar 2020"): a valid date at the very
    # start in the first form that has one there is the answer the scan below would give, without it.
    for rx in _FORMS:
        m = rx.match(text)
        if m is not None:
            y, mo, dd = m.group("y", "m", "d")
            d = make_date(int(y) if y else default_year, _month(mo), int(dd))
            if d:
                return d
    best: tuple[int, date] | None = None
    # ISO dates need a "-", numeric ones a separator: skip scanning for a form that cannot be there
    has_dash = "-" in text
    for rx in _FORMS:
        if rx is ISO_DATE_RE and not has_dash or rx is NUM_DATE_RE and not (has_dash or "." in text or "/" in text):
            continue
        if rx is EN_DATE_RE and "," not in text and not _EN_CUE_RE.search(text):
            continue
        for m in rx.finditer(text):
            y = m.group("y")
            d = make_date(int(y) if y else default_year, _month(m.group("m")), int(m.group("d")))
            if d and (best is None or m.start() < best[0]):
                best = (m.start(), d)
            if d:
                break
        if best is not None and best[0] == 0:
            break  # no later form can start earlier
    return best[1] if best else None


def find_date(text: str, default_year: int | None = None) -> tuple[int, int, date] | None:
    """The first valid date written in ``text`` as (start, end, date), or None."""
    best: tuple[int, int, date] | None = None
    for rx in _FORMS:
        for m in rx.finditer(text):
            if best is not None and m.start() >= best[0]:
                break
            y = m.group("y")
            d = make_date(int(y) if y else default_year, _month(m.group("m")), int(m.group("d")))
            if d:
                best = (m.start(), m.end(), d)
                break
    return best


_EN_CUE_RE = re.compile(r"(?:" + EN_MONTH_RE + r"|" + MONTH_RE + r")\s+\d", re.IGNORECASE)

_parse_date_cached = lru_cache(maxsize=4096)(_parse_date)


def find_dates(text: str, default_year: int | None = None) -> list[tuple[int, int, date | None, bool]]:
    """Every text date in ``text`` as (start, end, date, has_year), in order of appearance."""
    out = []
    for m in TEXT_DATE_RE.finditer(text):
        y = m.group("y")
        out.append((m.start(), m.end(),
                    make_date(int(y) if y else default_year, _month(m.group("m")), int(m.group("d"))),
                    bool(y)))
    for m in NUM_DATE_RE.finditer(text):
        out.append((m.start(), m.end(),
                    make_date(int(m.group("y")), _month(m.group("m")), int(m.group("d"))), True))
    out.sort(key=lambda t: t[0])
    return out


# "kl. 16.30", "kl 8", "Kl. 19:00"
KL_TIME_RE = re.compile(r"\bkl\.?\s*(?P<h>[0-2]?\d)(?:[:.](?P<mi>[0-5]\d))?\b", re.IGNORECASE)
# a clock time that is not part of a date ("02.03.2021") or a number ("1.000")
_FREE_TIME_RE = re.compile(r"(?<![\d.:/-])(?P<h>[0-2]?\d)[:.](?P<mi>[0-5]\d)(?![\d]|[./-]\d)")


def parse_time(text: str) -> str | None:
    """The clock time ("kl. 16:45", "16.00", "16:00:00") in ``text`` as "HH:MM": one after "kl." first,
    else the first that is not part of a date."""
    m = KL_TIME_RE.search(text) if "l" in text else None
    if m is None:
        m = _FREE_TIME_RE.search(text)
        if m is None:
            return None
    h, mi = int(m.group("h")), int(m.group("mi") or 0)
    if h > 23:
        return None
    return f"{h:02d}:{mi:02d}"


# What a date phrase holds besides words worth keeping: weekdays, months, "den", "d.", "kl.", digits and separators.
DATE_WORDS_RE = re.compile(
    r"\b(?:" + "|".join(WEEKDAYS + EN_WEEKDAYS) + r"|" + MONTH_RE + r"|" + EN_MONTH_RE + r"|kl|den|d|the)\b\.?|[\d:./\-–,]+",
    re.IGNORECASE)


def format_date(d: date, with_weekday: bool = True) -> str:
    """"mandag 2. marts 2020" (or "2. marts 2020")."""
    core = f"{d.day}. {MONTH_NAMES[d.month - 1]} {d.year}"
    return f"{WEEKDAYS[d.weekday()]} {core}" if with_weekday else core


def format_datetime(d: date, start_time: str | None) -> str:
    """"mandag 2. marts 2020 kl. 20:45"."""
    s = format_date(d)
    return f"{s} kl. {start_time}" if start_time else s


# --- terms (valgperioder): four years from 1 January 2002, 2006, … 2022, 2026 -------------------

TERM_RE = re.compile(r"(?<!\d)((?:19|20)\d\d)\s*[-–/]\s*(\d{4}|\d{2})(?!\d)")


def normalize_term(term: str | None) -> str | None:
    """"2018-2021", "2018 – 21", "2018-21" → "2018-21"; None when it is not a term."""
    if not term:
        return None
    m = TERM_RE.search(term)
    if not m:
        return None
    start = int(m.group(1))
    return f"{start}-{(start + 3) % 100:02d}"


def term_for_date(d: date) -> str:
    """The four-year term a date falls in (terms start 1 January 2002, 2006, … 2022, 2026)."""
    start = d.year - ((d.year - 2002) % 4)
    return f"{start}-{(start + 3) % 100:02d}"


def term_start(term: str) -> int:
    return int(term[:4])
