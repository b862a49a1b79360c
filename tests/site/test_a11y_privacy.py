"""In headless Chromium, the built sample site served under /referatarkiv/:

- ``python -m referatarkiv.dev.a11y`` (axe-core, WCAG 2.1 A/AA, light and dark mode, one page of each
  type) reports no serious or critical violation and no failed check;
- pages load without a single request to another host (all non-local requests blocked and recorded);
- the print stylesheet hides the navigation and prints link addresses.
"""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from referatarkiv.dev import a11y

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def pages(built_site) -> dict[str, str]:
    return a11y.sample_pages(built_site.site)


@pytest.mark.slow
def test_a11y_script_reports_no_serious_or_critical_violations(built_site, tmp_path, artifacts):
    if not a11y.Path(a11y.CHROMIUM).exists():
        pytest.skip(f"{a11y.CHROMIUM} not installed (apt-get install chromium)")
    pytest.importorskip("axe_playwright_python", reason="axe-playwright-python (test extra) not installed")
    out = tmp_path / "a11y.json"
    proc = subprocess.run([sys.executable, "-m", "referatarkiv.dev.a11y", str(built_site.site), "--json", str(out)],
                          capture_output=True, text=True, timeout=600)
    (artifacts / "a11y-report.txt").write_text(proc.stdout + proc.stderr, encoding="utf-8")
    results = json.loads(out.read_text(encoding="utf-8"))
    kinds = {r["kind"] for r in results}
    # home and every page type, each in both themes, plus the punkt page with every badge kind
    assert kinds == set(a11y.PAGE_TYPES) | {a11y.BADGES}, kinds
    assert {r["scheme"] for r in results} == {"light", "dark"}
    bad = [(r["kind"], r["scheme"], v["id"], v["impact"]) for r in results for v in r["violations"]
           if v["impact"] in ("serious", "critical")]
    assert not bad, proc.stdout
    assert not [r["failures"] for r in results if r["failures"]], proc.stdout
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_pages_make_no_third_party_requests(browser, site_server, pages):
    paths = [pages[k] for k in ("forside", "udvalg", "møde", "punkt", "sag", "bilag") if k in pages]
    assert len(paths) >= 4
    seen = a11y.external_requests(browser, site_server.url, paths)
    assert seen == {p: [] for p in paths}


def test_the_request_blocker_sees_external_requests(browser, site_server):
    """The instrument works: a request to another host made by a page is recorded (and never sent)."""
    context = browser.new_context()
    try:
        page = context.new_page()
        log: list[str] = []
        a11y.block_external(page, log)
        page.goto(site_server.url, wait_until="load")
        page.evaluate("() => fetch('https://example.com/tracker.js').catch(() => null)")
        page.wait_for_timeout(200)
        assert log == ["https://example.com/tracker.js"]
    finally:
        context.close()


def test_print_stylesheet_on_punkt_and_meeting_pages(page, site_server, pages, artifacts):
    for kind in ("punkt", "møde"):
        page.goto(site_server.url + pages[kind], wait_until="load")
        page.emulate_media(media="print")
        hidden = page.evaluate("""() => ['.md-header', '.md-sidebar--primary', '.md-footer', '.ra-crumbs']
            .map(s => document.querySelector(s)).filter(Boolean)
            .map(e => getComputedStyle(e).display)""")
        assert hidden and set(hidden) == {"none"}, (kind, hidden)
        after = page.evaluate("""() => { const a = document.querySelector('.md-content h1 ~ ul a[href]');
            return a ? getComputedStyle(a, '::after').content : null; }""")
        assert after and site_server.url in after, (kind, after)
        if kind == "punkt":
            # Title, then the facts with the journalnummer, then the decision: all before any section.
            order = page.evaluate("""() => Array.from(document.querySelectorAll(
                '.md-content h1, .md-content .admonition.beslutning, .md-content h2'))
                .map(e => e.tagName === 'H1' ? 'h1' : e.tagName === 'H2' ? 'h2' : 'beslutning')""")
            assert order[0] == "h1" and "beslutning" in order and order.index("beslutning") < order.index("h2")
            page.pdf(path=str(artifacts / "punkt-print.pdf"))
        page.emulate_media(media="screen")
