"""PDF attachments beside a referat: their bilag page shows size, page count and the extracted
(escaped, searchable) text; a broken PDF gives a note, not a crash; extraction is cached by the
file's bytes; a closed attachment's PDF is never read into any page or published."""
from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from referatarkiv.readers import bilag_text
from referatarkiv.readers.bilag_text import pdf_info
from referatarkiv.site.bilag import text_markdown
from referatarkiv.build.generate import generate

REPO = Path(__file__).resolve().parents[2]
MEETING = REPO / "content" / "havbjerg" / "beskaeftigelsesudvalget" / "2020-03-02-referat.txt"
BILAG_DIR = MEETING.with_suffix(".bilag")
CLOSED_MARKER = "LUKKET-BILAG-MAA-IKKE-PUBLICERES"


def _content(tmp_path: Path, *, broken: bool = False) -> Path:
    content = tmp_path / "content"
    dst = content / "havbjerg" / "beskaeftigelsesudvalget"
    dst.mkdir(parents=True)
    shutil.copy(MEETING, dst / MEETING.name)
    shutil.copytree(BILAG_DIR, dst / BILAG_DIR.name)
    if broken:
        (dst / BILAG_DIR.name / "Bilag 1 - Tilsagnsbrev.pdf").write_bytes(b"%PDF-1.4\nnot really a pdf\n")
    return content


def _bilag_page(out: Path, slug_start: str) -> str:
    pages = list(out.glob(f"havbjerg/*/2020-03-02/bilag/{slug_start}*/index.md"))
    assert len(pages) == 1, pages
    return pages[0].read_text(encoding="utf-8")


def test_open_pdf_bilag_page_has_size_pages_and_text(tmp_path):
    report = generate(_content(tmp_path), tmp_path / "build", cache_dir=tmp_path / "cache")
    assert report.ok, report.summary()
    md = _bilag_page(tmp_path / "build", "bilag-1-")
    assert "- **Størrelse:** 1 KB" in md
    assert "- **Sider:** 1" in md
    assert "(pdf, 1 KB, 1 side\\)" in md
    assert "## Bilagets tekst" in md
    assert "Tilskuddet udbetales, når anlægsregnskabet er godkendt." in md
    assert "15.00.00-P20-3-19" in md
    # The closed bilag has no page (issue 18): its punkt names it as closed; its file's text is nowhere
    # in the build.
    assert not list((tmp_path / "build").glob("havbjerg/*/2020-03-02/bilag/bilag-3-*/index.md"))
    punkter = [p.read_text(encoding="utf-8") for p in (tmp_path / "build").glob("havbjerg/*/2020-03-02/punkt-*/index.md")]
    assert any(re.search(r"- Bilag 3 – .* \*\(lukket\)\*", t) for t in punkter)
    for f in (tmp_path / "build").rglob("*"):
        if f.is_file():
            assert CLOSED_MARKER.encode() not in f.read_bytes(), f
    assert not list((tmp_path / "build").rglob("*deltageroversigt*.pdf"))


def test_broken_pdf_gives_a_note_not_a_crash(tmp_path):
    report = generate(_content(tmp_path, broken=True), tmp_path / "build", cache_dir=tmp_path / "cache")
    assert report.ok, report.summary()
    md = _bilag_page(tmp_path / "build", "bilag-1-")
    assert "Teksten kunne ikke læses" in md
    assert "Sider:" not in md


def test_extraction_is_cached_by_file_bytes(tmp_path, monkeypatch):
    pdf = BILAG_DIR / "Bilag 1 - Tilsagnsbrev.pdf"
    first = pdf_info(pdf, tmp_path)
    assert first.pages == 1 and "Ungepuljen 2020" in first.text and first.error is None

    def boom(path, data=None):
        raise AssertionError("extracted again despite the cache")

    monkeypatch.setattr(bilag_text, "_extract", boom)
    assert pdf_info(pdf, tmp_path) == first
    # Other bytes → another key → extracted.
    other = tmp_path / "other.pdf"
    other.write_bytes(pdf.read_bytes() + b"\n% changed\n")
    with pytest.raises(AssertionError):
        pdf_info(other, tmp_path)


def test_extracted_text_is_escaped():
    md = text_markdown("# not a heading {{ config }}\n\n<script>x</script>\n\na\tb|c\n1\t2")
    assert "<script>" not in md and "{{" not in md
    assert not md.lstrip().startswith("# ")
    assert "| a | b\\|c |" in md


def test_built_site_shows_pdf_text_and_never_the_closed_bilag(built_site):
    pages = list(built_site.site.glob("havbjerg/*/2020-03-02/bilag/bilag-1-*/index.html"))
    assert len(pages) == 1
    html = pages[0].read_text(encoding="utf-8")
    assert "Tilskuddet udbetales, når anlægsregnskabet er godkendt." in html
    for root in (built_site.build, built_site.site):
        for f in root.rglob("*"):
            if f.is_file():
                assert CLOSED_MARKER.encode() not in f.read_bytes(), f
    # Searchable: the text is in Material's search index.
    index = built_site.site / "search" / "search_index.json"
    if index.is_file():
        docs = json.loads(index.read_text(encoding="utf-8"))["docs"]
        assert any("anlægsregnskabet" in d["text"] and "bilag-1-tilsagnsbrev" in d["location"] for d in docs)
