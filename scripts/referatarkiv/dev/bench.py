"""Benchmarks: ``referatarkiv bench parse`` and ``referatarkiv bench build --items N``.

Figures are printed, never asserted. Every stage that allocates a lot runs in its own process when
its peak memory is reported (``os.wait4`` gives the child's own ``ru_maxrss``), so one stage's
garbage does not hide in the next one's figure.

bench parse
    1. throughput: the real corpus files (../shared/corpus or --corpus) parsed over and over until
       --total-mb (default 50) have been parsed; MB/s and items/s as the median of --runs (3)
       runs; tracemalloc peak for one pass over the corpus; the process's maxrss.
    2. linearity: ONE synthetic referat of each size in --mb (default 5 50 500), parsed once in a
       fresh process: seconds, MB/s, peak RSS, and the per-MB time relative to the smallest size.
       A size whose predicted time or memory exceeds the budget is skipped, saying why.

bench build --items N
    synthetic archive (synth.py) → parse → link → page generation (render + write) → MkDocs build →
    search index (Material's search plugin or Pagefind, as the project's plugin chooses) → page
    counts and sizes; beside it, plain python-markdown rendering of
    the same generated Markdown. Last line: ``build_ratio: X.XX`` = CPU seconds of the MkDocs build
    (search plugin included) / CPU seconds of plain python-markdown; wall-clock figures are printed
    too, but on a shared machine only CPU time compares runs.
"""
from __future__ import annotations

import argparse
import gc
import json
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

MB = 1_000_000

REPO = Path(__file__).resolve().parents[3]


# --------------------------------------------------------------------------------------------------
# helpers


def _default_corpus() -> Path:
    return REPO.parent / "shared" / "corpus"


def _out_dir(args: argparse.Namespace, name: str) -> Path:
    base = Path(args.out) if getattr(args, "out", None) else REPO / "bench-out"
    d = base / name
    d.mkdir(parents=True, exist_ok=True)
    return d


def _maxrss_mb_self() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


def _mem_available_mb() -> float | None:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemAvailable:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


