"""The same site from both engines: MkDocs + Material (the plugin) and Zensical (generate, zensical
build, finish). Both get the same content and Pagefind, and must give the same pages with the same
titles, badges, timelines, links, styles and search results (README "Engines").

Built once per module for the sample content/ and, when ../shared is beside the repo, for the real
corpus. What is compared is read off the HTML of every page; what only a browser shows (styles
applied, search results) is checked in Chromium on one page of each type and a few queries.
"""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin

import pytest

from tests.conftest import CONTENT, SHARED, run, serve_directory, write_config
from tests.linkcheck import check_site

pytest.importorskip("zensical", reason="Zensical is the [zensical] extra: pip install -e '.[zensical]'")

ENGINES = ("mkdocs", "zensical")
EXTRA_CSS = ("assets/stylesheets/referatarkiv.css", "assets/stylesheets/timeline.css",
             "assets/stylesheets/publish.css")
# Files only one engine writes, by design: each theme's own bundle (hashed names), Material's lunr
# languages (its search is off, the files are copied anyway), Zensical's search.json (its search is
# off, the file is written anyway) and MkDocs' gzipped sitemap.
# The footer's "Made with …" credit names each engine's own site.
CREDITS = ("https://squidfunk.github.io/mkdocs-material/", "https://zensical.org/")
ENGINE_OWN = re.compile(r"^assets/(javascripts|stylesheets)/(bundle\.|lunr/|workers/search\.|classic/|modern/|"
                        r"main\.|palette\.|LICENSE)|^search\.json$|^sitemap\.xml\.gz$|^pagefind/")


def build(engine: str, content: Path, work: Path) -> Path:
    """``referatarkiv build --site --engine <engine>`` of ``content`` with Pagefind as the search."""
    config = write_config(work)
    site = work / f"site-{engine}"
    env = dict(os.environ, REFERATARKIV_SEARCH="pagefind", NO_MKDOCS_2_WARNING="1")
    env.pop("REFERATARKIV_CONTENT", None)
    run([sys.executable, "-m", "referatarkiv.cli", "build", "--site", "--strict", "--engine", engine,
         "--config", str(config), "--content", str(content), "--site-dir", str(site)], env=env, cwd=work)
    return site


