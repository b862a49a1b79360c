"""Search benchmark: ``referatarkiv bench search --items N``.

For a synthetic archive of N agenda items (:func:`referatarkiv.dev.synth.generate_archive`), build the
site once per engine (Material's lunr search, Pagefind) and print for each:

- index build time: the time MkDocs spends in Material's search plugin (``on_page_context`` +
  ``on_post_build``), or the Pagefind run after the build; plus the whole build;
- index size: ``search/search_index.json`` (raw and gzipped), or the ``pagefind/`` bundle (all
  files, and the index part alone: fragments, word and filter chunks, metadata);
- bytes a browser downloads before the first result appears: headless Chromium (Playwright,
  Debian's /usr/bin/chromium) opens a page of the site served under ``/referatarkiv/`` by a local
  server that gzips text files as GitHub Pages does, types the query and waits for the first result
  element; the transfer sizes (headers + encoded body, from the network events) of every response
  that finished before that moment are summed. "query" counts only responses requested after the
  query was typed. Material starts on the home page and types into its search box; Pagefind starts
  on the search page (/soeg/).

The work folder (default ``bench-out/search/``) keeps the content and sites, so a second run of the
same size reuses the archive; ``--keep`` keeps the built sites too (they are deleted otherwise).
"""
from __future__ import annotations

import argparse
import functools
import gzip
import json
import os
import re
import shutil
import subprocess
import sys
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

REPO = Path(__file__).resolve().parents[3]
PREFIX = "/referatarkiv/"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
# An inflected form whose base form ("plejebolig") the synthetic archive uses.
DEFAULT_QUERY = "plejeboliger"
GZIP_SUFFIXES = {".html", ".css", ".js", ".json", ".svg", ".xml", ".txt", ".csv", ".ics", ".map"}
ENGINES = ("material", "pagefind")


# ------------------------------------------------------------------------------------------------
# building

def write_config(workdir: Path, content: Path, engine: str) -> Path:
    """The repo's mkdocs.yml, with theme overrides and content pointing back at absolute paths and
    the referatarkiv plugin's ``search:`` forced to ``engine``."""
    text = (REPO / "mkdocs.yml").read_text(encoding="utf-8")
    text, n = re.subn(r"(?m)^(\s*custom_dir:\s*)(\S+)", lambda m: m[1] + str((REPO / m[2]).resolve()), text)
    assert n == 1, "mkdocs.yml has no theme custom_dir"
    text = re.sub(r"(?m)^\s*search:\s*(auto|material|pagefind)\b.*\n", "", text)  # the plugin's own
    text, n = re.subn(r"(?m)^(\s*)content:\s*\S+.*$",
                      lambda m: f"{m[1]}content: {json.dumps(str(content))}\n{m[1]}search: {engine}", text)
    assert n == 1, "mkdocs.yml has no referatarkiv content: option"
    workdir.mkdir(parents=True, exist_ok=True)
    (workdir / "build").mkdir(exist_ok=True)
    config = workdir / "mkdocs.yml"
    config.write_text(text, encoding="utf-8")
    return config


def _child_build(config: str, site: str) -> None:
    """Runs in a subprocess: one MkDocs build, timing the search indexing inside it; prints JSON."""
    import logging

    from material.plugins.search import plugin as material_search

    from ..search import engines as site_search

    logging.getLogger("mkdocs").setLevel(logging.WARNING)
    spent = {"index": 0.0}

    def timed(fn):
        @functools.wraps(fn)
        def wrapper(*args, **kwargs):
            t = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                spent["index"] += time.perf_counter() - t
        return wrapper

    for name in ("on_page_context", "on_post_build"):
        setattr(material_search.SearchPlugin, name, timed(getattr(material_search.SearchPlugin, name)))
    site_search.build_index = timed(site_search.build_index)

    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    t0 = time.perf_counter()
    cfg = load_config(config_file=config, site_dir=site)
    build(cfg)
    total = time.perf_counter() - t0
    print("BENCH-RESULT " + json.dumps({"build_s": total, "index_s": spent["index"],
                                        "engine": cfg.extra.get("referatarkiv_search")}))


def build_site(content: Path, workdir: Path, engine: str, timeout: float) -> dict:
    config = write_config(workdir, content, engine)
    site = workdir / "site"
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    env.pop("REFERATARKIV_CONTENT", None)
    cmd = [sys.executable, "-c", "import sys; from referatarkiv.dev.bench_search import _child_build; "
           "_child_build(sys.argv[1], sys.argv[2])", str(config), str(site)]
    proc = subprocess.run(cmd, cwd=workdir, env=env, capture_output=True, text=True, timeout=timeout)
    line = next((x for x in proc.stdout.splitlines() if x.startswith("BENCH-RESULT ")), None)
    if proc.returncode != 0 or line is None:
        raise RuntimeError(f"build ({engine}) failed ({proc.returncode}):\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}")
    out = json.loads(line.split(" ", 1)[1])
    if out["engine"] != engine:
        raise RuntimeError(f"asked for {engine}, the plugin chose {out['engine']}")
    out["site"] = site
    out["pages"] = sum(1 for _ in site.rglob("index.html"))
    return out


