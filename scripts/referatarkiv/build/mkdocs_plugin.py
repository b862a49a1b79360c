"""A thin MkDocs plugin: before MkDocs collects files, regenerate the docs dir from the content.

All the work is in :func:`.generate.generate`; this only calls it, logs its report, sets the nav
(kommuner and their udvalg; every other page is ``not_in_nav``) and makes ``serve`` watch the
content folder when it comes from $REFERATARKIV_CONTENT.

``mkdocs.yml``::

    plugins:
      - referatarkiv:
          content: content      # relative to mkdocs.yml; $REFERATARKIV_CONTENT overrides it
          strict: false         # true: any error in the content ("fejl") fails the build
          search: auto          # auto | material | pagefind (see referatarkiv.search.engines)

With Pagefind, Material's search plugin is switched off, the generator writes a search page and
Pagefind indexes the site after the build (:func:`.sitebuild.finish`, the same post-build step
``referatarkiv finish`` runs after another engine); the work is in :mod:`referatarkiv.search`.
$REFERATARKIV_SEARCH overrides ``search:``.

Incremental builds: ``mkdocs build --dirty`` (or ``mkdocs serve --dirty``, or ``referatarkiv build
--incremental --site``) re-renders only the pages whose Markdown changed, and the plugin keeps the
rest of the site right (nav/config/theme changes force a full build, deleted pages lose their
HTML, the search index stays whole); see :mod:`.incremental`. With Pagefind, pages are
staged for it as they are rendered (``on_post_page``); a full build indexes them all, a dirty build
only the pages changed since (:mod:`referatarkiv.search.delta`).
"""
from __future__ import annotations

import json
import logging
from pathlib import Path

from markupsafe import Markup
from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin

from ..search import engines as site_search
from ..search import material as material_search
from ..site import frontmatter
from . import fragments, incremental, sitebuild
from .generate import default_cache_dir, generate, resolve_content

log = logging.getLogger("mkdocs.plugins.referatarkiv")
MDEXT = "referatarkiv.site.mdext"


class ReferatarkivConfig(Config):
    content = c.Type(str, default="content")
    strict = c.Type(bool, default=False)  # `mkdocs build --strict` fails on every error anyway (logged as WARNING)
    search = c.Choice(site_search.ENGINES, default="auto")
    fragment_cache = c.Type(bool, default=True)  # render shared theme fragments once (fragments.py)


