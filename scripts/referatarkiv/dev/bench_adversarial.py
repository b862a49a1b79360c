"""Adversarial inputs for the parser and for the rest of the build, and how their cost grows.

Run as ``python -m referatarkiv.dev.bench_adversarial [--size BYTES] [--big-mb MB]``. Prints one
line per input: its name, size and parse time; then the time for one large realistic file (default
50 MB, ``--big-mb 0`` to skip) read from disk through ``parse_file``. The tests use :func:`adversarial_inputs`
to check that time grows about linearly with size; the timings themselves belong here, not in tests.

Then (``--hostile`` for only this part, ``--no-hostile`` to skip it) the hostile inputs of issue #15,
each family at doubling sizes, each size in a fresh process: paragraphs of Markdown escapes rendered
to HTML, PDFs with many operators (uncompressed and Flate-compressed, below and far above the
limits), Flate bombs and YAML aliases. Per size it prints CPU seconds, peak memory (RSS of that
process) and the *per-unit ratio*: (CPU ÷ the smallest size's CPU) ÷ (size ÷ the smallest size).
About 1.0 means linear growth; well below 1.0 means the cost stopped growing (a limit cut the input
off). The last column says how the input ended (``ok`` or the limit's message).
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


# --------------------------------------------------------------------------------------------
# Hostile PDFs and YAML (issue #15): small files that make a library do a lot of work.

def pdf_file(pages: list[bytes], *, compress: bool = False, extra: list[bytes] = ()) -> bytes:
    """A minimal valid PDF: one page per content stream in ``pages`` (Helvetica as /F1), the streams
    Flate-compressed when ``compress``. ``extra``: more objects' dictionaries+streams, numbered after
    the pages' (for bombs that are not page content)."""
    import zlib

    n = len(pages)
    objs: list[bytes] = [b"<< /Type /Catalog /Pages 2 0 R >>",
                         b"<< /Type /Pages /Kids [" + b" ".join(b"%d 0 R" % (4 + 2 * i) for i in range(n))
                         + b"] /Count %d >>" % n,
                         b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    for i, content in enumerate(pages):
        objs.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> "
                    b"/Contents %d 0 R >>" % (5 + 2 * i))
        body = zlib.compress(content, 9) if compress else content
        objs.append(b"<< /Length %d%s >>\nstream\n" % (len(body), b" /Filter /FlateDecode" if compress else b"")
                    + body + b"\nendstream")
    objs.extend(extra)
    return _pdf_bytes(objs)


def _pdf_bytes(objs: list[bytes]) -> bytes:
    """The PDF file of ``objs`` (object 1 the catalogue), with its cross-reference table."""
    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    for i, o in enumerate(objs, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + o + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    return bytes(out)


def pdf_operators(n: int) -> bytes:
    """One page drawing ``n`` one-letter strings (``(x) Tj``), uncompressed: about 7 bytes per glyph."""
    return pdf_file([b"BT /F1 12 Tf 72 720 Td " + b"(x) Tj " * n + b"ET"])


def pdf_operators_compressed(n: int) -> bytes:
    """The same page Flate-compressed: a few KB for a million operators."""
    return pdf_file([b"BT /F1 12 Tf 72 720 Td " + b"(x) Tj " * n + b"ET"], compress=True)


def pdf_flate_bomb(megabytes: int) -> bytes:
    """A page whose content stream decompresses to ``megabytes`` MB of spaces (a thousandfold bomb)."""
    import zlib

    comp = zlib.compressobj(9)
    chunk = b" " * (1 << 20)
    body = b"".join(comp.compress(chunk) for _ in range(megabytes)) + comp.compress(b"BT /F1 12 Tf 72 720 Td (x) Tj ET")
    body += comp.flush()
    head = b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(body)
    return _pdf_with_stream(head + body + b"\nendstream")


def _pdf_with_stream(stream_obj: bytes) -> bytes:
    return _pdf_bytes([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [4 0 R] /Count 1 >>",
                       b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
                       b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> "
                       b"/Contents 5 0 R >>",
                       stream_obj])


def yaml_laughs(levels: int, width: int = 9) -> str:
    """A "billion laughs" YAML mapping: ``levels`` anchors, each a list of ``width`` aliases of the
    one before (``width ** levels`` strings when expanded)."""
    lines = ['a0: &a0 "ha"']
    for i in range(1, levels + 1):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * width) + "]")
    lines.append(f"committee: *a{levels}")
    return "\n".join(lines) + "\n"


# One family of hostile inputs: (name, unit, sizes, what one run does). Each run happens in a fresh
# process (``--one FAMILY SIZE``), so that its peak RSS is its own.
HOSTILE = {
    "escapes_paragraph": ("KB of '[x](' in one paragraph, rendered by Python-Markdown with site/mdext.py",
                          (80, 160, 320, 640)),
    "escapes_without_mdext": ("KB of '[x](' in one paragraph, plain Python-Markdown (for comparison)", (10, 20, 40)),
    "pdf_pages": ("pages of 5,000 '(x) Tj' each, uncompressed (below every limit)", (4, 8, 16)),
    "pdf_pages_compressed": ("pages of 5,000 '(x) Tj' each, Flate-compressed", (4, 8, 16)),
    "pdf_operators_over_limit": ("x 250,000 '(x) Tj' on one compressed page (the limit stops it)", (1, 2, 4)),
    "pdf_flate_bomb": ("x 256 MB of decompressed content in one stream", (1, 2, 4)),
    "yaml_keys": ("x 10,000 keys in a metadata file (no aliases)", (1, 2, 4)),
    "yaml_laughs": ("levels of a billion-laughs alias chain in front matter", (10, 20, 40)),
}


