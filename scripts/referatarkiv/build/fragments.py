"""Theme fragments rendered once per build instead of once per page.

Material renders the primary nav and the ``__config`` block for every page, and on an archive most
pages (items, sager, bilag, listings) are outside the nav, where the rendered nav differs only in
its relative links. Those links depend on how a page's URL relates to the nav's URLs, so pages
with the same URL depth and the same leading folders (as deep as the nav reaches) get the same
HTML, and the theme can render it once for all of them.

The theme calls :meth:`FragmentCache.get` from ``overrides/main.html`` with a key from
:func:`nav_key` or :func:`base_key` and a callable that renders the fragment; ``None`` as the key
means "render every time". The plugin makes one cache per build (MkDocs' ``on_env``).
"""
from __future__ import annotations

from typing import Callable, Hashable

# Where a page's own title goes in a fragment rendered once for many pages (Material's header).
TITLE_SLOT = "\u2063ra-page-title\u2063"


def _segments(url: str) -> list[str]:
    return [s for s in url.split("/") if s]


def nav_depth(nav_urls: list[str]) -> int:
    """How many leading URL folders the nav's own pages reach."""
    return max((len(_segments(u)) for u in nav_urls), default=0)


def place_key(name: str, page_url: str, depth: int) -> tuple:
    """Key for a fragment whose links point at most ``depth`` folders deep: a relative link from
    ``a/b/c/d/`` to such a URL depends only on the first ``depth`` folders of the page URL and on
    how many folders it has."""
    parts = _segments(page_url)
    return (name, len(parts), *parts[:depth])


def nav_key(page_url: str, in_nav: bool, depth: int) -> tuple | None:
    """The cache key of the primary nav for a page, or ``None`` for a page in the nav (its nav
    marks the page and its section as active, so it is rendered for that page alone)."""
    return None if in_nav else place_key("nav", page_url, depth)


def base_key(name: str, base_url: str) -> tuple:
    """Key for a fragment that links only to site files outside any page's folder (assets/…),
    so it depends on the page only through its path to the site root."""
    return (name, base_url)


class TitleStub:
    """Stands in for a page while a fragment that shows only its title and relative links is
    rendered: the URL gives the links, the title is a slot filled in per page."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.title = TITLE_SLOT
        self.meta = {"title": TITLE_SLOT}


def page_title(page) -> object | None:
    """The title Material's header prints: the front matter title, else the page title."""
    meta = getattr(page, "meta", None)
    return (meta.get("title") if meta else None) or getattr(page, "title", None)


class FragmentCache:
    """``enabled=False`` renders every fragment for every page (the comparison the tests make)."""

    def __init__(self, enabled: bool = True) -> None:
        self.enabled = enabled
        self._html: dict[Hashable, object] = {}
        self.hits = 0
        self.misses = 0

    def get(self, key: Hashable | None, render: Callable[[], object]) -> object:
        if key is None or not self.enabled:
            return render()
        try:
            html = self._html[key]
        except KeyError:
            self.misses += 1
            html = self._html[key] = render()
            return html
        self.hits += 1
        return html

    def titled(self, key: Hashable | None, page, render: Callable[[TitleStub], object]) -> object:
        """Like :meth:`get` for a fragment that shows the page's title: rendered once with a
        :class:`TitleStub`, then the slot is filled with each page's title (printed as is, like
        the theme prints it: titles are escaped when the page is generated)."""
        title = page_title(page)
        if key is None or not title or not self.enabled:
            return render(page)
        html = self.get(key, lambda: render(TitleStub(page.url)))
        return str(html).replace(TITLE_SLOT, str(title))
