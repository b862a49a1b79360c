"""The meeting header: body, term, date, start time, place, who took part and who sent word they could not.

Headers come in many shapes: "REFERAT Teknik- og Miljøudvalget_2018-21 d. 02-03-2020"; "Mødedato: …" label
lines (a colon or not; the value on the same line or the next); capital labels with the value under them
("UDVALG" / "Teknik- og Miljøudvalget" / "STARTTIDSPUNKT" / "12-10-2021 16:00:00"); the date on a line of
its own ("tirsdag den 7. juni 2022 kl. 15:30", "Den 02.03.2021 kl. 08:00 i Byrådssalen", "Monday, March 7,
2016 - 17:00"); the body and date in one title ("Teknikudvalget – Referat – 9. marts 2020", "Referat af møde i
Teknik- og Miljøudvalget", "Kultur og fritids møde den 4. maj 2022"); participants after a label, one per
line or in the next paragraph. Whatever is none of these is kept as a note: shown on the meeting page,
never dropped.
"""
from __future__ import annotations

import re

from .. import dates
from ..model import Meeting, ParseWarning
from ..readers.normalize import Block, strip_inline_markup
from .bodies import loose
from .markdown import cells, is_table_block
from .people import NONE_RE as _NONE_RE, ROLE_RE as _ROLE_RE, names_line as _names_line, split_people
from .toc import TOC_HEADING_RE, toc_line, toc_title
from .vocab import BODY_WORD_RE

# label → field. Labels in the first group are read with or without a colon; the others need a colon,
# or to stand alone (their value on the next line), since "Udvalget for …" or "Sted …" can start a sentence.
_LABELS_FREE: dict[str, str] = {
    "mødedato": "date", "mødetidspunkt": "time", "mødetid": "time", "starttidspunkt": "time",
    "starttidspunkt for møde": "time", "starttidspunkt for mødet": "time", "mødestart": "time",
    "sluttidspunkt": "end", "sluttidspunkt for møde": "end", "sluttidspunkt for mødet": "end", "mødeslut": "end",
    "mødested": "location", "mødelokale": "location", "mødedeltagere": "participants", "fraværende": "absent",
    "fraværende med afbud": "absent", "afbud fra": "absent", "afbud": "absent", "deltagere": "participants",
    "medlemmer": "participants", "til stede": "participants", "tilstede": "participants", "deltog": "participants",
    "udsendelsesdato": "note", "mødeleder": "note", "referent": "note", "protokolfører": "note",
}
_LABELS_COLON: dict[str, str] = {
    "dato": "date", "tidspunkt": "time", "tid": "time", "start": "time", "kl": "time", "slut": "end",
    "sted": "location", "lokale": "location", "adresse": "location",
    "udvalg": "committee", "udvalget": "committee", "organ": "committee", "forum": "committee",
    "møde": "meeting", "mødetype": "meeting", "type": "meeting",
    "bemærkninger": "note", "bemærkning": "note", "information": "note", "formand": "note", "næstformand": "note",
    "sekretær": "note", "valgperiode": "term", "periode": "term",
}
_ALL_LABELS = {**_LABELS_FREE, **_LABELS_COLON}
_LABEL_RE = re.compile(
    r"^(?P<label>" + "|".join(sorted((re.escape(k) for k in _ALL_LABELS), key=len, reverse=True)) + r")\b"
    r"(?P<colon>[ \t]*+[:.]?)[ \t]*+(?P<value>.*)$",
    re.IGNORECASE,
)
# what names the document, a referat or a dagsorden: the word first on the line ("REFERAT …", "Åbent referat …"), set off
# by dashes ("Teknikudvalget – Referat – 9. marts 2020"), or before "af/fra (et) møde" — not in a title such as
# "Godkendelse af dagsorden"
_KIND_WORDS = r"referat|beslutningsprotokol|protokol|dagsorden|tillægsdagsorden|mødereferat|beslutninger\s+fra\s+mødet"
_KIND_RE = re.compile(
    r"^\W*(?:(?:åbent?|lukket|ekstraordinært?|endeligt?|godkendt)\s+)?(?P<kind>" + _KIND_WORDS + r")\b"
    r"|(?:^|\s)[-–—|:]\s*(?P<k2>" + _KIND_WORDS + r")\s*(?:[-–—|:]|$)"
    r"|\b(?P<k3>" + _KIND_WORDS + r")\s+(?:af|fra|for|til)\s+(?:det\s+|et\s+)?(?:\w+\s+)?møde",
    re.IGNORECASE)
