"""Accessibility and self-containment report for a built site: ``python -m referatarkiv.dev.a11y site/``.

Serves the site on 127.0.0.1 under a sub-path (as GitHub Pages does for a project site), opens the
home page and one page of each type — kommune, udvalg, møde, punkt, sag, bilag — in headless
Chromium in light and dark mode, plus the punkt page once more showing one badge of every outcome
("badges": the kinds the page lacks are added to its article with the markup the site writes, so a
badge colour that fails its contrast cannot hide because no sampled page happens to show it), and
for each:

- runs axe-core (the copy shipped in the ``axe-playwright-python`` package) with the WCAG 2.0/2.1
  A and AA rules;
- checks what axe cannot: ``lang="da"``, a skip link to the content, the landmarks (banner,
  navigation, main, contentinfo), a visible focus outline on a link reached by the keyboard;
- records every request to a host other than the local server (blocked, never sent).

Prints a report and exits 1 when any page has a serious or critical axe violation, fails one of the
checks, or tried to reach another host. Needs Playwright and a Chromium (Debian's /usr/bin/chromium
by default; never a downloaded one).
"""
from __future__ import annotations

import argparse
import functools
import json
import re
import sys
import threading
from dataclasses import dataclass, field
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
PREFIX = "/referatarkiv/"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING = ("serious", "critical")
SCHEMES = ("light", "dark")
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1", "[::1]"}
PAGE_TYPES = ("forside", "kommune", "udvalg", "møde", "punkt", "sag", "bilag")
BADGES = "badges"  # the sample with every outcome badge (see badge_specimen)


# --------------------------------------------------------------------------------------------
# which pages

def sample_pages(site: Path) -> dict[str, str]:
    """{page type: path relative to the site root} — one page of each type, chosen from
    data/archive.json (a punkt with a decision and a sag, a sag that is not a catch-all, an open
    bilag when there is one)."""
    data = json.loads((site / "data" / "archive.json").read_text(encoding="utf-8"))
    out = {"forside": ""}
    if data.get("kommuner"):
        out["kommune"] = data["kommuner"][0]["url"]
    meetings = [m for m in data.get("meetings", []) if m.get("items")]
    if meetings:
        m = max(meetings, key=lambda m: len(m["items"]))
        out["udvalg"] = m["committee_url"]
        out["møde"] = m["url"]
        items = [it for m in meetings for it in m["items"]]
        best = sorted(items, key=lambda it: (not it.get("decision"), not it.get("case_url"), not it.get("attachments")))
        out["punkt"] = best[0]["url"]
        # Only a bilag with a file has a page of its own (the others are entries on their punkt's page).
        bilag = [a for it in items for a in it.get("attachments", []) if a.get("download")]
        if bilag:
            out["bilag"] = bilag[0]["url"]
    cases = sorted(data.get("cases", []), key=lambda c: (c.get("catch_all", False), -len(c.get("items", []))))
    if cases:
        out["sag"] = cases[0]["url"]
    if "punkt" in out:
        out[BADGES] = out["punkt"]
    return out


def badge_classes() -> list[str]:
    """The badge class of every outcome ("ra-badge--udsat", …)."""
    from ..model import OUTCOMES
    from ..site.blocks import badges

    return re.findall(r"ra-badge--[\w-]+", badges(OUTCOMES))


def badge_specimen() -> str:
    """One badge of every outcome, as the site's pages write them (site.blocks.badges)."""
    from ..model import OUTCOMES
    from ..site.blocks import badges

    return f'<p class="ra-a11y-badges">{badges(OUTCOMES)}</p>'


_ADD_BADGES_JS = """html => {
  const have = new Set(Array.from(document.querySelectorAll('.md-content .ra-badge')).map(b => b.className));
  const box = document.createElement('div');
  box.innerHTML = html;
  const p = box.firstElementChild;
  for (const b of Array.from(p.children)) if (have.has(b.className)) b.remove();
  const article = document.querySelector('.md-content article') || document.querySelector('.md-content');
  if (p.children.length) article.insertBefore(p, article.querySelector('h1 ~ *'));
  return document.querySelectorAll('.md-content .ra-badge').length;
}"""


# --------------------------------------------------------------------------------------------
# serving

