"""Party pages: ``<kommune>/partier/`` (every party that opposed, reserved or abstained on a decision in
the kommune's referater) and ``<kommune>/partier/<parti>/`` (those decisions, newest first).

A decision counts for a party when one of its positions (:class:`~referatarkiv.model.Position`) has a
stance of disagreement — imod / kunne ikke tiltræde, forbehold, undlod at stemme, or a minority — and
names the party, or a member with the party's letter beside the name ("Mona Berg (Ø)"). Both the
punkt's own decision and the earlier steps its Sagsforløb quotes ("Magistraten, 19. august 2025:
Socialdemokratiet tog forbehold") count; a step quoted on several punkter is listed once. Closed
punkter never show their decision, so they count for nothing.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date as Date

from ..archive.link import Archive, ArchiveItem, Kommune
from ..dates import format_date
from ..model import Position
from ..parse.parties import party_name
from ..slugs import slugify
from . import mdtext
from .blocks import crumbs, esc
from .frontmatter import front_matter
from .names import genitive, item_heading, join_names, plural, position_label
from .urls import href, page_file

PARTIES_DIR = "partier"  # <kommune>/partier/ (reserved in archive.link, so no udvalg takes the name)
DISAGREEING = ("imod", "forbehold", "undlod", "mindretal")
STANCE_WORDS = {"imod": "imod", "forbehold": "med forbehold", "undlod": "undlod at stemme", "mindretal": "i mindretal"}


@dataclass
class Stand:
    """One decision a party disagreed with: when, by which body, where the archive shows it, and how."""

    date: Date | None
    body: str
    ai: ArchiveItem  # the punkt whose page shows the decision (its own, or a step of its Sagsforløb)
    position: Position
    own: bool  # the punkt's own decision, not a step its Sagsforløb quotes
    members: list[str]  # the party's members the position names ("Mona Berg"); empty when it names the party

    @property
    def stance(self) -> str:
        return "mindretal" if self.position.group == "mindretal" and self.position.stance not in DISAGREEING[:3] \
            else self.position.stance


def _letters(p: Position) -> list[str]:
    return list(dict.fromkeys(p.parties + [m.party for m in p.persons if m.party]))


def party_stands(archive: Archive, kom: Kommune) -> dict[str, list[Stand]]:
    """Party letter → the decisions it disagreed with in this kommune, newest first."""
    cache = archive.__dict__.setdefault("_ra_party_stands", {})
    if kom.slug in cache:
        return cache[kom.slug]
    out: dict[str, list[Stand]] = defaultdict(list)
    seen: set[tuple] = set()

    def add(p: Position, date: Date | None, body: str, ai: ArchiveItem, own: bool, step: tuple) -> None:
        if p.stance not in DISAGREEING and p.group != "mindretal":
            return
        for letter in _letters(p):
            key = (letter, step, " ".join(p.sentence.split()))
            if key in seen:
                continue
            seen.add(key)
            members = [m.name for m in p.persons if m.party == letter and letter not in p.parties]
            out[letter].append(Stand(date, body, ai, p, own, members))

    for am in kom.meetings:
        for ai in am.items:
            if ai.item.closed:
                continue
            d = ai.item.decision
            if d is not None and (d.text or "").strip():
                body = d.body or am.committee.name
                for p in d.positions:
                    add(p, d.date or am.date, body, ai, True, ("own", ai.path))
            for h in ai.item.history:
                for p in h.positions:
                    add(p, h.date, h.body or "Et tidligere møde", ai, False, (h.body, h.date, h.item_number))
    result = {}
    for letter in sorted(out):
        result[letter] = sorted(out[letter], key=lambda s: (s.date or Date.min, s.ai.meeting.sort_key, -s.ai.position),
                                reverse=True)
    cache[kom.slug] = result
    return result


def parties_path(kom: Kommune) -> str:
    return f"{kom.path}{PARTIES_DIR}/"


def party_path(kom: Kommune, letter: str) -> str:
    return f"{parties_path(kom)}{slugify(party_name(letter)) or slugify('parti ' + letter)}/"


def party_title(letter: str) -> str:
    name = party_name(letter)
    return f"{name} ({letter})" if name != letter else name


def _counts(stands: list[Stand]) -> str:
    c = Counter(s.stance for s in stands)
    return ", ".join(f"{c[k]} {STANCE_WORDS[k]}" for k in DISAGREEING if c[k])


def kommune_section(archive: Archive, kom: Kommune) -> str:
    """The kommune page's "Partier" section: a link to each party's page, or "" when no party disagreed."""
    stands = party_stands(archive, kom)
    if not stands:
        return ""
    here = kom.path
    out = ["## Partier\n",
           "Beslutninger, som et parti stemte imod, tog forbehold over for eller undlod at stemme om "
           f"({mdtext.link('alle partier', href(here, parties_path(kom)))}):\n"]
    for letter, ss in stands.items():
        n = len(ss)
        out.append(f"- {mdtext.link(party_title(letter), href(here, party_path(kom, letter)))} – "
                   f"{n} {plural(n, 'beslutning', 'beslutninger')} ({_counts(ss)})")
    return "\n".join(out) + "\n"


def render_party_pages(archive: Archive, kom: Kommune) -> dict[str, str]:
    """The kommune's party listing and one page per party; {} when no party disagreed with a decision."""
    stands = party_stands(archive, kom)
    if not stands:
        return {}
    pages = {}
    here = parties_path(kom)
    out = [front_matter(f"Partier – {kom.name}"), "# Partier\n",
           crumbs(here, [("Forside", ""), (kom.name, kom.path), ("Partier", None)]),
           f"Partier, der i {esc(genitive(kom.name))} referater stemte imod en beslutning, tog forbehold eller undlod at "
           "stemme. Et medlem, der er nævnt med partiets bogstav, tæller med under partiet.\n"]
    for letter, ss in stands.items():
        n = len(ss)
        out.append(f"- {mdtext.link(party_title(letter), href(here, party_path(kom, letter)))} – "
                   f"{n} {plural(n, 'beslutning', 'beslutninger')} ({_counts(ss)})")
    pages[page_file(here)] = "\n".join(out) + "\n"
    for letter, ss in stands.items():
        pages[page_file(party_path(kom, letter))] = _party_page(kom, letter, ss)
    return pages


