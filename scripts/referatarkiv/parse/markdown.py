"""Blocks → Markdown: paragraphs joined, lists kept as lists, tab- and pipe-separated rows as tables.

The parser keeps every section's text as Markdown; this is the one place that writes it.
"""
from __future__ import annotations

import re
from functools import lru_cache

from ..readers.normalize import Block

# "27. august 2025 om …" at the start of a line is a date that wrapped, not item 27 of a list
_MONTHS = r"(?:januar|februar|marts|april|maj|juni|juli|august|september|oktober|november|december)\b"
_LIST_MARK_RE = re.compile(r"^(?P<mark>[-*•▪◦·–]|\d{1,3}[.)](?!\s+" + _MONTHS + r")|[a-zæøå][.)]|[ivx]{1,4}[.)])\s+(?P<rest>\S.*)$",
                           re.IGNORECASE)
_SIGNATURE_RE = re.compile(
    r"^(?:/[a-zæøå]{2,6}|[a-zæøå]{2,6}/[a-zæøå]{2,6}"
    r"|[A-ZÆØÅ][\w.\-]+(?:\s+[A-ZÆØÅ][\w.\-]+){1,4}(?:\s*/\s*[A-ZÆØÅ][\w.\-]+(?:\s+[A-ZÆØÅ][\w.\-]+){1,4})+)$"
)
_LIST_BULLETS = "-*•▪◦·–"


def list_mark(t: str) -> re.Match[str] | None:
    """``_LIST_MARK_RE.match(t)``: a mark is a bullet, or ends in "." or ")" within its first five characters."""
    return _LIST_MARK_RE.match(t) if t[:1] in _LIST_BULLETS or "." in t[1:5] or ")" in t[1:5] else None



def signature(t: str) -> re.Match[str] | None:
    """``_SIGNATURE_RE.match(t)``: every form has a "/"."""
    return _SIGNATURE_RE.match(t) if "/" in t else None



def is_table_block(b: Block) -> bool:
    if len(b.lines) == 1:
        t = b.lines[0].text
        if "\t" not in t and "|" not in t:
            return False  # a table has tabs or pipes
    lines = [l.text for l in b.lines]
    if not any("\t" in l or "|" in l for l in lines):
        return False
    tabbed = [l for l in lines if "\t" in l.strip("\t ")]
    if tabbed and len(tabbed) * 2 >= len(lines) and (len(lines) > 1 or tabbed[0].count("\t") >= 1):
        return True
    piped = [l for l in lines if l.strip().startswith("|") and l.strip().endswith("|") and l.count("|") >= 3]
    return bool(piped) and len(piped) * 2 >= len(lines)


def cells(line: str) -> list[str]:
    s = line.strip()
    if s.startswith("|") and s.endswith("|") and "\t" not in s:
        parts = _PIPE_SPLIT_RE.split(s[1:-1])
    else:
        parts = s.split("\t")
    return [" ".join(p.split()).replace("|", "\\|") for p in parts]


_RULE_CELL_RE = re.compile(r"^:?-{2,}:?$")
_PIPE_SPLIT_RE = re.compile(r"(?<!\\)\|")
_LETTER_MARK_RE = re.compile(r"^(?:[a-zæøå]|[ivx]{1,4})[.)]$", re.IGNORECASE)  # "a)", "iv." (not "1.")


def table_markdown(lines: list[str]) -> str:
    rows = [cells(l) for l in lines if l.strip()]
    # a separator row from a Markdown source table is markup: the header rule is written below
    rows = [r for r in rows if not all(_RULE_CELL_RE.match(c) for c in r if c) or not any(r)] or rows[:1]
    width = max(len(r) for r in rows)
    rows = [r + [""] * (width - len(r)) for r in rows]
    out = ["| " + " | ".join(rows[0]) + " |", "|" + "|".join([" --- "] * width) + "|"]
    out += ["| " + " | ".join(r) + " |" for r in rows[1:]]
    return "\n".join(out)


