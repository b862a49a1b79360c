"""`mkdocs serve` picks up an edited referat and then settles (no rebuild loop).

The plugin regenerates the docs dir inside MkDocs' on_config, and the docs dir is itself watched:
if generation rewrote files that did not change, every build would trigger the next one.
"""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import CONTENT, stop_process_group, write_config

pytestmark = pytest.mark.slow

REFERAT = "2020-03-02-referat.txt"  # in content/havbjerg/<udvalg folder>/
ITEM_URL = "havbjerg/beskaeftigelses-og-uddannelsesudvalget/2020-03-02/punkt-16/"
OLD = "Beskæftigelses- og uddannelsesudvalget tog opfølgningen for 4. kvartal 2019 til efterretning."
NEW = "Beskæftigelses- og uddannelsesudvalget tog opfølgningen for 4. kvartal 2019 til efterretning og bad om en særskilt redegørelse for sygedagpengene."
# Counted on "Building documentation..." (logged by serve for every build). Not on "Documentation built in
# N.NN seconds": MkDocs' build logger drops a message it has logged before, so a build that takes as
# long as an earlier one to the hundredth of a second leaves no such line.
BUILDING = "Building documentation..."


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as resp:
            return resp.read().decode("utf-8")
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def wait_for(predicate, timeout: float, what: str, log: Path):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        result = predicate()
        if result:
            return result
        time.sleep(0.25)
    pytest.fail(f"timed out after {timeout:.0f} s waiting for {what}; server log:\n{log.read_text(errors='replace')}")


def test_serve_rebuilds_once_after_edit(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    found = sorted((content / "havbjerg").rglob(REFERAT))
    assert len(found) == 1, f"expected one {REFERAT} under content/havbjerg, found {found}"
    referat = found[0]
    text = referat.read_text(encoding="utf-8")
    assert text.count(OLD) == 1, "the sample referat changed; update OLD in this test"

    work = tmp_path / "site-src"
    work.mkdir()
    config = write_config(work)
    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    log = tmp_path / "serve.log"
    env = dict(os.environ, REFERATARKIV_CONTENT=str(content), PYTHONUNBUFFERED="1", NO_MKDOCS_2_WARNING="1")
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}", "-f", str(config)],
            cwd=work, env=env, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
            start_new_session=True,  # its own process group, killed as a whole below
        )
    try:
        def builds() -> int:
            return log.read_text(errors="replace").count(BUILDING)

        def item_page() -> str | None:
            if proc.poll() is not None:
                pytest.fail(f"mkdocs serve exited ({proc.returncode}):\n{log.read_text(errors='replace')}")
            return fetch(base + ITEM_URL)

        first = wait_for(item_page, 120, "mkdocs serve to serve the item page", log)
        assert "til efterretning." in first and "særskilt redegørelse" not in first

        # Let the first build settle (the initial generation may itself touch watched files once).
        time.sleep(3)
        before = builds()

        referat.write_text(text.replace(OLD, NEW), encoding="utf-8")
        edited_at = time.monotonic()
        wait_for(lambda: "særskilt redegørelse" in (item_page() or ""), 60, "the edited decision on the item page", log)
        seen_after = time.monotonic() - edited_at

        # Then watch for ~10 s: the server must go quiet.
        time.sleep(10)
        after_edit = builds() - before
        log_text = log.read_text(errors="replace")
        assert 1 <= after_edit <= 2, (
            f"{after_edit} builds after one edit (expected 1, at most 2: no rebuild loop); log:\n{log_text}")
        settled = builds()
        time.sleep(3)
        assert builds() == settled, f"still rebuilding 10 s after the edit; log:\n{log.read_text(errors='replace')}"
        assert seen_after < 60
    finally:
        artifacts = Path(__file__).resolve().parents[1] / "artifacts"
        artifacts.mkdir(exist_ok=True)
        shutil.copyfile(log, artifacts / "serve-reload.log")  # for a person to read
        stop_process_group(proc)
