"""People in a referat: participant and absence lists, and the attendance lines inside an item's decision.

"Winnie Sørensen, Jan Jakobsen, Ali Qais (Afbud)", "Lise Berg (V)", "Jens Holm (A), formand",
"Niels F. Dahlmann ved afbud"; and in a decision "Fraværende: Lise Berg (V).", "Afbud: Jens Holm",
"Ikke til stede: …", "X (F) deltog ikke under punkterne 12-15.", "I mødet deltog: …".
"""
from __future__ import annotations

import re
from typing import Iterable

# "(A)", "(UP)", "(Løsgænger)", "(Kons.)": a party or a one-word note after a name
_PARTY_RE = re.compile(r"\s*\((?:[A-ZÆØÅ]{1,3}|[A-ZÆØÅ][a-zæøå\-]{0,20}\.?)\)")
_ABSENT_MARK_RE = re.compile(
    r"\s*(?:\((?:afbud|fraværende|fravær|fraværende med afbud)\)|[-–]\s*afbud\b|\bved\s+afbud\b|\bmeldt\s+afbud\b|\(syg\))",
    re.IGNORECASE)
ROLE_RE = re.compile(r"\s*\((?:formand|næstformand|borgmester|viceborgmester|sekretær|referent|mødeleder)\)|"
                      r",\s*(?:formand|næstformand|borgmester|viceborgmester)\b", re.IGNORECASE)
NONE_RE = re.compile(r"^(?:ingen|-|nej|ingen afbud|ingen fraværende)\.?$", re.IGNORECASE)
_NAME_WORD_RE = re.compile(r"^(?:[A-ZÆØÅÉÜÖÄ][\w'’\-]*\.?|[A-ZÆØÅ]\.|van|von|de|la|le|den|der|af|du|el|al)$")


# "Formand Erik Nielsen (A)": a role before the name
_ROLE_PREFIX_RE = re.compile(r"^(?:formand|næstformand|borgmester|viceborgmester|rådmand|medlem|mødeleder)\s+(?=[A-ZÆØÅ])",
                             re.IGNORECASE)
# "Britt Jensen (A), sag 129-138", "…, pkt. 3-5": which items the line is about
_ITEM_RANGE_RE = re.compile(r",?\s*(?:sag(?:erne)?|sager|pkt\.?|punkt(?:erne)?|punkter)\s*[\d\s\-–,og]+\.?$", re.IGNORECASE)
# "Birgitte Glifberg (A), Suppleant for Brian Møller (A)": who the substitute stands in for is not a participant
_STANDS_IN_RE = re.compile(r",?\s*(?:suppleant|stedfortræder)\s+for\s+.*$", re.IGNORECASE)


def _name_part(p: str) -> str:
    p = _STANDS_IN_RE.sub("", p)
    p = _ITEM_RANGE_RE.sub("", p)
    p = _ROLE_PREFIX_RE.sub("", p.strip())
    return p


def names_line(t: str) -> bool:
    """A line of one or more person names ("Jens Holm (A), formand", "Lise Berg, Ole Olsen (afbud)")."""
    if len(t) > 300:
        return False
    parts = [_name_part(p) for p in _split_names(t)]
    parts = [p for p in parts if _PARTY_RE.sub("", p).strip(" ,.")]
    if not parts or t.upper() == t:
        return False  # "ÅBNE SAGER": a heading in capitals, not names
    for p in parts:
        words = ROLE_RE.sub("", _ABSENT_MARK_RE.sub("", _PARTY_RE.sub("", p))).split()
        if any(ch.isdigit() for ch in p) or not 1 <= len(words) <= 6 or not all(_NAME_WORD_RE.match(w) for w in words):
            return False
    return True


_SPLIT_RE = re.compile(r"\s*[,;]\s*|\s+og\s+|\s*\n\s*")


def _split_names(value: str) -> list[str]:
    value = ROLE_RE.sub("", value)
    return [p.strip(" .") for p in _SPLIT_RE.split(value)]


# a name followed by the start of a sentence: a capitalised word, then a word in lower case
_NAME_THEN_TEXT_RE = re.compile(r"(?<=\w)\s+[A-ZÆØÅ][\w\-]*\s+[a-zæøå]{2,}.*$")
# a sentence after the names ("… og Dorte Soll. Gert Nordklitgaard har meddelt, at …")
_SENTENCE_AFTER_RE = re.compile(r"\.\s+(?=[A-ZÆØÅ][\w\-]*\s+(?:[A-ZÆØÅ][\w\-]*\s+)*[a-zæøå]{2,}\w*\s+\w+)")


def split_people(value: str) -> Iterable[tuple[str, bool]]:
    """Names in a participants or absence list, each with whether it is marked absent ("(Afbud)")."""
    value = re.sub(r"\s+", " ", value)
    cut = _SENTENCE_AFTER_RE.search(value)
    if cut:
        value = value[:cut.start()]
    # "Lars Rytter ved afbud Niels F. Dahlmann ved afbud": the mark ends each name
    value = re.sub(r"(\bved\s+afbud)\s+(?=[A-ZÆØÅ])", r"\1, ", value, flags=re.IGNORECASE)
    for part in _split_names(value):
        part = _name_part(part)
        if not part:
            continue
        part = _NAME_THEN_TEXT_RE.sub("", part)  # "Susanne Olander Mødet hævet kl": the names, not the text after
        absent = bool(_ABSENT_MARK_RE.search(part))
        name = _ABSENT_MARK_RE.sub(" ", part)
        name = _PARTY_RE.sub(" ", name)
        name = " ".join(name.split()).strip(" .,-–")
        if name and not NONE_RE.match(name):
            yield name, absent