def _proc_cpu(pid: int) -> float | None:
    """CPU seconds used so far by a running process (Linux /proc), or None."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return None


def _run_measured(cmd: list[str], *, timeout: float | None = None, log: Path | None = None,
                  cwd: Path | None = None, env: dict | None = None, cpu_timeout: float | None = None) -> dict:
    """Run ``cmd``; return seconds, the child's own peak RSS (MB) and CPU, return code and output tail.

    ``timeout`` limits wall-clock seconds, ``cpu_timeout`` the child's CPU seconds (which, unlike the
    wall clock, does not grow when other work shares the machine)."""
    log = log or Path(os.devnull)
    t0 = time.perf_counter()
    with open(log, "wb") as out:
        p = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, cwd=cwd, env=env or _child_env())
        deadline = None if timeout is None else t0 + timeout
        status = None
        rusage = None
        while True:
            pid, st, ru = os.wait4(p.pid, os.WNOHANG)
            if pid:
                status, rusage = st, ru
                break
            over_cpu = cpu_timeout is not None and (_proc_cpu(p.pid) or 0) > cpu_timeout
            if over_cpu or (deadline is not None and time.perf_counter() > deadline):
                p.kill()
                pid, status, rusage = os.wait4(p.pid, 0)
                p.returncode = -9
                return {"seconds": time.perf_counter() - t0, "rss_mb": rusage.ru_maxrss / 1024,
                        "cpu_s": rusage.ru_utime + rusage.ru_stime, "rc": -9, "timeout": True, "tail": _tail(log)}
            time.sleep(min(0.25, 0.005 + (time.perf_counter() - t0) / 20))
        p.returncode = os.waitstatus_to_exitcode(status)
    return {"seconds": time.perf_counter() - t0, "rss_mb": rusage.ru_maxrss / 1024, "rc": p.returncode,
            "cpu_s": rusage.ru_utime + rusage.ru_stime, "timeout": False, "tail": _tail(log)}


def _tail(log: Path, n: int = 1500) -> str:
    try:
        if str(log) == os.devnull:
            return ""
        data = log.read_bytes()
        return data[-n:].decode("utf-8", "replace")
    except OSError:
        return ""


def _child(mode: str, *rest: str) -> list[str]:
    return [sys.executable, "-m", "referatarkiv.dev.bench", mode, *rest]


def _child_env() -> dict:
    """Children import this very package (not whatever another editable install points at)."""
    root = str(Path(__file__).resolve().parents[2])
    env = dict(os.environ)
    env["PYTHONPATH"] = root + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    return env


def _fmt_s(x: float | None) -> str:
    return "n/a" if x is None else f"{x:.2f} s"


# --------------------------------------------------------------------------------------------------
# bench parse


def bench_parse(args: argparse.Namespace) -> int:
    from ..parse import parse_text
    from ..readers import ReadError, read_source

    corpus = Path(args.corpus) if getattr(args, "corpus", None) else _default_corpus()
    files = sorted(p for p in corpus.rglob("*") if p.suffix.lower() in (".txt", ".md") and p.is_file())
    if not files:
        print(f"bench parse: no corpus files under {corpus} (give --corpus)")
        return 2
    docs = []
    for p in files:
        try:
            src = read_source(p)
        except ReadError as e:
            print(f"  skipping {p.name}: {e}")
            continue
        docs.append((p, src.text, len(src.text.encode("utf-8")), p.suffix.lower() == ".md"))
    corpus_bytes = sum(d[2] for d in docs)
    total_mb = float(getattr(args, "total_mb", None) or 50)
    runs = int(getattr(args, "runs", None) or 3)
    reps = max(1, int(-(-total_mb * MB // corpus_bytes)))
    print(f"== parse throughput: {len(docs)} corpus files ({corpus_bytes / 1024:.0f} KB) from {corpus}")
    print(f"   each run parses the set {reps} times = {reps * corpus_bytes / MB:.1f} MB; {runs} runs, median")

    def one_run() -> tuple[float, float, int]:
        items = 0
        t0, c0 = time.perf_counter(), time.process_time()
        for _ in range(reps):
            for _p, text, _n, md in docs:
                m = parse_text(text, markdown=md or None)
                items += len(m.items)
        return time.perf_counter() - t0, time.process_time() - c0, items

    secs, cpus, items = [], [], 0
    for i in range(runs):
        gc.collect()
        t, c, items = one_run()
        secs.append(t)
        cpus.append(c)
        print(f"   run {i + 1}: {t:.2f} s wall ({c:.2f} s CPU)  {reps * corpus_bytes / MB / t:.2f} MB/s  "
              f"{items / t:.0f} items/s  [per CPU second: {reps * corpus_bytes / MB / c:.2f} MB, {items / c:.0f} items]")
    med = statistics.median(secs)
    mbps = reps * corpus_bytes / MB / med
    ips = items / med
    cmed = statistics.median(cpus)
    # Peak memory: tracemalloc over one pass of the corpus (results dropped, as in the runs above).
    gc.collect()
    tracemalloc.start()
    for _p, text, _n, md in docs:
        parse_text(text, markdown=md or None)
    _cur, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    per_file = []
    for p, text, n, md in docs:
        gc.collect()
        tracemalloc.start()
        parse_text(text, markdown=md or None)
        _c, pk = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        per_file.append(f"{p.name[:3]} {pk / n:.1f}x")
    print(f"parse MB/s: {mbps:.2f} (median of {runs} wall-clock runs; min {min(secs):.2f} s, max {max(secs):.2f} s); "
          f"{reps * corpus_bytes / MB / cmed:.2f} MB per CPU second")
    print(f"parse items/s: {ips:.0f} ({items / cmed:.0f} per CPU second)")
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else None
    if load is not None:
        print(f"   (load average {load:.1f} on {os.cpu_count()} CPUs: wall-clock figures suffer when other work runs)")
    print(f"parse peak memory: tracemalloc {peak / MB:.1f} MB for one pass "
          f"(per file, peak/text size: {', '.join(per_file)}); process maxrss {_maxrss_mb_self():.0f} MB")

    sizes = [float(x) for x in (args.mb if getattr(args, "mb", None) else [5, 50, 500])]
    if not sizes:
        return 0
    return _linearity(args, sorted(sizes))


def _linearity(args: argparse.Namespace, sizes: list[float]) -> int:
    from .synth import write_single_referat

    out = _out_dir(args, "parse")
    budget = float(getattr(args, "max_seconds", None) or 1800)
    seed = int(getattr(args, "seed", None) or 1)
    print(f"== parse linearity: one synthetic Frederiksberg-style referat per size, parsed once in a fresh process "
          f"(budget {budget:.0f} CPU seconds per size)")
    results = []
    for size in sizes:
        if results:
            base = results[0]
            pred_t = base["parse_cpu_s"] / base["mb"] * size
            worst = max(r["parse_cpu_s"] / r["mb"] for r in results) * size
            pred_t = max(pred_t, worst)
            pred_rss = base["baseline_mb"] + max((r["rss_mb"] - r["baseline_mb"]) / r["mb"] for r in results) * size
            avail = _mem_available_mb()
            if pred_t > budget:
                print(f"  {size:g} MB: skipped; predicted {pred_t:.0f} s from the sizes above exceeds the budget "
                      f"of {budget:.0f} s (raise --max-seconds to run it)")
                break
            if avail is not None and pred_rss > 0.8 * avail:
                print(f"  {size:g} MB: skipped; predicted peak RSS {pred_rss:.0f} MB exceeds 80% of available "
                      f"memory ({avail:.0f} MB)")
                break
        path = out / f"single-{size:g}MB.txt"
        t0 = time.perf_counter()
        nbytes, nitems = write_single_referat(path, int(size * MB), seed=seed)
        gen_s = time.perf_counter() - t0
        res = _run_measured(_child("--child-parse", str(path)), cpu_timeout=budget * 1.5 + 60,
                            timeout=budget * 10, log=out / f"single-{size:g}MB.log")
        if res["timeout"]:
            print(f"  {size:g} MB: stopped after {res['seconds']:.0f} s, {res['cpu_s']:.0f} s CPU (over 1.5x the "
                  f"budget); peak RSS so far {res['rss_mb']:.0f} MB")
            break
        if res["rc"] != 0:
            print(f"  {size:g} MB: parse failed (exit {res['rc']}): {res['tail'][-600:]}")
            break
        info = json.loads(res["tail"].strip().splitlines()[-1])
        r = {"mb": nbytes / MB, "items": info["items"], "written_items": nitems, "read_s": info["read_s"],
             "parse_s": info["parse_s"], "parse_cpu_s": info["parse_cpu_s"], "rss_mb": res["rss_mb"],
             "baseline_mb": info["baseline_mb"], "gen_s": gen_s}
        results.append(r)
        ok = "" if r["items"] == nitems else f"  (parser found {r['items']} of {nitems} items)"
        print(f"  {r['mb']:7.1f} MB  {nitems:7d} items  read {r['read_s']:6.2f} s  parse {r['parse_s']:8.2f} s "
              f"({r['parse_cpu_s']:.2f} s CPU)  {r['mb'] / r['parse_s']:6.2f} MB/s  peak RSS {r['rss_mb']:7.0f} MB "
              f"(baseline {r['baseline_mb']:.0f} MB, {(r['rss_mb'] - r['baseline_mb']) / r['mb']:.1f} MB per MB){ok}")
        if not getattr(args, "keep", False):
            path.unlink(missing_ok=True)
    if results:
        base = results[0]["parse_s"] / results[0]["mb"]
        cbase = results[0]["parse_cpu_s"] / results[0]["mb"]
        ratios = ", ".join(f"{r['mb']:.3g} MB {r['parse_s'] / r['mb'] / base:.2f}" for r in results)
        cratios = ", ".join(f"{r['mb']:.3g} MB {r['parse_cpu_s'] / r['mb'] / cbase:.2f}" for r in results)
        print(f"linearity (seconds per MB relative to {results[0]['mb']:.3g} MB; 1.00 = linear): wall {ratios}; "
              f"CPU {cratios}")
    return 0


def _child_parse(path: str) -> int:
    """Child process: read + parse one file, print JSON (timings, items, RSS before reading)."""
    from ..parse import parse_text
    from ..readers import read_source

    baseline = _maxrss_mb_self()
    t0 = time.perf_counter()
    src = read_source(Path(path))
    t1, c1 = time.perf_counter(), time.process_time()
    m = parse_text(src.text)
    t2, c2 = time.perf_counter(), time.process_time()
    print(json.dumps({"items": len(m.items), "read_s": t1 - t0, "parse_s": t2 - t1, "parse_cpu_s": c2 - c1,
                      "baseline_mb": baseline, "warnings": len(m.warnings)}))
    return 0


# --------------------------------------------------------------------------------------------------
# bench build


def _child_synth(dest: str, items: str, seed: str) -> int:
    from .synth import generate_archive

    t0 = time.perf_counter()
    st = generate_archive(Path(dest), int(items), int(seed))
    print(json.dumps({"seconds": time.perf_counter() - t0, "files": st.files, "meetings": st.meetings,
                      "items": st.items, "bytes": st.bytes, "cases": len(st.case_numbers),
                      "followed": st.followed_cases, "references": st.references}))
    return 0


class _Stages:
    """The build pipeline as separately timed stages, bound to the package's own functions.

    parse, link and page generation call what ``referatarkiv.build.generate`` uses itself
    (parse_all, build_archive, render_pages, write_outputs), so the stages add up to ``generate()``. When a
    function is missing the stage prints ``n/a`` and says what is missing.
    """

    def __init__(self, content: Path, docs: Path):
        self.content = content
        self.docs = docs
        self.missing: list[str] = []
        self.report = None
        self.nav = None
        self.render_s: float | None = None
        self.write_s: float | None = None
        try:
            from ..build import generate as g
        except ImportError as e:
            g = None
            self.missing.append(f"referatarkiv.build.generate ({e})")
        self.g = g

    def parse(self) -> list:
        g = self.g
        if g is not None and hasattr(g, "parse_all"):
            self.report = g.BuildReport(self.content, self.docs)
            if hasattr(g, "ParseCache") and hasattr(g, "default_cache_dir"):
                # a cold cache, as in a first build; the MkDocs stage then finds it warm
                cache_dir = g.default_cache_dir(self.docs)
                shutil.rmtree(cache_dir, ignore_errors=True)
                return g.parse_all(self.content, None, self.report, g.ParseCache(cache_dir))
            return g.parse_all(self.content, None, self.report)
        from ..parse import parse_file

        meetings = []
        for p in sorted(self.content.rglob("*")):
            if p.suffix.lower() not in (".txt", ".md") or not p.is_file():
                continue
            m = parse_file(p, municipality=p.relative_to(self.content).parts[0])
            m.source_path = p.relative_to(self.content).as_posix()
            meetings.append(m)
        return meetings

    def link(self, meetings: list):
        import yaml

        from ..archive import link

        renames = []
        f = self.content / "udvalg.yml"
        if f.exists():
            renames = link.parse_renames(yaml.safe_load(f.read_text(encoding="utf-8")))
        if self.g is not None and hasattr(self.g, "kommune_names"):
            names = self.g.kommune_names(self.content)
            files = {m.source_path: self.g.attachment_files(self.content / m.source_path, self.content)
                     for m in meetings}
        else:
            names, files = {}, {}
            for k in sorted(self.content.glob("*/kommune.yml")):
                data = yaml.safe_load(k.read_text(encoding="utf-8")) or {}
                if data.get("name"):
                    names[k.parent.name] = str(data["name"])
        return link.build_archive(meetings, renames=renames, kommune_names=names, attachment_files=files)

    def generate(self, archive) -> bool:
        """Render every page and write it (write-if-changed) under ``docs``; False when unavailable."""
        g = self.g
        need = ("render_pages", "site_files", "write_outputs", "build_nav", "BuildReport")
        if g is None or not all(hasattr(g, n) for n in need):
            if g is not None:
                self.missing.append("page generation (generate lacks " + ", ".join(n for n in need if not hasattr(g, n)) + ")")
            return False
        t0 = time.perf_counter()
        copies = g.site_files(archive)
        sizes = {}
        for site_path, src_rel in copies.items():
            try:
                sizes[site_path] = (self.content / src_rel).stat().st_size
            except OSError:
                pass
        pages = g.render_pages(archive, file_sizes=sizes)
        if hasattr(g, "publish_pages"):
            pages = g.publish_pages(archive, pages, site_url=None)
        self.nav = g.build_nav(archive)
        self.items = len(getattr(archive, "items", []) or [])
        self.render_s = time.perf_counter() - t0
        t0 = time.perf_counter()
        outputs = {rel: (lambda t=text: t.encode("utf-8")) for rel, text in pages.items()}
        for rel, src_rel in copies.items():
            outputs[rel] = (lambda p=self.content / src_rel: p.read_bytes())
        report = self.report or g.BuildReport(self.content, self.docs)
        g.write_outputs(self.docs, outputs, report)
        self.write_s = time.perf_counter() - t0
        return True


def _mkdocs_config(out: Path, content: Path, docs: Path, site: Path, nav, search: str | None) -> Path:
    """An mkdocs.yml for the benchmark: the project's own config (INHERIT), pointed at the
    synthetic content, docs and site folders, its referatarkiv plugin kept (nav, search engine,
    Pagefind) with ``content`` (and ``search`` when given) overridden. Without a project config:
    plain Material with navigation.prune, search and the nav written out."""
    cfg = out / "mkdocs.bench.yml"
    project = REPO / "mkdocs.yml"
    lines = []
    if project.exists():
        data = _load_loose(project)
        lines.append(f"INHERIT: {json.dumps(str(project))}")
        lines.append(f"docs_dir: {json.dumps(str(docs))}")
        lines.append(f"site_dir: {json.dumps(str(site))}")
        theme = data.get("theme") if isinstance(data.get("theme"), dict) else {}
        if theme.get("custom_dir"):
            lines.append("theme:")
            lines.append(f"  custom_dir: {json.dumps(str((project.parent / theme['custom_dir']).resolve()))}")
        plugins = data.get("plugins")
        if isinstance(plugins, list):
            kept = []
            for p in plugins:
                if _plugin_name(p) == "referatarkiv":
                    opts = dict(p["referatarkiv"] or {}) if isinstance(p, dict) else {}
                    opts = {k: v for k, v in opts.items() if v is not None}
                    opts["content"] = str(content)
                    if search:
                        opts["search"] = search
                    p = {"referatarkiv": opts}
                kept.append(p)
            lines.append("plugins: " + json.dumps(kept, ensure_ascii=False))
    else:
        lines += [
            "site_name: Referatarkiv (bench)",
            f"docs_dir: {json.dumps(str(docs))}",
            f"site_dir: {json.dumps(str(site))}",
            "theme:",
            "  name: material",
            "  language: da",
            "  features: [navigation.prune]",
            "plugins: [search]",
            "markdown_extensions: [tables, toc, attr_list]",
        ]
        if nav is not None:
            lines.append("nav: " + json.dumps(nav, ensure_ascii=False))
    cfg.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return cfg


def _plugin_name(p) -> str:
    return p if isinstance(p, str) else next(iter(p), "") if isinstance(p, dict) else ""


def _load_loose(path: Path) -> dict:
    import yaml

    class _Loose(yaml.SafeLoader):
        pass

    _Loose.add_multi_constructor("", lambda loader, suffix, node: None)
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_Loose)
    except (OSError, yaml.YAMLError):
        return {}
    return data if isinstance(data, dict) else {}


def _markdown_extensions() -> list[str]:
    """The project's markdown_extensions by name (options dropped); defaults without a config."""
    project = REPO / "mkdocs.yml"
    if not project.exists():
        return ["tables", "toc", "attr_list"]
    exts = []
    for e in _load_loose(project).get("markdown_extensions") or []:
        name = e if isinstance(e, str) else next(iter(e), None) if isinstance(e, dict) else None
        if name:
            exts.append(name)
    return exts


