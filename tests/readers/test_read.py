"""Reading bytes: encodings, BOMs, binary and empty files, front matter and sidecars."""
import codecs

import pytest

from referatarkiv.parse import parse_file
from referatarkiv.readers import ReadError, decode, read_source

SAMPLE = "REFERAT Økonomiudvalget_2022-25 d. 05-04-2022\n\nPunkt 1: Godkendelse af dagsorden\n\n22/100\n\nBeslutning\n\nGodkendt – på én gang.\n"


@pytest.mark.parametrize("encoding, bom", [
    ("utf-8", b""), ("utf-8", codecs.BOM_UTF8), ("utf-16-le", codecs.BOM_UTF16_LE), ("utf-16-be", codecs.BOM_UTF16_BE),
])
def test_unicode_files_read_the_same_with_or_without_bom(encoding, bom):
    text, _, warnings = decode(bom + SAMPLE.encode(encoding))
    assert text == SAMPLE and not warnings


def test_utf16_without_bom_is_detected_with_a_warning():
    text, enc, warnings = decode(SAMPLE.encode("utf-16-le"))
    assert text == SAMPLE and warnings


@pytest.mark.parametrize("encoding", ["cp1252", "latin-1"])
def test_legacy_encodings_are_read_with_a_warning_naming_the_line(encoding):
    data = SAMPLE.replace("–", "-").encode(encoding) if encoding == "latin-1" else SAMPLE.encode(encoding)
    text, enc, warnings = decode(data)
    assert "Økonomiudvalget" in text and "på én gang" in text
    assert warnings and warnings[0].line == 1 and encoding.replace("-", "") in warnings[0].message.replace("-", "")


def test_an_empty_file_is_an_error_naming_file_and_line(tmp_path):
    p = tmp_path / "tom.txt"
    p.write_bytes(b"")
    with pytest.raises(ReadError, match=r"tom\.txt:1: filen er tom"):
        parse_file(p)


def test_a_binary_file_is_an_error_not_a_traceback(tmp_path):
    p = tmp_path / "billede.txt"
    p.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    with pytest.raises(ReadError, match="ikke tekst"):
        parse_file(p)


def test_nul_bytes_are_removed_with_a_warning():
    text, _, warnings = decode(SAMPLE.encode().replace(b"dagsorden", b"dags\x00orden"))
    assert "dagsorden" in text and any("NUL" in w.message for w in warnings)


def test_front_matter_is_metadata_and_line_numbers_still_match_the_file(tmp_path):
    p = tmp_path / "havbjerg" / "m.txt"
    p.parent.mkdir()
    p.write_text("---\nsource_url: https://example.invalid/r\nterm: 2022-25\n---\n" + SAMPLE, encoding="utf-8")
    src = read_source(p)
    assert src.meta == {"source_url": "https://example.invalid/r", "term": "2022-25"}
    m = parse_file(p)
    assert m.source_url == "https://example.invalid/r" and m.items[0].line == 7


def test_a_sidecar_yml_gives_what_the_file_lacks_and_the_folder_names_the_kommune(tmp_path):
    d = tmp_path / "content" / "havbjerg"
    d.mkdir(parents=True)
    (d / "fragment.txt").write_text("Indstilling\n\nForvaltningen indstiller, at sagen godkendes.\n", encoding="utf-8")
    (d / "fragment.yml").write_text("committee: Økonomiudvalget\ndate: 2021-05-03\n", encoding="utf-8")
    m = parse_file(d / "fragment.txt")
    assert (m.committee, str(m.date), m.municipality) == ("Økonomiudvalget", "2021-05-03", "havbjerg")


def test_parse_cli_exits_non_zero_for_an_unreadable_file(tmp_path, capsys):
    from referatarkiv.cli import main

    p = tmp_path / "tom.txt"
    p.write_bytes(b"   \n")
    assert main(["parse", str(p)]) == 2
    assert "tom.txt:1" in capsys.readouterr().err
