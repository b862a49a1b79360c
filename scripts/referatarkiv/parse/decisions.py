"""Decisions and the steps before them: whose decision a section holds, earlier steps, the planned route.

Three ways a referat writes who decided when:
- a decision heading: "Beslutning i Økonomiudvalget den 10-06-2020", "Beslutning Teknik- og Miljøudvalget
  den 14-03-2022", "Beslutning i Økonomiudvalget den 3. maj 2021:";
- a chain entry: "Børne- og Skoleudvalget, 11-05-2016, pkt. 52" with the text on the next line (or after a
  colon on the same line), "13/11/2024   Plan- og Tryghedsudvalget";
- a Historik/Sagsforløb section: "Beslutning 17. februar 2020, pkt. 20:", First Agenda's Udvalg / Dato /
  Punktnummer lines.
The meeting's own body's decision becomes the item's decision; every other one is history.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date as Date
from functools import lru_cache

from .. import dates
from ..model import AgendaItem, Decision, HistoryEntry, Meeting, RouteStep, Section
from ..readers.normalize import Block, strip_inline_markup
from .outcomes import classify
from .bodies import body_word_end, clean_body, same_body
from .finality import adopts_recommendation, finality, forwarded_to
from .markdown import block_markdown
from .people import is_attendance, split_attendance
from .positions import positions, votes
from .vocab import BODY_WORD_RE


@dataclass(frozen=True, slots=True)
class DecisionHeading:
    """Who decided (or recommended) when, as a heading or chain entry says; ``text`` is what follows on its line."""

    kind: str  # "beslutning" | "indstilling"
    body: str | None
    date: Date | None
    item_number: int | None = None
    text: str = ""


_HEADING_START_RE = re.compile(r"^(?P<kind>beslutning(?:er)?|indstilling|afgørelse|protokol)\b[ \t]*+(?P<rest>.*)$",
                               re.IGNORECASE)
_HEADING_FIRST = frozenset("BbIiİıAaPp")
_KL_RE = re.compile(r"\s*\bkl\.?\s*\d{1,2}(?:[:.]\d\d)?\s*$", re.IGNORECASE)
_LEAD_RE = re.compile(r"^(?:i|fra|af|på|hos)\s+", re.IGNORECASE)


def _date_only(text: str) -> Date | None:
    """The date ``text`` consists of (a weekday and "kl. 16:00" allowed around it), or None."""
    t = _KL_RE.sub("", text.strip().rstrip(" :."))
    if not t or len(t) > 40 or "pkt" in t.lower():
        return None
    d = dates.parse_date(t)
    if d is None:
        return None
    # nothing but the date: the words of a date, digits and separators
    rest = dates.DATE_WORDS_RE.sub(" ", t).strip(" ,.-–/")
    return d if not rest else None


def _decision_heading(text: str) -> DecisionHeading | None:
    t = strip_inline_markup(text).strip() if ("*" in text or "<" in text or "_" in text) else text.strip()
    if len(t) > 160 or t[:1] not in _HEADING_FIRST:
        return None
    m = _HEADING_START_RE.match(t)
    if not m:
        return None
    rest = m.group("rest").strip().rstrip(" :")
    if not rest:
        return None  # a plain "Beslutning": a section name
    kind = "indstilling" if m.group("kind").lower().startswith("indstil") else "beslutning"
    low = rest.lower()
    # the date is after the last " den " / " d. " (or the whole rest starts with one)
    cut = max(low.rfind(" den "), low.rfind(" d. "))
    if low.startswith(("den ", "d. ")):
        body_part, date_part = "", rest.split(" ", 1)[1]
    elif cut >= 0:
        body_part, date_part = rest[:cut], rest[cut:].split(None, 1)[1]
    else:
        body_part, date_part = rest, ""
    d = _date_only(date_part) if date_part else None
    if date_part and d is None:
        return None  # "Beslutning i sagen den …" with something else than a date: a sentence
    body = _LEAD_RE.sub("", body_part.strip()).strip(" ,")
    if body and (len(body) > 90 or not (BODY_WORD_RE.search(body) or body.isupper() or d is not None)):
        return None
    if not body and d is None:
        return None
    return DecisionHeading(kind=kind, body=clean_body(body) if body else None, date=d)


_decision_heading_cached = lru_cache(maxsize=8192)(_decision_heading)


def decision_heading(text: str) -> DecisionHeading | None:
    """"Beslutning i <body> den <date>" (also without "i", with "fra", "d.", a colon) as a DecisionHeading."""
    if text.lstrip()[:1] not in _HEADING_FIRST and text.lstrip()[:2] not in ("**", "__"):
        return None
    return _decision_heading_cached(text) if len(text) <= 200 else None


# "Børne- og Skoleudvalget, 11-05-2016, pkt. 52[: text]", "Teknik- og Miljøudvalget, 10. september 2019, pkt. 65: Anbefales."
_CHAIN_RE = re.compile(
    r"^(?:Beslutning\s+(?:fra|i)\s+)?(?P<body>[A-ZÆØÅ][^:\n]{1,80}?)(?:,\s*+|\s+den\s+|\s+d\.\s*+)"
    r"(?P<date>\d{1,2}\.?\s*+[A-Za-zæøå]+\.?\s+\d{4}|\d{1,2}[-./]\d{1,2}[-./]\d{2,4}|\d{4}-\d\d-\d\d)"
    r"\s*+,?\s*+(?:(?:pkt\.?|punkt)\s*+(?P<n>\d{1,4})\.?)?\s*+(?::\s*+(?P<text>.*))?$"
)
# "13/11/2024   Plan- og Tryghedsudvalget" (First Agenda's "Sagens forløb")
_DATE_BODY_RE = re.compile(r"^(?P<date>\d{1,2}[-./]\d{1,2}[-./]\d{4})\s++(?P<body>[A-ZÆØÅ][^\n]{2,80})$")


def _chain_entry(text: str) -> DecisionHeading | None:
    t = strip_inline_markup(text).strip()
    if len(t) > 300:
        return None
    m = _CHAIN_RE.match(t) if t[:1].isupper() else None
    if m:
        body = m.group("body").strip()
        if m.group("n") is None and m.group("text") is None and "," not in t:
            return None  # "Udvalget den 3. maj 2021" alone is a sentence's start, not a chain entry
        if len(body.split()) > 8 or body.count(",") > 3:
            return None
        if not (BODY_WORD_RE.search(body) or body.isupper()):
            # "Social og Sundhed, 6. januar 2020, pkt. 123:": a name without a body word needs the item number
            if m.group("n") is None or not all(w[:1].isupper() or w in ("og", "&", "for", "i") for w in body.replace(",", " ").split()):
                return None
        d = dates.parse_date(m.group("date"))
        if d is None:
            return None
        return DecisionHeading("beslutning", clean_body(body), d,
                               int(m.group("n")) if m.group("n") else None, (m.group("text") or "").strip())
    m = _DATE_BODY_RE.match(t) if t[:1].isdigit() else None
    if m and BODY_WORD_RE.search(m.group("body")):
        d = dates.parse_date(m.group("date"))
        if d:
            return DecisionHeading("beslutning", clean_body(m.group("body").strip()), d)
    return None


_chain_entry_cached = lru_cache(maxsize=8192)(_chain_entry)


def chain_entry(text: str) -> DecisionHeading | None:
    """A line that opens one step of a decision chain ("Børne- og Skoleudvalget, 11-05-2016, pkt. 52")."""
    c = text.lstrip()[:1]
    if not (c.isupper() or c.isdigit() or c in "*_"):
        return None
    return _chain_entry_cached(text) if len(text) <= 300 else None


# --- history sections -------------------------------------------------------------------------

_HIST_ENTRY_RE = re.compile(
    r"^(?P<kind>Beslutning(?:er)?|Indstilling)(?:\s+(?:i|fra)\s+(?P<body>[^,:]+?))?\s+(?:den\s+|d\.\s+)?"
    r"(?P<date>\d{1,2}[.\-/ ]\s*(?:[A-Za-zæøå]+\.?|\d{1,2})[.\-/ ]\s*\d{4}|\d{4}-\d\d-\d\d)"
    r"(?:\s*,?\s*(?:pkt\.?|punkt)\s*(?P<n>\d{1,4}))?\s*[.:]?\s*$",
    re.IGNORECASE,
)
HIST_FIRST = frozenset("BbIiİı")  # the characters _HIST_ENTRY_RE can start with
_FORLOEB_FIELD_RE = re.compile(r"^(?P<key>Udvalg|Organ|Dato|Punktnummer|Punkt\s*nr\.?)\s*:\s*(?P<value>.+)$", re.IGNORECASE)


def hist_entry(t: str) -> re.Match[str] | None:
    """"Beslutning 17. februar 2020, pkt. 20:" — a Historik entry's first line."""
    return _HIST_ENTRY_RE.match(t) if t[:1] in HIST_FIRST else None


