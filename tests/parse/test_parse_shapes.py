"""The shapes seen in other kommuners' referater (issue #14, part 4), each pinned with a small excerpt
written for this test (fictional kommune, people and cases) in that shape."""
from datetime import date

import pytest

from referatarkiv.parse import parse_text


def items(m):
    return [(it.number, it.title) for it in m.items]


# --- item markers without the word "Punkt" -----------------------------------------------------


def test_number_and_full_stop_mark_the_items_and_a_toc_of_them_is_not_items():
    m = parse_text(
        "PUNKTER\n\n57. Godkendelse af dagsorden\n58. Vejplan 2022\n\n"
        "57. Godkendelse af dagsorden\n\nSagsnr. 318402\n\nBeslutning\n\nGodkendt.\n\n"
        "58. Vejplan 2022\n\nSagsnr. 318407\n\nSagsfremstilling\n\nForvaltningen har lavet en plan.\n\n"
        "Beslutning\n\nGodkendt.\n")
    assert items(m) == [(57, "Godkendelse af dagsorden"), (58, "Vejplan 2022")]
    assert [it.case_number for it in m.items] == ["318402", "318407"]
    assert m.toc == ["Godkendelse af dagsorden", "Vejplan 2022"]


def test_number_glued_to_its_title_and_closed_open_markers():
    m = parse_text(
        "3.Valg af næstformand (B)\n\nBeslutning\n\nLise Berg blev valgt.\n\n"
        "4.Orientering fra formanden (O)\n\nBeslutning\n\nTaget til efterretning.\n\n"
        "5.Køb af grund (L)\n\nBeslutning\n\nGodkendt.\n")
    assert items(m) == [(3, "Valg af næstformand"), (4, "Orientering fra formanden"), (5, "Køb af grund")]
    assert [it.closed for it in m.items] == [False, False, True]


def test_number_glued_to_the_title_without_space_or_stop():
    m = parse_text("Referat\n\n12Godkendelse af dagsorden\n\nBeslutning\n\nGodkendt\n\n"
                   "13Budgetopfølgning\n\nSagsfremstilling\n\nTal for 1. kvartal.\n\nBeslutning\n\nGodkendt\n")
    assert items(m) == [(12, "Godkendelse af dagsorden"), (13, "Budgetopfølgning")]


def test_bullet_before_the_number_and_a_keyword_inside_a_bullet():
    m = parse_text(
        "• 214. Kommuneplan 2025\n\nResume\n\nForslaget sendes i høring.\n\nBeslutning\n\nGodkendt.\n\n"
        "• 215. Trafikplan\n\nResume\n\nEn plan for trafikken.\n\nBeslutning\n\nUdsat.\n")
    assert items(m) == [(214, "Kommuneplan 2025"), (215, "Trafikplan")]
    m = parse_text("- Pkt. 71 Meddelelser\n\nSagsfremstilling\n\nIngen.\n\n- Pkt. 72 Skolebus\n\nSagsfremstilling\n\nNy rute.\n")
    assert items(m) == [(71, "Meddelelser"), (72, "Skolebus")]


def test_the_number_alone_on_a_line_and_the_title_on_the_next():
    m = parse_text("1\n\nGodkendelse af dagsorden\n\nBeslutning\n\nGodkendt.\n\n"
                   "2\n\nNy legeplads i Havbjerg\n\nSagsfremstilling\n\nBorgere ønsker en legeplads.\n\nBeslutning\n\nGodkendt.\n")
    assert items(m) == [(1, "Godkendelse af dagsorden"), (2, "Ny legeplads i Havbjerg")]


def test_the_title_first_and_the_marker_under_it():
    m = parse_text("Kommunalbestyrelsen\n\n24-09-2019\n\nMeddelelser\nSag nr. 88\n\nBeslutning\n\nTaget til efterretning.\n\n"
                   "Salg af skolegrund\nSag nr. 89\n\nSagens kerne\n\nGrunden sælges.\n\nBeslutning\n\nGodkendt.\n")
    assert items(m) == [(88, "Meddelelser"), (89, "Salg af skolegrund")]
    assert m.items[0].decision.text == "Taget til efterretning."


