"""Meetings → :class:`Archive`: committees, terms, cases, attachments (bilag), resolved references.

Everything here is pure data work: no files are read (the caller passes committee renames,
kommune names and the attachment files it found) and nothing is rendered. Every page's place is
decided here (``path``: the folder of its ``index.md`` under the docs dir, e.g.
``frederiksberg/arbejdsmarkeds-og-uddannelsesudvalget/2020-03-02/punkt-23/``), so that the
renderer, the data export and later features (timeline, search) agree on URLs.

Lookups are dictionaries, built once: references resolve through
``Archive.by_body_date_number[(kommune, committee_key, date, number)]`` and
``Archive.by_date_number[(kommune, date, number)]``.
"""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date as Date
from datetime import datetime
from pathlib import PurePath
from typing import Iterable

from ..dates import normalize_term, term_for_date
from ..model import AgendaItem, Attachment, Meeting, ParseWarning, Reference
from ..slugs import slugify, unique

# Terms (valgperioder) live in dates.py, shared with the parser.

# --------------------------------------------------------------------------------------------
# Names

KNOWN_KOMMUNER = {
    "koebenhavn": "København",
    "taarnby": "Tårnby",
    "frederiksberg": "Frederiksberg",
    "aarhus": "Aarhus",
}

UNKNOWN_COMMITTEE_SLUG = "ukendt-udvalg"
UNKNOWN_COMMITTEE_NAME = "Ukendt udvalg"
# Path segments the site uses itself under a kommune; a committee never gets one of these.
RESERVED_SEGMENTS = {"sager", "bilag", "data", "assets", "search", "templates", "index", "moeder", "partier"}
# Top-level names the site uses itself (its own pages and folders: open data, the theme's assets,
# Material's search index, the Pagefind bundles and search page, MkDocs' 404 page and sitemap, the
# feed). A kommune folder named like one would overwrite them or be overwritten, so its slug gets
# KOMMUNE_SUFFIX ("pagefind" → "pagefind-kommune"); the build reports it. tests/archive/test_link.py
# checks this list against the names search/ and site/ use.
RESERVED_TOP_LEVEL = {"assets", "data", "search", "soeg", "pagefind", "pagefind-delta", "404", "sitemap",
                      "feed", "index", "javascripts", "stylesheets", "overrides", "templates"}
KOMMUNE_SUFFIX = "-kommune"

# Body abbreviations that are not the committee's initials.
BODY_ALIASES = {
    "mag": ("magistraten",),
    "øu": ("økonomiudvalget",),
    "oeu": ("økonomiudvalget",),
    "kb": ("kommunalbestyrelsen", "byrådet", "borgerrepræsentationen", "byraadet"),
    "br": ("borgerrepræsentationen", "byrådet"),
    "bi": ("borgerrepræsentationen",),
}
# Words that do not contribute to a committee's initials.
_SMALL_WORDS = {"og", "for", "i", "af", "med", "til", "&", "samt"}
# Generic words meaning "this committee" rather than naming one.
_GENERIC_BODIES = {"udvalget", "udvalg", "udvalgets", "udvalgsmøde", "mødet"}

_TERM_SUFFIX = re.compile(r"[\s_,(-]*\(?(?:19|20)\d\d\s*[-–/]\s*(?:\d{4}|\d{2})\)?\s*$")


def clean_committee_name(name: str | None) -> str | None:
    """Whitespace folded, a trailing term ("_2018-21", " 2018-2021") removed."""
    if not name:
        return None
    s = " ".join(name.replace("_", " ").split())
    s = _TERM_SUFFIX.sub("", s).strip(" ,-")
    return s or None


def committee_abbreviation(name: str) -> str:
    """Initials the way referater abbreviate committees: "Arbejdsmarkeds- og Uddannelsesudvalget"
    → "AUU", "Børne- og Ungeudvalget" → "BUU", "Økonomiudvalget" → "ØU"."""
    letters = []
    for word in re.split(r"[\s\-–,/]+", name):
        if not word or word.lower() in _SMALL_WORDS:
            continue
        letters.append(word[0].upper())
        lw = word.lower()
        if lw.endswith(("udvalget", "udvalg")) and lw not in ("udvalget", "udvalg"):
            letters.append("U")
    return "".join(letters)


def _fold(s: str) -> str:
    return " ".join(s.casefold().split())


