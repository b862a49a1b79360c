"""Archive → Markdown pages: ``render_pages(archive) -> {relative path: text}``.

No referat text is parsed here: section text goes through :mod:`mdtext` with the link spans
link.py found, every other string from a referat through ``mdtext.escape_inline`` (or
``heading_text``/``link``). Page titles go into front matter HTML-escaped, because themes print
``page.title`` without escaping.

Output is deterministic: everything is sorted, nothing depends on the clock.
"""
from __future__ import annotations

import html
import json
import posixpath
import re
from collections import defaultdict
from collections.abc import Iterable

from . import mdtext
from . import timelines as timeline_view
from ..readers.bilag_text import PdfInfo, page_count_text, text_markdown
from ..dates import format_date, format_datetime
from ..archive.link import Archive, ArchiveItem, ArchiveMeeting, Bilag, Case, Committee, Kommune
from ..model import OUTCOME_LABELS, OUTCOMES
from ..slugs import slugify, slugify_heading, unique

SITE_NAME = "Referatarkiv"
DATA_JSON = "data/archive.json"
LATEST = 10
MEETINGS_PER_COMMITTEE_ON_KOMMUNE = 0  # 0: list all meetings on the kommune page
# A listing longer than this is split (kommune meetings by year, sager by group, outcome pages by
# year), so no page grows with the archive: page size and MkDocs' work per page stay flat.
LIST_LIMIT = 100
MEETINGS_DIR = "moeder"  # <kommune>/moeder/<år>/: a kommune's meetings of one year (long archives)


# --------------------------------------------------------------------------------------------
# helpers

def page_file(path: str) -> str:
    """Folder path "a/b/" → its page "a/b/index.md" ("" → "index.md")."""
    return f"{path}index.md"


def href(from_path: str, to: str) -> str:
    """Relative link from the page in folder ``from_path`` to ``to`` (a folder "x/y/" meaning its
    index.md, or a file path); MkDocs turns .md links into page URLs."""
    target = page_file(to) if to == "" or to.endswith("/") else to
    return relpath(target, from_path.rstrip("/") or ".")


def relpath(target: str, start: str) -> str:
    """``posixpath.relpath`` for the generator's own relative paths, without its ``abspath``
    calls (a system call per link: half of page rendering time at scale)."""
    if ".." in target or ".." in start or target.startswith("/") or start.startswith("/"):
        return posixpath.relpath(target, start)
    t = [p for p in target.split("/") if p and p != "."]
    s = [p for p in start.split("/") if p and p != "."]
    i = 0
    n = min(len(t), len(s))
    while i < n and t[i] == s[i]:
        i += 1
    return "/".join([".."] * (len(s) - i) + t[i:]) or "."


_NOT_YAML = re.compile(r"[\x00-\x1f\x7f-\x9f\ufffe\uffff\ud800-\udfff]")


def title_text(title: str) -> str:
    """A page or nav title as themes need it: they print titles without escaping, so HTML and
    Jinja delimiters are entities already ("<" → "&lt;", "{" → "&#123;")."""
    clean = _NOT_YAML.sub(" ", " ".join(title.split()))
    return html.escape(clean, quote=False).replace("{", "&#123;").replace("}", "&#125;")


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


def _outcomes(ai: ArchiveItem) -> list[str]:
    d = ai.item.decision
    return [] if ai.item.closed or d is None or not (d.text or "").strip() else list(d.outcomes)


def esc(text: str | None) -> str:
    return mdtext.escape_inline(" ".join((text or "").split()), line_start=False).strip()


def badges(outcomes: Iterable[str]) -> str:
    out = []
    order = {o: i for i, o in enumerate(OUTCOMES)}
    for o in sorted(set(outcomes), key=lambda o: (order.get(o, 99), o)):
        label = OUTCOME_LABELS.get(o, o)
        out.append(f'<span class="ra-badge ra-badge--{slugify(o)}">{html.escape(label)}</span>')
    return " ".join(out)


