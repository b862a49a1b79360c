"""A content folder holding the real Aarhus Byråd PDF builds a site (referatarkiv build + mkdocs
build --strict) that shows the meeting like any other: 21 items, decisions, EMN journalnumre, the
closed item by title only, and no broken links. The PDF is read from ../shared (never copied into
the repo); the test skips when it is absent. About 16 s, hence ``slow``."""
from __future__ import annotations

import html as htmllib
import re
import shutil
from pathlib import Path

import pytest

from tests.conftest import build_site
from tests.linkcheck import check_site

PDF_DIR = Path(__file__).resolve().parents[2].parent / "shared" / "corpus-pdf" / "aarhus"
PDF = PDF_DIR / "aarhus_byraad_2025-08-27_referat.pdf"

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not PDF.is_file(), reason=f"real Aarhus PDF not found at {PDF} (../shared absent)"),
]


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("aarhus")
    content = root / "content"
    shutil.copytree(PDF_DIR, content / "aarhus")
    workdir = root / "work"
    workdir.mkdir()
    return build_site(content, workdir)


def _meeting_dir(base: Path) -> Path:
    found = list(base.glob("aarhus/*/2025-08-27"))
    assert len(found) == 1, found
    return found[0]


def _text(p: Path) -> str:
    """Visible-ish text of an HTML page (tags dropped, entities decoded, whitespace folded)."""
    s = p.read_text(encoding="utf-8")
    s = re.sub(r"(?is)<(script|style)\b.*?</\1>", " ", s)
    return " ".join(htmllib.unescape(re.sub(r"<[^>]+>", " ", s)).split())


def test_meeting_page_lists_its_21_items(site):
    page = _meeting_dir(site.site) / "index.html"
    html = page.read_text(encoding="utf-8")
    linked = sorted({int(n) for n in re.findall(r'href="(?:\./)?punkt-(\d+)/"', html)})
    assert linked == list(range(1, 22))
    text = _text(page)
    assert "Aarhus Byråd" in text and "27. august 2025" in text and "Byrådssalen" in text
    assert "Køb af landbrugsejendom" in text


def test_item_page_shows_decision_and_emn_journalnummer(site):
    text = _text(_meeting_dir(site.site) / "punkt-1" / "index.html")
    assert "Godkendelse af dagsorden" in text
    assert "Beslutning" in text and "Godkendt." in text
    assert re.search(r"Journalnummer: EMN-\d{4}-\d{6}", text)
    text5 = _text(_meeting_dir(site.site) / "punkt-5" / "index.html")
    assert "Journalnummer: EMN-2025-008579" in text5
    assert "har vedtaget Magistratens foranstående indstilling af 19. august 2025" in text5


def test_closed_item_21_is_shown_by_title_only(site):
    md = (_meeting_dir(site.build) / "punkt-21" / "index.md").read_text(encoding="utf-8")
    assert "# Punkt 21: Køb af landbrugsejendom" in md
    assert "Lukket punkt" in md
    assert '!!! beslutning' not in md and "## " not in md.split("Lukket punkt", 1)[1]
    text = _text(_meeting_dir(site.site) / "punkt-21" / "index.html")
    assert "Køb af landbrugsejendom" in text
    assert "Beslutning" not in text.split("Køb af landbrugsejendom", 1)[1].split("Forrige", 1)[0]


def test_no_broken_links(site):
    assert check_site(site.site) == []
