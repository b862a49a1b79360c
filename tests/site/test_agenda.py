"""A dagsorden (the agenda, published before the meeting) is shown as coming, without decision badges,
first on its udvalg's page and in the feeds; the referat of the same body and date replaces it."""
from __future__ import annotations

from pathlib import Path

from referatarkiv.build.generate import generate

DAGSORDEN = """\
DAGSORDEN Teknikudvalget d. 04-03-2025

Mødedato Tirsdag d. 4. marts 2025 kl. 17:00

Punkt 1: Godkendelse af dagsorden

25/100

Sagsfremstilling

Dagsordenen forelægges til godkendelse.

Punkt 2: Ny skolevej i Nordby

25/101

Indstilling

Forvaltningen indstiller, at vejen anlægges.
"""

REFERAT = DAGSORDEN.replace("DAGSORDEN", "REFERAT") + "\nBeslutning\n\nGodkendt.\n"

EARLIER = """\
REFERAT Teknikudvalget d. 04-02-2025

Mødedato Tirsdag d. 4. februar 2025 kl. 17:00

Punkt 1: Vintertjeneste

25/050

Beslutning

Taget til efterretning.
"""


def build(tmp_path: Path, files: dict[str, str]) -> Path:
    content = tmp_path / "content"
    for name, text in files.items():
        p = content / "havbjerg" / "teknik" / name
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(text, encoding="utf-8")
    out = tmp_path / "build"
    report = generate(content, out)
    assert not report.errors, report.errors
    return out


def test_a_dagsorden_is_shown_as_coming_without_decision_badges(tmp_path):
    out = build(tmp_path, {"2025-02-04.txt": EARLIER, "2025-03-04.txt": DAGSORDEN})
    meeting = (out / "havbjerg/teknikudvalget/2025-03-04/index.md").read_text(encoding="utf-8")
    assert "Dagsorden — referat følger" in meeting
    assert "På dagsordenen; beslutningen kommer med referatet." in meeting
    assert "ra-badge" not in meeting and "Ingen beslutning i referatet" not in meeting
    item = (out / "havbjerg/teknikudvalget/2025-03-04/punkt-2/index.md").read_text(encoding="utf-8")
    assert "På dagsordenen — referat følger" in item and "Teknikudvalget, tirsdag 4. marts 2025 – dagsorden" in item


def test_the_dagsorden_is_listed_first_on_the_udvalg_page_and_in_the_feed(tmp_path):
    out = build(tmp_path, {"2025-02-04.txt": EARLIER, "2025-03-04.txt": DAGSORDEN})
    udvalg = (out / "havbjerg/teknikudvalget/index.md").read_text(encoding="utf-8")
    body = udvalg.split("\n---\n", 1)[1]
    assert body.index("## Dagsordener — referat følger") < body.index("2025-03-04/") < body.index("## Beslutninger")
    feed = (out / "havbjerg/teknikudvalget/feed.xml").read_text(encoding="utf-8")
    titles = [line for line in feed.splitlines() if "<title>" in line][1:]
    assert titles[0].strip().startswith("<title>Dagsorden: Teknikudvalget")
    assert "(dagsorden)" in (out / "havbjerg/teknikudvalget/moeder.ics").read_text(encoding="utf-8")


def test_the_referat_of_the_same_meeting_replaces_its_dagsorden(tmp_path):
    out = build(tmp_path, {"2025-03-04-dagsorden.txt": DAGSORDEN, "2025-03-04-referat.txt": REFERAT})
    meetings = sorted(p.parent.name for p in (out / "havbjerg/teknikudvalget").glob("2025-*/index.md"))
    assert meetings == ["2025-03-04"]  # one meeting page, no duplicate
    page = (out / "havbjerg/teknikudvalget/2025-03-04/index.md").read_text(encoding="utf-8")
    assert "Dagsorden — referat følger" not in page and "Godkendt" in page
