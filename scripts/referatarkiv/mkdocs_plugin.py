"""A thin MkDocs plugin: before MkDocs collects files, regenerate the docs dir from the content.

All the work is in :func:`referatarkiv.generate.generate`; this only calls it, logs its report,
sets the nav (kommuner and their udvalg; every other page is ``not_in_nav``) and makes ``serve``
watch the content folder when it comes from $REFERATARKIV_CONTENT.

``mkdocs.yml``::

    plugins:
      - referatarkiv:
          content: content      # relative to mkdocs.yml; $REFERATARKIV_CONTENT overrides it
          strict: false         # true: a referat that cannot be read fails the build
          search: auto          # auto | material | pagefind (see referatarkiv.search)

With Pagefind, Material's search plugin is switched off, a search page is added and Pagefind
indexes the site after the build; the work is in :mod:`referatarkiv.search`.
"""
from __future__ import annotations

import logging
from pathlib import Path

from markupsafe import Markup
from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, InclusionLevel

from . import search as site_search
from .generate import generate, resolve_content

log = logging.getLogger("mkdocs.plugins.referatarkiv")


class ReferatarkivConfig(Config):
    content = c.Type(str, default="content")
    strict = c.Type(bool, default=False)  # `mkdocs build --strict` fails on unreadable referater anyway
    search = c.Choice(site_search.ENGINES, default="auto")


class ReferatarkivPlugin(BasePlugin[ReferatarkivConfig]):
    def on_config(self, config):
        base = Path(config.config_file_path).parent if config.config_file_path else Path.cwd()
        content = resolve_content(self.config.content, base)
        if not content.is_dir():
            log.warning("referatarkiv: content folder %s does not exist", content)
        report = generate(content, config.docs_dir)
        for e in report.errors:
            log.warning("referatarkiv: %s", e)
        for w in report.warnings:
            log.debug("referatarkiv: %s", w)
        for p in report.problems:
            log.info("referatarkiv: %s", p)
        log.info(report.summary())
        if report.errors and self.config.strict:
            raise PluginError(f"referatarkiv: {len(report.errors)} referat(er) kunne ikke læses (strict: true)")
        if config.nav is None:
            config.nav = report.nav
        if content.is_dir() and str(content) not in map(str, config.watch):
            config.watch.append(str(content))
        try:
            self.engine = site_search.choose_engine(self.config.search, report.items)
        except RuntimeError as e:
            raise PluginError(f"referatarkiv: {e}") from e
        log.info("referatarkiv: søgning med %s (%d punkter)", self.engine, report.items)
        config.extra["referatarkiv_search"] = self.engine  # read by overrides/main.html
        if self.engine == "pagefind":
            for name in ("material/search", "search"):
                plugin = config.plugins.get(name)
                if plugin is not None and "enabled" in plugin.config:
                    plugin.config.enabled = False
        return config

    engine = "material"

    def on_files(self, files, *, config):
        if self.engine == "pagefind":
            files.append(File.generated(config, site_search.SEARCH_PAGE, content=site_search.search_page_markdown(),
                                        inclusion=InclusionLevel.NOT_IN_NAV))
        return files

    def on_page_content(self, html, *, page, config, files):
        return site_search.mark_weights(html) if self.engine == "pagefind" else html

    def on_post_build(self, *, config):
        if self.engine == "pagefind":
            try:
                result = site_search.build_index(config.site_dir, language=config.theme.get("language") or "da")
            except RuntimeError as e:
                raise PluginError(f"referatarkiv: {e}") from e
            log.info(result.summary())

    # Page and nav titles are HTML already (render.title_text: themes print them raw). As Markup,
    # a template's `|e` (Material's footer aria-labels) leaves them alone instead of escaping twice.
    def on_nav(self, nav, *, config, files):
        stack = list(nav.items)
        while stack:
            item = stack.pop()
            if isinstance(vars(item).get("title"), str):
                item.title = Markup(item.title)
            stack.extend(getattr(item, "children", None) or [])
        return nav

    def on_page_markdown(self, markdown, *, page, config, files):
        if isinstance(page.meta.get("title"), str):
            page.meta["title"] = Markup(page.meta["title"])
        return markdown
