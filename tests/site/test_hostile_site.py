"""A hostile referat, end to end: written into a temp content folder in the real plain-text format,
built by the generator + MkDocs --strict (with the referatarkiv plugin), served, and opened in
headless Chromium on every page type, in the search results and in every feed/export file.

Nothing from a referat may run (no dialog, no injected element), and every hostile string must be
visible as the literal text it was in the source ("{{ 7*7 }}" shown as such, never "49").
"""
from __future__ import annotations

import csv
import html
import io
import json
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest

from tests.conftest import serve_directory, write_config

# -- the hostile referat ---------------------------------------------------------------------------

KOMMUNE = "Havbjerg & Co <script>alert('kommune')</script> {{ 7*7 }}"
COMMITTEE = "Teknik & Miljø <script>alert(1)</script> {{ 7*7 }}"
LOCATION = "Rådhuset <img src=x onerror=alert(1)>"
TITLE1 = "Titel <script>alert(1)</script> <img src=x onerror=alert(1)> {{ config }} {% include 'x' %}"
TITLE2 = r"Sti C:\new\tabel; 50,- kr. <iframe src=javascript:alert(1)>"
DECISION = "Godkendt <script>alert(1)</script> {{ 7*7 }} [x](javascript:alert(1))."
HISTORY = "Udvalget udsatte sagen <script>alert(1)</script> {{ 7*7 }} <img src=x onerror=alert(1)>."
ATTACHMENT = "Tilsagn <script>alert(1)</script> {{ 7*7 }} <img src=x onerror=alert(1)>"
# The parser only takes journalnumre of the known shapes, so a hostile one is put in by the test
# (see hostile_parse): the renderer must not rely on the parser's strictness.
CASE = "20/1234 <script>alert(5)</script> {{ 7*7 }}"
BODY_LINES = [
    "Tekst med <script>alert(1)</script> og <img src=x onerror=alert(1)> og [x](javascript:alert(1)).",
    '<div onclick="alert(1)">blok</div>',
    '<iframe src="javascript:alert(1)"></iframe>',
    "<style>body{display:none}</style>",
    "Skabelon {{ config }} og {{ 7*7 }} og {% include 'x' %}.",
    "# x",
    "!!! note",
    'Afsnit {: onclick="alert(1)" }',
    "title: x",
    "<script>alert(1)</script>",  # in a table cell
]

REFERAT = f"""\
REFERAT {COMMITTEE} d. 02-03-2020

Mødedato Mandag d. 02. marts 2020 kl. 17:00

Mødested {LOCATION}

Punkt 1: {TITLE1}

15.00.00-P05-2-20

Sagsfremstilling

{BODY_LINES[0]}

{BODY_LINES[1]}

{BODY_LINES[2]}

{BODY_LINES[3]}

{BODY_LINES[4]}

# x

| a | b |
|---|---|
| <script>alert(1)</script> | {{{{ 7*7 }}}} |

!!! note

    indrykket

{BODY_LINES[7]}

---
title: x
---

Slut.

Beslutning

{DECISION}

END:VEVENT

BEGIN:VEVENT

X-INJICERET:1

Historik

Beslutning 10. februar 2020, pkt. 12:

{HISTORY}

Bilag

Bilag 1 - {ATTACHMENT}

Punkt 2: {TITLE2}

20/1234

Beslutning

Taget til efterretning.
"""

SIDECAR = """\
source_url: "javascript:alert(1)"
participants: ["Anna <img src=x onerror=alert(1)>", "Bo {{ 7*7 }}"]
"""

INJECTED_ICS_LINES = ("END:VEVENT", "BEGIN:VEVENT", "X-INJICERET")