class ReferatarkivPlugin(BasePlugin[ReferatarkivConfig]):
    dirty = False  # MkDocs was started with --dirty: build incrementally
    full = True  # this build renders every page (not dirty, or the site's state did not match)

    @property
    def incremental_build(self) -> bool:
        """This build renders only what changed."""
        return self.dirty and not self.full

    def on_startup(self, *, command, dirty):
        self.dirty = dirty
        if dirty:
            logging.getLogger("mkdocs.commands.build").addFilter(incremental.DirtyWarningFilter())

    def on_config(self, config):
        base = Path(config.config_file_path).parent if config.config_file_path else Path.cwd()
        content = resolve_content(self.config.content, base)
        if not content.is_dir():
            log.warning("referatarkiv: content folder %s does not exist", content)
        self.cache_dir = default_cache_dir(Path(config.docs_dir))
        self.state = incremental.SiteState(self.cache_dir, config.site_dir)
        self.full, self.fingerprint = True, None

        def keep_stamps(report) -> bool:
            # Decided once the nav is known, before generate writes anything: an incremental
            # build leaves pages alone whose only change is their "data as of" stamp.
            engine = report.search
            self.fingerprint = incremental.fingerprint(config, report.nav, engine)
            site = Path(config.site_dir)
            index_there = (site / site_search.BUNDLE_DIR).is_dir() if engine == "pagefind" else \
                (site / "search" / "search_index.json").is_file()
            self.full = not (self.dirty and index_there and self.state.matches(self.fingerprint))
            return not self.full

        try:
            report = generate(content, config.docs_dir, search=site_search.search_setting(self.config.search),
                              keep_stamps=keep_stamps)
        except RuntimeError as e:  # search: pagefind without its binary
            raise PluginError(f"referatarkiv: {e}") from e
        self.report = report
        # Every problem reaches the editor at MkDocs' default level, as "path:line: fejl|advarsel: …"
        # (paths relative to the content folder). Errors are WARNINGs, which `mkdocs build --strict`
        # counts and fails on; warnings are INFO, which it does not (the real corpus has hundreds).
        log.info("referatarkiv: indhold fra %s", content)
        for p in report.problems:
            (log.warning if p.error else log.info)("referatarkiv: %s", p.format())
        log.info(report.summary())
        if report.errors and self.config.strict:
            raise PluginError(f"referatarkiv: {len(report.errors)} fejl i indholdet (strict: true)")
        if config.nav is None:
            config.nav = report.nav
        # Escaped referat text rendered in linear time (site/mdext.py); same HTML as without it.
        if MDEXT not in config.markdown_extensions:
            config.markdown_extensions.append(MDEXT)
        if content.is_dir() and str(content) not in map(str, config.watch):
            config.watch.append(str(content))
        self.engine = report.search
        log.info("referatarkiv: søgning med %s (%d punkter)", self.engine, report.items)
        config.extra["referatarkiv_search"] = self.engine  # read by overrides/main.html
        if self.engine == "pagefind":
            for name in ("material/search", "search"):
                plugin = config.plugins.get(name)
                if plugin is not None and "enabled" in plugin.config:
                    plugin.config.enabled = False
        return config

    engine = "material"

    def on_pre_build(self, *, config):
        self.pending_meta = {}
        self.state.forget()
        self.rebuilt: set[str] = set()
        self.result_facts: dict[str, list[str]] = {}  # Material: page URL → what its results show
        self.old_index = None
        self._close_staging()
        if self.engine == "pagefind":
            self.staging = site_search.Staging()
        if not self.dirty:
            return
        if self.full:
            log.info("referatarkiv: full build (no finished build of this site with the same nav, "
                     "config and theme)")
            from mkdocs import utils

            utils.clean_directory(config.site_dir)
            return
        n = incremental.remove_site_outputs(config.site_dir, self.report.deleted, config.use_directory_urls)
        log.info("referatarkiv: incremental build: %d files changed, %d deleted (%d site files removed)",
                 len(self.report.written), len(self.report.deleted), n)
        if self.engine == "material":
            try:
                self.old_index = json.loads((Path(config.site_dir) / "search" / "search_index.json")
                                            .read_text(encoding="utf-8"))
            except (OSError, ValueError):
                self.old_index = None

    def on_files(self, files, *, config):
        self.page_order = {("" if f.url in (".", "./") else f.url): i  # as Page.url and the index write it
                           for i, f in enumerate(files.documentation_pages())}
        return files

    def on_page_context(self, context, *, page, config, nav):
        self.rebuilt.add(page.url)  # called only for pages rendered in this build
        if self.engine == "material":
            facts = material_search.result_facts((page.meta or {}).get("facts"))
            if facts:
                self.result_facts[page.url] = facts
        return context

    staging: site_search.Staging | None = None

    def on_post_page(self, output, *, page, config):
        if self.staging is not None:
            self.staging.add(page.file.dest_uri, output)
        return output

    def _close_staging(self) -> None:
        if self.staging is not None:
            self.staging.close()
            self.staging = None

    def on_post_build(self, *, config):
        if self.incremental_build and self.engine == "material":
            self._merge_search_index(config)
        elif self.engine == "material":
            material_search.write_facts(config.site_dir, self.result_facts)
        if self.engine == "pagefind":
            try:
                self._index_pagefind(config)
            except RuntimeError as e:
                raise PluginError(f"referatarkiv: {e}") from e
            finally:
                self._close_staging()
        if self.fingerprint:
            self.state.save(self.fingerprint)

    def _index_pagefind(self, config) -> None:
        deleted = [incremental.site_path(rel, config.use_directory_urls)
                   for rel in self.report.deleted if rel.endswith(".md")]
        log.info(sitebuild.finish(config.site_dir, cache_dir=self.cache_dir, staging=self.staging,
                                  incremental_build=self.incremental_build, deleted=deleted,
                                  language=config.theme.get("language") or "da"))

    def on_build_error(self, *, error):
        self._close_staging()

    def _merge_search_index(self, config) -> None:
        path = Path(config.site_dir) / "search" / "search_index.json"
        try:
            new = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return  # Material's search is off
        deleted = {incremental.site_path(rel, config.use_directory_urls).removesuffix("index.html")
                   for rel in self.report.deleted if rel.endswith(".md")}
        merged = incremental.merge_search_index(self.old_index, new, self.rebuilt, deleted, self.page_order)
        material_search.add_facts(merged, self.result_facts)
        path.write_text(json.dumps(merged, separators=(",", ":"), default=str), encoding="utf-8")
        log.info("referatarkiv: search index: %d entries (%d pages re-rendered)", len(merged["docs"]), len(self.rebuilt))

    def on_env(self, env, *, config, files):
        # One cache per build; overrides/main.html asks it for the nav, header and config block.
        self.fragments = fragments.FragmentCache(enabled=self.config.fragment_cache)
        env.globals["ra_fragments"] = self.fragments
        env.globals["ra_nav_key"] = lambda page: (
            None if page is None else fragments.nav_key(page.url, page.url in self.nav_urls, self.nav_depth))
        env.globals["ra_base_key"] = fragments.base_key
        env.globals["ra_place_key"] = lambda name, page, depth: (
            None if page is None else fragments.place_key(name, page.url, depth))
        return env

    nav_urls: frozenset = frozenset()
    nav_depth = 0

    # Page and nav titles are HTML already (frontmatter.title_text: themes print them raw). As Markup,
    # a template's `|e` (Material's footer aria-labels) leaves them alone instead of escaping twice.
    def on_nav(self, nav, *, config, files):
        self.nav_urls = frozenset(p.url for p in nav.pages)
        self.nav_depth = fragments.nav_depth(list(self.nav_urls))
        stack = list(nav.items)
        while stack:
            item = stack.pop()
            if isinstance(vars(item).get("title"), str):
                item.title = Markup(item.title)
            stack.extend(getattr(item, "children", None) or [])
        if self.dirty:
            # A dirty build reads only changed pages, but the footer of a re-rendered nav page
            # shows its neighbours' titles: read the (few) nav pages' front matter anyway.
            for page in nav.pages:
                if page.markdown is None and page.file.abs_src_path:
                    page.read_source(config)
                    if isinstance(page.meta.get("title"), str):
                        page.meta["title"] = Markup(page.meta["title"])
        return nav

    # Generated pages carry a lot of front matter (search facts and terms); MkDocs would
    # read it with a pure-Python YAML parser, which took about 7 % of a build. Every value is one
    # line of JSON (frontmatter.front_matter), so the plugin reads it with json and hands MkDocs only
    # the title; the rest joins page.meta in on_page_markdown, before anything else reads it.
    def on_page_read_source(self, *, page, config):
        path = page.file.abs_src_path
        if not path or not path.endswith(".md"):
            return None
        try:
            text = Path(path).read_text(encoding="utf-8-sig")
        except (OSError, ValueError):
            return None  # MkDocs reads it again and reports the error itself
        parsed = frontmatter.read_front_matter(text)
        if parsed is None or not isinstance(parsed[0].get("title"), str) or "\n" in parsed[0]["title"]:
            return text
        meta, body = parsed
        self.pending_meta[page.file.src_uri] = meta
        # MultiMarkdown-style metadata: MkDocs reads "key: value" lines up to the first blank line
        # as strings, with no YAML parser involved.
        return f"title: {meta['title']}\n\n{body}"

    pending_meta: dict = {}

    def on_page_markdown(self, markdown, *, page, config, files):
        meta = self.pending_meta.pop(page.file.src_uri, None)
        if meta:
            page.meta.update(meta)
        if isinstance(page.meta.get("title"), str):
            page.meta["title"] = Markup(page.meta["title"])
        return markdown
