"""Tables of contents: their heading, and lines of "title ..... page"."""
from __future__ import annotations

import re

from ..readers.normalize import strip_inline_markup

# "Indholdsfortegnelse", "Indhold", "Dagsorden", "PUNKTER", "Sagsliste", "Oversigt over punkter"
TOC_HEADING_RE = re.compile(
    r"^(?:indholdsfortegnelse|indhold|dagsorden|dagsordenspunkter|punkter|sagsliste|oversigt over punkter|"
    r"oversigt over sager|sager)\s*:?$",
    re.IGNORECASE,
)
# The specification of a TOC line; matched by toc_line, which gives the same result in linear time.
_TOC_LINE_RE = re.compile(r"^(?P<title>.*?)(?:\s*\.{2,}[.\s]*|\s*…+\s*)?(?:\t+|\s{2,}|\s*\.{2,}\s*)(?P<page>\d{1,4})\s*$")


def toc_line(s: str) -> tuple[str, str] | None:
    """``(title, page)`` exactly as ``_TOC_LINE_RE.match(s)`` gives them, or None; in linear time.

    The regex tries every end of the title and, for each, backtracks through the whole dot leader:
    cubic in a long run of dots and spaces (0.1 MB of such TOC lines took 6 s). Here the page is the
    trailing digits, and the title ends at the first place in the run of dots, ellipses and spaces
    before it from which the rest of the run has one of the separator forms the regex allows.
    """
    body = s.rstrip()
    e = j = len(body)
    while j > 0 and body[j - 1].isdecimal():
        j -= 1
    if not 1 <= e - j <= 4:
        return None
    page, pre = body[j:e], body[:j]
    n = r = len(pre)
    while r > 0 and (pre[r - 1] in ".…" or pre[r - 1].isspace()):
        r -= 1
    if r == n or "\n" in pre[:r]:
        return None
    nl = pre.find("\n", r)
    kmax = nl if nl != -1 else n - 1  # the title cannot cross a line break; the separator is not empty
    last_nontab = last_nonws = last_ell = r - 1
    for i in range(r, n):
        c = pre[i]
        if c != "\t":
            last_nontab = i
        if not c.isspace():
            last_nonws = i
        if c == "…":
            last_ell = i
    core_end = last_nonws + 1  # the run without its trailing whitespace
    last_nondot = r - 1
    for i in range(r, core_end):
        if pre[i] != ".":
            last_nondot = i
    next_nonws = [n] * (n - r + 2)  # next non-space position at or after r + offset
    ell_end = [0] * (n - r + 1)  # end of the run of "…" starting at r + offset
    for i in range(n - 1, r - 1, -1):
        next_nonws[i - r] = i if not pre[i].isspace() else next_nonws[i - r + 1]
        ell_end[i - r] = ell_end[i - r + 1] if i + 1 < n and pre[i + 1] == "…" else i + 1
    ends_tab = pre[n - 1] == "\t"
    ends_two_ws = n - r >= 2 and pre[n - 1].isspace() and pre[n - 2].isspace()
    ends_two_dots = core_end - r >= 2 and pre[core_end - 2] == "." and pre[core_end - 1] == "."
    for k in range(r, kmax + 1):
        if k > last_nontab or (k > last_nonws and n - k >= 2):
            return pre[:k], page  # tabs, or two or more spaces
        if k > last_nonws:
            continue
        j = next_nonws[k - r]
        if pre[j] == "." and last_nondot < j and core_end - j >= 2:
            return pre[:k], page  # a dot leader between spaces
        if pre[j] == "." and j + 1 < n and pre[j + 1] == "." and k > last_ell and (
                ends_tab or ends_two_ws or (core_end - j >= 4 and ends_two_dots)):
            return pre[:k], page  # a dot leader, then tabs, spaces or dots
        if pre[j] == "…":
            j2 = ell_end[j - r]
            if j2 < n and (j2 > last_nonws and (ends_tab or n - j2 >= 2)
                           or j2 <= last_nonws and last_nondot < next_nonws[j2 - r] and core_end - next_nonws[j2 - r] >= 2):
                return pre[:k], page  # an ellipsis, then tabs, spaces or dots
    return None


def toc_title(line: str, marker_title=None) -> str | None:
    """The title a table-of-contents line names ("Meddelelser.....\t3" → "Meddelelser"); "" for a blank
    line; None when the line is no TOC line. ``marker_title`` strips an item marker ("Punkt 3: …")."""
    s = strip_inline_markup(line).strip()
    if not s:
        return ""
    tm = toc_line(s)
    if tm:
        t = tm[0].rstrip(". …\t")
        if marker_title is not None:
            t = marker_title(t) or t
        return t or None
    return None
