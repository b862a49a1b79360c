"""Sag pages (``<kommune>/sager/<journalnummer>/``: every punkt with that journalnummer, as a
timeline) and the kommune's sager listing (``<kommune>/sager/``, split by journalnummer group once
it is long)."""
from __future__ import annotations

import re
from collections import defaultdict

from ..archive.link import Archive, ArchiveItem, ArchiveMeeting, Case, Kommune
from ..slugs import slugify
from . import mdtext, timeline_html, timelines
from .blocks import LIST_LIMIT, crumbs, esc
from .frontmatter import decided_outcomes, front_matter, page_facts, search_terms
from .names import genitive, item_heading, meeting_title, plural
from .urls import href, page_file

# The sager lists repeat every sag's journalnummer and title: out of Material's search too (Pagefind
# leaves every listing out), so a journalnummer finds its sag and punkter, not a list of them.
SEARCH_LISTING = {"exclude": True}
SEARCH_BOOST_SAG = 1.5  # front matter search.boost (Material; Pagefind: search.engines.mark_weights)
SEARCH_BOOST_SINGLE = 0.9  # a sag of one punkt: just below that punkt
SEARCH_BOOST_CATCH_ALL = 0.3


def render_case_list(archive: Archive, kom: Kommune) -> str:
    here = f"{kom.path}sager/"
    out = [front_matter(f"Sager – {kom.name}", search=SEARCH_LISTING), "# Sager\n"]
    out.append(crumbs(here, [("Forside", ""), (kom.name, kom.path), ("Sager", None)]))
    out.append(f"Alle journalnumre i {esc(genitive(kom.name))} referater. Et journalnummer samler punkter "
               "om samme sag på tværs af møder og udvalg.\n")
    if not kom.cases:
        out.append("Ingen punkter har et journalnummer.\n")
        return "\n".join(out)
    groups = _case_groups(kom)
    if len(kom.cases) > LIST_LIMIT:
        for g in sorted(groups):
            chunks = _chunks(groups[g])
            for i, chunk in enumerate(chunks, 1):
                n = len(chunk)
                text = g if len(chunks) == 1 else f"{g} ({chunk[0].case_number} – {chunk[-1].case_number})"
                out.append(f"- {mdtext.link(text, href(here, case_list_path(kom, g, i)))}"
                           f" – {n} {plural(n, 'sag', 'sager')}")
        out.append("")
        return "\n".join(out)
    for g in sorted(groups):
        out.append(f"## {esc(g)}\n")
        for case in sorted(groups[g], key=lambda c: c.case_number):
            n = len(case.items)
            desc = "fællesnummer for faste punkter" if case.catch_all else esc(case.items[-1].title)
            out.append(f"- {mdtext.link(case.case_number, href(here, case.path))} – {desc}"
                       f" ({n} {plural(n, 'punkt', 'punkter')})")
        out.append("")
    return "\n".join(out)


def _case_groups(kom: Kommune) -> dict[str, list[Case]]:
    groups: dict[str, list[Case]] = defaultdict(list)
    for case in kom.cases:
        groups[_case_group(case.case_number)].append(case)
    return {g: sorted(cs, key=lambda c: c.case_number) for g, cs in groups.items()}


def _chunks(seq: list, size: int = 2 * LIST_LIMIT) -> list[list]:
    return [seq[i:i + size] for i in range(0, len(seq), size)] or [[]]


def case_list_path(kom: Kommune, group: str, page: int = 1) -> str:
    """<kommune>/sager/liste-<group>[-side-N]/ (a case slug never starts with "liste-")."""
    return f"{kom.path}sager/{slugify('liste ' + group)}{'' if page == 1 else f'-side-{page}'}/"


def render_case_list_pages(archive: Archive, kom: Kommune) -> dict[str, str]:
    """A long archive's sager page links one page per journalnummer group (at most
    ``2 * LIST_LIMIT`` sager each); these are those pages."""
    if len(kom.cases) <= LIST_LIMIT:
        return {}
    pages = {}
    for g, cases in sorted(_case_groups(kom).items()):
        chunks = _chunks(cases)
        for i, chunk in enumerate(chunks, 1):
            here = case_list_path(kom, g, i)
            label = g if len(chunks) == 1 else f"{g}, side {i} af {len(chunks)}"
            out = [front_matter(f"Sager: {label} – {kom.name}", search=SEARCH_LISTING),
                   f"# {mdtext.heading_text(label)}\n"]
            out.append(crumbs(here, [("Forside", ""), (kom.name, kom.path), ("Sager", f"{kom.path}sager/"),
                                     (label, None)]))
            for case in chunk:
                n = len(case.items)
                desc = "fællesnummer for faste punkter" if case.catch_all else esc(case.items[-1].title)
                out.append(f"- {mdtext.link(case.case_number, href(here, case.path))} – {desc}"
                           f" ({n} {plural(n, 'punkt', 'punkter')})")
            out.append("")
            pages[page_file(here)] = "\n".join(out)
    return pages