def crumbs(from_path: str, parts: list[tuple[str, str | None]]) -> str:
    """Breadcrumbs line: [(text, path or None for the current page)]."""
    bits = []
    for text, path in parts:
        bits.append(mdtext.link(text, href(from_path, path)) if path is not None else esc(text))
    return " › ".join(bits) + "\n{ .ra-crumbs }\n"


def meeting_title(am: ArchiveMeeting) -> str:
    when = format_date(am.date) if am.date else "mødedato ukendt"
    return f"{am.committee.name}, {when}"


def meeting_when(am: ArchiveMeeting, weekday: bool = True) -> str:
    if am.date is None:
        name = posixpath.basename(am.source_rel or "")
        return f"Uden dato ({name})" if name else "Uden dato"
    return format_datetime(am.date, am.meeting.start_time) if weekday else format_date(am.date, with_weekday=False)


def item_heading(ai: ArchiveItem) -> str:
    return f"{ai.label}: {ai.title}"


def decision_line(ai: ArchiveItem, limit: int = 160) -> str:
    d = ai.item.decision
    if ai.item.closed:
        return "Lukket punkt."
    if d is None or not (d.text or "").strip():
        return "Ingen beslutning i referatet."
    b = badges(d.outcomes)
    text = " ".join(d.text.split())
    # "Udvalget X tog … til efterretning": the committee's name says nothing in a summary line.
    name = ai.meeting.committee.name
    if not ai.meeting.committee.unknown and _fold(text[:len(name)]) == _fold(name) and len(text) > len(name) + 3:
        text = text[len(name):].lstrip(" :,-–")
    return (b + " " if b else "") + mdtext.one_line(text, limit)


def _fold(s: str) -> str:
    return " ".join(s.casefold().split())


def human_size(n: int | None) -> str:
    if n is None:
        return ""
    if n < 1024:
        return f"{n} B"
    if n < 1024 * 1024:
        return f"{round(n / 1024)} KB"
    return f"{n / (1024 * 1024):.1f} MB".replace(".", ",")


def file_kind(path: str) -> str:
    name = path.rsplit("/", 1)[-1]
    parts = name.split(".")
    return parts[-2] if len(parts) > 2 and parts[-1] == "txt" else (parts[-1] if len(parts) > 1 else "fil")


# --------------------------------------------------------------------------------------------
# pages

def render_pages(archive: Archive, *, file_sizes: dict[str, int] | None = None,
                 file_texts: dict[str, PdfInfo] | None = None,
                 meetings: Iterable[ArchiveMeeting] | None = None,
                 items: Iterable[ArchiveItem] | None = None,
                 cases: Iterable[Case] | None = None) -> dict[str, str]:
    """Every page of the site as {path relative to the docs dir: Markdown}, plus data/archive.json.

    ``file_sizes``: sizes of downloadable files by their site path, shown next to the links.
    ``file_texts``: page count and extracted text of published PDF bilag, by site path.
    ``meetings``/``items``/``cases`` (incremental builds, see ``incremental.RenderPlan``): render
    only these meetings' pages (with their bilag), punkter and sager; None: all of them. The
    listings (home, kommune, udvalg, outcome and sager lists) and data/archive.json are always
    rendered."""
    sizes = file_sizes or {}
    texts = file_texts or {}
    only_meetings = None if meetings is None else {id(am) for am in meetings}
    only_items = None if items is None else {id(ai) for ai in items}
    only_cases = None if cases is None else {id(case) for case in cases}
    pages: dict[str, str] = {"index.md": render_home(archive)}
    for kom in archive.kommuner.values():
        pages[page_file(kom.path)] = render_kommune(archive, kom)
        pages.update(render_kommune_years(archive, kom))
        pages[page_file(f"{kom.path}sager/")] = render_case_list(archive, kom)
        pages.update(render_case_list_pages(archive, kom))
    for c in archive.committees.values():
        pages[page_file(c.path)] = render_committee(archive, c)
        pages.update(timeline_view.render_outcome_pages(archive, c))
    for am in archive.meetings:
        if only_meetings is None or id(am) in only_meetings:
            pages[page_file(am.path)] = render_meeting(archive, am, sizes)
        for ai in am.items:
            if only_items is None or id(ai) in only_items:
                pages[page_file(ai.path)] = render_item(archive, ai)
    for case in archive.cases.values():
        if only_cases is None or id(case) in only_cases:
            pages[page_file(case.path)] = render_case(archive, case)
    for b in archive.bilag:
        if only_meetings is None or id(b.meeting) in only_meetings:
            pages[page_file(b.path)] = render_bilag(archive, b, sizes, texts)
    pages[DATA_JSON] = render_json(archive)
    return dict(sorted(pages.items()))


