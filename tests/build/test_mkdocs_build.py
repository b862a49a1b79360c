"""The generated Markdown through real MkDocs builds: --strict without warnings, no broken internal
links, nothing from a referat executable in the HTML, plain MkDocs works too, and `mkdocs serve`
settles after a content edit instead of rebuilding forever."""
from __future__ import annotations

import os
import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from tests.linkcheck import check_site
from referatarkiv.build.generate import generate
from referatarkiv.model import AgendaItem, Attachment, Decision, Meeting, Section

REPO = Path(__file__).resolve().parents[2]
CORPUS = REPO.parent / "shared" / "corpus"


def project(workdir: Path, *, plugin: bool = True, theme: str = "material") -> Path:
    """A copy of the repo's mkdocs.yml in ``workdir`` (docs_dir workdir/build, site workdir/site)."""
    text = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    text = text.replace("docs_dir: build", f"docs_dir: {workdir / 'build'}")
    text = text.replace("site_dir: site", f"site_dir: {workdir / 'site'}")
    text = text.replace("custom_dir: overrides", f"custom_dir: {REPO / 'overrides'}")
    if not plugin:
        text = re.sub(r"\n  - referatarkiv:\n(      .*\n)+", "\n", text)
        assert "referatarkiv:" not in text
    if theme != "material":
        text = re.sub(r"(?s)\ntheme:.*?\n(?=\S)", f"\ntheme:\n  name: {theme}\n", text)
        text = re.sub(r"(?s)\nplugins:.*?\n(?=\S)", "\nplugins: []\n", text)
        text = re.sub(r"(?s)\nextra_css:.*?\n(?=\S)", "\n", text)
    (workdir / "build").mkdir(exist_ok=True)
    cfg = workdir / "mkdocs.yml"
    cfg.write_text(text, encoding="utf-8")
    return cfg


def mkdocs_build(cfg: Path, content: Path | None) -> subprocess.CompletedProcess:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    if content is not None:
        env["REFERATARKIV_CONTENT"] = str(content)
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(cfg)],
                          env=env, capture_output=True, text=True, timeout=600, cwd=cfg.parent)


def assert_clean_build(proc: subprocess.CompletedProcess) -> None:
    assert proc.returncode == 0, proc.stdout + proc.stderr
    warnings = [ln for ln in proc.stderr.splitlines() if re.match(r"^(WARNING|ERROR)\b", ln)]
    assert warnings == []


def check_built(site: Path) -> None:
    assert check_site(site) == []
    assert (site / "data" / "archive.json").is_file()
    home = (site / "index.html").read_text(encoding="utf-8")
    assert 'lang="da"' in home
    assert "fonts.googleapis" not in home


def test_sample_content_builds_strict_with_no_broken_links(tmp_path):
    content = REPO / "content"
    if not any(content.glob("*/**/*.txt")):
        pytest.skip("content/ has no referater yet")
    cfg = project(tmp_path)
    assert_clean_build(mkdocs_build(cfg, content))
    site = tmp_path / "site"
    check_built(site)
    # Closed attachments: named with "(lukket)" in their punkt's bilag list, no page, never the file.
    closed_entries = [p for p in site.rglob("punkt-*/index.html") if "<em>(lukket)</em>" in p.read_text(encoding="utf-8")]
    assert closed_entries
    assert not [p for p in site.rglob("bilag/*/index.html") if "Bilaget er lukket" in p.read_text(encoding="utf-8")]
    # Only kommuner and udvalg in the nav: a kommune page lists no meeting in its nav.
    nav_links = re.findall(r'class="md-nav__link[^"]*"[^>]*href="([^"]+)"',
                           next(site.glob("*/index.html")).read_text(encoding="utf-8"))
    assert not any(re.search(r"\d{4}-\d\d-\d\d", h) for h in nav_links)