# the words around the body's name in a title: "Referat af møde i …", "… – Referat –", "Dagsorden til mødet i …"
_TITLE_WORDS_RE = re.compile(
    r"\b(?:(?:åbent?|lukket|ekstraordinært?|endelig|godkendt)\s+)?(?:referat|beslutningsprotokol|protokol|dagsorden|"
    r"tillægsdagsorden|mødereferat)(?:\s+(?:af|fra|for|til|over))?(?:\s+(?:det\s+)?(?:ordinære\s+|ekstraordinære\s+)?"
    r"(?:møde|mødet))?(?:\s+(?:i|med|for))?\b",
    re.IGNORECASE,
)
_GENITIVE_MEETING_RE = re.compile(r"(?P<name>\S)s\s+(?:ordinære\s+|ekstraordinære\s+)?møde\b", re.IGNORECASE)
_MEETING_WORD_RE = re.compile(r"\b(?:(?:ordinært|ekstraordinært)\s+)?(?:møde|mødet)\b(?:\s+(?:i|den|d\.))?", re.IGNORECASE)
_WORD_RE = re.compile(r"[^\W_]+")
_PLACE_WORD_RE = re.compile(
    r"\b(?:\w*lokaler?|\w*lokalet|\w*salen|\w*sal|rådhuset|rådhus|\w*værelse|\w*værelset|auditoriet|kantinen)\b", re.IGNORECASE)
_KOMMUNE_RE = re.compile(r"\b[A-ZÆØÅ][\w\-]+(?:\s+[A-ZÆØÅ][\w\-]+)?\s+[Kk]ommune\b|\b[Kk]ommune\b")
_PREFIX_DATE_RE = re.compile(r"(?:\b(?:den|d\.)\s*|\b(?:" + "|".join(dates.WEEKDAYS + dates.EN_WEEKDAYS) +
                             r")(?:\s+(?:den|d\.))?\s*,?\s*)+$", re.IGNORECASE)
_TIME_AFTER_RE = re.compile(r"^\s*(?:[-–,]\s*)?(?:kl\.?\s*)?(?P<h>[0-2]?\d)[:.](?P<mi>[0-5]\d)(?::\d\d)?|^\s*,?\s*kl\.?\s*(?P<h2>[0-2]?\d)\b",
                            re.IGNORECASE)
