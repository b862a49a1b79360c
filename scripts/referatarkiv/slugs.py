"""URL slugs and heading anchors that read well in Danish: æ→ae, ø→oe, å→aa.

``slugify`` is used for every path segment the site generates; ``slugify_heading`` is the toc
extension's ``slugify`` (configured in mkdocs.yml) so heading anchors follow the same rules.
"""
from __future__ import annotations

import html
from functools import lru_cache

from slugify import slugify as _slugify

DANISH_REPLACEMENTS = [
    ["æ", "ae"], ["ø", "oe"], ["å", "aa"],
    ["Æ", "Ae"], ["Ø", "Oe"], ["Å", "Aa"],
    # Written out rather than transliterated letter by letter ("ä"→"a" would lose the e).
    ["ä", "ae"], ["ö", "oe"], ["ü", "ue"], ["Ä", "Ae"], ["Ö", "Oe"], ["Ü", "Ue"],
]


@lru_cache(maxsize=65536)  # pure; the same names and outcomes come back on every page
def slugify(text: str | None, *, max_length: int = 0, fallback: str = "x") -> str:
    """A lower-case ASCII slug: "Økonomiudvalget 2018-21" → "oekonomiudvalget-2018-21"."""
    s = _slugify(text or "", replacements=DANISH_REPLACEMENTS, max_length=max_length,
                 word_boundary=bool(max_length), save_order=True)
    return s or fallback


@lru_cache(maxsize=65536)
def slugify_heading(value: str, separator: str = "-") -> str:
    """toc ``slugify`` hook: Danish-safe anchors ("Økonomi" → "oekonomi")."""
    text = html.unescape(value)
    s = _slugify(text, replacements=DANISH_REPLACEMENTS, separator=separator)
    return s or "afsnit"


def unique(slug: str, taken: set[str]) -> str:
    """``slug`` or ``slug-2``, ``slug-3`` … whichever is not yet in ``taken``; adds it to ``taken``."""
    candidate, n = slug, 1
    while candidate in taken:
        n += 1
        candidate = f"{slug}-{n}"
    taken.add(candidate)
    return candidate
