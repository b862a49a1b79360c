"""Site search: which engine, and the Pagefind side of it.

Two engines, one setting (``search:`` of the referatarkiv plugin in mkdocs.yml):

- ``material`` — Material's own search box (lunr in the browser, Danish stemmer switched on in
  mkdocs.yml). The whole index is one JSON file the browser downloads before the first result,
  so it only suits small archives.
- ``pagefind`` — Pagefind (the ``pagefind[bin]`` wheel carries the binary) indexes the built HTML
  after MkDocs; the browser fetches only the index chunks a query needs. A search page
  (``/soeg/``, overrides/soeg.html) has a small UI of our own on Pagefind's JS API
  (assets/javascripts/referatarkiv-search.js) with facets and a date order, each fetched only when
  the reader asks for it; Material's search is switched off.
- ``auto`` (default) — ``pagefind`` from :data:`PAGEFIND_FROM_ITEMS` agenda items on (the
  threshold comes from ``referatarkiv bench search``; see README "Search"), else ``material``.

What is indexed, and how, is decided by the page facts render.py writes into front matter
(``facts:``, ``search.exclude`` on closed bilag); overrides/main.html turns them into
``data-pagefind-*`` attributes. Pages without facts are not indexed: listings, bilag without text of
their own and sager with a single punkt (each repeats what its punkt page holds). This module holds the pieces that are plain Python: the choice,
the search page, the weights and the indexing run.
"""
from __future__ import annotations

import logging
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from . import pagefind_bundle

log = logging.getLogger("referatarkiv.search")

ENGINES = ("auto", "material", "pagefind")
# Agenda items (punkter) from which ``auto`` picks Pagefind. See README "Search" for the figures.
PAGEFIND_FROM_ITEMS = 300
SEARCH_PAGE = "soeg/index.md"  # the Pagefind search page, added by the plugin only for Pagefind
BUNDLE_DIR = "pagefind"  # Pagefind's output folder inside the site

# Page chrome inside the article that is not content: heading permalinks (¶), breadcrumbs and the
# previous/next links (they would make an item match its neighbours' titles).
EXCLUDE_SELECTORS = ".headerlink, .ra-crumbs, .ra-prevnext"

# Weights (Pagefind's default is 1 for body text, 7 for an h1): titles and decisions count more.
TITLE_WEIGHT = 10
DECISION_WEIGHT = 5


def choose_engine(setting: str, items: int, *, pagefind_ok: bool | None = None) -> str:
    """The engine for ``setting`` (auto|material|pagefind) and an archive of ``items`` agenda items.

    ``auto`` falls back to Material when the Pagefind binary is missing; an explicit ``pagefind``
    without it raises ``RuntimeError``."""
    if setting not in ENGINES:
        raise ValueError(f"search: expected one of {', '.join(ENGINES)}, got {setting!r}")
    ok = pagefind_binary() is not None if pagefind_ok is None else pagefind_ok
    if setting == "material":
        return "material"
    if setting == "pagefind":
        if not ok:
            raise RuntimeError("search: pagefind, but the pagefind binary is missing (pip install 'pagefind[bin]')")
        return "pagefind"
    if items >= PAGEFIND_FROM_ITEMS:
        if ok:
            return "pagefind"
        log.warning("referatarkiv: %d punkter would use Pagefind, but its binary is missing "
                    "(pip install 'pagefind[bin]'); using Material's search", items)
    return "material"


def pagefind_binary() -> Path | None:
    """The Pagefind executable: $PAGEFIND_BINARY_PATH, the pagefind_bin wheel, or one on PATH."""
    try:
        from pagefind.service import get_executable
    except ImportError:
        return None
    try:
        exe = get_executable()
    except (FileNotFoundError, OSError):
        return None
    return exe if exe is not None and Path(exe).is_file() else None


