"""Saved web pages: only the page's content, its structure kept, read like any other referat.

Pages written for these tests pin the First Agenda Publication layout (items as table rows) and the generic
fallback (items as numbered headings); the Aarhus Byråd agenda in ../shared/corpus-html is read in full when
it is there."""
from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from referatarkiv.model import to_contract
from referatarkiv.parse import parse_file
from referatarkiv.readers import ReadError, read_source

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
AARHUS = SHARED / "corpus-html" / "aarhus" / "aarhus_byraad_2025-10-08_dagsorden.html"

FIRST_AGENDA = """<!DOCTYPE html><html lang="da"><head><title>Havbjerg Byråd</title>
<script>window.localizationKeys = {"Meeting_Copy_Link":"Kopier link","Afbud":"Afbud"}; alert(1)</script>
<style>.x{color:red}</style></head><body>
<nav class="navbar"><a href="/">Forside</a></nav>
<div id="cookie-banner">Vi bruger cookies. <button>OK</button></div>
<div class="tilbage-wrapper"><a class="back-to-frontpage-button">Tilbage til forsiden</a></div>
<div class="title"><h1>Referat 4. marts 2025 kl. 17.00</h1><h2><span>Havbjerg Byråd</span> - <span>Byrådssalen</span></h2></div>
<table class="dagsordeninfo"><tr><td>Udvalg:</td><td>Havbjerg Byråd</td></tr>
<tr><td>Mødedato:</td><td>tirsdag den 4. marts 2025 kl. 17.00</td></tr>
<tr><td>Mødested:</td><td>Byrådssalen</td></tr>
<tr><td>Mødedeltagere:</td><td>Jens Holm, Lise Berg (Afbud), Ole Dam</td></tr></table>
<table id="dagsordenDetaljer"><thead><tr><th>Punkt</th><th>Titel</th></tr></thead><tbody>
<tr class="punktrow"><td><span class="label">1</span></td><td>
  <button class="overskrift-btn"><h2>Godkendelse af dagsorden</h2></button>
  <div class="details"><span class="sagsnummer">EMN-2025-000101</span>
  <div class="punkt"><h3></h3><div><h3>Beslutninger</h3><span><div>Godkendt.</div></span></div></div></div>
  <ul class="dropdown-menu"><li>Hent som PDF</li><li>Kopier link</li></ul></td></tr>
<tr class="punktrow"><td><span class="label">2</span></td><td>
  <button class="overskrift-btn"><h2>Ny <b>skolevej</b> i Nordby</h2></button>
  <div class="details"><span class="sagsnummer">EMN-2025-000102</span>
  <div class="punkt"><h3></h3><div>
   <h3>Beslutninger</h3><span><div>Byrådet godkendte indstillingen.</div><div>Ole Dam deltog ikke i sagens behandling.</div></span>
   <h3>Resume</h3><span><div>En sikker vej til skolen. Se <a href="https://havbjerg.invalid/plan">planen</a>.</div></span>
   <h3>Beslutningspunkter</h3><span><div>Det indstilles:</div><div>At 1) vejen anlægges.</div></span>
   <h3>Sagsforløb:</h3><span><div>Udvalg: Teknisk Udvalg</div><div>Dato: 10-02-2025</div><div>Punktnummer: 4</div>
    <div>Fremsendes til Havbjerg Byråd.</div><div>Udvalg: Magistraten</div><div>Dato: 24-02-2025</div>
    <div>Punktnummer: 7</div><div>Anbefales.</div></span>
  </div></div>
  <h3>Bilag</h3><ul class="list-unstyled"><li><span class="label pdf-label">PDF</span>
   <a class="bilag-link" href="/vis/pdf/bilag/1">Bilag 1: Kort over vejen</a></li>
   <li><span class="label pdf-label">PDF</span><a class="bilag-link" href="/vis/pdf/bilag/2">Indstilling</a></li></ul>
  </div></td></tr>
</tbody></table>
<footer>Havbjerg Kommune · Tilgængelighedserklæring</footer>
<div class="modal"><div class="modal-body">Del punktet</div></div>
</body></html>"""

