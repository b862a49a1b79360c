"""Who took a stance of their own on a decision: one short excerpt (written here) per wording and per
vote format, and what the parser makes of it — the stance, the parties as ballot letters, the persons
as written, the part of the decision it concerns."""
from __future__ import annotations

import pytest

from referatarkiv.model import Member
from referatarkiv.parse import parse_text
from referatarkiv.parse.parties import party_letter, party_name
from referatarkiv.parse.positions import parse_who, positions, votes


def one(text: str, kommune: str | None = None):
    found = positions([text], kommune)
    assert len(found) == 1, found
    p = found[0]
    return p.stance, p.parties, [(m.name, m.party) for m in p.persons]


# --- party names ------------------------------------------------------------------------------

@pytest.mark.parametrize("written, letter", [
    ("Socialdemokratiet", "A"), ("Socialdemokratiets byrådsgruppe", "A"),
    ("Radikale Venstres", "B"), ("Det Radikale Venstre", "B"), ("RV", "B"),
    ("det Konservative Folkepartis byrådsgruppe", "C"), ("Det Konservative Folkeparti", "C"), ("KF", "C"),
    ("Socialistisk Folkepartis", "F"), ("SF", "F"),
    ("Liberal Alliance", "I"), ("LA", "I"), ("Kristendemokraterne", "K"), ("Moderaterne", "M"),
    ("Dansk Folkeparti", "O"), ("DF", "O"), ("Venstre", "V"), ("Venstres", "V"),
    ("Danmarksdemokraternes byrådsgruppe", "Æ"), ("DD", "Æ"),
    ("Enhedslisten de Rød-Grønnes byrådsgrupper", "Ø"), ("Enhedslisten - De Rød-Grønne", "Ø"), ("EL", "Ø"),
    ("Alternativets byrådsgrupper", "Å"), ("ALT", "Å"),
    ("(Ø)", "Ø"), ("UP", "UP"), ("(UP-N)", "UP-N"),
])
def test_party_names_genitives_and_group_words_become_the_ballot_letter(written, letter):
    assert party_letter(written) == letter


def test_s_is_socialdemokratiet_except_where_slesvigsk_parti_stands():
    assert party_letter("S", "aarhus") == "A"
    assert party_letter("S", "aabenraa") == "S"
    assert party_name("S") == "Slesvigsk Parti" and party_name("F") == "SF" and party_name("UP") == "UP"


def test_names_of_persons_and_bodies_are_no_party():
    assert party_letter("Viggo Jonasen") is None
    assert party_letter("KB") is None  # Kommunalbestyrelsen
    assert party_letter("UFP") is None  # uden for partierne


def test_a_list_of_parties_and_persons():
    assert parse_who("Socialistisk Folkepartis og Enhedslisten de Rød-Grønnes byrådsgrupper og Viggo Jonasen") == (
        ["F", "Ø"], [Member("Viggo Jonasen")])
    assert parse_who("(V), (A), (C) og Liselott Blixt (UP)") == (["V", "A", "C"], [Member("Liselott Blixt", "UP")])
    assert parse_who("Rådmand Nicolaj Bang og Jesper Kjeldsen") == ([], [Member("Nicolaj Bang"), Member("Jesper Kjeldsen")])
    assert parse_who("Kenneth Jerkel (A) John T. Olsen (A)") == ([], [Member("Kenneth Jerkel", "A"), Member("John T. Olsen", "A")])
    assert parse_who("(A+V+C)") == (["A", "V", "C"], [])


@pytest.mark.parametrize("subject", ["Udvalget", "Byrådet", "Økonomiudvalget", "Et flertal i udvalget", "Sagen"])
def test_a_body_or_an_unnamed_group_is_no_list_of_members(subject):
    assert parse_who(subject) is None