_FRONT_MATTER = re.compile(r"\A---\s*\n.*?\n(?:---|\.\.\.)\s*\n", re.S)


def _plain_markdown(docs: Path, dest: Path) -> tuple[float, int, int]:
    """python-markdown over every generated page (front matter stripped, as MkDocs does), written
    as bare HTML files: (seconds, pages, HTML bytes)."""
    import markdown

    md = markdown.Markdown(extensions=_markdown_extensions())
    pages = sorted(docs.rglob("*.md"))
    n = 0
    t0 = time.perf_counter()
    for p in pages:
        text = _FRONT_MATTER.sub("", p.read_text(encoding="utf-8"), count=1)
        html = md.reset().convert(text)
        target = dest / p.relative_to(docs).with_suffix(".html")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(html, encoding="utf-8")
        n += len(html.encode("utf-8"))
    return time.perf_counter() - t0, len(pages), n


class _ChildPeak:
    """Samples VmHWM of this process's direct children while running (Pagefind's own peak RSS:
    rusage cannot give it, as an exec'd child inherits the parent's maxrss)."""

    def __init__(self):
        import threading

        self.peak_kb = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self):
        me = os.getpid()
        while not self._stop.is_set():
            for d in Path("/proc").iterdir():
                if not d.name.isdigit():
                    continue
                try:
                    stat = (d / "stat").read_text().rsplit(")", 1)[1].split()
                    if int(stat[1]) != me:
                        continue
                    for line in (d / "status").read_text().splitlines():
                        if line.startswith("VmHWM:"):
                            self.peak_kb = max(self.peak_kb, int(line.split()[1]))
                except (OSError, ValueError, IndexError):
                    continue
            self._stop.wait(0.1)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()


