"""Incremental builds (mkdocs build --dirty through the plugin): adding one referat re-renders only
the pages it touches, and those equal a full build's; untouched pages keep their mtime; the search
index still holds every page; what would make untouched pages stale forces a full build."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from referatarkiv.build.generate import BuildReport, generate
from referatarkiv.build.outputs import same_but_stamp, write_outputs
from referatarkiv.build.incremental import merge_search_index, site_path

REPO = Path(__file__).resolve().parents[2]
HELD = ("havbjerg/beskaeftigelsesudvalget/2022-05-09-indstilling-rekruttering.txt",
        "havbjerg/beskaeftigelsesudvalget/2022-05-09-indstilling-rekruttering.yml")


def _config(work: Path, name: str) -> Path:
    d = work / name
    (d / "build").mkdir(parents=True)
    text = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    text = text.replace("docs_dir: build", f"docs_dir: {d / 'build'}")
    text = text.replace("site_dir: site", f"site_dir: {d / 'site'}")
    text = text.replace("custom_dir: overrides", f"custom_dir: {REPO / 'overrides'}")
    cfg = d / "mkdocs.yml"
    cfg.write_text(text, encoding="utf-8")
    return cfg


def _build(cfg: Path, content: Path, dirty: bool = False) -> str:
    env = dict(os.environ, REFERATARKIV_CONTENT=str(content), NO_MKDOCS_2_WARNING="1")
    env.pop("SOURCE_DATE_EPOCH", None)
    cmd = [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(cfg)] + (["--dirty"] if dirty else [])
    proc = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=600, cwd=cfg.parent)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return proc.stderr


def _mtimes(site: Path) -> dict[str, int]:
    return {p.relative_to(site).as_posix(): p.stat().st_mtime_ns for p in site.rglob("*") if p.is_file()}


def _pages(index: dict) -> set[str]:
    return {e["location"].split("#", 1)[0] for e in index["docs"]}


@pytest.fixture(scope="module")
def sites(tmp_path_factory):
    """A: built without one referat, then the referat added and built with --dirty.
    B: a full build of the same content with the referat."""
    work = tmp_path_factory.mktemp("incremental")
    content = work / "content"
    shutil.copytree(REPO / "content", content)
    held = work / "held"
    held.mkdir()
    for rel in HELD:
        shutil.move(str(content / rel), str(held / Path(rel).name))
    a, b = _config(work, "A"), _config(work, "B")
    _build(a, content)
    before = _mtimes(work / "A" / "site")
    index_before = json.loads((work / "A" / "site" / "search" / "search_index.json").read_text(encoding="utf-8"))
    time.sleep(0.05)
    for rel in HELD:
        shutil.move(str(held / Path(rel).name), str(content / rel))
    log = _build(a, content, dirty=True)
    _build(b, content)
    return {"work": work, "content": content, "A": work / "A" / "site", "B": work / "B" / "site",
            "before": before, "after": _mtimes(work / "A" / "site"), "log": log, "index_before": index_before,
            "cfg": a}


def test_incremental_build_rerenders_only_touched_pages(sites):
    assert "incremental build:" in sites["log"], sites["log"]
    html = [k for k in sites["after"] if k.endswith(".html")]
    touched = [k for k in html if sites["before"].get(k) != sites["after"][k]]
    untouched = [k for k in html if k in sites["before"] and sites["before"][k] == sites["after"][k]]
    assert touched and untouched
    # The new meeting's pages, its udvalg's page and the home page are re-rendered …
    assert "index.html" in touched
    assert "havbjerg/beskaeftigelses-erhvervs-og-uddannelsesudvalget/index.html" in touched or any(
        k.startswith("havbjerg/") and k.count("/") == 2 for k in touched)
    new = [k for k in touched if k not in sites["before"]]
    assert new, "the added referat's pages are new"
    # … the other kommune is not.
    assert not [k for k in touched if k.startswith("lindved/")], touched


def test_incremental_pages_equal_full_build(sites):
    a, b = sites["A"], sites["B"]
    html_a = {k for k in sites["after"] if k.endswith(".html")}
    html_b = {p.relative_to(b).as_posix() for p in b.rglob("*.html")}
    assert html_a == html_b
    touched = [k for k in html_a if sites["before"].get(k) != sites["after"][k]]
    differ = [k for k in touched if (a / k).read_bytes() != (b / k).read_bytes()]
    assert differ == []


def test_incremental_search_index_is_whole(sites):
    ia = json.loads((sites["A"] / "search" / "search_index.json").read_text(encoding="utf-8"))
    ib = json.loads((sites["B"] / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert ia == ib  # same entries in the same order as a full build
    assert len(_pages(ia)) > len(_pages(sites["index_before"]))


def test_dirty_build_after_theme_change_is_full(sites, tmp_path):
    """A changed fingerprint (here: mkdocs.yml) turns a dirty build into a full one."""
    cfg = sites["cfg"]
    cfg.write_text(cfg.read_text(encoding="utf-8").replace("site_name: Referatarkiv", "site_name: Referatarkiv 2"),
                   encoding="utf-8")
    log = _build(cfg, sites["content"], dirty=True)
    assert "full build" in log and "incremental build:" not in log
    after = _mtimes(sites["A"])
    assert all(after[k] != sites["after"].get(k) for k in after if k.endswith(".html"))
    assert "Referatarkiv 2" in (sites["A"] / "lindved" / "index.html").read_text(encoding="utf-8")


# ------------------------------------------------------------------------------------------------
# the pieces, without MkDocs

def test_same_but_stamp():
    old = b'---\nra_asof: {"built": "2020-01-01"}\ntitle: "x"\n---\n\n# x\n'
    assert same_but_stamp(old, old.replace(b"2020-01-01", b"2021-02-02"))
    assert not same_but_stamp(old, old.replace(b"# x", b"# y"))
    assert not same_but_stamp(b"# x\n", b"# x\n")


def test_keep_stamps_leaves_stamp_only_changes(tmp_path):
    out = tmp_path / "build"
    page = '---\nra_asof: {"built": "%s"}\ntitle: "x"\n---\n\n# %s\n'
    r = BuildReport(tmp_path, out)
    write_outputs(out, {"a/index.md": lambda: (page % ("2020", "x")).encode(),
                        "b/index.md": lambda: (page % ("2020", "y")).encode()}, r)
    r = BuildReport(tmp_path, out)
    write_outputs(out, {"a/index.md": lambda: (page % ("2021", "x")).encode(),
                        "b/index.md": lambda: (page % ("2021", "z")).encode()}, r, same=same_but_stamp)
    assert r.written == ["b/index.md"] and r.unchanged == 1
    assert '"2020"' in (out / "a/index.md").read_text()
    assert '"2021"' in (out / "b/index.md").read_text()


def test_generate_incremental_writes_only_changed_pages(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(REPO / "content", content)
    held = [(content / rel, tmp_path / Path(rel).name) for rel in HELD]
    for src, dst in held:
        shutil.move(str(src), str(dst))
    out = tmp_path / "build"
    full = generate(content, out)
    for src, dst in held:
        shutil.move(str(dst), str(src))
    inc = generate(content, out, keep_stamps=True)
    pages = [p for p in inc.written if p.endswith(".md")]
    assert 0 < len(pages) < full.pages / 2
    assert not [p for p in pages if p.startswith("lindved/")]


def test_site_path_and_merge():
    assert site_path("index.md") == "index.html"
    assert site_path("a/b/index.md") == "a/b/index.html"
    assert site_path("a/b.md") == "a/b/index.html"
    assert site_path("data/x.json") == "data/x.json"
    old = {"config": {}, "docs": [{"location": "", "text": "home old"}, {"location": "a/", "text": "a"},
                                  {"location": "a/#s", "text": "a s"}, {"location": "gone/", "text": "g"},
                                  {"location": "b/", "text": "b old"}]}
    new = {"config": {"lang": ["da"]}, "docs": [{"location": "", "text": "home new"}, {"location": "b/", "text": "b new"},
                                                {"location": "c/", "text": "c"}]}
    order = {"": 0, "a/": 1, "b/": 2, "c/": 3}
    merged = merge_search_index(old, new, {"", "b/", "c/"}, {"gone/"}, order)
    assert [e["text"] for e in merged["docs"]] == ["home new", "a", "a s", "b new", "c"]
    assert merged["config"] == {"lang": ["da"]}
