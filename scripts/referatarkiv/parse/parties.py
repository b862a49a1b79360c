"""Political parties as referater name them: full names, genitives, group words, letters, abbreviations.

"Socialistisk Folkepartis og Enhedslisten de Rød-Grønnes byrådsgrupper", "Det Konservative Folkeparti",
"(A+V+C)", "(Ø)", "SF", "RV" all name parties; :func:`party_letter` turns one such mention into the
party's ballot letter ("F", "Ø", "C", "B"), the same in every kommune. Local lists keep the letters
the referat gives them ("UP", "UPN"). One letter depends on the kommune: "S" is Slesvigsk Parti where
it stands for election (the four kommuner of Sønderjylland), elsewhere the short form of
Socialdemokratiet ("Forslag fra S, SF og RV").
"""
from __future__ import annotations

import re
from functools import lru_cache

# letter → (short name a page shows, the names referater write for it)
PARTIES: dict[str, tuple[str, tuple[str, ...]]] = {
    "A": ("Socialdemokratiet", ("Socialdemokratiet", "Socialdemokraterne", "Socialdemokratisk Parti")),
    "B": ("Radikale Venstre", ("Radikale Venstre", "Det Radikale Venstre", "De Radikale", "Radikale")),
    "C": ("Konservative", ("Det Konservative Folkeparti", "Konservative Folkeparti", "De Konservative",
                           "Konservative")),
    "D": ("Nye Borgerlige", ("Nye Borgerlige",)),
    "F": ("SF", ("Socialistisk Folkeparti", "SF - Socialistisk Folkeparti", "SF")),
    "I": ("Liberal Alliance", ("Liberal Alliance",)),
    "K": ("Kristendemokraterne", ("Kristendemokraterne", "Kristeligt Folkeparti")),
    "M": ("Moderaterne", ("Moderaterne",)),
    "O": ("Dansk Folkeparti", ("Dansk Folkeparti",)),
    "Q": ("Frie Grønne", ("Frie Grønne",)),
    "S": ("Slesvigsk Parti", ("Slesvigsk Parti",)),
    "V": ("Venstre", ("Venstre", "Venstre, Danmarks Liberale Parti")),
    "Æ": ("Danmarksdemokraterne", ("Danmarksdemokraterne", "Danmarksdemokraterne - Inger Støjberg")),
    "Ø": ("Enhedslisten", ("Enhedslisten", "Enhedslisten - De Rød-Grønne", "Enhedslisten de Rød-Grønne",
                           "Enhedslisten, De Rød-Grønne", "De Rød-Grønne")),
    "Å": ("Alternativet", ("Alternativet",)),
}
# Short forms some kommuner write instead of the ballot letter.
ABBREVIATIONS = {
    "SF": "F", "RV": "B", "R": "B", "KF": "C", "KONS": "C", "LA": "I", "KD": "K", "DF": "O", "NB": "D",
    "DD": "Æ", "EL": "Ø", "ALT": "Å", "SP": "S",
}
# Marks of a member outside every party: no letter.
UNAFFILIATED = frozenset({"UFP", "LØSGÆNGER", "UDEN FOR PARTIERNE", "UP?"})
# Short forms of bodies, never of a party.
_BODY_MARKS = frozenset({"KB", "ØU", "OEU", "BR", "BY", "MAG", "DIR", "EMN", "ØK", "FK"})
# Kommuner where Slesvigsk Parti stands for election, so "S" is its letter.
SLESVIG = frozenset({"aabenraa", "haderslev", "soenderborg", "sønderborg", "toender", "tønder"})

# Words around a party's name that say "its group": "Socialdemokratiets byrådsgruppe", "partiet Venstre".
_GROUP_WORDS = (r"(?:byrådsgrupper(?:ne)?|byrådsgruppe(?:n)?|kommunalbestyrelsesgrupper?|grupper(?:ne)?|gruppe(?:n)?|"
                r"medlemmer(?:ne)?|medlem(?:met)?|repræsentant(?:er|en|erne)?)")
_NAMES = sorted({n for _, names in PARTIES.values() for n in names}, key=len, reverse=True)
# a party's name: "det"/"de" in any case before it, a genitive -s after it, a group word after that
_NAME_RE = re.compile(
    r"^(?:partiet\s+|partierne\s+)?(?P<name>" + "|".join(re.escape(n) for n in _NAMES) + r")(?:s|')?"
    r"(?:\s+" + _GROUP_WORDS + r")?$",
    re.IGNORECASE)
_BY_NAME = {n.casefold(): letter for letter, (_, names) in PARTIES.items() for n in names}
# a letter or short form: "A", "(Ø)", "UP-N", "Kons."
_LETTER_RE = re.compile(r"^\(?(?P<l>[A-ZÆØÅ]{1,4}(?:-[A-ZÆØÅ0-9]{1,2})?)\.?\)?$")
_GENITIVE_LETTER_RE = re.compile(r"^(?P<l>[A-ZÆØÅ]{1,4})['’]?s$")


def _kommune_key(kommune: str | None) -> str:
    return (kommune or "").casefold()


def letter_of(token: str, kommune: str | None = None) -> str | None:
    """The ballot letter a letter or short form stands for ("Ø" → "Ø", "EL" → "Ø", "UP-N" → "UPN"); None
    when it is no party mark (or marks a member outside every party)."""
    t = token.strip().strip("()").rstrip(".").strip()
    if not t or t.upper() in UNAFFILIATED:
        return None
    if t.casefold() == "kons":
        return "C"
    m = _LETTER_RE.match(t)
    if not m:
        return None
    raw = m.group("l")
    if raw in _BODY_MARKS:
        return None
    if raw == "S":
        return "S" if _kommune_key(kommune) in SLESVIG else "A"
    if raw in PARTIES:
        return raw
    if raw in ABBREVIATIONS:
        return ABBREVIATIONS[raw]
    return raw  # a local list's letters, as written ("UP", "UP-N")


@lru_cache(maxsize=4096)
def party_letter(text: str, kommune: str | None = None) -> str | None:
    """The letter of the party one mention names: a full name (genitive and group word allowed:
    "Radikale Venstres byrådsgruppe", "det Konservative Folkepartis"), or a letter or short form; else None."""
    t = " ".join(text.split()).strip(" ,.")
    if not t:
        return None
    m = _NAME_RE.match(t)
    if m:
        name = m.group("name").casefold()
        if name.startswith(("det ", "de ")) and name not in _BY_NAME:
            name = name.split(" ", 1)[1]
        letter = _BY_NAME.get(name)
        if letter is not None:
            return letter
    t = re.sub(r"^(?:partiet|partierne)\s+", "", t)
    g = _GENITIVE_LETTER_RE.match(t)  # "V's ændringsforslag": not a mention of the party as actor
    if g and len(t) > 1:
        return None
    return letter_of(t, kommune)


def party_name(letter: str) -> str:
    """The short name a page shows for a letter ("F" → "SF", "Ø" → "Enhedslisten"); a local list's
    letters as they are."""
    entry = PARTIES.get(letter)
    return entry[0] if entry else letter


def is_party_mention(text: str) -> bool:
    """``text`` is a party's full name (any of its forms), not just a letter."""
    return _NAME_RE.match(" ".join(text.split()).strip(" ,.")) is not None
