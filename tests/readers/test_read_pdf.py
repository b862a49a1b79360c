"""Tests for referatarkiv.readers.pdf: the real Aarhus PDF (from ../shared) and a PDF made here."""
from __future__ import annotations

import re
import time
from pathlib import Path
from xml.sax.saxutils import escape

import pytest

from referatarkiv.readers.pdf import PdfReadError, PdfText, pdf_to_text

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
AARHUS_PDF = SHARED / "corpus-pdf" / "aarhus" / "aarhus_byraad_2025-08-27_referat.pdf"

EMN = re.compile(r"EMN-\d{4}-\d{6}")


def _blocks(text: str) -> list[list[str]]:
    """Paragraphs (runs of non-blank lines) of ``text``."""
    return [block.split("\n") for block in re.split(r"\n\s*\n", text.strip("\n")) if block.strip()]


def _alone(lines: list[str], i: int) -> bool:
    """Line ``i`` has a blank line (or the start/end of the text) on both sides."""
    before = i == 0 or not lines[i - 1].strip()
    after = i == len(lines) - 1 or not lines[i + 1].strip()
    return before and after


# --- the real Aarhus Byråd referat ----------------------------------------------------------------


@pytest.fixture(scope="module")
def aarhus() -> tuple[PdfText, float]:
    if not AARHUS_PDF.exists():
        pytest.skip(f"real corpus not available: {AARHUS_PDF} is missing (needs ../shared beside the repo)")
    start = time.perf_counter()
    result = pdf_to_text(AARHUS_PDF)
    return result, time.perf_counter() - start


@pytest.mark.corpus
def test_aarhus_pages(aarhus):
    # how long reading takes is a benchmark's figure (README), not a test's: the machine may be busy
    result, _ = aarhus
    assert result.pages == 28
    assert "(cid:" not in result.text
    # the only damage in this PDF: a run of glyphs without a Unicode map on page 11
    assert [msg for _, msg in result.warnings] == ["side 11: 16 ulæselige tegn udeladt (skrifttype uden tegnkort)"]
    line_no, _ = result.warnings[0]
    assert "Institut for Menneskerettigheder" in result.text.splitlines()[line_no - 1]


@pytest.mark.corpus
def test_aarhus_21_item_headings_on_one_line(aarhus):
    result, _ = aarhus
    lines = result.text.splitlines()
    headings = [(i, m) for i, line in enumerate(lines) if (m := re.match(r"Punkt (\d+): (\S.*)$", line))]
    assert [int(m.group(1)) for _, m in headings] == list(range(1, 22))
    for i, _ in headings:
        assert _alone(lines, i), lines[i]
    titles = {int(m.group(1)): m.group(2) for _, m in headings}
    # titles wrapped over two lines in the PDF come out joined
    assert titles[2] == "Svar på forslag fra DD om principbeslutning om at sikre Havnens Perles fremtid på Aarhus Ø"
    assert titles[7] == "Afrapportering på klimaregnskab samt orientering om ny 2030-fremskrivning"
    assert titles[10].endswith("Hasselager-Kolt, med tillæg 1 - Endelig")
    assert titles[21] == "Lukket: Køb af landbrugsejendom"


@pytest.mark.corpus
def test_aarhus_case_numbers_on_their_own_line(aarhus):
    result, _ = aarhus
    lines = result.text.splitlines()
    found = [i for i, line in enumerate(lines) if EMN.search(line)]
    assert len(found) == 21
    for i in found:
        assert EMN.fullmatch(lines[i]), lines[i]
        assert _alone(lines, i)
    # each case number follows its item heading directly
    for i in found:
        assert lines[i - 2].startswith("Punkt ")


@pytest.mark.corpus
def test_aarhus_no_page_furniture_left(aarhus):
    result, _ = aarhus
    for line in result.text.splitlines():
        assert not re.fullmatch(r"\s*-?\s*\d{1,3}\s*-?\s*", line), repr(line)
        assert not re.search(r"\bside \d+ af \d+\b", line, re.IGNORECASE), line
    # the table of contents keeps its page numbers, as "title.....<TAB>page"
    assert "Godkendelse af dagsorden.....\t3" in result.text.splitlines()
    assert "Lukket: Køb af landbrugsejendom.....\t28" in result.text.splitlines()


@pytest.mark.corpus
def test_aarhus_section_headings_alone(aarhus):
    result, _ = aarhus
    lines = result.text.splitlines()
    counts = {}
    for name in ("Beslutninger", "Resume", "Beslutningspunkter", "Sagsforløb", "Bilag", "Borgmesterens Afdelings påtegning"):
        idx = [i for i, line in enumerate(lines) if line == name]
        assert all(_alone(lines, i) for i in idx), name
        counts[name] = len(idx)
    assert counts["Beslutninger"] == 20  # every item but the closed one
    assert counts["Sagsforløb"] == 13
    assert counts["Bilag"] == 19