def site_files(archive: Archive) -> dict[str, str]:
    """Files copied into the site: {site path: content-relative source path}. Closed bilag never
    have one (link.py leaves their ``download`` empty)."""
    out: dict[str, str] = {}
    for am in archive.meetings:
        if am.download and am.source_rel:
            out[am.download] = am.source_rel
    for b in archive.bilag:
        if b.download and b.file_rel and not b.closed:
            out[b.download] = b.file_rel
    return dict(sorted(out.items()))


def render_home(archive: Archive) -> str:
    here = ""
    n_items = len(archive.items)
    out = [front_matter(SITE_NAME), f"# {SITE_NAME}\n"]
    if not archive.meetings:
        out.append("Arkivet er tomt: der er endnu ingen referater i indholdsmappen.\n")
    else:
        out.append(
            f"Referater fra kommunale udvalg, gjort søgbare og krydslinkede: "
            f"{len(archive.meetings)} møder med {n_items} punkter fra "
            f"{len(archive.kommuner)} {'kommune' if len(archive.kommuner) == 1 else 'kommuner'}. "
            "Hvert punkt har sin egen side med beslutning, sagsfremstilling og bilag, og punkter "
            "med samme journalnummer er samlet på en sagsside.\n"
        )
    dated = [am for am in archive.meetings if am.date]
    latest = sorted(dated, key=lambda am: am.sort_key, reverse=True)[:LATEST]
    if latest:
        out.append("## Seneste møder\n")
        for am in latest:
            kom = archive.kommuner[am.kommune]
            out.append(f"- {mdtext.link(meeting_title(am), href(here, am.path))} ({esc(kom.name)})")
        out.append("")
    decided = [ai for am in sorted(dated, key=lambda am: am.sort_key, reverse=True)
               for ai in am.items if ai.item.decision and (ai.item.decision.text or "").strip()
               and not ai.item.closed]
    if decided:
        out.append("## Seneste beslutninger\n")
        for ai in decided[:LATEST]:
            am = ai.meeting
            out.append(f"- {mdtext.link(item_heading(ai), href(here, ai.path))}  \n"
                       f"  {esc(am.committee.name)}, {esc(meeting_when(am, weekday=False))}: {decision_line(ai, 140)}")
        out.append("")
    if archive.kommuner:
        out.append("## Kommuner og udvalg\n")
        for kom in archive.kommuner.values():
            out.append(f"### {mdtext.link(kom.name, href(here, kom.path))}\n")
            for c in kom.committees:
                terms = ", ".join(c.terms)
                out.append(f"- {mdtext.link(c.name, href(here, c.path))}"
                           + (f" ({esc(terms)})" if terms else "") + f" – {len(c.meetings)} {plural(len(c.meetings), 'møde', 'møder')}")
            out.append("")
    out.append("## Sådan søger du\n")
    out.append(
        "Søg med forstørrelsesglasset øverst på siden. Søgningen dækker alle møder, punkter, sager og "
        "åbne bilag og forstår danske bøjningsformer, så *beslutning* også finder *beslutningen* og "
        "*beslutninger*. Du kan søge på et journalnummer (fx *00.01.00-P05-2-20*), et udvalg, "
        "et navn eller et emne.\n\n"
        "Hver kommune har en side med alle møder år for år, og hvert udvalg en side med møderne "
        "ordnet efter valgperiode. Et journalnummer fører til sagssiden med alle punkter om samme sag.\n"
    )
    out.append("## Data\n")
    out.append(f"Alle møder, punkter, beslutninger og sager findes også som "
               f"{mdtext.link('JSON-data', href(here, DATA_JSON))} til egne analyser"
               f" (og alle punkter som {mdtext.link('CSV', href(here, 'data/punkter.csv'))}). "
               f"Nye møder og beslutninger kan følges i et {mdtext.link('Atom-feed', href(here, 'feed.xml'))}"
               ", og hvert udvalg har sit eget feed og en mødekalender.\n")
    return "\n".join(out)


