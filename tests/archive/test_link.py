"""link.py: terms, committees and renames, references, catch-all case numbers, bilag."""
from datetime import date

import pytest

from referatarkiv.archive.link import (
    build_archive,
    clean_committee_name,
    committee_abbreviation,
    is_standing_title,
    label_key,
    normalize_term,
    parse_renames,
    safe_file_name,
    term_for_date,
)
from referatarkiv.model import AgendaItem, Attachment, HistoryEntry, Meeting, Reference, RouteStep, Section

AUU = "Arbejdsmarkeds- og Uddannelsesudvalget"
AVUU = "Arbejdsmarkeds-, Vækst- og Uddannelsesudvalget"
MAG = "Magistraten"
RENAMES = parse_renames({"renames": [
    {"kommune": "frederiksberg", "from": f"{AUU} 2018-21", "to": f"{AVUU} 2022-25"},
]})


def mt(committee, d, items, kommune="frederiksberg", term=None, src=None):
    return Meeting(committee=committee, term=term, date=d, items=items, municipality=kommune,
                   source_path=src or f"{kommune}/{(committee or 'x')[:6]}-{d or 'nodate'}.txt")


def it(n, title="Sag", case=None, text="", refs=(), attachments=(), **kw):
    return AgendaItem(number=n, title=title, case_number=case,
                      sections=[Section("Sagsfremstilling", text, "sagsfremstilling")] if text else [],
                      references=list(refs), attachments=list(attachments), **kw)


# -- terms -------------------------------------------------------------------------------------

@pytest.mark.parametrize("raw,term", [("2018-21", "2018-21"), ("2018-2021", "2018-21"), ("2022 – 25", "2022-25"),
                                      ("valgperiode 2014/2017", "2014-17"), ("ingen", None), (None, None)])
def test_normalize_term(raw, term):
    assert normalize_term(raw) == term


@pytest.mark.parametrize("d,term", [(date(2020, 3, 2), "2018-21"), (date(2018, 1, 1), "2018-21"),
                                    (date(2021, 12, 31), "2018-21"), (date(2022, 1, 1), "2022-25"),
                                    (date(2026, 5, 1), "2026-29"), (date(2005, 6, 1), "2002-05")])
def test_term_for_date(d, term):
    assert term_for_date(d) == term


def test_meeting_without_term_gets_it_from_the_date():
    a = build_archive([mt("Teknikudvalget", date(2020, 8, 18), [it(1)])])
    am = a.meetings[0]
    assert am.term == "2018-21" and am.term_derived
    b = build_archive([mt("Teknikudvalget", date(2020, 8, 18), [it(1)], term="2018-2021")])
    assert b.meetings[0].term == "2018-21" and not b.meetings[0].term_derived


# -- committees ----------------------------------------------------------------------------------

@pytest.mark.parametrize("name,abbr", [(AUU, "AUU"), (AVUU, "AVUU"), ("Børne- og Ungeudvalget", "BUU"),
                                       ("Økonomiudvalget", "ØU"), ("Teknik- og Miljøudvalget", "TMU")])
def test_committee_abbreviation(name, abbr):
    assert committee_abbreviation(name) == abbr


def test_committee_name_loses_its_term_suffix():
    assert clean_committee_name(f"{AUU}_2018-21") == AUU
    assert clean_committee_name(f"  {AUU}   2018-2021 ") == AUU


def test_renames_link_committees_across_terms():
    a = build_archive([mt(AUU, date(2020, 3, 2), [it(26)]), mt(AVUU, date(2022, 3, 14), [it(8)])], renames=RENAMES)
    old = a.committee_for("frederiksberg", AUU)
    new = a.committee_for("frederiksberg", AVUU)
    assert old.terms == ["2018-21"] and new.terms == ["2022-25"]
    assert [c for _, c in old.renamed_to] == [new]
    assert [c for _, c in new.renamed_from] == [old]
    assert a.lineage(new) == a.lineage(old)
    assert old.path == "frederiksberg/arbejdsmarkeds-og-uddannelsesudvalget/"