GENERIC = """<html><head><meta charset="utf-8"><link rel="canonical" href="https://lindved.invalid/referat/42"></head><body>
<header class="site-header"><a href="/">Lindved Kommune</a></header>
<main><h1>Referat af møde i Teknik- og Miljøudvalget</h1>
<p>Mødedato: 9. marts 2020 kl. 16:00<br>Mødested: Rådhuset, lokale 2</p>
<h2>12. Vejplan 2021</h2><p>Sagsnr.: 20/1234</p>
<h3>Sagsfremstilling</h3><p>Vejene skal <strong>vedligeholdes</strong>.</p><ul><li>Nordvej</li><li>Sydvej</li></ul>
<h3>Økonomi</h3><table><tr><th>Vej</th><th>Kr.</th></tr><tr><td>Nordvej</td><td>100</td></tr></table>
<h3>Beslutning</h3><p>Godkendt.</p><p><a href="#top">Til toppen</a></p>
<h2>13. Eventuelt</h2><h3>Beslutning</h3><p>Intet.</p>
</main><footer>Cookies</footer></body></html>"""


def write(tmp_path: Path, name: str, text: str) -> Path:
    p = tmp_path / "havbjerg" / name
    p.parent.mkdir(exist_ok=True)
    p.write_text(text, encoding="utf-8")
    return p


def all_text(m) -> str:
    c = to_contract(m)
    parts = [c["committee"] or "", c["location"] or "", *c["notes"], *c["participants"]]
    for it in c["items"]:
        parts += [it["title"] or "", *(s["heading"] + " " + s["text"] for s in it["sections"])]
        parts += [a["title"] for a in it["attachments"]]
    return "\n".join(parts)


def test_a_first_agenda_page_gives_header_items_sections_history_and_attachments(tmp_path):
    m = parse_file(write(tmp_path, "referat.html", FIRST_AGENDA))
    assert (m.committee, m.date, m.start_time, m.location) == ("Havbjerg Byråd", date(2025, 3, 4), "17:00", "Byrådssalen")
    assert m.participants == ["Jens Holm", "Lise Berg", "Ole Dam"] and m.absent == ["Lise Berg"]
    assert [(it.number, it.title, it.case_number) for it in m.items] == [
        (1, "Godkendelse af dagsorden", "EMN-2025-000101"), (2, "Ny skolevej i Nordby", "EMN-2025-000102")]
    second = m.items[1]
    assert [s.heading for s in second.sections] == ["Beslutninger", "Resume", "Beslutningspunkter", "Sagsforløb", "Bilag"]
    assert second.decision.text == "Byrådet godkendte indstillingen."
    assert second.decision.attendance == ["Ole Dam deltog ikke i sagens behandling."]
    assert [(h.date, h.body, h.item_number, h.text) for h in second.history] == [
        (date(2025, 2, 24), "Magistraten", 7, "Anbefales."), (date(2025, 2, 10), "Teknisk Udvalg", 4, "Fremsendes til Havbjerg Byråd.")]
    assert [(a.label, a.title) for a in second.attachments] == [("Bilag 1", "Kort over vejen"), (None, "Indstilling")]
    assert "[planen](https://havbjerg.invalid/plan)" in second.sections[1].text


def test_only_the_pages_content_is_read(tmp_path):
    m = parse_file(write(tmp_path, "referat.html", FIRST_AGENDA))
    text = all_text(m)
    for furniture in ("localizationKeys", "alert", "color:red", "Forside", "cookies", "Tilbage til forsiden",
                      "Hent som PDF", "Kopier link", "Tilgængelighedserklæring", "Del punktet", "PDF Bilag", "Punkt\tTitel"):
        assert furniture not in text, furniture


def test_a_generic_municipal_page_reads_numbered_headings_as_items_and_sub_headings_as_sections(tmp_path):
    m = parse_file(write(tmp_path, "referat.htm", GENERIC))
    assert (m.committee, m.date, m.start_time, m.location) == (
        "Teknik- og Miljøudvalget", date(2020, 3, 9), "16:00", "Rådhuset, lokale 2")
    assert m.source_url == "https://lindved.invalid/referat/42"
    assert [(it.number, it.title, it.case_number) for it in m.items] == [(12, "Vejplan 2021", "20/1234"), (13, "Eventuelt", None)]
    first = m.items[0]
    assert [s.heading for s in first.sections] == ["Sagsfremstilling", "Økonomi", "Beslutning"]
    assert first.sections[0].text == "Vejene skal **vedligeholdes**.\n\n- Nordvej\n- Sydvej"
    assert first.sections[1].text.startswith("| Vej | Kr. |")
    assert first.decision.text == "Godkendt." and "Til toppen" not in all_text(m)


