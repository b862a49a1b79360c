"""Front matter of the generated pages: what MkDocs, the theme and the search read besides the text.

Every value is JSON on one line (valid YAML too), so the MkDocs plugin reads it with ``json``
(:func:`read_front_matter`) instead of a YAML parser. Titles are HTML-escaped here
(:func:`title_text`), because themes print ``page.title`` without escaping. ``facts:``
(:func:`page_facts`, on møde, punkt, sag and bilag pages) is what Pagefind indexes a page by
(README "Search").
"""
from __future__ import annotations

import html
import json
import re
from collections.abc import Iterable

from ..archive.link import ArchiveItem, ArchiveMeeting, Kommune
from ..dates import format_date
from ..model import OUTCOME_LABELS

_NOT_YAML = re.compile(r"[\x00-\x1f\x7f-\x9f\ufffe\uffff\ud800-\udfff]")


def title_text(title: str) -> str:
    """A page or nav title as themes need it: they print titles without escaping, in text and in
    attributes (Material's footer writes ``aria-label="Næste: <title>"``; the plugin hands titles to
    templates as Markup, so ``|e`` leaves them alone), so HTML and Jinja delimiters and both quotes
    are entities already ("<" → "&lt;", '"' → "&quot;", "{" → "&#123;")."""
    clean = _NOT_YAML.sub(" ", " ".join(title.split()))
    return html.escape(clean, quote=True).replace("{", "&#123;").replace("}", "&#125;")


def front_matter(title: str, **extra: object) -> str:
    """YAML front matter; the title escaped (``title_text``) and JSON-quoted (a valid YAML scalar)."""
    lines = ["---", "title: " + json.dumps(title_text(title), ensure_ascii=False)]
    for k, v in extra.items():
        lines.append(f"{k}: {json.dumps(v, ensure_ascii=False)}")
    lines.append("---")
    return "\n".join(lines) + "\n\n"


def read_front_matter(text: str) -> tuple[dict, str] | None:
    """The front matter :func:`front_matter` wrote, and the text after it; ``None`` when the text
    does not start with front matter in exactly that shape (one ``key: <JSON>`` per line).

    Every value is JSON on one line, so ``json`` reads it far faster than a YAML parser does (the
    MkDocs plugin uses this; see ``on_page_read_source``). YAML reads the same front matter to the
    same values, so any other tool still can."""
    if not text.startswith("---\n"):
        return None
    end = text.find("\n---\n", 3)
    if end == -1:
        return None
    meta: dict = {}
    for line in text[4:end].split("\n"):
        key, sep, value = line.partition(": ")
        if not sep or not key.isidentifier() or key in meta:
            return None
        try:
            meta[key] = json.loads(value)
        except ValueError:
            return None
    return meta, text[end + 5:].lstrip("\n")


def _fact_text(s: str) -> str:
    return _NOT_YAML.sub(" ", " ".join((s or "").split()))


def page_facts(kind: str, kom: Kommune, meetings: Iterable[ArchiveMeeting], outcomes: Iterable[str] = ()) -> dict:
    """Search facts for a page's front matter (``facts:``): type (møde, punkt, sag, bilag), kommune,
    udvalg, år, the latest meeting date (ISO and in words) and the decision's outcome labels. Plain
    text, not escaped: templates escape them (``|e``) where they print them."""
    mts = list(meetings)
    dated = sorted((am for am in mts if am.date), key=lambda am: am.sort_key)
    last = dated[-1].date if dated else None
    return {
        "type": kind,
        "kommune": _fact_text(kom.name),
        "udvalg": sorted({_fact_text(am.committee.name) for am in mts}),
        "year": sorted({am.date.year for am in dated}),
        "date": last.isoformat() if last else None,
        "date_text": format_date(last, with_weekday=False) if last else None,
        "outcomes": [_fact_text(OUTCOME_LABELS.get(o, o)) for o in dict.fromkeys(outcomes)],
    }


def decided_outcomes(ai: ArchiveItem) -> list[str]:
    """The outcomes a page's facts list for punkt ``ai``: none for a closed punkt or one without
    decision text."""
    d = ai.item.decision
    return [] if ai.item.closed or d is None or not (d.text or "").strip() else list(d.outcomes)


_ID_PART = re.compile(r"[^\W_]+")


def search_terms(*numbers: str | None) -> list[str]:
    """Extra words Pagefind indexes a page by (front matter ``search.terms``; overrides/main.html
    puts them in a hidden element): for each journalnummer, its parts joined without punctuation
    from every part on, lowercase — "20/13750" → "2013750", "13750"; "EMN-2025-003383" →
    "emn2025003383", "2025003383", "003383". The search page joins a query word the same way
    ("2025-003383" → "2025003383"), so a number is found whole and from any of its parts on."""
    out: list[str] = []
    for n in numbers:
        parts = _ID_PART.findall((n or "").lower())
        for i in range(len(parts)):
            t = "".join(parts[i:])
            if t not in out:
                out.append(t)
    return out

