"""The decision timeline on pages: the <ol class="ra-timeline"> and the outcome chart the page modules
write into the Markdown (render), the same HTML on the built page (a small MkDocs build), hostile
text inert, the real corpus's two reference cases, and screenshots of a sag and an udvalg page in
light and dark mode."""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from datetime import date
from html import unescape
from pathlib import Path

import pytest
import yaml

from tests.linkcheck import check_site
from referatarkiv.build.generate import generate
from referatarkiv.archive.link import build_archive
from referatarkiv.model import AgendaItem, Decision, HistoryEntry, Meeting, RouteStep
from referatarkiv.site.pages import render_pages
from referatarkiv.slugs import slugify

REPO = Path(__file__).resolve().parents[2]
UDV = "Teknik- og Miljøudvalget"
HOSTILE = "<script>alert(1)</script> {{ config.site_name }} {% raw %} <img src=x onerror=alert(2)>"
CASE = "01.02.03-P20-1-20"


def meeting(d, committee, items):
    return Meeting(committee=committee, date=d, items=items, municipality="havbjerg",
                   source_path=f"havbjerg/{committee[:5]}-{d.isoformat()}.txt")


def small_archive():
    """One case through three meetings: postponed, then recommended onward with the council
    expected; a closed item; a catch-all number; hostile text in a decision excerpt."""
    return build_archive([
        meeting(date(2020, 2, 10), UDV, [
            AgendaItem(12, "Ny skole", CASE, decision=Decision(f"Udsat. {HOSTILE}", ["udsat"])),
            AgendaItem(1, "Godkendelse af dagsorden", "20/1", decision=Decision("Godkendt.", ["godkendt"])),
            AgendaItem(2, "Meddelelser", "20/1"), AgendaItem(3, "Eventuelt", "20/1"),
        ]),
        meeting(date(2020, 3, 2), UDV, [
            AgendaItem(18, "Ny skole", CASE, decision=Decision("Anbefales over for magistraten.", ["godkendt", "indstillet"]),
                       history=[HistoryEntry(date(2020, 2, 10), "beslutning", UDV, 12, "Udvalget udsatte sagen.", ["udsat"])],
                       route=[RouteStep(UDV, date(2020, 3, 2)), RouteStep("Magistraten", date(2020, 3, 9)),
                              RouteStep("Kommunalbestyrelsen", date(2020, 3, 30))]),
            AgendaItem(19, "Personalesag", "77/7", decision=Decision("Hemmeligt godkendt.", ["godkendt"]), closed=True),
        ]),
        meeting(date(2020, 3, 9), "Magistraten", [
            AgendaItem(40, "Ny skole", CASE, decision=Decision("Magistraten anbefaler sagen.", ["indstillet"])),
        ]),
    ])


def front(text: str) -> dict:
    """Front matter as MkDocs reads it (YAML)."""
    assert text.startswith("---\n")
    return yaml.safe_load(text[4:text.index("\n---\n", 3)])


UDV_PATH = "havbjerg/teknik-og-miljoeudvalget/"
SAG_PAGE = "havbjerg/sager/01-02-03-p20-1-20/index.md"
PUNKT_PAGE = f"{UDV_PATH}2020-03-02/punkt-18/index.md"


# -- the generated Markdown --------------------------------------------------------------------

def timeline_steps(html: str, index: int = 0) -> list[str]:
    """The <li> elements of the index-th <ol class="ra-timeline"> on a page."""
    ols = re.findall(r'<ol class="ra-timeline"[^>]*>(.*?)</ol>', html, re.S)
    assert len(ols) > index, "no timeline on the page"
    return re.findall(r"<li\b.*?</li>", ols[index], re.S)


def step_dates(html: str, index: int = 0) -> list[str]:
    return [re.search(r'<time datetime="([^"]+)"', li)[1] for li in timeline_steps(html, index)]


def status_text(html: str) -> str:
    return unescape(re.sub(r"<[^>]+>", "", re.search(r'<p class="ra-tl__status[^"]*">(.*?)</p>', html, re.S)[1]))


def chart_table(html: str) -> tuple[list[str], list[list[int]]]:
    """The outcome chart's column labels and its rows (year, counts …, total) as numbers."""
    chart = re.search(r'<figure class="ra-chart">.*?</figure>', html, re.S)[0]
    labels = [unescape(re.sub(r"<[^>]+>", "", th)) for th in re.findall(r'<th scope="col"[^>]*>(.*?)</th>', chart)]
    rows = [[int(n) for n in re.findall(r">(\d+)</t[hd]>", tr)] for tr in re.findall(r"<tr>(.*?)</tr>", chart, re.S)[1:]]
    return labels, rows


