"""Site search with both engines, in headless Chromium under /referatarkiv/ (as on GitHub Pages).

- Material (the sample content/ is small, so ``search: auto`` picks it): an inflected Danish form
  ("buskortene") finds the punkt that only uses the base form ("buskort"); clicking opens it.
- Pagefind (the same content built with ``search: pagefind``): the same query on /soeg/ (our own UI on
  Pagefind's JS API), reached from the header link; facets narrow the results; sorting by date;
  clicking opens the item; keyboard only; phone width; the address keeps query and facets. Which
  files the browser fetches before the first result is checked by request, not by timing: no facet
  file and no date data until the reader asks for them.
- Both: closed bilag are never indexed; bilag without text and one-punkt sager are left out of
  Pagefind's index. Plus the engine choice, weights and hostile names and text that must stay text
  in the results and the facet lists.

Each site is built once per session (the sample content takes seconds).
"""
from __future__ import annotations

import gzip
import json
import os
import re
import sys
from pathlib import Path

import pytest
import yaml

from tests.conftest import CONTENT, run, serve_directory, write_config
from referatarkiv.search import engines as search

QUERY = "buskortene"  # the sample content only says "buskort"
ITEM_TITLE = "Punkt 17: Medlemsforslag om gratis buskort til unge i uddannelsesrettede forløb"
ITEM_PATH = "/referatarkiv/havbjerg/beskaeftigelses-og-uddannelsesudvalget/2020-03-02/punkt-17/"


# ------------------------------------------------------------------------------------------------
# fast checks (no build)

def test_auto_picks_by_number_of_items():
    t = search.PAGEFIND_FROM_ITEMS
    assert search.choose_engine("auto", t - 1, pagefind_ok=True) == "material"
    assert search.choose_engine("auto", t, pagefind_ok=True) == "pagefind"
    assert search.choose_engine("auto", t * 10, pagefind_ok=False) == "material"  # no binary: fall back
    assert search.choose_engine("material", t * 10, pagefind_ok=True) == "material"
    assert search.choose_engine("pagefind", 1, pagefind_ok=True) == "pagefind"
    with pytest.raises(RuntimeError):
        search.choose_engine("pagefind", 1, pagefind_ok=False)
    with pytest.raises(ValueError):
        search.choose_engine("lunr", 1)


def test_the_pagefind_binary_comes_with_the_wheel():
    assert search.pagefind_binary() is not None, "pip install 'pagefind[bin]' (a project dependency)"


def test_titles_and_decisions_weigh_more():
    html = ('<h1 id="x">Punkt 1: Titel</h1><p>tekst</p><div class="admonition beslutning">'
            '<p class="admonition-title">Beslutning</p></div><h1>Andet</h1>')
    out = search.mark_weights(html)
    assert out.count('data-pagefind-weight="10"') == 1 and out.startswith('<h1 data-pagefind-weight="10" id="x">')
    assert '<div class="admonition beslutning" data-pagefind-weight="5">' in out


def test_a_page_boosted_below_one_has_its_title_and_decisions_weighted_down_when_staged():
    page = ('<html><body><nav><h1>Menu</h1></nav><div data-pagefind-body><div data-pagefind-weight="0.25">'
            '<h1 id="x">Punkt 1: Godkendelse af dagsorden</h1><div class="admonition beslutning"></div>'
            '</div></div></body></html>')
    part = search.indexed_part(page)
    assert '<h1 data-pagefind-weight="2.5" id="x">' in part and "Menu" not in part
    assert '<div class="admonition beslutning" data-pagefind-weight="1.25">' in part


# ------------------------------------------------------------------------------------------------
# builds

def _front_matter(md: Path) -> dict:
    text = md.read_text(encoding="utf-8")
    return yaml.safe_load(text.split("---", 2)[1]) if text.startswith("---") else {}


def build_with(content: Path, workdir: Path, engine: str):
    """content/ → site with the referatarkiv plugin's ``search:`` set to ``engine``."""
    config = write_config(workdir)
    text = config.read_text(encoding="utf-8")
    text, n = re.subn(r"(?m)^(\s*)content:(.*)$", lambda m: f"{m[1]}content:{m[2]}\n{m[1]}search: {engine}", text)
    assert n == 1
    config.write_text(text, encoding="utf-8")
    env = dict(os.environ, REFERATARKIV_CONTENT=str(content), NO_MKDOCS_2_WARNING="1")
    run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-f", str(config), "-d", str(workdir / "site")],
        env=env, cwd=workdir)
    return workdir / "build", workdir / "site"