def write_content(content: Path) -> None:
    k = content / "havbjerg"
    (k / "teknik").mkdir(parents=True)
    (k / "kommune.yml").write_text(f"name: {json.dumps(KOMMUNE)}\n", encoding="utf-8")
    (k / "teknik" / "2020-03-02-referat.txt").write_text(REFERAT, encoding="utf-8")
    (k / "teknik" / "2020-03-02-referat.yml").write_text(SIDECAR, encoding="utf-8")
    bilag = k / "teknik" / "2020-03-02-referat.bilag"
    bilag.mkdir()
    # An attachment that is HTML: published as .html.txt, never as a page.
    (bilag / "Bilag 1 - Tilsagn.html").write_text("<script>alert('bilag')</script>", encoding="utf-8")


@pytest.fixture(scope="module", params=["mkdocs", "zensical"])
def hostile_site(request, tmp_path_factory):
    """The hostile content built in-process --strict by each engine: MkDocs with the referatarkiv
    plugin, and Zensical (generate, zensical build, finish; README "Engines"), whose templates
    escape by other rules. The parser is wrapped so item 2 gets a hostile journalnummer."""
    import referatarkiv.parse as parse_mod

    if request.param == "zensical":
        pytest.importorskip("zensical", reason="Zensical is the [zensical] extra: pip install -e '.[zensical]'")
    work = tmp_path_factory.mktemp(f"hostile-{request.param}")
    content = work / "content"
    write_content(content)
    config = write_config(work)
    real = parse_mod.parse_file

    def parse_file(path):
        m = real(path)
        for it in m.items:
            if it.case_number == "20/1234":
                it.case_number = CASE
        return m

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(parse_mod, "parse_file", parse_file)
        mp.setenv("REFERATARKIV_CONTENT", str(content))
        mp.chdir(work)
        if request.param == "zensical":
            from referatarkiv.build.sitebuild import build_with_zensical

            log: list[str] = []
            code = build_with_zensical(config, content, docs_dir=work / "build", site_dir=work / "site",
                                       strict=True, log=log.append)
            assert code == 0, "\n".join(log)
        else:
            from mkdocs.commands.build import build
            from mkdocs.config import load_config

            build(load_config(str(config), strict=True, site_dir=str(work / "site")))  # strict: any warning aborts
    return work / "site"


@pytest.fixture(scope="module")
def hostile_server(hostile_site):
    server, shutdown = serve_directory(hostile_site)
    yield server
    shutdown()


def pages_by_type(site: Path) -> dict[str, list[str]]:
    """Site-relative folder URLs of each page type."""
    out: dict[str, list[str]] = {k: [] for k in ("home", "kommune", "udvalg", "møde", "punkt", "bilag",
                                                 "sag", "sager", "andet")}
    for f in sorted(site.rglob("index.html")):
        rel = f.parent.relative_to(site).as_posix()
        url = "" if rel == "." else rel + "/"
        parts = [] if rel == "." else rel.split("/")
        if not parts:
            kind = "home"
        elif parts == ["soeg"]:
            kind = "andet"  # the search page (Pagefind)
        elif len(parts) == 1:
            kind = "kommune"
        elif parts[1] == "sager":
            kind = "sager" if len(parts) == 2 else "sag"
        elif len(parts) == 2:
            kind = "udvalg"
        elif len(parts) == 3 and re.fullmatch(r"\d{4}-\d\d-\d\d|uden-dato.*", parts[2]):
            kind = "møde"
        elif len(parts) == 4 and parts[3].startswith("punkt"):
            kind = "punkt"
        elif len(parts) == 5 and parts[3] == "bilag":
            kind = "bilag"
        else:
            kind = "andet"  # timelines, search page, … — checked for inertness too
        out[kind].append(url)
    return out


# Literal source text each page type must show.
EXPECTED = {
    "home": [KOMMUNE, COMMITTEE],
    "kommune": [KOMMUNE, COMMITTEE],
    "udvalg": [COMMITTEE],
    "møde": [COMMITTEE, LOCATION, TITLE1, TITLE2, "Anna <img src=x onerror=alert(1)>", "Bo {{ 7*7 }}"],
    "bilag": [ATTACHMENT],
    "sager": [CASE],
}
PUNKT1 = [TITLE1, DECISION, HISTORY, ATTACHMENT, *BODY_LINES]

