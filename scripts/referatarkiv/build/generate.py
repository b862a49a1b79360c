"""content/ → build/: parse every referat, link, render, and write only what changed.

``generate(content_dir, out_dir)`` is the whole pipeline and does not depend on MkDocs; the
MkDocs plugin and ``referatarkiv build`` both call it.

What it writes, and why only changed bytes (``mkdocs serve`` watches the docs dir) and no stale
files: :mod:`.outputs`. Which pages an incremental run renders at all: :mod:`.incremental`.
"""
from __future__ import annotations

import logging
import os
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from ..archive.link import Archive, build_archive, is_wrapped, kommune_slug, parse_renames
from ..model import Meeting
from ..readers import SOURCE_SUFFIXES, ReadError, files
from ..readers.bilag_text import pdf_info
from ..readers.text import read_yaml_file
from ..search.engines import SEARCH_PAGE, choose_engine, search_page_markdown
from ..slugs import slugify
from ..site.pages import nav as build_nav
from ..site.pages import render_pages, site_files
from ..site.publish import AsOf, publish_pages, stamp_line
from .cache import ParseCache, source_key
from .incremental import RenderState, plan_render
from .outputs import read_manifest, read_stamp, restamp, same_but_stamp, stamp_goes_back, write_outputs, zip_file

log = logging.getLogger("referatarkiv")

ENV_CONTENT = "REFERATARKIV_CONTENT"


@dataclass
class SourceError:
    """One problem for the editor: ``path`` (relative to the content folder) and line, and whether it
    is an error ("fejl": something was not used as written; ``--strict`` fails) or a warning
    ("advarsel")."""

    path: str  # content-relative
    line: int | None
    message: str
    error: bool = True

    @property
    def level(self) -> str:
        return "fejl" if self.error else "advarsel"

    def __str__(self) -> str:
        return f"{self.path}:{self.line or 1}: {self.message}"

    def format(self, base: Path | str | None = None) -> str:
        """``path:line: fejl|advarsel: message``; the path under ``base`` when given."""
        path = f"{Path(base) / self.path}" if base is not None and self.path else self.path
        return f"{path}:{self.line or 1}: {self.level}: {self.message}"


@dataclass
class BuildReport:
    content_dir: Path
    out_dir: Path
    sources: int = 0
    meetings: int = 0
    items: int = 0
    pages: int = 0
    files: int = 0
    errors: list[SourceError] = field(default_factory=list)  # "fejl": --strict fails on these
    warnings: list[SourceError] = field(default_factory=list)  # "advarsel": parser and linking notes
    written: list[str] = field(default_factory=list)  # out-relative paths written this run
    deleted: list[str] = field(default_factory=list)
    unchanged: int = 0
    rendered: int = 0  # Markdown pages rendered this run
    reused: int = 0  # Markdown pages an incremental run left alone without rendering them
    cache_hits: int = 0
    cache_misses: int = 0
    search: str = "material"  # the search engine chosen for the archive (search.engines.choose_engine)
    # Left out of the report's repr: the archive's objects point at each other, and printing them
    # (a failing test's assertion message) grows without end.
    nav: list = field(default_factory=list, repr=False)
    archive: Archive | None = field(default=None, repr=False)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def problems(self) -> list[SourceError]:
        """Errors and warnings, by file and line."""
        return sorted(self.errors + self.warnings, key=lambda p: (p.path, p.line or 1, not p.error))

    def add(self, path: str, line: int | None, message: str, error: bool = True) -> None:
        (self.errors if error else self.warnings).append(SourceError(path, line, message, error))

    def summary(self) -> str:
        return (f"referatarkiv: {self.sources} referater, {self.meetings} møder, {self.items} punkter → "
                f"{self.pages} sider og {self.files} filer i {self.out_dir}: {len(self.written)} skrevet, "
                f"{len(self.deleted)} slettet, {self.unchanged} uændrede; {len(self.errors)} fejl, "
                f"{len(self.warnings)} advarsler")


def _rel(path: Path | str, content: Path) -> str:
    """``path`` relative to the content folder, as the editor sees it there."""
    try:
        return Path(path).relative_to(content).as_posix()
    except ValueError:
        try:
            return Path(os.path.abspath(path)).relative_to(os.path.abspath(content)).as_posix()
        except ValueError:
            return str(path)


