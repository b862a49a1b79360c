"""First Agenda Publication JSON: the meeting as the API names it, each item's text read from its HTML.

A small meeting written for these tests pins each field; Greve Kommune's whole term (373 meetings in
../shared/corpus-firstagenda) is read in full when it is there: counts, a sample of meetings field by field
against the JSON, and no word of the JSON's text lost."""
from __future__ import annotations

import json
import random
import re
from datetime import date
from pathlib import Path

import lxml.html
import pytest

from referatarkiv.model import to_contract
from referatarkiv.parse import parse_file
from referatarkiv.readers import ReadError
from referatarkiv.readers.normalize import normalize_chars

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
GREVE = SHARED / "corpus-firstagenda" / "greve"

MEETING = {
    "Udvalg": {"Navn": "Teknikudvalget 2022-2025"},
    "Moede": {"Dato": "2024-11-13T16:15:00+01:00", "Sted": "Rådhuset, mødelokale 3", "Afsluttet": True,
              "Navn": "Ekstraordinær dagsorden",
              "Moededeltagere": [{"Name": "Jens Holm", "Absent": False, "ParticipationCancelled": False},
                                 {"Name": "Lise Berg", "Absent": True, "ParticipationCancelled": False},
                                 {"Name": "Ole Dam", "Absent": False, "ParticipationCancelled": True}]},
    "Dagsordenpunkter": [
        {"Punktnummer": "1", "Navn": "Godkendelse af dagsorden", "SagsNummer": "24-000101", "Sorting": 1,
         "Felter": [{"Html": "<div><h3>Beslutning</h3><span>Godkendt.</span><h3>Fremstilling</h3>"
                             "<span class='ukendt'><h4>Resume</h4><p>Dagsordenen for mødet.</p></span></div>",
                     "Link": "https://dagsordener.havbjerg.invalid/Vis/Pdf/bilag/aaa"}],
         "Bilag": [], "ExternalAgendaItemAttendees": [{"Name": "Lise Berg", "Reason": "Fraværende"}]},
        {"Punktnummer": "2", "Navn": "Ny skolevej", "SagsNummer": "24-000102", "Sorting": 2,
         "Felter": [{"Html": "<div><h3>Beslutning</h3><span>Anbefales.</span><h3>Fremstilling</h3><span>"
                             "<h4>Sagsbeskrivelse</h4><p>En vej til skolen.</p><ul><li>Fortov</li><li>Cykelsti</li></ul>"
                             "<table><tr><td>År</td><td>Kr.</td></tr><tr><td>2025</td><td>100</td></tr></table></span>"
                             "<h3>Sagens forløb</h3><span class='sagsforloeb'><u>01/11/2024   Skoleudvalget</u><br>"
                             "Anbefales.<br><u>05/11/2024   Økonomiudvalget</u><br>Godkendt.<br></span></div>",
                     "Link": "https://dagsordener.havbjerg.invalid/Vis/Pdf/bilag/bbb"}],
         "Bilag": [{"Navn": "Bilag 1. Kort over vejen", "Id": "c0ffee", "HarPdfVersion": "true", "Order": 0}]},
        {"Punktnummer": "3", "Navn": "Lukket: Køb af grund", "SagsNummer": "24-000103", "Sorting": 3,
         "Felter": [{"Html": "<div><p>Godkendt.</p><p>Afbud: Ole Dam</p></div>"}], "Bilag": []},
    ],
}


@pytest.fixture
def meeting(tmp_path):
    p = tmp_path / "havbjerg" / "teknik" / "2024-11-13_1615.json"
    p.parent.mkdir(parents=True)
    p.write_text(json.dumps(MEETING, ensure_ascii=False), encoding="utf-8")
    return parse_file(p)