def plural(n: int, one: str, many: str) -> str:
    return one if n == 1 else many


def term_label(term: str | None) -> str:
    return f"Valgperioden {term}" if term else "Ukendt valgperiode"


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
    for t in sorted(by_term, key=lambda t: (t is None, "" if t is None else _neg(t))):
        out.append(f"### {esc(term_label(t))}\n")
        for c in by_term[t]:
            n = sum(1 for am in c.meetings if am.term == t)
            out.append(f"- {mdtext.link(c.name, href(here, c.path))} – {n} {plural(n, 'møde', 'møder')}")
        out.append("")
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


def _neg(term: str) -> str:
    # Sort key putting later terms first.
    return str(9999 - int(term[:4]))


def group_by_year(meetings: list[ArchiveMeeting]) -> list[tuple[int | None, list[ArchiveMeeting]]]:
    groups: dict[int | None, list[ArchiveMeeting]] = defaultdict(list)
    for am in meetings:
        groups[am.date.year if am.date else None].append(am)
    keys = sorted(groups, key=lambda y: (y is None, -(y or 0)))
    return [(y, sorted(groups[y], key=lambda am: am.sort_key, reverse=True)) for y in keys]


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
    from .feeds import committee_calendar_path, committee_feed_path  # subscriptions (publish.py)

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
    summary = timeline_view.committee_summary(c)
    if summary:
        out.append("## Beslutninger efter udfald\n")
        out.append(summary)
    by_term: dict[str | None, list[ArchiveMeeting]] = defaultdict(list)
    for am in c.meetings:
        by_term[am.term].append(am)
    for t in sorted(by_term, key=lambda t: (t is None, "" if t is None else _neg(t))):
        out.append(f"## {esc(term_label(t))}\n")
        if t and any(am.term_derived for am in by_term[t]):
            out.append("*Valgperioden er udledt af mødedatoen.*\n")
        out.append(timeline_view.start_marker(timeline_view.term_id(t)) + "\n")
        for year, mts in group_by_year(by_term[t]):
            out.append(f"**{year if year else 'Uden dato'}**\n")
            for am in mts:
                out.append(f"- {mdtext.link(meeting_when(am), href(here, am.path))}"
                           f" – {len(am.items)} {plural(len(am.items), 'punkt', 'punkter')}")
            out.append("")
        out.append(timeline_view.end_marker(timeline_view.term_id(t)) + "\n")
    return timeline_view.with_data("\n".join(out), timelines=timeline_view.committee_data(c),
                                   outcome_chart=timeline_view.chart_data(c))


def render_meeting(archive: Archive, am: ArchiveMeeting, sizes: dict[str, int]) -> str:
    here = am.path
    kom = archive.kommuner[am.kommune]
    m = am.meeting
    title = meeting_title(am)
    out = [front_matter(f"{title} – {kom.name}", facts=page_facts("møde", kom, [am])),
           f"# {mdtext.heading_text(title)}\n"]
    out.append(crumbs(here, [("Forside", ""), (kom.name, kom.path), (am.committee.name, am.committee.path),
                             (meeting_when(am, weekday=False), None)]))
    facts = [f"- **Tidspunkt:** {esc(meeting_when(am))}"]
    if m.location:
        facts.append(f"- **Sted:** {esc(m.location)}")
    if am.term:
        facts.append(f"- **Valgperiode:** {esc(am.term)}" + (" (udledt af datoen)" if am.term_derived else ""))
    if m.participants:
        facts.append(f"- **Deltagere:** {esc(', '.join(m.participants))}")
    if m.absent:
        facts.append(f"- **Afbud:** {esc(', '.join(m.absent))}")
    sources = []
    if am.download:
        size = human_size(sizes.get(am.download))
        sources.append(mdtext.link(f"Hent referatet ({file_kind(am.download)}{', ' + size if size else ''})",
                                   href(here, am.download)))
    url = mdtext.safe_href(m.source_url)
    if url:
        sources.append(f"[Kommunens egen udgave]({url})")
    if sources:
        facts.append("- **Kilde:** " + " · ".join(sources))
    out.append("\n".join(facts) + "\n")
    out.append("## Dagsorden\n")
    if not am.items:
        out.append("Referatet indeholder ingen punkter.\n")
    for ai in am.items:
        out.append(f"- **{esc(ai.label)}:** {mdtext.link(ai.title, href(here, ai.path))}  \n"
                   f"  {decision_line(ai)}")
    out.append("")
    bilag = [b for ai in am.items for b in ai.bilag]
    seen: set[int] = set()
    unique_bilag = [b for b in bilag if not (id(b) in seen or seen.add(id(b)))]
    if unique_bilag:
        out.append("## Bilag\n")
        for b in unique_bilag:
            out.append(f"- {mdtext.link(b.display, href(here, b.path))}" + (" (lukket)" if b.closed else ""))
        out.append("")
    return "\n".join(out)