def test_a_numbered_list_in_a_decision_is_no_item():
    m = parse_text("1. Budget 2024\n\nBeslutning\n\nUdvalget\n\n1. godkendte rammen\n2. tog status til efterretning.\n\n"
                   "2. Eventuelt\n\nBeslutning\n\nIntet.\n")
    assert items(m) == [(1, "Budget 2024"), (2, "Eventuelt")]
    assert m.items[0].decision.outcomes == ["godkendt", "taget-til-efterretning"]


def test_a_date_at_a_line_start_is_no_item():
    m = parse_text("Referat\n\nSagsfremstilling\n\n1. januar 2024 må der ikke bruges sprøjtemidler på fortove.\n\n"
                   "Beslutning\n\nTiltrådt.\n")
    assert items(m) == [(None, None)]
    assert m.items[0].decision.text == "Tiltrådt."


# --- attendance inside an item ------------------------------------------------------------------


def test_attendance_lines_belong_to_the_items_decision_not_to_the_header():
    m = parse_text(
        "Referat af møde i Teknik- og Miljøudvalget\n\nMødedato: 14. marts 2022\n\n"
        "1. Godkendelse af dagsorden\n\nBeslutning\n\nFraværende: Lise Berg (V).\n\nGodkendt.\n\n"
        "2. Vejplan\n\nBeslutning\n\nGodkendt.\n\nAfbud: Lise Berg (V), Jens Holm\n\nDeltog ikke: Ole Dam\n")
    assert items(m) == [(1, "Godkendelse af dagsorden"), (2, "Vejplan")]
    assert m.items[0].decision.text == "Godkendt."
    assert m.items[0].decision.attendance == ["Fraværende: Lise Berg (V)."]
    assert m.items[1].decision.attendance == ["Afbud: Lise Berg (V), Jens Holm", "Deltog ikke: Ole Dam"]
    # the header has no list of its own: the one name absent from every item is absent from the meeting
    assert m.absent == ["Lise Berg"]
    assert m.date == date(2022, 3, 14) and m.committee == "Teknik- og Miljøudvalget"


# --- headings without blank lines ---------------------------------------------------------------


def test_section_headings_without_blank_lines_and_a_comma_does_not_swallow_the_next_heading():
    m = parse_text(
        "57. Godkendelse af dagsorden\nSagsnr. 318402\nIndstilling\nDirektøren indstiller,\nat dagsordenen godkendes.\n"
        "Beslutning\nGodkendt.\n\n58. Vejplan\n\nIndstilling\n\nDirektøren indstiller,\n\nBeslutning\n\nGodkendt.\n")
    first, second = m.items
    assert [s.heading for s in first.sections] == ["Indstilling", "Beslutning"]
    assert first.decision.text == "Godkendt." and first.case_number == "318402"
    assert [s.heading for s in second.sections] == ["Indstilling", "Beslutning"]
    assert second.sections[0].text == "Direktøren indstiller,"


def test_a_short_heading_the_layout_repeats_in_every_item_is_a_heading():
    body = "Sagsgang og sagstype\n\nUdvalget, Økonomiudvalget\n\nIndstilling\n\nAt sagen godkendes.\n\nBeslutning\n\nGodkendt.\n\n"
    m = parse_text(f"49. Budget\n\n{body}50. Takster\n\n{body}")
    assert [s.heading for s in m.items[1].sections] == ["Sagsgang og sagstype", "Indstilling", "Beslutning"]


# --- decisions and earlier steps -----------------------------------------------------------------


def test_decision_headings_without_i_and_with_a_colon():
    m = parse_text("Teknik- og Miljøudvalget\n\n14-03-2022\n\n1. Vejplan\n\n"
                   "Beslutning Teknik- og Miljøudvalget den 14-03-2022\n\nGodkendt.\n")
    assert m.items[0].decision.text == "Godkendt." and m.items[0].decision.date == date(2022, 3, 14)
    m = parse_text("Økonomiudvalget\n\n3. maj 2021\n\n4. Budget\n\nBeslutning i Økonomiudvalget den 3. maj 2021:\n\nAnbefales.\n")
    assert m.items[0].decision.text == "Anbefales." and m.items[0].decision.outcomes == ["indstillet"]