def _timed_into(acc: dict, key: str, fn, children: bool = False):
    """Wrap ``fn`` so its wall and CPU time add up in ``acc[key]``, ``acc[key + '_cpu']``
    (``children``: also the CPU of subprocesses it waits for, and their sampled peak RSS)."""
    import contextlib
    import functools

    @functools.wraps(fn)
    def timed(*a, **k):
        t, c = time.perf_counter(), time.process_time()
        ch = resource.getrusage(resource.RUSAGE_CHILDREN) if children else None
        sampler = _ChildPeak() if children and Path("/proc/self/status").exists() else contextlib.nullcontext()
        try:
            with sampler:
                return fn(*a, **k)
        finally:
            acc[key] = acc.get(key, 0.0) + time.perf_counter() - t
            extra = 0.0
            if ch is not None:
                ch2 = resource.getrusage(resource.RUSAGE_CHILDREN)
                extra = (ch2.ru_utime + ch2.ru_stime) - (ch.ru_utime + ch.ru_stime)
            if isinstance(sampler, _ChildPeak) and sampler.peak_kb:
                acc[key + "_rss_mb"] = max(acc.get(key + "_rss_mb", 0.0), sampler.peak_kb / 1024)
            acc[key + "_cpu"] = acc.get(key + "_cpu", 0.0) + time.process_time() - c + extra

    return timed


