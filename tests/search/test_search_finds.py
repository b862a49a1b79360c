"""Search tried as a citizen would (issue 18), in headless Chromium, one test per complaint.

- The real corpus (../shared/corpus plus the Aarhus PDF; 39 punkter, so Material's search): numbers
  (a KLE journalnummer, "20/13750" and its part, an EMN number whole and in part, a lokalplan's
  number, a year) find their sag or punkt first; no bilag page without a file exists or is a hit;
  "punkt 23" gives the punkt numbered 23 first; every hit shows type, kommune, udvalg and date.
- A synthetic archive of 1,000 punkter (Pagefind): a word not in the archive gives no hits (no
  prefix fallback to a name); a committee's name ranks its meetings above fællesnumre; a sag's
  excerpt reads cleanly; a journalnummer finds its sag whole and in part; every hit shows type,
  kommune, udvalg and date; on a phone the first hit is in view after the query; the query box is
  reached within three Tab presses.

Each site is built once per session; the synthetic one takes about a minute (``slow``).
"""
from __future__ import annotations

import json
import re
import shutil
import urllib.parse
from pathlib import Path

import pytest

from tests.conftest import SHARED, build_site, serve_directory
from tests.search.test_search import build_with
from referatarkiv.search import engines as search

pytestmark = [pytest.mark.browser]

AARHUS_PDF = SHARED / "corpus-pdf" / "aarhus"
DATE = re.compile(r"^\d{1,2}\. (januar|februar|marts|april|maj|juni|juli|august|september|oktober|november|december) \d{4}$")


# ------------------------------------------------------------------------------------------------
# sites

@pytest.fixture(scope="session")
def real_site(tmp_path_factory, shared_corpus):
    """../shared/corpus plus the Aarhus Byråd PDF, built with the repo's mkdocs.yml (Material)."""
    root = tmp_path_factory.mktemp("search-real")
    content = root / "content"
    shutil.copytree(shared_corpus, content)
    if AARHUS_PDF.is_dir():
        shutil.copytree(AARHUS_PDF, content / "aarhus")
    work = root / "work"
    work.mkdir()
    built = build_site(content, work)
    assert not (built.site / "pagefind").exists(), "the real corpus is below the Pagefind threshold"
    server, stop = serve_directory(built.site)
    yield built, server
    stop()


@pytest.fixture(scope="session")
def synth_site(tmp_path_factory):
    """A synthetic archive of 1,000 punkter, built with Pagefind."""
    if search.pagefind_binary() is None:
        pytest.skip("pagefind binary missing (pip install 'pagefind[bin]')")
    from referatarkiv.dev.synth import generate_archive

    root = tmp_path_factory.mktemp("search-synth")
    generate_archive(root / "content", 1000, seed=1)
    (root / "work").mkdir()
    build, site = build_with(root / "content", root / "work", "pagefind")
    server, stop = serve_directory(site)
    yield build, site, server
    stop()


# ------------------------------------------------------------------------------------------------
# Material (real corpus)

def material_results(page, server, query: str) -> list[dict]:
    """Type ``query`` into Material's search box at once and return the result groups shown:
    [{"href", "title", "tags"}], best first."""
    page.goto(server.url)
    box = page.locator("input.md-search__input")
    box.click()
    page.wait_for_function("() => !/Initialis/i.test(document.querySelector('.md-search-result__meta').textContent)")
    box.fill(query)
    box.press("End")  # Material searches on keyup: one query, the whole text
    page.wait_for_function(
        "q => { const m = document.querySelector('.md-search-result__meta');"
        " return document.querySelector('input.md-search__input').value === q && m &&"
        " /resultat|Ingen/i.test(m.textContent); }", arg=query)
    page.wait_for_timeout(300)  # the result list is filled right after the count
    return page.locator("li.md-search-result__item").evaluate_all(
        "els => els.map(e => ({href: e.querySelector('a').getAttribute('href'),"
        " title: e.querySelector('h1').textContent.trim(),"
        " tags: Array.from(e.querySelector('article').querySelectorAll(':scope > .md-tags .md-tag')).map(t => t.textContent)}))")


def _path(href: str) -> str:
    return urllib.parse.urlsplit(href).path.split("/referatarkiv/", 1)[-1]