# Hidden files and folders (".git", ".DS_Store") are skipped without a word; one that holds
# referater is reported, as is a name that only looks hidden by accident ("..2021").
def find_sources(content: Path, report: BuildReport | None = None) -> list[Path]:
    """Referat files: content/<kommune>/**/<file>.txt|.md|.pdf|…, not inside ``*.bilag/`` folders,
    not hidden, not README files. With ``report``, what is skipped and why is reported there: hidden
    entries that hold referater, folders that are links (never followed, so nothing outside the
    content folder is read), kommune folders that point out of it."""
    out: list[Path] = []
    if not content.is_dir():
        return out

    def note(p: Path, message: str, error: bool = False) -> None:
        if report is not None:
            report.add(_rel(p, content), 1, message, error)

    for kdir in sorted(content.iterdir()):
        if kdir.name.startswith("."):
            if _holds_sources(kdir):
                note(kdir, "navnet begynder med punktum, så mappen eller filen springes over (skjult); "
                           "omdøb den, hvis den skal med")
            continue
        if not kdir.is_dir():
            if kdir.suffix.lower() in SOURCE_SUFFIXES:
                note(kdir, "et referat skal ligge i en kommunes mappe (content/<kommune>/…); filen springes over")
            continue
        real = files.outside(kdir, os.path.realpath(content))
        if real is not None:
            note(kdir, f"kommunens mappe peger uden for indholdsmappen (på {real}) og læses ikke", error=True)
            continue
        for root, dirs, names in os.walk(kdir):
            keep = []
            for d in sorted(dirs):
                p = Path(root, d)
                if p.is_symlink():
                    real = files.outside(p, os.path.realpath(content))
                    if real is not None:
                        note(p, f"mappen er et link uden for indholdsmappen (til {real}) og læses ikke", error=True)
                    elif not d.endswith(".bilag"):
                        note(p, "mappen er et link; links til mapper følges ikke, så den springes over")
                    continue
                if d.startswith("."):
                    if _holds_sources(p):
                        note(p, "mappen begynder med punktum og springes over (skjult); omdøb den, hvis den skal med")
                    continue
                if d.endswith(".bilag"):
                    continue
                keep.append(d)
            dirs[:] = keep
            for f in sorted(names):
                p = Path(root, f)
                if p.suffix.lower() not in SOURCE_SUFFIXES:
                    continue
                if f.startswith("."):
                    note(p, "filen begynder med punktum og springes over (skjult); omdøb den, hvis den skal med")
                    continue
                if p.stem.lower() == "readme":
                    continue
                out.append(p)
    return out


def _holds_sources(path: Path, budget: int = 10_000) -> bool:
    """A referat file at ``path`` or below it (links not followed, at most ``budget`` entries looked at)."""
    if path.is_file() or path.is_symlink():
        return path.suffix.lower() in SOURCE_SUFFIXES
    for _root, _dirs, names in os.walk(path):
        for f in names:
            if Path(f).suffix.lower() in SOURCE_SUFFIXES and Path(f).stem.lower() != "readme":
                return True
            budget -= 1
        budget -= 1
        if budget <= 0:
            break
    return False


def attachment_files(source: Path, content: Path, report: BuildReport | None = None) -> list[str]:
    """The files in the referat's ``<stem>.bilag/`` folder that may be published (content-relative):
    regular files inside the content folder, not hidden, not empty. What is left out is reported."""
    d = source.with_name(source.stem + ".bilag")
    if not d.is_dir():
        return []

    def note(p: Path, message: str, error: bool = True) -> None:
        if report is not None:
            report.add(_rel(p, content), 1, message, error)

    real = files.outside(d, os.path.realpath(content))
    if real is not None:
        note(d, f"bilagsmappen peger uden for indholdsmappen (på {real}); dens filer udgives ikke")
        return []
    out = []
    for p in sorted(d.iterdir()):
        if p.name.startswith("."):
            continue
        try:
            st = files.check_file(p, files.MAX_COPY_BYTES)
        except ReadError as e:
            if not p.is_dir():
                note(p, f"bilagsfilen udgives ikke: {e.message}")
            continue
        if st.st_size == 0:
            note(p, "bilagsfilen er tom (0 bytes) og udgives ikke", error=False)
            continue
        out.append(p.relative_to(content).as_posix())
    return out


