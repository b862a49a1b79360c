"""Decision outcomes: map what a body wrote ("tog … til efterretning") to the normalised vocabulary.

Only forms that report what the body did count. Recommendation forms inside a decision
("indstiller til magistraten, at … godkendes") make the outcome ``indstillet``; the passive
"godkendes"/"drøftes" there is the proposal, not a decision, so it does not count as ``godkendt``.
"""
from __future__ import annotations

import re
from functools import lru_cache

from ..model import OUTCOMES

_NEG = r"(?<!ikke )"
_PATTERNS: dict[str, list[re.Pattern[str]]] = {
    "afvist": [
        # "X kunne ikke tiltræde indstillingen" is a minority's note in the protocol, not the body's decision
        re.compile(r"\bikke\s+(?:blevet\s+|blev\s+)?(?:godkendt|tiltrådt|vedtaget)\b"),
        re.compile(r"\b(?:godkendte|tiltrådte|vedtog)\s+ikke\b"),
        re.compile(r"\b(?:afvist|afviste|afvises|forkastet|forkastede|forkastes|bortfaldet)\b"),
        re.compile(r"\b(?:indstillingen|sagen|punktet)\s+faldt\b"),
    ],
    "godkendt": [
        re.compile(_NEG + r"\b(?:godkendt|godkendte|godkendtes|tiltrådt|tiltrådte|tiltrådtes|vedtaget|vedtog|vedtoges)\b"),
        re.compile(r"\b(?:kan|vil)\s+godkende\b"),
        # "Udvalget kunne tiltræde indstillingen"; "X kunne ikke tiltræde" is a minority's note (below)
        re.compile(r"(?<!ikke )\b(?:kunne|kan)\s+(?:enstemmigt\s+|fuldt\s+ud\s+)?tiltræde\b"),
        # a decision that is the recommendation's verb ticked off: "Godkende", "At godkende indstillingen"
        re.compile(r"^\s*(?:at\s+)?godkende\b"),
        re.compile(r"(?<!ikke )\b(?:besluttede|valgte|enedes\s+om|blev\s+enige\s+om)\s+(?:(?!ikke\b)\w+\s+){0,2}at\s+godkende\b"),
    ],
    "taget-til-efterretning": [
        re.compile(r"\btil\s+efterretning\b"),
    ],
    "drøftet": [
        re.compile(r"\b(?:drøftede|drøftet|drøftedes|debatterede|diskuterede)\b"),
        re.compile(r"^\s*(?:at\s+)?drøfte\b"),
    ],
    "udsat": [
        re.compile(r"\budsat(?:te)?\s+(?:sagen|punktet|behandlingen|beslutningen|afgørelsen)\b"),
        re.compile(r"\b(?:sagen|sagens\s+behandling|punktet|behandlingen)\s+(?:blev\s+|er\s+)?(?:udsat|udsættes)\b"),
        re.compile(r"^\s*udsat\b"),
        re.compile(r"^\s*(?:at\s+)?udsætte\b"),
        re.compile(r"\budsat\s*(?:til|indtil)\b"),
        # "udvalget besluttede herefter at udsætte sagens behandling"
        re.compile(r"\b(?:besluttede|vedtog|valgte|enedes\s+om|blev\s+enige\s+om)\s+(?:\w+\s+){0,2}at\s+udsætte\b"),
    ],
    "indstillet": [
        re.compile(r"\b(?:indstiller|indstillede|anbefaler|anbefalede|anbefales|anbefalet|indstilles)\b"),
    ],
    "oversendt": [
        re.compile(r"\b(?:oversendes|oversendte|oversender|oversendt|fremsendes|fremsendt|fremsendte|videresendes|sendes\s+videre|sendt\s+videre)\b"),
    ],
}
# "Tilbagesendes Borgmesterens Afdeling med bemærkning, at byrådet … har vedtaget …" returns a decided case to
# the administration to carry out; sent back without a decision, the case goes on (``oversendt``).
_RETURN_RE = re.compile(r"\b(?:tilbagesendes|sendes\s+tilbage)\b")
_NONE_RE = re.compile(r"^\s*(?:ingen\s+bemærkninger|intet\s+at\s+bemærke|-)\.?\s*$")
# Per outcome, words of which every one of its patterns contains at least one (the text is lower-cased and
# the patterns are case-sensitive): when none is in the text, no pattern can match and none is searched.
_CUES: dict[str, tuple[str, ...]] = {
    "afvist": ("ikke", "afvis", "forkast", "bortfald", "faldt"),
    "godkendt": ("godkend", "tiltråd", "tiltræd", "vedtag", "vedtog"),
    "taget-til-efterretning": ("efterretning",),
    "drøftet": ("drøft", "debatter", "diskuter"),
    "udsat": ("udsat", "udsættes", "udsætte"),
    "indstillet": ("indstill", "anbefal"),
    "oversendt": ("oversend", "fremsend", "videresend", "sendes videre", "sendt videre"),
}
_CUED_PATTERNS = tuple((outcome, _CUES[outcome], patterns) for outcome, patterns in _PATTERNS.items())


def classify(text: str) -> list[str]:
    """The outcomes a decision text reports, in the canonical order of ``OUTCOMES``."""
    if len(text) <= 200:  # short decisions ("Godkendt.", "Taget til efterretning.") recur all through an archive
        return list(_classify_cached(text))
    return _classify(text)


# Paragraphs of a decision that report something else than what the body did with the item: a vote's tally,
# a note about another item ("Vedr. sag 92 blev det drøftet …"), who was absent.
_ASIDE_RE = re.compile(
    r"^\W*(?:for\s+stemte|imod\s+stemte|undlod\s+at\s+stemme|stemmeafgivning|stemmer\s+for|stemmer\s+imod|"
    r"vedr\.|vedrørende|angående|ad\s+sag\b|ad\s+punkt\b|fraværende\b|afbud\b|ikke\s+til\s+stede\b)",
    re.IGNORECASE)


def _about_the_item(text: str) -> str:
    """The decision's text without its asides (see _ASIDE_RE), or all of it when that would leave nothing."""
    if "\n\n" not in text:
        return text
    kept = [p for p in text.split("\n\n") if not _ASIDE_RE.match(p)]
    return "\n\n".join(kept) if kept else text


def _classify(text: str) -> list[str]:
    t = " ".join(_about_the_item(text).lower().split())
    if not t or _NONE_RE.match(t):
        return []
    found = set()
    for outcome, cues, patterns in _CUED_PATTERNS:
        if any(c in t for c in cues) and any(p.search(t) for p in patterns):
            found.add(outcome)
    if "sendes" in t and not found & {"godkendt", "afvist", "oversendt"} and _RETURN_RE.search(t):
        found.add("oversendt")
    if "afvist" in found and "godkendt" in found:
        # "ikke godkendt" also matches the bare "godkendt": keep godkendt only if stated without negation
        if not re.search(r"(?<!ikke )\b(?:godkendt|godkendte|tiltrådt|tiltrådte|vedtaget)\b(?! ikke)", _strip_negated(t)):
            found.discard("godkendt")
    return [o for o in OUTCOMES if o in found]


@lru_cache(maxsize=4096)
def _classify_cached(text: str) -> tuple[str, ...]:
    return tuple(_classify(text))


def _strip_negated(t: str) -> str:
    return re.sub(r"\bikke\s+(?:blevet\s+|blev\s+)?(?:godkendt|tiltrådt|vedtaget)\b", " ", t)
