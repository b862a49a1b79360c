"""Material's search (lunr in the browser): what each result shows besides its title and text.

Material's index holds a page's title, its text by section and, from front matter, ``search.boost``
(the site/ modules set it: a sag above its punkter, standing punkter such as "Godkendelse af
dagsorden" and fællesnumre below real content). What a result cannot show from that is where the
page is from, so each page's entry gets ``facts``: its type, kommune, udvalg and meeting date as
plain text, from the page's front matter ``facts:`` (the same facts Pagefind's filters come from).
The worker in front of Material's (overrides/assets/javascripts/workers/referatarkiv-search.js)
shows them with each result, escaped; Material does not index keys it has no field for, so they
cost bytes but no index size in the browser.
"""
from __future__ import annotations

import json
from pathlib import Path

TYPE_LABELS = {"møde": "Møde", "punkt": "Punkt", "sag": "Sag", "bilag": "Bilag"}
INDEX_FILE = "search/search_index.json"


def result_facts(facts: object) -> list[str] | None:
    """The page's type, kommune, udvalg and date as a result shows them, from front matter ``facts:``
    (``site.frontmatter.page_facts``); None for a page without facts (listings)."""
    if not isinstance(facts, dict) or not facts.get("type"):
        return None
    out = [TYPE_LABELS.get(str(facts["type"]), str(facts["type"]))]
    if facts.get("kommune"):
        out.append(str(facts["kommune"]))
    udvalg = [str(u) for u in facts.get("udvalg") or [] if u]
    if udvalg:
        out.append(", ".join(udvalg[:2]) + (f" og {len(udvalg) - 2} flere" if len(udvalg) > 2 else ""))
    if facts.get("date_text"):
        out.append(str(facts["date_text"]))
    return out


def add_facts(index: dict, facts: dict[str, list[str]]) -> int:
    """Give each page's first entry in Material's ``index`` (``{"docs": [...]}``) the facts of
    ``facts`` (page URL as Material writes locations → facts); other entries keep what they have
    (an incremental build's untouched pages). Returns how many entries got facts."""
    n = 0
    for doc in index.get("docs", []):
        loc = doc.get("location", "")
        if "#" in loc:
            continue
        f = facts.get(loc)
        if f:
            doc["facts"] = f
            n += 1
    return n


def write_facts(site_dir: str | Path, facts: dict[str, list[str]]) -> int:
    """:func:`add_facts` on the site's ``search/search_index.json``; 0 when there is none."""
    path = Path(site_dir) / INDEX_FILE
    try:
        index = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return 0
    n = add_facts(index, facts)
    if n:
        path.write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":"), default=str), encoding="utf-8")
    return n