def test_the_meeting_is_taken_as_the_json_names_it(meeting):
    m = meeting
    assert (m.committee, m.term, m.date, m.start_time, m.location) == (
        "Teknikudvalget", "2022-25", date(2024, 11, 13), "16:15", "Rådhuset, mødelokale 3")
    assert m.participants == ["Jens Holm", "Lise Berg", "Ole Dam"] and m.absent == ["Lise Berg", "Ole Dam"]
    assert m.notes == ["Ekstraordinær dagsorden"] and m.kind == "referat"
    assert [(it.number, it.title, it.case_number, it.closed) for it in m.items] == [
        (1, "Godkendelse af dagsorden", "24-000101", False), (2, "Ny skolevej", "24-000102", False),
        (3, "Køb af grund", "24-000103", True)]


def test_sections_decision_and_history_come_from_each_items_html(meeting):
    first, second, third = meeting.items
    assert [s.heading for s in first.sections] == ["Beslutning", "Fremstilling", "Resume"]
    assert first.decision.text == "Godkendt." and first.decision.attendance == ["Fraværende: Lise Berg"]
    assert second.decision.outcomes == ["indstillet"]
    assert [(h.date, h.body, h.text) for h in second.history] == [
        (date(2024, 11, 5), "Økonomiudvalget", "Godkendt."), (date(2024, 11, 1), "Skoleudvalget", "Anbefales.")]
    text = second.sections[[s.heading for s in second.sections].index("Sagsbeskrivelse")].text
    assert "- Fortov\n- Cykelsti" in text and "| År | Kr. |" in text
    # a closed item publishes its decision only, without a heading
    assert third.decision.text == "Godkendt." and third.decision.attendance == ["Afbud: Ole Dam"]


def test_attachments_keep_their_labels_and_the_address_the_api_serves_them_at(meeting):
    (a,) = meeting.items[1].attachments
    assert (a.label, a.title, a.url) == ("Bilag 1", "Kort over vejen", "https://dagsordener.havbjerg.invalid/vis/pdf/bilag/c0ffee")


def test_a_meeting_not_yet_held_with_no_decisions_is_a_dagsorden(tmp_path):
    doc = json.loads(json.dumps(MEETING))
    doc["Moede"]["Afsluttet"] = False
    for it in doc["Dagsordenpunkter"]:
        it["Felter"] = [{"Html": "<div><h3>Resume</h3><p>Tekst.</p></div>"}]
    p = tmp_path / "havbjerg" / "m.json"
    p.parent.mkdir()
    p.write_text(json.dumps(doc), encoding="utf-8")
    assert parse_file(p).kind == "dagsorden"


@pytest.mark.parametrize("content, message", [
    ("{not json", "ugyldig JSON"),
    ('{"items": []}', "ikke et møde fra First Agenda"),
])
def test_json_that_is_not_a_first_agenda_meeting_is_a_read_error_naming_the_file(tmp_path, content, message):
    p = tmp_path / "havbjerg" / "m.json"
    p.parent.mkdir()
    p.write_text(content, encoding="utf-8")
    with pytest.raises(ReadError) as e:
        parse_file(p)
    assert str(p) in str(e.value) and message in str(e.value)


# --- Greve Kommune's term, 373 meetings --------------------------------------------------------


def greve_files() -> list[Path]:
    if not GREVE.is_dir():
        pytest.skip(f"the First Agenda corpus is not at {GREVE} (../shared is not beside the repo)")
    return sorted(GREVE.rglob("*.json"))


@pytest.mark.corpus
@pytest.mark.slow
def test_the_whole_greve_term_parses_373_meetings_and_5553_items_without_losing_a_word():
    files = greve_files()
    n_items = 0
    lost: dict[str, set[str]] = {}
    for f in files:
        m = parse_file(f)
        n_items += len(m.items)
        have = _words(" ".join(_contract_strings(to_contract(m))))
        missing = _source_words(json.loads(f.read_text(encoding="utf-8"))) - have
        if missing:
            lost[f.name] = missing
    assert (len(files), n_items) == (373, 5553)
    assert not lost, f"{len(lost)} meetings lost words, e.g. {list(lost.items())[:3]}"


