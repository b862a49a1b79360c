"""The decisions of the real Aarhus Byråd referat (PDF, 21 items) and of the real Aarhus agenda (web page,
33 items), item by item: where each decision ends, whether it is final, and every position sentence.

The positions were counted by hand in both documents before this test was written: the PDF's own
decisions hold 5 position sentences (items 3, 4 and 6) and its Sagsforløb entries 20; the agenda has no
decisions of its own yet, and its Sagsforløb entries hold 50. The documents are read from ../shared
(never copied into the repo); the tests skip when they are absent.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from referatarkiv.parse import parse_file

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
PDF = SHARED / "corpus-pdf" / "aarhus" / "aarhus_byraad_2025-08-27_referat.pdf"
HTML = SHARED / "corpus-html" / "aarhus" / "aarhus_byraad_2025-10-08_dagsorden.html"

RETURNED = "har vedtaget Magistratens foranstående indstilling af {}. august 2025."
SENT_ON = "til behandling i henhold til beslutning i byrådets møde den 27. august 2025."
BACK_LATER = "Sagen bedes tilbagesendt byrådet via Magistraten."

# number: (how the decision ends, final, outcomes, sent on to)
DECISIONS = {
    1: ("Godkendt.", True, ["godkendt"], None),
    2: (SENT_ON, False, ["oversendt"], "Teknisk Udvalg"),
    3: ("Radikale Venstres og Alternativets byrådsgrupper kunne ikke tiltræde indstillingen.", True, ["godkendt"], None),
    4: ("Magistratsafdelingen for Teknik og Miljø udarbejder notat.", True, ["godkendt"], None),
    5: (RETURNED.format(19), True, ["godkendt"], None),
    6: ("Danmarksdemokraternes byrådsgruppe kunne ikke tiltræde indstillingens beslutningspunkt 5.", True, ["godkendt"], None),
    7: (RETURNED.format(19), True, ["godkendt"], None),
    8: (RETURNED.format(12), True, ["godkendt"], None),
    9: (SENT_ON, False, ["oversendt"], "Teknisk Udvalg"),
    10: (SENT_ON, False, ["oversendt"], "Teknisk Udvalg"),
    11: (SENT_ON, False, ["oversendt"], "Kulturudvalget"),
    12: ("Magistratsafdelingen for Kultur og Borgerservice udarbejder notat.", True, ["godkendt"], None),
    13: (RETURNED.format(12), True, ["godkendt"], None),
    14: (SENT_ON, False, ["oversendt"], "Børn og Unge-udvalget"),
    15: (SENT_ON, False, ["oversendt"], "Social- og Beskæftigelsesudvalget"),
    16: (BACK_LATER, False, ["oversendt"], "Borgmesterens Afdeling"),
    17: (BACK_LATER, False, ["oversendt"], "Magistratsafdelingen for Teknik og Miljø"),
    18: (BACK_LATER, False, ["oversendt"], "Magistratsafdelingen for Børn og Unge"),
    19: (BACK_LATER, False, ["oversendt"], "Magistratsafdelingen for Sociale Forhold og Beskæftigelse og "
                                           "Magistratsafdelingen for Børn og Unge"),
    20: (BACK_LATER, False, ["oversendt"], "Magistratsafdelingen for Teknik"),
}
# The item's summary, which the PDF prints between the decision and "Resume" without a heading.
SUMMARIES = {
    8: "Indstillingen vedrører anlægsregnskaber",
    10: "Endelig vedtagelse af forslag til Lokalplan nr. 1221",
    12: "Anlægsbevilling til etablering af to kunstgræsbaner",
    13: "Forslag om udvidelse af retten til skoleskift",
    14: "Forslag om opdatering af den byrådsbesluttede ramme",
}
# (item, stance, parties, persons, part of the decision) — the 5 position sentences of the byråd's own decisions
OWN_POSITIONS = [
    (3, "imod", ["F", "Ø"], ["Viggo Jonasen"], "indstillingens beslutningspunkter 1 og 2"),
    (3, "imod", ["B", "Å"], [], None),
    (4, "imod", ["A"], [], None),
    (6, "imod", ["Ø"], [], None),
    (6, "imod", ["Æ"], [], "indstillingens beslutningspunkt 5"),
]
# (item, body, date, stance, parties, persons) — the 20 position sentences of the PDF's Sagsforløb entries
PDF_HISTORY_POSITIONS = [
    (2, "Magistraten", "2025-08-19", "forbehold", ["A"], []),
    (2, "Magistraten", "2025-08-19", "deltog-ikke", [], ["Jesper Kjeldsen"]),
    (3, "Magistraten", "2025-08-19", "imod", ["Å"], []),
    (3, "Magistraten", "2025-08-19", "forbehold", ["F"], []),
    (3, "Magistraten", "2025-08-19", "deltog-ikke", [], ["Jesper Kjeldsen"]),
    (4, "Magistraten", "2025-08-19", "forbehold", ["V"], []),
    (4, "Magistraten", "2025-08-19", "deltog-ikke", [], ["Jesper Kjeldsen"]),
    (5, "Magistraten", "2025-08-19", "deltog-ikke", [], ["Jesper Kjeldsen"]),
    (6, "Økonomi- og Erhvervsudvalget", "2025-08-20", "for", [],
     ["Jesper Kjeldsen", "Eva Borchorst Mejnertz", "Mette Bjerre", "Metin Lindved Aydin", "Polly Dutschke"]),
    (6, "Økonomi- og Erhvervsudvalget", "2025-08-20", "forbehold", [], ["Mette Skautrup", "Bünyamin Simsek"]),
    (6, "Magistraten", "2025-06-17", "forbehold", ["B"], []),
    (7, "Magistraten", "2025-08-19", "forbehold", ["Å"], []),
    (7, "Magistraten", "2025-08-19", "deltog-ikke", [], ["Jesper Kjeldsen"]),
    (9, "Magistraten", "2025-08-12", "imod", ["I", "Å"], []),
    (10, "Magistraten", "2025-08-19", "deltog-ikke", [], ["Jesper Kjeldsen"]),
    (11, "Magistraten", "2025-08-19", "forbehold", ["F", "I", "Å"], []),
    (11, "Magistraten", "2025-08-19", "deltog-ikke", [], ["Jesper Kjeldsen"]),
    (12, "Magistraten", "2025-08-19", "deltog-ikke", [], ["Jesper Kjeldsen"]),
    (14, "Magistraten", "2025-08-19", "forbehold", ["A", "C", "V"], []),
    (14, "Magistraten", "2025-08-19", "deltog-ikke", [], ["Jesper Kjeldsen"]),
]
# The 50 position sentences of the agenda's Sagsforløb entries.
BUDGET = [("Magistraten", "2025-09-30", "forbehold", ["B"], []),
          ("Magistraten", "2025-09-16", "deltog-ikke", [], ["Nicolaj Bang", "Jesper Kjeldsen"]),
          ("Magistraten", "2025-09-02", "deltog-ikke", [], ["Thure Hastrup"])]
HTML_HISTORY_POSITIONS = [
    (2, "Magistraten", "2025-09-30", "forbehold", ["B"], []),
    (2, "Magistraten", "2025-09-16", "deltog-ikke", [], ["Nicolaj Bang", "Jesper Kjeldsen"]),
    (2, "Magistraten", "2025-09-02", "forbehold", ["F"], []),
    (2, "Magistraten", "2025-09-02", "forbehold", ["C", "V", "B", "I"], []),
    (2, "Magistraten", "2025-09-02", "deltog-ikke", [], ["Thure Hastrup"]),
    (3, *BUDGET[0]), (3, *BUDGET[1]),
    (4, *BUDGET[0]),
    *[(n, *b) for n in range(5, 11) for b in BUDGET],
    (11, "Magistraten", "2025-09-30", "forbehold", ["A", "F", "Å", "B"], []),
    (13, "Magistraten", "2025-09-23", "deltog-ikke", [], ["Nicolaj Bang"]),
    (15, "Magistraten", "2025-09-23", "imod", ["I"], []),
    (15, "Magistraten", "2025-09-23", "deltog-ikke", [], ["Nicolaj Bang"]),
    (16, "Magistraten", "2025-09-30", "forbehold", ["I", "Å"], []),
    (16, "Magistraten", "2025-09-30", "forbehold", ["F"], []),
    (17, "Magistraten", "2025-09-16", "deltog-ikke", [], ["Nicolaj Bang", "Jesper Kjeldsen"]),
    (19, "Magistraten", "2025-09-23", "deltog-ikke", [], ["Nicolaj Bang"]),
    (22, "Teknisk Udvalg", "2025-10-01", "for", [], ["Jesper Kjeldsen", "Steffen Wich", "Gert Bjerregaard", "Metin Lindved Aydin"]),
    (22, "Teknisk Udvalg", "2025-10-01", "forbehold", [], ["Jakob Søgaard Clausen"]),
    (22, "Teknisk Udvalg", "2025-10-01", "imod", [], ["Solveig Munk"]),
    (22, "Teknisk Udvalg", "2025-10-01", "deltog-ikke", [], ["Liv Gro Jensen"]),
    (22, "Magistraten", "2025-09-02", "forbehold", ["F"], []),
    (22, "Magistraten", "2025-09-02", "forbehold", ["V"], []),
    (22, "Magistraten", "2025-09-02", "forbehold", ["I"], []),
    (22, "Magistraten", "2025-09-02", "deltog-ikke", [], ["Thure Hastrup"]),
    *[(n, "Teknisk Udvalg", "2025-10-06", stance, [], persons) for n in (23, 24) for stance, persons in (
        ("for", ["Jesper Kjeldsen", "Steffen Wich", "Liv Gro Jensen", "Gert Bjerregaard"]),
        ("forbehold", ["Metin Lindved Aydin"]), ("imod", ["Solveig Munk"]))],
    (23, "Magistraten", "2025-09-02", "deltog-ikke", [], ["Thure Hastrup"]),
    (24, "Magistraten", "2025-09-02", "deltog-ikke", [], ["Thure Hastrup"]),
]


def history_positions(meeting):
    out = []
    for it in meeting.items:
        for h in it.history:
            out += [(it.number, h.body, h.date.isoformat(), p.stance, p.parties, [m.name for m in p.persons])
                    for p in h.positions]
    return sorted(out, key=lambda x: x[0])


@pytest.fixture(scope="module")
def referat():
    if not PDF.is_file():
        pytest.skip(f"real Aarhus PDF not found at {PDF} (../shared absent)")
    return parse_file(PDF)


@pytest.fixture(scope="module")
def agenda():
    if not HTML.is_file():
        pytest.skip(f"real Aarhus agenda not found at {HTML} (../shared absent)")
    return parse_file(HTML)


@pytest.mark.parametrize("number", sorted(DECISIONS))
def test_each_decision_ends_where_the_next_part_begins(referat, number):
    it = referat.items[number - 1]
    end, _, _, _ = DECISIONS[number]
    d = it.decision
    assert d.text.endswith(end)
    # nothing of a party's proposal, the administration's recommendation, an endorsement or the summary
    for other in ("BESLUTNINGSFORSLAG", "INDSTILLING FRA", "påtegning", "Beslutning:", "Resume"):
        assert other not in d.text
    assert "\n\n.\n\n" not in f"\n\n{d.text}\n\n"  # a lone "." is no paragraph of the decision
    decision_section = next(s for s in it.sections if s.kind == "beslutning")
    following = it.sections[it.sections.index(decision_section) + 1:]
    assert all(s.text[:60] not in d.text for s in following if s.text.strip())


@pytest.mark.parametrize("number", sorted(SUMMARIES))
def test_the_summary_after_a_decision_is_a_part_of_its_own(referat, number):
    it = referat.items[number - 1]
    assert SUMMARIES[number] not in it.decision.text
    decision_at = next(i for i, s in enumerate(it.sections) if s.kind == "beslutning")
    summary = it.sections[decision_at + 1]
    assert summary.text.startswith(SUMMARIES[number]) and it.sections[decision_at + 2].heading == "Resume"


@pytest.mark.parametrize("number", sorted(DECISIONS))
def test_each_decision_is_final_or_not_as_its_text_says(referat, number):
    d = referat.items[number - 1].decision
    _, final, outcomes, to = DECISIONS[number]
    assert (d.final, d.outcomes, d.forwarded_to) == (final, outcomes, to)
    # every final decision here adopts the recommendation: "Godkendt.", "Tilbagesendes … har vedtaget
    # Magistratens indstilling"; a decision that sends the item on adopts nothing yet
    assert d.adopts_recommendation is final


def test_the_closed_item_has_no_decision(referat):
    assert referat.items[20].closed and referat.items[20].decision is None


def test_every_position_sentence_of_the_decisions(referat):
    found = [(it.number, p.stance, p.parties, [m.name for m in p.persons], p.scope)
             for it in referat.items if it.decision for p in it.decision.positions]
    assert len(found) == 5
    assert found == OWN_POSITIONS
    [viggo] = [m for p in referat.items[2].decision.positions for m in p.persons]
    assert viggo.party is None  # "Viggo Jonasen" stands beside the parties, without a letter
    sentence = referat.items[2].decision.positions[0].sentence
    assert sentence.startswith("Socialistisk Folkepartis og Enhedslisten de Rød-Grønnes byrådsgrupper og Viggo Jonasen")


def test_every_position_sentence_of_the_referats_sagsforloeb(referat):
    found = history_positions(referat)
    assert len(found) == 20
    assert found == PDF_HISTORY_POSITIONS


def test_the_agenda_has_no_decisions_and_its_sagsforloeb_entries_are_final_or_not(agenda):
    assert agenda.kind == "dagsorden" and not any(it.decision for it in agenda.items)
    steps = {(it.number, h.body, h.date.isoformat()): (h.final, h.outcomes) for it in agenda.items for h in it.history}
    assert steps[(2, "Magistraten", "2025-09-02")] == (False, ["indstillet", "oversendt"])  # "anbefaler, at byrådet …"
    assert steps[(2, "Magistraten", "2025-09-30")] == (True, ["godkendt"])  # "Magistraten kunne tiltræde …"
    assert steps[(2, "Aarhus Byråd", "2025-09-10")] == (False, ["oversendt"])  # "Fremsendes til 1. tekniske behandling"
    assert steps[(22, "Teknisk Udvalg", "2025-10-01")] == (True, ["godkendt"])  # decided by the udvalg
    assert steps[(22, "Teknisk Udvalg", "2025-09-22")] == (False, ["udsat"])  # "besluttede at udsætte"
    assert steps[(17, "Kulturudvalget", "2025-10-01")] == (True, ["godkendt"])  # "kunne enstemmigt tiltræde"


def test_every_position_sentence_of_the_agendas_sagsforloeb(agenda):
    found = history_positions(agenda)
    assert len(found) == 50
    assert found == sorted(HTML_HISTORY_POSITIONS, key=lambda x: x[0])
