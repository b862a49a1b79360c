"""Theme fragments rendered once per build (nav, header, config script) give every page exactly
the HTML it would get if each page rendered them itself; and the plugin's fast front matter reader
gives MkDocs the same metadata as YAML would."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from referatarkiv.build import fragments
from referatarkiv.site import frontmatter

REPO = Path(__file__).resolve().parents[2]


def test_a_page_in_the_nav_renders_its_own_nav():
    assert fragments.nav_key("havbjerg/", True, 2) is None


def test_pages_at_the_same_place_share_a_nav_and_other_places_do_not():
    a = fragments.nav_key("havbjerg/magistraten/2020-03-16/punkt-95/", False, 2)
    b = fragments.nav_key("havbjerg/magistraten/2020-03-16/punkt-96/", False, 2)
    other_udvalg = fragments.nav_key("havbjerg/oekonomiudvalget/2020-03-16/punkt-95/", False, 2)
    shallower = fragments.nav_key("havbjerg/magistraten/2020-03-16/", False, 2)
    assert a == b
    assert len({a, other_udvalg, shallower}) == 3


def test_the_nav_reaches_as_deep_as_its_deepest_page():
    assert fragments.nav_depth(["", "havbjerg/", "havbjerg/magistraten/"]) == 2


def test_a_cached_titled_fragment_gets_each_pages_own_title():
    cache = fragments.FragmentCache()

    class Page:
        def __init__(self, url, title):
            self.url, self.title, self.meta = url, title, {"title": title}

    def render(page):
        return f"<header><a href='{page.url}'>…</a><span>{page.meta['title']}</span></header>"

    key = fragments.place_key("header", "a/b/", 1)
    first = cache.titled(key, Page("a/b/", "Punkt 1"), render)
    second = cache.titled(key, Page("a/c/", "Punkt 2 &lt;script&gt;"), render)
    assert "Punkt 1" in first and "Punkt 2 &lt;script&gt;" in second
    assert cache.hits == 1 and cache.misses == 1
    assert fragments.TITLE_SLOT not in second


def test_front_matter_reads_back_exactly_as_yaml_reads_it():
    text = frontmatter.front_matter('Punkt 3: <b>"Citat"</b> {{ x }}: æøå',
                                    facts={"type": "punkt", "year": [2022], "date": None},
                                    search={"terms": ["a: b\n- c"], "pagefind": False})
    text += "# Overskrift\n\nTekst.\n"
    meta, body = frontmatter.read_front_matter(text)
    assert meta == yaml.safe_load(text.split("---\n")[1])
    assert body == "# Overskrift\n\nTekst.\n"


@pytest.mark.parametrize("text", ["# Ingen front matter\n", "---\ntitle: [ikke json\n---\n\nx", "---\ntitle: \"x\"\n"])
def test_other_front_matter_is_left_to_mkdocs(text):
    assert frontmatter.read_front_matter(text) is None


def _build(workdir: Path, *, cache: bool, engine: str) -> Path:
    site = workdir / f"site-{engine}-{'cache' if cache else 'plain'}"
    (workdir / "build").mkdir(exist_ok=True)
    cfg = workdir / f"mkdocs-{engine}-{cache}.yml"
    cfg.write_text(
        f"INHERIT: {json.dumps(str(REPO / 'mkdocs.yml'))}\n"
        f"docs_dir: {json.dumps(str(workdir / 'build'))}\n"
        f"site_dir: {json.dumps(str(site))}\n"
        f"theme:\n  custom_dir: {json.dumps(str(REPO / 'overrides'))}\n"
        "plugins:\n"
        "  - search:\n      lang: da\n      pipeline: [stemmer, stopWordFilter, trimmer]\n"
        f"  - referatarkiv:\n      content: {json.dumps(str(REPO / 'content'))}\n"
        f"      search: {engine}\n      fragment_cache: {'true' if cache else 'false'}\n",
        encoding="utf-8")
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", SOURCE_DATE_EPOCH="1700000000")
    env.pop("REFERATARKIV_CONTENT", None)
    proc = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(cfg)],
                          env=env, capture_output=True, text=True, timeout=600, cwd=workdir)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return site


@pytest.mark.parametrize("engine", ["material", "pagefind"])
def test_every_page_is_byte_identical_with_and_without_the_fragment_cache(tmp_path, engine):
    cached = _build(tmp_path, cache=True, engine=engine)
    plain = _build(tmp_path, cache=False, engine=engine)
    pages = sorted(p.relative_to(plain) for p in plain.rglob("*.html") if "pagefind" not in p.parts)
    assert len(pages) > 100
    assert sorted(p.relative_to(cached) for p in cached.rglob("*.html") if "pagefind" not in p.parts) == pages
    differing = [str(p) for p in pages if (cached / p).read_bytes() != (plain / p).read_bytes()]
    assert differing == []
    # the shared header still names each page
    punkt = next(p for p in pages if "punkt-" in str(p))
    assert fragments.TITLE_SLOT not in (cached / punkt).read_text(encoding="utf-8")