def test_earlier_steps_as_body_date_and_item_with_the_text_on_the_next_line():
    m = parse_text(
        "Kommunalbestyrelsen\n\n25-05-2016\n\n88. Skolestruktur\n\nSagsfremstilling\n\nEn ny struktur.\n\n"
        "Børne- og Skoleudvalget, 11-05-2016, pkt. 52\n\nAnbefales.\n\n"
        "Økonomiudvalget, 18-05-2016, pkt. 104\n\nAnbefales.\n\n"
        "Kommunalbestyrelsen, 25-05-2016, pkt. 88\n\nGodkendt.\n")
    it = m.items[0]
    assert it.decision.text == "Godkendt." and it.decision.outcomes == ["godkendt"]
    assert [(h.date, h.body, h.item_number) for h in it.history] == [
        (date(2016, 5, 18), "Økonomiudvalget", 104), (date(2016, 5, 11), "Børne- og Skoleudvalget", 52)]


# --- headers -------------------------------------------------------------------------------------


@pytest.mark.parametrize("line, day, time, place", [
    ("tirsdag den 7. juni 2022 kl. 15:30", date(2022, 6, 7), "15:30", None),
    ("18-11-2020", date(2020, 11, 18), None, None),
    ("Den 02.03.2021 kl. 08:00 i Byrådssalen, Rådhuset", date(2021, 3, 2), "08:00", "Byrådssalen, Rådhuset"),
    ("Monday, March 7, 2016 - 17:00", date(2016, 3, 7), "17:00", None),
    ("Torsdag, Marts 3, 2016 - 08:00", date(2016, 3, 3), "08:00", None),
])
def test_the_date_on_a_line_of_its_own(line, day, time, place):
    m = parse_text(f"Teknik- og Miljøudvalget\n\n{line}\n\n1. Godkendelse af dagsorden\n\nBeslutning\n\nGodkendt.\n")
    assert (m.committee, m.date, m.start_time, m.location) == ("Teknik- og Miljøudvalget", day, time, place)


@pytest.mark.parametrize("title, committee, day", [
    ("Teknikudvalget – Referat – 9. marts 2020", "Teknikudvalget", date(2020, 3, 9)),
    ("Kultur og fritids møde den 4. maj 2022", "Kultur og fritid", date(2022, 5, 4)),
    ("Referat af møde i Teknik- og Miljøudvalget den 2. juni 2021", "Teknik- og Miljøudvalget", date(2021, 6, 2)),
    ("Social- og Sundhedsudvalget (2018-2021) – Referat – 2. april 2019", "Social- og Sundhedsudvalget", date(2019, 4, 2)),
])
def test_the_body_and_the_date_in_the_title_line(title, committee, day):
    m = parse_text(f"{title}\n\n1. Godkendelse af dagsorden\n\nBeslutning\n\nGodkendt.\n")
    assert (m.committee, m.date) == (committee, day)


def test_a_page_title_is_no_committee_and_a_label_beats_a_guess():
    m = parse_text("Dagsordener og referater\n\nUdvalg: Udvalget for teknik og miljø\n\nMødedato: 18-02-2019\n\n"
                   "1. Godkendelse af dagsorden\n\nBeslutning\n\nGodkendt.\n")
    assert m.committee == "Udvalget for teknik og miljø"


def test_capital_labels_with_the_value_on_the_next_line():
    m = parse_text("UDVALG\n\nUdvalget for Ældre og Sundhed\n\nMØDE\n\nReferat\n\nSTED\n\nRådhuset, mødelokale 2\n\n"
                   "STARTTIDSPUNKT\n\n12-10-2021 16:00:00\n\nSLUTTIDSPUNKT\n\n12-10-2021 18:00:00\n\n"
                   "1. Godkendelse af dagsorden\n\nBeslutning\n\nGodkendt\n")
    assert (m.committee, m.date, m.start_time, m.location) == (
        "Udvalget for Ældre og Sundhed", date(2021, 10, 12), "16:00", "Rådhuset, mødelokale 2")


