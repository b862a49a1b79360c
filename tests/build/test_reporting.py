"""Every problem reaches the editor at the default log level of `referatarkiv build`, `mkdocs build`
and `mkdocs serve`, as ``path:line: fejl|advarsel: …``, and ``--strict`` fails on every error, of
whatever kind (issue #15).

- errors ("fejl": something not used as written) are WARNINGs in MkDocs, which --strict counts;
- warnings ("advarsel": the parser's notes and the like) are INFO: shown, never failing a build.
"""
from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import stop_process_group, write_config

GOOD = ("REFERAT Teknikudvalget d. 05-01-2021\n\nMødedato 5. januar 2021 kl. 17:00\n\n"
        "Punkt 1: Godkendelse af dagsorden\n\nBeslutning\n\nGodkendt.\n")
# A parser warning: the header says one date, the Mødedato line another.
WARNS = GOOD.replace("Mødedato 5. januar", "Mødedato 6. januar").replace("05-01-2021", "05-01-2021")


def content_with(tmp_path: Path, *, error: str | None) -> Path:
    content = tmp_path / "content"
    u = content / "testby" / "teknik"
    u.mkdir(parents=True)
    (u / "2021-01-05-referat.txt").write_text(WARNS, encoding="utf-8")
    if error == "kommune.yml":
        (content / "testby" / "kommune.yml").write_text("name: [Testby\n", encoding="utf-8")
    elif error == "udvalg.yml":
        (content / "udvalg.yml").write_text("renames: *anker\n", encoding="utf-8")
    elif error == "sidecar":
        (u / "2021-01-05-referat.yml").write_text("committee: [a, b]\n", encoding="utf-8")
    elif error == "garbage":
        (u / "x.txt").write_bytes(b"\xff\xfe garbage \xff\n")
    return content


EXPECTED_ERROR = {"kommune.yml": "testby/kommune.yml:2: fejl: ", "udvalg.yml": "udvalg.yml:1: fejl: ",
                  "sidecar": "testby/teknik/2021-01-05-referat.yml:1: fejl: ", "garbage": "testby/teknik/x.txt:1: fejl: "}
WARNING_LINE = re.compile(r"testby/teknik/2021-01-05-referat\.txt:\d+: advarsel: mødedatoen")


def cli(tmp_path: Path, content: Path, *extra: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "referatarkiv.cli", "build", "--content", str(content), "--out",
                           str(tmp_path / "out"), "--config", str(tmp_path / "none.yml"), *extra],
                          capture_output=True, text=True, timeout=300, cwd=tmp_path)


@pytest.mark.parametrize("error", sorted(EXPECTED_ERROR))
def test_referatarkiv_build_prints_every_problem_and_strict_fails(tmp_path, error):
    content = content_with(tmp_path, error=error)
    proc = cli(tmp_path, content)
    assert proc.returncode == 0, proc.stderr
    assert f"{content}/{EXPECTED_ERROR[error]}" in proc.stderr, proc.stderr
    assert WARNING_LINE.search(proc.stderr), proc.stderr
    assert cli(tmp_path, content, "--strict").returncode == 1


def mkdocs(tmp_path: Path, content: Path, *extra: str) -> subprocess.CompletedProcess:
    config = write_config(tmp_path)
    env = dict(os.environ, REFERATARKIV_CONTENT=str(content), NO_MKDOCS_2_WARNING="1")
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "-f", str(config), *extra], capture_output=True,
                          text=True, timeout=600, env=env, cwd=tmp_path)


@pytest.mark.slow
def test_mkdocs_build_shows_every_problem_and_strict_fails_on_errors(tmp_path):
    content = content_with(tmp_path, error="kommune.yml")
    proc = mkdocs(tmp_path, content)
    assert proc.returncode == 0, proc.stderr
    assert re.search(r"WARNING\s+-\s+referatarkiv: testby/kommune\.yml:2: fejl: ", proc.stderr), proc.stderr
    assert re.search(r"INFO\s+-\s+referatarkiv: " + WARNING_LINE.pattern, proc.stderr), proc.stderr
    strict = mkdocs(tmp_path, content, "--strict")
    assert strict.returncode != 0 and "Aborted with 1 warnings in strict mode" in strict.stdout + strict.stderr
    # parser warnings alone never fail a strict build
    (content / "testby" / "kommune.yml").unlink()
    assert mkdocs(tmp_path, content, "--strict").returncode == 0


@pytest.mark.slow
def test_mkdocs_serve_shows_every_problem(tmp_path):
    content = content_with(tmp_path, error="sidecar")
    config = write_config(tmp_path)
    log = tmp_path / "serve.log"
    env = dict(os.environ, REFERATARKIV_CONTENT=str(content), PYTHONUNBUFFERED="1", NO_MKDOCS_2_WARNING="1")
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    with log.open("wb") as out:
        proc = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}", "-f", str(config)],
                                cwd=tmp_path, env=env, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                start_new_session=True)
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and "Serving on" not in log.read_text(errors="replace"):
            assert proc.poll() is None, log.read_text(errors="replace")
            time.sleep(0.25)
        text = log.read_text(errors="replace")
        assert re.search(r"WARNING\s+-\s+referatarkiv: testby/teknik/2021-01-05-referat\.yml:1: fejl: ", text), text
        assert re.search(r"INFO\s+-\s+referatarkiv: " + WARNING_LINE.pattern, text), text
    finally:
        stop_process_group(proc)


@pytest.mark.slow
def test_build_out_site_generates_once_into_out(tmp_path):
    """`referatarkiv build --out X --site`: MkDocs builds the site from X; no build/ appears."""
    content = content_with(tmp_path, error=None)
    config = write_config(tmp_path)
    (tmp_path / "build").rmdir()  # write_config made the configured docs_dir; the command must not need it
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    env.pop("REFERATARKIV_CONTENT", None)
    proc = subprocess.run([sys.executable, "-m", "referatarkiv.cli", "build", "--content", str(content), "--out",
                           str(tmp_path / "X"), "--site", "--config", str(config)], capture_output=True, text=True,
                          timeout=600, env=env, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert list((tmp_path / "X").glob("testby/*/2021-01-05/index.md"))
    assert list((tmp_path / "site").glob("testby/*/2021-01-05/index.html"))
    assert not (tmp_path / "build").exists()
    assert WARNING_LINE.search(proc.stderr), proc.stderr