def test_sag_page_shows_the_timeline_in_date_order_with_the_expected_council_step():
    pages = render_pages(small_archive())
    sag = pages[SAG_PAGE]
    assert step_dates(sag) == ["2020-02-10", "2020-03-02", "2020-03-09", "2020-03-30"]
    lis = timeline_steps(sag)
    assert ["ra-timeline__step--expected" in li for li in lis] == [False, False, False, True]
    assert '<p class="ra-timeline__badges"><span class="ra-badge ra-badge--udsat">Udsat</span> </p>' in lis[0]
    assert '<strong class="ra-timeline__body">Kommunalbestyrelsen</strong>' in lis[3] and "ra-badge" not in lis[3]
    assert '<a href="../../teknik-og-miljoeudvalget/2020-02-10/punkt-12/">' in lis[0]
    assert '<time datetime="2020-02-10">10. februar 2020</time>' in lis[0] and "mødets eget referat" in lis[0]
    assert '<div class="ra-tl ra-tl--open">' in sag
    assert status_text(sag).startswith("Status: Senest anbefalet") and "Kommunalbestyrelsen" in status_text(sag)
    # the page carries its timeline as HTML: nothing for the theme to fill in
    assert "timelines" not in front(sag) and "<!-- ra-timeline" not in sag


def test_punkt_page_marks_itself_current_and_catch_all_and_closed_items_stay_out():
    a = small_archive()
    pages = render_pages(a)
    punkt = pages[PUNKT_PAGE]
    current = [li for li in timeline_steps(punkt) if 'aria-current="step"' in li]
    assert len(current) == 1 and 'datetime="2020-03-02"' in current[0] and "<a " not in current[0]
    assert "## Sagens forløb" in punkt and punkt.index("## Sagens forløb") < punkt.index('<div class="ra-tl')
    # catch-all number: no timeline on the sag page, which says so; none on its punkt pages
    catch_all = pages["havbjerg/sager/20-1/index.md"]
    assert "ra-timeline" not in catch_all and "uden tidslinje" in catch_all
    assert "ra-timeline" not in pages[f"{UDV_PATH}2020-02-10/punkt-1/index.md"]
    # a single-step punkt has no timeline
    assert "ra-timeline" not in pages[f"{UDV_PATH}2020-03-02/punkt-19/index.md"]
    # the closed item's outcome is nowhere on the udvalg page or its outcome pages
    udv = pages[f"{UDV_PATH}index.md"]
    assert "Hemmeligt" not in "".join(pages.values())
    godkendt = pages[f"{UDV_PATH}udfald/godkendt/index.md"]
    assert "Personalesag" not in godkendt and "Ny skole" in godkendt
    labels, rows = chart_table(udv)
    assert labels == ["År", "Godkendt", "Udsat", "Anbefalet videre", "I alt", "Fordeling"]
    assert rows == [[2020, 2, 1, 1, 4]]  # godkendt, udsat, indstillet; the closed item's godkendt left out
    assert "outcome_chart" not in front(udv)


def test_udvalg_page_has_a_timeline_per_term_and_outcome_pages_newest_first():
    pages = render_pages(small_archive())
    udv = pages[f"{UDV_PATH}index.md"]
    assert re.findall(r'<ol class="ra-timeline" aria-label="([^"]*)"', udv) == ["Møder i valgperioden 2018-21"]
    assert step_dates(udv) == ["2020-02-10", "2020-03-02"]
    badges = timeline_steps(udv)[1]
    assert '<span class="ra-badge ra-badge--godkendt">Godkendt: <span class="ra-badge__count">1</span></span>' in badges
    assert '<figure class="ra-chart">' in udv and "timelines" not in front(udv)
    assert "(udfald/godkendt/index.md)" in udv and "(udfald/udsat/index.md)" in udv
    godkendt = pages[f"{UDV_PATH}udfald/godkendt/index.md"]
    assert godkendt.index("2. marts 2020") < godkendt.index("10. februar 2020")  # newest first
    assert f"{UDV_PATH}udfald/uden-udfald/index.md" in pages  # Meddelelser, Eventuelt


# -- a small site through MkDocs ---------------------------------------------------------------

def site_config(workdir: Path) -> Path:
    """The repo's mkdocs.yml without the referatarkiv plugin (the pages are written directly)."""
    text = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    text = text.replace("docs_dir: build", f"docs_dir: {workdir / 'docs'}")
    text = text.replace("site_dir: site", f"site_dir: {workdir / 'site'}")
    text = re.sub(r"(?m)^(\s*custom_dir:\s*)(\S+)", lambda m: m[1] + str((REPO / m[2]).resolve()), text)
    text = re.sub(r"\n  - referatarkiv:\n(      .*\n)+", "\n", text)
    cfg = workdir / "mkdocs.yml"
    cfg.write_text(text, encoding="utf-8")
    return cfg