@pytest.mark.parametrize("query,first", [
    ("00.01.00-P05-2-20", "frederiksberg/sager/00-01-00-p05-2-20/"),  # the home page's own example
    ("20/13750", "taarnby/sager/20-13750/"),
    ("13750", "taarnby/sager/20-13750/"),
    ("EMN-2025-003383", "aarhus/sager/emn-2025-003383/"),
    ("2025-003383", "aarhus/sager/emn-2025-003383/"),
    ("1221", "aarhus/aarhus-byraad/2025-08-27/punkt-10/"),  # "Lokalplan 1221"
])
def test_material_numbers_find_their_sag_first(real_site, page, query, first):
    built, server = real_site
    if first.startswith("aarhus/") and not (built.site / first).is_dir():
        pytest.skip("the Aarhus PDF is not in ../shared")
    results = material_results(page, server, query)
    assert results, f"no result for {query!r}"
    assert _path(results[0]["href"]) == first, [r["href"] for r in results[:5]]
    if "/sager/" in first:  # then the sag's own punkter, before anything else
        sag = json.loads((built.site / "data" / "archive.json").read_text(encoding="utf-8"))
        case = next(c for c in sag["cases"] if c["url"] == first)
        punkter = {it if isinstance(it, str) else it["url"] for it in case["items"]}
        shown = [_path(r["href"]) for r in results[1:1 + len(punkter)]]
        assert set(shown) == punkter, shown


def test_material_finds_a_year(real_site, page):
    built, server = real_site
    if not (built.site / "aarhus").is_dir():
        pytest.skip("the Aarhus PDF is not in ../shared")
    results = material_results(page, server, "2024")
    assert results and "/punkt-" in results[0]["href"], results[:3]


def test_no_bilag_page_without_a_file(real_site, page):
    built, server = real_site
    stubs = [p for p in built.site.rglob("index.html")
             if "Filen til bilaget ligger ikke i arkivet" in p.read_text(encoding="utf-8")]
    assert stubs == [], stubs[:3]
    # The bilag are listed, with their titles, on their punkt's page, where links to them land.
    punkt = built.site / "frederiksberg/arbejdsmarkeds-og-uddannelsesudvalget/2020-03-02/punkt-25/index.html"
    html = punkt.read_text(encoding="utf-8")
    assert 'id="bilag-2-bevillingsskema-kunstig-intelligens"' in html and "Bevillingsskema (Kunstig intelligens)" in html
    meeting = (punkt.parent.parent / "index.html").read_text(encoding="utf-8")
    assert 'href="punkt-25/#bilag-2-bevillingsskema-kunstig-intelligens"' in meeting
    for query in ("førtidspension", "kunstig intelligens", "Havnens Perle", "Aarhus Byråd",
                  "Arbejdsmarkeds- og Uddannelsesudvalget"):
        results = material_results(page, server, query)
        assert results, query
        assert not any("/bilag/" in r["href"] for r in results), (query, [r["href"] for r in results[:5]])


def test_material_punkt_23_first(real_site, page):
    _, server = real_site
    results = material_results(page, server, "punkt 23")
    assert results[0]["title"].startswith("Punkt 23:"), [r["title"] for r in results[:5]]


def test_material_hits_show_type_kommune_udvalg_date(real_site, page, artifacts):
    _, server = real_site
    results = material_results(page, server, "førtidspension")
    page.screenshot(path=str(artifacts / "search-material-facts.png"))
    pages = [r for r in results if re.search(r"/(punkt-\d+|sager/[^/]+|\d{4}-\d\d-\d\d)/", r["href"])]
    assert len(pages) >= 3
    for r in pages:
        assert len(r["tags"]) == 4, r
        kind, kommune, udvalg, date = r["tags"]
        assert kind in ("Møde", "Punkt", "Sag", "Bilag") and kommune and udvalg, r
        assert DATE.match(date), r


def _tabs_to(page, selector: str, limit: int = 3) -> int | None:
    """How many Tab presses from the top of the page reach ``selector`` (0: it has the focus)."""
    for presses in range(limit + 1):
        if page.evaluate("s => !!document.activeElement && document.activeElement.matches(s)", selector):
            return presses
        page.keyboard.press("Tab")
    return None


def test_material_query_box_within_three_tabs(real_site, browser):
    _, server = real_site
    for scheme in ("light", "dark"):  # the colour toggle moved behind the search box still works
        context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="da-DK", color_scheme=scheme)
        try:
            page = context.new_page()
            page.goto(server.url)
            assert _tabs_to(page, "input.md-search__input") is not None, "not within three Tab presses"
            expected = "slate" if scheme == "dark" else "default"
            assert page.evaluate("() => document.body.getAttribute('data-md-color-scheme')") == expected
            assert page.locator("header [data-md-component=palette] input").count() == 2
        finally:
            context.close()


# ------------------------------------------------------------------------------------------------
# Pagefind (1,000 punkter)

RESULT = ".ra-search__result"


