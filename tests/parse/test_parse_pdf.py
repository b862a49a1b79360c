"""The real Aarhus Byråd PDF (First Agenda layout) parses like any text referat."""
from datetime import date
from pathlib import Path

import pytest

from referatarkiv.parse import parse_file

PDF = Path(__file__).resolve().parents[2].parent / "shared" / "corpus-pdf" / "aarhus" / "aarhus_byraad_2025-08-27_referat.pdf"
pytestmark = pytest.mark.skipif(not PDF.exists(), reason=f"real Aarhus PDF not found at {PDF}")


@pytest.fixture(scope="module")
def meeting():
    return parse_file(PDF)


def test_aarhus_pdf_header(meeting):
    assert (meeting.committee, meeting.date, meeting.start_time, meeting.location) == (
        "Aarhus Byråd", date(2025, 8, 27), "16:00", "Byrådssalen")
    assert meeting.municipality == "aarhus"


def test_aarhus_pdf_has_its_21_items_with_titles_and_emn_case_numbers(meeting):
    assert [i.number for i in meeting.items] == list(range(1, 22))
    assert all(i.case_number and i.case_number.startswith("EMN-20") for i in meeting.items)
    # a title wrapped over two lines in the PDF is one title
    assert meeting.items[9].title.startswith("Lokalplan 1221 (tillæg 2 til lokalplan 411)")
    assert meeting.items[9].title.endswith("med tillæg 1 - Endelig")


def test_aarhus_beslutninger_is_the_decision_with_outcomes(meeting):
    assert meeting.items[0].decision.text == "Godkendt." and meeting.items[0].decision.outcomes == ["godkendt"]
    assert all(i.decision and i.decision.outcomes for i in meeting.items[:20])
    # minority notes ("kunne ikke tiltræde") are not the council's rejection
    assert "afvist" not in meeting.items[2].decision.outcomes


def test_aarhus_sagsforloeb_blocks_are_history(meeting):
    h = meeting.items[1].history
    assert [(e.date, e.body, e.item_number) for e in h] == [
        (date(2025, 8, 19), "Magistraten", 4), (date(2025, 4, 9), "Aarhus Byråd", 3), (date(2025, 3, 26), "Aarhus Byråd", 21)]
    assert "udsat" in h[2].text


def test_aarhus_beslutningspunkter_is_a_section_and_det_indstilles_stays_inside_it(meeting):
    heads = [s.heading for s in meeting.items[1].sections]
    assert "Beslutningspunkter" in heads and "Det indstilles" not in heads


def test_an_attachment_named_indstilling_stays_an_attachment(meeting):
    it = meeting.items[9]
    assert [s.heading for s in it.sections].count("Indstilling") == 0
    assert (None, "Indstilling") == (it.attachments[0].label, it.attachments[0].title)
    assert it.attachments[1].label == "Bilag 1"


def test_the_closed_item_is_marked_closed_with_its_title(meeting):
    last = meeting.items[-1]
    assert (last.closed, last.title) == (True, "Køb af landbrugsejendom")
