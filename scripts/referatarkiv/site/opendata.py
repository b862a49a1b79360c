"""Open data: the archive as JSON and CSV, documented by JSON Schemas shipped in the package.

Files (relative to the docs dir; MkDocs copies them into the site):

- ``data/archive.json`` — every meeting, item and case (:func:`render_json`, with the OParl-named
  fields of :func:`extend_archive_json`);
- ``data/moeder/<kommune>/<udvalg>/<møde>.json`` — one file per meeting with the full text of its
  open items, shaped after OParl 1.1 (``Meeting`` with ``agendaItem``, ``paper``, ``auxiliaryFile``);
- ``data/punkter.csv`` — one row per agenda item with its decision, whether it is final and who took a
  stance of their own (UTF-8, comma, RFC 4180 quoting);
- ``data/archive.schema.json``, ``data/meeting.schema.json`` — the schemas (copies of
  ``referatarkiv/site/schema/*.schema.json``).

URLs in the data are relative to the site's root (``havbjerg/…/punkt-15/``), as in archive.json.
Closed items carry their title only: no decision, no sections. Nothing here depends on the clock.
"""
from __future__ import annotations

import csv
import io
import json
from importlib import resources

from ..archive.link import Archive, ArchiveItem, ArchiveMeeting, Bilag
from ..model import OUTCOME_LABELS, Position
from ..parse.parties import party_name
from . import mdtext, timelines
from .feeds import has_start_time, meeting_start, rfc3339
from .names import meeting_title, position_label, position_names

OPARL = "https://schema.oparl.org/1.1/"
MEETINGS_DIR = "data/moeder/"
ITEMS_CSV = "data/punkter.csv"
SCHEMAS = ("archive.schema.json", "meeting.schema.json")
CSV_COLUMNS = [
    "kommune", "committee", "meeting_date", "meeting_start", "number", "order", "title", "case_number",
    "public", "outcomes", "result", "decision", "attachments", "url", "meeting_url", "case_url",
    "final", "positions",
]


def schema_text(name: str) -> str:
    return resources.files(__package__).joinpath("schema", name).read_text(encoding="utf-8")


def load_schema(name: str = "archive.schema.json") -> dict:
    return json.loads(schema_text(name))


def meeting_json_path(am: ArchiveMeeting) -> str:
    return f"{MEETINGS_DIR}{am.path.rstrip('/')}.json"


def _start(am: ArchiveMeeting) -> str | None:
    return rfc3339(meeting_start(am)) if has_start_time(am) else None


def _decision(ai: ArchiveItem):
    d = ai.item.decision
    return None if ai.item.closed or d is None else d


def _result(ai: ArchiveItem) -> str | None:
    d = _decision(ai)
    if d is None or not d.outcomes:
        return None
    return ", ".join(OUTCOME_LABELS.get(o, o) for o in d.outcomes)


def position_data(p: Position) -> dict:
    """A position as open data: the stance, its plain-Danish label, the parties (letters and names), the
    persons as written, what it concerns, and the sentence it came from."""
    return {
        "stance": p.stance,
        "label": position_label(p),
        "parties": list(p.parties),
        "party_names": [party_name(x) for x in p.parties],
        "persons": [{"name": m.name, "party": m.party} for m in p.persons],
        "scope": p.scope,
        "group": p.group,
        "reason": p.reason,
        "sentence": p.sentence,
    }


def decision_data(ai: ArchiveItem) -> dict:
    """Whether the decision is final, adopts the recommendation, where it sends the item, the vote's tally and
    the positions (nothing for closed items)."""
    d = _decision(ai)
    return {
        "final": d.final if d else None,
        "adopts_recommendation": bool(d and d.adopts_recommendation),
        "forwarded_to": d.forwarded_to if d else None,
        "votes": dict(d.votes) if d else {},
        "positions": [position_data(p) for p in d.positions] if d else [],
    }


def _final_text(ai: ArchiveItem) -> str:
    d = _decision(ai)
    return "" if d is None or d.final is None else ("true" if d.final else "false")