def pagefind_results(page, server, query: str, extra: str = "") -> list[dict]:
    page.goto(server.url + "soeg/?q=" + urllib.parse.quote(query) + extra)
    page.wait_for_function("() => /\\d+ resultat|Ingen resultater/.test("
                           "document.querySelector('.ra-search__status').textContent)", timeout=30_000)
    return page.locator(RESULT).evaluate_all(
        "els => els.map(e => ({href: (e.querySelector('a') || {getAttribute: () => ''}).getAttribute('href'),"
        " title: e.querySelector('.ra-search__result-title').textContent.trim(),"
        " type: (e.querySelector('.ra-search__result-type') || {}).textContent || '',"
        " facts: Array.from(e.querySelectorAll('.ra-search__result-fact')).map(f => f.textContent),"
        " excerpt: (e.querySelector('.ra-search__result-excerpt') || {}).textContent || ''}))")


def test_pagefind_word_not_in_archive_gives_no_hits(synth_site, page):
    _, site, server = synth_site
    assert not any("handicap" in p.read_text(encoding="utf-8").lower() for p in site.rglob("index.html"))
    assert pagefind_results(page, server, "handicap") == []
    assert "Ingen resultater" in page.locator(".ra-search__status").inner_text()
    assert pagefind_results(page, server, "plejeboliger")  # a real word still finds


def test_pagefind_committee_above_faellesnumre(synth_site, page):
    _, _, server = synth_site
    results = pagefind_results(page, server, "Økonomiudvalget")
    titles = [r["title"] for r in results[:5]]
    assert not any(t.startswith("Fællesnummer") for t in titles), titles
    assert titles[0].startswith("Økonomiudvalget,"), titles


def test_pagefind_sag_excerpt_reads_cleanly(synth_site, page):
    _, _, server = synth_site
    results = pagefind_results(page, server, "Økonomiudvalget", "&type=sag")
    assert results and all(r["type"] == "Sag" for r in results)
    for r in results:
        assert not re.search(r"·\s*,", r["excerpt"]), r["excerpt"]


def _multi_punkt_sag(site: Path) -> dict:
    data = json.loads((site / "data" / "archive.json").read_text(encoding="utf-8"))
    cases = [c for c in data["cases"] if not c.get("catch_all") and len(c["items"]) > 1 and "/" in c["case_number"]]
    return sorted(cases, key=lambda c: c["case_number"])[0]


def test_pagefind_journalnummer_finds_its_sag(synth_site, page):
    _, site, server = synth_site
    case = _multi_punkt_sag(site)
    number = case["case_number"]  # "21/1234"
    for query in (number, number.split("/")[-1]):
        results = pagefind_results(page, server, query)
        assert results and _path(results[0]["href"]) == case["url"], (query, [r["title"] for r in results[:3]])


def test_pagefind_punkt_23_first(synth_site, page):
    _, _, server = synth_site
    results = pagefind_results(page, server, "punkt 23")
    assert all(r["title"].startswith("Punkt 23:") for r in results[:3]), [r["title"] for r in results[:5]]


def test_pagefind_hits_show_type_kommune_udvalg_date(synth_site, page):
    _, _, server = synth_site
    results = pagefind_results(page, server, "plejeboliger")
    assert len(results) >= 3
    for r in results:
        assert r["type"] in ("Møde", "Punkt", "Sag", "Bilag"), r
        facts = dict(f.split(": ", 1) for f in r["facts"])
        assert set(facts) == {"Dato", "Udvalg", "Kommune"}, r
        assert DATE.match(facts["Dato"]) and facts["Kommune"].endswith("Kommune"), r
        assert r["excerpt"], r


def test_pagefind_first_hit_in_view_on_a_phone(synth_site, browser, artifacts):
    _, _, server = synth_site
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="da-DK", is_mobile=True,
                                  has_touch=True, device_scale_factor=2)
    try:
        page = context.new_page()
        page.goto(server.url + "soeg/")
        page.locator("#ra-search-input").fill("plejeboliger")
        first = page.locator(RESULT).first
        first.wait_for(state="visible", timeout=30_000)
        page.screenshot(path=str(artifacts / "search-pagefind-phone-first-hit.png"))
        box = first.bounding_box()
        assert box["y"] >= 0 and box["y"] + min(box["height"], 80) <= 844, box  # its title and facts in view
        assert page.evaluate("() => window.scrollY") == 0
    finally:
        context.close()


def test_pagefind_query_box_within_three_tabs(synth_site, page):
    _, _, server = synth_site
    page.goto(server.url + "soeg/")
    assert _tabs_to(page, "#ra-search-input") is not None, "not within three Tab presses"
    page.goto(server.url)  # elsewhere, the header's search link is the third stop
    assert _tabs_to(page, "header a.ra-search-link") is not None
