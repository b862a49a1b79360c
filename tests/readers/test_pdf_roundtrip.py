"""A sample referat laid out as a PDF (made here with reportlab) parses to the same JSON as the
text itself, apart from what the PDF layout cannot carry.

Layout: one PDF paragraph per text paragraph (wrapped by reportlab), a one-line block that reads
like a heading (short, no final full stop) set in bold, TAB-separated rows drawn as a ruled table
in columns, and a page break before every "Punkt N:" line after the first.

What the layout cannot carry, and so is compared loosely or not at all:

- line breaks inside a paragraph and blank lines between list items: section texts are compared
  with whitespace normalised (and table rows with their cells joined, see below);
- table cell boundaries come back as TAB-separated rows, which the parser turns into a pipe table,
  so table cells are compared as the sequence of their words, not as Markdown table syntax;
- the source line numbers of parse warnings (a PDF has other lines), so warnings are not compared.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from referatarkiv.model import to_contract
from referatarkiv.parse import parse_file

reportlab = pytest.importorskip("reportlab", reason="reportlab (test extra) not installed")
from reportlab.lib import colors  # noqa: E402
from reportlab.lib.pagesizes import A4  # noqa: E402
from reportlab.lib.styles import ParagraphStyle  # noqa: E402
from reportlab.lib.units import cm  # noqa: E402
from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle  # noqa: E402
from xml.sax.saxutils import escape  # noqa: E402

REPO = Path(__file__).resolve().parents[2]
SAMPLE = REPO / "content" / "havbjerg" / "beskaeftigelsesudvalget" / "2020-02-10-referat.txt"

BODY = ParagraphStyle("body", fontName="Helvetica", fontSize=10, leading=13, spaceAfter=8)
HEAD = ParagraphStyle("head", parent=BODY, fontName="Helvetica-Bold", fontSize=11, leading=14, spaceBefore=4)
CELL = ParagraphStyle("cell", parent=BODY, fontSize=9, leading=11, spaceAfter=0)


def _is_heading(block: list[str]) -> bool:
    line = block[0]
    return (len(block) == 1 and len(line) <= 110 and "\t" not in line
            and not line.rstrip().endswith((".", ":", ";", ","))
            and not re.match(r"\s*(?:\d+[.)]|[-•*])\s", line))


def make_pdf(text: str, target: Path) -> None:
    blocks = [[ln for ln in b.split("\n") if ln.strip()] for b in re.split(r"\n\s*\n", text)]
    story: list = []
    seen_punkt = False
    for block in (b for b in blocks if b):
        if re.match(r"Punkt \d+:", block[0]):
            if seen_punkt:
                story.append(PageBreak())
            seen_punkt = True
        if all("\t" in ln for ln in block) and len(block) > 1:
            rows = [[Paragraph(escape(c.strip()), CELL) for c in ln.split("\t")] for ln in block]
            width = max(len(r) for r in rows)
            rows = [r + [""] * (width - len(r)) for r in rows]
            t = Table(rows, colWidths=[(A4[0] - 5 * cm) / width] * width, hAlign="LEFT")
            t.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.5, colors.black),
                                   ("VALIGN", (0, 0), (-1, -1), "TOP")]))
            story += [t, Spacer(1, 10)]
        elif _is_heading(block):
            story.append(Paragraph(escape(block[0].strip()), HEAD))
        else:
            # A list or a run of lines: one PDF paragraph per line, so the line ends stay.
            for ln in block:
                story.append(Paragraph(escape(ln.strip()), BODY))
    doc = SimpleDocTemplate(str(target), pagesize=A4, leftMargin=2.5 * cm, rightMargin=2.5 * cm,
                            topMargin=2.5 * cm, bottomMargin=2.5 * cm)
    doc.build(story)


def _norm(s: str | None) -> str | None:
    """Whitespace folded; pipe-table syntax (the parser's form of a TAB table) reduced to words."""
    if s is None:
        return None
    s = re.sub(r"(?m)^\|?[\s:|-]*-{3,}[\s:|-]*$", " ", s)  # table separator rows
    s = s.replace("\\|", "\0").replace("|", " ").replace("\0", "|")
    return " ".join(s.split())


def _loose(contract: dict) -> dict:
    c = dict(contract)
    c.pop("warnings")
    items = []
    for it in c["items"]:
        it = dict(it)
        it["sections"] = [dict(s, text=_norm(s["text"])) for s in it["sections"]]
        if it["decision"]:
            it["decision"] = dict(it["decision"], text=_norm(it["decision"]["text"]))
        it["history"] = [dict(h, text=_norm(h["text"])) for h in it["history"]]
        it["references"] = [dict(r, text=_norm(r["text"])) for r in it["references"]]
        items.append(it)
    c["items"] = items
    return c


@pytest.fixture(scope="module")
def both(tmp_path_factory):
    if not SAMPLE.is_file():
        pytest.skip(f"sample referat {SAMPLE} missing")
    d = tmp_path_factory.mktemp("roundtrip") / "havbjerg"
    d.mkdir()
    txt = d / SAMPLE.name
    txt.write_bytes(SAMPLE.read_bytes())
    pdf = d / (SAMPLE.stem + ".pdf")
    make_pdf(SAMPLE.read_text(encoding="utf-8"), pdf)
    return to_contract(parse_file(txt)), to_contract(parse_file(pdf))


def test_meeting_header_is_the_same(both):
    a, b = both
    for key in ("committee", "term", "date", "start_time", "location", "participants", "absent",
                "municipality", "source_url"):
        assert a[key] == b[key], key


def test_items_numbers_titles_case_numbers(both):
    a, b = both
    assert len(a["items"]) >= 3
    for key in ("number", "title", "case_number", "closed"):
        assert [i[key] for i in a["items"]] == [i[key] for i in b["items"]], key


def test_sections_decisions_attachments_history(both):
    a, b = _loose(both[0]), _loose(both[1])
    for ia, ib in zip(a["items"], b["items"]):
        n = ia["number"]
        assert [(s["heading"], s["kind"]) for s in ia["sections"]] == \
               [(s["heading"], s["kind"]) for s in ib["sections"]], n
        for sa, sb in zip(ia["sections"], ib["sections"]):
            assert sa["text"] == sb["text"], (n, sa["heading"])
        assert ia["decision"] == ib["decision"], n
        assert ia["attachments"] == ib["attachments"], n
        assert ia["history"] == ib["history"], n
        assert ia["references"] == ib["references"], n
        assert ia["route"] == ib["route"], n


def test_whole_contract_equal_apart_from_layout(both):
    assert _loose(both[0]) == _loose(both[1])
