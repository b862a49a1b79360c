"""Header text the parser could not place is shown on the meeting page as written (escaped), never dropped."""
from __future__ import annotations

from referatarkiv.build.generate import generate

REFERAT = """\
REFERAT Teknikudvalget d. 04-02-2025

Mødedato Tirsdag d. 4. februar 2025 kl. 17:00

Mødet holdes i forlængelse af <b>budgetseminaret</b> {{ 7*7 }}

Punkt 1: Vintertjeneste

25/050

Beslutning

Taget til efterretning.
"""


def test_unplaced_header_text_is_shown_on_the_meeting_page(tmp_path):
    p = tmp_path / "content" / "havbjerg" / "teknik" / "2025-02-04.txt"
    p.parent.mkdir(parents=True)
    p.write_text(REFERAT, encoding="utf-8")
    report = generate(tmp_path / "content", tmp_path / "build")
    assert any("mødehovedet" in w.message for w in report.warnings)
    page = (tmp_path / "build/havbjerg/teknikudvalget/2025-02-04/index.md").read_text(encoding="utf-8")
    assert "**Også i mødehovedet:**" in page
    line = next(ln for ln in page.splitlines() if "budgetseminaret" in ln)
    assert "<b>" not in line and "{{" not in line  # data, not markup