def _yaml_problems(report: BuildReport, content: Path, problems: list) -> None:
    for w in problems:
        report.add(_rel(w.path, content) if w.path else "", w.line, w.message, w.error)


def kommune_folders(content: Path, report: BuildReport | None = None) -> dict[str, str]:
    """Kommune folder name → the kommune's slug. A folder named like one of the site's own top-level
    pages (``pagefind``, ``soeg``, …) is published under another slug, and folders that give the same
    slug (``Århus`` and ``aarhus``) are one kommune; both are reported."""
    out: dict[str, str] = {}
    if not content.is_dir():
        return out
    by_slug: dict[str, list[str]] = defaultdict(list)
    for kdir in sorted(p for p in content.iterdir() if p.is_dir() and not p.name.startswith(".")):
        slug = kommune_slug(kdir.name)
        out[kdir.name] = slug
        by_slug[slug].append(kdir.name)
        if report is not None and slug != slugify(kdir.name, fallback="ukendt-kommune"):
            report.add(kdir.name, 1, f"mappenavnet »{kdir.name}« er et af sitens egne navne ({slugify(kdir.name)}/); "
                                     f"kommunen udgives under {slug}/", error=False)
    for slug, names in by_slug.items():
        if len(names) > 1 and report is not None:
            for name in names[1:]:
                report.add(name, 1, f"mapperne {' og '.join(repr(n) for n in names)} bliver til den samme kommune "
                                    f"({slug}/) og vises som én", error=False)
    return out


def kommune_names(content: Path, report: BuildReport | None = None,
                  folders: dict[str, str] | None = None) -> dict[str, str]:
    """Kommune slug → display name from each folder's ``kommune.yml`` (``name: …``)."""
    names: dict[str, str] = {}
    where: dict[str, str] = {}
    folders = folders if folders is not None else kommune_folders(content)
    for folder, slug in sorted(folders.items()):
        path = content / folder / "kommune.yml"
        if not (path.exists() or path.is_symlink()):
            continue
        rel = _rel(path, content)
        data, problems = read_yaml_file(path)
        if report is not None:
            _yaml_problems(report, content, problems)
        if problems or data is None:
            continue
        if not isinstance(data, dict):
            if report is not None:
                report.add(rel, getattr(data, "line", 1), "kommune.yml skal være en YAML-ordbog (name: …); ignoreres")
            continue
        for key in data:
            if key != "name" and report is not None:
                report.add(rel, data.line_of(key), f"ukendt nøgle »{key}« ignoreres (kommune.yml kender kun name)",
                           error=False)
        name = data.get("name")
        if name is None:
            continue
        if not isinstance(name, str) or not name.strip():
            if report is not None:
                report.add(rel, data.line_of("name"), "name skal være kommunens navn som tekst; ignoreres")
            continue
        name = " ".join(name.split())
        if slug in names and names[slug] != name:
            if report is not None:
                report.add(rel, data.line_of("name"), f"navnet »{name}« bruges ikke: {where[slug]} giver allerede "
                                                      f"kommunen {slug}/ navnet »{names[slug]}«")
            continue
        names[slug], where[slug] = name, rel
    return names


RENAME_KEYS = ("kommune", "from", "to")