def _party_page(kom: Kommune, letter: str, stands: list[Stand]) -> str:
    here = party_path(kom, letter)
    title = party_title(letter)
    name = party_name(letter)
    out = [front_matter(f"{title} – {kom.name}"), f"# {mdtext.heading_text(title)}\n",
           crumbs(here, [("Forside", ""), (kom.name, kom.path), ("Partier", parties_path(kom)), (title, None)]),
           f"Beslutninger i {esc(genitive(kom.name))} referater, som {esc(name)} stemte imod, tog forbehold over for eller "
           f"undlod at stemme om, nyeste først: {len(stands)} i alt ({esc(_counts(stands))}). Med hver står "
           "sætningen fra referatet, der siger det.\n"]
    year = object()
    for s in stands:
        y = s.date.year if s.date else None
        if y != year:
            out.append(f"## {y if y else 'Uden dato'}\n")
            year = y
        when = format_date(s.date, with_weekday=False) if s.date else "Uden dato"
        where = "" if s.own else " (i sagens forløb)"
        who = f" ({join_names(s.members)})" if s.members else ""
        out.append(f"- **{esc(when)}**, {esc(s.body)}{where}: {mdtext.link(item_heading(s.ai), href(here, s.ai.path))}  \n"
                   f"  {esc(position_label(s.position))}{esc(who)}. *«{esc(s.position.sentence)}»*")
    out.append("")
    return "\n".join(out)