def test_shared_corpus_builds_strict_with_no_broken_links(tmp_path):
    if not CORPUS.is_dir():
        pytest.skip(f"real corpus not found at {CORPUS} (../shared is not beside the repo)")
    (tmp_path / "content").mkdir()
    cfg = project(tmp_path)
    assert_clean_build(mkdocs_build(cfg, CORPUS))
    site = tmp_path / "site"
    check_built(site)
    page = next(site.glob("frederiksberg/*/2022-03-14/punkt-8/index.html")).read_text(encoding="utf-8")
    assert re.search(r'href="[^"]*/2020-03-02/punkt-26/"', page)


HOSTILE = ("</title><script>alert(1)</script> <img src=x onerror=alert(2)> {{ config.site_name }} {% raw %} "
           "[x](javascript:alert(3)) <style>body{display:none}</style>")


def hostile_parse(path: Path) -> Meeting:
    item = AgendaItem(
        1, f"Titel {HOSTILE}", f"20/1 {HOSTILE}",
        sections=[Section(f"Afsnit {HOSTILE}", f"# {HOSTILE}\n\n!!! danger\n\n- {HOSTILE}\n\n| {HOSTILE} | b |\n|---|---|\n| c | d |",
                          "sagsfremstilling")],
        decision=Decision(f"Godkendt {HOSTILE}", ["godkendt", "<b>x</b>"], body=HOSTILE),
        attachments=[Attachment(f"Bilag 1 {HOSTILE}", HOSTILE)])
    return Meeting(committee=f"Udvalg {HOSTILE}", date=date(2020, 1, 6), start_time="10:00", location=HOSTILE,
                   participants=[HOSTILE], items=[item], source_url="javascript:alert(4)")


def test_hostile_referat_is_inert_in_the_built_html(tmp_path):
    content = tmp_path / "content"
    (content / "havbjerg").mkdir(parents=True)
    (content / "havbjerg" / "x.txt").write_text("x", encoding="utf-8")
    (content / "havbjerg" / "kommune.yml").write_text(f"name: {HOSTILE!r}\n", encoding="utf-8")
    cfg = project(tmp_path, plugin=False)
    report = generate(content, tmp_path / "build", parse=hostile_parse)
    assert report.ok
    proc = mkdocs_build(cfg, None)
    assert_clean_build(proc)
    site = tmp_path / "site"
    pages = list(site.rglob("*.html"))
    assert len(pages) > 5
    for p in pages:
        html = p.read_text(encoding="utf-8")
        assert "<script>alert" not in html, p
        assert not re.search(r"<img[^>]*onerror", html), p
        assert "<style>body" not in html, p
        assert not re.search(r"""(href|src)\s*=\s*["']?\s*javascript:""", html, re.I), p
        assert "{{ config" not in html and "{% raw" not in html, p
        title = re.search(r"<title>(.*?)</title>", html, re.S).group(1)
        assert "<" not in title, (p, title)
    assert check_site(site) == []


def test_plain_mkdocs_builds_the_generated_markdown(tmp_path):
    """No plugin, no Material: the generated Markdown alone is a valid MkDocs docs dir."""
    content = REPO / "content"
    if not any(content.glob("*/**/*.txt")):
        pytest.skip("content/ has no referater yet")
    report = generate(content, tmp_path / "build")
    assert report.ok
    cfg = project(tmp_path, plugin=False, theme="mkdocs")
    assert "material" not in cfg.read_text()
    assert_clean_build(mkdocs_build(cfg, None))
    assert check_site(tmp_path / "site", check_fragments=False) == []


def test_a_decision_numbered_from_3_keeps_its_numbers_on_the_page(built_site):
    """Python-Markdown restarts ordered lists at 1 unless sane_lists is on: "3. at …" must stay 3."""
    page = next(built_site.site.glob("havbjerg/*/2020-03-02/punkt-18/index.html")).read_text(encoding="utf-8")
    assert '<ol start="3">' in page
