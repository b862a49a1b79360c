"""Nothing from outside the content folder is read or published, and no file can hang the build or
make it read without end (issue #15, item 3).

Each case is built by ``referatarkiv build`` in a subprocess with a time limit and a memory limit:
a FIFO named like a referat used to hang the build, ``kommune.yml -> /dev/zero`` read 2.6 GB."""
from __future__ import annotations

import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest

SECRET = "HEMMELIG-7f3a9c uden for indholdsmappen"
GOOD = ("REFERAT Teknikudvalget d. 05-01-2021\n\nMødedato 5. januar 2021 kl. 17:00\n\n"
        "Punkt 1: Godkendelse af dagsorden\n\nBeslutning\n\nGodkendt.\n\nBilag\n\nBilag 1 - Notat\n")


def _limits():  # in the child: 1.5 GB of address space at most
    resource.setrlimit(resource.RLIMIT_AS, (1536 * 1024 * 1024, 1536 * 1024 * 1024))


def build(tmp_path: Path, content: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(p for p in sys.path if p))
    return subprocess.run([sys.executable, "-m", "referatarkiv.cli", "build", "--content", str(content),
                           "--out", str(tmp_path / "build"), "--config", str(tmp_path / "none.yml")],
                          capture_output=True, text=True, timeout=120, env=env, cwd=tmp_path, preexec_fn=_limits)


@pytest.fixture
def setup(tmp_path):
    outside = tmp_path / "udenfor"
    (outside / "mappe").mkdir(parents=True)
    secret = outside / "hemmelig.txt"
    secret.write_text(f"REFERAT Hemmeligt udvalg d. 05-01-2021\n\nPunkt 1: {SECRET}\n\nBeslutning\n\n{SECRET}\n",
                      encoding="utf-8")
    (outside / "mappe" / "Bilag 1 - Notat.pdf").write_text(SECRET, encoding="utf-8")
    (outside / "mappe" / "2021-01-06-referat.txt").write_text(secret.read_text(encoding="utf-8"), encoding="utf-8")
    content = tmp_path / "content"
    udvalg = content / "testby" / "teknik"
    udvalg.mkdir(parents=True)
    (udvalg / "2021-01-05-referat.txt").write_text(GOOD, encoding="utf-8")
    return tmp_path, content, udvalg, outside


def published(tmp_path: Path) -> str:
    return "\n".join(p.read_text(encoding="utf-8", errors="replace") for p in (tmp_path / "build").rglob("*")
                     if p.is_file())


def check(tmp_path: Path, proc: subprocess.CompletedProcess, *names: str) -> None:
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert SECRET not in published(tmp_path)
    assert list((tmp_path / "build").glob("testby/*/2021-01-05/index.md")), "the good referat was not built"
    for name in names:
        assert f"{name}:1: fejl: " in proc.stderr, (name, proc.stderr[-2000:])


def test_a_referat_linked_to_a_file_outside(setup):
    tmp_path, content, udvalg, outside = setup
    (udvalg / "2021-01-06-passwd.txt").symlink_to(outside / "hemmelig.txt")
    (udvalg / "2021-01-07-referat.md").symlink_to(outside / "hemmelig.txt")
    proc = build(tmp_path, content)
    check(tmp_path, proc, "testby/teknik/2021-01-06-passwd.txt", "testby/teknik/2021-01-07-referat.md")
    assert "uden for indholdsmappen" in proc.stderr


def test_a_bilag_file_or_folder_linked_outside(setup):
    tmp_path, content, udvalg, outside = setup
    bilag = udvalg / "2021-01-05-referat.bilag"
    bilag.mkdir()
    (bilag / "Bilag 1 - Notat.pdf").symlink_to(outside / "mappe" / "Bilag 1 - Notat.pdf")
    (udvalg / "2021-01-08-referat.txt").write_text(GOOD.replace("05-01", "08-01"), encoding="utf-8")
    (udvalg / "2021-01-08-referat.bilag").symlink_to(outside / "mappe", target_is_directory=True)
    proc = build(tmp_path, content)
    check(tmp_path, proc, "testby/teknik/2021-01-05-referat.bilag/Bilag 1 - Notat.pdf",
          "testby/teknik/2021-01-08-referat.bilag")


def test_a_kommune_folder_linked_outside(setup):
    tmp_path, content, udvalg, outside = setup
    (content / "andenby").symlink_to(outside / "mappe", target_is_directory=True)
    (udvalg / "underudvalg").symlink_to(outside / "mappe", target_is_directory=True)
    proc = build(tmp_path, content)
    check(tmp_path, proc, "andenby", "testby/teknik/underudvalg")


def test_kommune_yml_linked_to_dev_zero(setup):
    tmp_path, content, udvalg, outside = setup
    (content / "testby" / "kommune.yml").symlink_to("/dev/zero")
    (content / "udvalg.yml").symlink_to("/dev/zero")
    (udvalg / "2021-01-05-referat.yml").symlink_to("/dev/zero")
    proc = build(tmp_path, content)
    check(tmp_path, proc, "testby/kommune.yml", "udvalg.yml", "testby/teknik/2021-01-05-referat.yml")


def test_a_fifo_named_like_a_referat(setup):
    tmp_path, content, udvalg, outside = setup
    os.mkfifo(udvalg / "2021-01-09-referat.txt")
    os.mkfifo(content / "testby" / "kommune.yml")
    bilag = udvalg / "2021-01-05-referat.bilag"
    bilag.mkdir()
    os.mkfifo(bilag / "Bilag 1 - Notat.pdf")
    proc = build(tmp_path, content)
    check(tmp_path, proc, "testby/teknik/2021-01-09-referat.txt", "testby/kommune.yml",
          "testby/teknik/2021-01-05-referat.bilag/Bilag 1 - Notat.pdf")
    assert "FIFO" in proc.stderr


def test_links_inside_the_content_folder_still_work(setup):
    """A link that stays inside the content folder is an ordinary file."""
    tmp_path, content, udvalg, outside = setup
    (udvalg / "2021-01-10-referat.txt").symlink_to(udvalg / "2021-01-05-referat.txt")
    proc = build(tmp_path, content)
    assert proc.returncode == 0 and " fejl: " not in proc.stderr, proc.stderr
    assert list((tmp_path / "build").glob("testby/*/2021-01-05-2/index.md")) or \
        len(list((tmp_path / "build").glob("testby/*/2021-01-05*/index.md"))) == 2