class Facts(HTMLParser):
    """What a page shows, as far as both engines must agree: its title, headings, the article's
    links, badges, timelines and their steps, the "data as of" line, the search link and styles."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.title = ""
        self.h1: list[str] = []
        self.links: list[str] = []
        self.badges: Counter = Counter()
        self.timelines = 0
        self.steps = 0
        self.charts = 0
        self.asof = 0
        self.search_link = 0
        self.css: list[str] = []
        self.body = 0
        self._in: str | None = None
        self._article_depth = 0
        self._depth = 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        cls = (a.get("class") or "").split()
        if tag not in ("br", "img", "input", "link", "meta", "hr", "source", "wbr"):
            self._depth += 1
        if tag == "article":
            self._article_depth = self._depth
        if tag == "title":
            self._in = "title"
        elif tag == "h1":
            self._in = "h1"
            self.h1.append("")
        if tag == "a" and self._article_depth and a.get("href") and "headerlink" not in cls \
                and a["href"] not in CREDITS:
            self.links.append(a["href"])
        if tag == "link" and a.get("rel") == "stylesheet" and "assets/stylesheets/" in (a.get("href") or ""):
            self.css.append(a["href"].rsplit("assets/", 1)[1])
        for c in cls:
            if c.startswith("ra-badge--") and "ra-badge" in cls:
                self.badges[c] += 1
        self.timelines += "ra-timeline" in cls
        self.steps += "ra-timeline__step" in cls
        self.charts += "ra-chart" in cls
        self.asof += "ra-asof" in cls
        self.search_link += "ra-search-link" in cls
        self.body += "data-pagefind-body" in a

    def handle_endtag(self, tag):
        if tag in ("title", "h1"):
            self._in = None
        if tag == "article" and self._depth == self._article_depth:
            self._article_depth = 0
        self._depth -= 1

    def handle_data(self, data):
        if self._in == "title":
            self.title += data
        elif self._in == "h1":
            self.h1[-1] += data

    def summary(self) -> dict:
        return {"title": " ".join(self.title.split()), "h1": [" ".join(h.split()) for h in self.h1],
                "links": self.links, "badges": dict(self.badges), "timelines": self.timelines,
                "steps": self.steps, "charts": self.charts, "asof": self.asof,
                "search_link": self.search_link, "pagefind_body": self.body,
                "css": sorted(c for c in self.css if not ENGINE_OWN.match("assets/" + c))}


def page_facts(site: Path) -> dict[str, dict]:
    out = {}
    for f in sorted(site.rglob("*.html")):
        rel = f.relative_to(site).as_posix()
        if ENGINE_OWN.match(rel) or rel == "404.html":
            continue
        parser = Facts()
        parser.feed(f.read_text(encoding="utf-8"))
        facts = parser.summary()
        # "./#bilag-1" (MkDocs) and "#bilag-1" (Zensical) are the same link: compare targets
        base = "http://site/" + rel.removesuffix("index.html")
        facts["links"] = [urljoin(base, href) for href in facts["links"]]
        out[rel] = facts
    return out


def site_files(site: Path) -> set[str]:
    return {p.relative_to(site).as_posix() for p in site.rglob("*")
            if p.is_file() and not ENGINE_OWN.match(p.relative_to(site).as_posix())}


def compare(sites: dict[str, Path]) -> None:
    mk, zs = sites["mkdocs"], sites["zensical"]
    assert site_files(mk) == site_files(zs), (
        f"only MkDocs: {sorted(site_files(mk) - site_files(zs))[:20]}; "
        f"only Zensical: {sorted(site_files(zs) - site_files(mk))[:20]}")
    a, b = page_facts(mk), page_facts(zs)
    differ = {rel: {k: (a[rel][k], b[rel][k]) for k in a[rel] if a[rel][k] != b[rel][k]}
              for rel in a if a[rel] != b[rel]}
    assert not differ, f"{len(differ)} pages differ, e.g. {dict(list(differ.items())[:3])}"
    pages = list(b.values())
    # Not only the same: present. A page type that lost its badges, timeline, styles or search
    # would lose it in both counts only if both engines lost it.
    assert all({c.removeprefix("assets/") for c in EXTRA_CSS} <= set(p["css"]) for p in pages)
    assert all((zs / c).is_file() for c in EXTRA_CSS)
    assert all(p["search_link"] == 1 for p in pages)
    assert sum(p["timelines"] for p in pages) and sum(p["steps"] for p in pages)
    assert sum(sum(p["badges"].values()) for p in pages) and sum(p["charts"] for p in pages)
    assert sum(p["pagefind_body"] for p in pages) and sum(p["asof"] for p in pages)
    assert (zs / "pagefind" / "pagefind.js").is_file()
    assert check_site(zs) == []


@pytest.fixture(scope="module")
def sample_sites(tmp_path_factory) -> dict[str, Path]:
    work = tmp_path_factory.mktemp("engines")
    return {e: build(e, CONTENT, work) for e in ENGINES}


@pytest.mark.slow
def test_both_engines_build_the_sample_archive_into_the_same_site(sample_sites):
    compare(sample_sites)


CORPUS_QUERIES = ("budget", "borgmester", "beskæftigelse", "taget til efterretning")


@pytest.mark.slow
@pytest.mark.corpus
@pytest.mark.browser
def test_both_engines_build_the_real_corpus_into_the_same_site(tmp_path, browser, artifacts):
    corpus = SHARED / "corpus"
    if not corpus.is_dir():
        pytest.skip(f"real corpus not found at {corpus} (../shared is not beside the repo)")
    sites = {e: build(e, corpus, tmp_path) for e in ENGINES}
    compare(sites)
    site = sites["zensical"]
    punkt = next(p for p in sorted(site.glob("*/*/*/punkt-*/index.html"))
                 if "ra-badge--" in p.read_text(encoding="utf-8")).parent
    urls = {"forside": "", "punkt": punkt.relative_to(site).as_posix() + "/",
            "udvalg": punkt.parent.parent.relative_to(site).as_posix() + "/"}
    assert_same_in_browser(look_and_search(sites, urls, CORPUS_QUERIES, browser), CORPUS_QUERIES, artifacts, "corpus")


def test_finish_indexes_a_built_site_again_to_the_same_bytes(sample_sites, tmp_path):
    """``referatarkiv finish`` is the post-build step any engine's site gets: run again on the
    Zensical site, it writes the same Pagefind bundle (byte-stable), and it refuses a folder that
    is not a built site, naming it."""
    site = sample_sites["zensical"]
    bundle = {p.relative_to(site).as_posix(): p.read_bytes() for p in (site / "pagefind").rglob("*") if p.is_file()}
    env = dict(os.environ)
    run([sys.executable, "-m", "referatarkiv.cli", "finish", "--site-dir", str(site)], env=env, cwd=tmp_path)
    assert {p.relative_to(site).as_posix(): p.read_bytes() for p in (site / "pagefind").rglob("*")
            if p.is_file()} == bundle
    proc = subprocess.run([sys.executable, "-m", "referatarkiv.cli", "finish", "--site-dir", str(tmp_path)],
                          capture_output=True, text=True, cwd=tmp_path)
    assert proc.returncode == 2 and str(tmp_path) in proc.stderr


def test_the_zensical_config_inherits_mkdocs_yml_and_adds_what_the_plugin_sets(tmp_path):
    from referatarkiv.build.sitebuild import zensical_config

    nav = [{"Forside": "index.md"}, {"Havbjerg &amp; Co": ["havbjerg/index.md"]}]
    data = json.loads(zensical_config(tmp_path / "mkdocs.yml", tmp_path / "build", tmp_path / "out" / "site",
                                      nav, "pagefind"))
    assert data == {"INHERIT": "mkdocs.yml", "docs_dir": "build", "site_dir": "out/site", "nav": nav,
                    "extra": {"referatarkiv_search": "pagefind"}, "plugins": [{"search": {"enabled": False}}]}


# -- in the browser ------------------------------------------------------------------------------

# One page of each type in the sample archive, as a site-relative URL.
PAGE_TYPES = {
    "forside": "",
    "kommune": "havbjerg/",
    "udvalg": "havbjerg/beskaeftigelses-og-uddannelsesudvalget/",
    "møde": "havbjerg/beskaeftigelses-og-uddannelsesudvalget/2020-03-02/",
    "punkt": "havbjerg/beskaeftigelses-og-uddannelsesudvalget/2020-03-02/punkt-18/",
    "søgning": "soeg/",
}
QUERIES = ("ungehus", "budget", "21404", "20/21404", "punkt 23", "skole")

STYLE_JS = r"""() => {
  const pick = (sel, props) => {
    const e = document.querySelector(sel);
    if (!e) return null;
    const s = getComputedStyle(e);
    return props.map(p => s.getPropertyValue(p)).join(' | ');
  };
  return {
    header: pick('.md-header', ['background-color', 'color', 'height']),
    search_link: pick('.ra-search-link', ['display']),
    badge: pick('.ra-badge', ['background-color', 'color', 'border-radius', 'display']),
    timeline: pick('.ra-timeline', ['list-style-type', 'display', 'padding-left']),
    step: pick('.ra-timeline__step', ['position', 'padding-left']),
    asof: pick('.ra-asof', ['font-size', 'color']),
    text: pick('.md-content__inner', ['font-family', 'font-size', 'line-height']),
    tab: (() => { const f = [...document.querySelectorAll('a[href], button, input, select, [tabindex]')]
                   .filter(e => e.offsetParent !== null && e.tabIndex >= 0); return f.slice(0, 3).map(e => e.className).join(' ; '); })(),
  };
}"""


def _sample_page_urls(site: Path) -> dict[str, str]:
    urls = dict(PAGE_TYPES)
    sag = next(p for p in sorted(site.glob("*/sager/*/index.html")))
    urls["sag"] = sag.parent.relative_to(site).as_posix() + "/"
    return urls


def _results(page, url: str, query: str) -> list[str]:
    page.goto(f"{url}soeg/?q={query}")
    # finished: the status says how many results (or none), and the list holds them
    page.wait_for_function("() => /\\d+ resultat|Ingen resultater/.test("
                           "document.querySelector('.ra-search__status').textContent)")
    return page.eval_on_selector_all(".ra-search__list a", "els => els.map(a => a.getAttribute('href'))")[:10]


def look_and_search(sites: dict[str, Path], urls: dict[str, str], queries: tuple[str, ...], browser,
                    shots: Path | None = None) -> dict[str, dict]:
    """Each engine's site in Chromium: the computed styles on one page of each type and the first
    ten results of each query on the search page; fails on any script error."""
    seen: dict[str, dict] = {}
    for engine, site in sites.items():
        server, stop = serve_directory(site)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        try:
            seen[engine] = {}
            for kind, rel in urls.items():
                page.goto(server.url + rel)
                page.wait_for_load_state("networkidle")
                seen[engine][kind] = page.evaluate(STYLE_JS)
                if shots is not None and kind in ("punkt", "udvalg"):
                    page.screenshot(path=str(shots / f"engine-{engine}-{kind}.png"), full_page=False)
            for q in queries:
                seen[engine][f"søg {q}"] = _results(page, server.url, q)
        finally:
            page.close()
            stop()
        assert errors == [], (engine, errors)
    return seen


def assert_same_in_browser(seen: dict[str, dict], queries: tuple[str, ...], artifacts: Path, name: str) -> None:
    mk, zs = seen["mkdocs"], seen["zensical"]
    differ = {k: {p: (mk[k][p], v[p]) for p in v if mk[k][p] != v[p]} if isinstance(v, dict) else (mk[k], v)
              for k, v in zs.items() if v != mk[k]}
    (artifacts / f"engines-differ-{name}.json").write_text(json.dumps(differ, ensure_ascii=False, indent=1),
                                                          encoding="utf-8")
    assert not differ, differ
    assert zs["punkt"]["badge"], "the punkt page shows no outcome badge"
    assert zs["punkt"]["badge"].split(" | ")[0] not in ("rgba(0, 0, 0, 0)", "transparent")  # styled
    assert all(zs[f"søg {q}"] for q in queries), {q: zs[f"søg {q}"] for q in queries}


@pytest.mark.slow
@pytest.mark.browser
def test_both_engines_look_and_search_the_same_in_chromium(sample_sites, browser, artifacts):
    seen = look_and_search(sample_sites, _sample_page_urls(sample_sites["zensical"]), QUERIES, browser, artifacts)
    assert_same_in_browser(seen, QUERIES, artifacts, "sample")
    z = seen["zensical"]
    assert z["punkt"]["timeline"] and z["udvalg"]["timeline"]
    assert z["punkt"]["timeline"].startswith("none")  # the timeline's own markers, not list numbers