@pytest.fixture(scope="session")
def material_site(tmp_path_factory):
    build, site = build_with(CONTENT, tmp_path_factory.mktemp("search-material"), "auto")
    server, stop = serve_directory(site)
    yield build, site, server
    stop()


@pytest.fixture(scope="session")
def pagefind_site(tmp_path_factory):
    if search.pagefind_binary() is None:
        pytest.skip("pagefind binary missing (pip install 'pagefind[bin]')")
    build, site = build_with(CONTENT, tmp_path_factory.mktemp("search-pagefind"), "pagefind")
    server, stop = serve_directory(site)
    yield build, site, server
    stop()


def closed_bilag(site: Path) -> list[str]:
    """Where links to closed bilag go, from data/archive.json: a closed bilag has no file, so no page
    of its own; it is an entry ("…/punkt-3/#bilag-…") on its punkt's page (issue 18)."""
    data = json.loads((site / "data" / "archive.json").read_text(encoding="utf-8"))
    return sorted({a["url"] for m in data["meetings"] for it in m["items"] for a in it["attachments"] if a["closed"]})


def test_sample_is_small_enough_for_material(material_site):
    build, site, _ = material_site
    assert (site / "search" / "search_index.json").is_file()
    assert not (site / "pagefind").exists() and not (site / "soeg").exists()


def test_pages_carry_their_facts(material_site):
    build, _, _ = material_site
    fm = _front_matter(build / ITEM_PATH.removeprefix("/referatarkiv/") / "index.md")
    assert fm["facts"] == {"type": "punkt", "kommune": "Havbjerg Kommune",
                           "udvalg": ["Beskæftigelses- og Uddannelsesudvalget"], "year": [2020],
                           "date": "2020-03-02", "date_text": "2. marts 2020", "outcomes": ["Afvist"]}


def _entry_on_punkt_page(site: Path, url: str) -> None:
    page, _, anchor = url.partition("#")
    assert "/bilag/" not in page and anchor, url
    assert f'id="{anchor}"' in (site / page / "index.html").read_text(encoding="utf-8"), url


def test_closed_bilag_are_not_in_materials_index(material_site):
    build, site, _ = material_site
    closed = closed_bilag(site)
    assert closed, "the sample content has closed bilag"
    for url in closed:
        _entry_on_punkt_page(site, url)
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    locations = {d["location"].split("#")[0] for d in index["docs"]}
    assert not any("/bilag/" in loc and not (site / loc / "index.html").is_file() for loc in locations)
    assert not any("Bilaget er lukket" in d.get("text", "") for d in index["docs"])
    assert any("/bilag/" in loc for loc in locations)  # open bilag with a file are there


def test_closed_bilag_are_not_in_pagefinds_index(pagefind_site):
    build, site, _ = pagefind_site
    closed = closed_bilag(site)
    assert closed
    for url in closed:
        _entry_on_punkt_page(site, url)
    urls = set()
    for f in (site / "pagefind" / "fragment").iterdir():
        data = gzip.decompress(f.read_bytes()).decode("utf-8")
        urls.add(json.loads(data[data.index("{"):])["url"])
    assert any("/bilag/" in u for u in urls)
    assert not [p for p in site.rglob("bilag/*/index.html") if "Bilaget er lukket" in p.read_text(encoding="utf-8")]
    assert not (site / "search" / "search_index.json").exists()  # Material's search is off


def _pagefind_urls(site: Path) -> set[str]:
    urls = set()
    for f in (site / "pagefind" / "fragment").iterdir():
        data = gzip.decompress(f.read_bytes()).decode("utf-8")
        urls.add(json.loads(data[data.index("{"):])["url"])
    return urls