def test_rename_to_a_committee_outside_the_archive_is_kept_as_text():
    a = build_archive([mt(AUU, date(2020, 3, 2), [it(26)])], renames=RENAMES)
    (r, other), = a.committee_for("frederiksberg", AUU).renamed_to
    assert other is None and r.to_name == AVUU and r.to_term == "2022-25"
    # … with a warning at the rename's line in udvalg.yml, in case "to" is a typo (issue #15)
    (w,) = a.problems
    assert (w.path, w.error) == ("udvalg.yml", False) and AVUU in w.message


def test_meeting_without_committee_goes_to_ukendt_udvalg():
    a = build_archive([mt(None, None, [it(None, title=None)], kommune="koebenhavn", src="koebenhavn/004.txt")])
    am = a.meetings[0]
    assert am.committee.unknown and am.path == "koebenhavn/ukendt-udvalg/uden-dato-004/"
    assert am.items[0].slug == "punkt-uden-nummer-1"
    assert a.kommuner["koebenhavn"].name == "København"


def test_two_meetings_same_day_get_distinct_paths():
    a = build_archive([mt("Teknikudvalget", date(2020, 1, 1), [it(1)], src="k/a.txt"),
                       mt("Teknikudvalget", date(2020, 1, 1), [it(1)], src="k/b.txt")])
    assert sorted(am.slug for am in a.meetings) == ["2020-01-01", "2020-01-01-2"]


def test_kommune_names():
    a = build_archive([mt("X", date(2020, 1, 1), [it(1)], kommune="taarnby"),
                       mt("X", date(2020, 1, 1), [it(1)], kommune="havbjerg"),
                       mt("X", date(2020, 1, 1), [it(1)], kommune="ny-by")],
                      kommune_names={"havbjerg": "Havbjerg Kommune"})
    assert {k: v.name for k, v in a.kommuner.items()} == {
        "havbjerg": "Havbjerg Kommune", "ny-by": "Ny By", "taarnby": "Tårnby"}


# -- references ----------------------------------------------------------------------------------

def corpus_like():
    text_2022 = ("En redegørelse (AUU d. 2. marts 2020 pkt. 26 - MAG d. 9. marts 2020 pkt. 97), "
                 "og senere den 3. maj 2021 (pkt. 33).")
    refs = [Reference("AUU d. 2. marts 2020 pkt. 26", "AUU", date(2020, 3, 2), 26),
            Reference("MAG d. 9. marts 2020 pkt. 97", "MAG", date(2020, 3, 9), 97),
            Reference("3. maj 2021 (pkt. 33)", None, date(2021, 5, 3), 33)]
    return [
        mt(AUU, date(2020, 3, 2), [it(26, "Redegørelse", "15.20.00-P00-4-19")], term="2018-21"),
        mt(AUU, date(2021, 5, 3), [it(33, "Status", "15.20.00-P00-4-19")], term="2018-21"),
        mt(AVUU, date(2022, 3, 14), [it(8, "Ekstern redegørelse", "00.01.00-P05-4-22", text=text_2022, refs=refs)],
           term="2022-25"),
    ]


def test_abbreviated_reference_to_a_renamed_committee_resolves():
    a = build_archive(corpus_like(), renames=RENAMES)
    item8 = a.items[-1]
    by_text = {rr.text: rr for rr in item8.references}
    target = by_text["AUU d. 2. marts 2020 pkt. 26"].target
    assert target is not None and target.path == "frederiksberg/arbejdsmarkeds-og-uddannelsesudvalget/2020-03-02/punkt-26/"
    assert by_text["MAG d. 9. marts 2020 pkt. 97"].target is None  # Magistraten is not in the archive
    # "(pkt. 33)" without a body: the same committee, followed across the rename.
    assert by_text["3. maj 2021 (pkt. 33)"].target.number == 33
    assert item8 in [rr.source for rr in target.referenced_by]


def test_reference_text_becomes_a_span_in_the_section():
    a = build_archive(corpus_like(), renames=RENAMES)
    item8 = a.items[-1]
    text = item8.item.sections[0].text
    linked = {text[s.start:s.end]: s.target for s in item8.spans}
    assert set(linked) == {"AUU d. 2. marts 2020 pkt. 26", "3. maj 2021 (pkt. 33)"}


