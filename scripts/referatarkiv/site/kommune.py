"""Kommune pages: ``<kommune>/`` (its udvalg by valgperiode, its meetings by year) and, in a long
archive, one page per year of meetings (``<kommune>/moeder/<år>/``)."""
from __future__ import annotations

from collections import defaultdict

from ..archive.link import Archive, Committee, Kommune
from . import mdtext
from .blocks import LIST_LIMIT, crumbs, esc, group_by_year, later_term_first
from .frontmatter import front_matter
from .names import meeting_when, plural, term_label
from .partier import kommune_section
from .urls import href, page_file

MEETINGS_PER_COMMITTEE_ON_KOMMUNE = 0  # 0: list all meetings on the kommune page
MEETINGS_DIR = "moeder"  # <kommune>/moeder/<år>/: a kommune's meetings of one year (long archives)


def render_kommune(archive: Archive, kom: Kommune) -> str:
    here = kom.path
    out = [front_matter(kom.name), f"# {mdtext.heading_text(kom.name)}\n"]
    out.append(crumbs(here, [("Forside", ""), (kom.name, None)]))
    out.append(f"{len(kom.meetings)} {plural(len(kom.meetings), 'møde', 'møder')} i "
               f"{len(kom.committees)} {plural(len(kom.committees), 'udvalg', 'udvalg')}. "
               f"{mdtext.link('Alle sager efter journalnummer', href(here, f'{kom.path}sager/'))}.\n")
    out.append("## Udvalg\n")
    by_term: dict[str | None, list[Committee]] = defaultdict(list)
    for c in kom.committees:
        terms = sorted({am.term for am in c.meetings}, key=lambda t: (t is None, t or ""))
        for t in terms:
            by_term[t].append(c)
    for t in sorted(by_term, key=lambda t: (t is None, "" if t is None else later_term_first(t))):
        out.append(f"### {esc(term_label(t))}\n")
        for c in by_term[t]:
            n = sum(1 for am in c.meetings if am.term == t)
            out.append(f"- {mdtext.link(c.name, href(here, c.path))} – {n} {plural(n, 'møde', 'møder')}")
        out.append("")
    parties = kommune_section(archive, kom)
    if parties:
        out.append(parties)
    out.append("## Møder\n")
    by_year = group_by_year(kom.meetings)
    if len(kom.meetings) > LIST_LIMIT:
        for year, mts in by_year:
            n = len(mts)
            out.append(f"- {mdtext.link(str(year) if year else 'Uden dato', href(here, kommune_year_path(kom, year)))}"
                       f" – {n} {plural(n, 'møde', 'møder')}")
        out.append("")
        return "\n".join(out)
    for year, mts in by_year:
        out.append(f"### {year if year else 'Uden dato'}\n")
        for am in mts:
            out.append(f"- {mdtext.link(meeting_when(am), href(here, am.path))} – {esc(am.committee.name)}"
                       f" ({len(am.items)} {plural(len(am.items), 'punkt', 'punkter')})")
        out.append("")
    return "\n".join(out)


def kommune_year_path(kom: Kommune, year: int | None) -> str:
    return f"{kom.path}{MEETINGS_DIR}/{year if year else 'uden-dato'}/"


def render_kommune_years(archive: Archive, kom: Kommune) -> dict[str, str]:
    """A long archive's kommune page links one page per year of meetings; these are those pages."""
    if len(kom.meetings) <= LIST_LIMIT:
        return {}
    pages = {}
    for year, mts in group_by_year(kom.meetings):
        here = kommune_year_path(kom, year)
        label = str(year) if year else "Uden dato"
        out = [front_matter(f"Møder {label} – {kom.name}"), f"# Møder {esc(label)}\n"]
        out.append(crumbs(here, [("Forside", ""), (kom.name, kom.path), (label, None)]))
        out.append(f"{len(mts)} {plural(len(mts), 'møde', 'møder')} i {esc(kom.name)}, nyeste først.\n")
        for am in mts:
            out.append(f"- {mdtext.link(meeting_when(am), href(here, am.path))} – {esc(am.committee.name)}"
                       f" ({len(am.items)} {plural(len(am.items), 'punkt', 'punkter')})")
        out.append("")
        pages[page_file(here)] = "\n".join(out)
    return pages