def test_participants_one_per_line_and_in_the_next_paragraph():
    m = parse_text("Teknikudvalget\n\n9. marts 2020\n\nDeltagere:\nJens Holm (A), formand\nLise Berg (V)\nOle Dam (F)\n\n"
                   "1. Godkendelse af dagsorden\n\nBeslutning\n\nGodkendt.\n")
    assert m.participants == ["Jens Holm", "Lise Berg", "Ole Dam"]
    m = parse_text("Teknikudvalget\n\n9. marts 2020\n\nMødedeltagere\n\nJens Holm, Lise Berg (Afbud), Ole Dam\n\n"
                   "1. Godkendelse af dagsorden\n\nBeslutning\n\nGodkendt.\n")
    assert m.participants == ["Jens Holm", "Lise Berg", "Ole Dam"] and m.absent == ["Lise Berg"]


# --- case numbers ---------------------------------------------------------------------------------


@pytest.mark.parametrize("line, case", [
    ("Sagsnr. 318402", "318402"),
    ("21-014477", "21-014477"),
    ("Sagsid.: 20/33839", "20/33839"),
    ("Acadre sagsnr.: 17/10438", "17/10438"),
    ("Sag 330-2018-3619", "330-2018-3619"),
    ("2013-006244", "2013-006244"),
    ("J.nr.: 00.01.00-P05-4-22", "00.01.00-P05-4-22"),
    ("2014/06569", "2014/06569"),
    ("18.00Ø00 - 2014/06569", "18.00Ø00 - 2014/06569"),
])
def test_case_numbers_of_every_style(line, case):
    m = parse_text(f"Byrådet\n\n3. maj 2021\n\n7. Kloakplan\n\n{line}\n\nBeslutning\n\nGodkendt.\n")
    assert m.items[0].case_number == case


def test_a_case_number_in_parentheses_after_the_title():
    m = parse_text("3. Valg af næstformand (2020-0130959)\n\nBeslutning\n\nLise Berg blev valgt.\n\n"
                   "4. Eventuelt\n\nBeslutning\n\nIntet.\n")
    assert (m.items[0].title, m.items[0].case_number) == ("Valg af næstformand", "2020-0130959")


# --- PDF text whose line breaks were lost ---------------------------------------------------------


def test_pdf_text_with_its_line_breaks_lost_and_page_numbers_inside():
    text = "\n\n".join([
        "1 REFERAT fra møde i Havbjerg Byråd den 5. marts 2021 kl. 19:00 i byrådssalen "
        "Medlemmer: Jens Holm, Lise Berg, Ole Dam Mødet hævet kl. 21:30 Side 1",
        "2 Indholdsfortegnelse 12. Kloakplan for Nordby...3 13. Skolebus...4 " + "Oversigt over punkterne. " * 12,
        "3 ÅBNE SAGER 12. Kloakplan for Nordby J.nr.: 06.00.00-P20-1-21 Sagsfremstilling: Forvaltningen har lavet en "
        "plan for kloakken i Nordby, som udvalget bedes godkende. " + "Planen er lang og grundig. " * 12 +
        "Beslutning: Godkendt.",
        "4 13. Skolebus J.nr.: 17.00.00-P20-2-21 Sagsfremstilling: En ny rute for skolebussen. "
        + "Ruten kører morgen og eftermiddag. " * 12 + "Beslutning: Taget til efterretning. Side 4",
    ])
    m = parse_text(text)
    assert items(m) == [(12, "Kloakplan for Nordby"), (13, "Skolebus")]
    assert [it.case_number for it in m.items] == ["06.00.00-P20-1-21", "17.00.00-P20-2-21"]
    assert [it.decision.text for it in m.items] == ["Godkendt.", "Taget til efterretning."]
    assert m.date == date(2021, 3, 5) and m.start_time == "19:00" and m.participants == ["Jens Holm", "Lise Berg", "Ole Dam"]


# --- a text that stops in the middle ---------------------------------------------------------------


@pytest.mark.parametrize("ending", [
    "Forvaltningen har undersøgt tre placeringer og beskriver status for",  # mid-sentence
    "Forvaltningen har undersøgt tre placeringer og besk",  # mid-word
    "Forvaltningen har undersøgt tre placeringer,",  # after a comma
    "Indstilling\n\nDirektøren indstiller, at udvalget godkender placeringen og",  # in another section
    "Teknik- og Miljøudvalget har godkendt den første del af planen, men mangler",  # in a decision
])
def test_a_text_that_stops_mid_sentence_is_warned_about_every_time(ending):
    m = parse_text("Teknikudvalget\n\n9. marts 2020\n\n1. Vejplan\n\nSagsfremstilling\n\n"
                   "En plan for vejene.\n\nBeslutning\n\n" + ending + "\n")
    assert any("slutter midt i" in w.message for w in m.warnings)


