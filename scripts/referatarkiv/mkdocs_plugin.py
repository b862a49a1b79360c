"""A thin MkDocs plugin: before MkDocs collects files, regenerate the docs dir from the content.

All the work is in :func:`referatarkiv.generate.generate`; this only calls it, logs its report,
sets the nav (kommuner and their udvalg; every other page is ``not_in_nav``) and makes ``serve``
watch the content folder when it comes from $REFERATARKIV_CONTENT.

``mkdocs.yml``::

    plugins:
      - referatarkiv:
          content: content      # relative to mkdocs.yml; $REFERATARKIV_CONTENT overrides it
"""
from __future__ import annotations

import logging
from pathlib import Path

from mkdocs.config import config_options as c
from mkdocs.config.base import Config
from mkdocs.plugins import BasePlugin

from .generate import generate, resolve_content

log = logging.getLogger("mkdocs.plugins.referatarkiv")


class ReferatarkivConfig(Config):
    content = c.Type(str, default="content")


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
        if config.nav is None:
            config.nav = report.nav
        if content.is_dir() and str(content) not in map(str, config.watch):
            config.watch.append(str(content))
        return config