# --------------------------------------------------------------------------------------------
# Catch-all case numbers

STANDING_TITLE_RE = re.compile(
    r"^(godkendelse af (dagsorden|dagsordenen)|dagsorden(en)?|meddelelser|meddelelse|"
    r"orientering(er)? fra (formanden|forvaltningen|direktøren|borgmesteren)|"
    r"eventuelt|evt|underskriftsark|underskrifter|gensidig orientering)\b",
    re.IGNORECASE,
)


def is_standing_title(title: str | None) -> bool:
    return bool(title and STANDING_TITLE_RE.match(title.strip(" .:-")))


# --------------------------------------------------------------------------------------------
# Bilag labels and mentions

_LABEL_RE = re.compile(r"^\s*bilag\s+(?P<key>[0-9]+(?:\.[0-9]+)*[A-Za-z]?[0-9]*|[A-Za-z](?:[0-9]+)?)\b", re.IGNORECASE)
# "bilag 1", "bilag 2.8A", "(bilag A)"; letters-only keys must be capital ("bilag A", not "bilag i").
MENTION_RE = re.compile(r"\b[Bb][Ii][Ll][Aa][Gg]\s+(?P<key>[0-9]+(?:\.[0-9]+)*[A-Za-z]?[0-9]*\b|[A-Z]\b)")
# A mention right after another meeting's item ("… pkt. 65, bilag 3") is that item's bilag.
_FOREIGN_BEFORE = re.compile(r"pkt\.?\s*\d+\s*[,.]?\s*$", re.IGNORECASE)


def label_key(label: str | None) -> str | None:
    """"Bilag 2.08A" and "bilag 2.8a" → "2.8a"; None when the label has no number/letter."""
    if not label:
        return None
    m = _LABEL_RE.match(label)
    if not m:
        return None
    return _norm_key(m.group("key"))


def _norm_key(key: str) -> str:
    parts = re.split(r"(\d+)", key.lower())
    return "".join(str(int(p)) if p.isdigit() else p for p in parts)


# --------------------------------------------------------------------------------------------
# The archive

@dataclass(eq=False)
class Rename:
    kommune: str
    from_name: str
    from_term: str | None
    to_name: str
    to_term: str | None
    line: int = 0  # in content/udvalg.yml, for messages


@dataclass(eq=False)
class Kommune:
    slug: str
    name: str
    path: str  # "frederiksberg/"
    committees: list[Committee] = field(default_factory=list)  # sorted by name
    meetings: list[ArchiveMeeting] = field(default_factory=list)  # newest first
    cases: list[Case] = field(default_factory=list)  # sorted by case number


@dataclass(eq=False)
class Committee:
    kommune: str
    name: str
    slug: str
    path: str  # "frederiksberg/arbejdsmarkeds-og-uddannelsesudvalget/"
    abbreviation: str
    terms: list[str] = field(default_factory=list)  # sorted
    meetings: list[ArchiveMeeting] = field(default_factory=list)  # newest first
    renamed_from: list[tuple[Rename, Committee | None]] = field(default_factory=list)
    renamed_to: list[tuple[Rename, Committee | None]] = field(default_factory=list)
    unknown: bool = False  # the "ukendt-udvalg" bucket

    @property
    def key(self) -> tuple[str, str]:
        return (self.kommune, self.slug)


@dataclass(eq=False)
class ArchiveMeeting:
    meeting: Meeting
    kommune: str
    committee: Committee
    term: str | None  # as written, else derived from the date
    term_derived: bool
    slug: str  # "2020-03-02" (or "2020-03-02-2", "uden-dato-<file>")
    path: str
    items: list[ArchiveItem] = field(default_factory=list)
    source_rel: str | None = None  # the referat file relative to the content folder
    download: str | None = None  # the copy of the referat in the site, relative to docs dir

    @property
    def date(self) -> Date | None:
        return self.meeting.date

    @property
    def is_agenda(self) -> bool:
        """A dagsorden: published before the meeting, without decisions; the referat replaces it."""
        return self.meeting.kind == "dagsorden"

    @property
    def sort_key(self) -> tuple:
        d = self.meeting.date
        return (d or Date.min, self.meeting.start_time or "", self.kommune, self.committee.slug, self.slug)


@dataclass(eq=False)
class Span:
    """Text in one section of an item that links to another page."""

    section: int  # index into item.sections
    start: int
    end: int
    target: ArchiveItem | Bilag


