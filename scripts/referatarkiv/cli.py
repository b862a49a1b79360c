"""Command line: ``referatarkiv parse|build|bench``."""
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
    from .build.generate import main_build

    return main_build(args)


def _cmd_bench(args: argparse.Namespace) -> int:
    if args.what == "search":
        from .bench_search import main_bench_search

        return main_bench_search(args)
    from .bench import main_bench

    return main_bench(args)


def build_parser() -> argparse.ArgumentParser:
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
    b.add_argument("--site", action="store_true", help="also run mkdocs build")
    b.add_argument("--incremental", action="store_true",
                   help="rewrite only pages whose content changed (not for a new 'data as of' date alone); "
                        "with --site: mkdocs build --dirty, re-rendering only those pages")
    b.set_defaults(func=_cmd_build)

    n = sub.add_parser("bench", help="benchmarks: parser throughput, full-archive builds")
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
    n.add_argument("--search", default=None, choices=["auto", "material", "pagefind"],
                   help="build: search engine for the site (default: as mkdocs.yml says)")
    from .bench_search import add_arguments as add_search_arguments

    add_search_arguments(n)
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