def test_implicit_body_without_rename_does_not_jump_to_another_committee():
    refs = [Reference("(pkt. 5)", None, date(2020, 1, 6), 5)]
    a = build_archive([
        mt("Teknikudvalget", date(2020, 1, 6), [it(5)]),
        mt("Kulturudvalget", date(2020, 2, 3), [it(1, text="se (pkt. 5)", refs=refs)]),
    ])
    assert a.items[-1].references[0].target is None


def test_magistraten_and_full_names_resolve():
    refs = [Reference("MAG 9. april 2020, pkt. 97", "MAG", date(2020, 4, 9), 97),
            Reference("Økonomiudvalget den 1. oktober 2018", "Økonomiudvalget", date(2018, 10, 1), 4)]
    a = build_archive([
        mt(MAG, date(2020, 4, 9), [it(97)]),
        mt("Økonomiudvalget", date(2018, 10, 1), [it(4)]),
        mt(AUU, date(2020, 5, 4), [it(40, refs=refs)]),
    ])
    src = a.items[-1]
    assert [rr.target.meeting.committee.name for rr in src.references] == [MAG, "Økonomiudvalget"]


def test_history_without_body_uses_the_route_of_that_day():
    hist = [HistoryEntry(date(2020, 2, 24), "beslutning", None, 48, "Anbefales.")]
    route = [RouteStep("Magistraten", date(2020, 2, 17)), RouteStep("Kommunalbestyrelsen", date(2020, 2, 24))]
    a = build_archive([
        mt("Kommunalbestyrelsen", date(2020, 2, 24), [it(48)]),
        mt(AUU, date(2020, 2, 24), [it(48)]),  # same date and number in another body: not this one
        mt(AUU, date(2020, 3, 2), [it(25, history=hist, route=route)]),
    ])
    rr = a.items[-1].references[0]
    assert rr.origin == "history" and rr.target.meeting.committee.name == "Kommunalbestyrelsen"


def test_same_text_different_targets_pairs_occurrences_in_order():
    text = "Den 6. januar (pkt. 5) og igen den 3. februar (pkt. 5)."
    refs = [Reference("(pkt. 5)", None, date(2020, 1, 6), 5), Reference("(pkt. 5)", None, date(2020, 2, 3), 5)]
    a = build_archive([
        mt("Teknikudvalget", date(2020, 1, 6), [it(5, "A")]),
        mt("Teknikudvalget", date(2020, 2, 3), [it(5, "B")]),
        mt("Teknikudvalget", date(2020, 3, 2), [it(9, text=text, refs=refs)]),
    ])
    src = a.items[-1]
    assert [(s.start, s.target.title) for s in src.spans] == [(text.index("(pkt. 5)"), "A"),
                                                               (text.rindex("(pkt. 5)"), "B")]


def test_lookup_indexes():
    a = build_archive(corpus_like(), renames=RENAMES)
    key = ("frederiksberg", "arbejdsmarkeds-og-uddannelsesudvalget", date(2020, 3, 2), 26)
    assert a.by_body_date_number[key][0].title == "Redegørelse"
    assert a.by_date_number[("frederiksberg", date(2020, 3, 2), 26)][0].title == "Redegørelse"


# -- cases ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("title", ["Godkendelse af dagsorden", "Meddelelser", "Eventuelt", "Underskriftsark",
                                   "Meddelelser fra formanden", "Godkendelse af dagsordenen."])
def test_standing_titles(title):
    assert is_standing_title(title)


def test_standing_titles_negative():
    assert not is_standing_title("Efterretning vedrørende Ankestyrelsens afgørelser")
    assert not is_standing_title(None)


def test_catch_all_by_standing_title():
    items = [it(1, "Godkendelse af dagsorden", "20/13750"), it(2, "Efterretning om afgørelser", "20/13750"),
             it(4, "Personalenormering", "19/26829")]
    a = build_archive([mt("Beskæftigelsesudvalget", date(2020, 8, 18), items, kommune="taarnby")])
    assert a.cases[("taarnby", "20/13750")].catch_all
    assert not a.cases[("taarnby", "19/26829")].catch_all
    assert a.cases[("taarnby", "20/13750")].path == "taarnby/sager/20-13750/"


