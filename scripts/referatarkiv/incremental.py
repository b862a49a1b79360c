"""Incremental site builds: what lets ``mkdocs build --dirty`` give the same site as a full build.

MkDocs' ``--dirty`` re-renders a page when its Markdown is newer than its HTML. ``generate`` writes
only files whose bytes changed (and, in an incremental build, leaves a page alone when only its
"data as of / built" stamp moved on), so adding one referat re-renders just the pages it touches:
its meeting, items, bilag and sager, its udvalg's listings, the kommune and home pages. Three things
``--dirty`` alone gets wrong, and what this module does about them:

1. **Stale pages.** Every page's HTML depends on its own Markdown and on what all pages share: the
   nav, mkdocs.yml, the theme and its overrides, the plugin's code. A fingerprint of those is kept
   beside the parse cache (``site-state.json``, one per site folder); when it differs (a new udvalg
   changes the nav, an edited template …), or the last build did not finish, the plugin empties the
   site folder and the "dirty" build becomes a full one.
2. **Deleted pages.** A page the generator removed (a listing that moved) also loses its HTML.
3. **The search index.** Material's search plugin writes ``search/search_index.json`` from the
   pages rendered in this build only (measured: 6 entries instead of 636). The plugin keeps the
   previous index's entries for untouched pages, replaces those of re-rendered and deleted pages
   and orders them as a full build does, so the merged index equals a full build's. Pagefind
   (large archives) has no way to update a bundle in place; it re-indexes site/ after every build,
   which the build benchmark times against the 10 % budget (README "Build figures").

Pages untouched by an incremental build keep their old stamp ("Data pr. … · bygget …"), which then
says when that page's content last changed; a full build restamps every page.
"""
from __future__ import annotations

import hashlib
import json
import logging
import os
from pathlib import Path

from .generate import remove_emptied_folders

log = logging.getLogger("mkdocs.plugins.referatarkiv")

STATE_FILE = "site-state.json"
DIRTY_WARNING = "A 'dirty' build is being performed"


def _hash_tree(h: "hashlib._Hash", root: Path) -> None:
    if not root.is_dir():
        return
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        for name in sorted(filenames):
            p = Path(dirpath, name)
            try:
                st = p.stat()
            except OSError:
                continue
            h.update(f"{p.relative_to(root).as_posix()}\0{st.st_size}\0{st.st_mtime_ns}\n".encode())


def _config_files(config_file: str | None) -> list[Path]:
    """mkdocs.yml and the files it INHERITs."""
    out: list[Path] = []
    f = Path(config_file) if config_file else None
    while f is not None and f.is_file() and f not in out and len(out) < 10:
        out.append(f)
        nxt = None
        try:
            for line in f.read_text(encoding="utf-8").splitlines():
                if line.startswith("INHERIT:"):
                    nxt = (f.parent / line.split(":", 1)[1].strip().strip("'\"")).resolve()
                    break
        except OSError:
            break
        f = nxt
    return out


def fingerprint(config, nav: object, engine: str) -> str:
    """What every page's HTML depends on besides its own Markdown."""
    h = hashlib.sha256()
    h.update(json.dumps(nav, ensure_ascii=False, sort_keys=True, default=str).encode())
    h.update(f"\0{engine}\0{config.get('site_url')}\0{config.get('use_directory_urls')}\0".encode())
    for f in _config_files(config.get("config_file_path")):
        h.update(str(f).encode() + b"\0" + f.read_bytes())
    theme = config.get("theme")
    for d in (getattr(theme, "dirs", None) or []):
        # The theme's own folders and overrides (custom_dir): templates shape every page.
        h.update(str(d).encode() + b"\0")
        if "site-packages" not in str(d):
            _hash_tree(h, Path(d))
    try:
        import material
        import mkdocs

        h.update(f"mkdocs {mkdocs.__version__} material {getattr(material, '__version__', '?')}".encode())
    except ImportError:
        pass
    here = Path(__file__).parent
    for name in ("mkdocs_plugin.py", "search.py", "incremental.py"):
        try:
            h.update((here / name).read_bytes())
        except OSError:
            pass
    return h.hexdigest()


class SiteState:
    """The fingerprint of the last finished build of one site folder."""

    def __init__(self, cache_dir: Path, site_dir: str | os.PathLike):
        self.site_dir = str(Path(site_dir).resolve())
        key = hashlib.sha256(self.site_dir.encode()).hexdigest()[:12]
        self.path = Path(cache_dir) / f"{key}-{STATE_FILE}"

    def matches(self, fp: str) -> bool:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return False
        return isinstance(data, dict) and data.get("fingerprint") == fp and data.get("site_dir") == self.site_dir

    def forget(self) -> None:
        """At the start of a build: a build that does not finish leaves no state behind."""
        self.path.unlink(missing_ok=True)

    def save(self, fp: str) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.path.write_text(json.dumps({"fingerprint": fp, "site_dir": self.site_dir}) + "\n", encoding="utf-8")


def site_path(rel: str, use_directory_urls: bool = True) -> str:
    """The site file MkDocs makes of docs file ``rel``."""
    if not rel.endswith(".md"):
        return rel
    stem = rel[:-3]
    if stem == "index" or stem.endswith("/index") or stem.endswith("/README") or stem == "README":
        return stem.rsplit("/", 1)[0] + "/index.html" if "/" in stem else "index.html"
    return f"{stem}/index.html" if use_directory_urls else f"{stem}.html"


def remove_site_outputs(site_dir: str | os.PathLike, deleted: list[str], use_directory_urls: bool = True) -> int:
    """Delete the site files of docs files the generator deleted; prune emptied folders."""
    site = Path(site_dir)
    n = 0
    for rel in deleted:
        if ".." in Path(rel).parts or Path(rel).is_absolute():
            continue
        p = site / site_path(rel, use_directory_urls)
        if p.is_file():
            p.unlink()
            n += 1
            remove_emptied_folders(p, site)
    return n


def _page_of(location: str) -> str:
    return location.split("#", 1)[0]


def merge_search_index(old: dict | None, new: dict, rebuilt: set[str], deleted: set[str],
                       page_order: dict[str, int]) -> dict:
    """Material's search index after a dirty build: the new index's entries for pages rendered in
    this build, the old index's for every other page that still exists, in page order (stable
    within a page), as a full build writes it."""
    keep = [e for e in (old or {}).get("docs", [])
            if _page_of(e.get("location", "")) not in rebuilt and _page_of(e.get("location", "")) not in deleted
            and _page_of(e.get("location", "")) in page_order]
    fresh = [e for e in new.get("docs", []) if _page_of(e.get("location", "")) in rebuilt]
    docs = keep + fresh
    last = len(page_order)
    docs.sort(key=lambda e: page_order.get(_page_of(e.get("location", "")), last))
    return {**new, "docs": docs}


class DirtyWarningFilter(logging.Filter):
    """MkDocs warns that a dirty build gives stale navigation; with the plugin it does not, and the
    warning would fail every ``--strict`` incremental build."""

    def filter(self, record: logging.LogRecord) -> bool:
        return DIRTY_WARNING not in record.getMessage()
