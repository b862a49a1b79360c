"""The site with either engine: generate ``build/``, let the engine render it, finish it.

Two engines read the same ``mkdocs.yml``, templates (``overrides/``) and generated Markdown:

- ``mkdocs``: MkDocs 1.x with Material for MkDocs 9. The referatarkiv plugin runs the first and
  the last step inside ``mkdocs build``/``mkdocs serve`` (:mod:`.mkdocs_plugin`), so an editor's
  ``mkdocs serve`` regenerates on every change.
- ``zensical``: Material's successor (``pip install -e '.[zensical]'``). It has no plugin API, so
  the steps run here one after another: :func:`generate`, ``zensical build`` on a config that
  inherits ``mkdocs.yml`` and adds what the plugin sets at run time (:func:`zensical_config`),
  then :func:`finish`.

Everything else the site needs is in the generated Markdown (timelines, "data as of" lines) or in
templates written for both template engines (Jinja2 and Zensical's MiniJinja). README "Engines".
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

from ..search import delta as search_delta
from ..search import engines as site_search
from .generate import ENV_CONTENT, default_cache_dir, generate, read_settings, resolve_content

ENGINES = ("mkdocs", "zensical")
# Zensical's own search (its "search" plugin) is switched off: the archive's search is Pagefind,
# indexed by finish(), with the search page and ranking tuned for it (README "Search").
ZENSICAL_SEARCH = "pagefind"


def finish(site_dir: str | os.PathLike, *, cache_dir: Path, language: str = "da",
           staging: site_search.Staging | None = None, incremental_build: bool = False,
           deleted: tuple[str, ...] | list[str] = ()) -> str:
    """The step after the engine: index the built site with Pagefind into ``<site>/pagefind/``
    (weights, byte-stable bundle; :mod:`referatarkiv.search`). ``staging``: the pages as the
    MkDocs plugin saw them rendered (else they are read from the site); ``incremental_build``,
    ``deleted``: a dirty MkDocs build (:mod:`referatarkiv.search.delta`). Returns the line to log."""
    return search_delta.index_site(site_dir, cache_dir, staging, incremental_build=incremental_build,
                                   deleted=deleted, language=language)


def zensical_config(config: Path, docs_dir: Path, site_dir: Path | None, nav: list, search: str) -> str:
    """A config for Zensical that inherits ``config`` (mkdocs.yml) and sets what the MkDocs plugin
    sets at run time: the nav (kommuner and udvalg, titled as their pages are), the search engine
    the templates ask for, Zensical's own search off, and the folders. JSON, which is YAML."""
    base = config.parent
    data = {
        "INHERIT": config.name,
        # relative to the config's folder: Zensical 0.0.73 stops on an absolute docs_dir
        "docs_dir": os.path.relpath(docs_dir, base),
        "nav": nav,
        "extra": {"referatarkiv_search": search},
        # Zensical merges an inherited list by appending, and the last entry of a plugin wins.
        "plugins": [{"search": {"enabled": False}}],
    }
    if site_dir is not None:
        data["site_dir"] = os.path.relpath(site_dir, base)
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


def zensical_command() -> list[str]:
    """How to run Zensical from this Python: its module, so the engine sees the same packages."""
    return [sys.executable, "-m", "zensical"]


def zensical_available() -> bool:
    import importlib.util

    return importlib.util.find_spec("zensical") is not None


def derived_config_path(config: Path) -> Path:
    """Beside mkdocs.yml, so that its relative paths (custom_dir, docs_dir) stay right."""
    return config.resolve().parent / f".referatarkiv-zensical-{os.getpid()}.yml"


def run_zensical(config: Path, docs_dir: Path, site: Path, nav: list, search: str, *, strict: bool = False,
                 clean_cache: bool = False, runner=subprocess.call) -> int:
    """``zensical build`` of ``docs_dir`` (generated) into ``site`` (emptied first, as ``mkdocs build``
    does: no page is left from an earlier build). Zensical keeps rendered pages in its cache
    (``.cache/`` beside the config) and renders only changed ones; ``clean_cache`` starts without it.
    ``runner(cmd, cwd=…)`` runs the command and returns its exit code (the benchmark measures it)."""
    base = config.resolve().parent
    derived = derived_config_path(config)
    derived.write_text(zensical_config(config.resolve(), docs_dir.resolve(), site.resolve(), nav, search),
                       encoding="utf-8")
    try:
        if site.is_dir() and site.resolve() != base and base in site.resolve().parents:
            shutil.rmtree(site)
        cmd = zensical_command() + ["build", "-f", str(derived)] + (["--strict"] if strict else []) \
            + (["--clean"] if clean_cache else [])
        return runner(cmd, cwd=base)
    finally:
        derived.unlink(missing_ok=True)


