"""What a citizen reads about a decision (issue 17): the decision box holds the decision and nothing after
it, says whether it is final, shows what was decided when it adopts the recommendation and who took a stance
of their own; sag pages are titled by their subject; each kommune has a page per party; the open data carry
it all. Built from two short referater written here."""
from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from referatarkiv.build.generate import generate
from tests.site.test_render import assert_inert, md_html

FIRST = """REFERAT Økonomiudvalget d. 02-03-2020

Mødedato: 02-03-2020 kl. 16:00
Mødested: Rådhuset

Punkt 1: Ny skole i Havbjerg

00.01.00-P05-1-20

Beslutning

Godkendt.

Imod stemte: O

Enhedslisten tog forbehold.

Lise Holm (V) deltog ikke i sagens behandling.

Indstilling

Direktionen indstiller, at

1. skolen bygges på Ågade
2. der afsættes 10 mio. kr.

Sagsfremstilling

Skolen er for lille.

Punkt 2: Forslag fra V om cykelstier

00.01.00-P05-2-20

Beslutning

Oversendes til Teknik- og Miljøudvalget til behandling.

BESLUTNINGSFORSLAG FRA V

Venstre foreslår flere cykelstier.

Beslutning:

At der bygges cykelstier overalt.

Punkt 3: Temadrøftelse om klima

Beslutning

Økonomiudvalget drøftede klimaplanen.
"""

SECOND = """REFERAT Økonomiudvalget d. 06-04-2020

Mødedato: 06-04-2020 kl. 16:00

Punkt 4: Ny skole i Havbjerg, anlægsbevilling

00.01.00-P05-1-20

Beslutning

Anbefales over for kommunalbestyrelsen.

(O) stemte imod med bemærkning om, at {{ 7*7 }} <script>alert(1)</script> er for dyrt.
"""

MEETING = "havbjerg/oekonomiudvalget/2020-03-02/"


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("decisions")
    content = root / "content" / "havbjerg"
    content.mkdir(parents=True)
    (content / "2020-03-02-referat.txt").write_text(FIRST, encoding="utf-8")
    (content / "2020-04-06-referat.txt").write_text(SECOND, encoding="utf-8")
    out = root / "build"
    report = generate(root / "content", out, use_cache=False)
    return report, out


def page(out: Path, path: str) -> str:
    return (out / path / "index.md").read_text(encoding="utf-8")


def box(md: str) -> str:
    """The decision box of a punkt page's Markdown: the admonition's indented lines."""
    start = md.index('!!! beslutning "Beslutning"')
    lines = []
    for line in md[start:].split("\n")[1:]:
        if line and not line.startswith("    "):
            break
        lines.append(line)
    return "\n".join(lines)


def test_the_decision_box_holds_the_decision_its_finality_the_adopted_points_and_the_positions(site):
    _, out = site
    b = box(page(out, MEETING + "punkt-1"))
    assert "Godkendt." in b and "Endelig beslutning i Økonomiudvalget." in b
    assert "**Indstillingen blev vedtaget.** Det betyder, at Økonomiudvalget besluttede:" in b
    assert "> 1. skolen bygges på Ågade" in b  # the adopted points, quoted as what was decided
    assert "**Stemmer og forbehold:**" in b
    assert "- Stemte imod: Dansk Folkeparti" in b
    assert "- Tog forbehold: Enhedslisten" in b
    assert "**Deltog ikke i behandlingen:**\n\n    - Deltog ikke: Lise Holm \\(V\\)" in b
    assert "Skolen er for lille" not in b  # the case text is not the decision


def test_a_party_proposal_after_the_decision_stays_out_of_the_box(site):
    _, out = site
    md = page(out, MEETING + "punkt-2")
    b = box(md)
    assert "Oversendes til Teknik- og Miljøudvalget" in b
    assert "Ikke endelig: sagen er sendt videre til Teknik- og Miljøudvalget." in b
    assert "cykelstier" not in b and "BESLUTNINGSFORSLAG" not in b and "Indstillingen blev vedtaget" not in b
    assert "## BESLUTNINGSFORSLAG FRA V" in md and "At der bygges cykelstier overalt." in md