@pytest.fixture(scope="module")
def small_site(tmp_path_factory) -> Path:
    work = tmp_path_factory.mktemp("timeline-site")
    # generate() with a stand-in parser: one placeholder file per meeting of small_archive()
    meetings = {}
    for am in small_archive().meetings:
        m = am.meeting
        name = f"{m.date.isoformat()}-{slugify(m.committee)}.txt"
        (work / "content" / "havbjerg").mkdir(parents=True, exist_ok=True)
        (work / "content" / "havbjerg" / name).write_text("referat\n", encoding="utf-8")
        meetings[name] = m
    report = generate(work / "content", work / "docs", parse=lambda path: meetings[path.name], use_cache=False)
    assert report.ok and report.meetings == 3
    cfg = site_config(work)
    proc = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(cfg)], cwd=work,
                          env=dict(os.environ, NO_MKDOCS_2_WARNING="1"), capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert not [ln for ln in proc.stderr.splitlines() if re.match(r"^(WARNING|ERROR)\b", ln)], proc.stderr
    return work / "site"


def page_html(site: Path, rel: str) -> str:
    return (site / rel / "index.html").read_text(encoding="utf-8")


def html_blocks(markdown_text: str) -> list[str]:
    """The timeline and chart blocks of a generated page (each is one block, with no blank line)."""
    return [b.strip("\n") for b in markdown_text.split("\n\n")
            if b.startswith(('<div class="ra-tl', "<!--ra-noindex-->", '<figure class="ra-chart"'))]


def test_mkdocs_passes_the_generated_html_through_whole(small_site):
    docs = small_site.parent / "docs"
    for rel, n in [(SAG_PAGE, 1), (PUNKT_PAGE, 1), (f"{UDV_PATH}index.md", 2)]:
        blocks = html_blocks((docs / rel).read_text(encoding="utf-8"))
        html = page_html(small_site, rel.removesuffix("index.md"))
        assert len(blocks) == n, rel
        for block in blocks:
            assert block in html, rel  # as generated: no <p> put round it, no Markdown read inside it


def test_the_built_page_shows_an_ordered_list_with_expected_and_current_markers(small_site):
    sag = page_html(small_site, "havbjerg/sager/01-02-03-p20-1-20")
    assert step_dates(sag) == ["2020-02-10", "2020-03-02", "2020-03-09", "2020-03-30"]
    lis = timeline_steps(sag)
    assert "ra-timeline__step--expected" in lis[3] and "Forventet" in lis[3]
    assert not any("Forventet" in li or "--expected" in li for li in lis[:3])
    assert "ra-badge" not in lis[3]  # an expected step is never shown as decided
    assert 'class="ra-badge ra-badge--udsat">Udsat<' in lis[0]
    assert 'href="../../teknik-og-miljoeudvalget/2020-02-10/punkt-12/"' in lis[0]
    assert "ra-tl__status" in sag and sag.index("ra-tl__status") < sag.index('<ol class="ra-timeline"')
    assert "Senest anbefalet" in sag
    punkt = page_html(small_site, PUNKT_PAGE.removesuffix("/index.md"))
    current = [li for li in timeline_steps(punkt) if 'aria-current="step"' in li]
    assert len(current) == 1 and 'datetime="2020-03-02"' in current[0] and "<a " not in current[0]
    udv = page_html(small_site, UDV_PATH.rstrip("/"))
    assert step_dates(udv) == ["2020-02-10", "2020-03-02"]
    chart = re.search(r'<figure class="ra-chart">.*?</figure>', udv, re.S)[0]
    assert "<table" in chart and "<caption>" in chart and '<th scope="row">2020</th>' in chart
    assert 'aria-hidden="true"' in chart  # the bars; the numbers are table cells
    assert (small_site / UDV_PATH / "udfald" / "godkendt" / "index.html").is_file()
    assert check_site(small_site) == []


def test_a_punkt_timeline_stays_out_of_the_search_index_and_a_sag_timeline_stays_in(small_site):
    punkt = page_html(small_site, PUNKT_PAGE.removesuffix("/index.md"))
    sag = page_html(small_site, "havbjerg/sager/01-02-03-p20-1-20")
    assert re.search(r'<div class="ra-tl[^"]*" data-pagefind-ignore data-search-exclude>', punkt)
    # marked for search.engines to cut from the copy Pagefind reads: the timeline and nothing else
    (marked,) = re.findall(r"<!--ra-noindex-->(.*?)<!--/ra-noindex-->", punkt, re.S)
    assert marked.strip().startswith('<div class="ra-tl') and marked.strip().endswith("</ol>\n</div>")
    tl = re.search(r'<div class="ra-tl[^>]*>', sag)[0]
    assert "data-pagefind-ignore" not in tl and "ra-noindex" not in sag
    index = small_site / "search" / "search_index.json"
    if index.is_file():  # Material's search: the punkt's entries hold none of its timeline's steps
        docs = json.loads(index.read_text(encoding="utf-8"))["docs"]
        punkt_url = PUNKT_PAGE.removesuffix("index.md")
        assert not any("Kilde:" in d["text"] for d in docs if d["location"].startswith(punkt_url))
        assert any("Kilde:" in d["text"] for d in docs if d["location"].startswith("havbjerg/sager/"))


