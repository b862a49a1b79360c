"""First Agenda Publication JSON (the API behind ``dagsordener.<kommune>.dk``) → a meeting named outright.

The JSON says what text would leave to guessing: the body (``Udvalg.Navn``), the start (``Moede.Dato``, ISO
8601 with its offset), the place, each participant with their absence flags, and per item its number,
title, case number, attachments and its text as HTML (``Felter[].Html``). So the meeting and its items
are taken as given; only each item's text is handed on as blocks, for the parser to find its sections,
decision, history ("Sagens forløb") and references like any other item's.
"""
from __future__ import annotations

import re
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from .. import dates
from ..model import AgendaItem, Attachment, Meeting, ParseWarning
from .html import html_to_blocks
from .normalize import Block, Line

_TERM_SUFFIX_RE = re.compile(r"\s*\(?((?:19|20)\d\d\s*[-–/]\s*(?:\d{4}|\d{2}))\)?\s*$")


def is_first_agenda(doc: Any) -> bool:
    return isinstance(doc, dict) and isinstance(doc.get("Dagsordenpunkter"), list) and isinstance(doc.get("Moede"), dict)


def read_first_agenda(doc: dict) -> tuple[Meeting, list[list[Block]], list[ParseWarning]]:
    """(the meeting with its items as the JSON names them, each item's text as blocks, warnings)."""
    warnings: list[ParseWarning] = []
    m = Meeting()
    moede = doc.get("Moede") or {}
    udvalg = doc.get("Udvalg") or {}
    name = _text(udvalg.get("Navn"))
    if name:
        tm = _TERM_SUFFIX_RE.search(name)
        if tm and tm.start() > 0:
            m.term = dates.normalize_term(tm.group(1))
            name = name[:tm.start()].strip(" -–")
        m.committee = name or None
    start = _text(moede.get("Dato")) or _text(moede.get("MeetingBeginUtc"))
    if start:
        try:
            when = datetime.fromisoformat(start)
            m.date = when.date()
            m.start_time = f"{when.hour:02d}:{when.minute:02d}" if (when.hour, when.minute) != (0, 0) else None
        except ValueError:
            m.date = dates.parse_date(start)
            warnings.append(ParseWarning(1, f"mødets tidspunkt kunne ikke læses: {start!r}"))
    m.location = _text(moede.get("Sted")) or None
    for p in moede.get("Moededeltagere") or []:
        if not isinstance(p, dict) or not _text(p.get("Name")):
            continue
        person = _text(p.get("Name"))
        m.participants.append(person)
        if p.get("Absent") or p.get("ParticipationCancelled"):
            m.absent.append(person)
    for key in ("Navn", "Description"):
        note = _text(moede.get(key))
        if note and note.lower() != "dagsorden":
            m.notes.append(note)  # "Ekstraordinær dagsorden"
    if moede.get("Afsluttet") is False:
        m.kind = "dagsorden"  # the meeting has not been held: an agenda (the parser checks for decisions)
    bodies: list[list[Block]] = []
    line = 0
    for raw in sorted((p for p in doc.get("Dagsordenpunkter") or [] if isinstance(p, dict)),
                      key=lambda p: (p.get("Sorting") if isinstance(p.get("Sorting"), int) else 0)):
        line += 1
        number_text = _text(raw.get("Punktnummer")) or _text(raw.get("Number"))
        number = int(number_text) if number_text.isdigit() else None
        item = AgendaItem(number=number, title=_text(raw.get("Navn")) or _text(raw.get("Caption")) or None,
                          case_number=_text(raw.get("SagsNummer")) or _text(raw.get("CaseNumber")) or None, line=line)
        html = "\n".join(_text(f.get("Html")) for f in raw.get("Felter") or [] if isinstance(f, dict))
        body = html_to_blocks(html) if html.strip() else []
        if body and not any(ln.heading for b in body for ln in b.lines):
            # a closed item publishes its decision only: the text is the decision, without a heading of its own
            body.insert(0, Block([Line(0, "Beslutning", 2)]))
        _add_attendance(body, raw.get("ExternalAgendaItemAttendees") or [])
        base = _site_of(raw)
        for b in raw.get("Bilag") or []:
            if not isinstance(b, dict) or not _text(b.get("Navn")):
                continue
            url = None
            if base and _text(b.get("Id")) and str(b.get("HarPdfVersion", "")).lower() == "true":
                url = f"{base}/vis/pdf/bilag/{_text(b.get('Id'))}"
            item.attachments.append(Attachment(label=None, title=_text(b.get("Navn")), line=line, url=url))
        m.items.append(item)
        bodies.append(body)
    if not m.items:
        warnings.append(ParseWarning(1, "mødet har ingen dagsordenspunkter"))
    return m, bodies, warnings


def _add_attendance(body: list[Block], attendees: list) -> None:
    """Who was absent from this item ("ExternalAgendaItemAttendees": name and reason) as the decision's
    attendance line ("Fraværende: Torben Hoffmann"), right after the decision's own text."""
    by_reason: dict[str, list[str]] = {}
    for a in attendees:
        if isinstance(a, dict) and _text(a.get("Name")):
            by_reason.setdefault(_text(a.get("Reason")) or "Fraværende", []).append(_text(a.get("Name")))
    if not by_reason:
        return
    lines = [Block([Line(0, f"{reason}: {', '.join(names)}")]) for reason, names in by_reason.items()]
    start = next((i for i, b in enumerate(body) if b.lines[0].heading and b.lines[0].text.strip().lower().startswith("beslutning")), None)
    if start is None:
        body.extend(lines)
        return
    end = next((i for i in range(start + 1, len(body)) if body[i].lines[0].heading), len(body))
    body[end:end] = lines


def _text(v: Any) -> str:
    return " ".join(str(v).split()) if v is not None and not isinstance(v, (dict, list)) else ""


def _site_of(raw: dict) -> str | None:
    """The publishing site's address, from an item's own links ("https://dagsordener.greve.dk/…")."""
    for f in raw.get("Felter") or []:
        link = _text(f.get("Link")) if isinstance(f, dict) else ""
        if link.startswith(("https://", "http://")):
            parts = urlsplit(link)
            return f"{parts.scheme}://{parts.netloc}"
    return None
