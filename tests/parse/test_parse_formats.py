"""Each municipality's format, pinned with small excerpts written for these tests (fictional text)."""
from datetime import date

from referatarkiv.readers.normalize import normalize
from referatarkiv.parse import parse_text

FREDERIKSBERG_TXT = """\
REFERAT Teknik- og Miljøudvalget_2018-21 d. 02-03-2020

Mødedato Mandag d. 02. marts 2020 kl. 20:45

Mødested Udvalgsværelse 4

Indholdsfortegnelse

Nyt cykelparkeringsanlæg ved stationen.....	3
Vintertjeneste 2020.....	5

Punkt 12: Nyt cykelparkeringsanlæg ved stationen

05.01.00-P20-3-20

Resume

Udvalget behandlede sagen den 3. februar 2020 (pkt. 4) og udsatte den.

Beslutning

Teknik- og Miljøudvalget

1. godkendte placeringen og
2. tog tidsplanen til efterretning.

Teknik- og Miljøudvalget indstiller til magistraten,

3. at udgiften finansieres af puljen.

Sagsfremstilling

Forvaltningen har undersøgt tre placeringer og beskriver status for

projektet, dvs. hvor langt det er nået.

Placering\tPladser\tPris
Nord\t120\t1,2
Syd\t80\t0,9

Bilag 1 er lukket, da det indeholder personoplysninger.

Behandling

Teknik- og Miljøudvalget den 3. februar og den 2. marts samt magistraten den 9. marts 2020.

Historik

Beslutning 3. februar 2020, pkt. 4:

Teknik- og Miljøudvalget udsatte sagen.

Indstilling 3. februar 2020, pkt. 4:

By- og Miljøområdet indstiller, at udvalget godkender placeringen.

Bilag

Bilag 1 - Oversigt over naboer

Bilag 2.1 - Tegninger åben

BILAG 3A Støjberegning (lukket)

Punkt 13: Vintertjeneste

00.01.00-6-20

Sagsfremstilling

Orientering om vinteren (TMU d. 7. januar 2019 pkt. 3).
"""

FREDERIKSBERG_MD = """\
# **REFERAT Teknik-, Klima- og Miljøudvalget 2022-25 d. 14-03-2022**

**Mødedato** Mandag d. 14. marts 2022 kl. 16:45

**Mødested** Udvalgsværelse 4

# Indholdsfortegnelse

Ny parkeringsstrategi.....	3
---	---

# Punkt 8: Ny parkeringsstrategi

00.01.00-P05-4-22

## Resume

Strategien forelægges til godkendelse.

## Beslutning

Teknik-, Klima- og Miljøudvalget godkendte strategien.

## Sagsfremstilling

Strategien bygger på den tidligere plan (TMU d. 2. marts 2020 pkt. 12).

<b>Fase</b>\t<b>Tid</b>
<b>Høring</b>\tForår 2022

### **Økonomi**

Ingen.

## **Behandling**

- Teknik-, Klima- og Miljøudvalget den 14. marts 2022
- Kommunalbestyrelsen den 28. marts 2022
"""

TAARNBY = """\
REFERAT Social- og Sundhedsudvalget d. 18-08-2020

Mødedato Tirsdag d. 18. august 2020 kl. 16:00

Mødested 105, Mødelokale

Mødedeltagere Anna Holm, Bo Lund, Carl Mikkelsen (Afbud), Dorte
Nielsen, Erik Ravn

Indholdsfortegnelse

Godkendelse af dagsorden.....	3
Ny normering på plejecentret.....	4

Punkt 1: Godkendelse af dagsorden

20/13750

Beslutning i Social- og Sundhedsudvalget den 18-08-2020

Godkendt.

Punkt 2: Normering på plejecentret

19/26829

Resumé

Der skal tages stilling til normeringen.

Uddybende bemærkninger

Bilag A – Udtalelse fra MED

Medhold.

Indstilling

Social- og Sundhedsforvaltningen indstiller til Social- og

Sundhedsudvalget,

1. at normeringen tages til efterretning.

/kam

Bilag

Beslutning i Økonomiudvalget den 10-06-2020

Indstillingen tiltrådt.

Fremsendes til Social- og Sundhedsudvalget til orientering.

Beslutning i Social- og Sundhedsudvalget den 18-08-2020

Taget til efterretning.

Bilag

Normeringsoversigt 2020.pdf

Udtalelse fra MED
"""