def index_size(site: Path, engine: str) -> dict:
    if engine == "material":
        f = site / "search" / "search_index.json"
        data = f.read_bytes()
        return {"bytes": len(data), "gzip": len(gzip.compress(data, 6)), "files": 1}
    root = site / "pagefind"
    files = [p for p in root.rglob("*") if p.is_file()]
    index = [p for p in files if p.parent.name in ("fragment", "index", "filter") or p.suffix == ".pf_meta"]
    return {"bytes": sum(p.stat().st_size for p in files), "files": len(files),
            "index_bytes": sum(p.stat().st_size for p in index), "index_files": len(index)}


# ------------------------------------------------------------------------------------------------
# serving like GitHub Pages (sub-path, gzip for text files)

class _PagesHandler(SimpleHTTPRequestHandler):
    cache: dict[str, bytes] = {}

    def log_message(self, format, *args):  # noqa: A002
        pass

    def translate_path(self, path: str) -> str:
        clean = path.split("?", 1)[0].split("#", 1)[0]
        if not clean.startswith(PREFIX):
            return str(Path(self.directory) / ".not-under-prefix")
        return super().translate_path("/" + clean[len(PREFIX):])

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            if not self.path.split("?", 1)[0].endswith("/"):
                return super().send_head()
            path = path / "index.html"
        gz = "gzip" in (self.headers.get("Accept-Encoding") or "")
        if not gz or path.suffix not in GZIP_SUFFIXES or not path.is_file():
            return super().send_head()
        key = str(path)
        body = self.cache.get(key)
        if body is None:
            body = self.cache[key] = gzip.compress(path.read_bytes(), 6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "max-age=600")
        self.end_headers()
        import io

        return io.BytesIO(body)


def serve(site: Path):
    handler = functools.partial(_PagesHandler, directory=str(site))
    _PagesHandler.cache = {}
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{httpd.server_address[1]}{PREFIX}"

    def stop():
        httpd.shutdown()
        httpd.server_close()

    return url, stop


# ------------------------------------------------------------------------------------------------
# measuring in the browser

def _kind(url: str) -> str:
    """What a response is, for the byte breakdown."""
    path = url.split("?", 1)[0]
    for key, kind in (("/search/search_index.json", "index (search_index.json)"), (".pf_meta", "pf_meta"),
                      ("/pagefind/filter/", "filter chunks"), ("/pagefind/index/", "word chunks"),
                      ("/pagefind/fragment/", "fragments"), ("/pagefind/", "pagefind js/wasm/css"),
                      ("/assets/javascripts/lunr/", "lunr js"), ("/workers/", "search worker")):
        if key in path:
            return kind
    return "page and theme"