class _Handler(SimpleHTTPRequestHandler):
    prefix = PREFIX

    def translate_path(self, path: str) -> str:
        clean = path.split("?", 1)[0].split("#", 1)[0]
        if not clean.startswith(self.prefix):
            return str(Path(self.directory) / ".not-under-prefix")
        return super().translate_path("/" + clean[len(self.prefix):])

    def log_message(self, format, *args):  # noqa: A002
        pass


def serve(site: Path, prefix: str = PREFIX):
    """Serve ``site`` under ``prefix`` on a free local port; returns (base URL, shutdown)."""
    handler = functools.partial(type("H", (_Handler,), {"prefix": prefix}), directory=str(site))
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()

    def shutdown():
        httpd.shutdown()
        httpd.server_close()

    return f"http://127.0.0.1:{httpd.server_address[1]}{prefix}", shutdown


# --------------------------------------------------------------------------------------------
# checks

@dataclass
class PageResult:
    kind: str
    path: str
    scheme: str
    violations: list[dict] = field(default_factory=list)  # axe violations (all impacts)
    failures: list[str] = field(default_factory=list)  # our own checks
    external: list[str] = field(default_factory=list)  # requests to other hosts (blocked)

    @property
    def blocking(self) -> list[dict]:
        return [v for v in self.violations if v.get("impact") in BLOCKING]

    @property
    def ok(self) -> bool:
        return not self.blocking and not self.failures and not self.external