KOEBENHAVN = """\
Indstilling

Forvaltningen indstiller,

1. at udvalget tager rapporten til efterretning

Problemstilling

Udvalget bad i 2019 om en rapport.

Løsning

Rapporten viser tre muligheder.

Videre proces

Sagen forelægges igen i juni.

Anne Berg / Bent Krog
"""


def test_frederiksberg_header_gives_committee_term_date_time_and_place():
    m = parse_text(FREDERIKSBERG_TXT)
    assert (m.committee, m.term, m.date, m.start_time, m.location) == (
        "Teknik- og Miljøudvalget", "2018-21", date(2020, 3, 2), "20:45", "Udvalgsværelse 4")
    assert m.toc == ["Nyt cykelparkeringsanlæg ved stationen", "Vintertjeneste 2020"]


def test_a_toc_title_that_differs_from_the_heading_is_warned_about_with_its_line():
    m = parse_text(FREDERIKSBERG_TXT)
    msgs = [(w.line, w.message) for w in m.warnings]
    heading_line = FREDERIKSBERG_TXT.splitlines().index("Punkt 13: Vintertjeneste") + 1
    assert any("Vintertjeneste 2020" in msg and line == heading_line for line, msg in msgs), msgs


def test_frederiksberg_items_keep_number_title_case_number_and_section_order():
    m = parse_text(FREDERIKSBERG_TXT)
    assert [(i.number, i.title, i.case_number) for i in m.items] == [
        (12, "Nyt cykelparkeringsanlæg ved stationen", "05.01.00-P20-3-20"),
        (13, "Vintertjeneste", "00.01.00-6-20"),
    ]
    assert [s.heading for s in m.items[0].sections] == [
        "Resume", "Beslutning", "Sagsfremstilling", "Behandling", "Historik", "Bilag"]


def test_a_decision_with_several_outcomes_lists_them_all():
    d = parse_text(FREDERIKSBERG_TXT).items[0].decision
    assert d.text.startswith("Teknik- og Miljøudvalget")
    assert set(d.outcomes) == {"godkendt", "taget-til-efterretning", "indstillet"}
    assert d.body == "Teknik- og Miljøudvalget" and d.date == date(2020, 3, 2)


def test_a_paragraph_split_by_a_page_break_is_joined_again():
    text = parse_text(FREDERIKSBERG_TXT).items[0].sections[2].text
    assert "beskriver status for projektet, dvs." in text


def test_tab_separated_rows_become_a_markdown_table():
    text = parse_text(FREDERIKSBERG_TXT).items[0].sections[2].text
    assert "| Placering | Pladser | Pris |\n| --- | --- | --- |\n| Nord | 120 | 1,2 |" in text


def test_numbered_lists_keep_their_numbers():
    text = parse_text(FREDERIKSBERG_TXT).items[0].decision.text
    assert "\n1. godkendte placeringen og\n2. tog tidsplanen" in text
    assert "\n\n3. at udgiften" in text


def test_historik_blocks_become_history_with_date_kind_item_number_and_body_from_the_route():
    h = parse_text(FREDERIKSBERG_TXT).items[0].history
    assert [(e.date, e.kind, e.item_number, e.body) for e in h] == [
        (date(2020, 2, 3), "beslutning", 4, "Teknik- og Miljøudvalget"),
        (date(2020, 2, 3), "indstilling", 4, "Teknik- og Miljøudvalget"),
    ]
    assert h[0].outcomes == ["udsat"]


