"""build/generate.py and build/outputs.py: content folder → build folder; write only changed bytes,
remove stale pages."""
import argparse
import json
import os
from datetime import date
from pathlib import Path

import pytest

from referatarkiv.build.generate import find_sources, generate, read_settings
from referatarkiv.build.sitebuild import main_build
from referatarkiv.build.outputs import MANIFEST
from referatarkiv.model import AgendaItem, Attachment, Decision, Meeting, Section
from referatarkiv.readers import ReadError

REPO = Path(__file__).resolve().parents[2]


def fake_parse(path: Path) -> Meeting:
    """A stand-in parser: line 1 committee, line 2 ISO date, line 3 item title; "FEJL" on line 3 fails."""
    lines = path.read_text(encoding="utf-8").splitlines()
    if len(lines) > 2 and lines[2] == "FEJL":
        raise ReadError(path, 3, "ulæselig linje")
    atts = [Attachment("Bilag 1", "Oversigt"), Attachment("Bilag 2", "Personsager", closed=True)]
    item = AgendaItem(1, lines[2], "20/1", sections=[Section("Sagsfremstilling", "Se bilag 1.", "sagsfremstilling")],
                      decision=Decision("Godkendt.", ["godkendt"]), attachments=atts)
    return Meeting(committee=lines[0], date=date.fromisoformat(lines[1]), items=[item], source_path=str(path))


def write(p: Path, text: str) -> Path:
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_text(text, encoding="utf-8")
    return p


@pytest.fixture
def content(tmp_path):
    c = tmp_path / "content"
    write(c / "havbjerg" / "kommune.yml", 'name: "Havbjerg Kommune"\n')
    write(c / "havbjerg" / "teknik" / "2020-01-06.txt", "Teknikudvalget\n2020-01-06\nVejplan\n")
    write(c / "havbjerg" / "teknik" / "2020-01-06.bilag" / "Bilag 1 Oversigt.pdf", "%PDF-1.4 åben")
    write(c / "havbjerg" / "teknik" / "2020-01-06.bilag" / "Bilag 2 Personsager.pdf", "%PDF-1.4 LUKKET")
    write(c / "havbjerg" / "teknik" / "2020-02-03.md", "Teknikudvalget\n2020-02-03\nBudget\n")
    write(c / "havbjerg" / "teknik" / "2020-02-03.yml", "committee: Teknikudvalget\n")  # sidecar, not a referat
    write(c / "lindved" / "README.md", "not a referat")
    write(c / "lindved" / "kultur" / "2021-05-01.txt", "Kulturudvalget\n2021-05-01\nBibliotek\n")
    write(c / "udvalg.yml", "renames: []\n")
    return c


def files_under(d: Path) -> set[str]:
    return {p.relative_to(d).as_posix() for p in d.rglob("*") if p.is_file()}


def test_find_sources(content):
    got = [p.relative_to(content).as_posix() for p in find_sources(content)]
    assert got == ["havbjerg/teknik/2020-01-06.txt", "havbjerg/teknik/2020-02-03.md", "lindved/kultur/2021-05-01.txt"]


def test_generate_writes_pages_and_files(content, tmp_path):
    out = tmp_path / "build"
    r = generate(content, out, parse=fake_parse)
    assert r.ok and r.sources == 3 and r.meetings == 3
    files = files_under(out)
    base = "havbjerg/teknikudvalget/2020-01-06/"
    assert {"index.md", "havbjerg/index.md", f"{base}index.md", f"{base}punkt-1/index.md", "data/archive.json",
            f"{base}referat-2020-01-06.txt", f"{base}bilag/bilag-1-oversigt/bilag-1-oversigt.pdf"} <= files
    # A Markdown referat is published as text, never rendered as a page of the site.
    assert "havbjerg/teknikudvalget/2020-02-03/referat-2020-02-03.md.txt" in files
    # The closed attachment has no page (issue 18), only its title in its punkt's bilag list, and its
    # file is never copied, although it lies in content/.
    assert not any("bilag-2-personsager" in f for f in files)
    assert any("Personsager *(lukket)*" in (out / f).read_text(errors="replace")
               for f in files if f.startswith(base) and "/punkt-" in f)
    assert not any("LUKKET" in (out / f).read_text(errors="replace") for f in files)
    assert "Havbjerg Kommune" in (out / "havbjerg/index.md").read_text()
    assert [e[list(e)[0]] for e in r.nav][0] == "index.md"


def test_second_run_writes_nothing(content, tmp_path):
    out = tmp_path / "build"
    first = generate(content, out, parse=fake_parse)
    assert len(first.written) > 10
    mtimes = {p: p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file()}
    second = generate(content, out, parse=fake_parse)
    assert second.written == [] and second.deleted == []
    assert second.unchanged == len(first.written)
    assert {p: p.stat().st_mtime_ns for p in out.rglob("*") if p.is_file()} == mtimes


