"""Adversarial inputs for the parser, and how long each takes to parse.

Run as ``python -m referatarkiv.dev.bench_adversarial [--size BYTES] [--big-mb MB]``. Prints one
line per input: its name, size and parse time; then the time for one large realistic file (default
50 MB, ``--big-mb 0`` to skip) read from disk through ``parse_file``. The tests use :func:`adversarial_inputs`
to check that time grows about linearly with size; the timings themselves belong here, not in tests.
"""
from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path
from typing import Callable

HEADER = "REFERAT Økonomiudvalget_2022-25 d. 05-04-2022\n\nMødedato Tirsdag d. 5. april 2022 kl. 16:00\n\n"
ITEM = "Punkt 1: Godkendelse af dagsorden\n\n22/100\n\nSagsfremstilling\n\n"


def _fill(unit: Callable[[int], str], size: int, prefix: str = HEADER + ITEM) -> str:
    """``prefix`` followed by ``unit(0) + unit(1) + …`` up to ``size`` characters."""
    parts, n, i = [prefix], len(prefix), 0
    while n < size:
        u = unit(i)
        parts.append(u)
        n += len(u)
        i += 1
    return "".join(parts)[:size]


def adversarial_inputs(size: int) -> dict[str, str]:
    """Inputs of about ``size`` characters, each built to hit one kind of super-linear behaviour."""
    words = "Udvalget godkendte at tage sagen til efterretning og oversendes ikke vedtaget den "
    return {
        # paragraph text without a single line break
        "one_long_line": _fill(lambda i: words, size),
        # a long line of capitalised words: body names, signatures, committee regexes
        "long_capitalised_line": _fill(lambda i: "Teknik- og Miljøudvalget, Social Udvalg ", size),
        # thousands of item headings, each with a little text
        "many_items": _fill(lambda i: f"Punkt {i % 9999 + 1}: Sag nummer {i}\n\n{i % 90 + 10}/{i}\n\nBeslutning\n\nGodkendt.\n\n", size, HEADER),
        # item heading lines with no blank lines between them (one huge block)
        "item_lines_one_block": _fill(lambda i: f"Punkt {i % 9999 + 1}: Sag nummer {i}\n", size, HEADER),
        # a very long list, and a deeply indented one
        "long_list": _fill(lambda i: f"- punkt {i} i listen og videre\n", size),
        "deep_list": _fill(lambda i: " " * (2 * (i % 400)) + f"{i % 999 + 1}. niveau {i}\n", size),
        "lettered_list": _fill(lambda i: f"{'abcdefgh'[i % 8]}) at sagen godkendes {i}\n", size),
        # markup that never closes
        "unmatched_bold": _fill(lambda i: "**fed tekst uden slut ", size),
        "unmatched_bold_lines": _fill(lambda i: "**fed tekst uden slut\n", size),
        "unmatched_star": _fill(lambda i: "*kursiv *mere *tekst ", size),
        "unmatched_tags": _fill(lambda i: "<b>fed <i>kursiv <strong>stærk ", size),
        "unmatched_brackets": _fill(lambda i: "[link [mere (parentes ", size),
        "pipes": _fill(lambda i: "| celle | celle ", size),
        "pipe_rows": _fill(lambda i: f"| celle {i} | mere | tekst |\n", size),
        # a markdown export (detected by "# Punkt") with headings and unmatched markup
        "markdown_headings": _fill(lambda i: f"# **Punkt {i % 9999 + 1}: Titel {i}\n\n## Beslutning\n\n**Godkendt\n\n", size,
                                   "# **REFERAT Økonomiudvalget 2022-25 d. 05-04-2022**\n\n"),
        "markdown_hashes": _fill(lambda i: "#" * (i % 7 + 1) + " " + "# " * 50 + "\n", size,
                                 "# **REFERAT Økonomiudvalget 2022-25 d. 05-04-2022**\n\n# Punkt 1: A\n\n"),
        # tables
        "tab_table": _fill(lambda i: f"Række {i}\t{i * 3}\t{i % 7},5\tNote\n", size),
        "tab_runs": _fill(lambda i: "\t" * 50 + "x\n", size),
        # attachment lists
        "bilag_list": _fill(lambda i: f"Bilag {i % 999 + 1}.{i % 99} - Oversigt nummer {i} (lukket)\n", size,
                            HEADER + ITEM + "Tekst.\n\nBilag\n\n"),
        "bilag_blocks": _fill(lambda i: f"Bilag {i % 999 + 1} - Oversigt nummer {i}\n\n", size,
                              HEADER + ITEM + "Tekst.\n\nBilag\n\n"),
        "bilag_mentions": _fill(lambda i: f"Bilag {i % 99} er lukket og bilaget {i % 9} vedlægges, ", size),
        # dates and references
        "dates_and_refs": _fill(lambda i: f"MAG d. {i % 28 + 1}. marts 20{i % 30 + 10} pkt. {i % 999} og (pkt. {i}) ", size),
        "numeric_dates": _fill(lambda i: f"{i % 28 + 1}-{i % 12 + 1}-20{i % 30 + 10} ", size),
        "behandling_dates": _fill(lambda i: f"Udvalget den {i % 28 + 1}. marts og ", size,
                                  HEADER + ITEM + "Tekst.\n\nBehandling\n\n"),
        "historik_entries": _fill(lambda i: f"Beslutning i Udvalget den {i % 28 + 1}-03-2020, pkt. {i % 999}:\n\nGodkendt.\n\n", size,
                                  HEADER + ITEM + "Tekst.\n\nHistorik\n\n"),
        "decision_headings": _fill(lambda i: f"Beslutning i Udvalg {i} den {i % 28 + 1}-03-2020\n\nIkke godkendt.\n\n", size),
        # runs of filler characters
        "spaces": _fill(lambda i: " " * 1000 + "x", size),
        "dashes": _fill(lambda i: "-" * 1000 + " x ", size),
        "dots": _fill(lambda i: "." * 1000 + " x ", size),
        "toc_dot_leaders": _fill(lambda i: f"Titel {i} " + "." * 200 + " \t" + "." * 50 + "\n", size,
                                 HEADER + "Indholdsfortegnelse\n\n"),
        "toc_spaces_no_page": _fill(lambda i: "Titel " + " ." * 300 + " x\n", size,
                                    HEADER + "Indholdsfortegnelse\n\n"),
        "header_labels": _fill(lambda i: f"Mødested Lokale {i} " + "og " * 20 + "\n", size, HEADER),
        "participants": _fill(lambda i: f"Navn{i} Efternavn (Afbud), ", size, HEADER + "Mødedeltagere "),
        "negations": _fill(lambda i: "ikke " + "ord " * 3, size, HEADER + ITEM + "Beslutning\n\n"),
        "case_numbers": _fill(lambda i: f"00.01.00-P{i % 99:02d}-{i}-22 ", size),
        "signature_line": _fill(lambda i: "Anne Berg / Bent Krog ", size),
        # runs of spaces inside lines that regexes with lazy groups scan once per position
        "decision_heading_spaces": _fill(lambda i: "Beslutning i" + " " * 100 + "x\n\n", size),
        "decision_date_spaces": _fill(lambda i: "Beslutning i X den" + " " * 90 + "x y\n\n", size),
        "bilag_suffix_spaces": _fill(lambda i: "Bilag 1 - a" + " " * 500 + "b\n", size, HEADER + ITEM + "Tekst.\n\nBilag\n\n"),
        "item_title_spaces": _fill(lambda i: f"Punkt {i % 999 + 1}: (lukket" + " " * 280 + "x\n\nTekst.\n\n", size, HEADER),
        "item_title_long_line": _fill(lambda i: f"Punkt {i % 999 + 1}:\n" + "a" + " " * 2000 + "b (lukket) x\n\nTekst.\n\n", size, HEADER),
        "header_title_spaces": "REFERAT a" + " " * (size - 20) + "b\n\nPunkt 1: A\n",
        "history_body_commas": _fill(lambda i: "Beslutning 3. februar 2020, pkt. 4:\n\n" + ", ".join(["Aa"] * 40) + " x.\n\n", size,
                                     HEADER + ITEM + "Tekst.\n\nHistorik\n\n"),
        "md_separator_dashes": _fill(lambda i: "-" * 20000 + "x\n", size, "# Punkt 1: A\n\n"),
        "md_hash_spaces": _fill(lambda i: "#" + " " * 5000 + "\n", size, "# Punkt 1: A\n\n"),
        "md_heading_spaces": _fill(lambda i: "## x" + " " * 5000 + "y\n\n", size, "# Punkt 1: A\n\n"),
        "page_breaks": _fill(lambda i: "sætning der fortsætter og\n\n\f\nfortsætter på næste side og\n\n", size),
    }