def search_page_markdown() -> str:
    """The search page's Markdown; overrides/soeg.html adds the search UI below it."""
    return (
        "---\n"
        "title: Søg i arkivet\n"
        "template: soeg.html\n"
        "search:\n  exclude: true\n"
        "hide:\n  - toc\n"
        "---\n\n"
        "# Søg i arkivet\n\n"
        "Søg i alle møder, punkter og sager og i teksten fra åbne bilag. Søgningen forstår danske bøjningsformer, "
        "så *beslutning* også finder *beslutningen* og *beslutninger*. Afgræns resultaterne med "
        "kommune, udvalg, år, sidetype og udfald, og sortér efter relevans eller dato.\n"
    )


_H1 = re.compile(r"<h1(?=[\s>])")
_DECISION = re.compile(r'<div class="admonition beslutning"')


def mark_weights(html: str) -> str:
    """Weight the page title (first ``<h1>``) and decision boxes for Pagefind.

    Both tags come from the Markdown renderer, never from referat text (which is escaped), so a
    plain pattern on them is safe."""
    html = _H1.sub(f'<h1 data-pagefind-weight="{TITLE_WEIGHT}"', html, count=1)
    return _DECISION.sub(f'<div class="admonition beslutning" data-pagefind-weight="{DECISION_WEIGHT}"', html)


@dataclass
class IndexResult:
    seconds: float
    files: int  # files in the bundle folder
    bytes: int  # their total size
    output: str  # Pagefind's log (stdout+stderr)

    def summary(self) -> str:
        return (f"referatarkiv: Pagefind-indeks på {self.seconds:.1f} s, {self.files} filer, "
                f"{self.bytes / 1e6:.1f} MB")


_BODY = "<div data-pagefind-body"


def stage_indexed_pages(site: Path, staging: Path) -> int:
    """Copy into ``staging`` only what Pagefind indexes: for each page with a ``data-pagefind-body``
    element, the page from that element on, under the same relative path (so URLs are the same).

    Pagefind indexes only inside ``data-pagefind-body`` once any page has one, but it still parses
    every whole page; the theme's head, header and nav before the body, and the pages without a
    body (listings, bilag without text, closed bilag), were about a third of its time. Returns the
    number of pages staged."""
    n = 0
    for path in site.rglob("*.html"):
        rel = path.relative_to(site)
        if rel.parts[0] == BUNDLE_DIR:
            continue
        text = path.read_text(encoding="utf-8")
        start = text.find(_BODY)
        if start == -1:
            continue
        out = staging / rel
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text('<!doctype html><html lang="da"><head><meta charset="utf-8"></head><body>'
                       + text[start:], encoding="utf-8")
        n += 1
    return n


def build_index(site_dir: str | os.PathLike, *, language: str = "da", quiet: bool = True) -> IndexResult:
    """Run Pagefind over the built site's indexed pages; the bundle lands in ``<site_dir>/pagefind/``.

    Raises ``RuntimeError`` with Pagefind's output when it fails."""
    site = Path(site_dir)
    exe = pagefind_binary()
    t0 = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="referatarkiv-pagefind-") as tmp:
        staged = stage_indexed_pages(site, Path(tmp))
        cmd = [str(exe)] if exe else [sys.executable, "-m", "pagefind"]
        # No page has a body (an archive without meetings): let Pagefind read the site itself.
        cmd += ["--site", tmp if staged else str(site), "--output-path", str(site / BUNDLE_DIR),
                "--force-language", language, "--exclude-selectors", EXCLUDE_SELECTORS]
        if quiet:
            cmd.append("--quiet")
        shutil.rmtree(site / BUNDLE_DIR, ignore_errors=True)  # no chunks left from an earlier index
        proc = subprocess.run(cmd, capture_output=True, text=True)
    seconds = time.perf_counter() - t0
    output = (proc.stdout or "") + (proc.stderr or "")
    if proc.returncode != 0:
        raise RuntimeError(f"pagefind failed ({proc.returncode}): {output.strip()[-2000:]}")
    pagefind_bundle.canonicalize(site / BUNDLE_DIR)  # same bytes on every build
    files, size = 0, 0
    for p in (site / BUNDLE_DIR).rglob("*"):
        if p.is_file():
            files += 1
            size += p.stat().st_size
    return IndexResult(seconds=seconds, files=files, bytes=size, output=output)