def test_behandling_gives_the_planned_route_with_years_filled_in():
    r = parse_text(FREDERIKSBERG_TXT).items[0].route
    assert [(s.body, s.date) for s in r] == [
        ("Teknik- og Miljøudvalget", date(2020, 2, 3)),
        ("Teknik- og Miljøudvalget", date(2020, 3, 2)),
        ("Magistraten", date(2020, 3, 9)),
    ]


def test_attachments_keep_labels_and_know_open_and_closed():
    atts = parse_text(FREDERIKSBERG_TXT).items[0].attachments
    assert [(a.label, a.title, a.closed) for a in atts] == [
        ("Bilag 1", "Oversigt over naboer", True),  # described as closed in the text
        ("Bilag 2.1", "Tegninger", False),  # "åben" stripped
        ("BILAG 3A", "Støjberegning", True),  # marked "(lukket)"
    ]


def test_references_to_other_meetings_carry_body_date_and_item_number():
    m = parse_text(FREDERIKSBERG_TXT)
    refs = [(r.body, r.date, r.item_number) for r in m.items[0].references]
    assert refs == [(None, date(2020, 2, 3), 4)]
    assert [(r.body, r.date, r.item_number, r.text) for r in m.items[1].references] == [
        ("TMU", date(2019, 1, 7), 3, "TMU d. 7. januar 2019 pkt. 3")]


def test_markdown_export_loses_its_markup_on_headings_and_keeps_it_in_body_text():
    m = parse_text(FREDERIKSBERG_MD)
    assert (m.committee, m.term, m.location) == ("Teknik-, Klima- og Miljøudvalget", "2022-25", "Udvalgsværelse 4")
    it = m.items[0]
    assert (it.number, it.title) == (8, "Ny parkeringsstrategi")
    assert [s.heading for s in it.sections] == ["Resume", "Beslutning", "Sagsfremstilling", "Økonomi", "Behandling"]
    assert "| **Fase** | **Tid** |" in it.sections[2].text  # <b> cells → Markdown bold
    assert m.toc == ["Ny parkeringsstrategi"]  # the --- rule is not a TOC entry
    assert [(s.body, s.date) for s in it.route] == [
        ("Teknik-, Klima- og Miljøudvalget", date(2022, 3, 14)), ("Kommunalbestyrelsen", date(2022, 3, 28))]
    assert it.decision.outcomes == ["godkendt"]


def test_taarnby_participants_wrap_over_lines_and_afbud_marks_the_absent():
    m = parse_text(TAARNBY)
    assert m.participants == ["Anna Holm", "Bo Lund", "Carl Mikkelsen", "Dorte Nielsen", "Erik Ravn"]
    assert m.absent == ["Carl Mikkelsen"]
    assert m.term is None and m.committee == "Social- og Sundhedsudvalget"


def test_a_taarnby_referat_yields_the_decision_of_the_meetings_own_udvalg():
    it = parse_text(TAARNBY).items[1]
    assert it.decision.text == "Taget til efterretning."
    assert it.decision.outcomes == ["taget-til-efterretning"]
    other = [(h.body, h.date, h.kind, h.outcomes) for h in it.history]
    assert other == [("Økonomiudvalget", date(2020, 6, 10), "beslutning", ["godkendt", "oversendt"])]
    # both decision blocks stay sections, in document order
    assert [s.heading for s in it.sections][-3:] == [
        "Beslutning i Økonomiudvalget den 10-06-2020",
        "Beslutning i Social- og Sundhedsudvalget den 18-08-2020",
        "Bilag",
    ]


def test_taarnby_label_broken_over_a_page_break_is_one_paragraph():
    it = parse_text(TAARNBY).items[1]
    ind = next(s for s in it.sections if s.heading == "Indstilling")
    assert ind.text.startswith("Social- og Sundhedsforvaltningen indstiller til Social- og Sundhedsudvalget,")