INERT_JS = r"""() => {
  const bad = [];
  for (const s of document.querySelectorAll('script'))
    if (/alert/.test(s.textContent)) bad.push('script: ' + s.textContent.slice(0, 60));
  const sel = 'img[onerror], iframe, object, embed, [onclick], [onerror], [onload], [onmouseover], ' +
              'a[href^="javascript" i], [src^="javascript" i], [action^="javascript" i]';
  for (const e of document.querySelectorAll(sel)) bad.push('element: ' + e.outerHTML.slice(0, 100));
  for (const s of document.querySelectorAll('style'))
    if (/display\s*:\s*none/.test(s.textContent) && /body/.test(s.textContent)) bad.push('style from referat');
  if (getComputedStyle(document.body).display === 'none') bad.push('body hidden');
  // Accessible names and tooltips are text: an entity in them was escaped twice.
  for (const e of document.querySelectorAll('[aria-label], [title], [alt]'))
    for (const a of ['aria-label', 'title', 'alt']) {
      const v = e.getAttribute(a);
      if (v && /&(lt|gt|amp|quot|#\d+|#x[0-9a-f]+);/i.test(v)) bad.push(a + ' escaped twice: ' + v.slice(0, 100));
    }
  return bad;
}"""


def visible_text(page) -> str:
    return " ".join(page.locator("body").inner_text().split())


def norm(s: str) -> str:
    return " ".join(s.split())


def open_inert(page, url: str, dialogs: list[str]) -> str:
    page.goto(url)
    page.wait_for_load_state("networkidle")
    bad = page.evaluate(INERT_JS)
    assert bad == [], (url, bad)
    assert dialogs == [], (url, dialogs)
    return visible_text(page)


@pytest.mark.browser
def test_hostile_referat_is_inert_and_literal_on_every_page_type(hostile_site, hostile_server, page):
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    kinds = pages_by_type(hostile_site)
    for kind in ("home", "kommune", "udvalg", "møde", "punkt", "bilag", "sag", "sager"):
        assert kinds[kind], f"no {kind} page in {hostile_site}"
    seen_case = False
    for kind, urls in kinds.items():
        for url in urls:
            text = open_inert(page, hostile_server.url + url, dialogs)
            assert "'site_name'" not in text and "<Config" not in text, url  # no {{ config }} dump
            for s in EXPECTED.get(kind, []):
                assert norm(s) in text, (url, s)
            if kind == "punkt" and url.endswith("punkt-1/"):
                for s in PUNKT1:
                    assert norm(s) in text, (url, s)
                assert "Titel <script>alert(1)</script>" in page.title()
            if kind == "sag" and norm(CASE) in text:
                seen_case = True
    assert seen_case, "no sag page shows the hostile journalnummer"
    # The HTML attachment is a download, not a page.
    assert [p.name for p in hostile_site.rglob("*.html") if p.name not in ("index.html", "404.html")] == []
    assert list(hostile_site.rglob("*.html.txt"))


SEARCHES = ["<script>alert(1)</script>", "onerror", "alert", "{{ 7*7 }}", '"><img src=x onerror=alert(9)>']


@pytest.mark.browser
def test_hostile_search_results_are_inert(hostile_site, hostile_server, page):
    """Type hostile strings into the site's search and look at the results (Material's search box,
    or the Pagefind page when the plugin chose Pagefind)."""
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    pagefind = (hostile_site / "soeg" / "index.html").is_file() and (hostile_site / "pagefind").is_dir()
    open_inert(page, hostile_server.url + ("soeg/" if pagefind else ""), dialogs)
    box = page.locator("#ra-search-input" if pagefind else "input.md-search__input").first
    results = ".ra-search__results" if pagefind else ".md-search-result"
    found_literal = found_kommune = False
    for q in SEARCHES:
        box.click()
        box.fill("")
        box.press_sequentially(q, delay=5)
        page.wait_for_timeout(1200)
        bad = page.evaluate(INERT_JS)
        assert bad == [] and dialogs == [], (q, bad, dialogs)
        text = norm(page.locator(results).first.inner_text())
        if q == "onerror":
            assert "resultat" in text.lower() or pagefind, text[:300]
            found_literal = found_literal or "<img src=x onerror=alert(1)>" in text
        # each hit names its kommune (Material: a tag the worker escapes), as written
        found_kommune = found_kommune or "<script>alert('kommune')</script>" in text
    assert found_literal, "search results do not show the hostile text literally"
    assert found_kommune, "search results do not name the hostile kommune literally"
    if not pagefind:
        # Follow a result: the target page highlights the query (?h=…) and stays inert.
        box.fill("")
        box.press_sequentially("onerror", delay=5)
        page.wait_for_timeout(1200)
        with page.expect_navigation():
            page.locator(".md-search-result__link").first.click()
        page.wait_for_load_state("networkidle")
        assert "h=onerror" in page.url
        assert page.evaluate(INERT_JS) == [] and dialogs == []