def positions_text(ai: ArchiveItem) -> str:
    """The positions in one CSV cell: "Kunne ikke tiltræde: SF, Enhedslisten og Viggo Jonasen; …"."""
    d = _decision(ai)
    return "; ".join(f"{position_label(p)}: {position_names(p)}" for p in d.positions) if d else ""


def newest_date(archive: Archive) -> str | None:
    dated = [am.date for am in archive.meetings if am.date]
    return max(dated).isoformat() if dated else None


def extend_archive_json(archive: Archive, data: dict) -> dict:
    """Add the OParl-named fields to render_json's dict (existing fields untouched): top-level
    ``schema`` and ``data_as_of``; per meeting ``name``, ``start``, ``data``; per item ``order``,
    ``public``, ``result``."""
    for am, m in zip(archive.meetings, data.get("meetings", [])):
        m["name"] = meeting_title(am)
        m["start"] = _start(am)
        m["data"] = meeting_json_path(am)
        for ai, it in zip(am.items, m.get("items", [])):
            it["order"] = ai.position
            it["public"] = not ai.item.closed
            it["result"] = _result(ai)
    return {"schema": "data/archive.schema.json", "data_as_of": newest_date(archive), **data}


def _file(b: Bilag) -> dict:
    return {
        "type": OPARL + "File",
        "name": b.display,
        "label": b.label,
        "title": b.title,
        "closed": b.closed,
        "web": b.path,
        "accessUrl": b.download,
        "fileName": b.download.rsplit("/", 1)[-1] if b.download else None,
    }


def _item(ai: ArchiveItem) -> dict:
    d = _decision(ai)
    open_ = not ai.item.closed
    return {
        "type": OPARL + "AgendaItem",
        "id": ai.path,
        "web": ai.path,
        "number": str(ai.item.number) if ai.item.number is not None else None,
        "order": ai.position,
        "name": ai.title,
        "public": open_,
        "result": _result(ai),
        "outcomes": list(d.outcomes) if d else [],
        "resolutionText": d.text if d and (d.text or "").strip() else None,
        "paper": ({"type": OPARL + "Paper", "reference": ai.case.case_number, "web": ai.case.path,
                   "catchAll": ai.case.catch_all} if ai.case else None),
        "auxiliaryFile": [_file(b) for b in ai.bilag],
        "sections": ([{"heading": s.heading, "kind": s.kind, "text": s.text} for s in ai.item.sections]
                     if open_ else []),
        "references": [{"text": rr.text, "web": rr.target.path if rr.target else None}
                       for rr in ai.references] if open_ else [],
        **decision_data(ai),
    }


def meeting_document(archive: Archive, am: ArchiveMeeting) -> dict:
    kom = archive.kommuner[am.kommune]
    c = am.committee
    m = am.meeting
    return {
        "schema": "data/meeting.schema.json",
        "type": OPARL + "Meeting",
        "id": am.path,
        "web": am.path,
        "name": meeting_title(am),
        "date": am.date.isoformat() if am.date else None,
        "start": _start(am),
        "term": am.term,
        "location": {"type": OPARL + "Location", "description": m.location} if m.location else None,
        "body": {"type": OPARL + "Body", "shortName": kom.slug, "name": kom.name, "web": kom.path},
        "organization": {"type": OPARL + "Organization", "name": None if c.unknown else c.name,
                         "shortName": c.abbreviation or None, "web": c.path},
        "participant": list(m.participants),
        "absent": list(m.absent),
        "kind": m.kind,
        # a dagsorden is the invitation (OParl: Meeting.invitation), a referat the results protocol
        ("invitation" if am.is_agenda else "resultsProtocol"): (
            {"type": OPARL + "File", "name": "Dagsorden" if am.is_agenda else "Referat", "accessUrl": am.download,
             "fileName": am.download.rsplit("/", 1)[-1]} if am.download else None),
        "sourceUrl": m.source_url if mdtext.safe_href(m.source_url) else None,
        "agendaItem": [_item(ai) for ai in am.items],
    }