def _child_mkdocs(cfg: str, dirty: bool = False) -> int:
    """Child process: ``mkdocs build`` (``dirty``: ``--dirty``, the incremental build) of the bench config. The referatarkiv plugin's regeneration
    (it finds the pages already written and the parse cache warm) and the search work (Material's
    search plugin hooks; Pagefind indexing and weight marking) are timed apart; prints JSON last."""
    import logging

    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    acc: dict[str, float] = {}
    classes = []
    try:
        from material.plugins.search.plugin import SearchPlugin as MaterialSearch

        classes.append(MaterialSearch)
    except ImportError:
        pass
    try:
        from mkdocs.contrib.search import SearchPlugin as MkdocsSearch

        classes.append(MkdocsSearch)
    except ImportError:
        pass
    for cls in classes:
        for name, fn in list(vars(cls).items()):
            if name.startswith("on_") and callable(fn):
                setattr(cls, name, _timed_into(acc, "search", fn))
    try:
        from ..build import mkdocs_plugin

        if hasattr(mkdocs_plugin, "generate"):
            mkdocs_plugin.generate = _timed_into(acc, "regen", mkdocs_plugin.generate)
        site_search = getattr(mkdocs_plugin, "site_search", None)
        if site_search is not None:
            # Only the Pagefind run waits for a child process; sampling /proc around every
            # per-page mark_weights call would cost more than the marking it measures.
            for name, children in (("build_index", True), ("mark_weights", False)):
                if hasattr(site_search, name):
                    setattr(site_search, name, _timed_into(acc, "search", getattr(site_search, name), children=children))
        from ..search import delta

        delta.build_delta = _timed_into(acc, "search", delta.build_delta, children=True)  # Pagefind, dirty build
    except ImportError:
        pass

    warnings: list[str] = []

    class _Count(logging.Handler):
        def emit(self, record):
            if record.levelno >= logging.WARNING:
                warnings.append(record.getMessage())

    logging.getLogger("mkdocs").addHandler(_Count())
    logging.getLogger("mkdocs").setLevel(logging.WARNING)
    t0, c0 = time.perf_counter(), time.process_time()
    config = load_config(config_file=cfg)
    config.plugins.on_startup(command="build", dirty=dirty)
    try:
        build(config, dirty=dirty)
    finally:
        config.plugins.on_shutdown()
    total, total_cpu = time.perf_counter() - t0, time.process_time() - c0
    ch = resource.getrusage(resource.RUSAGE_CHILDREN)
    for w in warnings[:20]:
        print("warning:", w[:300])
    print(json.dumps({"seconds": total, "cpu_s": total_cpu + ch.ru_utime + ch.ru_stime,
                      "search_s": acc.get("search", 0.0), "search_cpu_s": acc.get("search_cpu", 0.0),
                      "search_rss_mb": acc.get("search_rss_mb"),
                      "regen_s": acc.get("regen", 0.0), "regen_cpu_s": acc.get("regen_cpu", 0.0),
                      "self_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                      "engine": config.extra.get("referatarkiv_search") or "material (MkDocs search plugin)",
                      "warnings": len(warnings)}))
    return 0


def _tree_size(root: Path, suffix: str) -> tuple[int, int]:
    files = [p for p in root.rglob(f"*{suffix}") if p.is_file()] if root.exists() else []
    return len(files), sum(p.stat().st_size for p in files)