def measure_first_result(browser, url: str, engine: str, query: str, timeout_ms: int = 300_000) -> dict:
    """Open the site, search ``query``, wait for the first result; sum the transfer sizes."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="da-DK")
    page = context.new_page()
    page.set_default_timeout(timeout_ms)
    finished: list = []
    failed: list = []
    page.on("requestfinished", lambda r: finished.append(r))
    page.on("requestfailed", lambda r: failed.append(r.url))
    try:
        if engine == "material":
            page.goto(url, wait_until="load")
            t_query = page.evaluate("Date.now()")
            page.click("input.md-search__input")
            page.keyboard.type(query)  # Material searches on keyup, not on input events
            page.wait_for_selector("li.md-search-result__item", state="visible")
        else:
            page.goto(url + "soeg/", wait_until="load")
            t_query = page.evaluate("Date.now()")
            page.click("#ra-search-input")
            page.keyboard.type(query)
            page.wait_for_selector(".ra-search__result-link", state="visible")
        t_first = page.evaluate("Date.now()")
        first = page.inner_text("li.md-search-result__item" if engine == "material" else ".ra-search__result-link")
        total = query_bytes = n = nq = 0
        kinds: dict[str, int] = {}
        for r in finished:
            timing = r.timing
            end = timing["startTime"] + max(timing["responseEnd"], 0)
            if end > t_first:
                continue
            sizes = r.sizes()
            size = sizes["responseBodySize"] + sizes["responseHeadersSize"]
            total += size
            n += 1
            kinds[_kind(r.url)] = kinds.get(_kind(r.url), 0) + size
            if timing["startTime"] >= t_query:
                query_bytes += size
                nq += 1
        return {"bytes": total, "requests": n, "query_bytes": query_bytes, "query_requests": nq,
                "first_result_s": (t_first - t_query) / 1000, "first": " ".join(first.split())[:80],
                "failed": failed, "by_kind": kinds}
    except PlaywrightTimeout:
        return {"bytes": None, "timeout_s": timeout_ms / 1000, "failed": failed}
    finally:
        context.close()


# ------------------------------------------------------------------------------------------------

def run(items: int, out: Path, *, seed: int = 1, query: str = DEFAULT_QUERY, engines=ENGINES,
        keep: bool = False, build_timeout: float = 3600) -> dict:
    from .synth import generate_archive

    out = Path(out)
    content = out / f"content-{items}-s{seed}"
    if not (content / ".complete").is_file():
        shutil.rmtree(content, ignore_errors=True)
        t = time.perf_counter()
        stats = generate_archive(content, items, seed)
        (content / ".complete").write_text(json.dumps({"items": stats.items, "meetings": stats.meetings}))
        print(f"synthetic archive: {stats.items} punkter in {stats.meetings} referater, "
              f"{stats.bytes / 1e6:.1f} MB ({time.perf_counter() - t:.1f} s)", flush=True)
    results: dict = {"items": items, "query": query, "engines": {}}
    from playwright.sync_api import sync_playwright

    for engine in engines:
        workdir = out / f"{engine}-{items}-s{seed}"
        shutil.rmtree(workdir / "site", ignore_errors=True)
        print(f"[{engine}] building …", flush=True)
        b = build_site(content, workdir, engine, build_timeout)
        size = index_size(b["site"], engine)
        url, stop = serve(b["site"])
        try:
            with sync_playwright() as pw:
                browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                try:
                    m = measure_first_result(browser, url, engine, query)
                finally:
                    browser.close()
        finally:
            stop()
        r = {"pages": b["pages"], "build_s": b["build_s"], "index_s": b["index_s"], "size": size, "browser": m}
        results["engines"][engine] = r
        print(format_engine(engine, r), flush=True)
        if not keep:
            shutil.rmtree(b["site"], ignore_errors=True)
            shutil.rmtree(workdir / "build", ignore_errors=True)
    return results


def _kb(n: float) -> str:
    return f"{n / 1024:,.0f} KB" if n < 10 * 1024 * 1024 else f"{n / 1024 / 1024:,.1f} MB"


def format_engine(engine: str, r: dict) -> str:
    s, m = r["size"], r["browser"]
    if m.get("bytes") is None:
        return (f"[{engine}] {r['pages']} pages; build {r['build_s']:.1f} s, search index {r['index_s']:.1f} s; "
                f"size {s}\n[{engine}] no result within {m['timeout_s']:.0f} s")
    if engine == "material":
        size = f"search_index.json {_kb(s['bytes'])} ({_kb(s['gzip'])} gzipped)"
    else:
        size = (f"bundle {_kb(s['bytes'])} in {s['files']} files (index part {_kb(s['index_bytes'])} "
                f"in {s['index_files']} files)")
    return (f"[{engine}] {r['pages']} pages; build {r['build_s']:.1f} s, of which search index "
            f"{r['index_s']:.1f} s; {size}\n"
            f"[{engine}] first result after {_kb(m['bytes'])} in {m['requests']} requests "
            f"(after typing: {_kb(m['query_bytes'])} in {m['query_requests']}), "
            f"{m['first_result_s']:.2f} s after the page loaded; first: {m['first']!r}"
            + (f"; failed requests: {m['failed']}" if m["failed"] else "")
            + "\n[" + engine + "] bytes by kind: "
            + ", ".join(f"{k} {_kb(v)}" for k, v in sorted(m["by_kind"].items(), key=lambda kv: -kv[1])))


def main_bench_search(args: argparse.Namespace) -> int:
    out = Path(args.out) if args.out else REPO / "bench-out" / "search"
    engines = tuple(args.engines) if getattr(args, "engines", None) else ENGINES
    res = run(args.items, out, seed=args.seed, query=getattr(args, "query", None) or DEFAULT_QUERY,
              engines=engines, keep=getattr(args, "keep", False))
    (out / f"result-{args.items}.json").write_text(json.dumps(res, indent=1, default=str), encoding="utf-8")
    return 0


def add_arguments(p: argparse.ArgumentParser) -> None:
    """Options only the search benchmark reads (bench.add_arguments adds them to ``bench``)."""
    p.add_argument("--engines", nargs="*", choices=ENGINES, default=None, help="search: engines to measure")
    p.add_argument("--query", default=None, help=f"search: the query typed (default {DEFAULT_QUERY!r})")