def test_a_badge_does_not_repeat_the_verb_after_it(site):
    _, out = site
    meeting = page(out, MEETING)
    assert "Drøftet</span> Udvalget drøftede klimaplanen." in meeting
    assert "Godkendt</span> Godkendt" not in meeting


def test_the_sag_page_is_titled_by_its_subject_with_the_journalnummer_explained(site):
    _, out = site
    md = page(out, "havbjerg/sager/00-01-00-p05-1-20")
    assert "\n# Ny skole i Havbjerg, anlægsbevilling\n" in md
    assert "**Journalnummer:** 00.01.00-P05-1-20" in md and "Et journalnummer er kommunens nummer for en sag" in md
    assert json.loads(md.split("title: ", 1)[1].split("\n", 1)[0]) == \
        "Ny skole i Havbjerg, anlægsbevilling (sag 00.01.00-P05-1-20) – Havbjerg"
    # the newest step recommends onward: the case is not decided
    assert "Senest anbefalet eller sendt videre af Økonomiudvalget den 6. april 2020 til Kommunalbestyrelsen." in md


def test_each_party_has_a_page_of_the_decisions_it_disagreed_with_newest_first(site):
    _, out = site
    kommune = page(out, "havbjerg")
    assert "## Partier" in kommune
    assert "[Dansk Folkeparti \\(O\\)](partier/dansk-folkeparti/index.md) – 2 beslutninger (2 imod)" in kommune
    assert "[Enhedslisten \\(Ø\\)](partier/enhedslisten/index.md) – 1 beslutning (1 med forbehold)" in kommune
    o = page(out, "havbjerg/partier/dansk-folkeparti")
    assert o.index("6. april 2020") < o.index("2. marts 2020")
    assert "[Punkt 4: Ny skole i Havbjerg, anlægsbevilling](../../oekonomiudvalget/2020-04-06/punkt-4/index.md)" in o
    assert "*«Imod stemte: O»*" in o
    assert_inert(md_html(o))  # the sentence is data: "{{ 7*7 }}" and "<script>" shown, never run
    assert "{{" not in o.split("\n---\n", 1)[1]
    assert not (out / "havbjerg/partier/venstre").exists()  # a member absent is no disagreement


def test_open_data_carry_finality_adoption_and_positions_and_validate(site):
    from tests.site.test_publish import check_export

    report, out = site
    check_export(out, report.archive)
    data = json.loads((out / "data" / "archive.json").read_text(encoding="utf-8"))
    items = {it["number"]: it for m in data["meetings"] for it in m["items"]}
    one = items[1]
    assert (one["final"], one["adopts_recommendation"], one["forwarded_to"]) == (True, True, None)
    assert [(p["stance"], p["parties"], [x["name"] for x in p["persons"]]) for p in one["positions"]] == [
        ("imod", ["O"], []), ("forbehold", ["Ø"], []), ("deltog-ikke", [], ["Lise Holm"])]
    assert one["positions"][0] == {
        "stance": "imod", "label": "Stemte imod", "parties": ["O"], "party_names": ["Dansk Folkeparti"], "persons": [],
        "scope": None, "group": None, "reason": None, "sentence": "Imod stemte: O"}
    assert (items[2]["final"], items[2]["forwarded_to"]) == (False, "Teknik- og Miljøudvalget")
    [school] = [c for c in data["cases"] if c["case_number"] == "00.01.00-P05-1-20"]
    assert school["open"] is True and school["status"].startswith("Senest anbefalet eller sendt videre af Økonomiudvalget")
    doc = json.loads((out / data["meetings"][0]["data"]).read_text(encoding="utf-8"))
    assert doc["agendaItem"][0]["positions"] == one["positions"]
    rows = list(csv.DictReader(io.StringIO((out / "data" / "punkter.csv").read_text(encoding="utf-8"), newline="")))
    assert rows[0]["final"] == "true" and rows[1]["final"] == "false" and rows[2]["final"] == ""
    assert rows[0]["positions"] == "Stemte imod: Dansk Folkeparti; Tog forbehold: Enhedslisten; Deltog ikke: Lise Holm (V)"