def read_renames(content: Path, report: BuildReport) -> list:
    """``content/udvalg.yml`` → renames; every entry that cannot be used is reported at its line."""
    path = content / "udvalg.yml"
    if not (path.exists() or path.is_symlink()):
        return []
    data, problems = read_yaml_file(path)
    _yaml_problems(report, content, problems)
    if problems or data is None:
        return []
    rel = _rel(path, content)
    if not isinstance(data, dict):
        report.add(rel, getattr(data, "line", 1), "udvalg.yml skal være en YAML-ordbog med nøglen renames; ignoreres")
        return []
    for key in data:
        if key != "renames":
            report.add(rel, data.line_of(key), f"ukendt nøgle »{key}« ignoreres (udvalg.yml kender kun renames)",
                       error=False)
    entries = data.get("renames")
    if entries is None:
        return []
    if not isinstance(entries, list):
        report.add(rel, data.line_of("renames"), "renames skal være en liste af omdøbninger (- kommune/from/to); ignoreres")
        return []
    good = []
    for i, e in enumerate(entries):
        line = entries.lines[i]
        if not isinstance(e, dict):
            report.add(rel, line, "en omdøbning skal have nøglerne kommune, from og to; ignoreres")
            continue
        bad = [k for k in RENAME_KEYS if not isinstance(e.get(k), str) or not e[k].strip()]
        for key in e:
            if key not in RENAME_KEYS:
                report.add(rel, e.line_of(key), f"ukendt nøgle »{key}« i en omdøbning ignoreres", error=False)
        if bad:
            report.add(rel, line, f"omdøbningen mangler {', '.join(bad)} som tekst; ignoreres")
            continue
        good.append((e, line))
    renames = parse_renames({"renames": [e for e, _ in good]})
    for r, (_, line) in zip(renames, good):
        r.line = line
    return renames


def _error_line(e: BaseException) -> int | None:
    for attr in ("line", "lineno"):
        v = getattr(e, attr, None)
        if isinstance(v, int):
            return v
    return None


def _meeting_problems(m: Meeting, rel: str, content: Path, report: BuildReport) -> None:
    for w in m.warnings:
        report.add(_rel(w.path, content) if w.path else rel, w.line, w.message, bool(getattr(w, "error", False)))


def parse_all(content: Path, parse: Callable[[Path], Meeting] | None, report: BuildReport,
              cache: "ParseCache | None" = None, keys: dict[str, str] | None = None,
              folders: dict[str, str] | None = None) -> list[Meeting]:
    """``keys``, when given, gets each parsed referat's cache key (content-relative path → key).
    ``folders``: kommune folder → slug (:func:`kommune_folders`)."""
    if parse is None:
        from ..parse import parse_file as parse
    else:
        cache = None  # a custom parser's results are not the parser's to cache
    folders = folders if folders is not None else kommune_folders(content)
    meetings = []
    sources = find_sources(content, report)
    report.sources = len(sources)
    with files.confined(content):
        for path in sources:
            rel = path.relative_to(content).as_posix()
            key = None
            try:
                if cache is not None:
                    key = source_key(path)
                    if keys is not None:
                        keys[rel] = key
                    m = cache.get(key)
                    if m is None:
                        m = parse(path)
                        cache.put(key, m)
                else:
                    m = parse(path)
            except ReadError as e:
                # ReadError's str() repeats the absolute path and line that SourceError already gives.
                report.add(rel, _error_line(e), f"kan ikke læses: {getattr(e, 'message', None) or e}")
                if keys is not None:
                    keys.pop(rel, None)
                continue
            except Exception as e:  # one bad file must not stop the archive
                report.add(rel, _error_line(e), f"kan ikke fortolkes: {type(e).__name__}: {e}")
                if keys is not None:
                    keys.pop(rel, None)
                continue
            folder = path.relative_to(content).parts[0]
            m.municipality = folders.get(folder) or kommune_slug(folder)
            m.source_path = rel
            _meeting_problems(m, rel, content, report)
            meetings.append(m)
    return meetings


def default_cache_dir(out: Path) -> Path:
    """Beside the docs dir, never inside it: MkDocs would publish it and serve would watch it. Not
    in ``.cache/``, which is Zensical's own cache folder and which ``zensical build --clean`` empties."""
    return out.resolve().parent / ".referatarkiv-cache"