def test_catch_all_by_three_titles_in_one_meeting():
    items = [it(1, "Budget", "01.02"), it(2, "Skoler", "01.02"), it(3, "Veje", "01.02")]
    a = build_archive([mt("Økonomiudvalget", date(2021, 1, 1), items)])
    assert a.cases[("frederiksberg", "01.02")].catch_all


def test_a_real_case_across_meetings_is_ordered_by_date():
    a = build_archive(corpus_like(), renames=RENAMES)
    case = a.cases[("frederiksberg", "15.20.00-P00-4-19")]
    assert not case.catch_all
    assert [ai.meeting.date for ai in case.items] == [date(2020, 3, 2), date(2021, 5, 3)]


# -- bilag ---------------------------------------------------------------------------------------

def bilag_meeting():
    atts = [Attachment("Bilag 1", "Tilsagnsbrev"), Attachment("Bilag 2.08A", "Ledelsestilsyn"),
            Attachment("Bilag 3", "Deltageroversigt", closed=True)]
    text = ("Se bilag 1 og jf. bilag 2.8A. Bilag 3 er lukket. "
            "For et overblik se AUU 21. september 2020, pkt. 65, bilag 1.")
    return mt(AUU, date(2020, 3, 2), [it(25, text=text, attachments=atts)], src="frederiksberg/2020-03-02.txt")


@pytest.mark.parametrize("label,key", [("Bilag 2.08A", "2.8a"), ("BILAG 1.03A", "1.3a"), ("Bilag A", "a"),
                                       ("bilag 1", "1"), ("Tilsagnsbrev", None), (None, None)])
def test_label_key(label, key):
    assert label_key(label) == key


def test_bilag_mentions_and_foreign_mentions():
    a = build_archive([bilag_meeting()])
    ai = a.items[0]
    text = ai.item.sections[0].text
    spans = [(text[s.start:s.end], s.target.label) for s in ai.spans]
    # "pkt. 65, bilag 1" is another meeting's bilag: not linked.
    assert spans == [("bilag 1", "Bilag 1"), ("bilag 2.8A", "Bilag 2.08A"), ("Bilag 3", "Bilag 3")]
    b1 = ai.bilag[0]
    # No file: no page of its own; links go to its entry on its punkt's page (issue 18).
    assert not b1.has_page
    assert b1.path == "frederiksberg/arbejdsmarkeds-og-uddannelsesudvalget/2020-03-02/punkt-25/#bilag-1-tilsagnsbrev"
    assert len(b1.mentions) == 1


def test_bilag_files_match_by_slug_and_closed_files_are_never_published():
    files = {"frederiksberg/2020-03-02.txt": [
        "frederiksberg/2020-03-02.bilag/Bilag 1 - Tilsagnsbrev.pdf",
        "frederiksberg/2020-03-02.bilag/Bilag 3 Deltageroversigt.pdf",
        "frederiksberg/2020-03-02.bilag/Bilag 2.08A.html",
        "frederiksberg/2020-03-02.bilag/noget andet.pdf",
    ]}
    a = build_archive([bilag_meeting()], attachment_files=files)
    b1, b2, b3 = a.items[0].bilag
    assert b1.file_rel.endswith("Bilag 1 - Tilsagnsbrev.pdf") and b1.download.endswith("/bilag-1-tilsagnsbrev.pdf")
    assert b2.download.endswith(".html.txt")  # never served as a page
    assert b3.closed and b3.file_rel is None and b3.download is None
    assert any(p.path.endswith("noget andet.pdf") for p in a.problems)


def test_safe_file_name():
    assert safe_file_name("referat", ".TXT") == "referat.txt"
    assert safe_file_name("referat", ".md") == "referat.md.txt"
    assert safe_file_name("x", ".svg") == "x.svg.txt"
    assert safe_file_name("x", ".p df") == "x.zip"


def test_closed_item_makes_its_attachments_closed():
    m = mt(AUU, date(2020, 3, 2), [it(30, "Lukket: personalesag", attachments=[Attachment("Bilag 1", "Notat")],
                                      closed=True)])
    a = build_archive([m], attachment_files={m.source_path: ["x.bilag/Bilag 1.pdf"]})
    assert a.bilag[0].closed and a.bilag[0].download is None