def test_pages_without_text_of_their_own_are_left_out_of_pagefind(pagefind_site):
    """Bilag without a file have no page (issue 18); bilag with a file but no text read from it and
    sager with a single punkt (search.pagefind: false) are left out of Pagefind; bilag with text and
    sager with a history are in."""
    build, site, _ = pagefind_site
    urls = _pagefind_urls(site)
    seen = {"bilag with text": 0, "sag of one punkt": 0, "sag of more": 0}
    for md in build.rglob("index.md"):
        rel = md.parent.relative_to(build).as_posix() + "/"
        text = md.read_text(encoding="utf-8")
        fm = _front_matter(md)
        if "/bilag/" in rel:
            assert "Hent bilaget" in text, rel  # a page only with a file to download
            has_text = "## Bilagets tekst" in text and "Teksten er læst automatisk" in text
            seen["bilag with text"] += has_text
            assert ("facts" in fm) == has_text, rel
            assert (("/" + rel) in urls) == has_text, rel
        m = re.search(r"(?m)^(\d+) punkt(?:er)? på \d+ møder?", text)
        if "/sager/" in rel and m:
            many = int(m.group(1)) > 1
            seen["sag of more" if many else "sag of one punkt"] += 1
            assert ((fm.get("search") or {}).get("pagefind") is not False) == many, rel
            assert (("/" + rel) in urls) == many, rel
    assert all(seen.values()), seen  # the sample has every kind


def test_the_date_is_a_filter_not_a_sort(pagefind_site):
    """A Pagefind sort sits in the file every visitor loads first; the date is a filter instead,
    fetched only when the search page orders by date."""
    _, site, _ = pagefind_site
    html = (site / ITEM_PATH.removeprefix("/referatarkiv/") / "index.html").read_text(encoding="utf-8")
    assert '<span data-pagefind-filter="dato">2020-03-02</span>' in html
    assert "data-pagefind-sort" not in html
    soeg = (site / "soeg" / "index.html").read_text(encoding="utf-8")
    assert "pagefind-ui" not in soeg and "referatarkiv-search.js" in soeg  # our UI, not Pagefind's


# ------------------------------------------------------------------------------------------------
# in the browser

def _watch(page) -> list[str]:
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(f"pageerror: {e}"))
    page.on("console", lambda m: m.type == "error" and errors.append(f"console: {m.text}"))
    page.on("dialog", lambda d: (errors.append(f"dialog: {d.message}"), d.dismiss()))
    # sitemap.xml: Material fetches one beside every <link rel=alternate> (feed links); that is the
    # navigation test's business, not search's.
    page.on("response", lambda r: r.status >= 400 and not r.url.endswith("/sitemap.xml")
            and errors.append(f"{r.status} {r.url}"))
    return errors


@pytest.mark.browser
def test_material_finds_the_base_form_and_opens_the_item(material_site, page):
    _, _, server = material_site
    errors = _watch(page)
    page.goto(server.url)
    page.click("input.md-search__input")
    page.keyboard.type(QUERY)  # Material searches on keyup
    first = page.locator("li.md-search-result__item").first
    first.wait_for(state="visible")
    assert "buskort" in first.inner_text().lower()
    link = page.locator("li.md-search-result__item a.md-search-result__link").first
    assert ITEM_PATH in link.get_attribute("href")
    with page.expect_navigation():
        link.click()
    assert ITEM_PATH in page.url
    assert page.locator("article h1").first.inner_text().replace("¶", "").strip() == ITEM_TITLE
    assert errors == []


RESULT = ".ra-search__result-link"
STATUS = ".ra-search__status"


def _pagefind_search(page, server, query: str):
    page.goto(server.url)
    link = page.locator("header a.ra-search-link")
    assert link.is_visible()
    assert page.locator("input.md-search__input").count() == 0  # Material's box is gone
    with page.expect_navigation():
        link.click()
    assert page.url.startswith(server.url + "soeg/")
    page.fill("#ra-search-input", query)
    page.locator(RESULT).first.wait_for(state="visible")


def _result_count(page) -> int:
    text = page.locator(STATUS).inner_text()
    m = re.search(r"(\d+) resultat", text)
    assert m, text
    return int(m.group(1))


def _wait_for_count_change(page, before: int) -> int:
    page.wait_for_function("n => { const m = document.querySelector('.ra-search__status');"
                           " return m && /\\d+ resultat/.test(m.textContent) && !m.textContent.startsWith(n + ' '); }",
                           arg=before)
    page.locator(RESULT).first.wait_for(state="visible")
    return _result_count(page)


def _hrefs(page) -> list[str]:
    return page.locator(RESULT).evaluate_all("els => els.map(e => e.getAttribute('href'))")


def _all_results(page) -> list[str]:
    """Every result's href, pressing "Vis flere resultater" until all are shown."""
    more = page.locator(".ra-search__more")
    while more.is_visible():
        n = page.locator(RESULT).count()
        more.click()
        page.wait_for_function("n => document.querySelectorAll('.ra-search__result-link').length > n", arg=n)
    page.wait_for_function("() => !document.querySelector('.ra-search__result--loading')")
    return _hrefs(page)


