"""Command line: ``referatarkiv parse|build|finish|bench``."""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path


def _cmd_parse(args: argparse.Namespace) -> int:
    from .model import to_contract
    from .parse import parse_file
    from .readers import ReadError

    try:
        meeting = parse_file(Path(args.path))
    except ReadError as e:
        print(f"referatarkiv: {e}", file=sys.stderr)
        return 2
    for w in meeting.warnings:
        print(f"{args.path}:{w.line}: advarsel: {w.message}", file=sys.stderr)
    json.dump(to_contract(meeting), sys.stdout, ensure_ascii=False, indent=1 if args.pretty else None)
    sys.stdout.write("\n")
    return 0


def _cmd_build(args: argparse.Namespace) -> int:
    from .build.sitebuild import main_build

    return main_build(args)


def _cmd_finish(args: argparse.Namespace) -> int:
    from .build.generate import default_cache_dir, read_settings
    from .build.sitebuild import finish

    config = Path(args.config)
    site = Path(args.site_dir)
    if not (site / "index.html").is_file():
        print(f"referatarkiv: {site} er ikke et bygget site (ingen index.html)", file=sys.stderr)
        return 2
    docs = config.resolve().parent / (read_settings(config).get("docs_dir", "build") if config.is_file() else "build")
    try:
        print(finish(site, cache_dir=default_cache_dir(docs)), file=sys.stderr)
    except RuntimeError as e:
        print(f"referatarkiv: {e}", file=sys.stderr)
        return 2
    return 0


def _cmd_bench(args: argparse.Namespace) -> int:
    from .dev.bench import main_bench

    return main_bench(args)


def build_parser() -> argparse.ArgumentParser:
    from .build.sitebuild import ENGINES

    ap = argparse.ArgumentParser(prog="referatarkiv", description=__doc__)
    sub = ap.add_subparsers(dest="command", required=True)

    p = sub.add_parser("parse", help="parse one referat and print it as JSON")
    p.add_argument("path")
    p.add_argument("--pretty", action="store_true", help="indent the JSON")
    p.set_defaults(func=_cmd_parse)

    b = sub.add_parser("build", help="generate Markdown under build/ from a content folder")
    b.add_argument("--content", default=None, help="content folder (default: from mkdocs.yml or $REFERATARKIV_CONTENT)")
    b.add_argument("--out", default=None, help="output folder for generated Markdown (default: build)")
    b.add_argument("--config", default="mkdocs.yml", help="mkdocs.yml to read settings from")
    b.add_argument("--strict", action="store_true", help="fail when any source file could not be read")
    b.add_argument("--site", action="store_true", help="also build the site with the engine (default: MkDocs)")
    b.add_argument("--engine", choices=ENGINES, default="mkdocs",
                   help="with --site: mkdocs (MkDocs + Material, the plugin does every step) or zensical "
                        "(generate, zensical build, finish; pip install -e '.[zensical]')")
    b.add_argument("--site-dir", default=None, help="with --site: build the site here (default: mkdocs.yml's site_dir)")
    b.add_argument("--incremental", action="store_true",
                   help="rewrite only pages whose content changed (not for a new 'data as of' date alone); "
                        "with --site: mkdocs build --dirty, re-rendering only those pages")
    b.set_defaults(func=_cmd_build)

    f = sub.add_parser("finish", help="the step after any engine's build: index the built site with Pagefind")
    f.add_argument("--site-dir", default="site", help="the built site (default: site)")
    f.add_argument("--config", default="mkdocs.yml", help="mkdocs.yml beside which the cache is kept")
    f.set_defaults(func=_cmd_finish)

    n = sub.add_parser("bench", help="benchmarks: parser throughput, full-archive builds")
    from .dev.bench import add_arguments as add_bench_arguments

    add_bench_arguments(n)
    n.set_defaults(func=_cmd_bench)
    return ap


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except BrokenPipeError:  # output piped into head & co.
        sys.stderr.close()
        return 0


if __name__ == "__main__":
    sys.exit(main())