# -- feeds and exports -------------------------------------------------------------------------

class _HtmlScan(HTMLParser):
    """Flags what would run if a feed reader rendered this HTML."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.bad: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "iframe", "object", "embed", "style", "img"):
            self.bad.append(tag)
        for k, v in attrs:
            if k.startswith("on"):
                self.bad.append(f"{tag}[{k}]")
            if k in ("href", "src", "action") and (v or "").strip().lower().startswith("javascript:"):
                self.bad.append(f"{tag}[{k}=javascript:]")


def _html_is_inert(text: str) -> list[str]:
    scan = _HtmlScan()
    scan.feed(text)
    scan.close()
    return scan.bad


def _check_xml(path: Path) -> str:
    root = ET.parse(path).getroot()
    texts = []
    for el in root.iter():
        local = el.tag.rsplit("}", 1)[-1].lower()
        assert local not in ("script", "iframe", "object", "embed"), (path, el.tag)
        for k, v in el.attrib.items():
            assert not k.lower().startswith("on"), (path, el.tag, k)
            if k.rsplit("}", 1)[-1] in ("href", "src"):
                assert not v.strip().lower().startswith("javascript:"), (path, v)
        text = "".join(el.itertext()) if local in ("title", "summary", "content", "description", "subtitle") else (el.text or "")
        # Atom type="html" and RSS <description> are HTML that readers render.
        if el.get("type") == "html" or local in ("description", "encoded"):
            assert _html_is_inert(el.text or "") == [], (path, el.tag, (el.text or "")[:200])
            text = html.unescape(re.sub(r"<[^>]+>", "", el.text or ""))
        texts.append(text)
    return norm(" ".join(texts))


def _unfold_ics(raw: str) -> list[str]:
    return re.sub(r"\r?\n[ \t]", "", raw).splitlines()


def _ics_text(value: str) -> str:
    return re.sub(r"\\([\\;,nN])", lambda m: "\n" if m[1] in "nN" else m[1], value)


def _check_ics(path: Path) -> str:
    lines = _unfold_ics(path.read_text(encoding="utf-8"))
    stack: list[str] = []
    texts = []
    for ln in lines:
        assert re.match(r"^[A-Z][A-Z0-9-]*(;[^:]*)?:", ln), (path, ln)
        name = re.match(r"^[A-Z0-9-]+", ln)[0]
        assert not name.startswith("X-INJICERET"), (path, ln)
        if name == "BEGIN":
            stack.append(ln.split(":", 1)[1])
        elif name == "END":
            assert stack and stack.pop() == ln.split(":", 1)[1], (path, ln)
        else:
            texts.append(_ics_text(ln.split(":", 1)[1]))
    assert stack == [], (path, stack)
    assert sum(ln == "BEGIN:VEVENT" for ln in lines) == sum(ln == "END:VEVENT" for ln in lines)
    return norm(" ".join(texts))


def _json_strings(data) -> list[str]:
    if isinstance(data, str):
        return [data]
    if isinstance(data, dict):
        return [s for k, v in data.items() for s in _json_strings(k) + _json_strings(v)]
    if isinstance(data, list):
        return [s for v in data for s in _json_strings(v)]
    return []


def test_hostile_text_in_feeds_and_exports_is_inert_and_literal(hostile_site):
    """Every *.xml, *.ics, *.json and *.csv the build writes (Atom feeds, calendars, JSON/CSV
    open data, sitemap, search index): well-formed, nothing that would run in a reader, and the
    source text there literally (JSON/CSV/ICS/XML are data, decoded by their own rules)."""
    files = sorted(p for ext in ("xml", "ics", "json", "csv") for p in hostile_site.rglob(f"*.{ext}")
                   if "assets" not in p.relative_to(hostile_site).parts)
    assert any(p.name == "archive.json" for p in files)
    texts: dict[str, str] = {}
    for p in files:
        rel = p.relative_to(hostile_site).as_posix()
        if p.suffix == ".xml":
            texts[rel] = _check_xml(p)
        elif p.suffix == ".ics":
            texts[rel] = _check_ics(p)
        elif p.suffix == ".json":
            doc = json.loads(p.read_text(encoding="utf-8"))
            facts = []
            if rel.startswith("search/"):
                # A hit's facts (type, kommune, udvalg, date) are plain text, which the search worker
                # escapes before Material shows them as tags (the browser tests search for them).
                facts = [f for d in doc.get("docs", []) for f in d.pop("facts", None) or []]
            strings = _json_strings(doc)
            if rel.startswith("search/"):
                # Material renders the search index's text as HTML.
                for s in strings:
                    assert _html_is_inert(s) == [] and "<img" not in s, (rel, s[:200])
                strings = [html.unescape(re.sub(r"<[^>]+>", " ", s)) for s in strings] + facts
            texts[rel] = norm(" ".join(strings))
        else:
            rows = list(csv.reader(io.StringIO(p.read_text(encoding="utf-8-sig"), newline="")))
            assert rows and len({len(r) for r in rows}) == 1, rel
            texts[rel] = norm(" ".join(c for r in rows for c in r))
    data = {rel: t for rel, t in texts.items() if not rel.startswith("sitemap") and "schema" not in rel}
    # Nothing lost: each kind of output that names items carries the title literally.
    for rel, t in data.items():
        if "Titel" in t:
            assert norm(TITLE1) in t, (rel, t[:400])
        if "Sti C:" in t:
            assert norm(TITLE2) in t, (rel, t[:400])
        assert "{{ 7*7 }}" in t or "7*7" not in t, rel
    assert any(norm(TITLE1) in t for t in data.values())
    assert any(norm(DECISION) in t for t in data.values())


def test_hostile_titles_are_not_escaped_twice_in_attributes(hostile_site):
    """Page titles are HTML already (render.title_text); theme templates that escape them again
    (Material's footer aria-labels) would show "&lt;" and "&amp;" to screen readers."""
    for f in hostile_site.rglob("*.html"):
        for attr, value in re.findall(r'\s(aria-label|title|alt)="([^"]*)"', f.read_text(encoding="utf-8")):
            decoded = html.unescape(value)
            assert not re.search(r"&(lt|gt|amp|#\d+);", decoded), (f, attr, value)


# -- names with quotes (issue #15, item 1) ----------------------------------------------------------
# A kommune or udvalg name is a page title and a nav title; Material writes nav titles into
# attributes (the footer's aria-label="Næste: …"), so a '"' there must not end the attribute.

QUOTE_KOMMUNE = 'Testby" autofocus onfocus="alert(document.domain)" x="'
QUOTE_COMMITTEE = "Teknik\" onmouseover=\"alert('u')\" autofocus onfocus=\"alert('udvalg')\" x=\""
QUOTE_COMMITTEE2 = "Kultur' autofocus onfocus='alert(2)' x='"


def write_quote_content(content: Path) -> None:
    k = content / "testby"
    for folder, name in (("teknik", QUOTE_COMMITTEE), ("kultur", QUOTE_COMMITTEE2)):
        (k / folder).mkdir(parents=True)
        (k / folder / "2021-01-05-referat.txt").write_text(
            f"REFERAT {name} d. 05-01-2021\n\nMødedato 5. januar 2021 kl. 17:00\n\n"
            "Punkt 1: Godkendelse af dagsorden\n\nBeslutning\n\nGodkendt.\n", encoding="utf-8")
    (k / "kommune.yml").write_text(f"name: {json.dumps(QUOTE_KOMMUNE)}\n", encoding="utf-8")


def build_quote_site(work: Path, search: str) -> Path:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    content = work / "content"
    write_quote_content(content)
    config = write_config(work)
    text = config.read_text(encoding="utf-8")
    text, n = re.subn(r"(?m)^(\s*)content:(.*)$", lambda m: f"{m[1]}content:{m[2]}\n{m[1]}search: {search}", text, count=1)
    assert n == 1
    config.write_text(text, encoding="utf-8")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("REFERATARKIV_CONTENT", str(content))
        mp.chdir(work)
        build(load_config(str(config), strict=True, site_dir=str(work / "site")))
    return work / "site"


@pytest.fixture(scope="module", params=["material", "pagefind"])
def quote_site(request, tmp_path_factory):
    site = build_quote_site(tmp_path_factory.mktemp(f"quotes-{request.param}"), request.param)
    server, shutdown = serve_directory(site)
    yield request.param, site, server
    shutdown()


class _AttrScan(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.bad: list[str] = []

    def handle_starttag(self, tag, attrs):
        for k, v in attrs:
            if k.startswith("on") or k in ("autofocus", "x"):
                self.bad.append(f"{tag}[{k}={v!r}]")


def test_quote_names_are_escaped_in_every_attribute(tmp_path):
    """No page has an attribute that a piece of the names opened (the generator's side, no browser)."""
    site = build_quote_site(tmp_path, "material")
    for f in site.rglob("*.html"):
        scan = _AttrScan()
        scan.feed(f.read_text(encoding="utf-8"))
        assert scan.bad == [], (f, scan.bad)


@pytest.mark.browser
def test_quote_names_run_nothing_on_home_kommune_and_udvalg_pages(quote_site, page):
    """Home, kommune and both udvalg pages, in both search modes: the names show as written, no
    dialog opens on load or when each element gets focus or the pointer, and the footer's
    previous/next links are named with the literal names."""
    mode, site, server = quote_site
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    udvalg = sorted(f.parent.relative_to(site).as_posix() + "/" for f in site.glob("testby/*/index.html")
                    if f.parent.name not in ("sager", "moeder"))
    assert len(udvalg) == 2, udvalg
    urls = ["", "testby/", *udvalg]
    if mode == "pagefind":
        assert (site / "soeg" / "index.html").is_file()
        urls.append("soeg/")
    for url in urls:
        page.goto(server.url + url)
        page.wait_for_load_state("networkidle")
        # Focus and hover everything an attribute could have attached a handler to.
        page.evaluate("""() => { for (const e of document.querySelectorAll('a, [aria-label], [title]')) {
            e.focus(); e.dispatchEvent(new MouseEvent('mouseover', {bubbles: true})); } }""")
        page.wait_for_timeout(100)
        assert dialogs == [], (mode, url, dialogs)
        assert page.evaluate(INERT_JS) == [], (mode, url)
        handlers = page.evaluate("""() => [...document.querySelectorAll('*')].flatMap(e =>
            [...e.attributes].filter(a => /^on/i.test(a.name) || a.name === 'autofocus' || a.name === 'x')
            .map(a => e.tagName + '[' + a.name + ']'))""")
        assert handlers == [], (mode, url, handlers)
        text = visible_text(page)
        assert norm(QUOTE_KOMMUNE) in text, (mode, url)
        if url != "soeg/":
            labels = page.evaluate("() => [...document.querySelectorAll('.md-footer__link')].map(a => a.getAttribute('aria-label'))")
            for label in labels:
                assert any(name in label for name in (QUOTE_KOMMUNE, QUOTE_COMMITTEE, QUOTE_COMMITTEE2, "Forside")), label
    assert dialogs == []
