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

The generator's side (:func:`plan_render`, at the end of this module): in an incremental build,
the pages of meetings, punkter and sager whose inputs are unchanged since the last finished
generation into the same docs dir are not rendered or read at all, only listed in the manifest.
"""
from __future__ import annotations

import dataclasses
import hashlib
import json
import logging
import os
import sys
from functools import lru_cache
from pathlib import Path

from ..statefiles import state_file

log = logging.getLogger("mkdocs.plugins.referatarkiv")

STATE_FILE = "site-state.json"
DIRTY_WARNING = "A 'dirty' build is being performed"
# The package's code every page's HTML depends on (paths relative to the package).
SITE_CODE = ("build/mkdocs_plugin.py", "search/engines.py", "build/incremental.py")


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
    here = Path(__file__).parent.parent  # the referatarkiv package
    for name in SITE_CODE:
        try:
            h.update((here / name).read_bytes())
        except OSError:
            pass
    return h.hexdigest()


class SiteState:
    """The fingerprint of the last finished build of one site folder."""

    def __init__(self, cache_dir: Path, site_dir: str | os.PathLike):
        self.site_dir = str(Path(site_dir).resolve())
        self.path = state_file(cache_dir, self.site_dir, STATE_FILE)

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
    from .outputs import remove_emptied_folders

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


# --------------------------------------------------------------------------------------------
# Rendering only the pages a change touches (``generate`` in incremental builds)
#
# The per-meeting pages (the meeting, its punkter and bilag, its open-data JSON, its copied
# files) form one group, each sag page another. A group's fingerprint hashes everything its
# files are made of: for every meeting the group reads, the parse cache key of its referat (its
# bytes, sidecar and the parser's code) and everything linking decided about it (paths, udvalg
# and kommune names, valgperiode, journalnumre and sag paths, resolved references, bilag and
# their files' sizes and times); plus the package's own code and the site URL. The meetings a
# group reads: its own, those of the other punkter of its items' sager (timelines, "Samme sag";
# not for fællesnumre, which show neither), the meetings those punkter refer to (timeline steps),
# the meetings its items refer to and are referred to by. An incremental build renders a group
# only when its fingerprint changed since the last finished build of the same docs dir or one
# of its files is missing; the listings (home, kommune, udvalg, outcome and sager lists, feeds,
# archive.json, CSV) are always rendered.

RENDER_STATE_FILE = "render-state.json"
RENDER_STATE_VERSION = 1


@lru_cache(maxsize=1)
def package_fingerprint() -> str:
    """The referatarkiv package's code and schemas as this process loaded them (and the versions
    of what they call): any code change renders every page again. Every file of the package,
    subpackages included."""
    here = Path(__file__).parent.parent  # the referatarkiv package
    h = hashlib.sha256(f"{RENDER_STATE_VERSION}\0{sys.version}\0".encode())
    try:
        from importlib.metadata import version

        h.update(version("python-slugify").encode())
    except Exception:  # pragma: no cover - a missing distribution only widens the fingerprint
        h.update(b"?")
    for p in sorted(here.rglob("*")):
        if p.is_file() and p.suffix in (".py", ".json") and "__pycache__" not in p.parts:
            h.update(p.relative_to(here).as_posix().encode() + b"\0" + p.read_bytes() + b"\0")
    return h.hexdigest()


def _digest(parts: object) -> str:
    return hashlib.blake2b(repr(parts).encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


def meeting_signature(archive, am, key: str, bilag: list, file_stats: dict) -> str:
    """Everything about one meeting its own pages may show: its referat (``key``, the parse
    cache key) and what linking decided (paths, names, sager, references, bilag, files)."""
    kom = archive.kommuner[am.kommune]
    c = am.committee
    m = am.meeting
    items = tuple(
        (ai.path, ai.position,
         None if ai.case is None else (ai.case.path, ai.case.case_number, ai.case.catch_all, ai.case.catch_all_reason),
         tuple((rr.origin, rr.text, rr.body, rr.date, rr.item_number, rr.target.path if rr.target else None)
               for rr in ai.references),
         tuple((s.section, s.start, s.end, s.target.path) for s in ai.spans),
         tuple(b.path for b in ai.bilag))
        for ai in am.items)
    files = tuple(
        (b.path, b.slug, b.label, b.title, b.closed, b.file_rel, b.download,
         file_stats.get(b.download) if b.download else None, tuple(x.path for x in b.items),
         tuple((mt.item.path, mt.section, mt.start, mt.end) for mt in b.mentions))
        for b in bilag)
    # The referat's own copy: its bytes are in ``key``; its size, not its time, is shown.
    own = file_stats.get(am.download)[0] if am.download in file_stats else None
    return _digest((key, m.municipality, m.source_path, am.kommune, kom.slug, kom.name, kom.path,
                    c.kommune, c.name, c.slug, c.path, c.unknown, c.abbreviation, am.term, am.term_derived,
                    am.slug, am.path, am.source_rel, am.download, own, items, files))


# AgendaItem fields no page of another punkt, meeting or sag shows (its sections' text, bilag
# and line number are on its own meeting's pages only).
_OWN_ONLY = {"sections", "attachments", "line"}


def item_signature(ai) -> str:
    """What the pages of other punkter and of sager may show of punkt ``ai``: its heading, decision,
    history, route, references and where they lead, its sag, and its meeting's date, time, udvalg
    and place in the URL tree."""
    am, c = ai.meeting, ai.meeting.committee
    it = ai.item
    fields = tuple((f.name, repr(getattr(it, f.name))) for f in dataclasses.fields(it) if f.name not in _OWN_ONLY)
    return _digest((ai.path, ai.slug, ai.position, fields,
                    None if ai.case is None else (ai.case.path, ai.case.case_number, ai.case.catch_all),
                    tuple((rr.origin, rr.text, rr.body, rr.date, rr.item_number, rr.target.path if rr.target else None)
                          for rr in ai.references),
                    am.path, am.slug, am.kommune, am.date, am.meeting.start_time, am.source_rel,
                    c.name, c.slug, c.path, c.unknown))


def item_dependencies(ai) -> dict:
    """The other punkter the page of ``ai`` shows something of, by id: those it refers to and is
    referred to by, and (unless its journalnummer is a fællesnummer) the punkter of its sag and
    what they refer to (the sag's timeline)."""
    deps = {}
    for rr in ai.references:
        if rr.target is not None:
            deps[id(rr.target)] = rr.target
    for rr in ai.referenced_by:
        deps[id(rr.source)] = rr.source
    if ai.case is not None and not ai.case.catch_all:
        _case_dependencies(ai.case, deps)
    deps.pop(id(ai), None)
    return deps


def _case_dependencies(case, deps: dict) -> dict:
    for x in case.items:
        deps[id(x)] = x
        if not case.catch_all:
            for rr in x.references:
                if rr.target is not None:
                    deps[id(rr.target)] = rr.target
    return deps


class RenderPlan:
    """Which page groups to render. ``meetings`` (meeting, bilag, open data, files), ``items``
    (punkt pages), ``cases`` (sag pages): the groups to render (None: all);
    ``kept``: the files of the groups left alone; ``fingerprints``: group key → fingerprint
    (empty when groups cannot be fingerprinted: a custom parser, no parse cache)."""

    def __init__(self) -> None:
        self.meetings: list | None = None
        self.items: list | None = None
        self.cases: list | None = None
        self.kept: set[str] = set()
        self.fingerprints: dict[str, str] = {}
        self.files: dict[str, list[str]] = {}
        self.global_fp = ""
        self.groups_total = 0
        self.groups_rendered = 0

    def digest(self, fingerprints: dict[str, str] | None = None) -> str:
        fps = self.fingerprints if fingerprints is None else fingerprints
        return _digest((self.global_fp, sorted(fps.items())))


def plan_render(archive, *, keys: dict[str, str], copies: dict[str, str], file_stats: dict,
                site_url: str | None, previous: dict | None, manifest_digest: str | None,
                out: Path, incremental: bool) -> RenderPlan:
    """Fingerprint every group; in an incremental build whose previous state is trusted (same docs
    dir, same code and site URL, and the manifest that build wrote still there), leave out the
    groups whose fingerprint is unchanged and whose files all exist."""
    from ..site.opendata import meeting_json_path
    from ..site.urls import page_file

    plan = RenderPlan()
    if any(am.source_rel not in keys for am in archive.meetings):
        return plan  # not every referat has a cache key: render everything, trust nothing
    plan.global_fp = _digest((package_fingerprint(), site_url or os.environ.get("SITE_URL") or None))
    bilag_of: dict[int, list] = {}
    for b in archive.bilag:
        bilag_of.setdefault(id(b.meeting), []).append(b)
    sigs = {id(am): meeting_signature(archive, am, keys[am.source_rel], bilag_of.get(id(am), []), file_stats)
            for am in archive.meetings}
    isigs = {id(ai): item_signature(ai) for ai in archive.items}
    # Groups: a meeting with its bilag, open data and files (they show that meeting only); each
    # punkt (its meeting and the punkter it shows something of); each sag.
    groups: list[tuple[str, object, list[str]]] = []
    for am in archive.meetings:
        own = sigs[id(am)]
        key = "m:" + am.path
        plan.fingerprints[key] = _digest((plan.global_fp, "meeting", own))
        files = [page_file(am.path), meeting_json_path(am)]
        for b in bilag_of.get(id(am), []):
            if b.has_page:
                files.append(page_file(b.path))
            if b.download in copies:
                files.append(b.download)
        if am.download in copies:
            files.append(am.download)
        groups.append((key, am, files))
        for ai in am.items:
            key = "i:" + ai.path
            deps = item_dependencies(ai)
            plan.fingerprints[key] = _digest((plan.global_fp, "item", ai.path, own, sorted(isigs[d] for d in deps)))
            groups.append((key, ai, [page_file(ai.path)]))
    for case in archive.cases.values():
        kom = archive.kommuner[case.kommune]
        deps = _case_dependencies(case, {})
        key = "c:" + case.path
        plan.fingerprints[key] = _digest((plan.global_fp, "case", case.kommune, kom.name, kom.path, case.path,
                                          case.case_number, case.catch_all, case.catch_all_reason,
                                          sorted(isigs[d] for d in deps)))
        groups.append((key, case, [page_file(case.path)]))
    plan.files = {key: files for key, _, files in groups}
    plan.groups_total = len(groups)
    trusted = (incremental and isinstance(previous, dict)
               and previous.get("version") == RENDER_STATE_VERSION
               and previous.get("out") == str(out.resolve())
               and previous.get("global") == plan.global_fp
               and manifest_digest is not None and previous.get("digest") == manifest_digest
               and isinstance(previous.get("groups"), dict))
    if not trusted:
        plan.groups_rendered = len(groups)
        return plan
    old = previous["groups"]
    plan.meetings, plan.items, plan.cases = [], [], []
    for key, obj, files in groups:
        if old.get(key) == plan.fingerprints[key] and all(os.path.isfile(out / f) for f in files):
            plan.kept.update(files)
            continue
        {"m": plan.meetings, "i": plan.items, "c": plan.cases}[key[0]].append(obj)
    plan.groups_rendered = len(plan.meetings) + len(plan.items) + len(plan.cases)
    return plan


class RenderState:
    """The group fingerprints of the last finished ``generate`` into one docs dir, kept beside the
    parse cache. Taken (read and deleted) at the start of a run, saved at its end: a run that does
    not finish leaves none, and the next incremental run renders everything."""

    def __init__(self, cache_dir: Path | str, out: Path | str):
        self.out = str(Path(out).resolve())
        self.path = state_file(cache_dir, self.out, RENDER_STATE_FILE)

    def take(self) -> dict | None:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            data = None
        self.path.unlink(missing_ok=True)
        return data if isinstance(data, dict) else None

    def save(self, plan: RenderPlan, fingerprints: dict[str, str]) -> None:
        data = {"version": RENDER_STATE_VERSION, "out": self.out, "global": plan.global_fp,
                "digest": plan.digest(fingerprints), "groups": fingerprints}
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            tmp = self.path.with_suffix(".tmp")
            tmp.write_text(json.dumps(data, sort_keys=True) + "\n", encoding="utf-8")
            os.replace(tmp, self.path)
        except OSError:
            pass  # no state: the next incremental run renders everything
