"""content/ → build/: parse every referat, link, render, and write only what changed.

``generate(content_dir, out_dir)`` is the whole pipeline and does not depend on MkDocs; the
MkDocs plugin and ``referatarkiv build`` both call it.

What it writes, and why only changed bytes (``mkdocs serve`` watches the docs dir) and no stale
files: :mod:`.outputs`. Which pages an incremental run renders at all: :mod:`.incremental`.
"""
from __future__ import annotations

import logging
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from ..archive.link import Archive, build_archive, parse_renames
from ..model import Meeting
from ..readers import SOURCE_SUFFIXES
from ..readers.bilag_text import pdf_info
from ..site.pages import nav as build_nav
from ..site.pages import render_pages, site_files
from ..site.publish import publish_pages
from .cache import ParseCache, source_key
from .incremental import RenderState, plan_render
from .outputs import read_manifest, same_but_stamp, write_outputs

log = logging.getLogger("referatarkiv")

ENV_CONTENT = "REFERATARKIV_CONTENT"


@dataclass
class SourceError:
    path: str  # content-relative
    line: int | None
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line or 1}: {self.message}"


@dataclass
class BuildReport:
    content_dir: Path
    out_dir: Path
    sources: int = 0
    meetings: int = 0
    items: int = 0
    pages: int = 0
    files: int = 0
    errors: list[SourceError] = field(default_factory=list)  # files that could not be read/parsed
    warnings: list[str] = field(default_factory=list)  # parser warnings, "path:line: message"
    problems: list[str] = field(default_factory=list)  # linking notes (attachment files …)
    written: list[str] = field(default_factory=list)  # out-relative paths written this run
    deleted: list[str] = field(default_factory=list)
    unchanged: int = 0
    rendered: int = 0  # Markdown pages rendered this run
    reused: int = 0  # Markdown pages an incremental run left alone without rendering them
    cache_hits: int = 0
    cache_misses: int = 0
    nav: list = field(default_factory=list)
    archive: Archive | None = None

    @property
    def ok(self) -> bool:
        return not self.errors

    def summary(self) -> str:
        return (f"referatarkiv: {self.sources} referater, {self.meetings} møder, {self.items} punkter → "
                f"{self.pages} sider og {self.files} filer i {self.out_dir}: {len(self.written)} skrevet, "
                f"{len(self.deleted)} slettet, {self.unchanged} uændrede; {len(self.errors)} fejl")


def find_sources(content: Path) -> list[Path]:
    """Referat files: content/<kommune>/**/<file>.txt|.md|.pdf, not inside ``*.bilag/`` folders,
    not hidden, not README files."""
    out = []
    if not content.is_dir():
        return out
    for kdir in sorted(p for p in content.iterdir() if p.is_dir() and not p.name.startswith(".")):
        for root, dirs, files in os.walk(kdir):
            dirs[:] = sorted(d for d in dirs if not d.startswith(".") and not d.endswith(".bilag"))
            for f in sorted(files):
                p = Path(root, f)
                if f.startswith(".") or p.suffix.lower() not in SOURCE_SUFFIXES:
                    continue
                if p.stem.lower() == "readme":
                    continue
                out.append(p)
    return out


def attachment_files(source: Path, content: Path) -> list[str]:
    d = source.with_name(source.stem + ".bilag")
    if not d.is_dir():
        return []
    return sorted(p.relative_to(content).as_posix() for p in d.iterdir()
                  if p.is_file() and not p.name.startswith("."))


def _load_yaml(path: Path) -> object:
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError, UnicodeDecodeError):
        return None


def kommune_names(content: Path) -> dict[str, str]:
    from ..slugs import slugify

    names = {}
    for kdir in sorted(p for p in content.iterdir() if p.is_dir()) if content.is_dir() else []:
        data = _load_yaml(kdir / "kommune.yml")
        if isinstance(data, dict) and isinstance(data.get("name"), str) and data["name"].strip():
            names[slugify(kdir.name)] = data["name"].strip()
    return names


def _error_line(e: BaseException) -> int | None:
    for attr in ("line", "lineno"):
        v = getattr(e, attr, None)
        if isinstance(v, int):
            return v
    return None


