"""Decision timelines: merging sources, ordering by date, deduplication, badges and status."""
from datetime import date

from referatarkiv.archive.link import build_archive
from referatarkiv.model import AgendaItem, Decision, HistoryEntry, Meeting, Reference, RouteStep
from referatarkiv.archive.timeline import Step, case_timeline, committee_stats, item_timeline, merge, status

UDV = "Teknik- og Miljøudvalget"


def meeting(d, committee, items, kommune="havbjerg"):
    return Meeting(committee=committee, date=d, items=items, municipality=kommune,
                   source_path=f"{kommune}/{committee[:5]}-{d.isoformat()}.txt")


def item(n, case, outcomes, text="", history=(), route=(), refs=()):
    return AgendaItem(number=n, title=f"Sag {n}", case_number=case,
                      decision=Decision(text or "Besluttet.", list(outcomes)) if outcomes is not None else None,
                      history=list(history), route=list(route), references=list(refs))


def archive_of(*meetings):
    return build_archive(meetings)


def case_of(a, number):
    return next(c for (k, cn), c in a.cases.items() if cn == number)


def test_a_case_through_three_meetings_and_two_bodies_is_ordered_by_date():
    a = archive_of(
        meeting(date(2020, 3, 2), UDV, [item(18, "01.02.03-P20-1-20", ["godkendt", "indstillet"],
                                             route=[RouteStep("Magistraten", date(2020, 3, 16))])]),
        meeting(date(2020, 2, 10), UDV, [item(12, "01.02.03-P20-1-20", ["udsat"], "Udvalget udsatte sagen.")]),
        meeting(date(2020, 3, 16), "Magistraten", [item(97, "01.02.03-P20-1-20", ["godkendt"])]),
    )
    tl = case_timeline(case_of(a, "01.02.03-P20-1-20"))
    assert [(s.date, s.body, s.outcomes) for s in tl.steps] == [
        (date(2020, 2, 10), UDV, ["udsat"]),
        (date(2020, 3, 2), UDV, ["godkendt", "indstillet"]),
        (date(2020, 3, 16), "Magistraten", ["godkendt"]),
    ]
    # the planned Magistraten step is the archived meeting, so it is held, not expected
    assert not any(s.expected for s in tl.steps)
    assert tl.steps[2].sources == ["arkiv", "plan"]
    assert tl.status.startswith("Senest godkendt i Magistraten") and not tl.open


def test_a_historik_entry_and_the_archived_item_it_describes_are_one_step():
    a = archive_of(
        meeting(date(2020, 2, 10), UDV, [item(12, "9/1", ["udsat"])]),
        meeting(date(2020, 3, 2), UDV, [item(18, "9/1", ["godkendt"], history=[
            HistoryEntry(date(2020, 2, 10), "beslutning", None, 12, "Udvalget udsatte sagen.", ["udsat"]),
            HistoryEntry(date(2020, 2, 10), "indstilling", None, 12, "Forvaltningen indstiller …")])]),
    )
    tl = case_timeline(case_of(a, "9/1"))
    assert [(s.date, s.kind) for s in tl.steps] == [(date(2020, 2, 10), "beslutning"), (date(2020, 3, 2), "beslutning")]
    assert sorted(tl.steps[0].sources) == ["arkiv", "historik", "historik"]
    assert tl.steps[0].path and tl.steps[0].path.endswith("punkt-12/")


def test_steps_after_the_items_own_meeting_are_expected_and_the_status_says_the_case_goes_on():
    a = archive_of(meeting(date(2020, 3, 2), UDV, [item(26, "7/7", ["drøftet", "indstillet"], route=[
        RouteStep(UDV, date(2020, 2, 17)), RouteStep(UDV, date(2020, 3, 2)), RouteStep("Magistraten", date(2020, 3, 9))],
        history=[HistoryEntry(date(2020, 2, 17), "beslutning", UDV, 20, "Udvalget udsatte sagen.", ["udsat"])])]))
    tl = case_timeline(case_of(a, "7/7"))
    assert [(s.date, s.expected, s.kind) for s in tl.steps] == [
        (date(2020, 2, 17), False, "beslutning"), (date(2020, 3, 2), False, "beslutning"), (date(2020, 3, 9), True, "forventet")]
    assert tl.open and "anbefalet" in tl.status and "Magistraten den 9. marts 2020" in tl.status


def test_a_postponement_as_last_step_is_said_plainly():
    steps = merge([Step(date(2021, 1, 5), "Økonomiudvalget", "beslutning", ["udsat"])])
    text, is_open = status(steps)
    assert text.startswith("Sagen blev senest udsat") and is_open