def test_hostile_excerpt_is_inert(small_site):
    for rel in ["havbjerg/sager/01-02-03-p20-1-20", PUNKT_PAGE.removesuffix("/index.md")]:
        html = page_html(small_site, rel)
        block = re.search(r'<div class="ra-tl.*?</ol>', html, re.S)[0]
        assert "<script" not in block and "<img" not in block and "{{" not in block and "{%" not in block
        assert "&lt;script&gt;" in block
        assert "alert(1)" in unescape(block)  # shown as text, not dropped
    for page in small_site.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert "<script>alert" not in text and not re.search(r"<[^>]*\sonerror\s*=", text), page


# -- the real corpus ---------------------------------------------------------------------------

@pytest.fixture(scope="module")
def corpus_site(shared_corpus, tmp_path_factory):
    from tests.conftest import build_site

    return build_site(shared_corpus, tmp_path_factory.mktemp("corpus-timeline")).site


def test_real_corpus_reference_cases(corpus_site):
    fb = page_html(corpus_site, "frederiksberg/sager/15-20-00-p00-4-19")
    dates = step_dates(fb)
    assert dates.index("2020-02-17") < dates.index("2020-03-02") < dates.index("2020-03-09")
    lis = dict(zip(dates, timeline_steps(fb)))
    assert "Udsat" in lis["2020-02-17"]
    assert "Forventet" in lis["2020-03-09"] and "ra-timeline__step--expected" in lis["2020-03-09"]
    assert "Magistraten" in lis["2020-03-09"] and "ra-badge" not in lis["2020-03-09"]
    assert "Forventet" not in lis["2020-03-02"]
    status = unescape(re.search(r'<p class="ra-tl__status[^"]*">(.*?)</p>', fb, re.S)[1])
    assert "Senest anbefalet" in status and "Magistraten den 9. marts 2020" in status

    tb = page_html(corpus_site, "taarnby/sager/19-26829")
    dates = step_dates(tb)
    assert dates.index("2020-06-10") < dates.index("2020-08-18")
    lis = dict(zip(dates, timeline_steps(tb)))
    assert "Økonomiudvalget" in lis["2020-06-10"] and "Arbejdsmarkeds- og Beskæftigelsesudvalget" in lis["2020-08-18"]
    assert check_site(corpus_site) == []


# -- screenshots -------------------------------------------------------------------------------

SHOTS = {
    "sag": "frederiksberg/sager/15-20-00-p00-4-19/",
    "udvalg": "frederiksberg/arbejdsmarkeds-og-uddannelsesudvalget/",
}


def _luminance(css_color: str) -> float:
    r, g, b = (int(x) for x in re.findall(r"\d+", css_color)[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def test_screenshots_light_and_dark(corpus_site, browser, artifacts):
    from tests.conftest import serve_directory

    server, shutdown = serve_directory(corpus_site)
    try:
        for scheme in ("light", "dark"):
            ctx = browser.new_context(viewport={"width": 1280, "height": 900}, locale="da-DK", color_scheme=scheme)
            pg = ctx.new_page()
            try:
                for name, url in SHOTS.items():
                    pg.goto(server.url + url)
                    pg.screenshot(path=str(artifacts / f"timeline-{name}-{scheme}.png"), full_page=True)
                pg.goto(server.url + SHOTS["sag"])
                bg = pg.eval_on_selector(".ra-tl__status", "e => getComputedStyle(e).backgroundColor")
                fg = pg.eval_on_selector(".ra-tl__status", "e => getComputedStyle(e).color")
                # the status box follows the scheme: dark text on light, light text on dark
                assert (_luminance(bg) > _luminance(fg)) == (scheme == "light"), (scheme, bg, fg)
                marker = pg.eval_on_selector(".ra-timeline__step--expected",
                                             "e => getComputedStyle(e, '::after').borderTopStyle")
                assert marker == "dashed"
            finally:
                ctx.close()
        # print: the list is still there, steps not split across pages
        ctx = browser.new_context(viewport={"width": 1280, "height": 900})
        pg = ctx.new_page()
        pg.emulate_media(media="print")
        pg.goto(server.url + SHOTS["sag"])
        assert pg.is_visible("ol.ra-timeline")
        assert pg.eval_on_selector(".ra-timeline__step", "e => getComputedStyle(e).breakInside") == "avoid"
        ctx.close()
    finally:
        shutdown()