_DOWNLOAD_RE = re.compile(r'^Download\s+"(?P<title>.+)"$')
# A transcript that lost its line breaks runs the title into the text after it ("1 Møde i
# Kommunalbestyrelsen mandag den 25. september 2006, Kl i Kommunalbestyrelsens mødesal REFERAT
# Eventuelle …"): the title ends at the document's kind in capitals.
_RUN_ON_TITLE_END_RE = re.compile(r"\b(?:REFERAT|DAGSORDEN|UDSKRIFT|BESLUTNINGSPROTOKOL)\b")
# A page's running head and count inside a header line ("Økonomiudvalget den 21. januar 2002 Side 1 af
# 9 FREDERIKSSUND KOMMUNE …"): the count ends one line and starts the next.
_PAGE_COUNT_RE = re.compile(r"\s[Ss]ide\s+\d+\s+af\s+\d+\s")
_PAGE_NUMBER_START_RE = re.compile(r"^\d{1,3}\s+(?=\D)")
_KL_PLACE_RE = re.compile(r"\bkl\.?(?:\s*\d{1,2}(?:[:.]\d\d)?)?\s+i\s+(?P<place>[^\d\s][^.]{1,60})$", re.IGNORECASE)
_PLACE_AFTER_RE = re.compile(r"^\s*[,]?\s*(?:i|på)\s+(?P<place>\S.*)$", re.IGNORECASE)
_TERM_IN_RE = re.compile(r"(?:[_ (]|^)(?P<term>(?:19|20)\d\d\s*[-–/]\s*(?:\d{4}|\d{2}))(?!\d)\)?")
_SEPARATORS = " \t-–—|,:;_./"
_GLUED_TOC_RE = re.compile(r"^(?P<head>indholdsfortegnelse|indhold|dagsorden|punkter)(?=\d{1,4}\.?\s)", re.IGNORECASE)
_BOILERPLATE_RE = re.compile(
    r"^(?:til toppen|hent som pdf|kopier link|print|udskriv|udskriv hele dagsord\w*|udskriv punkt\w*|del|del på \w+|luk|"
    r"læs mere|tilbage|tilbage til forsiden|tilbage til oversigten|hent hele dagsorde\w*|hent dagsorde\w*|hent referat\w*|"
    r"åbn som pdf|vis alle|skjul alle|fold alle ud|fold alle sammen|fold alle punkter(?: ud| sammen)?|se alle bilag|"
    r"hent som fil:?|you are here|du er her|gå til indhold|spring til indhold|"
    # the furniture of a PDF transcript site (docplayer): not the referat's text
    r"transkript|størrelse: px|starte visningen fra side:?|save this pdf as:?|word\s+png\s+txt\s+jpg)$", re.IGNORECASE)


def is_boilerplate(text: str) -> bool:
    """Navigation text of a web page ("Til toppen", "Hent som PDF", "• Udskriv"): not part of the referat."""
    t = text.strip().lstrip("•·▪◦-–* \t")
    return len(t) < 60 and _BOILERPLATE_RE.match(t) is not None


def header_extent(blocks: list[Block]) -> int:
    """Without item headings: how many leading blocks are meeting header (a title, labels, a table of contents)."""
    n = 0
    in_toc = False
    for i, b in enumerate(blocks[:40]):
        t = strip_inline_markup(b.first).strip()
        if in_toc and all(toc_line(l.text) for l in b.lines):
            n = i + 1
            continue
        in_toc = False
        if TOC_HEADING_RE.match(t):
            n, in_toc = i + 1, True
        elif i < 3 and _KIND_RE.search(t) and len(t) < 150:
            n = i + 1
        elif len(t) < 200 and _label(t) is not None and _label(t)[0] not in ("committee", "note"):
            n = i + 1
        elif i == n and i < 4 and len(b.lines) == 1 and len(t) < 120 and (dates.find_date(t) or BODY_WORD_RE.search(t)) \
                and not t.endswith("."):
            n = i + 1
    return n


def parse_header(meeting: Meeting, blocks: list[Block], marker_title=None) -> str | None:
    """Read the header blocks into ``meeting``; return the document kind the header names, if any."""
    r = _HeaderReader(meeting, marker_title)
    for b in blocks:
        r.block(b)
    r.flush()
    return r.kind