@pytest.mark.parametrize("ending", ["Godkendt.", "Godkendt", "Underskriftsark", "Taget til efterretning.",
                                    "Mødet hævet kl. 18.30"])
def test_a_text_that_ends_as_texts_end_gets_no_truncation_warning(ending):
    m = parse_text("Teknikudvalget\n\n9. marts 2020\n\n1. Vejplan\n\nBeslutning\n\n" + ending + "\n")
    assert not any("slutter midt i" in w.message for w in m.warnings)


def test_a_title_wrapped_after_a_joining_word_continues_on_the_next_line():
    m = parse_text("57. Godkendelse af\ndagsorden\nSagsnr. 12345\n\nBeslutning\n\nGodkendt.\n\n"
                   "58. Vej\nDen nye vej er lang.\n\nBeslutning\n\nGodkendt.\n")
    assert [(it.number, it.title) for it in m.items] == [(57, "Godkendelse af dagsorden"), (58, "Vej")]
    assert m.items[1].sections[0].text == "Den nye vej er lang."


def test_an_item_announced_with_its_file_names_before_its_heading_is_repeated_keeps_them():
    m = parse_text(
        "Referat\n\nDato: Torsdag, Marts 6, 2025 - 08:00\n\n"
        "  • Pkt. 8 Godkendelse af dagsorden\n\n    Pkt. 8\n\n    Godkendelse af dagsorden\n\n"
        "    Sagsnr. 410201 Ældreudvalget Åbent punkt\n\n    Ældreudvalget, 06-03-2025, pkt. 8\n\n    Godkendt.\n\n"
        "  • Pkt. 9 Madservice i hjemmeplejen\n\n    tilfredshed_madservice_2025.pdf\n\n    Pkt. 9\n\n"
        "    Madservice i hjemmeplejen\n\n    Sagsnr. 410233 Ældreudvalget Åbent punkt\n\n"
        "    Resume\n\n    Udvalget orienteres om en undersøgelse.\n\n    Ældreudvalget, 06-03-2025, pkt. 9\n\n"
        "    Taget til efterretning.\n")
    assert items(m) == [(8, "Godkendelse af dagsorden"), (9, "Madservice i hjemmeplejen")]
    assert m.items[0].attachments == []
    assert [a.title for a in m.items[1].attachments] == ["tilfredshed_madservice_2025.pdf"]
    assert m.items[1].decision.text == "Taget til efterretning."


def test_a_dash_under_bilag_means_none_and_a_heading_the_items_repeat_ends_the_list():
    m = parse_text(
        "Indholdsfortegnelse:\n\n21 Godkendelse af protokol\n22 Meddelelser\n\n"
        "21. Godkendelse af protokol\n18.00Ø00 - 2025/01234\n\nSagsfremstilling\nProtokollen fra sidste møde.\n\n"
        "Bilag\n-\n\nAdministrationens indstilling\nAdministrationen indstiller til Fritidsrådet:\n\n"
        " 1. at godkende protokollen.\n\nBeslutning\n\n 1. Godkendt.\n\n"
        "22. Meddelelser\n18.00Ø00 - 2025/01240\n\nSagsfremstilling\n\n • Nyt fra formanden\n\n"
        "Bilag\n-\n\nAdministrationens indstilling\nAdministrationen indstiller til Fritidsrådet\n\n"
        " 1. at tage orienteringen til efterretning.\n\nBeslutning\n\nTaget til efterretning.\n")
    assert items(m) == [(21, "Godkendelse af protokol"), (22, "Meddelelser")]
    for it in m.items:
        assert it.attachments == []
        assert [s.kind for s in it.sections][-2:] == ["indstilling", "beslutning"]