def render_item(archive: Archive, ai: ArchiveItem) -> str:
    here = ai.path
    am = ai.meeting
    kom = archive.kommuner[am.kommune]
    it = ai.item
    heading = item_heading(ai)
    anchors: set[str] = set()
    out = [front_matter(f"{heading} – {am.committee.name}, {meeting_when(am, weekday=False)}",
                       facts=page_facts("punkt", kom, [am], _outcomes(ai))),
           f"# {mdtext.heading_text(heading)}\n"]
    out.append(crumbs(here, [("Forside", ""), (kom.name, kom.path), (am.committee.name, am.committee.path),
                             (meeting_when(am, weekday=False), am.path), (ai.label, None)]))
    facts = [f"- **Møde:** {mdtext.link(meeting_title(am), href(here, am.path))}"]
    if ai.case is not None:
        note = " (fællesnummer for faste punkter)" if ai.case.catch_all else ""
        facts.append(f"- **Journalnummer:** {mdtext.link(ai.case.case_number, href(here, ai.case.path))}{note}")
    out.append("\n".join(facts) + "\n")

    tl = timeline_view.item_data(archive, ai)
    if it.closed:
        out.append("!!! lukket \"Lukket punkt\"\n")
        out.append(mdtext.indent("Punktet er behandlet for lukkede døre. Kun titlen offentliggøres.") + "\n")
        out.append(timeline_view.item_section(tl, anchors))
    else:
        d = it.decision
        if d is not None and (d.text or "").strip():
            out.append("!!! beslutning \"Beslutning\"\n")
            body = []
            b = badges(d.outcomes)
            if b:
                body.append(b + "\n")
            body.append(mdtext.render_text(d.text))
            other_body = d.body if d.body and _fold(d.body) != _fold(am.committee.name) else None
            other_date = format_date(d.date, with_weekday=False) if d.date and d.date != am.date else None
            who = ", ".join(x for x in (other_body, other_date) if x)
            if who:
                body.append(f"\n*{esc(who)}*")
            out.append(mdtext.indent("\n".join(body)) + "\n")
        out.append(timeline_view.item_section(tl, anchors))
        spans_by_section: dict[int, list[tuple[int, int, str]]] = defaultdict(list)
        for s in ai.spans:
            spans_by_section[s.section].append((s.start, s.end, href(here, s.target.path)))
        bilag_done = False
        for si, sec in enumerate(it.sections):
            if sec.kind == "beslutning" and d is not None and (sec.text or "").strip() == (d.text or "").strip():
                continue  # shown above
            if sec.kind == "bilag":
                if ai.bilag and not bilag_done:
                    out.append(_bilag_list(ai, here, anchors))
                    bilag_done = True
                continue
            text = mdtext.render_text(sec.text, spans_by_section.get(si, ()))
            if not text and not sec.heading:
                continue
            anchor = unique(slugify_heading(sec.heading or "afsnit"), anchors)
            out.append(f"## {mdtext.heading_text(sec.heading or 'Afsnit')} {{ #{anchor} }}\n")
            out.append((text or "*(tomt afsnit)*") + "\n")
        if ai.bilag and not bilag_done:
            out.append(_bilag_list(ai, here, anchors))
    refs = [rr for rr in ai.references if rr.target is not None]
    missing = [rr for rr in ai.references if rr.target is None and rr.origin == "reference"]
    if refs or missing:
        out.append(f"## Henvisninger {{ #{unique('henvisninger', anchors)} }}\n")
        for rr in refs:
            t = rr.target
            out.append(f"- {esc(rr.text)} → {mdtext.link(item_heading(t), href(here, t.path))}"
                       f" ({esc(t.meeting.committee.name)}, {esc(meeting_when(t.meeting, weekday=False))})")
        for rr in missing:
            out.append(f"- Ikke i arkivet: {esc(rr.text)}")
        out.append("")
    back = sorted({id(rr.source): rr.source for rr in ai.referenced_by}.values(),
                  key=lambda x: (x.meeting.sort_key, x.position))
    if back:
        out.append(f"## Nævnt i andre punkter {{ #{unique('naevnt-i', anchors)} }}\n")
        for src in back:
            out.append(f"- {mdtext.link(item_heading(src), href(here, src.path))}"
                       f" ({esc(src.meeting.committee.name)}, {esc(meeting_when(src.meeting, weekday=False))})")
        out.append("")
    case = ai.case
    if case is not None:
        others = [x for x in case.items if x is not ai]
        if case.catch_all:
            out.append(f"## Samme journalnummer {{ #{unique('samme-sag', anchors)} }}\n")
            out.append(f"Journalnummeret er et fællesnummer for faste punkter og samler derfor punkter om "
                       f"forskellige emner: {mdtext.link('se alle', href(here, case.path))}.\n")
        elif others:
            out.append(f"## Samme sag {{ #{unique('samme-sag', anchors)} }}\n")
            for x in others:
                out.append(f"- {esc(meeting_when(x.meeting, weekday=False))}, {esc(x.meeting.committee.name)}: "
                           f"{mdtext.link(item_heading(x), href(here, x.path))}")
            out.append("")
    nav = []
    if ai.previous is not None:
        nav.append("← Forrige: " + mdtext.link(item_heading(ai.previous), href(here, ai.previous.path)))
    if ai.next is not None:
        nav.append("Næste: " + mdtext.link(item_heading(ai.next), href(here, ai.next.path)) + " →")
    if nav:
        out.append("---\n")
        out.append("  \n".join(nav) + "\n{ .ra-prevnext }\n")
    return timeline_view.with_data("\n".join(out), timelines=[tl] if tl else None)


