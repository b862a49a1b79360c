"""The site's URL scheme: page files, relative links between pages, and the paths of the files
more than one module links to.

Every page's folder (``path``, e.g. ``havbjerg/oekonomiudvalget/2020-03-02/punkt-15/``) is decided
by :mod:`referatarkiv.archive.link`; the sub-pages of one page kind (a kommune's years, the sager
lists, an udvalg's outcome pages) are named by that kind's module. This module turns folders into
page files (``…/index.md``) and relative links, and names the files several modules link to: the
open data file and each udvalg's feed and calendar.

Links are relative (MkDocs turns ``.md`` links into page URLs), so the site works under any
sub-path.
"""
from __future__ import annotations

import posixpath

from ..archive.link import Committee

DATA_JSON = "data/archive.json"
# Subscriptions (:mod:`.feeds`), linked from udvalg pages and from every page's head (:mod:`.publish`).
ARCHIVE_FEED = "feed.xml"
COMMITTEE_FEED = "feed.xml"  # beside the udvalg's index.md
COMMITTEE_CALENDAR = "moeder.ics"


def page_file(path: str) -> str:
    """Folder path "a/b/" → its page "a/b/index.md" ("" → "index.md")."""
    return f"{path}index.md"


def href(from_path: str, to: str) -> str:
    """Relative link from the page in folder ``from_path`` to ``to`` (a folder "x/y/" meaning its
    index.md, or a file path, either with an optional "#fragment"); MkDocs turns .md links into
    page URLs."""
    to, sep, fragment = to.partition("#")  # "x/y/#a": an entry on page x/y/ (a bilag without a page)
    target = page_file(to) if to == "" or to.endswith("/") else to
    return relpath(target, from_path.rstrip("/") or ".") + (f"#{fragment}" if sep else "")


def relpath(target: str, start: str) -> str:
    """``posixpath.relpath`` for the generator's own relative paths, without its ``abspath``
    calls (a system call per link: half of page rendering time at scale)."""
    if ".." in target or ".." in start or target.startswith("/") or start.startswith("/"):
        return posixpath.relpath(target, start)
    t = [p for p in target.split("/") if p and p != "."]
    s = [p for p in start.split("/") if p and p != "."]
    i = 0
    n = min(len(t), len(s))
    while i < n and t[i] == s[i]:
        i += 1
    return "/".join([".."] * (len(s) - i) + t[i:]) or "."


def page_url(here: str, target: str) -> str:
    """URL of page folder ``target`` relative to page folder ``here`` (directory URLs)."""
    if target == here:
        return "./"
    rel = relpath(target.rstrip("/") or ".", here.rstrip("/") or ".")
    return "./" if rel == "." else rel + "/"


def committee_feed_path(c: Committee) -> str:
    return f"{c.path}{COMMITTEE_FEED}"


def committee_calendar_path(c: Committee) -> str:
    return f"{c.path}{COMMITTEE_CALENDAR}"