# A line of attendance inside an item: who was not there (or who was), for this item's decision.
ATTENDANCE_RE = re.compile(
    r"^(?:fraværende(?:\s+med\s+afbud)?|afbud(?:\s+fra)?|ikke\s+til\s+stede|deltog\s+ikke|fravær|"
    r"i\s+mødet\s+deltog|mødedeltagere|til\s+stede|tilstede|følgende\s+(?:havde\s+)?(?:meldt\s+afbud|deltog\s+ikke|var\s+fraværende))"
    r"\b[^:\n]{0,40}:",
    re.IGNORECASE,
)
# "Lise Berg (V) deltog ikke i sagens behandling.", "X (F) deltog ikke under punkterne 12-15."
_DID_NOT_ATTEND_RE = re.compile(r"^[A-ZÆØÅ][^.!?\n]{2,200}\b(?:deltog ikke|var fraværende|var ikke til stede|havde meldt afbud)\b",
                                re.IGNORECASE)
_GROUP_LABEL_RE = re.compile(r"^[A-ZÆØÅ][^.!?\n]{2,80}:$")


def is_attendance(paragraph: str) -> bool:
    """A paragraph that says who was absent from (or present at) the item's treatment."""
    t = paragraph.strip().lstrip("*").strip()
    if ATTENDANCE_RE.match(t):
        return True
    # one sentence about someone not taking part ("Jesper Kjeldsen deltog ikke i sagens behandling.")
    return len(t) < 300 and t.count(". ") == 0 and _DID_NOT_ATTEND_RE.match(t) is not None


def split_attendance(text: str) -> tuple[list[str], str]:
    """(attendance paragraphs, the decision proper) for a decision's text: attendance lines at its start
    ("Fraværende: …", "I mødet deltog:" with the lists under it) and at its end ("Afbud: …") are about who
    took part, not what was decided."""
    paras = [p for p in text.split("\n\n")]
    head: list[str] = []
    i = 0
    listing = False  # inside "I mødet deltog:" and its lists of names
    while i < len(paras):
        p = paras[i].strip()
        if not p:
            i += 1
            continue
        if is_attendance(p):
            head.append(paras[i])
            listing = p.rstrip().endswith(":")
            i += 1
            continue
        if listing and (_GROUP_LABEL_RE.match(p) or names_line(re.sub(r"\([^)]*\)", "", p).strip(" ."))):
            head.append(paras[i])
            i += 1
            continue
        break
    rest = paras[i:]
    tail: list[str] = []
    while len(rest) > 1 and is_attendance(rest[-1].strip()):
        tail.insert(0, rest.pop())
    body = "\n\n".join(rest).strip()
    if not body:
        return [], text
    return [p.strip() for p in head + tail if p.strip()], body


_ABSENCE_LABEL_RE = re.compile(
    r"^\W*(?:fraværende(?:\s+med\s+afbud)?|afbud(?:\s+fra)?|ikke\s+til\s+stede|deltog\s+ikke|fravær|"
    r"følgende\s+(?:havde\s+)?(?:meldt\s+afbud|deltog\s+ikke|var\s+fraværende))\b[^:\n]{0,40}:\s*(?P<names>.*)$",
    re.IGNORECASE | re.DOTALL)
_PRESENCE_LABEL_RE = re.compile(r"^\W*(?:i\s+mødet\s+deltog|mødedeltagere|til\s+stede|tilstede)\b[^:\n]{0,40}:", re.IGNORECASE)
_ABSENT_SENTENCE_RE = re.compile(
    r"^(?:der\s+er\s+afbud\s+fra\s+)?(?P<names>[A-ZÆØÅ][^.!?]{2,300}?)\s+(?:var\s+fraværende|deltog\s+ikke\s+i\s+mødet|havde\s+meldt\s+afbud)\b",
    re.IGNORECASE)
_AFBUD_FRA_RE = re.compile(r"^der\s+er\s+afbud\s+fra\s+(?P<names>[^.!?]+)", re.IGNORECASE)


def attendance_people(paragraphs: list[str]) -> tuple[list[str], list[str]]:
    """(present, absent) named in a decision's attendance paragraphs: "Fraværende: X (V)" and "X var
    fraværende." name the absent; "I mødet deltog:" with the lists under it names those present."""
    present: list[str] = []
    absent: list[str] = []
    listing: list[str] | None = None
    for para in paragraphs:
        t = " ".join(para.split()).strip("* ")
        am = _ABSENCE_LABEL_RE.match(t)
        if am:
            names = re.split(r"\s+[-–]\s+", am.group("names"))[0]  # "X (V) - Y (V) mødte som stedfortræder"
            absent += [n for n, _ in split_people(names) if names_line(n)]
            listing = absent if not am.group("names").strip() else None
            continue
        if _PRESENCE_LABEL_RE.match(t):
            listing = present
            rest = t.split(":", 1)[1].strip()
            if rest:
                present += [n for n, _ in split_people(rest) if names_line(n)]
            continue
        sm = _ABSENT_SENTENCE_RE.match(t) or _AFBUD_FRA_RE.match(t)
        if sm:
            absent += [n for n, _ in split_people(sm.group("names")) if names_line(n)]
            continue
        if listing is not None:
            body = re.sub(r"\([^)]*\)", "", t).strip(" .")
            if body.endswith(":"):
                continue  # a group's label ("Borgerrepræsentanter:")
            if names_line(body):
                listing += [n for n, _ in split_people(body)]
    return present, absent
