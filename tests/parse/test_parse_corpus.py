"""The real referater in ../shared/corpus (skipped, saying so, when ../shared is absent)."""
import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from referatarkiv.parse import parse_file

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
CORPUS = SHARED / "corpus"
pytestmark = pytest.mark.skipif(not CORPUS.is_dir(), reason=f"real corpus not found at {CORPUS}")


def _one(pattern):
    return parse_file(next(CORPUS.glob(pattern)))


def test_frederiksberg_2020_follows_case_history_and_route():
    m = _one("frederiksberg/000_*.txt")
    assert [i.number for i in m.items] == [22, 23, 24, 25, 26]
    it = m.items[4]
    assert it.case_number == "15.20.00-P00-4-19"
    assert (it.history[0].date, it.history[0].outcomes) == (date(2020, 2, 17), ["udsat"])
    assert ("Magistraten", date(2020, 3, 9)) in [(s.body, s.date) for s in it.route]
    assert len(it.attachments) == 50 and it.attachments[0].label == "Bilag A"


def test_frederiksberg_2022_references_the_2020_item():
    it = _one("frederiksberg/001_*.txt").items[0]
    assert ("AUU", date(2020, 3, 2), 26) in [(r.body, r.date, r.item_number) for r in it.references]
    assert ("Magistraten", date(2020, 3, 9), 97) in [(r.body, r.date, r.item_number) for r in it.references]


def test_taarnby_decision_of_oekonomiudvalget_is_history():
    it = _one("taarnby/002_*.txt").items[3]
    assert it.case_number == "19/26829"
    assert [(h.body, h.date) for h in it.history] == [("Økonomiudvalget", date(2020, 6, 10))]
    assert it.decision.text == "Taget til efterretning."


def test_koebenhavn_fragment_has_one_item_without_header():
    m = _one("koebenhavn/004_*.txt")
    assert len(m.items) == 1 and m.committee is None


def test_the_scorer_gives_at_least_the_required_score():
    score = SHARED / "eval" / "score.py"
    out = subprocess.run([sys.executable, str(score), str(SHARED / "eval" / "gold-seeds.json"), str(CORPUS),
                          "--cmd", f"{sys.executable} -m referatarkiv.cli parse"],
                         capture_output=True, text=True, timeout=300)
    lines = dict(l.split(": ", 1) for l in out.stdout.splitlines() if ": " in l)
    assert float(lines["score"]) >= 0.97, out.stdout + out.stderr
    assert float(lines["text_kept"].split()[0]) >= 0.98


def test_parse_cli_prints_the_json_contract():
    path = next(CORPUS.glob("taarnby/*.txt"))
    out = subprocess.run([sys.executable, "-m", "referatarkiv.cli", "parse", str(path)], capture_output=True, text=True)
    data = json.loads(out.stdout)
    assert set(data) >= {"committee", "term", "date", "start_time", "location", "participants", "absent", "items", "warnings"}
    item = data["items"][0]
    assert set(item) >= {"number", "title", "case_number", "sections", "decision", "attachments", "history", "references"}