def _facet(page, summary: str):
    details = page.locator("details.ra-search__facet", has=page.locator("summary", has_text=summary))
    if not details.evaluate("d => d.open"):
        details.locator("summary").click()
    details.locator(".ra-search__value").first.wait_for(state="visible")
    return details


@pytest.mark.browser
def test_pagefind_finds_the_base_form_and_opens_the_item(pagefind_site, page, artifacts):
    _, _, server = pagefind_site
    errors = _watch(page)
    _pagefind_search(page, server, QUERY)
    first = page.locator(".ra-search__result").first
    title = first.locator(RESULT)
    assert title.inner_text().strip() == ITEM_TITLE  # the item itself ranks first
    assert title.get_attribute("href") == ITEM_PATH
    meta = " ".join(first.locator(".ra-search__result-meta").inner_text().split())
    assert "Punkt" in meta and "2. marts 2020" in meta and "Beskæftigelses- og Uddannelsesudvalget" in meta
    assert first.locator(".ra-search__result-excerpt mark").count() >= 1  # the hit is marked
    assert "¶" not in first.inner_text() and "›" not in first.inner_text()  # permalinks, crumbs not indexed
    page.screenshot(path=str(artifacts / "search-pagefind.png"), full_page=True)
    with page.expect_navigation():
        title.click()
    assert page.url.endswith(ITEM_PATH)
    assert page.locator("article h1").first.inner_text().replace("¶", "").strip() == ITEM_TITLE
    assert errors == []


@pytest.mark.browser
def test_pagefind_fetches_facets_and_dates_only_when_asked(pagefind_site, page):
    """Before the first result: Pagefind's code, page list, wasm, the query's word chunks and the
    shown results' fragments, and nothing else from the bundle: no facet file, no date data, no
    Pagefind UI, no web worker. Opening a facet group fetches that facet's file; ordering by date
    fetches the date file; each once."""
    _, _, server = pagefind_site
    errors = _watch(page)
    bundle = server.url + "pagefind/"
    requested: list[str] = []
    page.on("request", lambda r: r.url.startswith(bundle) and requested.append(r.url[len(bundle):].split("?")[0]))
    page.goto(server.url + "soeg/")
    page.fill("#ra-search-input", QUERY)
    page.locator(RESULT).first.wait_for(state="visible")
    kinds = sorted({re.sub(r"^(index|fragment|filter)/.*", r"\1/", u) for u in requested})
    assert kinds == sorted({"pagefind.js", "pagefind-entry.json", "wasm.da.pagefind", "index/", "fragment/"}
                           | {u for u in requested if u.endswith(".pf_meta")}), requested
    assert len([u for u in requested if u.endswith(".pf_meta")]) == 1
    assert len([u for u in requested if u.startswith("fragment/")]) <= 5  # the first page of results

    def filters() -> list[str]:
        return [u for u in requested if u.startswith("filter/")]

    _facet(page, "Kommune")
    assert len(filters()) == 1
    _facet(page, "Sidetype")
    assert len(filters()) == 2
    page.select_option("#ra-search-sort", "dato:desc")
    page.wait_for_function("() => location.search.includes('sort=dato')")
    page.locator(RESULT).first.wait_for(state="visible")
    page.wait_for_timeout(300)
    assert len(filters()) == 3 and len(set(filters())) == 3  # each file once
    page.select_option("#ra-search-sort", "")
    page.locator(RESULT).first.wait_for(state="visible")
    _facet(page, "Kommune").locator("summary").click()  # close and reopen: nothing new
    _facet(page, "Kommune")
    page.wait_for_timeout(300)
    assert len(filters()) == 3
    assert errors == []


@pytest.mark.browser
def test_pagefind_facets_narrow_the_results(pagefind_site, page):
    _, _, server = pagefind_site
    _pagefind_search(page, server, "sygedagpenge")
    before = _result_count(page)
    kommune = _facet(page, "Kommune")
    label = kommune.get_by_label(re.compile(r"^Lindved Kommune"))
    shown = int(re.search(r"\((\d+)\)", kommune.locator(".ra-search__value", has_text="Lindved").inner_text()).group(1))
    label.check()
    lindved = _wait_for_count_change(page, before)
    assert 0 < lindved < before and lindved == shown  # the count beside the value was right
    assert all(h.startswith("/referatarkiv/lindved/") for h in _all_results(page))
    assert "kommune=Lindved+Kommune" in page.url
    # Values of a ticked facet stay counted as alternatives.
    assert re.search(r"Havbjerg Kommune \([1-9]", " ".join(kommune.inner_text().split()))
    _facet(page, "Sidetype").get_by_label(re.compile(r"^Punkt")).check()
    punkter = _wait_for_count_change(page, lindved)
    assert 0 < punkter < lindved
    for h in _all_results(page):
        assert h.startswith("/referatarkiv/lindved/") and "/punkt-" in h, h
    # Both kommuner ticked: alternatives, so more results again.
    kommune.get_by_label(re.compile(r"^Havbjerg Kommune")).check()
    both = _wait_for_count_change(page, punkter)
    assert both > punkter