_WORD_BREAK_RE = re.compile(r"[A-Za-zÆØÅæøå]-$")
_CONJ_RE = re.compile(r"^(?:og|eller|samt|til|,)\b")


def _run_tail(pieces: list[str], n: int = 3) -> str:
    """The last ``n`` characters of a run kept as pieces (all that the line-end checks look at)."""
    tail = ""
    for p in reversed(pieces):
        tail = p + tail
        if len(tail) >= n:
            break
    return tail[-n:]


def _line_joiner(prev: str, nxt: str) -> str:
    """A word hyphenated at a line end ("P-" / "huse") joins without a space; "Økonomi-" / "og" keeps it."""
    if _WORD_BREAK_RE.search(prev) and nxt[:1].islower() and not _CONJ_RE.match(nxt):
        return ""
    return " "


def block_markdown(b: Block) -> str:
    """One block as Markdown: a table, a list, or a paragraph (lines joined, hard breaks kept)."""
    if is_table_block(b):
        return table_markdown([l.text for l in b.lines])
    if len(b.lines) == 1:
        return line_markdown(b.lines[0])
    # Each run is kept as its pieces and joined once at the end: adding a line to a joined string copied
    # the whole paragraph for every line (quadratic in a long block).
    runs: list[list[str]] = []
    kinds: list[str] = []
    for ln in b.lines:
        t = ln.text.strip()
        hard = ln.text.endswith("  ")
        m = list_mark(t)
        if m:
            mark = m.group("mark")
            if mark in "*•▪◦·–":
                t = "- " + m.group("rest")
            elif _LETTER_MARK_RE.match(mark) and not mark[:1].isdecimal():
                t = "- " + t
            runs.append([t])
            kinds.append("list")
        elif runs and not (kinds[-1] == "para" and _run_tail(runs[-1]).endswith("  ")) and not ln.bold and not ln.heading:
            runs[-1] += [_line_joiner(_run_tail(runs[-1]), t), t]
        elif runs and kinds[-1] == "para":
            runs[-1] += ["\n", t]
        else:
            runs.append([t])
            kinds.append("para")
        if hard and runs:
            if t:  # the run ends with t, which has no trailing space
                runs[-1].append("  ")
            else:
                runs[-1] = ["".join(runs[-1]).rstrip() + "  "]
        # a converter sub-heading (### …) or a bold line inside a section stays visibly a sub-heading
        if (ln.bold or ln.heading) and kinds[-1] == "para" and not t.startswith("**") and t and runs[-1][-1] == t:
            # only this line: replacing every occurrence of t in the paragraph bolded earlier lines again
            # and again (n bold lines gave O(n²) asterisks)
            runs[-1][-1] = f"**{t}**"
    # a list directly after a paragraph needs a blank line to be a list in Markdown
    out = []
    for i, (r, k) in enumerate(zip(("".join(r) for r in runs), kinds)):
        if i and (k != kinds[i - 1]):
            out.append("\n\n" + r)
        elif i:
            out.append("\n" + r)
        else:
            out.append(r)
    return "".join(out).rstrip()


def line_markdown(ln) -> str:
    """``block_markdown`` of a block of this one line (most blocks: headings, short paragraphs)."""
    emph = bool(ln.bold or ln.heading)
    return _line_markdown_cached(ln.text, emph) if len(ln.text) <= 200 else _line_markdown_text(ln.text, emph)


def _line_markdown_text(text: str, emph: bool) -> str:
    """``_line_markdown`` of a line with this text, bold or a converter heading when ``emph``."""
    t = text.strip()
    m = list_mark(t)
    if m:
        mark = m.group("mark")
        if mark in "*•▪◦·–":
            return "- " + m.group("rest")
        if _LETTER_MARK_RE.match(mark) and not mark[:1].isdecimal():
            return "- " + t
        return t
    if emph and t and not t.startswith("**") and not text.endswith("  "):
        return f"**{t}**"
    return t


_line_markdown_cached = lru_cache(maxsize=4096)(_line_markdown_text)  # short lines recur ("Godkendt.")

