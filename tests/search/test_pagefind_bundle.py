"""Pagefind's bundle is byte-stable: the same site indexed twice gives the same files (Pagefind
itself orders filter values differently from run to run), and search still reads it."""
from __future__ import annotations

import gzip
import hashlib
from pathlib import Path

import pytest

from referatarkiv.search import engines as search
from referatarkiv.search import pagefind_bundle


def _site(root: Path) -> Path:
    kommuner = ["Havbjerg Kommune", "Lindved Kommune", "Egelund Kommune"]
    udfald = ["Godkendt", "Taget til efterretning", "Udsat", "Afvist"]
    for i in range(40):
        page = root / f"punkt-{i}" / "index.html"
        page.parent.mkdir(parents=True)
        page.write_text(
            '<!doctype html><html lang="da"><body><div data-pagefind-body>'
            f'<span data-pagefind-filter="Kommune">{kommuner[i % 3]}</span>'
            f'<span data-pagefind-filter="Udfald">{udfald[i % 4]}</span>'
            f'<span data-pagefind-filter="År">{2018 + i % 7}</span>'
            f'<h1>Punkt {i}: Plejeboliger</h1><p>Udvalget behandlede sag {i} om plejebolig.</p>'
            '</div></body></html>', encoding="utf-8")
    return root


def _digest(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.skipif(search.pagefind_binary() is None, reason="the pagefind[bin] wheel is not installed")
def test_indexing_the_same_site_again_gives_the_same_bundle(tmp_path):
    site = _site(tmp_path / "site")
    runs = []
    for _ in range(4):
        search.build_index(site)
        runs.append(_digest(site / search.BUNDLE_DIR))
    assert all(r == runs[0] for r in runs)
    # filter values are in order and every file the metadata names exists
    meta_file = next((site / search.BUNDLE_DIR).glob("pagefind.*.pf_meta"))
    meta = pagefind_bundle._read(meta_file)
    names = [name for name, _ in meta[3]]
    assert names == sorted(names) and set(names) == {"Kommune", "Udfald", "År"}
    for name, h in meta[3]:
        data = pagefind_bundle._read(site / search.BUNDLE_DIR / "filter" / f"{h}.pf_filter")
        values = [v[0] for v in data[1]]
        assert values == sorted(values)


@pytest.mark.parametrize("value", [0, 23, 24, 255, 256, 70000, 2**33, -1, -500, "", "æøå", b"\x00\xff",
                                   [1, ["a", [2, 3]]], {"k": [1, "v"]}])
def test_cbor_reads_back_what_it_writes(value):
    assert pagefind_bundle.loads(pagefind_bundle.dumps(value)) == value


def test_a_bundle_in_another_shape_is_left_alone(tmp_path):
    (tmp_path / "pagefind-entry.json").write_text('{"languages": {"da": {"hash": "da_x"}}}', encoding="utf-8")
    (tmp_path / "pagefind.da_x.pf_meta").write_bytes(gzip.compress(b"not pagefind"))
    assert pagefind_bundle.canonicalize(tmp_path) == 0
    assert (tmp_path / "pagefind.da_x.pf_meta").is_file()


@pytest.mark.slow
@pytest.mark.skipif(search.pagefind_binary() is None, reason="the pagefind[bin] wheel is not installed")
def test_the_sample_site_with_pagefind_is_byte_identical_across_builds(tmp_path):
    from tests.build.test_fragments import _build  # the sample content through mkdocs with a chosen engine

    sites = []
    for name in ("a", "b"):
        work = tmp_path / name
        work.mkdir()
        sites.append(_build(work, cache=True, engine="pagefind"))
    a, b = (_digest(s) for s in sites)
    assert any(k.startswith("pagefind/filter/") for k in a)
    assert a == b
