"""Names, titles and labels that pages, feeds, open data and timelines all show.

One place for how a meeting, a punkt or a file is called, so a meeting's page, its feed entry, its
open-data record and a timeline step name it the same way: :func:`meeting_title` ("Økonomiudvalget,
mandag 2. marts 2020"), :func:`meeting_when`, :func:`item_heading` ("Punkt 15: …"), small
Danish labels (:func:`plural`, :func:`term_label`, :func:`human_size`, :func:`file_kind`), and a
decision's positions (:func:`position_label` "Kunne ikke tiltræde", :func:`position_names` "SF,
Enhedslisten og Viggo Jonasen"). Plain
text, not escaped: each caller escapes for its own format.
"""
from __future__ import annotations

import posixpath

from ..archive.link import ArchiveItem, ArchiveMeeting
from ..dates import format_date, format_datetime
from ..model import STANCE_LABELS, Position
from ..parse.parties import party_name

SITE_NAME = "Referatarkiv"


def meeting_title(am: ArchiveMeeting) -> str:
    when = format_date(am.date) if am.date else "mødedato ukendt"
    return f"{am.committee.name}, {when}" + (" – dagsorden" if am.is_agenda else "")


def meeting_when(am: ArchiveMeeting, weekday: bool = True) -> str:
    if am.date is None:
        name = posixpath.basename(am.source_rel or "")
        return f"Uden dato ({name})" if name else "Uden dato"
    return format_datetime(am.date, am.meeting.start_time) if weekday else format_date(am.date, with_weekday=False)


def item_heading(ai: ArchiveItem) -> str:
    return f"{ai.label}: {ai.title}"


def plural(n: int, one: str, many: str) -> str:
    return one if n == 1 else many


def term_label(term: str | None) -> str:
    return f"Valgperioden {term}" if term else "Ukendt valgperiode"


def human_size(n: int | None) -> str:
    if n is None:
        return ""
    if n < 1024:
        return f"{n} B"
    if n < 1024 * 1024:
        return f"{round(n / 1024)} KB"
    return f"{n / (1024 * 1024):.1f} MB".replace(".", ",")


def file_kind(path: str) -> str:
    name = path.rsplit("/", 1)[-1]
    parts = name.split(".")
    if len(parts) > 2 and parts[-1] == "zip":
        return f"{parts[-2]} i zip-fil"
    return parts[-2] if len(parts) > 2 and parts[-1] == "txt" else (parts[-1] if len(parts) > 1 else "fil")


def genitive(name: str) -> str:
    """"Aarhus" → "Aarhus'", "Greve Kommune" → "Greve Kommunes"."""
    return name + ("'" if name[-1:].lower() in ("s", "x", "z") else "s")


def join_names(names: list[str]) -> str:
    """"SF, Enhedslisten og Viggo Jonasen"."""
    names = [n for n in names if n]
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " og " + names[-1]


def position_label(p: Position) -> str:
    """What a position says, in the words of the decision where they are plain ("Kunne ikke tiltræde",
    "Tog forbehold", "Deltog ikke (inhabil)"), with the part of the decision it concerns."""
    w = (p.wording or "").lower()
    if p.stance == "imod":
        label = ("Kunne ikke tiltræde" if "tiltræde" in w else "Kunne ikke godkende" if "godkende" in w
                 else "Kunne ikke anbefale" if "anbefale" in w else "Stemte imod")
    elif p.stance == "undlod":
        label = "Undlod at tage stilling" if "stilling" in w else "Undlod at stemme"
    elif p.stance == "for":
        label = ("Kunne tiltræde" if "tiltræde" in w or "tiltråd" in w else "Anbefalede" if "anbefal" in w
                 else "Godkendte" if "godkend" in w else "Stemte for")
    elif p.stance == "deltog-ikke":
        label = {"inhabil": "Deltog ikke (inhabil)", "fraværende": "Fraværende"}.get(p.reason or "", "Deltog ikke")
    else:
        label = STANCE_LABELS.get(p.stance, p.stance)
    if p.group and p.stance not in ("flertal", "mindretal"):
        label += f" ({p.group})"
    if p.scope:
        # "Kunne ikke tiltræde indstillingens beslutningspunkt 5", "Stemte imod (ad 1)"
        first = p.scope[:1]
        label += f" ({p.scope})" if first.isdigit() or p.scope.lower().startswith("ad") else f" {p.scope}"
    return label


def position_names(p: Position) -> str:
    """The parties by their short names, then the persons as written ("Mona Berg (Ø)")."""
    names = [party_name(letter) for letter in p.parties]
    names += [f"{m.name} ({m.party})" if m.party else m.name for m in p.persons]
    return join_names(names)