@pytest.mark.corpus
def test_a_sample_of_greve_meetings_field_by_field_against_the_json():
    files = greve_files()
    for f in random.Random(14).sample(files, 12):
        doc = json.loads(f.read_text(encoding="utf-8"))
        m = parse_file(f)
        moede = doc["Moede"]
        assert m.committee == re.sub(r"\s*\d{4}-\d{4}$", "", doc["Udvalg"]["Navn"]), f
        assert m.date.isoformat() == moede["Dato"][:10] and m.start_time == moede["Dato"][11:16], f
        assert m.location == (moede["Sted"] or None), f
        assert m.participants == [p["Name"] for p in moede["Moededeltagere"]], f
        assert m.absent == [p["Name"] for p in moede["Moededeltagere"] if p["Absent"] or p["ParticipationCancelled"]], f
        items = sorted(doc["Dagsordenpunkter"], key=lambda p: p["Sorting"])
        assert [it.number for it in m.items] == [int(p["Punktnummer"]) for p in items], f
        assert [it.case_number for it in m.items] == [p["SagsNummer"] or None for p in items], f
        for it, p in zip(m.items, items):
            assert it.closed == p["Navn"].lower().startswith("lukket"), f
            assert it.title == re.sub(r"(?i)^lukket:\s*", "", p["Navn"]).strip(), f
            assert len(it.attachments) == len(p["Bilag"]), f
            html = p["Felter"][0]["Html"] or ""
            heads = [h.text_content().strip() for h in lxml.html.fragment_fromstring(html, create_parent="div").iter("h3", "h4")
                     if h.text_content().strip()] if html else []
            for h in heads:
                if len(h) < 60:
                    assert " ".join(h.split()).rstrip(".:") in [s.heading.rstrip(".:") for s in it.sections], (f, h)
            if "<h3>Beslutning</h3>" in html and doc["Moede"]["Afsluttet"]:
                assert it.decision is not None, (f, it.number)


def _contract_strings(c: dict):
    for k in ("committee", "term", "location"):
        yield c.get(k) or ""
    yield from c["participants"]
    yield from c.get("notes") or []
    for it in c["items"]:
        yield it["title"] or ""
        yield it["case_number"] or ""
        for s in it["sections"]:
            yield s["heading"]
            yield s["text"]
        for a in it["attachments"]:
            yield a["label"] or ""
            yield a["title"]


def _source_words(doc: dict) -> set[str]:
    """The words a reader of the meeting sees: its names, titles, attachment names and the items' text."""
    # the meeting's "Navn" is the document's kind ("Dagsorden", "Ekstraordinær dagsorden"): kept as the kind or a note
    name = doc["Moede"].get("Navn") or ""
    out = [doc["Udvalg"]["Navn"], doc["Moede"].get("Sted") or "", "" if name.lower() == "dagsorden" else name]
    out += [p["Name"] for p in doc["Moede"]["Moededeltagere"]]
    for p in doc["Dagsordenpunkter"]:
        out += [re.sub(r"(?i)^lukket:\s*", "", p["Navn"]), p["SagsNummer"] or ""]
        out += [b["Navn"] for b in p["Bilag"]]
        out += [a["Name"] + " " + (a.get("Reason") or "") for a in p.get("ExternalAgendaItemAttendees") or []]
        for fe in p["Felter"]:
            if fe.get("Html"):
                out.append(_visible(fe["Html"]))
    return _words(normalize_chars(" ".join(out)))


def _visible(html: str) -> str:
    """What a browser shows of an HTML fragment: block elements apart, inline ones joined."""
    spaced = re.sub(r"(?i)<(/?)(p|div|br|li|h\d|tr|td|th|ul|ol|table)\b", r" <\1\2", html)
    return lxml.html.fragment_fromstring(spaced, create_parent="div").text_content()


def _words(s: str) -> set[str]:
    return set(re.findall(r"[^\W\d_]{3,}", s.lower()))