def history(blocks: list[Block], year: int | None) -> list[HistoryEntry]:
    """The entries of a Historik / Sagsforløb section, each with the text under it."""
    entries: list[HistoryEntry] = []
    texts: list[list[str]] = []
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
            if "punktn" in pending:
                entries.append(HistoryEntry(
                    date=dates.parse_date(pending.get("dato", ""), year), kind="beslutning",
                    body=clean_body(pending["udvalg"]) if pending.get("udvalg") else None,
                    item_number=int(pending["punktn"]) if pending["punktn"].isdigit() else None, text=""))
                texts.append([])
                pending = {}
            continue
        hm = hist_entry(first)
        ce = None if hm else chain_entry(first)
        if hm:
            entries.append(HistoryEntry(
                date=dates.parse_date(hm.group("date"), year),
                kind="indstilling" if hm.group("kind").lower().startswith("indstil") else "beslutning",
                body=clean_body(hm.group("body")) if hm.group("body") else None,
                item_number=int(hm.group("n")) if hm.group("n") else None,
                text="",
            ))
            texts.append([block_markdown(Block(b.lines[1:]))] if len(b.lines) > 1 else [])
        elif ce:
            entries.append(HistoryEntry(date=ce.date, kind="beslutning", body=ce.body, item_number=ce.item_number, text=""))
            texts.append(([ce.text] if ce.text else []) + ([block_markdown(Block(b.lines[1:]))] if len(b.lines) > 1 else []))
        elif entries:
            texts[-1].append(block_markdown(b))
    for e, t in zip(entries, texts):
        e.text = "\n\n".join(x for x in t if x)
        if e.kind == "beslutning":
            e.outcomes = classify(e.text)
        if e.body is None:
            t = e.text.lstrip("*- ")
            end = body_word_end(t) if e.kind == "beslutning" else None
            if end is not None:
                e.body = clean_body(t[:end])
    return entries