def time_parse(text: str, repeat: int = 1) -> tuple[float, float]:
    """(wall, CPU) seconds to parse ``text``, best of ``repeat``; CPU time ignores other load on the machine."""
    from ..parse import parse_text

    best = (float("inf"), float("inf"))
    for _ in range(repeat):
        t0, c0 = time.perf_counter(), time.process_time()
        parse_text(text)
        best = min(best, (time.perf_counter() - t0, time.process_time() - c0))
    return best


def big_realistic_file(size: int) -> bytes:
    """A realistic referat repeated to ``size`` bytes: many items with sections, tables, bilag."""
    unit = (
        "Punkt {n}: Ny plan for området nummer {n}\n\n22/{n}\n\nResume\n\n"
        "Forvaltningen har udarbejdet en plan, som beskriver status for\n\nprojektet, dvs. hvor langt det er nået "
        "(MAG d. 9. april 2020 pkt. 97).\n\nIndstilling\n\nForvaltningen indstiller,\n\n1. at planen godkendes\n"
        "2. at udgiften finansieres af puljen\n\nBeslutning\n\nGodkendt.\n\nSagsfremstilling\n\n"
        "Placering\tPladser\tPris\nNord\t120\t1,2\nSyd\t80\t0,9\n\nBehandling\n\nUdvalget den 3. februar og "
        "Magistraten den 9. marts 2020.\n\nBilag\n\nBilag 1 - Oversigt over naboer\nBilag 2 - Tegninger (lukket)\n\n"
    )
    return _fill(lambda i: unit.format(n=i + 1), size, HEADER).encode("utf-8")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m referatarkiv.dev.bench_adversarial", description=__doc__.split("\n")[0])
    ap.add_argument("--size", type=int, default=1_000_000, help="characters per adversarial input (default 1 MB)")
    ap.add_argument("--big-mb", type=int, default=50, help="size of the realistic file in MB (0 skips it)")
    ap.add_argument("--only", help="run only inputs whose name contains this")
    ap.add_argument("--skip", help="skip inputs whose name contains this")
    ap.add_argument("--repeat", type=int, default=1, help="best of N runs")
    args = ap.parse_args(argv)
    slow = 0
    for name, text in adversarial_inputs(args.size).items():
        if args.only and args.only not in name or args.skip and args.skip in name:
            continue
        wall, cpu = time_parse(text, args.repeat)
        slow += cpu >= 1.0
        print(f"{name:24s} {len(text) / 1e6:6.2f} MB  wall {wall:7.3f} s  cpu {cpu:7.3f} s{'  SLOW' if cpu >= 1.0 else ''}",
              flush=True)
    if args.big_mb and not args.only:
        from ..parse import parse_file

        with tempfile.TemporaryDirectory() as d:
            p = Path(d) / "stor referat.txt"
            p.write_bytes(big_realistic_file(args.big_mb * 1_000_000))
            t0, c0 = time.perf_counter(), time.process_time()
            m = parse_file(p)
            t, c = time.perf_counter() - t0, time.process_time() - c0
            print(f"{'realistic_file':24s} {p.stat().st_size / 1e6:6.2f} MB  wall {t:7.3f} s  cpu {c:7.3f} s  "
                  f"({len(m.items)} punkter, {p.stat().st_size / 1e6 / c:.1f} MB/s CPU)")
    return 1 if slow else 0


if __name__ == "__main__":
    sys.exit(main())
