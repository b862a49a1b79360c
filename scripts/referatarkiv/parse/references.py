"""References to other meetings' items: "(pkt. 52)", "MAG 9. april 2020, pkt. 97", "AUU d. 2. marts 2020 pkt. 26"."""
from __future__ import annotations

import re
from bisect import bisect_right
from datetime import date as Date

from .. import dates
from ..model import AgendaItem, Reference
from ..readers.normalize import strip_inline_markup
from .decisions import hist_entry
from .vocab import BODY_ABBREVIATIONS

_REF_RE = re.compile(
    r"(?:(?P<body>\b[A-ZÆØÅ]{2,5}\b)\.?\s+)?(?:(?:d\.|den)\s+)?"
    r"(?P<date>\b[0-3]?\d\.?\s+" + dates.MONTH_RE + r"(?:\s+(?:19|20)\d\d)?|\b[0-3]?\d[-.][01]?\d[-.](?:19|20)\d\d)"
    r"\s*[,.]?\s*\(?\s*(?:pkt\.?|punkt)\s*(?P<n>\d{1,4})\b\)?",
    re.IGNORECASE,
)
_DIGIT_RE = re.compile(r"\d")
_BARE_REF_RE = re.compile(r"\((?:pkt\.?|punkt)\s*(?P<n>\d{1,4})\)", re.IGNORECASE)
_YEAR_RE = re.compile(r"\b(?:19|20)\d\d\b")


def references(item: AgendaItem, default_year: int | None) -> None:
    """Find the references in the item's sections (Bilag lists aside) and add them, each once."""
    seen: set[tuple[str | None, Date | None, int]] = set()
    for sec in item.sections:
        if sec.kind == "bilag":
            continue
        low = sec.text.lower()
        if "pkt" not in low and "punkt" not in low:
            continue  # no paragraph has either word (lower-casing them does not depend on what is around them)
        for para in sec.text.split("\n"):
            low = para.lower()
            if "pkt" not in low and "punkt" not in low:
                continue  # both patterns need one of these words (saves two scans of every paragraph)
            t = strip_inline_markup(para)
            if hist_entry(t):
                continue
            # a reference's date has a digit before its "pkt"/"punkt", hence before the last one (lower-casing
            # never shortens text, so that position in ``low`` is at or after the one in ``para``)
            last_word = max(low.rfind("pkt"), low.rfind("punkt"))
            refs = list(_REF_RE.finditer(para)) if _DIGIT_RE.search(para, 0, last_word) else []
            # years in the paragraph, found once (not once per reference: quadratic on long paragraphs)
            year_ends, year_vals = [], []
            for ym in _YEAR_RE.finditer(para) if refs else ():
                year_ends.append(ym.end())
                year_vals.append(int(ym.group()))
            for rm in refs:
                # the last year in para[:start]: one that the cut at ``start`` ends, else the last before it
                cut = _YEAR_RE.match(para, rm.start() - 4, rm.start()) if rm.start() >= 4 else None
                k = bisect_right(year_ends, rm.start())
                year_before = int(cut.group()) if cut else (year_vals[k - 1] if k else None)
                d = dates.parse_date(rm.group("date"), year_before if year_before is not None else default_year)
                body = rm.group("body")
                if body and body.upper() not in BODY_ABBREVIATIONS and not body.isupper():
                    body = None
                text = rm.group(0).strip(" ,.")
                if text.endswith(")") and "(" not in text:
                    text = text[:-1]
                ref = Reference(text=text, body=BODY_ABBREVIATIONS.get(body, body) if body else None,
                                date=d, item_number=int(rm.group("n")))
                key = (ref.body, ref.date, ref.item_number)
                if key not in seen:
                    seen.add(key)
                    item.references.append(ref)
            starts = [r.start() for r in refs]
            for bm in _BARE_REF_RE.finditer(para) if "(" in para else ():
                # inside or just after a full reference (matches are disjoint and sorted)
                k = bisect_right(starts, bm.start())
                if k and bm.start() < refs[k - 1].end() + 2:
                    continue
                key = (None, None, int(bm.group("n")))
                if key not in seen:
                    seen.add(key)
                    item.references.append(Reference(text=bm.group(0), item_number=int(bm.group("n"))))