def _bilag_list(ai: ArchiveItem, here: str, anchors: set[str]) -> str:
    anchor = unique("bilag", anchors)
    lines = [f"## Bilag {{ #{anchor} }}\n"]
    for b in ai.bilag:
        lines.append(f"- {mdtext.link(b.display, href(here, b.path))}" + (" (lukket)" if b.closed else ""))
    return "\n".join(lines) + "\n"


def render_case_list(archive: Archive, kom: Kommune) -> str:
    here = f"{kom.path}sager/"
    out = [front_matter(f"Sager – {kom.name}"), "# Sager\n"]
    out.append(crumbs(here, [("Forside", ""), (kom.name, kom.path), ("Sager", None)]))
    out.append(f"Alle journalnumre i {esc(kom.name)}s referater. Et journalnummer samler punkter "
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
            out = [front_matter(f"Sager: {label} – {kom.name}"), f"# {mdtext.heading_text(label)}\n"]
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


def render_case(archive: Archive, case: Case) -> str:
    here = case.path
    kom = archive.kommuner[case.kommune]
    title = f"Fællesnummer {case.case_number}" if case.catch_all else f"Sag {case.case_number}"
    decided = [ai for ai in case.items if _outcomes(ai)]
    facts = page_facts("sag", kom, [ai.meeting for ai in case.items], _outcomes(decided[-1]) if decided else ())
    # A sag with one punkt repeats that punkt (title, decision, journalnummer): no facts, so Pagefind
    # leaves it out (README "Search"); the punkt is found and links here.
    extra = {"facts": facts} if len(case.items) > 1 else {}
    out = [front_matter(f"{title} – {kom.name}", **extra), f"# {mdtext.heading_text(title)}\n"]
    out.append(crumbs(here, [("Forside", ""), (kom.name, kom.path), ("Sager", f"{kom.path}sager/"),
                             (case.case_number, None)]))
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
    tl = timeline_view.case_data(archive, case)
    out.append(timeline_view.start_marker("sag") + "\n")
    if tl:
        out.append(esc(tl["status"]) + "\n")
    for ai in case.items:
        am = ai.meeting
        out.append(f"- **{esc(meeting_when(am, weekday=False))}**, {esc(am.committee.name)}: "
                   f"{mdtext.link(item_heading(ai), href(here, ai.path))}  \n  {decision_line(ai)}")
    out.append("")
    out.append(timeline_view.end_marker("sag") + "\n")
    return timeline_view.with_data("\n".join(out), timelines=[tl] if tl else None)


def render_bilag(archive: Archive, b: Bilag, sizes: dict[str, int], texts: dict[str, PdfInfo] | None = None) -> str:
    here = b.path
    am = b.meeting
    kom = archive.kommuner[am.kommune]
    # Closed bilag stay out of every search index (Material: search.exclude; Pagefind: overrides/main.html).
    extra = {"search": {"exclude": True}} if b.closed else {}
    # Pagefind indexes only pages with facts. An open bilag with no text of its own (no file, or none read
    # from it) would only repeat its title, which its punkt shows too: no facts (README "Search").
    info = (texts or {}).get(b.download) if b.download and not b.closed else None
    if b.closed or (info is not None and not info.error and info.text.strip()):
        extra["facts"] = page_facts("bilag", kom, [am])
    out = [front_matter(f"{b.display} – {meeting_title(am)}", **extra),
           f"# {mdtext.heading_text(b.display)}\n"]
    out.append(crumbs(here, [("Forside", ""), (kom.name, kom.path), (am.committee.name, am.committee.path),
                             (meeting_when(am, weekday=False), am.path), (b.label or "Bilag", None)]))
    facts = []
    if b.label:
        facts.append(f"- **Betegnelse:** {esc(b.label)}")
    if b.title:
        facts.append(f"- **Titel:** {esc(b.title)}")
    facts.append(f"- **Status:** {'lukket' if b.closed else 'åbent'}")
    facts.append("- **Hører til:** " + "; ".join(mdtext.link(item_heading(ai), href(here, ai.path)) for ai in b.items))
    facts.append(f"- **Møde:** {mdtext.link(meeting_title(am), href(here, am.path))}")
    pdf = (texts or {}).get(b.download) if b.download and not b.closed else None
    if b.download and not b.closed and sizes.get(b.download) is not None:
        facts.append(f"- **Størrelse:** {human_size(sizes[b.download])}")
    if pdf is not None and pdf.pages is not None:
        facts.append(f"- **Sider:** {pdf.pages}")
    out.append("\n".join(facts) + "\n")
    if b.closed:
        out.append("!!! lukket \"Bilaget er lukket\"\n")
        out.append(mdtext.indent(
            "Bilaget er lukket og offentliggøres ikke, typisk fordi det indeholder personoplysninger "
            "eller andre fortrolige oplysninger. Kun betegnelse og titel fremgår af referatet.") + "\n")
    elif b.download:
        size = human_size(sizes.get(b.download))
        pages_text = page_count_text(pdf.pages) if pdf is not None else ""
        out.append(mdtext.link(f"Hent bilaget ({file_kind(b.download)}{', ' + size if size else ''}"
                               f"{', ' + pages_text if pages_text else ''})",
                               href(here, b.download)) + "\n{ .md-button }\n")
        if pdf is not None:
            out.append("## Bilagets tekst\n")
            if pdf.error:
                out.append("!!! note \"Teksten kunne ikke læses\"\n")
                out.append(mdtext.indent("Teksten kunne ikke læses ud af PDF-filen (filen kan være beskadiget "
                                         "eller krypteret). Hent filen for at se bilaget.") + "\n")
            elif pdf.text.strip():
                out.append("*Teksten er læst automatisk ud af PDF-filen; opsætning og tabeller kan afvige "
                           "fra originalen.*\n")
                out.append(text_markdown(pdf.text) + "\n")
            else:
                out.append("PDF-filen indeholder ingen tekst, der kan læses (den kan være scannet).\n")
    else:
        out.append("Filen til bilaget ligger ikke i arkivet; kun betegnelse og titel fremgår af referatet.\n")
    if b.mentions:
        out.append("## Nævnt i teksten\n")
        for mt in b.mentions:
            sec = mt.item.item.sections[mt.section]
            text = sec.text or ""
            a, z = max(0, mt.start - 90), min(len(text), mt.end + 90)
            snippet = ("…" if a > 0 else "") + text[a:z] + ("…" if z < len(text) else "")
            out.append(f"- {mdtext.link(f'{item_heading(mt.item)} › {sec.heading}', href(here, mt.item.path))}:  \n"
                       f"  {mdtext.escape_inline(' '.join(snippet.split()), line_start=False)}")
        out.append("")
    return "\n".join(out)


# --------------------------------------------------------------------------------------------
# data/archive.json

def url_of(path: str) -> str:
    return path


def render_json(archive: Archive) -> str:
    meetings = []
    for am in archive.meetings:
        m = am.meeting
        meetings.append({
            "url": url_of(am.path),
            "kommune": am.kommune,
            "committee": None if am.committee.unknown else am.committee.name,
            "committee_url": url_of(am.committee.path),
            "term": am.term,
            "date": am.date.isoformat() if am.date else None,
            "start_time": m.start_time,
            "location": m.location,
            "source_url": mdtext.safe_href(m.source_url) and m.source_url,
            "download": am.download,
            "items": [
                {
                    "url": url_of(ai.path),
                    "number": ai.item.number,
                    "title": ai.item.title,
                    "case_number": ai.case.case_number if ai.case else None,
                    "case_url": url_of(ai.case.path) if ai.case else None,
                    "decision": (ai.item.decision.text if ai.item.decision and not ai.item.closed else None),
                    "outcomes": list(ai.item.decision.outcomes) if ai.item.decision and not ai.item.closed else [],
                    "closed": ai.item.closed,
                    "attachments": [
                        {"label": b.label, "title": b.title, "closed": b.closed, "url": url_of(b.path),
                         "download": b.download}
                        for b in ai.bilag
                    ],
                    "references": [
                        {"text": rr.text, "url": url_of(rr.target.path) if rr.target else None}
                        for rr in ai.references
                    ],
                }
                for ai in am.items
            ],
        })
    cases = [
        {
            "kommune": c.kommune,
            "case_number": c.case_number,
            "url": url_of(c.path),
            "catch_all": c.catch_all,
            "items": [url_of(ai.path) for ai in c.items],
        }
        for c in sorted(archive.cases.values(), key=lambda c: (c.kommune, c.case_number))
    ]
    data = {
        "kommuner": [{"slug": k.slug, "name": k.name, "url": url_of(k.path)} for k in archive.kommuner.values()],
        "committees": [
            {"kommune": c.kommune, "name": c.name, "url": url_of(c.path), "terms": c.terms,
             "abbreviation": c.abbreviation or None}
            for c in sorted(archive.committees.values(), key=lambda c: (c.kommune, c.slug))
        ],
        "meetings": meetings,
        "cases": cases,
    }
    from .opendata import extend_archive_json  # OParl-named fields; data/archive.schema.json

    data = extend_archive_json(archive, data)
    return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=False) + "\n"


def nav(archive: Archive) -> list:
    """The MkDocs ``nav``: home, then each kommune with its committees (titles HTML-escaped,
    since themes print nav titles as they are)."""
    out: list = [{"Forside": "index.md"}]
    for kom in archive.kommuner.values():
        children: list = [page_file(kom.path)]
        for c in kom.committees:
            children.append({title_text(c.name): page_file(c.path)})
        out.append({title_text(kom.name): children})
    return out
