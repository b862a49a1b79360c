"""The real Aarhus Byråd referat (PDF) and agenda (web page) built into a site (strict) and read in Chromium,
on a desktop and on a phone: each decision box holds only the decision, says whether it is final and lists
who disagreed; sag pages carry their subject as title; the party pages list what each party opposed.
Screenshots are saved in tests/artifacts/ (issue17-*.png). The documents are read from ../shared and never
copied into the repo; the tests skip when they are absent."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from tests.conftest import build_site, serve_directory
from tests.linkcheck import check_site

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
PDF = SHARED / "corpus-pdf" / "aarhus" / "aarhus_byraad_2025-08-27_referat.pdf"
HTML = SHARED / "corpus-html" / "aarhus" / "aarhus_byraad_2025-10-08_dagsorden.html"
MEETING = "aarhus/aarhus-byraad/2025-08-27/"
VIEWPORTS = {"desktop": (1280, 900), "phone": (390, 844)}

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not (PDF.is_file() and HTML.is_file()), reason=f"real Aarhus documents not found in {SHARED}"),
]


@pytest.fixture(scope="module")
def aarhus_site(tmp_path_factory):
    root = tmp_path_factory.mktemp("aarhus17")
    (root / "content" / "aarhus").mkdir(parents=True)
    shutil.copy(PDF, root / "content" / "aarhus" / PDF.name)
    shutil.copy(HTML, root / "content" / "aarhus" / HTML.name)
    work = root / "work"
    work.mkdir()
    return build_site(root / "content", work)  # mkdocs build --strict: no warnings


@pytest.fixture(scope="module")
def server(aarhus_site):
    srv, stop = serve_directory(aarhus_site.site)
    yield srv
    stop()


def md(site, path: str) -> str:
    return (site.build / path / "index.md").read_text(encoding="utf-8")


def test_the_site_builds_strict_without_broken_links(aarhus_site):
    assert check_site(aarhus_site.site) == []


@pytest.mark.parametrize("number", range(1, 21))
def test_no_decision_box_holds_text_from_after_the_decision(aarhus_site, number):
    page = md(aarhus_site, f"{MEETING}punkt-{number}")
    start = page.index('!!! beslutning "Beslutning"')
    box = page[start:page.index("\n## ", start) if "\n## " in page[start:] else len(page)]
    for later in ("BESLUTNINGSFORSLAG", "INDSTILLING FRA", "påtegning", "Beslutning:", "\n    .\n",
                  "Indstillingen vedrører", "Anlægsbevilling til etablering"):
        assert later not in box, (number, later)
    assert ("Endelig beslutning i Aarhus Byråd." in box) is (number in (1, 3, 4, 5, 6, 7, 8, 12, 13))
    assert ("Ikke endelig: sagen er sendt videre til" in box) is (number not in (1, 3, 4, 5, 6, 7, 8, 12, 13))


@pytest.mark.browser
@pytest.mark.parametrize("viewport", sorted(VIEWPORTS))
def test_punkt_sag_and_party_pages_in_chromium(aarhus_site, server, browser, artifacts, viewport):
    w, h = VIEWPORTS[viewport]
    context = browser.new_context(viewport={"width": w, "height": h}, locale="da-DK")
    pg = context.new_page()
    try:
        def visit(path: str, shot: str) -> None:
            pg.goto(server.url + path)
            assert pg.evaluate("document.documentElement.scrollWidth") <= w + 1, f"{path} scrolls sideways"
            pg.screenshot(path=str(artifacts / f"issue17-{shot}-{viewport}.png"), full_page=True)

        # punkt 3: adopted by the byråd, two parties and a member could not agree
        visit(f"{MEETING}punkt-3/", "punkt-3")
        box = pg.locator(".admonition.beslutning").inner_text()
        assert box.startswith("Beslutning") and "Godkendt" in box
        assert "har vedtaget Magistratens foranstående indstilling af 19. august 2025." in box
        assert "Endelig beslutning i Aarhus Byråd." in box
        assert "Indstillingen blev vedtaget. Det betyder, at Aarhus Byråd besluttede:" in box
        assert "At 1) forslaget om halvering af prisen på parkering" in box  # the adopted points
        assert "Kunne ikke tiltræde indstillingens beslutningspunkter 1 og 2: SF, Enhedslisten og Viggo Jonasen" in box
        assert "Kunne ikke tiltræde: Radikale Venstre og Alternativet" in box
        assert "BESLUTNINGSFORSLAG" not in box and "kapaciteten i parkeringshuse" not in box
        status = pg.locator(".ra-tl__status").inner_text()
        assert "Senest godkendt i Aarhus Byråd den 27. august 2025. Afgørelsen er endelig." in status
        # punkt 2: sent on to an udvalg, not final; the party's proposal is its own section
        visit(f"{MEETING}punkt-2/", "punkt-2")
        box = pg.locator(".admonition.beslutning").inner_text()
        assert "Ikke endelig: sagen er sendt videre til Teknisk Udvalg." in box and "Havnens Perle" not in box
        assert "sendt videre af Aarhus Byråd den 27. august 2025 til Teknisk Udvalg" in pg.locator(".ra-tl__status").inner_text()
        assert pg.locator("h2", has_text="BESLUTNINGSFORSLAG FRA DD").count() == 1
        # the sag page: its subject as title, the journalnummer beside it, explained
        visit("aarhus/sager/emn-2025-003928/", "sag")
        assert pg.locator("h1").inner_text().rstrip("¶") == \
            "Svar på forslag fra KF og M om at halvere prisen på parkering i kommunale P-huse"
        note = pg.locator(".ra-casenumber").inner_text()
        assert "Journalnummer: EMN-2025-003928" in note and "Et journalnummer er kommunens nummer for en sag" in note
        # the party page, reached from the kommune page
        pg.goto(server.url + "aarhus/")
        pg.get_by_role("link", name="Enhedslisten (Ø)").first.click()
        pg.wait_for_url(re.compile(r".*/aarhus/partier/enhedslisten/$"))
        visit("aarhus/partier/enhedslisten/", "parti")
        text = pg.locator("article").inner_text()
        assert "Punkt 3: Svar på forslag fra KF og M" in text and "Punkt 6: Svar på forslag fra RV" in text
        assert "Kunne ikke tiltræde indstillingens beslutningspunkter 1 og 2." in text
    finally:
        context.close()