def test_taarnby_initials_are_kept_as_small_print():
    it = parse_text(TAARNBY).items[1]
    ind = next(s for s in it.sections if s.heading == "Indstilling")
    assert ind.small_print == ["/kam"] and ind.text.endswith("/kam")


def test_bilag_mentions_in_the_text_are_not_attachments_but_the_bilag_list_is():
    it = parse_text(TAARNBY).items[1]
    assert [(a.label, a.title) for a in it.attachments] == [
        (None, "Normeringsoversigt 2020.pdf"), (None, "Udtalelse fra MED")]


def test_a_standing_item_keeps_its_catch_all_case_number():
    it = parse_text(TAARNBY).items[0]
    assert (it.case_number, it.decision.outcomes) == ("20/13750", ["godkendt"])


def test_koebenhavn_fragment_is_one_unnumbered_item_with_its_sections_and_signature():
    m = parse_text(KOEBENHAVN)
    assert m.committee is None and len(m.items) == 1
    it = m.items[0]
    assert (it.number, it.title, it.decision) == (None, None, None)
    assert [s.heading for s in it.sections] == ["Indstilling", "Problemstilling", "Løsning", "Videre proces"]
    assert it.sections[-1].small_print == ["Anne Berg / Bent Krog"]


def test_front_matter_metadata_fills_what_the_text_lacks():
    m = parse_text(KOEBENHAVN, meta={"committee": "Beskæftigelses- og Integrationsudvalget", "date": "2018-03-05",
                                      "source_url": "https://example.invalid/x"})
    assert m.committee == "Beskæftigelses- og Integrationsudvalget"
    assert m.date == date(2018, 3, 5) and m.source_url == "https://example.invalid/x"


def test_no_block_of_the_input_is_dropped():
    for text in (FREDERIKSBERG_TXT, FREDERIKSBERG_MD, TAARNBY, KOEBENHAVN):
        m = parse_text(text)
        kept = " ".join(
            [m.committee or "", m.term or "", m.location or "", *m.participants, *m.notes, *m.toc]
            + [" ".join([i.title or "", i.case_number or "", *(s.heading + " " + s.text for s in i.sections)]) for i in m.items]
        )
        for b in normalize(text):
            if "Mødedato" in b.first:
                continue  # the date and time live in typed fields
            for word in b.text.replace("*", " ").replace("_", " ").split():
                w = word.strip(".,:;()|-–").replace("<b>", "").replace("</b>", "")
                if len(w) >= 3 and not w.startswith(("Mødedato", "REFERAT", "Mandag", "Tirsdag", "Indholdsfortegnelse", "Mødested", "Mødedeltagere", "Punkt", "Afbud")) and not w[0].isdigit():
                    assert w in kept, (w, b.no)


def test_a_converter_sub_heading_stays_a_bold_line_inside_its_section():
    m = parse_text(FREDERIKSBERG_MD.replace("Strategien bygger", "### Faser i strategien\n\nStrategien bygger"))
    sag = next(s for s in m.items[0].sections if s.heading == "Sagsfremstilling")
    assert sag.text.startswith("**Faser i strategien**\n\nStrategien bygger")


def test_header_lines_without_blank_lines_between_them_are_all_kept():
    m = parse_text(
        "REFERAT Teknik- og Miljøudvalget d. 02-03-2020\n\n"
        "Mødedato Mandag d. 02. marts 2020 kl. 20:45, mødet holdes online\nMødested Rådhuset\nMødested Byrådssalen\n"
        "Udvalg Økonomiudvalget\n\nIndholdsfortegnelse\nGodkendelse.....\t3\n\n"
        "Punkt 1: Godkendelse\n\n22/1\n\nBeslutning\n\nGodkendt.\n")
    assert (m.date, m.start_time, m.location, m.toc) == (date(2020, 3, 2), "20:45", "Rådhuset", ["Godkendelse"])
    assert m.notes == ["Mandag d. 02. marts 2020 kl. 20:45, mødet holdes online", "Byrådssalen", "Økonomiudvalget"]
