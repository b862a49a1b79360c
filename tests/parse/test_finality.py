"""Final or not, by the text: which decisions are a body's final adoption, which send the item on, which
adopt the recommendation as it stands, and where an item is sent. Excerpts written here."""
from __future__ import annotations

import pytest

from referatarkiv.model import AgendaItem, Section
from referatarkiv.parse import parse_text
from referatarkiv.parse.finality import adopted_points, adopts_recommendation, finality, forwarded_to
from referatarkiv.parse.outcomes import classify

RETURNED = ("Tilbagesendes Borgmesterens Afdeling med bemærkning, at byrådet i sit møde den 27. august 2025 har "
            "vedtaget Magistratens foranstående indstilling af 19. august 2025.")


def final(text: str) -> bool | None:
    return finality(text, classify(text))


@pytest.mark.parametrize("text", [
    RETURNED,
    "Byrådet godkendte Økonomiudvalgets indstilling.",
    "Kommunalbestyrelsen vedtog forslaget.",
    "Godkendt.",
    "Indstillingen blev godkendt.",
    "Forslaget blev forkastet.",
])
def test_final_adoptions_and_rejections(text):
    assert final(text) is True


@pytest.mark.parametrize("text", [
    "Fremsendes til Teknisk Udvalg til behandling i henhold til beslutning i byrådets møde den 27. august 2025.",
    "Oversendes til Økonomiudvalget.",
    "Fremsendes til Aarhus Byråd med bemærkning, at Magistraten anbefaler, at byrådet tiltræder indstillingen.",
    "Udvalget anbefaler, at byrådet godkender planen.",
    "Anbefales.",
    "Sagen blev udsat.",
    "Tilbagesendes forvaltningen til yderligere belysning.",
])
def test_decisions_that_send_the_item_on_are_not_final(text):
    assert final(text) is False


@pytest.mark.parametrize("text", ["Drøftet.", "Taget til efterretning.", "Ingen bemærkninger."])
def test_decisions_that_decide_nothing_say_neither(text):
    assert final(text) is None


def test_returned_after_adoption_is_approved_not_sent_on():
    assert classify(RETURNED) == ["godkendt"]
    assert classify("Tilbagesendes forvaltningen til yderligere belysning.") == ["oversendt"]


def test_postponing_in_a_sentence_counts_as_postponed():
    assert "udsat" in classify("Udvalget drøftede sagen og besluttede herefter at udsætte sagens behandling.")


@pytest.mark.parametrize("text", [
    RETURNED, "Indstillingen blev godkendt.", "Tiltrådt.", "Godkendt.", "Godkendt som indstillet.",
    "Byrådet godkendte Økonomiudvalgets indstilling.", "Udvalget kunne tiltræde indstillingen.",
])
def test_decisions_that_adopt_the_recommendation(text):
    assert adopts_recommendation(text, classify(text))


@pytest.mark.parametrize("text", [
    "Fremsendes til Teknisk Udvalg til behandling.",
    "Magistraten anbefaler, at byrådet tiltræder indstillingen.",
    "Godkendt med den ændring, at tilskuddet nedsættes.",
    "Udvalget kunne tiltræde indstillingen med en række tekniske ændringer.",
    "Drøftet.",
    "Indstillingen blev ikke godkendt.",
])
def test_decisions_that_do_not_adopt_it_as_it_stands(text):
    assert not adopts_recommendation(text, classify(text))


@pytest.mark.parametrize("text, to", [
    ("Fremsendes til Teknisk Udvalg til behandling i henhold til beslutning i byrådets møde.", "Teknisk Udvalg"),
    ("Fremsendes med ændringsforslaget fra det Konservative Folkepartis byrådsgruppe til Teknisk Udvalg til behandling.",
     "Teknisk Udvalg"),
    ("Fremsendes til Magistratsafdelingen for Teknik og Miljø med henblik på udarbejdelse af en indstilling.",
     "Magistratsafdelingen for Teknik og Miljø"),
    ("Anbefales over for magistraten.", "Magistraten"),
    ("Sagen sendes til Klima-, Teknik- og Miljøudvalget med henblik på forslag.", "Klima-, Teknik- og Miljøudvalget"),
    ("Økonomiudvalget anbefaler overfor Byrådet indstillingspunkterne a) og b).", "Byrådet"),
    ("Referatet vedhæftes og oversendes til Byrådets 2. behandling.", "Byrådet"),
    ("Forslaget sendes ikke til realitetsbehandling i udvalg.", None),
    ("Anbefales med bemærkning om, at der skrives til Spejderne om lokalerne.", None),
    ("Godkendt.", None),
])
def test_where_the_item_is_sent(text, to):
    assert forwarded_to(text) == to


def test_the_adopted_points_are_the_indstilling_with_its_points():
    item = AgendaItem(1, "Sag", sections=[
        Section("INDSTILLING FRA MAGISTRATSAFDELINGEN", "", "indstilling"),
        Section("Resume", "Kort om sagen.", "resume"),
        Section("Beslutningspunkter", "Det indstilles:\n\nAt 1) planen godkendes.", "indstilling"),
    ])
    assert adopted_points(item).heading == "Beslutningspunkter"


def test_a_lone_full_stop_is_no_part_of_the_decision():
    m = parse_text("REFERAT Byrådet d. 02-03-2020\n\nPunkt 1: Sag\n\nBeslutning\n\nGodkendt.\n\n.\n\nResume\n\nOm sagen.\n")
    assert m.items[0].decision.text == "Godkendt."


def test_a_summary_after_the_decision_before_the_resume_is_a_part_of_its_own():
    # First Agenda puts the decision first, then the item's summary without a heading, then "Resume"
    m = parse_text("REFERAT Byrådet d. 02-03-2020\n\nPunkt 1: Anlægsregnskaber\n\nBeslutninger\n\n" + RETURNED +
                   "\n\nIndstillingen vedrører anlægsregnskaber over 50 mio. kr.\n\nResume\n\nOm sagen.\n")
    it = m.items[0]
    assert it.decision.text == RETURNED
    assert [(s.heading, s.kind) for s in it.sections][:3] == [("Beslutninger", "beslutning"), ("", "other"), ("Resume", "resume")]
    assert it.sections[1].text == "Indstillingen vedrører anlægsregnskaber over 50 mio. kr."


def test_what_the_body_asked_for_stays_in_the_decision():
    m = parse_text("REFERAT Byrådet d. 02-03-2020\n\nPunkt 1: Sag\n\nBeslutninger\n\n" + RETURNED +
                   "\n\nMagistratsafdelingen for Teknik og Miljø udarbejder notat.\n\nResume\n\nOm sagen.\n")
    assert m.items[0].decision.text.endswith("udarbejder notat.")


def test_a_party_proposal_after_the_decision_is_not_the_decision():
    m = parse_text("REFERAT Byrådet d. 02-03-2020\n\nPunkt 1: Forslag fra V om fart\n\nBeslutninger\n\n" + RETURNED +
                   "\n\nBESLUTNINGSFORSLAG FRA V\n\nVi foreslår lavere fart.\n\nBeslutning:\n\nAt farten sænkes.\n")
    it = m.items[0]
    assert it.decision.text == RETURNED and it.decision.final is True and it.decision.adopts_recommendation
    assert any(s.heading == "BESLUTNINGSFORSLAG FRA V" for s in it.sections)