# --- the item's decision ----------------------------------------------------------------------

_NO_WORDS_RE = re.compile(r"^[\W_]*$")


def decide(meeting: Meeting, item: AgendaItem, sections: list[Section], headings: dict[int, DecisionHeading]) -> None:
    """Choose the decision of the meeting's own body among the item's decision sections; the others are history.

    ``headings`` gives, per decision section (by ``id``), who decided when as its heading says; a section
    without one ("Beslutning") is the meeting's own.
    """
    m = meeting
    own: list[tuple[Section, str | None, Date | None]] = []
    others: list[tuple[Section, DecisionHeading]] = []
    plain: list[Section] = []
    for sec in sections:
        if sec.kind != "beslutning":
            continue
        h = headings.get(id(sec))
        if h is None:
            plain.append(sec)
        elif (m.committee and h.body and same_body(h.body, m.committee)) or (m.date and h.date == m.date):
            own.append((sec, h.body, h.date))
        else:
            others.append((sec, h))
    if not own and not plain and len(others) == 1 and not m.committee and not m.date:
        # who the meeting is, is not known: a single decision heading is the meeting's own
        sec, h = others.pop()
        own.append((sec, h.body, h.date))
    for sec, h in others:
        item.history.append(HistoryEntry(date=h.date, kind=h.kind, body=h.body, item_number=h.item_number,
                                         text=sec.text, outcomes=classify(sec.text) if h.kind == "beslutning" else []))
    chosen = own[-1] if own else ((plain[-1], m.committee, m.date) if plain else None)
    if chosen:
        sec, body, d = chosen
        if sec.text.strip() and not _NO_WORDS_RE.match(sec.text):
            _end_at_next_part(item, sec)
            attendance, text = split_attendance(sec.text)
            outcomes, final, adopts, to, tally = _facts(text) if len(text) <= 200 else _facts.__wrapped__(text)
            item.decision = Decision(text=text, outcomes=list(outcomes), body=body or m.committee,
                                     date=d or m.date, attendance=attendance,
                                     positions=positions(text.split("\n\n") + attendance, m.municipality),
                                     final=final, adopts_recommendation=adopts, forwarded_to=to, votes=dict(tally))
    for h in item.history:
        if h.kind == "beslutning" and h.text:
            h.positions = positions(h.text.split("\n\n"), m.municipality)
            h.final = finality(h.text, h.outcomes)
    if len(item.history) > 1:
        item.history.sort(key=lambda h: (h.date or Date.min), reverse=True)


