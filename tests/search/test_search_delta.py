"""Pagefind in incremental builds (referatarkiv.search.delta): a dirty build indexes only the pages
changed since the last full build into a second bundle, and the search page drops the main
bundle's old version of those pages.

One copy of the sample content goes through: a full build; an edit of one referat (a word
replaced) and ``mkdocs build --dirty``; a second dirty build with no change; the edit undone; a
full build again. In Chromium, the search page of the dirty build finds the new word on the
edited punkt and no longer finds the old one, and the facet counts are the full build's; the full
build has no second bundle at all.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import sys
from pathlib import Path

import pytest

from tests.conftest import CONTENT, run, serve_directory, write_config
from referatarkiv.search import delta as search_delta
from referatarkiv.search import engines as search

REFERAT = "havbjerg/beskaeftigelsesudvalget/2020-03-02-referat.txt"
PUNKT = "havbjerg/beskaeftigelses-og-uddannelsesudvalget/2020-03-02/punkt-17/index.html"
OLD, NEW = "investering", "solsikkeopgave"  # OLD is in that punkt only; NEW nowhere in content/
TITLE_OLD, TITLE_NEW = "Medlemsforslag om gratis buskort", "Medlemsforslag om gratis buskort og cykler"
NEIGHBOURS = ("punkt-16", "punkt-18")  # only their previous/next link shows punkt 17's title
EPOCHS = ("1700000000", "1700172800")  # the dirty builds run "two days later": new build stamps
RESULT = ".ra-search__result"


# ------------------------------------------------------------------------------------------------
# fast checks

def test_page_urls_are_pagefinds():
    assert search_delta.page_url("index.html") == "/"
    assert search_delta.page_url("a/b/index.html") == "/a/b/"
    assert search_delta.page_url("a/b.html") == "/a/b.html"


def test_the_overlay_keeps_only_pages_that_differ_from_the_main_bundle():
    state = search_delta.IndexState(base={"a.html": "1", "b.html": "2", "c.html": "3"})
    search_delta.update_overlay(state, {"a.html": "9", "b.html": None, "d.html": "4", "c.html": "3"})
    assert state.overlay == {"a.html": "9", "b.html": None, "d.html": "4"}
    search_delta.update_overlay(state, {"a.html": "1"})  # edited back: the main bundle is right again
    assert state.overlay == {"b.html": None, "d.html": "4"}


def test_the_indexed_part_starts_at_the_pagefind_body_with_its_title_weighted():
    html = '<html><head><title>x</title></head><body><nav>menu</nav><div data-pagefind-body><h1>T</h1></div></body></html>'
    part = search.indexed_part(html)
    assert part.endswith('<div data-pagefind-body><h1 data-pagefind-weight="10">T</h1></div></body></html>')
    assert "menu" not in part
    assert search.indexed_part("<html><body><p>liste</p></body></html>") is None
    timeline = ('<div data-pagefind-body><p>før</p><!--ra-noindex--><div class="ra-tl" data-pagefind-ignore>'
                '<ol><li>andet møde</li></ol></div><!--/ra-noindex--><p>efter</p></div>')
    assert search.indexed_part(timeline).endswith("<div data-pagefind-body><p>før</p><p>efter</p></div>")


# ------------------------------------------------------------------------------------------------
# one site through full, dirty and full builds

def _build(workdir: Path, content: Path, *, dirty: bool) -> Path:
    """``mkdocs build`` (``dirty``: ``--dirty``) with search: pagefind; dirty builds are dated later."""
    config = workdir / "mkdocs.yml"
    if not config.exists():
        config = write_config(workdir)
        text, n = re.subn(r"(?m)^(\s*)content:(.*)$", lambda m: f"{m[1]}content:{m[2]}\n{m[1]}search: pagefind",
                          config.read_text(encoding="utf-8"))
        assert n == 1
        config.write_text(text, encoding="utf-8")
    env = dict(os.environ, REFERATARKIV_CONTENT=str(content), NO_MKDOCS_2_WARNING="1",
               SOURCE_DATE_EPOCH=EPOCHS[dirty])
    run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-f", str(config), "-d", str(workdir / "site")]
        + (["--dirty"] if dirty else []), env=env, cwd=workdir)
    return workdir / "site"


def _manifest(site: Path) -> dict:
    return json.loads((site / search.DELTA_DIR / search_delta.MANIFEST).read_text(encoding="utf-8"))


def _delta_attr(site: Path) -> bool:
    return "data-ra-delta=" in (site / "soeg" / "index.html").read_text(encoding="utf-8")


def _facet_counts(page, server, query: str) -> dict[str, dict[str, str]]:
    """For ``query``: each facet's values with the count shown beside them (every group opened)."""
    page.goto(server.url + "soeg/?q=" + query)
    page.locator(RESULT).first.wait_for(state="visible")
    out = {}
    for details in page.locator(".ra-search__facet").all():
        details.locator("summary").click()
        details.locator(".ra-search__count").first.wait_for(state="visible")
        page.wait_for_timeout(200)
        out[details.get_attribute("data-ra-filter")] = {
            label.locator(".ra-search__value-name").inner_text(): label.locator(".ra-search__count").inner_text()
            for label in details.locator("label").all()}
    return out


def _results(page, server, query: str) -> list[tuple[str, str]]:
    """(link, text) of each result shown for ``query``."""
    page.goto(server.url + "soeg/?q=" + query)
    page.wait_for_function("() => /resultat|Ingen/.test(document.querySelector('.ra-search__status').textContent)")
    page.wait_for_timeout(200)
    return [(li.locator("a.ra-search__result-link").get_attribute("href"), li.inner_text())
            for li in page.locator(RESULT).all()]