def test_a_page_is_read_as_html_by_its_content_too(tmp_path):
    m = parse_file(write(tmp_path, "gemt-side.txt", GENERIC))
    assert [it.number for it in m.items] == [12, 13]


def test_a_page_in_a_legacy_encoding_and_an_empty_page(tmp_path):
    p = tmp_path / "havbjerg" / "latin1.html"
    p.parent.mkdir()
    p.write_bytes(GENERIC.replace('<meta charset="utf-8">', "").encode("cp1252"))
    assert parse_file(p).committee == "Teknik- og Miljøudvalget"
    with pytest.raises(ReadError) as e:
        parse_file(write(tmp_path, "tom.html", "<html><body><nav>Menu</nav><script>x()</script></body></html>"))
    assert "tom.html" in str(e.value)


def test_markup_and_script_in_the_text_stay_text(tmp_path):
    page = GENERIC.replace("Vejene skal", "&lt;script&gt;alert(1)&lt;/script&gt; {{ 7*7 }} Vejene skal")
    m = parse_file(write(tmp_path, "referat.html", page))
    assert "<script>alert(1)</script> {{ 7*7 }} Vejene skal" in m.items[0].sections[0].text


# --- the real Aarhus Byråd agenda --------------------------------------------------------------


@pytest.fixture(scope="module")
def aarhus():
    if not AARHUS.is_file():
        pytest.skip(f"the saved Aarhus page is not at {AARHUS} (../shared is not beside the repo)")
    return parse_file(AARHUS)


@pytest.mark.corpus
def test_aarhus_agenda_header_and_all_33_items(aarhus):
    m = aarhus
    assert (m.committee, m.date, m.start_time, m.location, m.kind) == (
        "Aarhus Byråd", date(2025, 10, 8), "16:00", "Byrådssalen", "dagsorden")
    assert [it.number for it in m.items] == list(range(1, 34))
    assert m.items[0].title == "Godkendelse af dagsorden" and m.items[0].case_number == "EMN-2023-009832"
    assert m.items[1].title == "Forslag til budget 2026-2029" and m.items[1].case_number == "EMN-2025-008308"
    assert all(it.title and it.case_number and it.case_number.startswith("EMN-") for it in m.items)
    assert not any(it.decision for it in m.items)


@pytest.mark.corpus
def test_aarhus_items_have_their_sections_and_sagsforloeb_as_history(aarhus):
    budget = aarhus.items[1]
    assert [s.heading for s in budget.sections][:4] == ["", "Resume", "Beslutningspunkter", "Sagsforløb"]
    assert [(h.date, h.body, h.item_number) for h in budget.history] == [
        (date(2025, 9, 30), "Magistraten", 2), (date(2025, 9, 16), "Magistraten", 3),
        (date(2025, 9, 10), "Aarhus Byråd", 2), (date(2025, 9, 2), "Magistraten", 3)]
    assert len(budget.attachments) == 23 and budget.attachments[1].label == "Bilag 1"


@pytest.mark.corpus
def test_aarhus_page_keeps_none_of_its_furniture(aarhus):
    text = all_text(aarhus)
    for furniture in ("localizationKeys", "Kopier link", "Hent som PDF", "Hent hele dagsordenen", "Tilbage til forsiden",
                      "Menu til punktet", "Abonnér"):
        assert furniture not in text, furniture
    src = read_source(AARHUS)
    assert src.kind == "html" and len(src.blocks) > 100


ACCORDION = """<html><body><main><h1>Referat – Havbjerg Byråd – 4. marts 2025</h1>
<div class="accordion"><button class="accordion-toggle" aria-expanded="false">1. Godkendelse af dagsorden</button>
<div class="panel" hidden><h3>Beslutning</h3><p>Godkendt.</p></div>
<button class="accordion-toggle">2. Ny skolevej</button>
<div class="panel" style="display: none" aria-hidden="true"><h3>Sagsfremstilling</h3><p>En vej til skolen.</p>
<h3>Beslutning</h3><p>Udsat.</p></div><button class="close">Luk</button></div></main></body></html>"""


def test_collapsed_items_of_an_accordion_are_read_and_its_controls_are_not(tmp_path):
    m = parse_file(write(tmp_path, "referat.html", ACCORDION))
    assert [(it.number, it.title) for it in m.items] == [(1, "Godkendelse af dagsorden"), (2, "Ny skolevej")]
    assert [it.decision.text for it in m.items] == ["Godkendt.", "Udsat."]
    assert "Luk" not in all_text(m)