@lru_cache(maxsize=4096)
def _facts(text: str) -> tuple[tuple[str, ...], bool | None, bool, str | None, tuple[tuple[str, int], ...]]:
    """What a decision's text says besides its positions: outcomes, final or not, adoption of the
    recommendation, where it goes next, a vote's tally (short decisions recur all through an archive)."""
    outcomes = classify(text)
    return (tuple(outcomes), finality(text, outcomes), adopts_recommendation(text, outcomes), forwarded_to(text),
            tuple(votes(text).items()))


# a paragraph of a decision that reports something the body or its members did or asked for
_REPORTS_RE = re.compile(
    r"\b(?:blev|besluttede|besluttet|ønsker|ønskede|bad|bedes|udarbejder|henholdt|anmodede|anmoder|genoptages|"
    r"tilføjet|aftalt|aftalte|vedlægges|noterede|konstaterede|bemærkede|orienterede|orienteret)\b", re.IGNORECASE)


def _end_at_next_part(item: AgendaItem, sec: Section) -> None:
    """The decision ends where the source's next part begins.

    Paragraphs without a word ("." left by an export) are no part of it. A First Agenda referat puts the
    decision before the item's summary, which has no heading of its own ("Beslutninger" / the decision /
    "Indstillingen vedrører …" / "Resume"): a last paragraph that neither reports what was done nor states a
    position or attendance, right before a Resume, is that summary, and becomes a section of its own."""
    if "\n\n" not in sec.text:
        return
    paras = sec.text.split("\n\n")
    kept = [p for p in paras if not _NO_WORDS_RE.match(p)]
    if kept and len(kept) != len(paras):
        sec.text = "\n\n".join(kept)
    if len(kept) < 2:
        return
    idx = next((i for i, s in enumerate(item.sections) if s is sec), None)
    if idx is None or idx + 1 >= len(item.sections) or item.sections[idx + 1].kind != "resume":
        return
    last = kept[-1].strip()
    if (classify(last) or positions([last]) or is_attendance(last) or _REPORTS_RE.search(last)
            or last.startswith(("-", "*", "|")) or decision_heading(last) or chain_entry(last)):
        return
    sec.text = "\n\n".join(kept[:-1])
    item.sections.insert(idx + 1, Section(heading="", text=kept[-1], kind="other", line=sec.line))


# --- the planned route ------------------------------------------------------------------------

_YEAR_RE = re.compile(r"\b(?:19|20)\d\d\b")
_ROUTE_LEAD_RE = re.compile(r"^[\s\-*•]+")


def route(item: AgendaItem, meeting_year: int | None) -> None:
    """The bodies a "Behandling" section says the item goes through, each with its date."""
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
            body = clean_body(_ROUTE_LEAD_RE.sub("", text[prev_end:start]))
            body = body or prev_body
            if body:
                item.route.append(RouteStep(body=body, date=d))
            prev_end, prev_body = end, body