@pytest.mark.browser
def test_pagefind_address_restores_query_and_facets(pagefind_site, page):
    _, _, server = pagefind_site
    errors = _watch(page)
    page.goto(server.url + "soeg/?q=sygedagpenge&kommune=Lindved+Kommune&type=punkt")
    page.locator(RESULT).first.wait_for(state="visible")
    assert page.locator("#ra-search-input").input_value() == "sygedagpenge"
    kommune = page.locator("details.ra-search__facet[data-ra-param=kommune]")
    assert kommune.evaluate("d => d.open")
    kommune.get_by_label(re.compile(r"^Lindved Kommune")).wait_for()
    assert kommune.get_by_label(re.compile(r"^Lindved Kommune")).is_checked()
    for h in _all_results(page):
        assert h.startswith("/referatarkiv/lindved/") and "/punkt-" in h, h
    assert errors == []


@pytest.mark.browser
def test_pagefind_sorts_by_date(pagefind_site, page):
    _, _, server = pagefind_site
    _pagefind_search(page, server, "sygedagpenge")
    total = _result_count(page)
    for order, reverse in (("dato:desc", True), ("dato:asc", False)):
        page.select_option("#ra-search-sort", order)
        page.wait_for_function("o => location.search.includes('sort=' + encodeURIComponent(o))", arg=order)
        page.locator(RESULT).first.wait_for(state="visible")
        hrefs = _all_results(page)
        assert len(hrefs) == total == _result_count(page)  # the same results, reordered
        dates = [m.group(1) for h in hrefs if (m := re.search(r"/(\d{4}-\d\d-\d\d)/", h))]
        assert len(dates) >= 5 and dates == sorted(dates, reverse=reverse), dates
        shown = [" ".join(t.split()) for t in page.locator(".ra-search__result-meta").all_inner_texts()]
        assert all("20" in t for t in shown[:3]), shown  # each result shows its meeting date
    assert page.locator("#ra-search-input").input_value() == "sygedagpenge"  # query kept


@pytest.mark.browser
def test_pagefind_keyboard_only(pagefind_site, page):
    """Type, Enter, Tab to a facet group, open it and tick a value with the keyboard, Tab to a result
    and open it with Enter."""
    _, _, server = pagefind_site
    errors = _watch(page)
    page.goto(server.url + "soeg/")
    page.focus("#ra-search-input")
    page.keyboard.type("sygedagpenge")
    page.keyboard.press("Enter")
    page.locator(RESULT).first.wait_for(state="visible")
    before = _result_count(page)

    def tab_to(selector: str, limit: int = 40):
        for _ in range(limit):
            page.keyboard.press("Tab")
            if page.evaluate("s => document.activeElement && document.activeElement.matches(s)", selector):
                return
        raise AssertionError(f"Tab never reached {selector}")

    tab_to("#ra-search-sort")
    tab_to("details[data-ra-param=kommune] > summary")
    page.keyboard.press("Enter")
    page.locator("details[data-ra-param=kommune] .ra-search__value input").first.wait_for(state="visible")
    tab_to("details[data-ra-param=kommune] .ra-search__value input")
    page.keyboard.press("Space")
    after = _wait_for_count_change(page, before)
    assert after < before
    tab_to(RESULT, limit=80)
    href = page.evaluate("() => document.activeElement.getAttribute('href')")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith(href)
    assert errors == []


