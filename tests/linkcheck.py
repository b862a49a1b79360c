"""A small internal link checker for a built site (importable; also ``python tests/linkcheck.py site``).

Every ``href``/``src`` in every HTML page that points inside the site must name an existing
file (a folder URL means its index.html), and a ``#fragment`` on a link to another page must be
an id on that page. External links (with a scheme or ``//``) are not followed.
"""
from __future__ import annotations

import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if value is None:
                continue
            if name in ("href", "src") and tag != "base":
                self.links.append(value)
            elif name in ("id", "name"):
                self.ids.add(value)


def _parse(path: Path) -> _Collector:
    c = _Collector()
    c.feed(path.read_text(encoding="utf-8", errors="replace"))
    return c


def _target_file(site: Path, page: Path, url_path: str) -> Path | None:
    base = page.parent
    if url_path.startswith("/"):
        target = site / url_path.lstrip("/")
    else:
        target = base / url_path
    try:
        target = Path(*target.parts).resolve()
        target.relative_to(site.resolve())
    except ValueError:
        return None
    if target.is_dir():
        target = target / "index.html"
    return target


def check_site(site: Path | str, *, check_fragments: bool = True) -> list[str]:
    """Broken internal links as "page: link" strings (empty when all is well)."""
    site = Path(site)
    pages = sorted(site.rglob("*.html"))
    parsed = {p.resolve(): _parse(p) for p in pages}
    broken: list[str] = []
    for page in pages:
        coll = parsed[page.resolve()]
        for link in coll.links:
            parts = urlsplit(link)
            if parts.scheme or link.startswith("//"):
                continue
            if not parts.path:
                if check_fragments and parts.fragment and unquote(parts.fragment) not in coll.ids:
                    # Same-page anchors: Material adds some ids at runtime ("__skip" etc.).
                    if not parts.fragment.startswith("__"):
                        broken.append(f"{page.relative_to(site)}: {link}")
                continue
            target = _target_file(site, page, unquote(parts.path))
            if target is None or not target.is_file():
                broken.append(f"{page.relative_to(site)}: {link}")
                continue
            if check_fragments and parts.fragment and target.suffix == ".html":
                ids = parsed.get(target)
                if ids is None:
                    ids = parsed[target] = _parse(target)
                if unquote(parts.fragment) not in ids.ids and not parts.fragment.startswith("__"):
                    broken.append(f"{page.relative_to(site)}: {link} (anker mangler)")
    return broken


if __name__ == "__main__":
    problems = check_site(sys.argv[1] if len(sys.argv) > 1 else "site")
    print("\n".join(problems) or "ingen døde links")
    sys.exit(1 if problems else 0)
