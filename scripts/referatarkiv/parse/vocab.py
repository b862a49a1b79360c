"""The words referater use for their parts: section headings, header labels, body names.

Each table maps what municipalities write to the role it plays, so the rest of the parser asks
"what is this line?" once, here, and never compares against a spelling of its own.
"""
from __future__ import annotations

import re
from functools import lru_cache

from ..readers.normalize import strip_inline_markup

# Section headings as municipalities write them → the role they play (model.SECTION_KINDS).
SECTION_NAMES: dict[str, str] = {
    # what the item is about, in short
    "resume": "resume", "resumé": "resume", "sammenfatning": "resume", "kort om sagen": "resume",
    "beslutningstema": "resume", "sagens kerne": "resume", "formål": "resume", "kort fortalt": "resume",
    "sammendrag": "resume", "tema": "resume", "hvad skal der tages stilling til": "resume",
    "det skal udvalget tage stilling til": "resume", "indledning": "resume",
    # the case itself
    "sagsfremstilling": "sagsfremstilling", "fremstilling": "sagsfremstilling", "uddybende bemærkninger": "sagsfremstilling",
    "sagsbeskrivelse": "sagsfremstilling", "beskrivelse af sagen": "sagsfremstilling", "sagens beskrivelse": "sagsfremstilling",
    "sagens indhold": "sagsfremstilling", "sagens baggrund": "sagsfremstilling", "problemstilling": "sagsfremstilling",
    "løsning": "sagsfremstilling", "baggrund": "sagsfremstilling", "supplerende sagsfremstilling": "sagsfremstilling",
    "beskrivelse": "sagsfremstilling", "vurdering": "sagsfremstilling", "forvaltningens vurdering": "sagsfremstilling",
    "administrationens vurdering": "sagsfremstilling", "faglig vurdering": "sagsfremstilling",
    "oprindelig sagsfremstilling": "sagsfremstilling", "sagen": "sagsfremstilling", "redegørelse": "sagsfremstilling",
    "videre proces": "sagsfremstilling", "tidsplan": "sagsfremstilling", "kommunikation": "sagsfremstilling",
    "lovgrundlag": "sagsfremstilling", "retsgrundlag": "sagsfremstilling", "lovgivning": "sagsfremstilling",
    "lovhjemmel": "sagsfremstilling", "juridiske forhold": "sagsfremstilling", "jura": "sagsfremstilling",
    "høring": "sagsfremstilling", "høringssvar": "sagsfremstilling", "konsekvenser": "sagsfremstilling",
    "beslutningskompetence": "sagsfremstilling", "kompetence": "sagsfremstilling", "kompetenceforhold": "sagsfremstilling",
    "forslag": "sagsfremstilling", "miljøvurdering": "sagsfremstilling", "klimakonsekvenser": "sagsfremstilling",
    "bemærkninger": "sagsfremstilling", "sagsprocedure": "sagsfremstilling", "sagsgang": "sagsfremstilling",
    "sagsgang og sagstype": "sagsfremstilling", "personale": "sagsfremstilling", "bæredygtighed": "sagsfremstilling",
    "klima": "sagsfremstilling", "klimavurdering": "sagsfremstilling", "borgerinddragelse": "sagsfremstilling",
    "inddragelse": "sagsfremstilling", "risikovurdering": "sagsfremstilling", "øvrige forhold": "sagsfremstilling",
    "status": "sagsfremstilling", "begrundelse": "sagsfremstilling", "analyse": "sagsfremstilling",
    "handicappolitik": "sagsfremstilling", "sundhedspolitik": "sagsfremstilling", "orientering": "sagsfremstilling",
    "uddybning": "sagsfremstilling", "fakta": "sagsfremstilling", "proces": "sagsfremstilling",
    # what the administration proposes
    "beslutningsforslag": "sagsfremstilling", "forslag til beslutning fra": "sagsfremstilling",
    "indstilling": "indstilling", "indstillinger": "indstilling", "administrativ indstilling": "indstilling",
    "forvaltningens indstilling": "indstilling", "direktionens indstilling": "indstilling",
    "administrationens indstilling": "indstilling", "direktørens indstilling": "indstilling",
    "beslutningspunkter": "indstilling", "indstilling og beslutning": "indstilling", "forslag til beslutning": "indstilling",
    "anbefaling": "indstilling", "anbefalinger": "indstilling", "indstillingen": "indstilling",
    # what was decided
    "beslutning": "beslutning", "beslutninger": "beslutning", "afgørelse": "beslutning", "protokol": "beslutning",
    "udvalgets beslutning": "beslutning", "protokollat": "beslutning", "protokoltilførsel": "beslutning",
    "beslutning/protokol": "beslutning", "beslutningsprotokol": "beslutning", "protokollering": "beslutning",
    # money
    "økonomi": "oekonomi", "økonomiske konsekvenser": "oekonomi", "bevillingsmæssige konsekvenser": "oekonomi",
    "økonomi og finansiering": "oekonomi", "bevilling": "oekonomi", "finansiering": "oekonomi",
    "økonomiske forhold": "oekonomi", "økonomisk vurdering": "oekonomi", "økonomi og personale": "oekonomi",
    "bevillingsoversigt": "oekonomi", "budget": "oekonomi", "økonomi og bevilling": "oekonomi",
    # endorsements
    "borgmesterpåtegning": "paategning", "påtegning": "paategning", "økonomisk påtegning": "paategning",
    # the route through the bodies
    "behandling": "behandling", "videre behandling": "behandling", "behandlingsforløb": "behandling",
    "politisk behandling": "behandling", "beslutningsproces": "behandling",
    # earlier steps
    "historik": "historik", "sagsforløb": "historik", "sagens forløb": "historik", "tidligere beslutninger": "historik",
    "tidligere behandling": "historik", "tidligere behandlinger": "historik", "tidligere politiske beslutninger": "historik",
    "politisk forløb": "historik",
    # attachments
    "bilag": "bilag", "bilagsliste": "bilag", "bilagsfortegnelse": "bilag", "bilag til sagen": "bilag",
    "vedlagte bilag": "bilag", "oversigt over bilag": "bilag", "bilag til punktet": "bilag",
}