def run_one(family: str, size: int) -> dict:
    """Build the input of ``family`` at ``size`` and put it through the code that reads it; returns
    CPU seconds (of that work only), the input's bytes and how it ended."""
    import resource

    result = "ok"
    if family.startswith("escapes_"):
        import markdown

        from ..site import mdtext

        text = "[x](" * (size * 1024 // 4)
        n = len(text)
        md = markdown.Markdown(extensions=["toc", "tables", "admonition", "attr_list", "sane_lists"]
                               + ([] if family == "escapes_without_mdext" else ["referatarkiv.site.mdext"]))
        t0 = time.process_time()
        md.convert(mdtext.render_text(text))
    elif family.startswith("pdf_"):
        from ..readers.pdf import PdfLimitError, pdf_to_text

        if family == "pdf_pages":
            data = pdf_file([b"BT /F1 12 Tf 72 720 Td " + b"(x) Tj " * 5000 + b"ET"] * size)
        elif family == "pdf_pages_compressed":
            data = pdf_file([b"BT /F1 12 Tf 72 720 Td " + b"(x) Tj " * 5000 + b"ET"] * size, compress=True)
        elif family == "pdf_operators_over_limit":
            data = pdf_operators_compressed(250_000 * size)
        else:
            data = pdf_flate_bomb(256 * size)
        n = len(data)
        t0 = time.process_time()
        try:
            pdf_to_text(Path("bench.pdf"), data)
        except PdfLimitError as e:
            result = f"limit: {e}"
    elif family == "yaml_keys":  # a sidecar, kommune.yml or udvalg.yml: read whole, then checked
        from ..readers import yamldata
        from ..readers.text import clean_meta

        text = "".join(f"k{i}: værdi {i}\n" for i in range(10_000 * size))
        n = len(text.encode("utf-8"))
        t0 = time.process_time()
        clean_meta(yamldata.load(text))
    else:  # front matter (a sidecar is read the same way)
        from ..readers.text import split_front_matter

        text = "---\n" + yaml_laughs(size) + "---\nPunkt 1: x\n"
        n = len(text.encode("utf-8"))
        t0 = time.process_time()
        _, _, _, warnings = split_front_matter(text)
        errors = [w.message for w in warnings if w.error]
        if errors:
            result = f"error: {errors[0]}"
    cpu = time.process_time() - t0
    return {"cpu": cpu, "bytes": n, "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
            "result": result}


def bench_hostile(families: list[str] | None = None, quick: bool = False) -> list[dict]:
    """Run each family at its sizes (``quick``: the two smallest), each in a fresh process; print a
    table and return its rows."""
    import json
    import subprocess

    rows = []
    print(f"{'family':26s} {'size':>6s} {'input':>11s} {'CPU s':>7s} {'per-unit':>8s} {'peak RSS':>9s}  result",
          flush=True)
    for family, (unit, sizes) in HOSTILE.items():
        if families and family not in families:
            continue
        first = None
        for size in sizes[:2] if quick else sizes:
            proc = subprocess.run([sys.executable, "-m", "referatarkiv.dev.bench_adversarial", "--one", family, str(size)],
                                  capture_output=True, text=True, timeout=900)
            if proc.returncode != 0:
                print(f"{family:26s} {size:6d} failed: {proc.stderr[-500:]}", flush=True)
                rows.append({"family": family, "size": size, "failed": True})
                continue
            r = json.loads(proc.stdout.strip().splitlines()[-1])
            if first is None:
                first = (size, max(r["cpu"], 1e-6))
            ratio = (r["cpu"] / first[1]) / (size / first[0])
            rows.append({"family": family, "size": size, "ratio": ratio, **r})
            print(f"{family:26s} {size:6d} {r['bytes'] / 1024:8.0f} KB {r['cpu']:7.2f} {ratio:8.2f} {r['rss_mb']:6.0f} MB"
                  f"  {r['result'][:70]}", flush=True)
        print(f"{'':26s} (size: {unit})", flush=True)
    return rows


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
    ap.add_argument("--hostile", action="store_true", help="only the hostile inputs of issue #15 (rendering, PDF, YAML)")
    ap.add_argument("--no-hostile", action="store_true", help="skip the hostile inputs")
    ap.add_argument("--quick", action="store_true", help="hostile inputs: the two smallest sizes only")
    ap.add_argument("--one", nargs=2, metavar=("FAMILY", "SIZE"), help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.one:
        import json

        print(json.dumps(run_one(args.one[0], int(args.one[1]))))
        return 0
    if args.hostile:
        rows = bench_hostile(quick=args.quick)
        return 1 if any(r.get("failed") for r in rows) else 0
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
    if not args.no_hostile and not args.only:
        print()
        rows = bench_hostile(quick=args.quick)
        slow += any(r.get("failed") for r in rows)
    return 1 if slow else 0


if __name__ == "__main__":
    sys.exit(main())