def test_godkendt_in_a_committee_is_not_the_end_when_the_council_is_expected():
    steps = merge([Step(date(2021, 1, 5), UDV, "beslutning", ["godkendt"]),
                   Step(date(2021, 1, 25), "Kommunalbestyrelsen", "forventet", [], source="plan", expected=True)])
    text, is_open = status(steps)
    assert "men sagen skal videre" in text and "Kommunalbestyrelsen" in text and is_open


def test_outcome_badges_are_plain_danish():
    s = Step(date(2021, 1, 5), UDV, "beslutning", ["godkendt", "taget-til-efterretning", "udsat", "indstillet"])
    assert s.badges == ["Godkendt", "Taget til efterretning", "Udsat", "Anbefalet videre"]


def test_a_resolved_reference_becomes_a_linked_step_and_an_unresolved_one_stays_plain():
    a = archive_of(
        meeting(date(2020, 3, 9), "Magistraten", [item(97, "5/5", ["godkendt"])]),
        meeting(date(2022, 3, 14), UDV, [item(8, "8/8", ["godkendt"], refs=[
            Reference("MAG d. 9. marts 2020 pkt. 97", "Magistraten", date(2020, 3, 9), 97),
            Reference("MAG 1. april 2019, pkt. 3", "Magistraten", date(2019, 4, 1), 3)])]),
    )
    tl = case_timeline(case_of(a, "8/8"))
    ref = {s.date: s for s in tl.steps if s.source == "henvisning"}
    assert ref[date(2020, 3, 9)].path.endswith("punkt-97/") and ref[date(2020, 3, 9)].outcomes == ["godkendt"]
    assert ref[date(2019, 4, 1)].path is None and "MAG 1. april 2019" in ref[date(2019, 4, 1)].excerpt


def test_the_punkt_timeline_marks_the_current_item():
    a = archive_of(meeting(date(2020, 2, 10), UDV, [item(12, "9/1", ["udsat"])]),
                   meeting(date(2020, 3, 2), UDV, [item(18, "9/1", ["godkendt"])]))
    current = next(ai for ai in a.items if ai.number == 18)
    tl = item_timeline(current)
    assert [s.current for s in tl.steps] == [False, True]


def test_catch_all_numbers_get_no_timeline():
    a = archive_of(meeting(date(2020, 8, 18), UDV, [
        AgendaItem(1, "Godkendelse af dagsorden", "20/13750", decision=Decision("Godkendt.", ["godkendt"])),
        AgendaItem(2, "Meddelelser", "20/13750"), AgendaItem(3, "Eventuelt", "20/13750")]))
    assert case_timeline(case_of(a, "20/13750")) is None


def test_committee_stats_count_outcomes_per_year_and_list_items_per_outcome():
    a = archive_of(meeting(date(2020, 3, 2), UDV, [item(1, "1/1", ["godkendt"]), item(2, "1/2", ["godkendt", "drøftet"]),
                                                   item(3, "1/3", None)]),
                   meeting(date(2021, 3, 1), UDV, [item(1, "1/4", ["udsat"])]))
    st = committee_stats(next(iter(a.committees.values())))
    assert st.years == [2020, 2021]
    assert st.counts[2020]["godkendt"] == 2 and st.counts[2021]["udsat"] == 1
    assert [ai.number for ai in st.by_outcome["godkendt"]] == [1, 2] and list(st.by_outcome) == ["godkendt", "drøftet", "udsat"]
    assert [ai.number for ai in st.undecided] == [3]


def test_the_status_follows_the_decisions_text_final_or_sent_on():
    returned = Decision("Tilbagesendes forvaltningen med bemærkning, at byrådet har vedtaget Magistratens indstilling.",
                        ["godkendt"], final=True, adopts_recommendation=True)
    sent_on = Decision("Fremsendes til Teknisk Udvalg til behandling.", ["oversendt"], final=False,
                       forwarded_to="Teknisk Udvalg")
    a = archive_of(
        meeting(date(2025, 8, 19), "Magistraten", [item(4, "EMN-1", ["indstillet", "oversendt"])]),
        meeting(date(2025, 8, 27), "Aarhus Byråd", [AgendaItem(3, "Parkering", "EMN-1", decision=returned),
                                                    AgendaItem(2, "Havnens Perle", "EMN-2", decision=sent_on)]),
    )
    final = case_timeline(case_of(a, "EMN-1"))
    assert final.status == "Senest godkendt i Aarhus Byråd den 27. august 2025. Afgørelsen er endelig."
    assert not final.open and final.steps[-1].final is True
    on = case_timeline(case_of(a, "EMN-2"))
    assert on.open and on.status.startswith(
        "Senest anbefalet eller sendt videre af Aarhus Byråd den 27. august 2025 til Teknisk Udvalg. Sagen er ikke afgjort")