@pytest.mark.corpus
def test_aarhus_sagsforloeb_blocks(aarhus):
    result, _ = aarhus
    blocks = _blocks(result.text)
    starts = [k for k, block in enumerate(blocks) if block == ["Sagsforløb"]]
    assert len(starts) == 13
    entries = 0
    for k in starts:
        # Udvalg / Dato / Punktnummer, each its own paragraph, then the decision text
        assert blocks[k + 1][0].startswith("Udvalg: ")
        j = k + 1
        while j < len(blocks) and blocks[j] != ["Bilag"] and not blocks[j][0].startswith("Punkt "):
            if blocks[j][0].startswith("Udvalg: "):
                assert re.fullmatch(r"Dato: \d\d-\d\d-\d{4}", blocks[j + 1][0])
                assert re.fullmatch(r"Punktnummer: \d+", blocks[j + 2][0])
                entries += 1
            j += 1
    assert entries >= 20
    assert ["Udvalg: Økonomi- og Erhvervsudvalget"] in blocks


@pytest.mark.corpus
def test_aarhus_bilag_list_and_beslutningspunkter(aarhus):
    result, _ = aarhus
    blocks = _blocks(result.text)
    bilag = [k for k, block in enumerate(blocks) if block == ["Bilag"]]
    # the recommendation itself is attached as a file literally named "Indstilling"
    assert sum(blocks[k + 1] == ["Indstilling"] for k in bilag) == 13
    assert ["Bilag 1: Beslutningsforslag"] in blocks
    assert ["Det indstilles:"] in blocks
    assert any(block[0].startswith("At 1) ") for block in blocks)


@pytest.mark.corpus
def test_aarhus_closed_item(aarhus):
    result, _ = aarhus
    tail = _blocks(result.text[result.text.index("Punkt 21: Lukket"):])
    assert tail[0] == ["Punkt 21: Lukket: Køb af landbrugsejendom"]
    assert tail[1] == ["EMN-2025-007940"]
    assert tail[2][0].startswith("Tilbagesendes Magistratsafdelingen for Teknik og Miljø")
    assert len(tail) == 3


# --- a PDF made in the test -----------------------------------------------------------------------

LONG = (
    "Beskæftigelsesministeriet har igangsat en kortlægning af kommunernes praksis på handicapområdet, "
    "og Frederiksberg Kommune er en af 20 kommuner, som er blevet forespurgt om at deltage i kortlægningen, "
    "blandt andet på grundlag af tidligere deltagelse i lignende undersøgelser. Derudover tages der i "
    "udvælgelsen af kommuner højde for en række spredningskriterier, som skal sikre, at kortlægningen kan "
    "sige noget repræsentativt om kommunernes praksis på området."
)

# (style, text); "table"/"grid" entries are lists of rows. Expected output: one block per entry.
DOCUMENT = [
    ("title", "REFERAT Arbejdsmarkeds- og Uddannelsesudvalget_2018-21 d. 02-03-2020"),
    ("body", "Mødedato Mandag d. 02. marts 2020 kl. 20:45"),
    ("body", "Mødested Udvalgsværelse 2"),
    ("item", "Punkt 22: Meddelelser"),
    ("body", "00.22.00-P35-155-19"),
    ("section", "Sagsfremstilling"),
    ("body", "Kortlægning af kommunernes praksis på handicapområdet"),
    ("body", LONG),
    ("body", "Udvalget vil modtage en orienteringssag om resultatet af kortlægningen."),
    ("item", "Punkt 23: Halvårlig genvurdering (remonstration) af sager om førtidspension - 2. halvår 2019"),
    ("body", "00.01.00-P05-2-20"),
    ("section", "Resume"),
    ("body", LONG),
    ("section", "Beslutning"),
    ("body", "Arbejdsmarkeds- og uddannelsesudvalget tog afrapporteringen til efterretning."),
    ("section", "Økonomi"),
    ("body", "Tabel 1: Samlede offentlige udgifter til enkeltydelser"),
    (
        "grid",
        [
            ["(i 1.000 kr. og løbende priser)", "2016", "2017", "2018", "2019"],
            ["Enkeltudgifter efter § 81", "1.550", "1.381", "1.500", "1.812"],
            ["Sum", "7.337", "6.607", "6.763", "6.855"],
        ],
    ),
    ("body", "Tabel 2: Samme tal uden streger"),
    (
        "table",
        [
            ["Hjælp i særlige tilfælde", "628", "875", "690", "552"],
            ["Tilskud til tandpleje", "1.733", "1.635", "1.241", "1.329"],
        ],
    ),
    ("body", LONG),
    ("body", LONG),
    ("body", LONG),
    ("body", LONG),
    ("body", LONG),
    ("section", "Bilag"),
    ("body", "Bilag 1 - Tilsagnsbrev med bilag"),
    ("body", "Bilag 2 - Bevillingsskema (Kunstig intelligens)"),
    ("item", "Punkt 24: Eventuelt"),
    ("body", "00.01.00-6-20"),
    ("section", "Sagsfremstilling"),
    *[("body", LONG)] * 7,
    ("section", "Beslutning"),
    ("body", "Ingen bemærkninger."),
]

HEADER = "Frederiksberg Kommune - Arbejdsmarkeds- og Uddannelsesudvalget"