# --- each stance wording ----------------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    # imod / kunne ikke tiltræde
    ("Radikale Venstres og Alternativets byrådsgrupper kunne ikke tiltræde indstillingen.", ("imod", ["B", "Å"], [])),
    ("(A), (Ø) og (F) stemte imod med bemærkning om, at opgaven skal løses kommunalt.", ("imod", ["A", "Ø", "F"], [])),
    ("Ole Hansen (V) stemmer imod.", ("imod", [], [("Ole Hansen", "V")])),
    ("Dansk Folkeparti kan ikke godkende indstillingen.", ("imod", ["O"], [])),
    # forbehold
    ("Det Konservative Folkeparti, Venstre, Radikale Venstre og Liberal Alliance tog forbehold.",
     ("forbehold", ["C", "V", "B", "I"], [])),
    ("2 medlemmer (N+Ø) tager forbehold frem til behandlingen i kommunalbestyrelsen.", ("forbehold", ["N", "Ø"], [])),
    # undlod at stemme
    ("Mona Berg (Ø) undlod at tage stilling.", ("undlod", [], [("Mona Berg", "Ø")])),
    ("(F) undlod at stemme.", ("undlod", ["F"], [])),
    ("A og C undlader.", ("undlod", ["A", "C"], [])),
    # stemte for
    ("V og D stemmer for.", ("for", ["V", "D"], [])),
    ("Lise Holm, Per Vang og Ib Krog kunne tiltræde indstillingen.",
     ("for", [], [("Lise Holm", None), ("Per Vang", None), ("Ib Krog", None)])),
    # deltog ikke: absent or inhabil
    ("Thure Hansen deltog ikke i sagens behandling.", ("deltog-ikke", [], [("Thure Hansen", None)])),
    ("Rådmand Nina Bak var forhindret i at deltage i sagens behandling.", ("deltog-ikke", [], [("Nina Bak", None)])),
    ("Byrådet erklærede Karen Lund (A) for inhabil i punktets behandling.", ("deltog-ikke", [], [("Karen Lund", "A")])),
    ("Fraværende: Lise Berg (V)", ("deltog-ikke", [], [("Lise Berg", "V")])),
    ("Afbud fra Tina Holm (A)", ("deltog-ikke", [], [("Tina Holm", "A")])),
])
def test_each_stance_wording(text, expected):
    assert one(text, "havbjerg") == expected


def test_inhabil_and_absent_are_told_apart():
    inhabil = positions(["Byrådet erklærede Karen Lund (A) for inhabil i punktets behandling."])[0]
    absent = positions(["Fraværende: Lise Berg (V)"])[0]
    assert (inhabil.reason, absent.reason) == ("inhabil", "fraværende")


def test_a_majority_and_a_minority_with_their_letters():
    found = positions(["Et flertal (A, F, Ø) godkendte forslaget. Et mindretal (V, O) stemte imod."])
    assert [(p.stance, p.group, p.parties) for p in found] == [
        ("flertal", "flertal", ["A", "F", "Ø"]), ("imod", "mindretal", ["V", "O"])]
    found = positions(["Ad 1. Et flertal bestående af A, C, N og V (6) anbefaler indstillingen."])
    assert [(p.stance, p.parties, p.scope) for p in found] == [("flertal", ["A", "C", "N", "V"], "Ad 1")]
    found = positions(["1. Anbefales af et flertal bestående af V, B og A."])
    assert [(p.stance, p.parties, p.scope) for p in found] == [("flertal", ["V", "B", "A"], "1")]


# --- each vote format -------------------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("For stemte: A, B, F", ("for", ["A", "B", "F"], [])),
    ("Imod stemte: V, O", ("imod", ["V", "O"], [])),
    ("Imod stemte (Ø) og (F).", ("imod", ["Ø", "F"], [])),
    ("For stemte (V), (C) og Lise Blom (UP).", ("for", ["V", "C"], [("Lise Blom", "UP")])),
    ("Stemte imod: (F) og (Ø)", ("imod", ["F", "Ø"], [])),
    ("Imod: Ø og F", ("imod", ["Ø", "F"], [])),
    ("Undlod: F", ("undlod", ["F"], [])),
    ("Undlod at stemme: Ø og F", ("undlod", ["Ø", "F"], [])),
    ("For forslaget stemte: Ø og F (2)", ("for", ["Ø", "F"], [])),
    ("Imod stemte: Ø, da Ø har sit eget budgetforslag.", ("imod", ["Ø"], [])),
    ("Lise Blom: Undlod.", ("undlod", [], [("Lise Blom", None)])),
])
def test_each_vote_format(text, expected):
    assert one(text) == expected


