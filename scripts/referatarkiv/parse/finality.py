"""Whether a decision is final, whether it adopts the recommendation, and where the item goes next.

By the text, not by the body's name:
- final: the body adopted or rejected the matter itself — "Byrådet godkendte …", "Kommunalbestyrelsen
  vedtog …", "Tilbagesendes Borgmesterens Afdeling med bemærkning, at byrådet … har vedtaget
  Magistratens indstilling" (sent back to the administration to carry out), "Godkendt.";
- not final: the item goes on — "Fremsendes til Teknisk Udvalg …", "Oversendes til …", "anbefaler, at
  byrådet tiltræder …", "Indstilles til godkendelse", "Sagen udsættes";
- neither (None): the text reports no decision on the matter ("Drøftet.", "Taget til efterretning.").

A decision adopts the recommendation when it takes the indstilling as it stands ("har vedtaget
Magistratens indstilling", "Indstillingen blev godkendt", "Tiltrådt.", "Godkendt som indstillet"): the
item's indstilling (:func:`adopted_points`) is then what was decided. With changes ("med den ændring,
at …") it does not: the decision's own text says what was decided.
"""
from __future__ import annotations

import re

from ..model import AgendaItem, Section
from .vocab import BODY_WORD_RE

_FORWARD_RE = re.compile(
    r"\b(?:fremsendes|oversendes|videresendes|sendes\s+videre|fremsendt|oversendt|videresendt|videresendte|"
    r"oversendte|fremsendte|sendes\s+til|anbefaler|anbefales|anbefalede|indstiller|indstilles|indstillede|"
    r"tilbagesendt\s+byrådet|tilbagesendes\s+(?:til\s+)?(?:byrådet|kommunalbestyrelsen|udvalget|magistraten))\b",
    re.IGNORECASE)
# "Tilbagesendes <the administration> med bemærkning, at byrådet … har vedtaget …": the case goes back to be
# carried out, decided; "tilbagesendes" alone sends it back for more work.
_RETURN_RE = re.compile(r"\b(?:tilbagesendes|sendes\s+tilbage)\b", re.IGNORECASE)
_ADOPTION_RE = re.compile(
    r"(?<!ikke )\b(?:har\s+|blev\s+|er\s+)?(?:vedtaget|godkendt|tiltrådt|vedtog|godkendte|tiltrådte|kunne\s+tiltræde|"
    r"kan\s+tiltræde|tiltræder)\s+(?:(?!ikke\b)[\w\-]+\s+){0,3}?indstilling(?:en|erne)?(?![\w-])"
    r"|\bindstilling(?:en|erne)?\s+(?:blev\s+|er\s+)?(?:godkendt|tiltrådt|vedtaget)\b"
    r"|\b(?:godkendt|tiltrådt|vedtaget)\s+som\s+indstillet\b",
    re.IGNORECASE)
_BARE_ADOPTION_RE = re.compile(r"^\W*(?:godkendt|tiltrådt|vedtaget|godkendes|tiltrædes)(?:\s+som\s+indstillet)?\W*$",
                               re.IGNORECASE)
_CHANGED_RE = re.compile(r"\b(?:ændring(?:er|en|erne)?|ændringsforslag(?:et)?|ændret|tilføjelse(?:n)?|"
                         r"undtagelse(?:n)?|dog\b|bortset\s+fra|med\s+undtagelse)", re.IGNORECASE)
# "Fremsendes [med …] til Teknisk Udvalg til behandling …", "indstiller til Magistraten", "Anbefales over for …";
# the body's name: capitalised words joined by "og", "for", "i" ("Klima-, Teknik- og Miljøudvalget",
# "Magistratsafdelingen for Teknik og Miljø"), or a body's word in lower case ("magistraten")
_TO_RE = re.compile(
    r"\b(?i:fremsendes|oversendes|videresendes|sendes\s+videre|sendes|indstiller|indstilles|anbefaler|anbefales)"
    r"(?:\s+med\s+(?:(?!\bom\b)[^.;,]){1,160}?)?\s+(?i:til|over\s+for|overfor)\s+"
    r"(?P<to>(?:[A-ZÆØÅ][\w\-]*|[a-zæøå]+(?=[\s.,;:]|$))(?:(?:\s+|(?<=-),\s+)(?:og|for|i|[A-ZÆØÅ][\w\-]*))*)")
_BODY_TARGET_RE = re.compile(r"afdeling|forvaltning|direktion|administration|sekretariat", re.IGNORECASE)


def _about(text: str) -> str:
    return " ".join(text.split())


def finality(text: str, outcomes: list[str]) -> bool | None:
    """True when the text reports a final adoption (or rejection) by the body, False when the item goes on
    to another body or is postponed, None when it reports neither."""
    outs = set(outcomes)
    t = _about(text)
    if "udsat" in outs and not outs & {"godkendt", "afvist"}:
        return False
    if outs & {"indstillet", "oversendt"} or _FORWARD_RE.search(t):
        return False
    if outs & {"godkendt", "afvist"}:
        return True
    return None


def returned_after_adoption(text: str) -> bool:
    """"Tilbagesendes … med bemærkning, at byrådet … har vedtaget …": the return of a decided case."""
    t = _about(text)
    m = _RETURN_RE.search(t)
    return bool(m) and _ADOPTION_RE.search(t, m.end()) is not None


def adopts_recommendation(text: str, outcomes: list[str]) -> bool:
    """The decision takes the indstilling as it stands (see the module's description)."""
    if "godkendt" not in outcomes or "afvist" in outcomes or "indstillet" in outcomes:
        return False
    first = _about(text.split("\n\n", 1)[0])
    if _BARE_ADOPTION_RE.match(first):
        return True
    m = _ADOPTION_RE.search(first)
    if m is None:
        return False
    # changes stated in the same sentence as the adoption make the decision differ from the indstilling
    sentence_end = first.find(". ", m.end())
    sentence = first[: sentence_end if sentence_end >= 0 else len(first)]
    return _CHANGED_RE.search(sentence) is None


def forwarded_to(text: str) -> str | None:
    """The body or office the decision sends the item on to ("Fremsendes til Teknisk Udvalg til behandling" →
    "Teknisk Udvalg"), as written; None when it names none."""
    m = _TO_RE.search(_about(text))
    if not m:
        return None
    words = m.group("to").split()
    while words and words[-1] in ("og", "for", "i"):
        words.pop()
    to = " ".join(words)
    if to.endswith(("ets", "ens")) and BODY_WORD_RE.search(to[:-1]):
        to = to[:-1]  # "oversendes til Byrådets 2. behandling"
    if not to or not (BODY_WORD_RE.search(to) or _BODY_TARGET_RE.search(to)):
        return None
    if to[:1].islower() and not BODY_WORD_RE.match(to):
        return None  # "sendes til realitetsbehandling i udvalg": no body named
    return to[:1].upper() + to[1:]


_POINTS_RE = re.compile(r"(?im)^\s*(?:\**\s*)?(?:at\s*\d{1,2}\s*[.):]|\d{1,2}\s*[.)]\s|[-*•]\s+at\b|at\b)|det\s+indstilles")


def adopted_points(item: AgendaItem) -> Section | None:
    """The section holding the recommendation a decision adopted: the indstilling section with the points
    ("Beslutningspunkter", "Det indstilles: At 1) …"), else the last indstilling section with text."""
    candidates = [s for s in item.sections if s.kind == "indstilling" and s.text.strip()]
    if not candidates:
        return None
    with_points = [s for s in candidates if _POINTS_RE.search(s.text)]
    return (with_points or candidates)[-1]