@dataclass(eq=False)
class ResolvedReference:
    """A reference of ``source`` (from the parser's references or history) and what it points at."""

    source: ArchiveItem
    text: str
    body: str | None
    date: Date | None
    item_number: int | None
    origin: str  # "reference" | "history"
    target: ArchiveItem | None = None


@dataclass(eq=False)
class ArchiveItem:
    item: AgendaItem
    meeting: ArchiveMeeting
    position: int  # 1-based place on the agenda
    slug: str  # "punkt-23", unnumbered: "punkt-uden-nummer-3"
    path: str
    case: Case | None = None
    bilag: list[Bilag] = field(default_factory=list)  # in the order of item.attachments
    references: list[ResolvedReference] = field(default_factory=list)
    spans: list[Span] = field(default_factory=list)  # sorted by (section, start)
    referenced_by: list[ResolvedReference] = field(default_factory=list)

    @property
    def number(self) -> int | None:
        return self.item.number

    @property
    def title(self) -> str:
        if self.item.title:
            return self.item.title
        return "Punkt uden titel"

    @property
    def label(self) -> str:
        """"Punkt 23" or "Punkt (3. på dagsordenen)"."""
        if self.item.number is not None:
            return f"Punkt {self.item.number}"
        return f"Punkt uden nummer ({self.position}. på dagsordenen)"

    @property
    def previous(self) -> ArchiveItem | None:
        i = self.position - 1
        return self.meeting.items[i - 1] if i > 0 else None

    @property
    def next(self) -> ArchiveItem | None:
        i = self.position - 1
        return self.meeting.items[i + 1] if i + 1 < len(self.meeting.items) else None


@dataclass(eq=False)
class Case:
    kommune: str
    case_number: str
    slug: str
    path: str  # "frederiksberg/sager/00-01-00-p05-2-20/"
    items: list[ArchiveItem] = field(default_factory=list)  # oldest first
    catch_all: bool = False
    catch_all_reason: str | None = None

    @property
    def titles(self) -> list[str]:
        seen: dict[str, None] = {}
        for it in self.items:
            seen.setdefault(it.title, None)
        return list(seen)


@dataclass(eq=False)
class Mention:
    item: ArchiveItem
    section: int
    start: int
    end: int


@dataclass(eq=False)
class Bilag:
    meeting: ArchiveMeeting
    label: str | None
    title: str
    closed: bool
    slug: str
    # "<meeting>/bilag/<slug>/": the bilag's own page. A bilag with nothing to read or download (no
    # file: open without one, or closed) gets no page; its path is then its entry in the bilag list
    # of its (first) punkt's page, "<punkt>/#<anchor>", so every link to it lands there (README "Search").
    path: str
    items: list[ArchiveItem] = field(default_factory=list)
    attachments: list[Attachment] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    # The attachment's file beside the referat (content-relative) and its copy in the site.
    # Both stay None for a closed attachment, whatever lies in the content folder.
    file_rel: str | None = None
    download: str | None = None

    @property
    def key(self) -> str | None:
        return label_key(self.label)

    @property
    def source_url(self) -> str | None:
        """Where the kommune's publishing system serves the file (a saved web page's link, First
        Agenda's address), when the referat names it and the bilag is open."""
        if self.closed:
            return None
        return next((a.url for a in self.attachments if a.url), None)

    @property
    def has_page(self) -> bool:
        """A page of its own only with a file to download (its text, when read, is on that page)."""
        return self.download is not None

    @property
    def anchor(self) -> str:
        """The id of its entry in a punkt page's bilag list."""
        return self.slug if self.slug.startswith("bilag-") else f"bilag-{self.slug}"

    @property
    def display(self) -> str:
        if self.label and self.title:
            return f"{self.label} – {self.title}"
        return self.label or self.title or "Bilag"