# A heading ending in one of these words plays the role the word gives ("Udvalgets beslutning",
# "Sundhedsmæssige konsekvenser"); the full names above win.
_SUFFIX_KINDS = (
    (" beslutning", "beslutning"),
    ("s påtegning", "paategning"),
    (" påtegning", "paategning"),
    (" konsekvenser", "sagsfremstilling"),
    (" indstilling", "indstilling"),
    (" vurdering", "sagsfremstilling"),
)
# A heading starting with one of these plays the role the rest of the words would not change
# ("Supplerende sagsfremstilling den 17. maj 2022", "Indstilling fra Magistratsafdelingen for …").
_PREFIX_KINDS = (
    ("supplerende sagsfremstilling", "sagsfremstilling"),
    ("sagsfremstilling", "sagsfremstilling"),
    ("økonomiske konsekvenser", "oekonomi"),
    ("påtegning", "paategning"),
    ("indstilling fra", "indstilling"),
    ("beslutningsforslag", "sagsfremstilling"),
    ("forslag fra", "sagsfremstilling"),
    ("borgmesterens afdelings påtegning", "paategning"),
)
# the first and last words the rules above look at: any other word rules them out at once
_PREFIX_FIRST = frozenset(p.split()[0] for p, _ in _PREFIX_KINDS)
_SUFFIX_LAST = frozenset(x.split()[-1] for x, _ in _SUFFIX_KINDS)
# Headings are short; longer lines are never compared against the tables.
MAX_HEADING_CHARS = 120
_SPACE_RUN_RE = re.compile(r"\s+")


def heading_key(text: str) -> str:
    """A heading as the tables spell it: markup, trailing colon or full stop, extra spaces and case gone."""
    t = strip_inline_markup(text) if ("*" in text or "_" in text or "<" in text) else text.strip()
    t = t.rstrip(" :.").strip()
    if "  " in t or "\t" in t or "\n" in t:
        t = _SPACE_RUN_RE.sub(" ", t)
    return t.lower()


@lru_cache(maxsize=8192)
def section_kind(text: str) -> str | None:
    """The role of a heading line ("Beslutning", "Økonomiske  konsekvenser:"), or None when it is no known heading."""
    if len(text) > MAX_HEADING_CHARS:
        return None
    first = text.lstrip(" \t*_#<>")[:1]
    if first.islower():
        return None  # "løsning." ending a paragraph's last line is no heading
    key = heading_key(text)
    kind = SECTION_NAMES.get(key)
    if kind is not None or not key:
        return kind
    words = key.split()
    if len(words) > 7 or text.rstrip().endswith(".") and len(words) > 2:
        return None  # "Byrådet godkendte administrationens indstilling.": a sentence
    if words[0] in _PREFIX_FIRST:
        for prefix, k in _PREFIX_KINDS:
            if key.startswith(prefix):
                return k
    if len(words) <= 3 and words[-1] in _SUFFIX_LAST:
        for suffix, k in _SUFFIX_KINDS:
            if not key.endswith(suffix):
                continue
            # "økonomiske konsekvenser" is money; other consequences are part of the case
            if k == "sagsfremstilling" and key.startswith("økonomi"):
                return "oekonomi"
            return k
    return None


def inline_section(text: str) -> tuple[str, str, str] | None:
    """A line that opens with a known heading and a colon, the text following on the same line
    ("Sagsfremstilling: Ved brev af …", "Beslutning: Godkendt.") → (heading, kind, rest); else None."""
    colon = text.find(":", 0, 60)
    if colon <= 0:
        return None
    head, rest = text[:colon], text[colon + 1:].strip()
    if not rest:
        return None
    kind = section_kind(head)
    if kind is None or heading_key(head) not in SECTION_NAMES:
        return None  # only the plain names: "Vurdering af …: …" is a sentence, not a heading
    return strip_inline_markup(head).strip(), kind, rest


# Body names written in full, for history entries and references ("MAG" → "Magistraten").
BODY_ABBREVIATIONS = {
    "MAG": "Magistraten",
    "KB": "Kommunalbestyrelsen",
    "BR": "Borgerrepræsentationen",
    "ØU": "Økonomiudvalget",
    "OEU": "Økonomiudvalget",
}

# Words that name a political body; a header line holding one names the meeting's body.
BODY_WORD_RE = re.compile(
    r"(?:udvalg(?:et)?|[Mm]agistrat(?:en)?|[Kk]ommunalbestyrelse(?:n)?|[Bb]yråd(?:et)?|[Bb]orgerrepræsentation(?:en)?|"
    r"[Rr]egionsråd(?:et)?|[Rr]åd(?:et)?|[Bb]estyrelse(?:n)?|[Nn]ævn(?:et)?|[Kk]ommission(?:en)?|[Ff]orum|[Pp]anel(?:et)?|"
    r"[Dd]irektion(?:en)?|[Ff]orsamling(?:en)?)\b",
    re.IGNORECASE,
)
