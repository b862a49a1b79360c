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

What is indexed, and how, is decided by the page facts site/ writes into front matter
(``facts:``, ``search.exclude`` on closed bilag); overrides/main.html turns them into
``data-pagefind-*`` attributes. Pages without facts are not indexed: listings, bilag without text of
their own and sager with a single punkt (each repeats what its punkt page holds). This module holds
the pieces that are plain Python: the choice, the search page, the weights, the staging of what
Pagefind reads and the indexing run. Incremental builds: :mod:`.delta`.

Pagefind is pinned to 1.4.0: 1.5.2 needed twice the memory for the 10,000-item bench site (2.26
against 1.11 GB peak on the same staged pages), over the 2 GB the scale issue allows.
"""
from __future__ import annotations

import hashlib
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
SEARCH_PAGE = "soeg/index.md"  # the Pagefind search page, written by the generator only for Pagefind
BUNDLE_DIR = "pagefind"  # Pagefind's output folder inside the site
DELTA_DIR = "pagefind-delta"  # the bundle of pages changed since that one was built (delta.py)

# Page chrome inside the article that is not content: heading permalinks (¶), breadcrumbs and the
# previous/next links (they would make an item match its neighbours' titles).
EXCLUDE_SELECTORS = ".headerlink, .ra-crumbs, .ra-prevnext"

# Weights (Pagefind's default is 1 for body text, 7 for an h1): titles and decisions count more.
TITLE_WEIGHT = 10
DECISION_WEIGHT = 5


ENV_SEARCH = "REFERATARKIV_SEARCH"


def search_setting(configured: str | None) -> str:
    """The search setting in force: $REFERATARKIV_SEARCH, else the configured one, else auto."""
    return os.environ.get(ENV_SEARCH) or configured or "auto"


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


def search_page_markdown(*, delta: bool = False) -> str:
    """The search page's Markdown; overrides/soeg.html adds the search UI below it. ``delta``: an
    incremental build, whose search page also searches the bundle of the pages changed since the
    last full one (:mod:`.delta`); the page changes with it, so a dirty build renders it again."""
    return (
        "---\n"
        "title: Søg i arkivet\n"
        "template: soeg.html\n"
        + ("ra_search_delta: true\n" if delta else "") +
        "search:\n  exclude: true\n"
        "hide:\n  - toc\n"
        "---\n\n"
        "# Søg i arkivet\n\n"
        "Søg i møder, punkter, sager og åbne bilag: ord i alle bøjninger (*beslutning* finder også "
        "*beslutningen*), journalnumre helt eller delvist (*20/13750*, *13750*) og *punkt 23*.\n"
    )


_H1 = re.compile(r"<h1(?=[\s>])")
_DECISION = re.compile(r'<div class="admonition beslutning"')
# The theme's wrapper of a page boosted below 1 (overrides/main.html), right inside the body.
_BOOSTED = re.compile(r'<div data-pagefind-body>\s*<div data-pagefind-weight="(0?\.\d+)">')


def mark_weights(html: str) -> str:
    """Weight the page title (first ``<h1>``) and decision boxes of an indexed page for Pagefind.

    A page with front matter ``search.boost`` below 1 (standing punkter such as "Godkendelse af
    dagsorden", fællesnumre; site/punkt.py, site/sag.py) has its body wrapped by the theme in a
    ``data-pagefind-weight`` of that boost: Pagefind has no page weight, so its text counts less,
    and here its title and decisions are weighted times the boost too. (Material reads the boost
    as the page's weight.)

    Done on the built page, not in an engine's hook, so both engines' sites are weighted alike
    (README "Engines"). The tags come from the Markdown renderer and the theme, never from
    referat text (which is escaped), so a plain pattern on them is safe."""
    m = _BOOSTED.search(html)
    f = float(m.group(1)) if m else 1.0

    def w(x: float) -> str:
        return f"{x * f:.2f}".rstrip("0").rstrip(".")

    html = _H1.sub(f'<h1 data-pagefind-weight="{w(TITLE_WEIGHT)}"', html, count=1)
    return _DECISION.sub(f'<div class="admonition beslutning" data-pagefind-weight="{w(DECISION_WEIGHT)}"', html)


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
_STAGED_HEAD = '<!doctype html><html lang="da"><head><meta charset="utf-8"></head><body>'
# What Pagefind skips anyway, in the fixed shapes the renderer and theme write: heading permalinks,
# breadcrumbs and previous/next links (EXCLUDE_SELECTORS), the "Data pr. … · bygget …" stamp
# (data-pagefind-ignore), regions marked <!--ra-noindex--> (a punkt's timeline, site.timeline_html)
# and the decision box's sentences of our own that name the udvalg ("Endelig beslutning i
# Økonomiudvalget.", "Indstillingen blev vedtaget. Det betyder, at … besluttede:"), which would make
# every punkt a hit for the udvalg's name, weighted as a decision. Cut from the
# staged copy, so Pagefind parses less, and so a page whose only change is there (a new neighbour,
# a new build date) stages the same and stays out of an incremental build's second bundle
# (delta.py). Referat text is escaped, so it cannot contain these tags.
_SKIPPED = re.compile(
    r'<a class="headerlink" href="[^"<>]*" title="[^"<>]*">&para;</a>'
    r'|<p class="ra-(?:crumbs|prevnext)">.*?</p>'
    r'|<p class="ra-asof" data-pagefind-ignore>.*?</p>'
    r'|<p class="ra-(?:final|adopted)">.*?</p>'
    r"|<!--ra-noindex-->.*?<!--/ra-noindex-->", re.S)


def indexed_part(html: str) -> str | None:
    """What Pagefind gets of one built page: the page from its ``data-pagefind-body`` element on,
    under a bare head, without the parts it skips anyway (see ``_SKIPPED``); ``None`` for a page
    without one (it is not indexed).

    Pagefind indexes only inside ``data-pagefind-body`` once any page has one, but it still parses
    every whole page; the theme's head, header and nav before the body, and the pages without a
    body (listings, bilag without text, closed bilag), were about a third of its time. Titles and
    decisions are weighted here (:func:`mark_weights`)."""
    start = html.find(_BODY)
    if start == -1:
        return None
    return _STAGED_HEAD + mark_weights(_SKIPPED.sub("", html[start:]))


def stage_page(folder: Path, rel: str, html: str, made: set[str] | None = None) -> str | None:
    """Write the indexed part of page ``rel`` under ``folder``; return the hash of what was written,
    or ``None`` when the page is not indexed. ``made``: folders known to exist (one mkdir each)."""
    part = indexed_part(html)
    if part is None:
        return None
    parent = os.path.dirname(rel)
    if made is None or parent not in made:
        os.makedirs(folder / parent, exist_ok=True)
        if made is not None:
            made.add(parent)
    data = part.encode("utf-8")
    with open(folder / rel, "wb") as f:
        f.write(data)
    return hashlib.sha1(data).hexdigest()


class Staging:
    """The indexed part of each page, written to a folder as MkDocs renders the pages (so nothing
    has to read the site again), under the page's path in the site (so Pagefind's URLs are the
    site's). ``hashes`` tells which pages are there and what they hold, ``rendered`` which pages
    this build rendered, indexed or not. The folder is a temporary one for the length of the build."""

    def __init__(self) -> None:
        self._tmp = tempfile.TemporaryDirectory(prefix="referatarkiv-pagefind-")
        self.dir = Path(self._tmp.name)
        self.hashes: dict[str, str] = {}
        self.rendered: set[str] = set()
        self._made: set[str] = set()

    def add(self, rel: str, html: str) -> None:
        self.rendered.add(rel)
        h = stage_page(self.dir, rel, html, self._made)
        if h is not None:
            self.hashes[rel] = h

    def close(self) -> None:
        self._tmp.cleanup()


def stage_indexed_pages(site: Path, staging: Path, only: set[str] | None = None) -> dict[str, str]:
    """Stage the built site's pages (``only``: just these site-relative paths) as :class:`Staging`
    does, reading them from the site; returns page → hash of what was staged."""
    hashes = {}
    paths = (site / rel for rel in sorted(only)) if only is not None else site.rglob("*.html")
    for path in paths:
        rel = path.relative_to(site).as_posix()
        if rel.split("/", 1)[0] in (BUNDLE_DIR, DELTA_DIR):
            continue
        try:
            html = path.read_bytes().decode("utf-8")  # bytes as MkDocs wrote them (no newline translation)
        except OSError:
            continue  # a page deleted since: not indexed
        h = stage_page(staging, rel, html)
        if h is not None:
            hashes[rel] = h
    return hashes


def run_pagefind(staged: Path, output: Path, *, language: str = "da", quiet: bool = True) -> IndexResult:
    """Pagefind over the staged pages in ``staged``; the bundle, made byte-stable, replaces
    ``output`` only once it is complete (a search page loaded meanwhile, as under ``mkdocs serve``,
    sees the old bundle or none, never half of one). Raises ``RuntimeError`` with Pagefind's output
    when it fails."""
    exe = pagefind_binary()
    t0 = time.perf_counter()
    fresh = output.with_name(output.name + ".new")
    shutil.rmtree(fresh, ignore_errors=True)
    cmd = [str(exe)] if exe else [sys.executable, "-m", "pagefind"]
    cmd += ["--site", str(staged), "--output-path", str(fresh),
            "--force-language", language, "--exclude-selectors", EXCLUDE_SELECTORS]
    if quiet:
        cmd.append("--quiet")
    proc = subprocess.run(cmd, capture_output=True, text=True)
    output_text = (proc.stdout or "") + (proc.stderr or "")
    if proc.returncode != 0:
        shutil.rmtree(fresh, ignore_errors=True)
        raise RuntimeError(f"pagefind failed ({proc.returncode}): {output_text.strip()[-2000:]}")
    pagefind_bundle.canonicalize(fresh)  # same bytes on every build
    shutil.rmtree(output, ignore_errors=True)  # no chunks left from an earlier index
    fresh.rename(output)
    files, size = 0, 0
    for p in output.rglob("*"):
        if p.is_file():
            files += 1
            size += p.stat().st_size
    return IndexResult(seconds=time.perf_counter() - t0, files=files, bytes=size, output=output_text)


def build_index(site_dir: str | os.PathLike, *, staging: Staging | None = None, language: str = "da",
                quiet: bool = True) -> tuple[IndexResult, dict[str, str]]:
    """Index the whole built site into ``<site_dir>/pagefind/``: from ``staging`` when the build
    staged every page as it rendered it, else from the site's files. Returns the result and the
    hash of each indexed page's staged text (what the bundle holds; see delta.py)."""
    site = Path(site_dir)

    def run(folder: Path, hashes: dict[str, str]) -> tuple[IndexResult, dict[str, str]]:
        # No page has a body (an archive without meetings): let Pagefind read the site itself.
        return run_pagefind(folder if hashes else site, site / BUNDLE_DIR, language=language, quiet=quiet), hashes

    if staging is not None:
        return run(staging.dir, dict(staging.hashes))
    with tempfile.TemporaryDirectory(prefix="referatarkiv-pagefind-") as tmp:
        return run(Path(tmp), stage_indexed_pages(site, Path(tmp)))