def test_an_absentee_named_under_one_of_several_decided_items_is_not_absent_from_the_meeting():
    m = parse_text(
        "Referat\n\nDato: 6. marts 2025\n\n"
        "Punkt 1: Godkendelse af dagsorden\n\nBeslutning\n\nGodkendt.\n\n"
        "Punkt 2: Status på genoptræning\n\nBeslutning\n\nDrøftet.\n\nFraværende: Lone Holm (F).\n\n"
        "Punkt 3: Tilfredshedsundersøgelse\n\nBeslutning\n\nTaget til efterretning.\n")
    assert m.absent == []
    assert m.items[1].decision.attendance == ["Fraværende: Lone Holm (F)."]


def test_an_absentee_named_under_every_item_that_names_any_is_absent_from_the_meeting():
    m = parse_text(
        "Referat\n\nDato: 6. marts 2025\n\n"
        "Punkt 1: Godkendelse af dagsorden\n\nBeslutning\n\nGodkendt.\n\nFraværende: Lone Holm (F).\n\n"
        "Punkt 2: Status på genoptræning\n\nBeslutning\n\nDrøftet.\n\nFraværende: Lone Holm (F).\n")
    assert m.absent == ["Lone Holm"]


# --- headers of transcripts that lost their line breaks -----------------------------------------


def test_a_title_run_into_the_text_after_it_ends_at_the_documents_kind_in_capitals():
    m = parse_text(
        "1 Møde i Byrådet tirsdag den 12. marts 2019, Kl i Byrådssalen REFERAT Spørgetid for borgerne: der "
        "kom ingen spørgsmål, og formanden takkede de fremmødte for deres interesse for dagens møde og for "
        "kommunens arbejde. INDHOLDSFORTEGNELSE 1. Meddelelser 2. Skolestruktur\n\n"
        "1. Meddelelser\n\nBeslutning\n\nTaget til efterretning.\n\n"
        "2. Skolestruktur\n\nSagsfremstilling\n\nEn ny struktur.\n\nBeslutning\n\nGodkendt.\n")
    assert (m.committee, m.date, m.location, m.kind) == ("Byrådet", date(2019, 3, 12), "Byrådssalen", "referat")
    assert any("Spørgetid for borgerne" in n for n in m.notes)  # the rest of the line is kept
    assert items(m) == [(1, "Meddelelser"), (2, "Skolestruktur")]


def test_a_page_count_inside_a_header_line_ends_the_running_head():
    m = parse_text(
        "Teknikudvalget den 4. februar 2003 Side 1 af 6 HAVBJERG KOMMUNE REFERAT Teknikudvalget "
        "4. februar 2003 kl. 15.30 i mødelokale 3\n\n"
        "Sag nr. 12 Vintertjeneste\n\nSagsfremstilling\n\nOrientering om vinteren.\n\nBeslutning\n\n"
        "Taget til efterretning.\n")
    assert (m.committee, m.date, m.start_time, m.location) == (
        "Teknikudvalget", date(2003, 2, 4), "15:30", "mødelokale 3")
    assert items(m) == [(12, "Vintertjeneste")]


# --- decisions that are lists ------------------------------------------------------------------


def test_a_decision_that_is_a_list_starts_with_what_was_decided_in_the_contract():
    from referatarkiv.model import to_contract

    m = parse_text(
        "Punkt 4: Eventuelt\n\nBeslutning\n\n"
        "- Skiltning ved Nørrevang skal drøftes på næste møde, og\n"
        "- formanden orienterer om vintervedligeholdelse.\n")
    (item,) = to_contract(m)["items"]
    assert item["decision"]["text"].startswith("Skiltning ved Nørrevang skal drøftes")
    assert "\nformanden orienterer" in item["decision"]["text"]
    assert m.items[0].decision.text.startswith("- Skiltning")  # the site still shows a list


def test_a_bullet_exported_as_a_lone_combining_mark_is_a_bullet():
    from referatarkiv.model import to_contract

    m = parse_text(
        "Punkt 43: Meddelelser\n\nBeslutning\n\n"
        "  \u0335 Standerhejsning i Lystbådehavnen\n  \u0335 Afslutning for 9. klasse\n")
    (item,) = to_contract(m)["items"]
    assert item["decision"]["text"].startswith("Standerhejsning i Lystbådehavnen")
    assert "\u0335" not in item["decision"]["text"]