def generate(content: Path | str, out: Path | str, *, parse: Callable[[Path], Meeting] | None = None,
             cache_dir: Path | str | None = None, use_cache: bool = True,
             site_url: str | None = None, search: str = "auto",
             keep_stamps: bool | Callable[[BuildReport], bool] = False) -> BuildReport:
    """Parse, link and render ``content`` into ``out``, writing only changed files.

    Parsed referater are cached by content hash in ``cache_dir`` (default ``.referatarkiv-cache``
    beside ``out``), so unchanged files are not parsed again.

    ``keep_stamps`` (incremental builds): a page whose only change is its "data as of / built"
    stamp (front matter ``ra_asof``) keeps its old file, so adding one referat rewrites only the
    pages whose content it changes, not every page of the archive. A callable is asked once the
    report (nav included) is known, before anything is rendered or written. An incremental run
    also leaves out the pages of meetings, punkter and sager whose inputs did not change since
    the last finished run into ``out`` (fingerprints kept in ``cache_dir``, see
    ``incremental.plan_render``): they are neither rendered nor read, and stay in the manifest.

    ``search`` (auto|material|pagefind) picks the site's search engine for the archive's size
    (``report.search``); with Pagefind the search page is one of the pages. Raises
    ``RuntimeError`` for ``pagefind`` without its binary, before anything is written.
    """
    content, out = Path(content), Path(out)
    report = BuildReport(content, out)
    with files.confined(content):
        return _generate(content, out, report, parse=parse, cache_dir=cache_dir, use_cache=use_cache,
                         site_url=site_url, search=search, keep_stamps=keep_stamps)


def _generate(content: Path, out: Path, report: BuildReport, *, parse, cache_dir, use_cache, site_url,
              search, keep_stamps) -> BuildReport:
    state = RenderState(cache_dir or default_cache_dir(out), out)
    previous = state.take()  # a run that does not finish leaves no state behind
    cache = ParseCache(cache_dir or default_cache_dir(out)) if use_cache else None
    keys: dict[str, str] = {}
    folders = kommune_folders(content, report)
    meetings = parse_all(content, parse, report, cache, keys, folders)
    if cache is not None:
        report.cache_hits, report.cache_misses = cache.hits, cache.misses
    renames = read_renames(content, report)
    bilag_files = {}
    for m in meetings:
        bilag_files[m.source_path] = attachment_files(content / m.source_path, content, report)
    archive = build_archive(meetings, renames=renames, kommune_names=kommune_names(content, report, folders),
                            attachment_files=bilag_files)
    report.archive = archive
    for w in archive.problems:
        report.add(w.path or "", w.line, w.message, w.error)
    report.meetings = len(archive.meetings)
    report.items = len(archive.items)
    report.nav = build_nav(archive)
    report.search = choose_engine(search, report.items)
    keep = keep_stamps(report) if callable(keep_stamps) else keep_stamps

    copies = site_files(archive)
    sizes, stats = {}, {}
    for site_path, src_rel in copies.items():
        try:
            st = (content / src_rel).stat()
        except OSError:
            continue
        sizes[site_path] = st.st_size
        stats[site_path] = (st.st_size, st.st_mtime_ns)
    previous_manifest = read_manifest(out)
    # In an incremental build, the pages of meetings and sager whose inputs did not change since
    # the last finished build are neither rendered nor read (incremental.plan_render).
    plan = plan_render(archive, keys=keys if cache is not None else {}, copies=copies, file_stats=stats,
                       site_url=site_url, previous=previous, manifest_digest=previous_manifest.get("render"),
                       out=out, incremental=bool(keep))
    rendered_meetings = archive.meetings if plan.meetings is None else plan.meetings
    # Open PDF bilag: page count and text for their pages (closed bilag are never in ``copies``).
    pdf_cache = (cache_dir or default_cache_dir(out)) if use_cache else None
    open_bilag = {b.download for am in rendered_meetings for ai in am.items for b in ai.bilag
                  if b.download and not b.closed}
    texts = {site_path: pdf_info(content / copies[site_path], pdf_cache) for site_path in sorted(open_bilag)
             if site_path in copies and site_path.lower().endswith(".pdf")}
    for site_path, info in texts.items():
        if info.error:
            report.add(copies[site_path], 1, ("bilagets tekst læses ikke: " if info.over_limit else
                                              "bilagets tekst kunne ikke læses: ") + info.error, info.over_limit)
    pages = render_pages(archive, file_sizes=sizes, file_texts=texts, meetings=plan.meetings, items=plan.items,
                         cases=plan.cases)
    report.rendered = sum(1 for p in pages if p.endswith(".md"))
    pages = publish_pages(archive, pages, site_url=site_url, meetings=plan.meetings)  # feeds, open data, "data as of"
    if report.search == "pagefind":
        pages[SEARCH_PAGE] = search_page_markdown(delta=bool(keep))
    report.reused = sum(1 for p in plan.kept if p.endswith(".md"))
    report.pages = report.rendered + report.reused
    report.files = len(copies)

    outputs: dict[str, Callable[[], bytes]] = {}
    for rel, text in pages.items():
        outputs[rel] = (lambda t=text: t.encode("utf-8"))
    kept = set(plan.kept)
    if kept:
        # Pages an incremental run does not render keep their stamp, unless its dates would go back
        # (the newest referat of their udvalg, or of the archive, was deleted): restamped in place.
        asof = AsOf(archive)
        for rel in sorted(p for p in kept if p.endswith(".md")):
            try:
                with open(out / rel, "rb") as f:
                    head = f.read(1024)
            except OSError:
                continue
            new = asof(rel)
            if stamp_goes_back(read_stamp(head), new):
                kept.discard(rel)
                line = stamp_line(new).encode("utf-8")
                outputs[rel] = (lambda p=out / rel, ln=line: restamp(p.read_bytes(), ln))
    for rel, src_rel in copies.items():
        if rel in plan.kept:
            continue
        if is_wrapped(rel, src_rel):
            outputs[rel] = (lambda p=content / src_rel: zip_file(p.name, files.read_bytes(p, files.MAX_COPY_BYTES)))
        else:
            outputs[rel] = (lambda p=content / src_rel: files.read_bytes(p, files.MAX_COPY_BYTES))
    failed: set[str] = set()
    saved = {}
    if plan.fingerprints:
        saved = dict(plan.fingerprints)
    extra = {"render": None}
    if saved:
        # A group with a file that could not be copied is not trusted next time.
        def settle() -> dict:
            for key, group_files in plan.files.items():
                if key in saved and failed.intersection(group_files):
                    del saved[key]
            return {"render": plan.digest(saved)}
        extra = settle
    write_outputs(out, outputs, report, same=same_but_stamp if keep else None, kept=kept,
                  failed=failed, manifest_extra=extra, previous=previous_manifest)
    if saved:
        state.save(plan, saved)
    return report


