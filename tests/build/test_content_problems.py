"""Content folders and files that used to vanish, merge or publish nothing silently (issue #15,
items 5, 11 and 12): each is now reported with its path, and what can be built is built."""
from __future__ import annotations

import codecs
from pathlib import Path

import pytest

from referatarkiv.archive.link import RESERVED_TOP_LEVEL, kommune_slug
from referatarkiv.build.generate import generate
from referatarkiv.search import engines
from referatarkiv.site import urls

GOOD = ("REFERAT {udvalg} d. 05-01-2021\n\nMødedato 5. januar 2021 kl. 17:00\n\n"
        "Punkt 1: Godkendelse af dagsorden\n\nBeslutning\n\nGodkendt.\n\nBilag\n\nBilag 1 - Notat\n")


def referat(content: Path, kommune: str, name: str = "2021-01-05-referat.txt", udvalg: str = "Teknikudvalget") -> Path:
    p = content / kommune / "teknik" / name
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_text(GOOD.format(udvalg=udvalg), encoding="utf-8")
    return p


def messages(report) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for p in report.problems:
        out.setdefault(p.path, []).append(f"{p.line}: {p.level}: {p.message}")
    return out


# -- item 5: a kommune named like one of the site's own pages ----------------------------------------

def test_the_sites_own_top_level_names_are_reserved():
    own = {engines.SEARCH_PAGE.split("/")[0], engines.BUNDLE_DIR, engines.DELTA_DIR, urls.DATA_JSON.split("/")[0],
           "assets", "search", "404", "sitemap"}
    assert own <= RESERVED_TOP_LEVEL
    for name in own:
        assert kommune_slug(name) not in RESERVED_TOP_LEVEL and kommune_slug(name).startswith(name)
    assert kommune_slug("Pagefind-Delta") == "pagefind-delta-kommune"
    assert kommune_slug("havbjerg") == "havbjerg"


def test_a_kommune_named_pagefind_or_soeg_is_published_under_its_own_name(tmp_path):
    content = tmp_path / "content"
    for k in ("pagefind", "soeg", "data", "havbjerg"):
        referat(content, k)
    report = generate(content, tmp_path / "build", use_cache=False)
    assert sorted(report.archive.kommuner) == ["data-kommune", "havbjerg", "pagefind-kommune", "soeg-kommune"]
    found = messages(report)
    for k in ("pagefind", "soeg", "data"):
        (msg,) = found[k]
        assert msg.startswith("1: advarsel: ") and f"{k}-kommune/" in msg
        assert (tmp_path / "build" / f"{k}-kommune" / "index.md").is_file()
    assert not (tmp_path / "build" / "pagefind").exists() and not (tmp_path / "build" / "soeg").exists()


@pytest.mark.slow
def test_with_pagefind_a_kommune_named_pagefind_keeps_its_pages(tmp_path):
    """The whole site with Pagefind: the search bundle and the search page are the site's, and the
    kommuner named pagefind and soeg have their pages beside them."""
    import os
    import re
    import subprocess
    import sys

    from tests.conftest import write_config

    content = tmp_path / "content"
    for k in ("pagefind", "soeg"):
        referat(content, k)
    config = write_config(tmp_path)
    text = config.read_text(encoding="utf-8")
    config.write_text(re.sub(r"(?m)^(\s*)content:(.*)$", lambda m: f"{m[1]}content:{m[2]}\n{m[1]}search: pagefind",
                             text, count=1), encoding="utf-8")
    env = dict(os.environ, REFERATARKIV_CONTENT=str(content))
    proc = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config)], env=env,
                          cwd=tmp_path, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr[-3000:]
    site = tmp_path / "site"
    assert (site / "pagefind" / "pagefind.js").is_file() and (site / "soeg" / "index.html").is_file()
    for k in ("pagefind-kommune", "soeg-kommune"):
        assert (site / k / "index.html").is_file()
        assert list(site.glob(f"{k}/*/2021-01-05/punkt-1/index.html"))
    assert "advarsel: mappenavnet »pagefind«" in proc.stderr


# -- item 11: smaller things ------------------------------------------------------------------------

def test_two_folders_that_are_one_kommune_are_reported(tmp_path):
    content = tmp_path / "content"
    referat(content, "Århus")
    referat(content, "aarhus", "2021-02-01-referat.txt")
    (content / "Århus" / "kommune.yml").write_text("name: Århus Kommune\n", encoding="utf-8")
    (content / "aarhus" / "kommune.yml").write_text("name: Aarhus Kommune\n", encoding="utf-8")
    report = generate(content, tmp_path / "build", use_cache=False)
    assert list(report.archive.kommuner) == ["aarhus"] and report.meetings == 2
    found = messages(report)
    assert any("bliver til den samme kommune" in m for m in found.get("aarhus", []) + found.get("Århus", []))
    names = found.get("aarhus/kommune.yml", []) + found.get("Århus/kommune.yml", [])
    assert any(": fejl: " in m and "bruges ikke" in m for m in names), found