@dataclass
class Archive:
    kommuner: dict[str, Kommune]
    committees: dict[tuple[str, str], Committee]  # (kommune, slug)
    meetings: list[ArchiveMeeting]  # oldest first
    items: list[ArchiveItem]  # in meeting order
    cases: dict[tuple[str, str], Case]  # (kommune, case number as written)
    bilag: list[Bilag]
    references: list[ResolvedReference]
    renames: list[Rename]
    by_body_date_number: dict[tuple[str, str, Date, int], list[ArchiveItem]]
    by_date_number: dict[tuple[str, Date, int], list[ArchiveItem]]
    problems: list[ParseWarning] = field(default_factory=list)  # for the build report, each naming its file

    def committee_for(self, kommune: str, name: str | None) -> Committee | None:
        return self.committees.get((kommune, committee_slug(name)))

    def item_at(self, kommune: str, committee: Committee | None, d: Date, number: int) -> ArchiveItem | None:
        if committee is None:
            hits = self.by_date_number.get((kommune, d, number), [])
        else:
            hits = self.by_body_date_number.get((kommune, committee.slug, d, number), [])
        return hits[0] if hits else None

    def lineage(self, committee: Committee) -> list[Committee]:
        """The committee and everything it was renamed from or to, transitively."""
        seen: dict[int, Committee] = {id(committee): committee}
        todo = [committee]
        while todo:
            c = todo.pop()
            for _, other in c.renamed_from + c.renamed_to:
                if other is not None and id(other) not in seen:
                    seen[id(other)] = other
                    todo.append(other)
        return sorted(seen.values(), key=lambda c: c.slug)


def committee_slug(name: str | None) -> str:
    clean = clean_committee_name(name)
    if not clean:
        return UNKNOWN_COMMITTEE_SLUG
    s = slugify(clean, max_length=80)
    if s in RESERVED_SEGMENTS or s == UNKNOWN_COMMITTEE_SLUG:
        s += "-udvalg"
    return s


def kommune_slug(folder: str | None) -> str:
    """The slug of a kommune folder: its name as a slug, never one of the site's own top-level names."""
    s = slugify(folder or "", fallback="ukendt-kommune")
    if s in RESERVED_TOP_LEVEL:
        s += KOMMUNE_SUFFIX
    return s


def kommune_display_name(slug: str, names: dict[str, str] | None = None) -> str:
    if names and names.get(slug):
        return names[slug]
    if slug in KNOWN_KOMMUNER:
        return KNOWN_KOMMUNER[slug]
    return slug.replace("-", " ").title()


# --------------------------------------------------------------------------------------------
# Building

def parse_renames(data: object) -> list[Rename]:
    """``content/udvalg.yml`` loaded as YAML → renames (malformed entries are skipped)."""
    out = []
    entries = data.get("renames") if isinstance(data, dict) else None
    for e in entries or []:
        if not isinstance(e, dict) or not e.get("from") or not e.get("to"):
            continue
        kommune = kommune_slug(str(e.get("kommune") or "")) if e.get("kommune") else ""
        frm, to = str(e["from"]), str(e["to"])
        out.append(Rename(kommune, clean_committee_name(frm) or frm, normalize_term(frm),
                          clean_committee_name(to) or to, normalize_term(to)))
    return out


