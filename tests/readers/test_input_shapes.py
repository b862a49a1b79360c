"""Files in every shape a referat arrives in: encodings, BOMs, line ends, control bytes, odd names, cut-off files.

Each gives a Meeting, or a ReadError naming the file and the line; never a traceback (also through the CLI).
A 50 MB file is a benchmark, not a test: ``python -m referatarkiv.dev.bench_adversarial`` times it.
"""
from __future__ import annotations

import codecs
import subprocess
import sys

import pytest

from referatarkiv.parse import parse_file
from referatarkiv.readers import ReadError

SAMPLE = """\
REFERAT Økonomiudvalget_2022-25 d. 05-04-2022

Mødedato Tirsdag d. 5. april 2022 kl. 16:00

Mødested Rådhuset, Værelse 2

Punkt 1: Godkendelse af dagsorden

22/100

Beslutning

Godkendt – på én gang.

Punkt 2: Æbleplantage ved Søndre Ålekrog

22/101

Sagsfremstilling

Forvaltningen foreslår at plante æbletræer ved søen; økonomien er “afklaret”.

Beslutning

Økonomiudvalget godkendte indstillingen.
"""


def _check(m):
    assert m.committee == "Økonomiudvalget" and m.term == "2022-25" and str(m.date) == "2022-04-05"
    assert m.start_time == "16:00" and m.location == "Rådhuset, Værelse 2"
    assert [(i.number, i.title) for i in m.items] == [(1, "Godkendelse af dagsorden"), (2, "Æbleplantage ved Søndre Ålekrog")]
    assert "økonomien er “afklaret”" in m.items[1].sections[0].text or "økonomien er" in m.items[1].sections[0].text
    assert m.items[1].decision.outcomes == ["godkendt"]


def _write(tmp_path, data: bytes, name: str = "referat.txt"):
    p = tmp_path / name
    p.write_bytes(data)
    return p


def _cli(p):
    out = subprocess.run([sys.executable, "-m", "referatarkiv.cli", "parse", str(p)], capture_output=True, text=True, timeout=120)
    assert "Traceback" not in out.stderr, out.stderr
    return out


@pytest.mark.parametrize("encoding, bom", [
    ("utf-8", b""), ("utf-8", codecs.BOM_UTF8),
    ("utf-16-le", codecs.BOM_UTF16_LE), ("utf-16-be", codecs.BOM_UTF16_BE),
])
def test_unicode_files_with_and_without_bom(tmp_path, encoding, bom):
    m = parse_file(_write(tmp_path, bom + SAMPLE.encode(encoding)))
    _check(m)
    assert not m.warnings or all("afkortet" not in w.message for w in m.warnings)


@pytest.mark.parametrize("encoding", ["cp1252", "latin-1"])
def test_legacy_encodings_read_with_a_warning(tmp_path, encoding):
    text = SAMPLE if encoding == "cp1252" else SAMPLE.replace("–", "-").replace("“", '"').replace("”", '"')
    m = parse_file(_write(tmp_path, text.encode(encoding)))
    assert m.committee == "Økonomiudvalget" and m.items[1].title == "Æbleplantage ved Søndre Ålekrog"
    assert any(encoding.replace("-", "") in w.message.replace("-", "") for w in m.warnings)


def test_crlf_and_lone_cr_line_ends(tmp_path):
    _check(parse_file(_write(tmp_path, SAMPLE.replace("\n", "\r\n").encode())))
    _check(parse_file(_write(tmp_path, SAMPLE.replace("\n", "\r").encode(), "cr.txt")))


def test_form_feeds_are_page_breaks(tmp_path):
    data = SAMPLE.replace("\n\nPunkt 2", "\n\f\nPunkt 2").replace("Sagsfremstilling\n\n", "Sagsfremstilling\f").encode()
    _check(parse_file(_write(tmp_path, data)))


def test_nul_bytes_are_dropped_with_a_warning_naming_the_line(tmp_path):
    data = SAMPLE.encode().replace(b"Godkendt", b"God\x00kendt")
    m = parse_file(_write(tmp_path, data))
    _check(m)
    line = SAMPLE.splitlines().index("Godkendt – på én gang.") + 1
    assert any("NUL" in w.message and w.line == line for w in m.warnings), m.warnings


def test_a_zero_byte_file_is_a_read_error_naming_file_and_line(tmp_path):
    p = _write(tmp_path, b"", "tom.txt")
    with pytest.raises(ReadError, match=r"tom\.txt:1: "):
        parse_file(p)
    out = _cli(p)
    assert out.returncode == 2 and "tom.txt:1:" in out.stderr


def test_only_whitespace_and_nul_is_empty(tmp_path):
    with pytest.raises(ReadError, match=r"blank\.txt:1: filen er tom"):
        parse_file(_write(tmp_path, b" \r\n\t\x00\x0c\n", "blank.txt"))


def test_a_binary_file_is_a_read_error(tmp_path):
    p = _write(tmp_path, bytes(range(256)) * 8, "data.txt")
    with pytest.raises(ReadError, match=r"data\.txt:\d+: .*ikke tekst"):
        parse_file(p)
    assert _cli(p).returncode == 2


def test_a_file_name_with_spaces_and_danish_letters(tmp_path):
    p = _write(tmp_path, SAMPLE.encode(), "Referat Økonomiudvalget 2. marts.txt")
    m = parse_file(p)
    _check(m)
    assert m.source_path == str(p)
    out = _cli(p)
    assert out.returncode == 0 and '"Økonomiudvalget"' in out.stdout


def test_a_truncated_file_gives_a_warning_naming_its_last_line(tmp_path):
    cut = SAMPLE.index("ved søen") + len("ved søen")
    text = SAMPLE[:cut].replace("Forvaltningen foreslår", "Forvaltningen foreslår efter en lang og grundig drøftelse i arbejdsgruppen")
    m = parse_file(_write(tmp_path, text.encode()))
    last_line = len(text.rstrip("\n").split("\n"))
    assert any("afkortet" in w.message and w.line == last_line for w in m.warnings), m.warnings
    out = _cli(tmp_path / "referat.txt")
    assert out.returncode == 0 and f"referat.txt:{last_line}: advarsel" in out.stderr


def test_a_file_cut_inside_a_multibyte_letter(tmp_path):
    data = SAMPLE.encode()
    cut = data.index("Søndre".encode()) + 2  # between the two bytes of "ø"
    m = parse_file(_write(tmp_path, data[:cut]))
    assert m.items and m.items[-1].number == 2 and m.warnings


@pytest.mark.parametrize("data", [
    codecs.BOM_UTF16_LE + b"\x00",  # odd length after the BOM
    codecs.BOM_UTF16_BE + "Punkt 1: A".encode("utf-16-be")[:-1],
    b"\xff\xfe\x00\xd8",  # lone surrogate in UTF-16
    SAMPLE.encode("utf-16-le")[:-1],  # UTF-16 without BOM, cut in a code unit
])
def test_broken_utf16_is_a_result_or_a_read_error(tmp_path, data):
    p = _write(tmp_path, data)
    try:
        parse_file(p)
    except ReadError as e:
        assert "referat.txt:" in str(e)
    assert _cli(p).returncode in (0, 2)