@pytest.fixture(scope="module")
def workdir(tmp_path_factory):
    if search.pagefind_binary() is None:
        pytest.skip("pagefind binary missing (pip install 'pagefind[bin]')")
    root = tmp_path_factory.mktemp("search-delta")
    shutil.copytree(CONTENT, root / "content")
    return root


def test_a_dirty_build_indexes_only_the_changed_pages_and_hides_their_old_version(workdir, browser):
    content, referat = workdir / "content", workdir / "content" / REFERAT
    original = referat.read_text(encoding="utf-8")
    assert original.count(OLD) == 1 and NEW not in original

    site = _build(workdir, content, dirty=False)
    assert not (site / search.DELTA_DIR).exists() and not _delta_attr(site)
    # The punkt's timeline is marked for the staging to cut (it is data-pagefind-ignore anyway).
    html = (site / "lindved/job-og-velfaerdsudvalget/2021-01-19/punkt-3/index.html").read_text(encoding="utf-8")
    assert html.count("<!--ra-noindex-->") == 1 and "ra-tl" not in search.indexed_part(html)
    main_ids = search_delta.bundle_page_ids(site / search.BUNDLE_DIR)
    punkt_url = search_delta.page_url(PUNKT)
    assert punkt_url in main_ids
    main_before = {p.relative_to(site).as_posix(): p.read_bytes() for p in (site / search.BUNDLE_DIR).rglob("*")
                   if p.is_file()}
    server, stop = serve_directory(site)
    try:
        page = browser.new_page()
        counts_full = _facet_counts(page, server, "buskort")  # punkt 17 has it before and after the edit
        page.close()
    finally:
        stop()
    assert counts_full["Type"]
    # Staging pages as MkDocs renders them gives the bundle that reading the built site back gives.
    search.build_index(site)
    assert {p.relative_to(site).as_posix(): p.read_bytes() for p in (site / search.BUNDLE_DIR).rglob("*")
            if p.is_file()} == main_before

    referat.write_text(original.replace(OLD, NEW).replace(TITLE_OLD, TITLE_NEW), encoding="utf-8")
    site = _build(workdir, content, dirty=True)
    manifest = _manifest(site)
    delta_urls = set(search_delta.bundle_page_ids(site / search.DELTA_DIR))
    assert manifest["bundle"] is True and punkt_url in delta_urls
    assert main_ids[punkt_url] in manifest["stale"]
    assert manifest["stale"][main_ids[punkt_url]]["Type"] == ["punkt"]  # the old version's facets
    # No page is both replaced and in the second bundle (that would hide both copies). The
    # neighbours, whose only change is a link Pagefind skips, and the new build stamps, stay in the
    # main bundle.
    delta_ids = set(search_delta.bundle_page_ids(site / search.DELTA_DIR).values())
    assert not set(manifest["stale"]) & delta_ids
    for n in NEIGHBOURS:
        url = punkt_url.replace("punkt-17", n)
        assert url in main_ids and url not in delta_urls and main_ids[url] not in manifest["stale"]
    # Only pages of that one meeting changed; the main bundle is as the full build wrote it.
    assert all("/2020-03-02/" in u or "/sager/" in u for u in delta_urls), delta_urls
    assert {main_ids[u] for u in delta_urls if u in main_ids} == set(manifest["stale"])
    assert {p.relative_to(site).as_posix(): p.read_bytes() for p in (site / search.BUNDLE_DIR).rglob("*")
            if p.is_file()} == main_before
    assert _delta_attr(site)

    server, stop = serve_directory(site)
    try:
        page = browser.new_page()
        errors = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.on("console", lambda m: m.type == "error" and errors.append(m.text))
        found = _results(page, server, NEW)
        assert any(h.endswith("/punkt-17/") and NEW in text for h, text in found), found
        # The old version (the only page with OLD) is not shown. Pagefind may still list the new
        # version: a word it cannot find it looks up by ever shorter prefixes ("i").
        old = _results(page, server, OLD)
        assert not any(OLD in text for _, text in old), old
        # The old version is taken out of the facet counts too: they are the full build's.
        assert _facet_counts(page, server, "buskort") == counts_full
        # A second bundle that cannot load (as while a dirty build rewrites it) leaves the search
        # on the main bundle instead of waiting forever.
        entry = site / search.DELTA_DIR / "pagefind-entry.json"
        entry.rename(entry.with_suffix(".away"))
        try:
            assert any(h.endswith("/punkt-17/") for h, _ in _results(page, server, "buskort"))
        finally:
            entry.with_suffix(".away").rename(entry)
        errors = [e for e in errors if "404" not in e]  # the missing file's own console line
        assert errors == []
        page.close()
    finally:
        stop()

    # Nothing changed: the delta stays (it holds every change since the full build).
    site = _build(workdir, content, dirty=True)
    assert _manifest(site) == manifest and _delta_attr(site)

    # The edit undone: the main bundle is right again, so there is nothing to add or hide.
    referat.write_text(original, encoding="utf-8")
    site = _build(workdir, content, dirty=True)
    assert _manifest(site) == {"bundle": False, "stale": {}}
    assert not (site / search.DELTA_DIR / "pagefind.js").exists()

    site = _build(workdir, content, dirty=False)
    assert not (site / search.DELTA_DIR).exists() and not _delta_attr(site)