def parse_all(content: Path, parse: Callable[[Path], Meeting] | None, report: BuildReport,
              cache: "ParseCache | None" = None, keys: dict[str, str] | None = None) -> list[Meeting]:
    """``keys``, when given, gets each parsed referat's cache key (content-relative path → key)."""
    if parse is None:
        from ..parse import parse_file as parse
    else:
        cache = None  # a custom parser's results are not the parser's to cache
    try:
        from ..readers import ReadError
    except ImportError:  # pragma: no cover - read.py lands with the parser
        ReadError = OSError  # type: ignore[misc,assignment]
    meetings = []
    sources = find_sources(content)
    report.sources = len(sources)
    for path in sources:
        rel = path.relative_to(content).as_posix()
        key = None
        try:
            if cache is not None:
                key = source_key(path)
                if keys is not None:
                    keys[rel] = key
                m = cache.get(key)
                if m is not None:
                    m.municipality = path.relative_to(content).parts[0]
                    m.source_path = rel
                    for w in m.warnings:
                        report.warnings.append(f"{rel}:{w.line}: {w.message}")
                    meetings.append(m)
                    continue
            m = parse(path)
            if cache is not None and key is not None:
                cache.put(key, m)
        except ReadError as e:
            # ReadError's str() repeats the absolute path and line that SourceError already gives.
            report.errors.append(SourceError(rel, _error_line(e), f"kan ikke læses: {getattr(e, 'message', None) or e}"))
            continue
        except Exception as e:  # one bad file must not stop the archive
            report.errors.append(SourceError(rel, _error_line(e), f"kan ikke fortolkes: {type(e).__name__}: {e}"))
            continue
        m.municipality = path.relative_to(content).parts[0]
        m.source_path = rel
        for w in m.warnings:
            report.warnings.append(f"{rel}:{w.line}: {w.message}")
        meetings.append(m)
    return meetings


def default_cache_dir(out: Path) -> Path:
    """Beside the docs dir, never inside it: MkDocs would publish it and serve would watch it."""
    return out.resolve().parent / ".cache" / "referatarkiv"


