"""PDF amplification: a small PDF that decompresses to gigabytes or draws a million operators is
stopped at a limit, reported as an error naming the file, as referat and as bilag (issue #15, item 7).

Counted, not timed: the budget's own counters say how far the library got before it stopped."""
from __future__ import annotations

import resource

import pytest

from referatarkiv.build.generate import generate
from referatarkiv.dev.bench_adversarial import pdf_file, pdf_flate_bomb, pdf_operators_compressed
from referatarkiv.readers import ReadError, read_source
from referatarkiv.readers import pdf as pdfmod
from referatarkiv.readers.bilag_text import pdf_info


@pytest.fixture
def budgets(monkeypatch):
    """Every PdfBudget made while the test runs."""
    made = []
    real = pdfmod.PdfBudget.__init__

    def init(self, limits=None):
        real(self, limits)
        made.append(self)

    monkeypatch.setattr(pdfmod.PdfBudget, "__init__", init)
    return made


@pytest.mark.slow
def test_a_million_operators_in_ten_kilobytes_stop_at_the_limit(tmp_path, budgets):
    data = pdf_operators_compressed(1_000_000)
    assert len(data) < 20_000
    path = tmp_path / "referat.pdf"
    path.write_bytes(data)
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    with pytest.raises(ReadError) as e:
        read_source(path)
    assert e.value.path == str(path) and "grænsen" in e.value.message
    (b,) = budgets
    assert b.exceeded and b.page_text <= pdfmod.LIMITS["page_text_bytes"] + 1
    assert b.operations < 2 * pdfmod.LIMITS["page_text_bytes"] + 100  # stopped there, not after a million
    grown_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss_before) / 1024
    assert grown_mb < 600, grown_mb  # 1.6 GB without the limit


def test_a_flate_bomb_is_measured_without_being_expanded(tmp_path, budgets):
    data = pdf_flate_bomb(200)  # 200 MB of spaces in about 200 KB
    assert len(data) < 1_000_000
    path = tmp_path / "bombe.pdf"
    path.write_bytes(data)
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    with pytest.raises(ReadError) as e:
        read_source(path)
    assert "udpakker" in e.value.message
    assert budgets[0].decoded == 0  # refused before decompressing
    assert (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - rss_before) / 1024 < 200


def test_pages_and_operators_limits(tmp_path, monkeypatch):
    monkeypatch.setitem(pdfmod.LIMITS, "pages", 3)
    with pytest.raises(pdfmod.PdfLimitError, match="sider"):
        pdfmod.pdf_to_text(tmp_path / "x.pdf", pdf_file([b"BT /F1 12 Tf 72 720 Td (a) Tj ET"] * 4))
    monkeypatch.setitem(pdfmod.LIMITS, "page_operations", 1000)
    with pytest.raises(pdfmod.PdfLimitError, match="tegneoperationer"):
        pdfmod.pdf_to_text(tmp_path / "x.pdf", pdf_file([b"q Q " * 2000]))
    # a form drawn many times counts every time it is drawn
    monkeypatch.setitem(pdfmod.LIMITS, "page_operations", 10_000)
    form = b"<< /Type /XObject /Subtype /Form /BBox [0 0 10 10] /Length 12 >>\nstream\nq Q q Q q Q \nendstream"
    page = b"q Q " + b"/X1 Do " * 3000
    pdf = pdf_file([page], extra=[form]).replace(b"/Font << /F1 3 0 R >>", b"/Font << /F1 3 0 R >> /XObject << /X1 6 0 R >>")
    with pytest.raises(pdfmod.PdfLimitError):
        pdfmod.pdf_to_text(tmp_path / "x.pdf", pdf)


@pytest.mark.corpus
@pytest.mark.slow
def test_a_real_referat_is_far_below_the_limits():
    from tests.conftest import SHARED

    path = SHARED / "corpus-pdf" / "aarhus" / "aarhus_byraad_2025-08-27_referat.pdf"
    if not path.exists():
        pytest.skip(f"{path} not found")
    res = pdfmod.pdf_to_text(path)
    assert res.pages == 28


def test_bilag_over_a_limit_is_an_error_naming_the_file(tmp_path, monkeypatch):
    monkeypatch.setitem(pdfmod.LIMITS, "page_text_bytes", 5_000)
    content = tmp_path / "content"
    u = content / "testby" / "teknik"
    (u / "2021-01-05-referat.bilag").mkdir(parents=True)
    (u / "2021-01-05-referat.txt").write_text(
        "REFERAT Teknikudvalget d. 05-01-2021\n\nPunkt 1: Plan\n\nBeslutning\n\nGodkendt.\n\nBilag\n\n"
        "Bilag 1 - Bombe\nBilag 2 - Almindelig\n", encoding="utf-8")
    (u / "2021-01-05-referat.bilag" / "Bilag 1 - Bombe.pdf").write_bytes(pdf_operators_compressed(20_000))
    (u / "2021-01-05-referat.bilag" / "Bilag 2 - Almindelig.pdf").write_bytes(
        pdf_file([b"BT /F1 12 Tf 72 720 Td (Almindelig tekst) Tj ET"]))
    assert pdf_info(u / "2021-01-05-referat.bilag" / "Bilag 1 - Bombe.pdf").over_limit
    report = generate(content, tmp_path / "build", cache_dir=tmp_path / "cache")
    (err,) = [e for e in report.errors]
    assert err.path == "testby/teknik/2021-01-05-referat.bilag/Bilag 1 - Bombe.pdf" and "grænsen" in err.message
    assert err.format().startswith("testby/teknik/2021-01-05-referat.bilag/Bilag 1 - Bombe.pdf:1: fejl: ")
    assert report.meetings == 1
    page = next((tmp_path / "build").glob("testby/*/2021-01-05/bilag/bilag-2*/index.md")).read_text(encoding="utf-8")
    assert "Almindelig tekst" in page