def test_hidden_folders_with_referater_are_reported(tmp_path):
    content = tmp_path / "content"
    referat(content, "havbjerg")
    referat(content, "..havbjerg")
    referat(content, "havbjerg", "../.gammelt/2020-01-01-referat.txt")
    (content / ".git").mkdir()
    (content / ".git" / "config").write_text("[core]\n", encoding="utf-8")
    report = generate(content, tmp_path / "build", use_cache=False)
    assert report.meetings == 1
    found = messages(report)
    assert "..havbjerg" in found and "havbjerg/.gammelt" in found
    assert ".git" not in found  # hidden and holding no referat: skipped without a word


def test_a_file_with_only_a_byte_order_mark_is_empty(tmp_path):
    content = tmp_path / "content"
    referat(content, "havbjerg")
    for name, data in (("bom8.txt", codecs.BOM_UTF8), ("bom8-blank.txt", codecs.BOM_UTF8 + b" \r\n\n"),
                       ("bom16.txt", codecs.BOM_UTF16_LE + " \n".encode("utf-16-le"))):
        (content / "havbjerg" / "teknik" / name).write_bytes(data)
    report = generate(content, tmp_path / "build", use_cache=False)
    assert report.meetings == 1
    assert {e.path: e.message for e in report.errors} == {
        f"havbjerg/teknik/{n}": "kan ikke læses: filen er tom" for n in ("bom8.txt", "bom8-blank.txt", "bom16.txt")}


def test_an_empty_bilag_file_is_not_offered_for_download(tmp_path):
    content = tmp_path / "content"
    ref = referat(content, "havbjerg")
    folder = ref.with_name(ref.stem + ".bilag")
    folder.mkdir()
    (folder / "Bilag 1 - Notat.pdf").write_bytes(b"")
    report = generate(content, tmp_path / "build", use_cache=False)
    (b,) = report.archive.bilag
    assert b.download is None
    # without a file it has no page of its own (issue 18): its entry on its punkt's page offers nothing
    assert not list((tmp_path / "build").glob("havbjerg/*/2021-01-05/bilag/*/index.md"))
    page = (tmp_path / "build" / b.path.split("#")[0] / "index.md").read_text(encoding="utf-8")
    assert "0 B" not in page and "Hent bilaget" not in page and "Notat" in page
    assert any("tom (0 bytes)" in m for m in messages(report)["havbjerg/teknik/2021-01-05-referat.bilag/Bilag 1 - Notat.pdf"])


def test_a_rename_to_no_udvalg_is_reported_at_its_line(tmp_path):
    content = tmp_path / "content"
    referat(content, "havbjerg")
    (content / "udvalg.yml").write_text(
        "renames:\n  - kommune: havbjerg\n    from: Teknikudvalget\n    to: Teknik- og Miljøudvalget\n"
        "  - kommune: havbjerg\n    from: Kulturudvalget\n    to: Kultur- og Fritidsudvalget\n", encoding="utf-8")
    report = generate(content, tmp_path / "build", use_cache=False)
    found = messages(report)["udvalg.yml"]
    assert any(m.startswith("2: advarsel: ") and "Teknik- og Miljøudvalget" in m for m in found), found
    assert any(m.startswith("5: advarsel: ") and "bruges ikke" in m for m in found), found


# -- item 12: a file in which no referat can be found ------------------------------------------------

def test_garbage_is_refused_unless_its_front_matter_says_what_it_is(tmp_path):
    content = tmp_path / "content"
    referat(content, "havbjerg")
    t = content / "havbjerg" / "teknik"
    (t / "affald.txt").write_bytes(b"\xff\xfe\xfd garbage \xff\x00\x00 zzz \xff\n" * 3)
    (t / "tal.txt").write_bytes(b"12 34 56\n78 90\n")
    (t / "indstilling.txt").write_text("---\ncommittee: Teknikudvalget\ndate: 2021-02-01\n---\n\nEt notat uden overskrifter.\n",
                                       encoding="utf-8")
    report = generate(content, tmp_path / "build", use_cache=False)
    assert sorted(am.source_rel for am in report.archive.meetings) == [
        "havbjerg/teknik/2021-01-05-referat.txt", "havbjerg/teknik/indstilling.txt"]
    errors = {e.path: e.message for e in report.errors}
    for name in ("affald.txt", "tal.txt"):
        assert "ligner ikke et referat" in errors[f"havbjerg/teknik/{name}"]
    assert not any(c.unknown for c in report.archive.committees.values())
