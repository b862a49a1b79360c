"""A reader's path through the built site in headless Chromium, served under /referatarkiv/ as on
GitHub Pages: home → kommune → udvalg → møde → punkt → sag by clicking visible link text, then back.

Screenshots land in tests/artifacts/ (git-ignored) for a person to look at.
"""
from __future__ import annotations

import re

import pytest

from tests.conftest import build_site, serve_directory

pytestmark = pytest.mark.browser

CRUMB_SEP = "›"


def h1(page) -> str:
    """The page's title as a reader sees it (without Material's ¶ permalink)."""
    return page.locator("article h1").first.inner_text().replace("¶", "").strip()


def crumbs(page) -> list[str]:
    loc = page.locator("article .ra-crumbs")
    if loc.count() == 0:
        return []
    return [part.strip() for part in loc.first.inner_text().split(CRUMB_SEP)]


def click(page, name: str) -> None:
    """Click the visible link in the page body whose text is exactly ``name``; wait for the next page."""
    link = page.locator("article").get_by_role("link", name=name, exact=True).first
    assert link.is_visible(), f"no visible link {name!r} on {page.url}"
    with page.expect_navigation():
        link.click()


class Watch:
    """Collects JavaScript errors and failed requests (404 assets under the sub-path and the like)."""

    def __init__(self, page):
        self.problems: list[str] = []
        page.on("pageerror", lambda e: self.problems.append(f"JS error: {e}"))
        page.on("response", self._response)

    def _response(self, resp):
        if resp.status >= 400:
            self.problems.append(f"HTTP {resp.status}: {resp.url}")


def test_click_through_sample_site(page, site_server, artifacts):
    watch = Watch(page)
    page.goto(site_server.url)
    assert h1(page) == "Referatarkiv"
    assert page.title().startswith("Referatarkiv")

    steps = [
        # (link text to click, expected h1, expected breadcrumbs)
        ("Havbjerg Kommune", "Havbjerg Kommune", ["Forside", "Havbjerg Kommune"]),
        ("Beskæftigelses- og Uddannelsesudvalget", "Beskæftigelses- og Uddannelsesudvalget",
         ["Forside", "Havbjerg Kommune", "Beskæftigelses- og Uddannelsesudvalget"]),
        ("mandag 2. marts 2020 kl. 17:00", "Beskæftigelses- og Uddannelsesudvalget, mandag 2. marts 2020",
         ["Forside", "Havbjerg Kommune", "Beskæftigelses- og Uddannelsesudvalget", "2. marts 2020"]),
        ("Ledighed og beskæftigelsesindsats - 4. kvartal 2019",
         "Punkt 16: Ledighed og beskæftigelsesindsats - 4. kvartal 2019",
         ["Forside", "Havbjerg Kommune", "Beskæftigelses- og Uddannelsesudvalget", "2. marts 2020", "Punkt 16"]),
        # a sag page is titled by its subject; its journalnummer is in the breadcrumbs and beside the title
        ("15.00.00-P05-2-20", "Ledighed og beskæftigelsesindsats - 4. kvartal 2019",
         ["Forside", "Havbjerg Kommune", "Sager", "15.00.00-P05-2-20"]),
    ]
    visited = [("", h1(page))]
    for text, want_h1, want_crumbs in steps:
        click(page, text)
        assert h1(page) == want_h1, page.url
        assert crumbs(page) == want_crumbs, page.url
        assert page.url.startswith(site_server.url), "a link left the /referatarkiv/ sub-path"
        visited.append((page.url, want_h1))

        if want_h1.startswith("Punkt 16"):
            punkt = page
            # The decision is shown with its outcome badge near the top.
            assert punkt.locator("article .ra-badge").first.inner_text() == "Taget til efterretning"
            punkt.screenshot(path=str(artifacts / "punkt-desktop.png"), full_page=True)

    # Back through the browser history, one page at a time.
    for url, want_h1 in reversed(visited[:-1]):
        page.go_back()
        assert h1(page) == want_h1
        if url:
            assert page.url == url

    # The breadcrumbs lead back up too.
    page.goto(visited[4][0])
    page.locator("article .ra-crumbs").get_by_role("link", name="Havbjerg Kommune").click()
    page.wait_for_load_state()
    assert h1(page) == "Havbjerg Kommune"

    assert not watch.problems, "\n".join(watch.problems)


def test_punkt_page_on_phone(browser, site_server, artifacts):
    context = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=2,
                                  is_mobile=True, has_touch=True, locale="da-DK")
    try:
        page = context.new_page()
        watch = Watch(page)
        page.goto(site_server.url + "havbjerg/beskaeftigelses-og-uddannelsesudvalget/2020-03-02/punkt-16/")
        assert h1(page).startswith("Punkt 16:")
        # Nothing wider than the screen: the page must not scroll sideways (tables scroll inside themselves).
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, f"page is {width}px wide on a 390px phone"
        assert page.locator("article .ra-crumbs").is_visible()
        page.screenshot(path=str(artifacts / "punkt-phone.png"))
        page.screenshot(path=str(artifacts / "punkt-phone-full.png"), full_page=True)
        assert not watch.problems, "\n".join(watch.problems)
    finally:
        context.close()


@pytest.mark.corpus
@pytest.mark.slow
def test_click_through_real_corpus(browser, shared_corpus, tmp_path, artifacts):
    """The same walk on the real corpus, following the first link at each level."""
    built = build_site(shared_corpus, tmp_path)
    server, shutdown = serve_directory(built.site)
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="da-DK")
    try:
        page = context.new_page()
        page.set_default_timeout(15_000)
        watch = Watch(page)
        page.goto(server.url)
        kommune_links = page.locator("article a[href$='/']").filter(has_not_text="¶")
        hrefs = [kommune_links.nth(i).get_attribute("href") for i in range(kommune_links.count())]
        kommuner = sorted({h.split("/")[0] for h in hrefs if h and re.fullmatch(r"[a-z0-9-]+/", h)})
        assert kommuner, "home page links to no kommune"
        for kommune in kommuner:
            page.goto(server.url + kommune + "/")
            title = h1(page)
            assert title and crumbs(page)[:1] == ["Forside"]
            # first punkt of the first meeting of this kommune
            meeting = page.locator("article a[href*='/20']").first
            if meeting.count() == 0:
                continue
            with page.expect_navigation():
                meeting.click()
            assert title in crumbs(page)
            punkt = page.locator("article a[href*='punkt-']").first
            if punkt.count():
                with page.expect_navigation():
                    punkt.click()
                assert h1(page)
                assert len(crumbs(page)) >= 4
                page.screenshot(path=str(artifacts / f"corpus-{kommune}-punkt.png"), full_page=False)
        assert not watch.problems, "\n".join(watch.problems)
    finally:
        context.close()
        shutdown()