def bench_build(args: argparse.Namespace) -> int:
    items = int(args.items)
    seed = int(getattr(args, "seed", None) or 1)
    out = _out_dir(args, f"build-{items}")
    for sub in ("content", "docs", "site", "plain-html"):
        shutil.rmtree(out / sub, ignore_errors=True)
    content, docs, site, plain = out / "content", out / "docs", out / "site", out / "plain-html"
    docs.mkdir(parents=True)
    print(f"== build benchmark: {items} items, seed {seed}, in {out}")
    t: dict[str, float | None] = {}

    res = _run_measured(_child("--child-synth", str(content), str(items), str(seed)), log=out / "synth.log")
    if res["rc"] != 0:
        print(f"synthetic archive failed: {res['tail']}")
        return 1
    st = json.loads(res["tail"].strip().splitlines()[-1])
    print(f"synthetic archive: {st['meetings']} referater, {st['items']} items, {st['bytes'] / MB:.1f} MB, "
          f"{st['cases']} case numbers ({st['followed']} cases over 2+ meetings), {st['references']} references; "
          f"{st['seconds']:.2f} s (not counted below)")
    held = _hold_back(content, out / "held-back")
    if held:
        print(f"held back for the incremental build: {held[0].relative_to(content)} (the newest referat of an udvalg "
              "with two or more; the full build below is of the other referater)")

    stages = _Stages(content, docs)
    cpu: dict[str, float | None] = {}
    rss0 = _maxrss_mb_self()
    t0, c0 = time.perf_counter(), time.process_time()
    meetings = stages.parse()
    t["parse"], cpu["parse"] = time.perf_counter() - t0, time.process_time() - c0
    n_items = sum(len(m.items) for m in meetings)
    print(f"parse: {_fmt_s(t['parse'])} ({cpu['parse']:.2f} s CPU)  {st['bytes'] / MB / t['parse']:.2f} MB/s  "
          f"{len(meetings)} referater, {n_items} items ({n_items / t['parse']:.0f} items/s)  "
          f"maxrss {_maxrss_mb_self():.0f} MB")

    t0, c0 = time.perf_counter(), time.process_time()
    archive = stages.link(meetings)
    t["link"], cpu["link"] = time.perf_counter() - t0, time.process_time() - c0
    print(f"link: {_fmt_s(t['link'])} ({cpu['link']:.2f} s CPU)  {len(getattr(archive, 'cases', {}) or {})} cases, "
          f"{len(getattr(archive, 'bilag', []) or [])} bilag  maxrss {_maxrss_mb_self():.0f} MB")

    c0 = time.process_time()
    ok = stages.generate(archive)
    t["page generation"] = (stages.render_s + stages.write_s) if ok else None
    cpu["page generation"] = time.process_time() - c0 if ok else None
    pages, page_bytes = _tree_size(docs, ".md")
    if ok:
        print(f"page generation: {_fmt_s(t['page generation'])} ({cpu['page generation']:.2f} s CPU)  "
              f"(render {stages.render_s:.2f} s, write {stages.write_s:.2f} s)  maxrss {_maxrss_mb_self():.0f} MB")
    else:
        print("page generation: n/a")
    inproc_peak = _maxrss_mb_self()
    del meetings, archive
    gc.collect()

    mk_rss = search_rss = None
    t["MkDocs build"] = t["search indexing"] = None
    if pages:
        cfg = _mkdocs_config(out, content, docs, site, stages.nav, getattr(args, "search", None))
        res = _run_measured(_child("--child-mkdocs", str(cfg)), log=out / "mkdocs.log", cwd=out)
        mk_rss = res["rss_mb"]  # includes the children it waited for (Pagefind) until the JSON says otherwise
        if res["rc"] != 0:
            print(f"MkDocs build: failed (exit {res['rc']}): {res['tail'][-800:]}")
        else:
            info = json.loads(res["tail"].strip().splitlines()[-1])
            t["MkDocs build"] = info["seconds"] - info["search_s"] - info["regen_s"]
            t["search indexing"] = info["search_s"]
            cpu["MkDocs build"] = info["cpu_s"] - info["search_cpu_s"] - info["regen_cpu_s"]
            cpu["search indexing"] = info["search_cpu_s"]
            search_rss = info.get("search_rss_mb")
            mk_rss = info.get("self_rss_mb") or mk_rss
            print(f"MkDocs build: {t['MkDocs build']:.2f} s ({cpu['MkDocs build']:.2f} s CPU) without search and "
                  f"without the plugin's regeneration ({info['regen_s']:.2f} s, nothing to write); whole process "
                  f"{res['seconds']:.2f} s, peak RSS {mk_rss:.0f} MB; {info['warnings']} warnings "
                  f"(log: {out / 'mkdocs.log'})")
            extra = ""
            idx = site / "pagefind"
            if idx.is_dir():
                n_idx, b_idx = _tree_size(idx, "")
                extra += f", Pagefind bundle {n_idx} files, {b_idx / MB:.1f} MB"
                if search_rss:
                    extra += f", Pagefind peak RSS {search_rss:.0f} MB"
            mat = site / "search" / "search_index.json"
            if mat.exists():
                extra += f", search_index.json {mat.stat().st_size / MB:.1f} MB"
            print(f"search indexing ({info['engine']}): {t['search indexing']:.2f} s "
                  f"({cpu['search indexing']:.2f} s CPU){extra}")
    else:
        print("MkDocs build: n/a (no pages)")
    if t["search indexing"] is None:
        print("search indexing: n/a")

    print(f"pages written: {pages} Markdown pages, total {page_bytes / MB:.1f} MB, "
          f"mean {page_bytes / pages / 1024 if pages else 0:.1f} KB/page")
    html_pages, html_bytes = _tree_size(site, ".html")
    if html_pages:
        print(f"site: {html_pages} HTML pages, total {html_bytes / MB:.1f} MB, "
              f"mean {html_bytes / html_pages / 1024:.1f} KB/page")

    plain_s = plain_cpu = None
    if pages:
        c0 = time.process_time()
        plain_s, n, nb = _plain_markdown(docs, plain)
        plain_cpu = time.process_time() - c0
        print(f"reference, plain python-markdown ({', '.join(_markdown_extensions())}) of the same {n} pages: "
              f"{plain_s:.2f} s ({plain_cpu:.2f} s CPU), {nb / max(n, 1) / 1024:.1f} KB HTML/page")
    else:
        print("reference, plain python-markdown: n/a (no pages)")

    known = [v for v in t.values() if v is not None]
    print("stages: " + ", ".join(f"{k} {_fmt_s(v)}" for k, v in t.items()))
    print(f"total: {sum(known):.2f} s" + ("" if len(known) == len(t) else f" ({len(t) - len(known)} stage(s) n/a)")
          + f"; CPU {sum(v for v in cpu.values() if v):.2f} s")
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else None
    if load is not None:
        print(f"   (load average {load:.1f} on {os.cpu_count()} CPUs: wall-clock figures suffer when other work runs)")
    mk = f"{mk_rss:.0f} MB" if mk_rss is not None else "n/a"
    print(f"peak memory: parse+link+page generation {inproc_peak:.0f} MB maxrss (at start {rss0:.0f} MB); "
          f"MkDocs build {mk}" + (f"; Pagefind {search_rss:.0f} MB" if search_rss else ""))
    for m in stages.missing:
        print(f"missing: {m}")
    mk_total = None if t["MkDocs build"] is None else t["MkDocs build"] + (t["search indexing"] or 0)
    full_cpu = sum(v for v in cpu.values() if v) if mk_total is not None else None
    full_wall = sum(known) if mk_total is not None else None
    if mk_total is not None:
        _engines_side_by_side(out, cfg, docs, stages.nav, int(getattr(args, "engine_runs", 1) or 1))
    if held and mk_total is not None:
        _incremental(out, held, site, cfg, full_cpu, full_wall)
    elif held:
        shutil.move(str(held[1]), str(held[0]))
        print("incremental_ratio: n/a")
    peaks = [v for v in (inproc_peak, mk_rss, search_rss) if v]
    if peaks:
        print(f"peak memory of any one process: {max(peaks):.0f} MB")
    if mk_total is not None and plain_s:
        mk_cpu = (cpu.get("MkDocs build") or 0) + (cpu.get("search indexing") or 0)
        print(f"wall-clock ratio (MkDocs build incl. search / plain python-markdown): {mk_total / plain_s:.2f}; "
              f"full build: {full_wall / plain_s:.2f}")
        print(f"MkDocs-only ratio (MkDocs build incl. search, CPU / plain python-markdown CPU): {mk_cpu / plain_cpu:.2f}")
        print("(build_ratio = CPU seconds of the full build — parse, link, page generation, MkDocs build and search "
              "indexing — / CPU seconds of plain python-markdown over the same pages; CPU time, as wall clock "
              "depends on other load)")
        print(f"build_ratio: {full_cpu / plain_cpu:.2f}")
    else:
        print("build_ratio: n/a")
    return 0