def _case_group(cn: str) -> str:
    """KLE main group ("00.01.00-…"), year ("20/13750", "EMN-2025-…"), else "Andre"."""
    m = re.match(r"^(\d\d)\.\d\d", cn)
    if m:
        return f"KLE-hovedgruppe {m.group(1)}"
    m = re.match(r"^(\d\d)/\d+", cn)
    if m:
        return f"Journalnumre fra 20{m.group(1)}"
    m = re.match(r"^[A-ZÆØÅ]+-((?:19|20)\d\d)-", cn)
    if m:
        return f"Journalnumre fra {m.group(1)}"
    return "Andre journalnumre"


JOURNALNUMMER_NOTE = ("Et journalnummer er kommunens nummer for en sag: alle punkter om samme sag har samme nummer, "
                      "så sagen kan følges fra møde til møde og fra udvalg til udvalg.")


def case_subject(case: Case) -> str:
    """What a sag is about, for its title: the title of its newest punkt (the punkter's titles follow the
    case as it moves on; the newest says where it stands); the journalnummer when no punkt has a title."""
    titles = [ai.item.title for ai in case.items if (ai.item.title or "").strip()]
    return titles[-1] if titles else f"Sag {case.case_number}"


def render_case(archive: Archive, case: Case) -> str:
    here = case.path
    kom = archive.kommuner[case.kommune]
    subject = case_subject(case)
    title = f"Fællesnummer {case.case_number}" if case.catch_all else subject
    decided = [ai for ai in case.items if decided_outcomes(ai)]
    facts = page_facts("sag", kom, [ai.meeting for ai in case.items], decided_outcomes(decided[-1]) if decided else ())
    # Search (README "Search"): a sag ranks above its punkter, a fællesnummer (which gathers standing
    # punkter) below real content. A sag with one punkt repeats that punkt (its title is the punkt's,
    # with its decision): Pagefind leaves it out, and in Material it stays below its punkt for the
    # punkt's words while its journalnummer, in its page title only, still leads to it.
    single = len(case.items) <= 1
    search = {"boost": SEARCH_BOOST_CATCH_ALL if case.catch_all else SEARCH_BOOST_SINGLE if single else SEARCH_BOOST_SAG,
              "terms": search_terms(case.case_number)}
    if single:
        search["pagefind"] = False
    extra = {"facts": facts, "search": search}
    page_title = title if case.catch_all else f"{subject} (sag {case.case_number})"
    out = [front_matter(f"{page_title} – {kom.name}", **extra), f"# {mdtext.heading_text(title)}\n"]
    out.append(crumbs(here, [("Forside", ""), (kom.name, kom.path), ("Sager", f"{kom.path}sager/"),
                             (case.case_number, None)]))
    if not case.catch_all:
        out.append(f"**Journalnummer:** {esc(case.case_number)}  \n"
                   f"{JOURNALNUMMER_NOTE}\n{{ .ra-casenumber }}\n")
    n = len(case.items)
    meetings = {id(ai.meeting) for ai in case.items}
    if case.catch_all:
        out.append("!!! info \"Fællesnummer for faste punkter\"\n")
        out.append(mdtext.indent(
            f"Journalnummeret {esc(case.case_number)} {esc(case.catch_all_reason or '')}. Det samler "
            "derfor punkter, der ikke handler om den samme sag, og vises her møde for møde uden "
            "tidslinje.") + "\n")
        by_meeting: dict[int, list[ArchiveItem]] = defaultdict(list)
        order: list[ArchiveMeeting] = []
        for ai in case.items:
            if id(ai.meeting) not in by_meeting:
                order.append(ai.meeting)
            by_meeting[id(ai.meeting)].append(ai)
        for am in sorted(order, key=lambda am: am.sort_key, reverse=True):
            out.append(f"## {mdtext.heading_text(meeting_title(am))}\n")
            for ai in by_meeting[id(am)]:
                out.append(f"- {mdtext.link(item_heading(ai), href(here, ai.path))}")
            out.append("")
        return "\n".join(out)
    titles = case.titles
    out.append(f"{n} {plural(n, 'punkt', 'punkter')} på {len(meetings)} {plural(len(meetings), 'møde', 'møder')}, "
               "ældste først.\n")
    if len(titles) > 1:
        out.append("Punkterne har haft disse titler: " + "; ".join(f"*{esc(t)}*" for t in titles) + ".\n")
    out.append("## Forløb\n")
    tl = timelines.case_data(archive, case)
    if tl:
        out.append(timeline_html.timeline(tl) + "\n")
    return "\n".join(out)