@pytest.mark.browser
def test_pagefind_on_a_phone(pagefind_site, browser, artifacts):
    _, _, server = pagefind_site
    context = browser.new_context(viewport={"width": 360, "height": 740}, device_scale_factor=2,
                                  is_mobile=True, has_touch=True, locale="da-DK")
    page = context.new_page()
    try:
        page.goto(server.url + "soeg/?q=sygedagpenge")
        page.locator(RESULT).first.wait_for(state="visible")
        _facet(page, "Kommune")
        page.wait_for_timeout(200)
        assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")
        box = page.locator("#ra-search-input").bounding_box()
        assert box["width"] > 250  # the query box spans the phone's width
        facets = page.locator(".ra-search__facets").bounding_box()
        results = page.locator(".ra-search__results").bounding_box()
        assert results["y"] >= facets["y"] + facets["height"] - 1  # stacked, not side by side
        page.screenshot(path=str(artifacts / "search-pagefind-phone.png"), full_page=True)
    finally:
        context.close()


HOSTILE_REFERAT = """---
committee: "Udvalg <img src=x onerror=alert(1)> & Co"
date: 2020-01-06
---
REFERAT Udvalg d. 06-01-2020

Punkt 1: Titel <img src=x onerror=alert(2)> buskort

20/1

Beslutning

Godkendt <img src=x onerror=alert(3)>.

Sagsfremstilling

Tekst om buskort og skadelig <script>alert(4)</script> og &lt;i&gt;kursiv&lt;/i&gt;.
"""


@pytest.mark.browser
def test_pagefind_shows_hostile_text_as_text(tmp_path, page):
    """Titles, excerpts, metadata and facet values come from referat text: shown literally, nothing runs."""
    if search.pagefind_binary() is None:
        pytest.skip("pagefind binary missing")
    content = tmp_path / "content"
    (content / "havbjerg").mkdir(parents=True)
    (content / "havbjerg" / "x.txt").write_text(HOSTILE_REFERAT, encoding="utf-8")
    (tmp_path / "work").mkdir()
    _, site = build_with(content, tmp_path / "work", "pagefind")
    server, stop = serve_directory(site)
    try:
        errors = _watch(page)
        page.goto(server.url + "soeg/?q=buskort")
        page.locator(RESULT).first.wait_for(state="visible")
        results = " ".join(page.locator(".ra-search__results").inner_text().split())
        assert "Titel <img src=x onerror=alert(2)> buskort" in results
        assert "Udvalg <img src=x onerror=alert(1)>" in results  # the udvalg shown with the result
        udvalg = _facet(page, "Udvalg")
        label = udvalg.locator(".ra-search__value").first
        assert "<img src=x onerror=alert(1)>" in label.inner_text()  # shown as text, as written …
        assert page.locator(".ra-search img, .ra-search script, .ra-search b, .ra-search i").count() == 0  # … not as elements
        assert page.locator(".ra-search mark").count() >= 1  # our own highlight elements only
        for q, literal in (("skadelig", "<script>alert(4)</script>"), ("kursiv", "&lt;i&gt;kursiv&lt;/i&gt;"),
                           ("onerror", "onerror=alert(3)")):
            page.fill("#ra-search-input", q)
            page.wait_for_function("q => document.querySelector('.ra-search__status').textContent.includes('»' + q + '«')", arg=q)
            page.wait_for_function("() => !document.querySelector('.ra-search__result--loading')")
            text = " ".join(page.locator(".ra-search__results").inner_text().split())
            assert literal in text, (q, text)
            assert page.locator(".ra-search img, .ra-search script, .ra-search b, .ra-search i").count() == 0
        assert [e for e in errors if e.startswith(("dialog", "pageerror"))] == []
    finally:
        stop()


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_pagefind_search_page_passes_axe(pagefind_site, browser, scheme):
    """axe-core (WCAG 2.1 A/AA) on /soeg/ with results, an open facet group and a ticked value."""
    pytest.importorskip("axe_playwright_python", reason="axe-playwright-python (test extra) not installed")
    from referatarkiv.dev import a11y

    _, _, server = pagefind_site
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="da-DK", color_scheme=scheme)
    try:
        page = context.new_page()
        page.goto(server.url + "soeg/?q=sygedagpenge&kommune=Lindved+Kommune")
        page.locator(RESULT).first.wait_for(state="visible")
        _facet(page, "Udfald")
        page.wait_for_function("() => !document.querySelector('.ra-search__result--loading')")
        page.evaluate(a11y.axe_script())
        res = page.evaluate("opts => axe.run(document, opts)", {"runOnly": {"type": "tag", "values": a11y.WCAG_TAGS},
                                                                 "resultTypes": ["violations"]})
        bad = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3]) for v in res["violations"]
               if v["impact"] in a11y.BLOCKING]
        assert bad == []
    finally:
        context.close()
