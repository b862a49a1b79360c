"""Archive → every page of the site: ``render_pages(archive) -> {relative path: text}``.

One module per page kind renders its pages: :mod:`.home`, :mod:`.kommune`, :mod:`.udvalg`,
:mod:`.moede`, :mod:`.punkt`, :mod:`.sag`, :mod:`.bilag`, :mod:`.partier`; ``data/archive.json`` comes from
:mod:`.opendata`. Also here: the files copied into the site (:func:`site_files`) and the MkDocs
nav (:func:`nav`).

No referat text is parsed here: section text goes through :mod:`.mdtext` with the link spans
link.py found, every other string from a referat through ``mdtext.escape_inline`` (or
``heading_text``/``link``). Page titles go into front matter HTML-escaped, because themes print
``page.title`` without escaping.

Output is deterministic: everything is sorted, nothing depends on the clock.
"""
from __future__ import annotations

from collections.abc import Iterable

from ..archive.link import Archive, ArchiveItem, ArchiveMeeting, Case
from ..readers.bilag_text import PdfInfo
from .bilag import render_bilag
from .frontmatter import title_text
from .home import render_home
from .kommune import render_kommune, render_kommune_years
from .moede import render_meeting
from .opendata import render_json
from .partier import render_party_pages
from .punkt import render_item
from .sag import render_case, render_case_list, render_case_list_pages
from .udvalg import render_committee, render_outcome_pages
from .urls import DATA_JSON, page_file


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
        pages.update(render_party_pages(archive, kom))
    for c in archive.committees.values():
        pages[page_file(c.path)] = render_committee(archive, c)
        pages.update(render_outcome_pages(archive, c))
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
        if b.has_page and (only_meetings is None or id(b.meeting) in only_meetings):
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