def test_editing_one_source_rewrites_only_its_pages(content, tmp_path):
    out = tmp_path / "build"
    generate(content, out, parse=fake_parse)
    write(content / "lindved" / "kultur" / "2021-05-01.txt", "Kulturudvalget\n2021-05-01\nBibliotek og musik\n")
    r = generate(content, out, parse=fake_parse)
    # index.md, data/ and the archive's feed.xml list every meeting
    assert r.written and all(w.startswith(("lindved/", "index.md", "data/", "feed.xml")) for w in r.written), r.written


def test_removing_a_source_removes_its_pages(content, tmp_path):
    out = tmp_path / "build"
    generate(content, out, parse=fake_parse)
    keep = write(out / "notes.txt", "not generated")  # never written by us: left alone
    (content / "lindved" / "kultur" / "2021-05-01.txt").unlink()
    r = generate(content, out, parse=fake_parse)
    assert r.deleted and all(d.startswith(("lindved/", "data/moeder/lindved/")) for d in r.deleted)
    assert not (out / "lindved").exists()  # emptied folders go too
    assert keep.exists()
    manifest = json.loads((out / MANIFEST).read_text())["files"]
    assert not any(f.startswith("lindved/") for f in manifest)
    assert generate(content, out, parse=fake_parse).written == []


def test_bad_file_is_reported_and_the_rest_is_built(content, tmp_path):
    write(content / "lindved" / "kultur" / "2021-06-01.txt", "Kulturudvalget\n2021-06-01\nFEJL\n")
    r = generate(content, tmp_path / "build", parse=fake_parse)
    assert not r.ok and r.meetings == 3
    (e,) = r.errors
    assert e.path == "lindved/kultur/2021-06-01.txt" and e.line == 3
    assert str(e).startswith("lindved/kultur/2021-06-01.txt:3:")


def test_unexpected_parser_exception_is_reported(content, tmp_path):
    def boom(path):
        if path.name == "2020-02-03.md":
            raise ValueError("parser bug")
        return fake_parse(path)

    r = generate(content, tmp_path / "build", parse=boom)
    assert r.meetings == 2 and "parser bug" in r.errors[0].message


def test_read_settings_tolerates_mkdocs_tags(tmp_path, monkeypatch):
    cfg = write(tmp_path / "mkdocs.yml", "docs_dir: out\nmarkdown_extensions:\n  - toc:\n      slugify: "
                "!!python/name:referatarkiv.slugs.slugify_heading\nplugins:\n  - search\n  - referatarkiv:\n"
                "      content: !ENV [RA_TEST_CONTENT, mycontent]\n")
    assert read_settings(cfg) == {"docs_dir": "out", "content": "mycontent"}
    monkeypatch.setenv("RA_TEST_CONTENT", "other")
    assert read_settings(cfg)["content"] == "other"
    assert read_settings(REPO / "mkdocs.yml") == {"docs_dir": "build", "site_dir": "site", "content": "content"}


def test_main_build_strict_fails_on_a_bad_file(tmp_path, monkeypatch):
    c = tmp_path / "content"
    write(c / "havbjerg" / "x.txt", "")
    write(c / "havbjerg" / "y.pdf", "this is not a pdf")
    monkeypatch.delenv("REFERATARKIV_CONTENT", raising=False)
    args = argparse.Namespace(content=str(c), out=str(tmp_path / "build"), config=str(tmp_path / "none.yml"),
                              strict=True, site=False)
    assert main_build(args) == 1
    args.strict = False
    assert main_build(args) == 0


def test_real_parser_on_sample_content(tmp_path):
    content = REPO / "content"
    if not any(content.glob("*/**/*.txt")):
        pytest.skip("content/ has no referater yet")
    r = generate(content, tmp_path / "build")
    assert r.ok, [str(e) for e in r.errors]
    assert r.meetings >= 1 and r.pages > r.meetings
    again = generate(content, tmp_path / "build")
    assert again.written == []


def test_real_parser_on_shared_corpus(tmp_path):
    corpus = REPO.parent / "shared" / "corpus"
    if not corpus.is_dir():
        pytest.skip(f"real corpus not found at {corpus}")
    r = generate(corpus, tmp_path / "build")
    assert r.ok, [str(e) for e in r.errors]
    a = r.archive
    # The corpus's one cross-meeting link: 2022 item 8 → 2020 item 26.
    item8 = next(ai for ai in a.items if ai.meeting.date == date(2022, 3, 14) and ai.number == 8)
    targets = {(rr.target.meeting.date, rr.target.number) for rr in item8.references if rr.target}
    assert (date(2020, 3, 2), 26) in targets
    assert a.cases[("taarnby", "20/13750")].catch_all
    assert os.path.isdir(tmp_path / "build" / "koebenhavn" / "ukendt-udvalg")


def test_the_cache_is_not_in_zensicals_cache_folder(tmp_path):
    """``zensical build --clean`` empties ``.cache/`` beside its config: our parse cache and build
    state (default_cache_dir) live beside the docs dir in a folder of their own."""
    from referatarkiv.build.generate import default_cache_dir

    cache = default_cache_dir(tmp_path / "build")
    assert cache.parent == tmp_path and ".cache" not in cache.parts