def test_several_stances_in_one_sentence_or_line():
    found = positions(["A stemmer for, V og D stemmer imod og C undlader."])
    assert [(p.stance, p.parties) for p in found] == [("for", ["A"]), ("imod", ["V", "D"]), ("undlod", ["C"])]
    found = positions(["Byrådet godkendte Økonomiudvalgets indstilling. Imod: Ø Undlod: F"])
    assert [(p.stance, p.parties) for p in found] == [("imod", ["Ø"]), ("undlod", ["F"])]


def test_a_vote_label_with_its_list_in_the_paragraphs_below():
    found = positions(["Imod stemte:", "(F) med bemærkning om, at SF ønsker en anden løsning.", "(Ø) med bemærkning om, at …"])
    assert [(p.stance, p.parties) for p in found] == [("imod", ["F", "Ø"])]


def test_an_attendance_label_with_its_names_below():
    found = positions(["**Ikke til stede:**", "Karen Lund (A)", "Godkendt."])
    assert [(p.stance, p.reason, [(m.name, m.party) for m in p.persons]) for p in found] == [
        ("deltog-ikke", "fraværende", [("Karen Lund", "A")])]
    assert found[0].sentence == "Ikke til stede: Karen Lund (A)"


def test_the_part_of_the_decision_a_position_concerns():
    found = positions(["Socialistisk Folkepartis byrådsgruppe og Viggo Hansen kunne ikke tiltræde indstillingens "
                       "beslutningspunkter 1 og 2."])
    assert found[0].scope == "indstillingens beslutningspunkter 1 og 2"
    assert positions(["Ad punkt 2, Imod: F med bemærkning om prisen."])[0].scope == "Ad punkt 2"


def test_the_sentence_is_kept_as_written():
    text = ("Godkendt. Enhedslisten de Rød-Grønne kunne ikke tiltræde indstillingen men henholdt sig til det "
            "oprindelige forslag fra Radikale Venstre.")
    [p] = positions([text])
    assert (p.stance, p.parties) == ("imod", ["Ø"])  # not Radikale Venstre, named in the remark
    assert p.sentence == text.split(". ", 1)[1]


@pytest.mark.parametrize("text", [
    "Godkendt.",
    "Udvalget undlod at tage stilling.",  # the body itself: what the decision says, not a member's stance
    "Et flertal i udvalget kunne tiltræde indstillingen.",  # no parties named
    "Byrådet erklærede Ole Berg (V) for ikke inhabil i punktets behandling.",
    "Ole Berg (V) spurgte, om han var inhabil.",
    "Alternativet ønsker tilføjet til referatet, at teksten justeres.",
    "Administrationen anbefaler, at udvalget godkender planen.",
])
def test_sentences_that_state_no_position(text):
    assert positions([text]) == []


def test_a_vote_tally():
    assert votes("Med stemmerne 17 for og 8 imod godkendte Byrådet indstillingen.") == {"for": 17, "imod": 8}
    assert votes("Med stemmerne 25 for og ingen imod godkendte byrådet indstillingen.") == {"for": 25, "imod": 0}
    assert votes("Godkendt.") == {}


def test_the_parser_finds_positions_in_the_decision_and_in_its_attendance_lines():
    text = ("REFERAT Kommunalbestyrelsen d. 02-03-2020\n\nPunkt 1: Ny skole\n\nBeslutning\n\n"
            "Fraværende: Lise Berg (V)\n\nGodkendt.\n\nImod stemte: O\n\nMed stemmerne 20 for og 1 imod.\n")
    d = parse_text(text).items[0].decision
    assert d.text.startswith("Godkendt.") and d.attendance == ["Fraværende: Lise Berg (V)"]
    assert [(p.stance, p.parties, [m.name for m in p.persons]) for p in d.positions] == [
        ("imod", ["O"], []), ("deltog-ikke", [], ["Lise Berg"])]
    assert d.votes == {"for": 20, "imod": 1}