def axe_script() -> str:
    try:
        import axe_playwright_python
    except ImportError as e:  # pragma: no cover - the test extra installs it
        raise RuntimeError("axe-core not found: pip install axe-playwright-python (in the test extra)") from e
    return (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text(encoding="utf-8")


def block_external(page, log: list[str]) -> None:
    """Abort and record every request that does not go to the local server."""

    def handle(route):
        url = route.request.url
        parts = urlsplit(url)
        if parts.scheme in ("data", "blob", "about") or (parts.hostname or "") in LOCAL_HOSTS:
            route.continue_()
        else:
            log.append(url)
            route.abort()

    page.route("**/*", handle)


_STRUCTURE_JS = """() => {
  const out = [];
  const lang = document.documentElement.getAttribute('lang') || '';
  if (!/^da\\b/i.test(lang)) out.push(`html lang is "${lang}", not "da"`);
  const skip = document.querySelector('a.md-skip[href^="#"]');
  if (!skip) out.push('no skip link (a.md-skip) to the content');
  else if (!document.getElementById(decodeURIComponent(skip.getAttribute('href').slice(1))))
    out.push(`skip link target ${skip.getAttribute('href')} missing`);
  for (const [sel, name] of [['header, [role=banner]', 'banner'], ['main, [role=main]', 'main'],
                             ['nav, [role=navigation]', 'navigation'], ['footer, [role=contentinfo]', 'contentinfo']])
    if (!document.querySelector(sel)) out.push(`no ${name} landmark`);
  if (document.querySelectorAll('h1').length !== 1) out.push(`${document.querySelectorAll('h1').length} h1 elements`);
  return out;
}"""

_FOCUS_JS = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return 'nothing focused';
  const s = getComputedStyle(el);
  const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2;
  const shadow = s.boxShadow && s.boxShadow !== 'none';
  return outline || shadow ? '' : `no visible focus on ${el.tagName.toLowerCase()}.${el.className}`;
}"""


def check_page(browser, base_url: str, kind: str, path: str, scheme: str, script: str) -> PageResult:
    result = PageResult(kind, path, scheme)
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="da-DK", color_scheme=scheme)
    try:
        page = context.new_page()
        page.set_default_timeout(20_000)
        block_external(page, result.external)
        page.goto(base_url + path, wait_until="load")
        page.wait_for_timeout(150)  # Material sets the palette and components on load
        expected = "slate" if scheme == "dark" else "default"
        actual = page.evaluate("() => document.body.getAttribute('data-md-color-scheme')")
        if actual != expected:
            result.failures.append(f"colour scheme {actual!r}, expected {expected!r}")
        result.failures.extend(page.evaluate(_STRUCTURE_JS))
        if kind == BADGES:
            page.evaluate(_ADD_BADGES_JS, badge_specimen())
            shown = set(page.evaluate("() => Array.from(document.querySelectorAll('.md-content .ra-badge'))"
                                      ".flatMap(b => Array.from(b.classList)).filter(c => c.startsWith('ra-badge--'))"))
            missing = sorted(set(badge_classes()) - shown)
            if missing:
                result.failures.append("badges not shown: " + ", ".join(missing))
        # Keyboard: the first Tab reaches the skip link; then a link in the article must show focus.
        page.keyboard.press("Tab")
        msg = page.evaluate(_FOCUS_JS)
        if msg:
            result.failures.append("skip link: " + msg)
        if page.evaluate("() => { const a = document.querySelector('.md-content a[href]:not(.headerlink)');"
                         " if (!a) return false; a.focus(); return true; }"):
            page.keyboard.press("Tab")
            page.keyboard.press("Shift+Tab")
            msg = page.evaluate(_FOCUS_JS)
            if msg:
                result.failures.append("article link: " + msg)
        page.evaluate(script)
        res = page.evaluate("opts => axe.run(document, opts)", {"runOnly": {"type": "tag", "values": WCAG_TAGS},
                                                                 "resultTypes": ["violations"]})
        result.violations = res.get("violations", [])
    finally:
        context.close()
    return result


def audit(browser, base_url: str, pages: dict[str, str], schemes=SCHEMES) -> list[PageResult]:
    script = axe_script()
    return [check_page(browser, base_url, kind, path, scheme, script)
            for kind, path in pages.items() for scheme in schemes]


def external_requests(browser, base_url: str, paths: list[str]) -> dict[str, list[str]]:
    """{path: requests to other hosts} for pages loaded with every non-local request blocked."""
    out = {}
    context = browser.new_context(locale="da-DK")
    try:
        for path in paths:
            log: list[str] = []
            page = context.new_page()
            block_external(page, log)
            page.goto(base_url + path, wait_until="networkidle")
            page.close()
            out[path] = log
    finally:
        context.close()
    return out


# --------------------------------------------------------------------------------------------
# report

def report(results: list[PageResult]) -> str:
    lines = []
    for r in results:
        status = "ok" if r.ok else "FEJL"
        counts = {}
        for v in r.violations:
            counts[v.get("impact") or "?"] = counts.get(v.get("impact") or "?", 0) + 1
        summary = ", ".join(f"{n} {k}" for k, n in sorted(counts.items())) or "ingen axe-fund"
        lines.append(f"{status:4} {r.kind:8} {r.scheme:5} /{r.path}  ({summary})")
        for v in r.violations:
            targets = "; ".join(" ".join(n.get("target", [])) for n in v.get("nodes", [])[:3])
            lines.append(f"       axe {v.get('impact')}: {v['id']} – {v.get('help')} [{len(v.get('nodes', []))}× {targets}]")
        for f in r.failures:
            lines.append(f"       check: {f}")
        for u in r.external:
            lines.append(f"       external request blocked: {u}")
    bad = [r for r in results if not r.ok]
    lines.append(f"{len(results)} sidevisninger ({len({r.path for r in results})} sider × lyst/mørkt tema): "
                 f"{len(bad)} med alvorlige fund (serious/critical, tjek eller eksterne forespørgsler)")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m referatarkiv.dev.a11y", description=__doc__.split("\n\n")[0])
    ap.add_argument("site", type=Path, help="the built site (mkdocs build's site/)")
    ap.add_argument("--prefix", default=PREFIX, help="sub-path to serve the site under (default %(default)s)")
    ap.add_argument("--chromium", default=CHROMIUM, help="Chromium executable (default %(default)s)")
    ap.add_argument("--json", type=Path, help="also write the full results as JSON here")
    args = ap.parse_args(argv)
    if not (args.site / "data" / "archive.json").is_file():
        print(f"{args.site}: no data/archive.json – build the site first (mkdocs build)", file=sys.stderr)
        return 2
    from playwright.sync_api import sync_playwright

    pages = sample_pages(args.site)
    base, shutdown = serve(args.site, args.prefix)
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=args.chromium, args=CHROMIUM_ARGS)
            try:
                results = audit(browser, base, pages)
            finally:
                browser.close()
    finally:
        shutdown()
    print(report(results))
    missing = [k for k in PAGE_TYPES if k not in pages]
    if missing:
        print("sidetyper uden eksempel i arkivet: " + ", ".join(missing))
    if args.json:
        args.json.write_text(json.dumps([r.__dict__ for r in results], ensure_ascii=False, indent=1), encoding="utf-8")
    return 0 if all(r.ok for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
