"""Shared test fixtures.

- ``SHARED`` / ``shared_corpus``: the real corpus in ../shared (never copied into the repo).
- ``built_site``: the sample content/ built once per session (referatarkiv build + mkdocs build --strict).
- ``site_server``: a static HTTP server on 127.0.0.1 serving that site under a sub-path, as GitHub Pages does.
- ``browser``: headless Debian Chromium driven by Playwright.
"""
from __future__ import annotations

import functools
import os
import re
import signal
import subprocess
import sys
import threading
from dataclasses import dataclass
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
CONTENT = REPO / "content"
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
# The sub-path the test server publishes the site under (GitHub Pages project sites live at /<repo>/).
SITE_PREFIX = "/referatarkiv/"


@pytest.fixture(scope="session")
def shared_corpus() -> Path:
    """The real corpus folder (../shared/corpus); skips when it is absent."""
    corpus = SHARED / "corpus"
    if not corpus.is_dir():
        pytest.skip(f"real corpus not found at {corpus} (../shared is not beside the repo)")
    return corpus


@dataclass
class BuiltSite:
    content: Path  # the content folder that was built
    build: Path  # generated Markdown (referatarkiv build --out)
    site: Path  # HTML from mkdocs build
    config: Path  # the mkdocs.yml used


def build_site(content: Path, workdir: Path) -> BuiltSite:
    """Build ``content`` into ``workdir``: ``referatarkiv build``, then ``mkdocs build --strict``.

    Uses a copy of the repo's mkdocs.yml (see :func:`write_config`) and $REFERATARKIV_CONTENT for the
    plugin, so nothing is written into the repo.
    """
    config = write_config(workdir)
    build, site = workdir / "build", workdir / "site"
    env = dict(os.environ, REFERATARKIV_CONTENT=str(content))
    run([sys.executable, "-m", "referatarkiv.cli", "build", "--content", str(content), "--out", str(build),
         "--config", str(config)], env=env, cwd=workdir)
    run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-f", str(config), "-d", str(site)],
        env=env, cwd=workdir)
    return BuiltSite(content=content, build=build, site=site, config=config)


def write_config(workdir: Path) -> Path:
    """A copy of the repo's mkdocs.yml in ``workdir``: docs_dir/site_dir stay relative (so they land in
    ``workdir``; docs_dir is created), the theme's custom_dir points back at the repo's overrides/."""
    text = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    text, n = re.subn(r"(?m)^(\s*custom_dir:\s*)(\S+)", lambda m: m[1] + str((REPO / m[2]).resolve()), text)
    assert n == 1, "mkdocs.yml has no theme custom_dir to rewrite"
    config = workdir / "mkdocs.yml"
    config.write_text(text, encoding="utf-8")
    docs_dir = re.search(r"(?m)^docs_dir:\s*(\S+)", text)
    (workdir / (docs_dir[1] if docs_dir else "docs")).mkdir(exist_ok=True)  # MkDocs checks it exists
    return config


def run(cmd: list[str], *, env: dict[str, str], cwd: Path) -> None:
    proc = subprocess.run(cmd, env=env, cwd=cwd, capture_output=True, text=True, timeout=600)
    if proc.returncode != 0:
        raise AssertionError(f"{' '.join(cmd)} failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}")


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> BuiltSite:
    """The sample content/ built once per test session into a temp folder. Always content/, whatever
    $REFERATARKIV_CONTENT says: tests pin what the sample archive shows (build_site() takes any folder)."""
    return build_site(CONTENT, tmp_path_factory.mktemp("site"))


class _QuietHandler(SimpleHTTPRequestHandler):
    """Serves ``directory`` under SITE_PREFIX only; anything else is a 404 (as on GitHub Pages)."""

    def translate_path(self, path: str) -> str:
        clean = path.split("?", 1)[0].split("#", 1)[0]
        if not clean.startswith(SITE_PREFIX) and clean + "/" != SITE_PREFIX:
            return str(Path(self.directory) / ".not-under-prefix")
        return super().translate_path("/" + clean[len(SITE_PREFIX):])

    def log_message(self, format, *args):  # noqa: A002 - keep test output clean
        pass


@dataclass
class Server:
    root: Path
    url: str  # base URL ending in SITE_PREFIX, e.g. http://127.0.0.1:41234/referatarkiv/


def serve_directory(root: Path):
    """Start a static server for ``root`` on a free port; returns (Server, shutdown)."""
    handler = functools.partial(_QuietHandler, directory=str(root))
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    server = Server(root=root, url=f"http://127.0.0.1:{httpd.server_address[1]}{SITE_PREFIX}")

    def shutdown():
        httpd.shutdown()
        httpd.server_close()

    return server, shutdown


@pytest.fixture(scope="session")
def site_server(built_site) -> Server:
    """The built sample site, served at http://127.0.0.1:<port>/referatarkiv/."""
    server, shutdown = serve_directory(built_site.site)
    yield server
    shutdown()


@pytest.fixture(scope="session")
def browser():
    """Headless Debian Chromium (never a Playwright-downloaded browser)."""
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} not installed (apt-get install chromium)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright not installed")
    with sync_api.sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser):
    """A fresh desktop-sized page; closed after the test."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="da-DK")
    pg = context.new_page()
    pg.set_default_timeout(15_000)
    yield pg
    context.close()


@pytest.fixture(scope="session")
def artifacts() -> Path:
    """tests/artifacts/ (git-ignored) for screenshots and other output worth looking at."""
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


def stop_process_group(proc: subprocess.Popen) -> None:
    """End a command started with ``start_new_session=True`` (``mkdocs serve`` and its children):
    SIGTERM to its process group, SIGKILL if it is still there after ten seconds."""
    if proc.poll() is not None:
        return
    os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)
