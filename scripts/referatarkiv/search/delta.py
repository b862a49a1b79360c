"""Pagefind in incremental builds: a small second bundle of the pages changed since the full index.

Pagefind cannot update a bundle; it indexes every page again, which at 10,000 agenda items took
most of an incremental build (70–90 s of CPU to add one referat). So a dirty build leaves the main
bundle (``site/pagefind/``, built by the last full build) alone and indexes only the pages that
differ from what it holds into ``site/pagefind-delta/``, with ``manifest.json`` beside it:

    {"bundle": true, "stale": {"da_3f2a91c": {"Kommune": ["Egelund Kommune"], …}, …}}

``bundle`` says whether there is a delta bundle to merge (``pagefind.mergeIndex``); ``stale`` maps
the main bundle's page ids whose page has changed or gone to that old version's filter values. The
search page (referatarkiv-search.js) drops those pages from its results and takes them out of the
facet counts (Pagefind adds up the counts of both bundles), so a dirty build's search gives what a
full build's would. The search page of a dirty build points at the manifest; a full build has
neither, so the published site (built in full) is unchanged.

What the main bundle holds is known by a hash of each page's staged text (engines.Staging), kept in
the cache folder with the pages that now differ from it (the "overlay": hash now, or none when the
page is gone or no longer indexed). Each dirty build updates the overlay from the pages it
rendered and deleted, so edits accumulate until the next full build; a page edited back to what
the main bundle holds leaves the overlay.
"""
from __future__ import annotations

import json
import logging
import os
import shutil
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from ..statefiles import state_file
from . import engines, pagefind_bundle

log = logging.getLogger("referatarkiv.search")

STATE_FILE = "pagefind-state.json"
MANIFEST = "manifest.json"


@dataclass
class IndexState:
    """What the site's Pagefind bundles hold (page = site-relative HTML path)."""

    base: dict[str, str]  # page → hash of its staged text in the main bundle
    overlay: dict[str, str | None] = field(default_factory=dict)  # pages that differ from base now
    ids: dict[str, str] | None = None  # page → Pagefind page id in the main bundle, read when needed


def state_path(cache_dir: Path, site_dir: str | os.PathLike) -> Path:
    return state_file(cache_dir, site_dir, STATE_FILE)