def generate(content: Path | str, out: Path | str, *, parse: Callable[[Path], Meeting] | None = None,
             cache_dir: Path | str | None = None, use_cache: bool = True,
             site_url: str | None = None,
             keep_stamps: bool | Callable[[BuildReport], bool] = False) -> BuildReport:
    """Parse, link and render ``content`` into ``out``, writing only changed files.

    Parsed referater are cached by content hash in ``cache_dir`` (default ``.cache/referatarkiv``
    beside ``out``), so unchanged files are not parsed again.

    ``keep_stamps`` (incremental builds): a page whose only change is its "data as of / built"
    stamp (front matter ``ra_asof``) keeps its old file, so adding one referat rewrites only the
    pages whose content it changes, not every page of the archive. A callable is asked once the
    report (nav included) is known, before anything is rendered or written. An incremental run
    also leaves out the pages of meetings, punkter and sager whose inputs did not change since
    the last finished run into ``out`` (fingerprints kept in ``cache_dir``, see
    ``incremental.plan_render``): they are neither rendered nor read, and stay in the manifest.
    """
    content, out = Path(content), Path(out)
    report = BuildReport(content, out)
    state = RenderState(cache_dir or default_cache_dir(out), out)
    previous = state.take()  # a run that does not finish leaves no state behind
    cache = ParseCache(cache_dir or default_cache_dir(out)) if use_cache else None
    keys: dict[str, str] = {}
    meetings = parse_all(content, parse, report, cache, keys)
    if cache is not None:
        report.cache_hits, report.cache_misses = cache.hits, cache.misses
    renames_data = _load_yaml(content / "udvalg.yml") if (content / "udvalg.yml").is_file() else None
    files = {}
    for m in meetings:
        src = content / m.source_path
        files[m.source_path] = attachment_files(src, content)
    archive = build_archive(meetings, renames=parse_renames(renames_data),
                            kommune_names=kommune_names(content), attachment_files=files)
    report.archive = archive
    report.problems.extend(archive.problems)
    report.meetings = len(archive.meetings)
    report.items = len(archive.items)
    report.nav = build_nav(archive)
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
    pages = render_pages(archive, file_sizes=sizes, file_texts=texts, meetings=plan.meetings, items=plan.items,
                         cases=plan.cases)
    report.rendered = sum(1 for p in pages if p.endswith(".md"))
    pages = publish_pages(archive, pages, site_url=site_url, meetings=plan.meetings)  # feeds, open data, "data as of"
    report.reused = sum(1 for p in plan.kept if p.endswith(".md"))
    report.pages = report.rendered + report.reused
    report.files = len(copies)

    outputs: dict[str, Callable[[], bytes]] = {}
    for rel, text in pages.items():
        outputs[rel] = (lambda t=text: t.encode("utf-8"))
    for rel, src_rel in copies.items():
        if rel not in plan.kept:
            outputs[rel] = (lambda p=content / src_rel: p.read_bytes())
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
    write_outputs(out, outputs, report, same=same_but_stamp if keep else None, kept=plan.kept,
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
    """``content`` (plugin option) and ``docs_dir`` from mkdocs.yml, as paths relative to it."""
    try:
        data = yaml.load(config_file.read_text(encoding="utf-8"), Loader=_TolerantLoader) or {}
    except (OSError, yaml.YAMLError):
        return {}
    out: dict = {}
    if isinstance(data.get("docs_dir"), str):
        out["docs_dir"] = data["docs_dir"]
    if isinstance(data.get("site_url"), str) and data["site_url"]:
        out["site_url"] = data["site_url"]  # from $SITE_URL through !ENV
    for p in data.get("plugins") or []:
        if isinstance(p, dict) and isinstance(p.get("referatarkiv"), dict):
            c = p["referatarkiv"].get("content")
            if isinstance(c, str):
                out["content"] = c
    return out


def resolve_content(option: str | None, base: Path) -> Path:
    """$REFERATARKIV_CONTENT (relative to the working folder) wins over the configured folder
    (relative to mkdocs.yml)."""
    env = os.environ.get(ENV_CONTENT)
    if env:
        return Path(env).resolve()
    return (base / (option or "content")).resolve()


def main_build(args) -> int:
    config = Path(getattr(args, "config", None) or "mkdocs.yml")
    base = config.resolve().parent if config.exists() else Path.cwd()
    settings = read_settings(config) if config.exists() else {}
    if getattr(args, "content", None):
        content = Path(args.content).resolve()
    else:
        content = resolve_content(settings.get("content"), base)
    out = Path(args.out).resolve() if getattr(args, "out", None) else (base / settings.get("docs_dir", "build")).resolve()
    if not content.is_dir():
        print(f"referatarkiv: indholdsmappen {content} findes ikke", file=sys.stderr)
        return 2
    incremental = bool(getattr(args, "incremental", False))
    if incremental and getattr(args, "site", False):
        # The plugin generates (keeping stamps) inside `mkdocs build --dirty`; generating here too
        # would only do the same work twice.
        return _mkdocs_build(config, content, strict=getattr(args, "strict", False), dirty=True)
    report = generate(content, out, site_url=settings.get("site_url"), keep_stamps=incremental)
    for e in report.errors:
        print(f"{content / e.path}:{e.line or 1}: fejl: {e.message}", file=sys.stderr)
    for p in report.problems:
        print(f"referatarkiv: bemærk: {p}", file=sys.stderr)
    print(report.summary(), file=sys.stderr)
    if getattr(args, "strict", False) and report.errors:
        return 1
    if getattr(args, "site", False):
        return _mkdocs_build(config, content, strict=getattr(args, "strict", False), dirty=False)
    return 0


def _mkdocs_build(config: Path, content: Path, *, strict: bool, dirty: bool) -> int:
    """``mkdocs build`` of ``config`` on ``content``; ``dirty``: the plugin's incremental build
    (see mkdocs_plugin: only pages whose Markdown changed are rendered, the search index is kept
    whole, and anything that would make untouched pages stale forces a full build)."""
    import subprocess

    cmd = [sys.executable, "-m", "mkdocs", "build", "-f", str(config)]
    if strict:
        cmd.append("--strict")
    if dirty:
        cmd.append("--dirty")
    env = dict(os.environ, **{ENV_CONTENT: str(content)})
    return subprocess.call(cmd, env=env)