def build_archive(
    meetings: Iterable[Meeting],
    *,
    renames: Iterable[Rename] = (),
    kommune_names: dict[str, str] | None = None,
    attachment_files: dict[str, list[str]] | None = None,
) -> Archive:
    """Link parsed meetings into an :class:`Archive`.

    ``meetings``: each with ``municipality`` set (the content folder name) and ``source_path``
    relative to the content folder (used for stable ordering, downloads and attachments).
    ``attachment_files``: content-relative referat path → content-relative paths of the files in
    its ``<stem>.bilag/`` folder.
    """
    meetings = list(meetings)
    renames = list(renames)
    attachment_files = attachment_files or {}
    problems: list[ParseWarning] = []
    meetings = _without_replaced_agendas(meetings, problems)
    for m in meetings:
        if isinstance(m.date, datetime):  # a date with a time (from metadata of other callers) is its day
            m.date = m.date.date()

    # Kommuner
    kommuner: dict[str, Kommune] = {}
    for m in meetings:
        k = kommune_slug(m.municipality)
        if k not in kommuner:
            kommuner[k] = Kommune(k, kommune_display_name(k, kommune_names), f"{k}/")

    # Committees: one per (kommune, cleaned name); the most used spelling is shown.
    spellings: dict[tuple[str, str], dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for m in meetings:
        k = kommune_slug(m.municipality)
        name = clean_committee_name(m.committee)
        spellings[(k, committee_slug(name))][name or UNKNOWN_COMMITTEE_NAME] += 1
    committees: dict[tuple[str, str], Committee] = {}
    for (k, slug), counts in sorted(spellings.items()):
        name = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[0][0]
        unknown = slug == UNKNOWN_COMMITTEE_SLUG
        committees[(k, slug)] = Committee(
            k, name, slug, f"{k}/{slug}/", "" if unknown else committee_abbreviation(name), unknown=unknown
        )

    # Meetings, sorted oldest first with a stable tie-break on the source path.
    def msort(m: Meeting) -> tuple:
        return (m.date or Date.max, m.start_time or "", m.source_path or "", m.committee or "")

    archive_meetings: list[ArchiveMeeting] = []
    taken_paths: dict[str, set[str]] = defaultdict(set)
    for m in sorted(meetings, key=msort):
        k = kommune_slug(m.municipality)
        c = committees[(k, committee_slug(m.committee))]
        term = normalize_term(m.term)
        derived = False
        if term is None and m.date is not None:
            term, derived = term_for_date(m.date), True
        if m.date:
            base = m.date.isoformat()
        else:
            stem = PurePath(m.source_path).stem if m.source_path else "referat"
            base = "uden-dato-" + slugify(stem, max_length=60)
        slug = unique(base, taken_paths[c.path])
        am = ArchiveMeeting(m, k, c, term, derived, slug, f"{c.path}{slug}/", source_rel=m.source_path)
        if m.source_path:
            p = PurePath(m.source_path)
            am.download = am.path + safe_file_name("referat-" + slugify(p.stem, max_length=60), p.suffix)
        archive_meetings.append(am)
        c.meetings.append(am)
        if term and term not in c.terms:
            c.terms.append(term)
        kommuner[k].meetings.append(am)

    for c in committees.values():
        c.terms.sort()
        c.meetings.sort(key=lambda am: am.sort_key, reverse=True)
    for kom in kommuner.values():
        kom.meetings.sort(key=lambda am: am.sort_key, reverse=True)
        kom.committees = sorted((c for c in committees.values() if c.kommune == kom.slug),
                                key=lambda c: (c.unknown, _fold(c.name)))

    # Renames link committees across terms. A side the archive has no udvalg for is shown as text
    # (the archive may hold only one of the terms), with a warning at the rename's line in case it
    # is a typo; a rename neither side of which is in the archive is not used (a warning too: the
    # archive may hold neither term yet).
    for r in renames:
        src = committees.get((r.kommune, committee_slug(r.from_name)))
        dst = committees.get((r.kommune, committee_slug(r.to_name)))
        where = f"kommunen {r.kommune}" if r.kommune in kommuner else f"kommunen »{r.kommune}«, som arkivet ikke har"
        if src is None and dst is None:
            problems.append(ParseWarning(r.line or 1, f"omdøbningen bruges ikke: hverken from »{r.from_name}« eller to "
                                                      f"»{r.to_name}« passer til et udvalg i {where}",
                                         path="udvalg.yml"))
            continue
        for key, name, c in (("from", r.from_name, src), ("to", r.to_name, dst)):
            if c is None:
                problems.append(ParseWarning(r.line or 1, f"{key} »{name}« passer ikke til noget udvalg i {where}; "
                                                          "vises som tekst uden link (stavefejl?)", path="udvalg.yml"))
        if src is not None:
            src.renamed_to.append((r, dst))
        if dst is not None:
            dst.renamed_from.append((r, src))

    # Items
    items: list[ArchiveItem] = []
    by_body: dict[tuple[str, str, Date, int], list[ArchiveItem]] = defaultdict(list)
    by_date: dict[tuple[str, Date, int], list[ArchiveItem]] = defaultdict(list)
    for am in archive_meetings:
        taken: set[str] = set()
        for pos, it in enumerate(am.meeting.items, start=1):
            base = f"punkt-{it.number}" if it.number is not None else f"punkt-uden-nummer-{pos}"
            slug = unique(base, taken)
            ai = ArchiveItem(it, am, pos, slug, f"{am.path}{slug}/")
            am.items.append(ai)
            items.append(ai)
            if am.date and it.number is not None:
                by_body[(am.kommune, am.committee.slug, am.date, it.number)].append(ai)
                by_date[(am.kommune, am.date, it.number)].append(ai)

    cases = _build_cases(items, kommuner)
    bilag = _build_bilag(archive_meetings, attachment_files, problems)
    archive = Archive(
        kommuner=dict(sorted(kommuner.items())),
        committees=committees,
        meetings=archive_meetings,
        items=items,
        cases=cases,
        bilag=bilag,
        references=[],
        renames=renames,
        by_body_date_number=dict(by_body),
        by_date_number=dict(by_date),
        problems=problems,
    )
    _resolve_references(archive)
    for ai in items:
        ai.spans.sort(key=lambda s: (s.section, s.start))
    return archive


# Files are published by an allow-list: only kinds a browser downloads or shows without running
# anything in the site's origin (documents, images that cannot script, plain text, sound, video).
PUBLISH_AS_IS = {
    ".pdf", ".txt", ".csv", ".rtf",
    ".doc", ".docx", ".xls", ".xlsx", ".ppt", ".pptx", ".odt", ".ods", ".odp", ".odg",
    ".png", ".jpg", ".jpeg", ".gif", ".webp", ".bmp", ".tif", ".tiff",
    ".mp3", ".m4a", ".wav", ".mp4", ".m4v",
    ".zip",
}
# Text formats a browser would render or run (pages, markup, scripts, data): published with ".txt"
# added, so they are shown as plain text.
SHOW_AS_TEXT = {".md", ".markdown", ".text", ".html", ".htm", ".xhtml", ".xht", ".xml", ".svg", ".json", ".yml",
                ".yaml", ".js", ".mjs", ".css", ".ics", ".eml"}
# Everything else (".svgz", ".xsl", ".mht", ".hta", ".exe", unknown kinds) is published as a zip
# archive holding the file under its own name: a download, never opened by the browser
# (build.outputs.zip_file writes it).
WRAP_SUFFIX = ".zip"


def _without_replaced_agendas(meetings: list[Meeting], problems: list[ParseWarning]) -> list[Meeting]:
    """A dagsorden gives way to the referat of the same body and date: one meeting page, no duplicate."""
    def key(m: Meeting) -> tuple:
        return (kommune_slug(m.municipality), committee_slug(m.committee), m.date)

    held = {key(m) for m in meetings if m.kind != "dagsorden" and m.date is not None}
    out = []
    for m in meetings:
        if m.kind == "dagsorden" and m.date is not None and key(m) in held:
            problems.append(ParseWarning(1, "dagsordenen er erstattet af referatet fra samme møde", path=m.source_path))
            continue
        out.append(m)
    return out


def safe_file_name(stem_slug: str, suffix: str) -> str:
    """A site file name: slug stem and lower-case suffix for the kinds in PUBLISH_AS_IS; ".txt" added
    to text formats a browser would render (SHOW_AS_TEXT); ".zip" added to anything else, which the
    build publishes zipped (:func:`is_wrapped`)."""
    suffix = suffix.lower()
    if suffix in PUBLISH_AS_IS:
        return f"{stem_slug}{suffix}"
    if suffix in SHOW_AS_TEXT:
        return f"{stem_slug}{suffix}.txt"
    if not re.fullmatch(r"\.[a-z0-9]{1,8}", suffix or ""):
        return f"{stem_slug}{WRAP_SUFFIX}"
    return f"{stem_slug}{suffix}{WRAP_SUFFIX}"


def is_wrapped(site_path: str, source: str) -> bool:
    """Whether the file ``source`` is published at ``site_path`` as a zip archive holding it."""
    return site_path.lower().endswith(WRAP_SUFFIX) and not source.lower().endswith(WRAP_SUFFIX)


def _build_cases(items: list[ArchiveItem], kommuner: dict[str, Kommune]) -> dict[tuple[str, str], Case]:
    grouped: dict[tuple[str, str], list[ArchiveItem]] = defaultdict(list)
    for ai in items:
        cn = " ".join((ai.item.case_number or "").split())
        if cn:
            grouped[(ai.meeting.kommune, cn)].append(ai)
    cases: dict[tuple[str, str], Case] = {}
    taken: dict[str, set[str]] = defaultdict(set)
    for (k, cn), its in sorted(grouped.items()):
        base = slugify(cn, max_length=80)
        if base.startswith("liste-"):  # sager/liste-*/ are the listing pages of long archives
            base = "sag-" + base
        slug = unique(base, taken[k])
        its.sort(key=lambda ai: (ai.meeting.sort_key, ai.position))
        case = Case(k, cn, slug, f"{k}/sager/{slug}/", its)
        standing = sorted({ai.title for ai in its if is_standing_title(ai.item.title)})
        if standing:
            case.catch_all = True
            case.catch_all_reason = "bruges til faste punkter som " + ", ".join(f"»{t}«" for t in standing[:4])
        else:
            per_meeting: dict[int, set[str]] = defaultdict(set)
            for ai in its:
                per_meeting[id(ai.meeting)].add(_fold(ai.title))
            if any(len(titles) >= 3 for titles in per_meeting.values()):
                case.catch_all = True
                case.catch_all_reason = "bruges af mindst tre forskellige punkter på samme møde"
        for ai in its:
            ai.case = case
        cases[(k, cn)] = case
        kommuner[k].cases.append(case)
    return cases


def _build_bilag(meetings: list[ArchiveMeeting], files: dict[str, list[str]], problems: list[ParseWarning]) -> list[Bilag]:
    out: list[Bilag] = []
    for am in meetings:
        by_identity: dict[tuple, Bilag] = {}
        taken: set[str] = set()
        meeting_bilag: list[Bilag] = []
        for ai in am.items:
            for att in ai.item.attachments:
                closed = bool(att.closed or ai.item.closed)
                ident = (_fold(att.label or ""), _fold(att.title or ""))
                b = by_identity.get(ident)
                if b is None:
                    name = " ".join(x for x in (att.label, att.title) if x) or "bilag"
                    slug = unique(slugify(name, max_length=60, fallback="bilag"), taken)
                    b = Bilag(am, att.label, att.title or "", closed, slug, f"{am.path}bilag/{slug}/")
                    by_identity[ident] = b
                    meeting_bilag.append(b)
                b.closed = b.closed or closed
                if ai not in b.items:
                    b.items.append(ai)
                b.attachments.append(att)
                ai.bilag.append(b)
        _match_files(am, meeting_bilag, files.get(am.source_rel or "", []), problems)
        for b in meeting_bilag:
            if not b.has_page:
                b.path = f"{b.items[0].path}#{b.anchor}"
        _find_mentions(am)
        out.extend(meeting_bilag)
    return out


def _match_files(am: ArchiveMeeting, bilag: list[Bilag], files: list[str], problems: list[ParseWarning]) -> None:
    """Give each attachment the file whose name starts with its label, or "label title", or its
    title (compared as slugs); the longest match wins, ties are reported and left out."""
    for f in sorted(files):
        p = PurePath(f)
        fslug = slugify(p.stem, fallback="")
        best: list[tuple[int, Bilag]] = []
        for b in bilag:
            for cand in {slugify(x, fallback="") for x in (
                b.label, f"{b.label or ''} {b.title}", b.title) if x and x.strip()}:
                if cand and (fslug == cand or fslug.startswith(cand + "-")):
                    best.append((len(cand), b))
        if not best:
            problems.append(ParseWarning(1, "bilagsfilen passer ikke til noget bilag i referatet", path=f))
            continue
        top = max(n for n, _ in best)
        winners = {id(b): b for n, b in best if n == top}
        if len(winners) > 1:
            problems.append(ParseWarning(1, "bilagsfilen passer til flere bilag; udeladt", path=f))
            continue
        b = next(iter(winners.values()))
        if b.closed:
            continue  # never published, whatever lies in the content folder
        if b.file_rel is not None:
            problems.append(ParseWarning(1, f"bilaget har allerede filen {b.file_rel}; udeladt", path=f))
            continue
        b.file_rel = f
        b.download = b.path + safe_file_name(slugify(p.stem, max_length=60, fallback="bilag"), p.suffix)


def _find_mentions(am: ArchiveMeeting) -> None:
    """"jf. bilag 2.8A" in an item's text → a span linking to that item's own bilag page."""
    for ai in am.items:
        keyed = {b.key: b for b in reversed(ai.bilag) if b.key}
        if not keyed or ai.item.closed:
            continue
        for si, sec in enumerate(ai.item.sections):
            if sec.kind == "bilag":
                continue
            for m in MENTION_RE.finditer(sec.text or ""):
                b = keyed.get(_norm_key(m.group("key")))
                if b is None or _FOREIGN_BEFORE.search(sec.text[max(0, m.start() - 20):m.start()]):
                    continue
                ai.spans.append(Span(si, m.start(), m.end(), b))
                b.mentions.append(Mention(ai, si, m.start(), m.end()))


# --------------------------------------------------------------------------------------------
# References

def _body_candidates(archive: Archive, kommune: str, body: str | None, source: ArchiveItem) -> list[Committee] | None:
    """Committees ``body`` may name; None when the body is implicit (= the source's committee)."""
    if body is None or _fold(body).strip(" .") in _GENERIC_BODIES:
        return None
    b = _fold(body).strip(" .,:")
    b = re.sub(r"^(i|på|fra)\s+", "", b)
    out = []
    for c in archive.kommuner[kommune].committees if kommune in archive.kommuner else []:
        if c.unknown:
            continue
        name = _fold(c.name)
        if b == name or b == c.abbreviation.casefold() or name in BODY_ALIASES.get(b, ()):
            out.append(c)
        elif len(b) > 6 and (name.startswith(b) or b.startswith(name)):
            out.append(c)
    return out


def _resolve_one(archive: Archive, source: ArchiveItem, rr: ResolvedReference) -> None:
    if rr.date is None or rr.item_number is None:
        return
    k = source.meeting.kommune
    body = rr.body
    if body is None:
        # A Historik line without a body: the route says which body met that day.
        for step in source.item.route:
            if step.date == rr.date:
                body = step.body
                break
    cands = _body_candidates(archive, k, body, source)
    if cands is None:
        cands = archive.lineage(source.meeting.committee)
    for c in cands:
        hit = archive.item_at(k, c, rr.date, rr.item_number)
        if hit is not None and hit is not source:
            rr.target = hit
            return


def _resolve_references(archive: Archive) -> None:
    for ai in archive.items:
        refs: list[ResolvedReference] = []
        seen: set[tuple] = set()
        for r in ai.item.references:
            rr = ResolvedReference(ai, r.text, r.body, r.date, r.item_number, "reference")
            _resolve_one(archive, ai, rr)
            refs.append(rr)
            seen.add((r.date, r.item_number))
        for h in ai.item.history:
            if h.date is None or h.item_number is None or (h.date, h.item_number) in seen:
                continue
            seen.add((h.date, h.item_number))
            text = " ".join(x for x in (h.body, f"{h.date.day}/{h.date.month} {h.date.year}", f"pkt. {h.item_number}") if x)
            rr = ResolvedReference(ai, text, h.body, h.date, h.item_number, "history")
            _resolve_one(archive, ai, rr)
            refs.append(rr)
        ai.references = refs
        archive.references.extend(refs)
        for rr in refs:
            if rr.target is not None:
                rr.target.referenced_by.append(rr)
        _reference_spans(ai, [rr for rr in refs if rr.origin == "reference"])


def _reference_spans(ai: ArchiveItem, refs: list[ResolvedReference]) -> None:
    """Where a reference's text occurs in the item's sections, link it to the target.

    When several references share one text ("(pkt. 28)") but point at different items, the k-th
    occurrence goes with the k-th reference; if the counts differ, that text is not linked."""
    by_text: dict[str, list[ResolvedReference]] = defaultdict(list)
    for rr in refs:
        if rr.text and rr.text.strip():
            by_text[rr.text].append(rr)
    taken: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for s in ai.spans:
        taken[s.section].append((s.start, s.end))
    for text in sorted(by_text, key=len, reverse=True):
        group = by_text[text]
        occurrences = []
        for si, sec in enumerate(ai.item.sections):
            t = sec.text or ""
            start = t.find(text)
            while start != -1:
                end = start + len(text)
                if not any(a < end and start < b for a, b in taken[si]):
                    occurrences.append((si, start, end))
                start = t.find(text, end)
        targets = {id(rr.target) for rr in group}
        if len(targets) == 1:
            target = group[0].target
            pairs = [(occ, target) for occ in occurrences]
        elif len(group) == len(occurrences):
            pairs = [(occ, rr.target) for occ, rr in zip(occurrences, group)]
        else:
            continue
        for (si, a, b), target in pairs:
            if target is None:
                continue
            ai.spans.append(Span(si, a, b, target))
            taken[si].append((a, b))


__all__ = [
    "Archive", "ArchiveItem", "ArchiveMeeting", "Bilag", "Case", "Committee", "Kommune", "Mention",
    "Rename", "ResolvedReference", "Span", "build_archive", "parse_renames", "normalize_term",
    "term_for_date", "committee_abbreviation", "clean_committee_name", "is_standing_title",
    "label_key", "safe_file_name", "is_wrapped", "kommune_slug", "Reference",
]