def _engine_run(engine: str, out: Path, cfg: Path, docs: Path, nav, *, warm: bool = False) -> dict | None:
    """One full build of the generated pages in ``docs`` by ``engine``, search included: MkDocs with
    the plugin (its regeneration, which finds nothing to write, left out), or ``zensical build``
    without its cache (``warm``: with the cache of the run before, i.e. nothing changed) then
    ``referatarkiv finish`` (Pagefind). Wall and CPU seconds, peak RSS; None when it failed."""
    from ..build import sitebuild

    if engine == "mkdocs":
        res = _run_measured(_child("--child-mkdocs", str(cfg)), log=out / "engine-mkdocs.log", cwd=out)
        if res["rc"] != 0:
            print(f"MkDocs: failed (exit {res['rc']}): {res['tail'][-600:]}")
            return None
        info = json.loads(res["tail"].strip().splitlines()[-1])
        return {"seconds": info["seconds"] - info["regen_s"], "cpu_s": info["cpu_s"] - info["regen_cpu_s"],
                "rss_mb": res["rss_mb"]}
    site = out / "site-zensical"
    measured: list[dict] = []

    def runner(cmd, cwd):
        measured.append(_run_measured(cmd, cwd=cwd, log=out / "engine-zensical.log"))
        return measured[-1]["rc"]

    rc = sitebuild.run_zensical(cfg, docs, site, nav, "pagefind", clean_cache=not warm, runner=runner)
    if rc != 0:
        print(f"Zensical: failed (exit {rc}): {measured[-1]['tail'][-600:] if measured else ''}")
        return None
    fin = _run_measured([sys.executable, "-m", "referatarkiv.cli", "finish", "--site-dir", str(site),
                         "--config", str(cfg)], log=out / "engine-zensical-finish.log", cwd=out)
    if fin["rc"] != 0:
        print(f"referatarkiv finish: failed (exit {fin['rc']}): {fin['tail'][-600:]}")
        return None
    z = measured[-1]
    return {"seconds": z["seconds"] + fin["seconds"], "cpu_s": z["cpu_s"] + fin["cpu_s"],
            "rss_mb": max(z["rss_mb"], fin["rss_mb"]), "engine_s": z["seconds"], "finish_s": fin["seconds"]}


def _engines_side_by_side(out: Path, cfg: Path, docs: Path, nav, runs: int) -> None:
    """Both engines on the same generated pages, alternating (which one goes first swaps every
    run, so a slow spell of the machine hits both), each a full build (Zensical without its page
    cache); medians and the Zensical / MkDocs ratios, then Zensical once more with its cache."""
    from ..build.sitebuild import zensical_available

    if not zensical_available():
        print("engines side by side: n/a (Zensical not installed: pip install -e '.[zensical]')")
        return
    got: dict[str, list[dict]] = {"mkdocs": [], "zensical": []}
    for r in range(runs):
        for engine in (("mkdocs", "zensical") if r % 2 == 0 else ("zensical", "mkdocs")):
            one = _engine_run(engine, out, cfg, docs, nav)
            if one is None:
                print("engines side by side: n/a")
                return
            got[engine].append(one)
    med = {e: {k: statistics.median(x[k] for x in v) for k in ("seconds", "cpu_s", "rss_mb")} for e, v in got.items()}
    for e, m in med.items():
        print(f"engine {e} (Pagefind included, same {runs} run(s), median): {m['seconds']:.2f} s, "
              f"{m['cpu_s']:.2f} s CPU, peak RSS {m['rss_mb']:.0f} MB")
    z = got["zensical"]
    print(f"   Zensical: zensical build {statistics.median(x['engine_s'] for x in z):.2f} s + "
          f"referatarkiv finish {statistics.median(x['finish_s'] for x in z):.2f} s (median)")
    warm = _engine_run("zensical", out, cfg, docs, nav, warm=True)
    if warm is not None:
        print(f"   Zensical again with its cache, nothing changed: zensical build {warm['engine_s']:.2f} s + "
              f"referatarkiv finish {warm['finish_s']:.2f} s ({warm['cpu_s']:.2f} s CPU)")
    print(f"engine_ratio (Zensical / MkDocs, CPU): {med['zensical']['cpu_s'] / med['mkdocs']['cpu_s']:.2f}; "
          f"wall clock: {med['zensical']['seconds'] / med['mkdocs']['seconds']:.2f}")