def load_state(path: Path) -> IndexState | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return IndexState(base=dict(data["base"]), overlay=dict(data["overlay"]), ids=data.get("ids"))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def save_state(path: Path, state: IndexState, site_dir: str | os.PathLike) -> None:
    """Write the state of ``site_dir``'s bundles; drop the states of site folders that are gone
    (``mkdocs serve`` builds into a new temporary folder each session)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    for other in path.parent.glob(f"*-{STATE_FILE}"):
        if other != path:
            try:
                gone = not Path(json.loads(other.read_text(encoding="utf-8"))["site_dir"]).is_dir()
            except (OSError, ValueError, KeyError, TypeError):
                gone = True
            if gone:
                other.unlink(missing_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps({"site_dir": str(Path(site_dir).resolve()), "base": state.base,
                               "overlay": state.overlay, "ids": state.ids},
                              sort_keys=True, separators=(",", ":")), encoding="utf-8")
    tmp.replace(path)


def page_url(rel: str) -> str:
    """The URL Pagefind records for the staged page ``rel`` (it drops a trailing index.html)."""
    url = "/" + rel
    return url[: -len("index.html")] if url.endswith("/index.html") else url


def bundle_page_ids(bundle: Path) -> dict[str, str]:
    """URL → page id for every page of a Pagefind bundle, from its fragment files."""
    ids = {}
    for frag in (bundle / "fragment").glob("*.pf_fragment"):
        url = pagefind_bundle.read_fragment(frag).get("url")
        if isinstance(url, str):
            ids[url] = frag.stem
    return ids


def page_filters(bundle: Path, page_id: str) -> dict[str, list[str]]:
    """The filter values of page ``page_id`` in ``bundle`` (empty when its fragment is missing)."""
    try:
        filters = pagefind_bundle.read_fragment(bundle / "fragment" / f"{page_id}.pf_fragment").get("filters")
    except (OSError, ValueError):
        return {}
    if not isinstance(filters, dict):
        return {}
    return {str(k): [str(v) for v in vals] for k, vals in sorted(filters.items()) if isinstance(vals, list)}


def update_overlay(state: IndexState, now: dict[str, str | None]) -> None:
    """Record the pages this build rendered or deleted (``now``: page → hash, or None when the page
    is gone or not indexed); a page back to what the main bundle holds leaves the overlay."""
    for rel, h in now.items():
        if h == state.base.get(rel):
            state.overlay.pop(rel, None)
        else:
            state.overlay[rel] = h


@dataclass
class DeltaResult:
    pages: int  # pages in the delta bundle
    stale: int  # main-bundle pages hidden from results
    result: engines.IndexResult | None  # Pagefind's run, when there was one

    def summary(self) -> str:
        return (f"referatarkiv: Pagefind, trinvis: {self.pages} ændrede sider i {engines.DELTA_DIR}/, "
                f"{self.stale} forældede skjult i hovedindekset")


def write_manifest(site_dir: str | os.PathLike, bundle: bool, stale: dict[str, dict[str, list[str]]]) -> None:
    out = Path(site_dir) / engines.DELTA_DIR
    out.mkdir(parents=True, exist_ok=True)
    (out / MANIFEST).write_text(json.dumps({"bundle": bundle, "stale": stale}, separators=(",", ":")) + "\n",
                                encoding="utf-8")


def build_delta(site_dir: str | os.PathLike, state: IndexState, staging: engines.Staging, *,
                language: str = "da", quiet: bool = True) -> DeltaResult:
    """Index the pages in ``state.overlay`` into ``site/pagefind-delta/`` and write its manifest.

    Pages rendered in this build are in ``staging``; overlay pages from earlier dirty builds are
    staged again from the site (their HTML has not changed since). A page whose change Pagefind
    does not see (its fragment, and so its id, is the main bundle's) goes back to the main bundle:
    listed as stale it would hide both copies."""
    site = Path(site_dir)
    out, main = site / engines.DELTA_DIR, site / engines.BUNDLE_DIR
    result = None
    delta_ids: set[str] = set()
    for _ in range(2):  # the second run only when the first found such pages
        wanted = {rel for rel, h in state.overlay.items() if h}
        if state.ids is None and any(rel in state.base for rel in state.overlay):
            by_url = bundle_page_ids(main)
            state.ids = {rel: by_url[page_url(rel)] for rel in state.base if page_url(rel) in by_url}
        shutil.rmtree(out, ignore_errors=True)
        delta_ids = set()
        if not wanted:
            break
        with tempfile.TemporaryDirectory(prefix="referatarkiv-pagefind-delta-") as tmp:
            staged = Path(tmp)
            for rel in sorted(wanted & staging.hashes.keys()):
                (staged / rel).parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(staging.dir / rel, staged / rel)
            engines.stage_indexed_pages(site, staged, only=wanted - staging.hashes.keys())
            result = engines.run_pagefind(staged, out, language=language, quiet=quiet)
        by_url = bundle_page_ids(out)
        delta_ids = set(by_url.values())
        same = {rel for rel in wanted if (state.ids or {}).get(rel) is not None
                and by_url.get(page_url(rel)) == state.ids[rel]}
        if not same:
            break
        for rel in same:
            state.base[rel] = state.overlay.pop(rel)
    ids = state.ids or {}
    stale_ids = sorted({ids[rel] for rel in state.overlay if rel in state.base and rel in ids} - delta_ids)
    stale = {}
    for pid in stale_ids:
        stale[pid] = page_filters(main, pid)
        if not stale[pid]:
            log.warning("referatarkiv: Pagefind page %s has no filters in the main bundle; facet counts "
                        "may count its old version", pid)
    write_manifest(site, bool(delta_ids), stale)
    return DeltaResult(pages=len(delta_ids), stale=len(stale), result=result)


def index_site(site_dir: str | os.PathLike, cache_dir: Path, staging: engines.Staging, *, incremental_build: bool,
               deleted: Iterable[str] = (), language: str = "da") -> str:
    """Pagefind after a build; returns the line to log. A full build indexes every page it staged
    into the main bundle. An incremental one records the pages it rendered and ``deleted`` (site
    paths) and indexes the pages changed since into the second bundle; without a record of the
    main bundle it indexes the whole site again, from the site's files."""
    path = state_path(cache_dir, site_dir)
    state = load_state(path) if incremental_build else None
    if state is None:
        path.unlink(missing_ok=True)
        result, hashes = engines.build_index(site_dir, staging=None if incremental_build else staging,
                                            language=language)
        if incremental_build:  # the search page points at a manifest: an empty one
            shutil.rmtree(Path(site_dir) / engines.DELTA_DIR, ignore_errors=True)
            write_manifest(site_dir, False, {})
        save_state(path, IndexState(base=hashes), site_dir)
        return result.summary()
    now: dict[str, str | None] = {rel: staging.hashes.get(rel) for rel in staging.rendered}
    now.update(dict.fromkeys(deleted))
    update_overlay(state, now)
    path.unlink(missing_ok=True)  # no record while the bundles are being rewritten
    delta = build_delta(site_dir, state, staging, language=language)
    save_state(path, state, site_dir)
    return delta.summary()
