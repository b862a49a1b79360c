"""Site search with both engines, in headless Chromium under /referatarkiv/ (as on GitHub Pages).

- Material (the sample content/ is small, so ``search: auto`` picks it): an inflected Danish form
  ("buskortene") finds the punkt that only uses the base form ("buskort"); clicking opens it.
- Pagefind (the same content built with ``search: pagefind``): the same query on /soeg/, reached
  from the header link; facets narrow the results; sorting by date; clicking opens the item.
- Both: closed bilag are never indexed. Plus the engine choice, weights and a hostile committee
  name that must stay text in Pagefind's filter list.

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

from conftest import CONTENT, run, serve_directory, write_config
from referatarkiv import search

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


def closed_bilag(build: Path) -> list[str]:
    """Site paths ("havbjerg/…/bilag/…/") of closed bilag, from their front matter."""
    out = []
    for md in build.rglob("index.md"):
        fm = _front_matter(md)
        if (fm.get("search") or {}).get("exclude"):
            assert (fm.get("facts") or {}).get("type") == "bilag", md
            out.append(md.parent.relative_to(build).as_posix() + "/")
    return sorted(out)


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


def test_closed_bilag_are_not_in_materials_index(material_site):
    build, site, _ = material_site
    closed = closed_bilag(build)
    assert closed, "the sample content has closed bilag"
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    locations = {d["location"].split("#")[0] for d in index["docs"]}
    assert not locations & set(closed)
    assert any("/bilag/" in loc for loc in locations)  # open bilag are there


def test_closed_bilag_are_not_in_pagefinds_index(pagefind_site):
    build, site, _ = pagefind_site
    closed = closed_bilag(build)
    assert closed
    urls = set()
    for f in (site / "pagefind" / "fragment").iterdir():
        data = gzip.decompress(f.read_bytes()).decode("utf-8")
        urls.add(json.loads(data[data.index("{"):])["url"])
    assert urls and not {"/" + c for c in closed} & urls
    assert any("/bilag/" in u for u in urls)
    for c in closed:
        html = (site / c / "index.html").read_text(encoding="utf-8")
        assert "data-pagefind-body" not in html and 'data-pagefind-ignore="all"' in html
    assert not (site / "search" / "search_index.json").exists()  # Material's search is off


# ------------------------------------------------------------------------------------------------
# in the browser

def _watch(page) -> list[str]:
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(f"pageerror: {e}"))
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


def _pagefind_search(page, server, query: str):
    page.goto(server.url)
    link = page.locator("header a.ra-search-link")
    assert link.is_visible()
    assert page.locator("input.md-search__input").count() == 0  # Material's box is gone
    with page.expect_navigation():
        link.click()
    assert page.url.startswith(server.url + "soeg/")
    page.fill(".pagefind-ui__search-input", query)
    page.locator(".pagefind-ui__result-link").first.wait_for(state="visible")


def _result_count(page) -> int:
    text = page.locator(".pagefind-ui__message").inner_text()
    m = re.search(r"(\d+)", text)
    assert m, text
    return int(m.group(1))


@pytest.mark.browser
def test_pagefind_finds_the_base_form_and_opens_the_item(pagefind_site, page, artifacts):
    _, _, server = pagefind_site
    errors = _watch(page)
    _pagefind_search(page, server, QUERY)
    first = page.locator(".pagefind-ui__result").first
    title = first.locator(".pagefind-ui__result-link")
    assert title.inner_text().strip() == ITEM_TITLE  # the item itself ranks first
    assert title.get_attribute("href") == ITEM_PATH
    tags = first.locator(".pagefind-ui__result-tag").all_inner_texts()
    assert "Dato: 2. marts 2020" in tags and "Udvalg: Beskæftigelses- og Uddannelsesudvalget" in tags
    assert "¶" not in first.inner_text() and "›" not in first.inner_text()  # permalinks, crumbs not indexed
    page.screenshot(path=str(artifacts / "search-pagefind.png"), full_page=True)
    with page.expect_navigation():
        title.click()
    assert page.url.endswith(ITEM_PATH)
    assert page.locator("article h1").first.inner_text().replace("¶", "").strip() == ITEM_TITLE
    assert errors == []


@pytest.mark.browser
def test_pagefind_facets_narrow_the_results(pagefind_site, page):
    _, _, server = pagefind_site
    _pagefind_search(page, server, "sygedagpenge")
    before = _result_count(page)
    hrefs = page.locator(".pagefind-ui__result-link")
    page.get_by_label(re.compile(r"^Lindved Kommune")).check()
    page.wait_for_function("n => { const m = document.querySelector('.pagefind-ui__message');"
                           " return m && !m.textContent.includes(String(n)); }", arg=before)
    lindved = _result_count(page)
    assert 0 < lindved < before
    page.locator(".pagefind-ui__result-link").first.wait_for(state="visible")
    assert all(h.startswith("/referatarkiv/lindved/") for h in hrefs.evaluate_all("els => els.map(e => e.getAttribute('href'))"))
    page.get_by_label(re.compile(r"^punkt \(")).check()
    page.wait_for_function("n => { const m = document.querySelector('.pagefind-ui__message');"
                           " return m && !m.textContent.includes(String(n)); }", arg=lindved)
    assert 0 < _result_count(page) < lindved
    page.locator(".pagefind-ui__result-link").first.wait_for(state="visible")
    for h in hrefs.evaluate_all("els => els.map(e => e.getAttribute('href'))"):
        assert h.startswith("/referatarkiv/lindved/") and "/punkt-" in h, h


@pytest.mark.browser
def test_pagefind_sorts_by_date(pagefind_site, page):
    _, _, server = pagefind_site
    _pagefind_search(page, server, "sygedagpenge")
    page.select_option("#ra-search-sort", "dato:desc")
    page.wait_for_function("() => location.search.includes('sort=dato')")
    page.locator(".pagefind-ui__result-link").first.wait_for(state="visible")
    page.locator(".pagefind-ui__result-tag").first.wait_for(state="visible")
    dates = []
    for r in page.locator(".pagefind-ui__result").all()[:8]:
        href = r.locator(".pagefind-ui__result-link").get_attribute("href")
        m = re.search(r"/(\d{4}-\d\d-\d\d)/", href)
        if m:
            dates.append(m.group(1))
    assert len(dates) >= 3 and dates == sorted(dates, reverse=True), dates
    assert page.locator(".pagefind-ui__search-input").input_value() == "sygedagpenge"  # query kept


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

Tekst om buskort <b>fed</b>.
"""


@pytest.mark.browser
def test_pagefind_shows_hostile_names_as_text(tmp_path, page):
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
        page.locator(".pagefind-ui__result-link").first.wait_for(state="visible")
        page.locator("summary", has_text="Udvalg").first.click()
        label = page.locator(".pagefind-ui__filter-label", has_text="Udvalg").first
        label.wait_for(state="visible")
        assert "img" in label.inner_text()  # shown as text …
        assert page.locator(".ra-search img").count() == 0  # … not as an element
        assert [e for e in errors if e.startswith("dialog")] == []
    finally:
        stop()