# --------------------------------------------------------------------------------------------
# settings and the CLI

class _TolerantLoader(yaml.SafeLoader):
    """Reads mkdocs.yml without MkDocs: ``!ENV`` and ``!!python/name:`` become plain values."""


def _env_tag(loader: yaml.SafeLoader, node: yaml.Node) -> object:
    if isinstance(node, yaml.ScalarNode):
        return os.environ.get(loader.construct_scalar(node))
    seq = loader.construct_sequence(node)
    for name in seq[:-1]:
        if isinstance(name, str) and name in os.environ:
            return os.environ[name]
    return seq[-1] if seq else None


_TolerantLoader.add_constructor("!ENV", _env_tag)
_TolerantLoader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)
_TolerantLoader.add_multi_constructor("!", lambda loader, suffix, node: None)


def read_settings(config_file: Path) -> dict:
    """``content`` and ``search`` (plugin options), ``docs_dir``, ``site_dir`` and ``site_url`` from
    mkdocs.yml (paths relative to it)."""
    try:
        data = yaml.load(config_file.read_text(encoding="utf-8"), Loader=_TolerantLoader) or {}
    except (OSError, yaml.YAMLError):
        return {}
    out: dict = {}
    for key in ("docs_dir", "site_dir"):
        if isinstance(data.get(key), str):
            out[key] = data[key]
    if isinstance(data.get("site_url"), str) and data["site_url"]:
        out["site_url"] = data["site_url"]  # from $SITE_URL through !ENV
    for p in data.get("plugins") or []:
        if isinstance(p, dict) and isinstance(p.get("referatarkiv"), dict):
            for key in ("content", "search"):
                if isinstance(p["referatarkiv"].get(key), str):
                    out[key] = p["referatarkiv"][key]
    return out


def resolve_content(option: str | None, base: Path) -> Path:
    """$REFERATARKIV_CONTENT (relative to the working folder) wins over the configured folder
    (relative to mkdocs.yml)."""
    env = os.environ.get(ENV_CONTENT)
    if env:
        return Path(env).resolve()
    return (base / (option or "content")).resolve()