class _HeaderReader:
    def __init__(self, meeting: Meeting, marker_title):
        self.m = meeting
        self.marker_title = marker_title
        self.kind: str | None = None
        self.pending: tuple[str, int] | None = None  # a label whose value is on the next line
        self.people: str | None = None  # participants/absent: the list goes on while lines are names
        self.people_buf: list[str] = []  # the list's lines so far (names may wrap over lines)
        self.people_line = 0
        self.in_toc = False
        self.lines_seen = 0
        self.committee_guessed = False  # the body's name came from a line that only mentions a body
        self.notes: list[tuple[str, int]] = []  # header text none of the fields took, with its line

    def warn(self, line: int, message: str) -> None:
        self.m.warnings.append(ParseWarning(line, message))

    def note(self, text: str, line: int) -> None:
        text = text.strip()
        if text and not is_boilerplate(text):
            self.notes.append((text, line))

    def flush(self) -> None:
        self.pending = None
        self.end_people()
        # a line that only repeats what the header gave as fields (the place printed beside the name) is no note
        known = set(_WORD_RE.findall(" ".join(x for x in (self.m.location, self.m.committee) if x).lower()))
        lines = []
        for text, line in self.notes:
            words = _WORD_RE.findall(text.lower())
            if words and all(w in known for w in words):
                continue
            self.m.notes.append(text)
            lines.append(line)
        if lines:
            n = len(lines)
            where = ", ".join(str(x) for x in lines[:8]) + (" …" if n > 8 else "")
            self.warn(lines[0], (f"{n} linjer" if n > 1 else "en linje") + " i mødehovedet blev ikke genkendt "
                      f"(linje {where}); de vises som noter på mødesiden")

    def start_people(self, key: str, value: str, no: int) -> None:
        self.end_people()
        self.people, self.people_buf, self.people_line = key, ([value] if value else []), no

    def end_people(self) -> None:
        if self.people and self.people_buf:
            # a comma list that wraps ("…, Dorte" / "Nielsen (Afbud), …") joins with a space; one name a line with a comma
            text = self.people_buf[0]
            for prev, nxt in zip(self.people_buf, self.people_buf[1:]):
                last = _ROLE_RE.sub("", prev).rsplit(",", 1)[-1].split()
                wrapped = "," in prev and not prev.rstrip().endswith(",") and (len(prev) >= 60 or len(last) == 1)
                text += (" " if wrapped or prev.rstrip().endswith(",") else ", ") + nxt
            self.set_field(self.people, text, self.people_line)
        self.people, self.people_buf = None, []

    # -- blocks and lines

    def block(self, b: Block) -> None:
        if (is_table_block(b) and not self.in_toc and not TOC_HEADING_RE.match(strip_inline_markup(b.first).strip())
                and not any(toc_line(ln.text) for ln in b.lines)):
            # a header laid out as a table ("Udvalg:" | "Aarhus Byråd"): each row is a label line
            for ln in b.lines:
                row = [c for c in cells(ln.text) if c]
                self.line(": ".join(row) if len(row) == 2 and not row[0].endswith(":") else " ".join(row), ln.no)
            self.end_people()
            return
        for ln in b.lines:
            self.line(ln.text, ln.no)
        if self.people and self.people_buf and len(b.lines) > 1:
            self.end_people()  # a list of names ends with its paragraph (or goes on in the next one)

    def line(self, raw: str, no: int) -> None:
        t = strip_inline_markup(raw).strip()
        dm = _DOWNLOAD_RE.match(t)
        if dm:
            t = dm.group("title")  # a transcript site's 'Download "<the PDF's title>"'
            if any(loose(t) == loose(n) for n in self.m.notes):
                return
        pc = _PAGE_COUNT_RE.search(t)
        if pc:
            self.line(t[:pc.start()], no)
            self.line(t[pc.end():], no)
            return
        self.lines_seen += 1
        if not t or is_boilerplate(t):
            return
        m = self.m
        if self.in_toc:
            if self._toc_entry(t):
                return
            self.in_toc = False
        g = _GLUED_TOC_RE.match(t)
        if g:
            self.in_toc = True
            self._toc_entry(t[g.end():].strip())
            return
        if TOC_HEADING_RE.match(t) and not (t.lower().startswith("dagsorden") and self.lines_seen <= 1):
            self.in_toc = True
            return
        if self.pending is not None:
            key, at = self.pending
            self.pending = None
            if not _is_label_alone(t) and _label(t) is None:
                if key in ("participants", "absent"):
                    self.start_people(key, t, no)
                else:
                    self.set_field(key, t, no)
                return
        lm = _label(t)
        if lm is not None:
            key, value = lm
            self.end_people()
            if key in ("participants", "absent"):
                if _NONE_RE.match(value):
                    return
                self.start_people(key, value, no)
                return
            if not value:
                self.pending = (key, no)
                return
            self.set_field(key, value, no)
            return
        if self.people and _names_line(t):
            self.people_buf.append(t)
            return
        self.end_people()
        if toc_line(t) is not None and self.marker_title is not None:
            # a table of contents without a heading
            title = toc_title(t, self.marker_title)
            if title:
                m.toc.append(title)
                return
        if self._title(t, no) or self._run_on_title(t, no):
            return
        self.note(t, no)

    def _run_on_title(self, t: str, no: int) -> bool:
        """The title at the start of a long line of the header's first lines (a transcript without
        line breaks), when it holds the date; the rest of the line is kept as a note."""
        if len(t) <= 200 or self.lines_seen > 3 or (self.m.date is not None and self.m.committee is not None):
            return False
        end = _RUN_ON_TITLE_END_RE.search(t, 0, 200)
        if end is None:
            return False
        head = _PAGE_NUMBER_START_RE.sub("", t[:end.start()]).strip()
        if not dates.find_date(head) or not self._title(head, no):
            return False
        if end.group().isupper():
            self.kind = self.kind or ("dagsorden" if end.group() == "DAGSORDEN" else "referat")
        self.note(t[end.end():], no)
        return True

    def _toc_entry(self, t: str) -> bool:
        title = toc_title(t, self.marker_title)
        if title is None and self.marker_title is not None:
            mt = self.marker_title(t)
            if mt:
                title = mt
        if title is None:
            return False
        if title:
            self.m.toc.append(title)
        return True

    # -- a line that names the body, the date or the kind of document

    def _title(self, t: str, no: int) -> bool:
        m = self.m
        if len(t) > 200:
            return False
        kind_m = _KIND_RE.search(t)
        ds = dates.find_date(t)
        body = BODY_WORD_RE.search(t)
        meeting_word = _MEETING_WORD_RE.search(t)
        if not (kind_m or ds) and not body and _PLACE_WORD_RE.search(t) and len(t) < 80 and len(t.split()) <= 9:
            # "Ekstraordinært møde - Mødelokale F7 kl. 12.00": the place and the time
            tt = dates.parse_time(t) if "kl" in t.lower() else None
            if tt and m.start_time is None:
                m.start_time = tt
            place = next((p.strip(" .") for p in re.split(r"\s+[-–]\s+|,\s*(?=[A-ZÆØÅ])", dates.KL_TIME_RE.sub("", t))
                          if _PLACE_WORD_RE.search(p)), None)
            if place and m.location is None:
                m.location = place
                return True
            return bool(tt)
        if not (kind_m or ds):
            # a line naming the body alone ("Aarhus Byråd", "Udvalget for Ældre og Sundhed")
            if not body or m.committee is not None or len(t.split()) > 12 or t.endswith(".") and len(t.split()) > 5:
                return False
            name = _body_name(t)
            if not name:
                return False
            m.committee = name
            self.committee_guessed = True
            if _leftover(t, name):
                self.note(t, no)  # the whole line, so no word of it is lost
            return True
        rest = t
        if kind_m:
            k = (kind_m.group("kind") or kind_m.group("k2") or kind_m.group("k3")).lower()
            self.kind = self.kind or ("dagsorden" if "dagsorden" in k else "referat")
        if ds:
            # the date, then the time and the place after it
            start, end, d = ds
            after = rest[end:]
            tm = _TIME_AFTER_RE.match(after)
            if tm:
                h = tm.group("h") or tm.group("h2")
                if m.start_time is None and int(h) <= 23:
                    m.start_time = f"{int(h):02d}:{int(tm.group('mi') or 0):02d}"
                after = after[tm.end():]
            pm = _PLACE_AFTER_RE.match(after)
            if pm and m.location is None and len(pm.group("place")) < 120 and not dates.find_date(pm.group("place")):
                m.location = pm.group("place").strip(" .")
                after = ""
            before = _PREFIX_DATE_RE.sub("", rest[:start])
            if m.date is None:
                m.date = d
            rest = before + " " + after
        elif " kl" in f" {t.lower()}":
            tt = dates.parse_time(t)
            if tt and m.start_time is None:
                m.start_time = tt
                rest = dates.KL_TIME_RE.sub(" ", rest)
        km = _KL_PLACE_RE.search(rest)
        if km:
            # "… kl i byrådssalen" (the time stripped by a transcript): the place after it
            if m.location is None:
                m.location = km.group("place").strip(" .")
            rest = rest[:km.start()]
        term_m = _TERM_IN_RE.search(rest)
        if term_m:
            term = dates.normalize_term(term_m.group("term"))
            if term:
                m.term = m.term or term
                rest = rest[:term_m.start()] + " " + rest[term_m.end():]
        name = _body_name(rest, titled=bool(kind_m and kind_m.group("kind"))) if (kind_m or body or meeting_word) else None
        if name and m.committee is None:
            m.committee = name
        elif name and loose(name) == loose(m.committee or ""):
            pass
        else:
            name = None
        if _leftover(rest, name):
            self.note(t, no)  # the whole line, so no word of it is lost
        return True

    # -- fields

    def set_field(self, key: str, value: str, no: int) -> None:
        m = self.m
        value = value.strip(" \t|")
        if not value:
            return
        if key == "date":
            d = dates.parse_date(value)
            if d:
                if m.date and d != m.date:
                    self.warn(no, f"mødedatoen {d.isoformat()} afviger fra datoen i overskriften {m.date.isoformat()}")
                m.date = m.date or d
            else:
                self.warn(no, f"mødedatoen kunne ikke læses: {value!r}")
                m.notes.append(value)
            t = dates.parse_time(value)
            if t and m.start_time is None or (t and dates.KL_TIME_RE.search(value)):
                m.start_time = t
            # words beside the date and time ("… kl. 16:00, mødet holdes online") are kept as a note
            if d and dates.DATE_WORDS_RE.sub(" ", value).strip(" ,.;:-–()"):
                rest = dates.DATE_WORDS_RE.sub(" ", value)
                pm = re.search(r"\b(?:i|på)\s+(?P<place>[A-ZÆØÅ].*)$", value)
                if pm and m.location is None:
                    m.location = pm.group("place").strip(" .")
                elif rest.strip(" ,.;:-–()"):
                    self.note(value, no)
        elif key == "time":
            t = dates.parse_time(value)
            if t:
                m.start_time = t
            d = dates.parse_date(value)
            if d and m.date is None:
                m.date = d
            if not t and not d:
                self.note(value, no)
        elif key == "location":
            if m.location and m.location != value:
                self.note(value, no)
            else:
                m.location = value.rstrip(" .") if value.endswith(".") and not value.endswith("..") else value
        elif key == "committee":
            name = _body_name(value) or value
            if m.committee and loose(m.committee) != loose(name):
                if self.committee_guessed:
                    self.note(m.committee, no)
                    m.committee = name
                    self.committee_guessed = False
                    return
                self.note(value, no)
            m.committee = m.committee or name
        elif key in ("participants", "absent"):
            if _NONE_RE.match(value):
                return
            for name, absent in split_people(value):
                if key == "participants":
                    if name not in m.participants:
                        m.participants.append(name)
                if (absent or key == "absent") and name not in m.absent:
                    m.absent.append(name)
        elif key == "meeting":
            km = _KIND_RE.search(value)
            d = dates.parse_date(value)
            if km:
                k = (km.group("kind") or km.group("k2") or km.group("k3")).lower()
                self.kind = self.kind or ("dagsorden" if "dagsorden" in k else "referat")
            if d:
                self.set_field("date", value, no)
            elif not km:
                self.note(value, no)
        elif key == "term":
            term = dates.normalize_term(value)
            if term:
                m.term = m.term or term
            else:
                self.note(value, no)
        elif key == "end":
            m.notes.append(value)
        else:
            inner = _label(value)
            if inner is not None and inner[0] not in ("note", "committee") and inner[1]:
                self.set_field(inner[0], inner[1], no)  # "Bemærkninger: Afbud: Thomas Juhl"
            else:
                self.note(value, no)


