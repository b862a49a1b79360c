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
    from .dev.bench import main_bench

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
