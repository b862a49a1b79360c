"""Names, titles and labels that pages, feeds, open data and timelines all show.

One place for how a meeting, a punkt or a file is called, so a meeting's page, its feed entry, its
open-data record and a timeline step name it the same way: :func:`meeting_title` ("Økonomiudvalget,
mandag 2. marts 2020"), :func:`meeting_when`, :func:`item_heading` ("Punkt 15: …"), and small
Danish labels (:func:`plural`, :func:`term_label`, :func:`human_size`, :func:`file_kind`). Plain
text, not escaped: each caller escapes for its own format.
"""
from __future__ import annotations

import posixpath

from ..archive.link import ArchiveItem, ArchiveMeeting
from ..dates import format_date, format_datetime

SITE_NAME = "Referatarkiv"


def meeting_title(am: ArchiveMeeting) -> str:
    when = format_date(am.date) if am.date else "mødedato ukendt"
    return f"{am.committee.name}, {when}"


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