def _label(t: str) -> tuple[str, str] | None:
    """(field, value) for a label line; value may be empty (then it is on the next line)."""
    lm = _LABEL_RE.match(t)
    if not lm:
        return None
    label = lm.group("label").lower()
    colon = lm.group("colon").strip()
    value = lm.group("value").strip()
    if label in _LABELS_COLON and not colon and value:
        if not (_ALL_LABELS[label] == "committee" and BODY_WORD_RE.search(value)):
            return None  # "Udvalget for Ældre og Sundhed", "Sted og tid …": no colon, so no label
    if label in _LABELS_FREE and not colon and value and value[:1].islower() and label not in ("afbud", "fraværende"):
        return None  # "Deltagere i mødet var …": a sentence
    key = _ALL_LABELS[label]
    if key == "location" and not colon and value and label in ("mødelokale", "lokale"):
        return key, t.strip()  # "Mødelokale Tårnbjerget, Rådhuset": the word is part of the place's name
    return key, value


def _is_label_alone(t: str) -> bool:
    lm = _LABEL_RE.match(t)
    return bool(lm) and not lm.group("value").strip()


def _body_name(text: str, titled: bool = False) -> str | None:
    """The body's name in what is left of a title line once kind, date, time and term are taken out.
    ``titled``: the line opened with the document's kind ("REFERAT <name> d. <date>"), so what follows is
    the name even without a word such as "udvalg"."""
    t = _KOMMUNE_RE.sub(" ", text)
    gm = _GENITIVE_MEETING_RE.search(t)
    if gm:
        t = t[:gm.start("name") + 1] + t[gm.end():]  # "Kultur og fritids møde" → "Kultur og fritid"
    t = _TITLE_WORDS_RE.sub(" | ", t)
    t = _MEETING_WORD_RE.sub(" | ", t)
    # the longest piece between separators that holds a body word, or else the only piece
    pieces = [p.strip(_SEPARATORS + "()") for p in re.split(r"\s+[|–—-]\s+|\s*\|\s*|\s+-\s*$|^\s*-\s+|\.\s+", t)]
    pieces = [" ".join(p.split()) for p in pieces if p.strip(_SEPARATORS + "()")]
    with_body = [p for p in pieces if BODY_WORD_RE.search(p)]
    cand = max(with_body, key=len) if with_body else (pieces[0] if len(pieces) == 1 else None)
    if not cand:
        return None
    cand = re.sub(r"\s+(?:kl\.?|den|d\.)$", "", cand, flags=re.IGNORECASE).strip(_SEPARATORS)
    cand = re.sub(r"^(?:[a-zæøå]+\s+){1,3}(?=[A-ZÆØÅ])", "", cand)  # "for Kultur- og fritidsudvalget"
    words = cand.split()
    half = len(words) // 2
    if len(words) % 2 == 0 and half and words[:half] == words[half:]:
        cand = " ".join(words[:half])  # "THISTED BYRÅD THISTED BYRÅD"
    if not cand or len(cand) > 100 or len(cand.split()) > 10:
        return None
    if not (cand[:1].isupper() or cand[:1].isdigit()):
        return None
    if not BODY_WORD_RE.search(cand) and (len(cand.split()) > (12 if titled else 6)
                                           or cand.lower() in ("dagsordener og referater", "referater")):
        return None
    return cand


def _leftover(rest: str, name: str | None) -> str:
    t = rest
    if name:
        i = t.find(name)
        if i >= 0:
            t = t[:i] + " " + t[i + len(name):]
    t = _KIND_RE.sub(" ", t)
    t = _TITLE_WORDS_RE.sub(" ", t)
    t = _MEETING_WORD_RE.sub(" ", t)
    t = _KOMMUNE_RE.sub(" ", t)
    t = dates.DATE_WORDS_RE.sub(" ", t)
    t = " ".join(t.split()).strip(_SEPARATORS + "()")
    if all(w.lower() in _FILLER for w in t.split()):
        return ""
    return t if len(t) > 2 else ""


# words left over from a title line that say nothing on their own ("REFERAT fra møde i …" → "fra")
_FILLER = {"fra", "i", "for", "af", "til", "med", "om", "den", "det", "og", "på", "ved", "over", "under", "ordinært",
           "ekstraordinært", "åbent", "åben", "lukket"}
