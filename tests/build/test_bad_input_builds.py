"""Broken files never stop the archive, --strict turns them into a failing build, and two builds of
the same content give the same bytes.

- 100 good synthetic referater + 3 broken ones (empty, binary, one whose parsing raises) build 100
  meetings and report the 3 with file and line.
- `referatarkiv build --strict`, `mkdocs build --strict` and the plugin's `strict: true` exit non-zero
  on them; without strict the site is still built.
- Two builds into different folders are byte-identical, except the files in BUILD_TIME_FILES.
"""
from __future__ import annotations

import filecmp
import gzip
import os
import re
import struct
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import CONTENT, build_site, write_config
from referatarkiv.build.generate import generate
from referatarkiv.parse import parse_file
from referatarkiv.dev.synth import generate_archive

# Files that carry the build date (MkDocs: sitemap.xml's <lastmod> when site_url is set, and the
# gzip header mtime of sitemap.xml.gz). Both follow $SOURCE_DATE_EPOCH; everything else is a
# function of the content alone. Listed in README.md ("What happens with bad input") too.
BUILD_TIME_FILES = {"site/sitemap.xml", "site/sitemap.xml.gz"}

BINARY = b"REFERAT Udvalget d. 02-03-2020\n\n\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4
# Starts like a PDF, then stops: no xref, no pages.
TRUNCATED_PDF = b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pa"


def good_archive(content: Path, meetings: int = 100) -> list[Path]:
    """``meetings`` good referater from the synthetic archive generator (the first ones by path)."""
    generate_archive(content, items=meetings * 14, seed=3)
    referater = sorted(content.glob("*/**/*.txt"))
    assert len(referater) >= meetings
    for p in referater[meetings:]:
        p.unlink()
        p.with_suffix(".yml").unlink(missing_ok=True)
    return referater[:meetings]


def add_broken(content: Path, third: str = "boom.txt", third_bytes: bytes = b"") -> dict[str, int]:
    """The broken files, and the line each must be reported at."""
    k = sorted(p for p in content.iterdir() if p.is_dir())[0]
    bad = k / "brudte filer"
    bad.mkdir()
    (bad / "tom.txt").write_bytes(b"")
    (bad / "binaer.txt").write_bytes(BINARY)
    (bad / third).write_bytes(third_bytes or "REFERAT Udvalget d. 02-03-2020\n\nPunkt 1: x\n".encode())
    rel = lambda name: (bad / name).relative_to(content).as_posix()  # noqa: E731
    return {rel("tom.txt"): 1, rel("binaer.txt"): BINARY[:BINARY.index(b"\0")].count(b"\n") + 1, rel(third): 1}


@pytest.mark.slow
def test_three_bad_files_do_not_stop_a_hundred_good_ones(tmp_path):
    content = tmp_path / "content"
    good_archive(content)
    expected = add_broken(content)

    def parse(path: Path):
        if path.name == "boom.txt":
            raise RecursionError("maximum recursion depth exceeded")  # a parser bug, say
        return parse_file(path)

    report = generate(content, tmp_path / "build", parse=parse)
    assert report.sources == 103
    assert report.meetings == 100
    assert {e.path: e.line or 1 for e in report.errors} == expected
    for e in report.errors:
        assert str(e).startswith(f"{e.path}:{e.line or 1}: "), str(e)
        assert str(content) not in str(e)  # said once, relative to the content folder
    assert any("RecursionError" in e.message for e in report.errors)
    # Every good meeting has its page; nothing from the broken files got one.
    for am in report.archive.meetings:
        assert (tmp_path / "build" / am.path / "index.md").is_file(), am.path
    assert not any("brudte" in (am.source_rel or "") for am in report.archive.meetings)


def run_cli(*args: str, env: dict | None = None, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "referatarkiv.cli", *args], capture_output=True, text=True,
                          timeout=600, env=env, cwd=cwd)


def test_cli_build_reports_bad_files_and_strict_fails(tmp_path):
    content = tmp_path / "content"
    good_archive(content, meetings=10)
    expected = add_broken(content, "afkortet.pdf", TRUNCATED_PDF)
    config = write_config(tmp_path)
    args = ["build", "--content", str(content), "--out", str(tmp_path / "build"), "--config", str(config)]

    proc = run_cli(*args, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    for rel, line in expected.items():
        assert f"{content / rel}:{line}: fejl: " in proc.stderr, (rel, proc.stderr)
    assert "13 referater, 10 møder" in proc.stderr and "3 fejl" in proc.stderr

    strict = run_cli(*args, "--strict", cwd=tmp_path)
    assert strict.returncode == 1, strict.stderr
    for rel, line in expected.items():
        assert f"{content / rel}:{line}: fejl: " in strict.stderr


def mkdocs(config: Path, content: Path, *extra: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, REFERATARKIV_CONTENT=str(content), NO_MKDOCS_2_WARNING="1")
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "-f", str(config), *extra],
                          capture_output=True, text=True, timeout=600, env=env, cwd=config.parent)


