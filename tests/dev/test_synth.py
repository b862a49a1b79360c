"""The synthetic archive generator: deterministic, exact item counts, real formats the parser reads.

Performance is measured by ``referatarkiv bench``, never asserted here.
"""
from __future__ import annotations

import hashlib
import importlib.util
import os
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from referatarkiv.dev.synth import KOMMUNER, generate_archive, write_single_referat

ITEM_RE = re.compile(r"^(?:# )?Punkt (\d+): ", re.M)
PATH_RE = re.compile(r"^[a-z]+/[a-z0-9-]+/\d{4}-\d\d-\d\d\.txt$")

HAVE_PARSER = importlib.util.find_spec("referatarkiv.parse") is not None


def _digest(root: Path) -> str:
    h = hashlib.sha256()
    for p in sorted(root.rglob("*")):
        if p.is_file():
            h.update(p.relative_to(root).as_posix().encode())
            h.update(b"\0")
            h.update(p.read_bytes())
    return h.hexdigest()


def _referater(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*.txt"))


def test_same_seed_same_bytes(tmp_path):
    a = generate_archive(tmp_path / "a", 150, seed=7)
    b = generate_archive(tmp_path / "b", 150, seed=7)
    generate_archive(tmp_path / "c", 150, seed=8)
    assert a == b
    assert _digest(tmp_path / "a") == _digest(tmp_path / "b")
    assert _digest(tmp_path / "a") != _digest(tmp_path / "c")


def test_same_bytes_across_processes(tmp_path):
    """No dependence on hash randomisation or anything else process-specific."""
    code = ("import sys; from pathlib import Path; from referatarkiv.dev.synth import generate_archive; "
            "generate_archive(Path(sys.argv[1]), 90, seed=3)")
    import referatarkiv

    root = str(Path(referatarkiv.__file__).resolve().parents[1])  # the package under test
    for name, hashseed in (("x", "1"), ("y", "12345")):
        env = dict(os.environ, PYTHONHASHSEED=hashseed,
                   PYTHONPATH=root + os.pathsep + os.environ.get("PYTHONPATH", ""))
        subprocess.run([sys.executable, "-c", code, str(tmp_path / name)], check=True, env=env)
    assert _digest(tmp_path / "x") == _digest(tmp_path / "y")


@pytest.mark.parametrize("n", [0, 1, 5, 6, 14, 15, 19, 20, 137, 400])
def test_requested_items_are_generated(tmp_path, n):
    st = generate_archive(tmp_path, n, seed=2)
    found = sum(len(ITEM_RE.findall(p.read_text(encoding="utf-8"))) for p in _referater(tmp_path))
    assert found == n
    assert st.items == n
    assert st.meetings == len(_referater(tmp_path))
    assert st.bytes == sum(p.stat().st_size for p in _referater(tmp_path))


def test_layout_and_meeting_shape(tmp_path):
    st = generate_archive(tmp_path, 600, seed=1)
    files = _referater(tmp_path)
    rel = [p.relative_to(tmp_path).as_posix() for p in files]
    assert all(PATH_RE.match(r) for r in rel), rel[:5]
    kommuner = {r.split("/")[0] for r in rel}
    assert 3 <= len(kommuner) <= 4
    for k in kommuner:
        assert (tmp_path / k / "kommune.yml").read_text(encoding="utf-8").startswith("name: ")
    assert "renames:" in (tmp_path / "udvalg.yml").read_text(encoding="utf-8")
    years = {r.split("/")[-1][:4] for r in rel}
    assert {"2021", "2022"} <= years  # both terms
    sizes = [len(ITEM_RE.findall(p.read_text(encoding="utf-8"))) for p in files]
    assert all(6 <= s <= 14 for s in sizes), Counter(sizes)
    assert st.followed_cases > 0 and st.references > 0


def test_formats_and_recurring_case_numbers(tmp_path):
    st = generate_archive(tmp_path, 600, seed=1)
    texts = {p.relative_to(tmp_path).as_posix(): p.read_text(encoding="utf-8") for p in _referater(tmp_path)}
    joined = "\n".join(texts.values())
    # Frederiksberg plain text, its Markdown export, Tårnby style
    assert re.search(r"^REFERAT .+_20\d\d-\d\d d\. \d\d-\d\d-\d{4}$", joined, re.M)
    assert re.search(r"^# \*\*REFERAT .+ 20\d\d-\d\d d\. \d\d-\d\d-\d{4}\*\*$", joined, re.M)
    assert re.search(r"^Mødedeltagere .+\(Afbud\)", joined, re.M)
    assert re.search(r"^Beslutning i .+ den \d\d-\d\d-\d{4}$", joined, re.M)
    assert re.search(r"^(?:\*\*)?Beslutning \d{1,2}\. [a-zæøå]+ \d{4}, pkt\. \d+:", joined, re.M)  # Historik
    assert re.search(r"\(pkt\. \d+\)", joined)
    assert re.search(r"\b[A-ZÆØÅ]{2,5} d\. \d{1,2}\. [a-zæøå]+ \d{4} pkt\. \d+", joined)
    assert re.search(r"^Bilag \d+ - .+ lukket$", joined, re.M)
    # numbers: KLE style and year/serial style; some numbers recur across meetings
    numbers = Counter()
    for t in texts.values():
        for m in re.finditer(r"^(?:# )?Punkt \d+: .*\n\n(.+)$", t, re.M):
            numbers[m.group(1)] += 1
    assert set(numbers) == set(st.case_numbers)
    assert any(re.fullmatch(r"\d\d\.\d\d\.\d\d-[A-Z]\d\d-\d+-\d\d", n) for n in numbers)
    assert any(re.fullmatch(r"\d\d/\d+", n) for n in numbers)
    assert sum(1 for c in numbers.values() if c >= 2) >= 10


def test_single_referat(tmp_path):
    path = tmp_path / "big.txt"
    nbytes, k = write_single_referat(path, 300_000, seed=1, pool_items=200)
    text = path.read_text(encoding="utf-8")
    assert len(text.encode("utf-8")) == nbytes
    assert 0.8 * 300_000 < nbytes < 1.2 * 300_000
    assert [int(x) for x in ITEM_RE.findall(text)] == list(range(1, k + 1))


@pytest.mark.skipif(not HAVE_PARSER, reason="referatarkiv.parse is not importable yet")
def test_parser_reads_every_generated_item(tmp_path):
    from referatarkiv.parse import parse_file

    n = 250
    st = generate_archive(tmp_path, n, seed=5)
    total = 0
    found: set[str] = set()
    for p in _referater(tmp_path):
        m = parse_file(p)
        want = [int(x) for x in ITEM_RE.findall(p.read_text(encoding="utf-8"))]
        assert [it.number for it in m.items] == want, p
        assert m.date is not None and m.committee, p
        total += len(m.items)
        found.update(it.case_number for it in m.items if it.case_number)
    assert total == n
    assert set(st.case_numbers) <= found, sorted(set(st.case_numbers) - found)[:10]


@pytest.mark.skipif(not HAVE_PARSER, reason="referatarkiv.parse is not importable yet")
def test_parser_reads_single_referat(tmp_path):
    from referatarkiv.parse import parse_file

    path = tmp_path / "big.txt"
    _, k = write_single_referat(path, 150_000, seed=2, pool_items=120)
    assert len(parse_file(path).items) == k


def test_kommuner_are_fictional():
    real = {"frederiksberg", "taarnby", "koebenhavn", "aarhus", "odense", "aalborg"}
    assert not real & {k.slug for k in KOMMUNER}