def _hold_back(content: Path, dest: Path) -> tuple[Path, Path] | None:
    """Move the newest referat of an udvalg with two or more out of ``content`` (its sidecar and
    bilag folder with it); returns (where it was, where it is now)."""
    files = sorted((p for p in content.rglob("*") if p.suffix.lower() in (".txt", ".md", ".pdf") and p.is_file()
                    and not any(part.endswith(".bilag") for part in p.parts)), key=lambda p: (p.stem, str(p)))
    for p in reversed(files):
        if sum(1 for q in p.parent.iterdir() if q.suffix.lower() in (".txt", ".md", ".pdf")) >= 2:
            shutil.rmtree(dest, ignore_errors=True)
            dest.mkdir(parents=True)
            for extra in (p.with_suffix(".yml"), p.with_name(p.stem + ".bilag")):
                if extra.exists():
                    shutil.move(str(extra), str(dest / extra.name))
            shutil.move(str(p), str(dest / p.name))
            return p, dest / p.name
    return None


def _incremental(out: Path, held: tuple[Path, Path], site: Path, cfg: Path, full_cpu: float, full_wall: float) -> None:
    """Put the held-back referat back and run the incremental build (``mkdocs build --dirty``
    through the plugin: regeneration, the changed pages, the search index)."""
    original, now = held
    for extra in now.parent.iterdir():
        if extra != now:
            shutil.move(str(extra), str(original.parent / extra.name))
    shutil.move(str(now), str(original))
    before = {p: p.stat().st_mtime_ns for p in site.rglob("*.html")}
    res = _run_measured(_child("--child-mkdocs", str(cfg), "--dirty"), log=out / "mkdocs-incremental.log", cwd=out)
    if res["rc"] != 0:
        print(f"incremental build: failed (exit {res['rc']}): {res['tail'][-800:]}")
        print("incremental_ratio: n/a")
        return
    info = json.loads(res["tail"].strip().splitlines()[-1])
    after = {p: p.stat().st_mtime_ns for p in site.rglob("*.html")}
    rendered = sum(1 for p, m in after.items() if before.get(p) != m)
    print(f"incremental build (one referat added, mkdocs build --dirty): {info['seconds']:.2f} s "
          f"({info['cpu_s']:.2f} s CPU): regeneration {info['regen_s']:.2f} s ({info['regen_cpu_s']:.2f} s CPU), "
          f"search {info['search_s']:.2f} s ({info['search_cpu_s']:.2f} s CPU), "
          f"{rendered} of {len(after)} HTML pages re-rendered, peak RSS {res['rss_mb']:.0f} MB")
    print(f"incremental wall-clock ratio (incremental / full build): {info['seconds'] / full_wall:.3f}")
    print("(incremental_ratio = CPU seconds of the incremental build, Pagefind included, / CPU seconds of the full "
          "build above)")
    print(f"incremental_ratio: {info['cpu_s'] / full_cpu:.3f}")


# --------------------------------------------------------------------------------------------------
# entry points


def add_arguments(n: argparse.ArgumentParser) -> None:
    """The options of ``referatarkiv bench`` (cli.py adds them to its ``bench`` command)."""
    n.add_argument("what", nargs="?", default="build", choices=["parse", "build", "search"])
    n.add_argument("--items", type=int, default=1000)
    n.add_argument("--mb", type=float, nargs="*", default=None, help="parse benchmark sizes in MB")
    n.add_argument("--out", default=None, help="work folder (default: bench-out/ in the repo)")
    n.add_argument("--corpus", default=None, help="parse: real corpus folder (default: ../shared/corpus)")
    n.add_argument("--total-mb", type=float, default=50, help="parse: MB parsed per throughput run")
    n.add_argument("--runs", type=int, default=3, help="parse: throughput runs (median reported)")
    n.add_argument("--max-seconds", type=float, default=1800, help="parse: CPU-seconds budget per linearity size")
    n.add_argument("--seed", type=int, default=1, help="seed of the synthetic archive / referat")
    n.add_argument("--keep", action="store_true", help="parse: keep the generated large referater")
    n.add_argument("--engine-runs", type=int, default=1,
                   help="build: runs of each engine (MkDocs, Zensical) side by side; medians reported")
    n.add_argument("--search", default=None, choices=["auto", "material", "pagefind"],
                   help="build: search engine for the site (default: as mkdocs.yml says)")
    from .bench_search import add_arguments as add_search_arguments

    add_search_arguments(n)


def main_bench(args: argparse.Namespace) -> int:
    what = getattr(args, "what", "build")
    if what == "search":
        from .bench_search import main_bench_search

        return main_bench_search(args)
    if what == "parse":
        return bench_parse(args)
    return bench_build(args)


def _main(argv: list[str]) -> int:
    if argv and argv[0] == "--child-parse":
        return _child_parse(argv[1])
    if argv and argv[0] == "--child-mkdocs":
        return _child_mkdocs(argv[1], dirty="--dirty" in argv[2:])
    if argv and argv[0] == "--child-synth":
        return _child_synth(*argv[1:4])
    # By hand: the same options as ``referatarkiv bench`` (this module never imports cli.py).
    ap = argparse.ArgumentParser(prog="referatarkiv bench")
    add_arguments(ap)
    return main_bench(ap.parse_args(argv))


if __name__ == "__main__":
    sys.exit(_main(sys.argv[1:]))