@pytest.mark.slow
def test_mkdocs_strict_and_plugin_strict_fail_on_bad_files(tmp_path):
    content = tmp_path / "content"
    good_archive(content, meetings=3)
    expected = add_broken(content, "afkortet.pdf", TRUNCATED_PDF)
    config = write_config(tmp_path)

    lenient = mkdocs(config, content)
    assert lenient.returncode == 0, lenient.stderr
    for rel in expected:
        assert re.search(rf"WARNING\s+-\s+referatarkiv: {re.escape(rel)}:\d+: ", lenient.stderr), (rel, lenient.stderr)
    assert len(list((tmp_path / "site").glob("*/*/*/punkt-*/index.html"))) > 3

    strict = mkdocs(config, content, "--strict")
    assert strict.returncode != 0
    assert "Aborted with 3 warnings in strict mode" in strict.stdout + strict.stderr

    text = config.read_text(encoding="utf-8")
    text, n = re.subn(r"(?m)^( +)content: .*$", lambda m: f"{m[0]}\n{m[1]}strict: true", text, count=1)
    assert n == 1
    config.write_text(text, encoding="utf-8")
    plugin_strict = mkdocs(config, content)
    assert plugin_strict.returncode != 0
    assert "3 fejl i indholdet (strict: true)" in plugin_strict.stderr, plugin_strict.stderr


def tree(root: Path) -> dict[str, Path]:
    return {p.relative_to(root).as_posix(): p for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.mark.slow
def test_two_builds_give_the_same_bytes(tmp_path, monkeypatch):
    """The sample content built twice into different folders with different hash seeds (set
    iteration order): build/ and site/ are byte-identical except BUILD_TIME_FILES, which carry the
    day of the build (so they differ only across midnight) unless $SOURCE_DATE_EPOCH pins it.
    A rebuild from the warm parse cache gives the same bytes as the cold one."""
    import mkdocs.utils

    monkeypatch.setenv("SITE_URL", "https://example.invalid/referatarkiv/")  # sitemap <lastmod>, if used
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    builds = []
    for name, seed in (("a", "1"), ("b", "2")):
        monkeypatch.setenv("PYTHONHASHSEED", seed)
        work = tmp_path / name
        work.mkdir()
        build_site(CONTENT, work)
        builds.append(work)
    a, b = builds
    files_a = {f"build/{k}": v for k, v in tree(a / "build").items()} | {f"site/{k}": v for k, v in tree(a / "site").items()}
    files_b = {f"build/{k}": v for k, v in tree(b / "build").items()} | {f"site/{k}": v for k, v in tree(b / "site").items()}
    assert sorted(files_a) == sorted(files_b)
    differ = sorted(k for k in files_a if not filecmp.cmp(files_a[k], files_b[k], shallow=False))
    assert set(differ) <= BUILD_TIME_FILES, differ

    # What the build-time files carry: the day of the build.
    today = mkdocs.utils.get_build_datetime().replace(hour=0, minute=0, second=0, microsecond=0)
    days = {int(today.timestamp()) - d * 86400 for d in (0, 1)}  # the build may have begun yesterday
    gz = (a / "site" / "sitemap.xml.gz").read_bytes()
    assert struct.unpack("<I", gz[4:8])[0] in days  # gzip header mtime
    sitemap = (a / "site" / "sitemap.xml").read_text(encoding="utf-8")
    assert gzip.decompress(gz).decode("utf-8") == sitemap
    for lastmod in set(re.findall(r"<lastmod>([^<]*)</lastmod>", sitemap)):
        assert lastmod in {mkdocs.utils.datetime.fromtimestamp(d, mkdocs.utils.timezone.utc).date().isoformat()
                           for d in days}
    # … and MkDocs takes that day from $SOURCE_DATE_EPOCH when it is set.
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1000000000")
    assert mkdocs.utils.get_build_date() == "2001-09-09"
    monkeypatch.delenv("SOURCE_DATE_EPOCH")

    # A rebuild from the warm parse cache, with yet another hash seed, finds every byte the same
    # (generate writes only files whose bytes changed).
    env = dict(os.environ, PYTHONHASHSEED="3", REFERATARKIV_CONTENT=str(CONTENT))
    again = run_cli("build", "--content", str(CONTENT), "--out", str(a / "build"), "--config", str(a / "mkdocs.yml"),
                    env=env, cwd=a)
    assert again.returncode == 0, again.stderr
    assert re.search(r" 0 skrevet, 0 slettet, [1-9]\d* uændrede", again.stderr), again.stderr