def build_with_zensical(config: Path, content: Path, *, docs_dir: Path, site_dir: Path,
                        strict: bool = False, site_url: str | None = None, log=print) -> int:
    """generate → ``zensical build`` → finish, into ``site_dir`` (``referatarkiv build`` passes
    mkdocs.yml's). Returns an exit code: 1 for errors in the content with ``strict``, 2 when
    Zensical is missing or a step fails."""
    if not zensical_available():
        log("referatarkiv: Zensical er ikke installeret (pip install -e '.[zensical]')")
        return 2
    try:
        report = generate(content, docs_dir, site_url=site_url, search=ZENSICAL_SEARCH)
    except RuntimeError as e:  # Pagefind's binary missing
        log(f"referatarkiv: {e}")
        return 2
    for p in report.problems:
        log(p.format(content))
    log(report.summary())
    if strict and report.errors:
        return 1
    site = site_dir.resolve()
    code = run_zensical(config, docs_dir, site, report.nav, report.search, strict=strict)
    if code != 0:
        log(f"referatarkiv: zensical build stoppede ({code})")
        return 2
    try:
        log(finish(site, cache_dir=default_cache_dir(docs_dir), language="da"))
    except RuntimeError as e:
        log(f"referatarkiv: {e}")
        return 2
    return 0


# --------------------------------------------------------------------------------------------
# referatarkiv build

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
    strict = bool(getattr(args, "strict", False))
    engine = getattr(args, "engine", None) or "mkdocs"
    site_dir = Path(args.site_dir).resolve() if getattr(args, "site_dir", None) else None
    if site_dir is None and engine == "zensical":
        site_dir = (base / settings.get("site_dir", "site")).resolve()
    if getattr(args, "site", False) and engine == "zensical":
        if incremental:
            print("referatarkiv: --incremental gælder kun MkDocs; Zensical bygger hele sitet", file=sys.stderr)
        return build_with_zensical(config, content, docs_dir=out, site_dir=site_dir, strict=strict,
                                   site_url=settings.get("site_url"),
                                   log=lambda line: print(line, file=sys.stderr))
    if getattr(args, "site", False):
        # The plugin generates (into --out, when given) inside `mkdocs build` and reports every
        # problem there; generating here too would only do the same work twice.
        return _mkdocs_build(config, content, strict=strict, dirty=incremental,
                             docs_dir=out if getattr(args, "out", None) else None, site_dir=site_dir)
    try:
        report = generate(content, out, site_url=settings.get("site_url"), keep_stamps=incremental,
                          search=site_search.search_setting(settings.get("search")))
    except RuntimeError as e:  # search: pagefind without its binary
        print(f"referatarkiv: {e}", file=sys.stderr)
        return 2
    for p in report.problems:
        print(p.format(content), file=sys.stderr)
    print(report.summary(), file=sys.stderr)
    if strict and report.errors:
        return 1
    return 0


def _mkdocs_build(config: Path, content: Path, *, strict: bool, dirty: bool, docs_dir: Path | None = None,
                  site_dir: Path | None = None) -> int:
    """``mkdocs build`` of ``config`` on ``content``; ``dirty``: the plugin's incremental build
    (see mkdocs_plugin: only pages whose Markdown changed are rendered, the search index is kept
    whole, and anything that would make untouched pages stale forces a full build). ``docs_dir``:
    generate into this folder instead of mkdocs.yml's ``docs_dir``: MkDocs then reads a config that
    inherits ``config`` and sets it (written beside ``config``, so that its relative paths stay
    right, and removed after)."""
    import subprocess
    import tempfile

    env = dict(os.environ, **{ENV_CONTENT: str(content)})
    extra = None
    if docs_dir is not None:
        docs_dir.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(dir=config.resolve().parent, prefix=".referatarkiv-build-", suffix=".yml")
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(f"INHERIT: {json.dumps(config.resolve().name)}\ndocs_dir: {json.dumps(str(docs_dir))}\n")
        extra = Path(name)
    cmd = [sys.executable, "-m", "mkdocs", "build", "-f", str(extra or config)]
    if strict:
        cmd.append("--strict")
    if dirty:
        cmd.append("--dirty")
    if site_dir is not None:
        cmd += ["--site-dir", str(site_dir)]
    try:
        return subprocess.call(cmd, env=env)
    finally:
        if extra is not None:
            extra.unlink(missing_ok=True)
