"""Udvalg pages: ``<kommune>/<udvalg>/`` (its meetings by valgperiode as timelines, renames,
subscriptions, the outcome chart) and its per-outcome pages ``…/udfald/<udfald>/`` (split by
year once a list is long)."""
from __future__ import annotations

from collections import defaultdict

from ..archive.link import Archive, ArchiveItem, ArchiveMeeting, Committee
from ..archive.timeline import committee_stats
from ..model import OUTCOME_LABELS
from ..slugs import slugify
from . import mdtext, timeline_html, timelines
from .blocks import LIST_LIMIT, crumbs, decision_line, esc, later_term_first
from .frontmatter import front_matter
from .names import item_heading, meeting_when, plural, term_label
from .urls import committee_calendar_path, committee_feed_path, href, page_file

OUTCOME_DIR = "udfald"
NO_OUTCOME = "uden-udfald"
NO_OUTCOME_LABEL = "Uden registreret udfald"


def render_committee(archive: Archive, c: Committee) -> str:
    here = c.path
    kom = archive.kommuner[c.kommune]
    out = [front_matter(f"{c.name} – {kom.name}"), f"# {mdtext.heading_text(c.name)}\n"]
    out.append(crumbs(here, [("Forside", ""), (kom.name, kom.path), (c.name, None)]))
    if c.unknown:
        out.append(
            "Referaterne her siger ikke, hvilket udvalg der holdt mødet (fx et enkelt punkt uden "
            "mødehoved). De er samlet her, indtil et udvalg kan angives i filens forside-data "
            "(`committee:`).\n"
        )
    else:
        n = len(c.meetings)
        terms = ", ".join(c.terms)
        out.append(f"{esc(kom.name)}. {n} {plural(n, 'møde', 'møder')} i arkivet"
                   + (f", valgperiode {esc(terms)}" if terms else "") + ".\n")
    out.append(f"Abonnér: {mdtext.link('nye møder og beslutninger (Atom-feed)', href(here, committee_feed_path(c)))}"
               f" · {mdtext.link('mødekalender (iCalendar)', href(here, committee_calendar_path(c)))}\n"
               "{ .ra-subscribe }\n")
    renames = []
    for r, other in c.renamed_from:
        name = mdtext.link(other.name, href(here, other.path)) if other else esc(r.from_name)
        renames.append(f"- Hed tidligere {name}" + (f" (valgperioden {esc(r.from_term)})" if r.from_term else "") + ".")
    for r, other in c.renamed_to:
        name = mdtext.link(other.name, href(here, other.path)) if other else esc(r.to_name)
        renames.append(f"- Hedder senere {name}" + (f" (valgperioden {esc(r.to_term)})" if r.to_term else "") + ".")
    if renames:
        out.append("!!! info \"Udvalget har skiftet navn\"\n")
        out.append(mdtext.indent("\n".join(renames)) + "\n")
    agendas = [am for am in c.meetings if am.is_agenda]
    if agendas:
        # the coming meetings first: their dagsorden is what there is to read until the referat comes
        out.append("## Dagsordener — referat følger\n")
        for am in agendas:
            out.append(f"- {mdtext.link(meeting_when(am), href(here, am.path))}"
                       f" – {len(am.items)} {plural(len(am.items), 'punkt', 'punkter')} på dagsordenen")
        out.append("")
    summary = committee_summary(c)
    if summary:
        out.append("## Beslutninger efter udfald\n")
        out.append(summary)
    by_term: dict[str | None, list[ArchiveMeeting]] = defaultdict(list)
    for am in c.meetings:
        by_term[am.term].append(am)
    for t in sorted(by_term, key=lambda t: (t is None, "" if t is None else later_term_first(t))):
        out.append(f"## {esc(term_label(t))}\n")
        if t and any(am.term_derived for am in by_term[t]):
            out.append("*Valgperioden er udledt af mødedatoen.*\n")
        out.append(timeline_html.timeline(timelines.term_data(here, t, by_term[t])) + "\n")
    return "\n".join(out)


def outcome_items(c: Committee) -> dict[str, list[ArchiveItem]]:
    """Outcome → the committee's items with it, newest meeting first (agenda order within one),
    closed items left out; ``NO_OUTCOME`` → open items without a recorded outcome."""
    st = committee_stats(c)
    out = {o: [ai for ai in items if not ai.item.closed] for o, items in st.by_outcome.items()}
    out = {o: items for o, items in out.items() if items}
    undecided = [ai for ai in st.undecided if not ai.item.closed]
    if undecided:
        out[NO_OUTCOME] = undecided
    return out


def outcome_label(key: str) -> str:
    return NO_OUTCOME_LABEL if key == NO_OUTCOME else OUTCOME_LABELS.get(key, key)


def outcome_path(c: Committee, key: str) -> str:
    return f"{c.path}{OUTCOME_DIR}/{slugify(key)}/"