# A cell a spreadsheet program would read as a formula (CSV injection: "=HYPERLINK(…)", "@SUM(…)",
# "+1", "-1", or a tab or carriage return in front of one) gets an apostrophe in front, as OWASP
# recommends and spreadsheet programs expect: the cell is then text, shown as written.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: object) -> object:
    """``value`` for a CSV cell; text that would start a formula gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def items_csv(archive: Archive) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(CSV_COLUMNS)
    for am in archive.meetings:
        kom = archive.kommuner[am.kommune]
        for ai in am.items:
            d = _decision(ai)
            w.writerow(csv_cell(v) for v in [
                kom.name,
                "" if am.committee.unknown else am.committee.name,
                am.date.isoformat() if am.date else "",
                _start(am) or "",
                "" if ai.item.number is None else ai.item.number,
                ai.position,
                ai.title,
                ai.case.case_number if ai.case else "",
                "true" if not ai.item.closed else "false",
                " ".join(d.outcomes) if d else "",
                _result(ai) or "",
                " ".join((d.text or "").split()) if d else "",
                "; ".join(b.display for b in ai.bilag),
                ai.path,
                am.path,
                ai.case.path if ai.case else "",
                _final_text(ai),
                positions_text(ai),
            ])
    return buf.getvalue()


def data_files(archive: Archive) -> dict[str, str]:
    """Per-meeting JSON, the items CSV and the schemas, as {docs-dir path: text}."""
    out = {meeting_json_path(am): json.dumps(meeting_document(archive, am), ensure_ascii=False, indent=1) + "\n"
           for am in archive.meetings}
    out[ITEMS_CSV] = items_csv(archive)
    for name in SCHEMAS:
        out[f"data/{name}"] = schema_text(name)
    return out


# --------------------------------------------------------------------------------------------
# data/archive.json

def url_of(path: str) -> str:
    return path


def render_json(archive: Archive) -> str:
    meetings = []
    for am in archive.meetings:
        m = am.meeting
        meetings.append({
            "url": url_of(am.path),
            "kommune": am.kommune,
            "committee": None if am.committee.unknown else am.committee.name,
            "committee_url": url_of(am.committee.path),
            "kind": m.kind,
            "term": am.term,
            "date": am.date.isoformat() if am.date else None,
            "start_time": m.start_time,
            "location": m.location,
            "source_url": mdtext.safe_href(m.source_url) and m.source_url,
            "download": am.download,
            "items": [
                {
                    "url": url_of(ai.path),
                    "number": ai.item.number,
                    "title": ai.item.title,
                    "case_number": ai.case.case_number if ai.case else None,
                    "case_url": url_of(ai.case.path) if ai.case else None,
                    "decision": (ai.item.decision.text if ai.item.decision and not ai.item.closed else None),
                    "outcomes": list(ai.item.decision.outcomes) if ai.item.decision and not ai.item.closed else [],
                    "closed": ai.item.closed,
                    "attachments": [
                        {"label": b.label, "title": b.title, "closed": b.closed, "url": url_of(b.path),
                         "download": b.download,
                         "source_url": mdtext.safe_href(b.source_url) and b.source_url}
                        for b in ai.bilag
                    ],
                    "references": [
                        {"text": rr.text, "url": url_of(rr.target.path) if rr.target else None}
                        for rr in ai.references
                    ],
                    **decision_data(ai),
                }
                for ai in am.items
            ],
        })
    cases = []
    for c in sorted(archive.cases.values(), key=lambda c: (c.kommune, c.case_number)):
        tl = timelines.case_data(archive, c)  # as the sag page says it; None for a shared number
        cases.append({
            "kommune": c.kommune,
            "case_number": c.case_number,
            "url": url_of(c.path),
            "catch_all": c.catch_all,
            "items": [url_of(ai.path) for ai in c.items],
            "status": tl["status"] if tl else None,
            "open": tl["open"] if tl else None,
        })
    data = {
        "kommuner": [{"slug": k.slug, "name": k.name, "url": url_of(k.path)} for k in archive.kommuner.values()],
        "committees": [
            {"kommune": c.kommune, "name": c.name, "url": url_of(c.path), "terms": c.terms,
             "abbreviation": c.abbreviation or None}
            for c in sorted(archive.committees.values(), key=lambda c: (c.kommune, c.slug))
        ],
        "meetings": meetings,
        "cases": cases,
    }
    data = extend_archive_json(archive, data)  # OParl-named fields; data/archive.schema.json
    return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=False) + "\n"