def _expected_blocks() -> list[list[str]]:
    blocks = []
    for style, content in DOCUMENT:
        if style in ("grid", "table"):
            blocks.append(["\t".join(row) for row in content])
        else:
            blocks.append([content])
    return blocks


def _make_pdf(path: Path, total_pages: int | None = None) -> int:
    """Render DOCUMENT with reportlab; returns the page count (for "Side N af M")."""
    reportlab = pytest.importorskip("reportlab", reason="reportlab (test extra) is needed to make a PDF")
    del reportlab
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import cm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Table, TableStyle

    body = ParagraphStyle("body", fontName="Times-Roman", fontSize=11, leading=13, spaceAfter=8)
    styles = {
        "body": body,
        "title": ParagraphStyle("title", parent=body, fontName="Times-Bold", fontSize=18, leading=22, spaceAfter=14),
        "item": ParagraphStyle("item", parent=body, fontName="Times-Bold", fontSize=15, leading=18, spaceBefore=12),
        "section": ParagraphStyle("section", parent=body, fontName="Times-Bold", fontSize=12.5, leading=15),
    }
    story = []
    for style, content in DOCUMENT:
        if style in ("grid", "table"):
            table = Table(content, hAlign="LEFT")
            commands = [("FONT", (0, 0), (-1, -1), "Times-Roman", 11), ("ALIGN", (1, 0), (-1, -1), "RIGHT")]
            if style == "grid":
                commands.append(("GRID", (0, 0), (-1, -1), 0.5, colors.black))
            else:
                commands += [("LEFTPADDING", (0, 0), (-1, -1), 12), ("RIGHTPADDING", (0, 0), (-1, -1), 12)]
            table.setStyle(TableStyle(commands))
            story.append(table)
        else:
            story.append(Paragraph(escape(content), styles[style]))

    pages = []

    def furniture(canvas, doc):
        pages.append(doc.page)
        canvas.saveState()
        canvas.setFont("Helvetica", 8)
        canvas.drawString(2.5 * cm, A4[1] - 1.5 * cm, HEADER)
        canvas.drawRightString(A4[0] - 2.5 * cm, 1.5 * cm, f"Side {doc.page} af {total_pages or 0}")
        canvas.restoreState()

    doc = SimpleDocTemplate(
        str(path), pagesize=A4, leftMargin=2.5 * cm, rightMargin=2.5 * cm, topMargin=2.5 * cm, bottomMargin=2.5 * cm
    )
    doc.build(story, onFirstPage=furniture, onLaterPages=furniture)
    return max(pages)


@pytest.fixture(scope="module")
def made_pdf(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("pdf") / "referat.pdf"
    total = _make_pdf(path)
    _make_pdf(path, total)
    return path


def test_round_trip_gives_back_the_lines(made_pdf):
    import pdfplumber

    result = pdf_to_text(made_pdf)
    assert result.pages >= 3  # the text runs over page breaks, with headers and footers on each page
    with pdfplumber.open(made_pdf) as pdf:
        # sanity check of the made PDF: a paragraph continues mid-sentence after a page break
        starts = [page.extract_text().splitlines()[1] for page in pdf.pages[1:]]
    assert any(start[:1].islower() for start in starts), starts
    assert result.warnings == []
    got = []
    for block in _blocks(result.text):
        # a paragraph's lines are the PDF's wrapped lines; table rows stay one per line
        got.append(block if "\t" in block[0] else [" ".join(block)])
    assert got == _expected_blocks()


def test_made_pdf_shapes(made_pdf):
    text = pdf_to_text(made_pdf).text
    lines = text.splitlines()
    # the long item title wraps in the PDF but comes out on one line, alone
    title = "Punkt 23: Halvårlig genvurdering (remonstration) af sager om førtidspension - 2. halvår 2019"
    assert _alone(lines, lines.index(title))
    assert HEADER not in text
    assert "Side " not in text
    assert "Enkeltudgifter efter § 81\t1.550\t1.381\t1.500\t1.812" in lines
    assert "Hjælp i særlige tilfælde\t628\t875\t690\t552" in lines


def test_page_without_text_is_reported(tmp_path):
    pytest.importorskip("reportlab", reason="reportlab (test extra) is needed to make a PDF")
    from reportlab.pdfgen.canvas import Canvas

    path = tmp_path / "scan.pdf"
    canvas = Canvas(str(path))
    canvas.setFont("Times-Roman", 11)
    canvas.drawString(72, 750, "Punkt 1: Godkendelse af dagsorden")
    canvas.showPage()
    canvas.rect(72, 72, 300, 500)  # a "scanned" page: graphics, no text
    canvas.showPage()
    canvas.save()
    result = pdf_to_text(path)
    assert result.text == "Punkt 1: Godkendelse af dagsorden\n"
    assert result.pages == 2
    assert result.warnings == [(1, "side 2: ingen tekst (skannet side uden tekstlag?)")]


def test_not_a_pdf(tmp_path):
    bogus = tmp_path / "x.pdf"
    bogus.write_text("this is not a PDF\n")
    with pytest.raises(PdfReadError):
        pdf_to_text(bogus)