def filter_links(c: Committee, here: str, current: str | None = None,
                 groups: dict[str, list[ArchiveItem]] | None = None) -> str:
    """Markdown: a link per outcome page ("Godkendt (12)"), the current one unlinked."""
    groups = outcome_items(c) if groups is None else groups
    bits = []
    for key, items in groups.items():
        text = f"{outcome_label(key)} ({len(items)})"
        if key == current:
            bits.append(f"**{esc(text)}**")
        else:
            bits.append(mdtext.link(text, href(here, outcome_path(c, key))))
    return '<span class="ra-sep" aria-hidden="true"> · </span>'.join(bits)


def render_outcome_pages(archive: Archive, c: Committee) -> dict[str, str]:
    """``<udvalg>/udfald/<outcome>/index.md`` for each outcome the committee's items have."""
    groups = outcome_items(c)
    kom = archive.kommuner[c.kommune]
    pages = {}
    for key, items in groups.items():
        here = outcome_path(c, key)
        label = outcome_label(key)
        out = [front_matter(f"{label} – {c.name} – {kom.name}"), f"# {mdtext.heading_text(label)}\n"]
        out.append(crumbs(here, [("Forside", ""), (kom.name, kom.path), (c.name, c.path), (label, None)]))
        n = len(items)
        if key == NO_OUTCOME:
            intro = (f"{n} {plural(n, 'punkt', 'punkter')} i {esc(c.name)}, hvor referatet ikke angiver "
                     "et udfald (fx meddelelser eller punkter uden beslutning), nyeste først.")
        else:
            intro = (f"{n} {plural(n, 'punkt', 'punkter')} i {esc(c.name)} med udfaldet "
                     f"*{esc(label.lower())}*, nyeste først. Lukkede punkter er ikke med.")
        out.append(intro + "\n")
        out.append("Andre udfald: " + filter_links(c, here, key, groups) + "\n{ .ra-filters }\n")
        by_year: dict[int | None, list[ArchiveItem]] = defaultdict(list)
        for ai in items:
            by_year[ai.meeting.date.year if ai.meeting.date else None].append(ai)
        years = sorted(by_year, key=lambda y: (y is None, -(y or 0)))
        if n > LIST_LIMIT:  # long lists: one page per year, so no page grows with the archive
            out.append("## År\n")
            for year in years:
                k = len(by_year[year])
                out.append(f"- {mdtext.link(str(year) if year else 'Uden dato', href(here, outcome_year_path(c, key, year)))}"
                           f" – {k} {plural(k, 'punkt', 'punkter')}")
            out.append("")
            pages[page_file(here)] = "\n".join(out)
            for year in years:
                pages[page_file(outcome_year_path(c, key, year))] = _outcome_year_page(archive, c, key, year, by_year[year])
            continue
        for year in years:
            out.append(f"## {year if year else 'Uden dato'}\n")
            for ai in by_year[year]:
                am = ai.meeting
                out.append(f"- **{esc(meeting_when(am, weekday=False))}:** "
                           f"{mdtext.link(item_heading(ai), href(here, ai.path))}  \n"
                           f"  {decision_line(ai)}")
            out.append("")
        pages[page_file(here)] = "\n".join(out)
    return pages


def outcome_year_path(c: Committee, key: str, year: int | None) -> str:
    return f"{outcome_path(c, key)}{year if year else 'uden-dato'}/"


def _outcome_year_page(archive: Archive, c: Committee, key: str, year: int | None, items: list[ArchiveItem]) -> str:
    kom = archive.kommuner[c.kommune]
    here = outcome_year_path(c, key, year)
    label = outcome_label(key)
    ylabel = str(year) if year else "Uden dato"
    out = [front_matter(f"{label} {ylabel} – {c.name} – {kom.name}"), f"# {mdtext.heading_text(label)}: {esc(ylabel)}\n"]
    out.append(crumbs(here, [("Forside", ""), (kom.name, kom.path), (c.name, c.path), (label, outcome_path(c, key)),
                             (ylabel, None)]))
    n = len(items)
    out.append(f"{n} {plural(n, 'punkt', 'punkter')} i {esc(c.name)}, nyeste først.\n")
    for ai in items:
        am = ai.meeting
        out.append(f"- **{esc(meeting_when(am, weekday=False))}:** "
                   f"{mdtext.link(item_heading(ai), href(here, ai.path))}  \n"
                   f"  {decision_line(ai)}")
    out.append("")
    return "\n".join(out)


def committee_summary(c: Committee) -> str:
    """Markdown for the udvalg page's "Udfald" section: filter links and the outcome chart."""
    here = c.path
    groups = outcome_items(c)
    if not groups:
        return ""
    out = ["Se punkterne efter udfald: " + filter_links(c, here, None, groups) + "\n{ .ra-filters }\n"]
    chart = timelines.chart_data(c)
    if chart:
        out.append(timeline_html.chart(chart) + "\n")
    return "\n".join(out)
