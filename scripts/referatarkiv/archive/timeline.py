"""Decision timelines: where a case stands, who decided what, and what comes next.

Pure data work on a linked :class:`~referatarkiv.archive.link.Archive`. A case's steps come from four
sources, merged and ordered by date:

1. the items in the archive that carry the journalnummer (``arkiv``),
2. their Historik entries and the decisions of other bodies quoted in them (``historik``),
3. their references to other meetings (``henvisning``), linked when the target is in the archive,
4. the planned route from "Behandling" (``plan``): steps after the item's own meeting are
   *expected*, not decided.

Two sources describing the same step (same date and body, or same date and item number) become one
step; the stronger source wins (archive > history > reference > plan) and keeps the others' details.
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date as Date
from typing import Iterable

from ..model import OUTCOME_LABELS, OUTCOMES
from .link import ArchiveItem, Case, Committee, committee_abbreviation

SOURCE_RANK = {"arkiv": 0, "historik": 1, "henvisning": 2, "plan": 3}
KIND_LABELS = {
    "beslutning": "Beslutning",
    "indstilling": "Indstilling",
    "orientering": "Orientering",
    "behandling": "Behandling",
    "henvisning": "Nævnt i et referat",
    "forventet": "Forventet behandling",
}
# Outcomes that leave a case open: someone else still has to decide.
OPEN_OUTCOMES = {"udsat", "indstillet", "oversendt"}
# Bodies whose decision ends a case in the municipality.
FINAL_BODY_RE = re.compile(r"kommunalbestyrelse|byråd|borgerrepræsentation|regionsråd", re.IGNORECASE)


@dataclass
class Step:
    date: Date | None
    body: str | None
    kind: str  # a key of KIND_LABELS
    outcomes: list[str] = field(default_factory=list)
    excerpt: str = ""
    path: str | None = None  # the archive page of the step, when the archive has it
    item_number: int | None = None
    source: str = "arkiv"  # a key of SOURCE_RANK
    expected: bool = False
    current: bool = False
    sources: list[str] = field(default_factory=list)  # every source that described this step
    # True: the step's text reports a final adoption or rejection; False: it sends the case on; None: unknown
    final: bool | None = None
    forwarded_to: str | None = None  # where the step sent the case, as its text names it

    @property
    def badges(self) -> list[str]:
        return [OUTCOME_LABELS[o] for o in self.outcomes]

    @property
    def kind_label(self) -> str:
        return KIND_LABELS.get(self.kind, self.kind.capitalize())


@dataclass
class Timeline:
    steps: list[Step]
    status: str  # one plain-Danish sentence: where the case stands
    open: bool  # the last known step leaves the case undecided (postponed, recommended onward)


# --- helpers ----------------------------------------------------------------------------------


def one_line(text: str | None, limit: int = 180) -> str:
    """The first sentence or line of a text, Markdown list and table syntax removed."""
    if not text:
        return ""
    lines = []
    for ln in text.splitlines():
        ln = ln.strip()
        if not ln or ln.startswith("|"):
            continue
        ln = re.sub(r"^(?:[-*]|\d{1,3}[.)])\s+", "", ln).replace("**", "")
        lines.append(ln)
    s = " ".join(lines)
    if len(s) > limit:
        cut = s.rfind(" ", 0, limit - 1)
        s = s[: cut if cut > limit // 2 else limit - 1].rstrip(" ,;:") + " …"
    return s


def _body_key(body: str | None) -> str:
    if not body:
        return ""
    b = " ".join(body.casefold().replace("-", " ").split())
    b = re.sub(r"\bbyrådet\b|\bborgerrepræsentationen\b", "kommunalbestyrelsen", b)
    return b


def same_body(a: str | None, b: str | None) -> bool:
    if not a or not b:
        return False
    ka, kb = _body_key(a), _body_key(b)
    if ka == kb:
        return True
    aa, ab = committee_abbreviation(a).casefold(), committee_abbreviation(b).casefold()
    return (len(a) <= 5 and a.casefold() == ab) or (len(b) <= 5 and b.casefold() == aa)


def _kind_of_item(ai: ArchiveItem) -> str:
    d = ai.item.decision
    if d is None:
        return "behandling"
    if d.outcomes and set(d.outcomes) <= {"taget-til-efterretning"}:
        return "orientering"
    return "beslutning"


def _same_step(a: Step, b: Step) -> bool:
    if a.date is None or b.date is None or a.date != b.date:
        return False
    if a.item_number is not None and b.item_number is not None:
        return a.item_number == b.item_number and (not a.body or not b.body or same_body(a.body, b.body))
    if a.body and b.body:
        return same_body(a.body, b.body)
    # one side has no body: the same day and kind is the same step only if nothing contradicts it
    return a.item_number == b.item_number


def merge(steps: Iterable[Step]) -> list[Step]:
    """Deduplicate steps two sources describe, keeping the strongest source, and order by date."""
    kept: list[Step] = []
    for s in sorted(steps, key=lambda s: SOURCE_RANK[s.source]):
        s.sources = s.sources or [s.source]
        for k in kept:
            if _same_step(k, s):
                # the step an indstilling led to: the decision keeps it, with the details filled in
                k.sources.append(s.source)
                k.body = k.body or s.body
                k.item_number = k.item_number if k.item_number is not None else s.item_number
                k.path = k.path or s.path
                if not k.outcomes and s.outcomes and not k.expected:
                    k.outcomes = list(s.outcomes)
                    k.final = s.final if k.final is None else k.final
                k.forwarded_to = k.forwarded_to or s.forwarded_to
                if k.kind == "indstilling" and s.kind == "beslutning":
                    k.kind, k.excerpt = s.kind, s.excerpt or k.excerpt
                k.excerpt = k.excerpt or s.excerpt
                k.expected = k.expected and s.expected
                k.current = k.current or s.current
                break
        else:
            kept.append(s)
    kind_order = {"indstilling": 0, "henvisning": 1, "behandling": 2, "orientering": 3, "beslutning": 4, "forventet": 5}
    kept.sort(key=lambda s: (s.date is None, s.date or Date.min, s.expected, kind_order.get(s.kind, 9)))
    return kept


def status(steps: list[Step]) -> tuple[str, bool]:
    """A plain-Danish sentence about where the case stands, and whether it is still open."""
    known = [s for s in steps if not s.expected and s.date is not None]
    expected = [s for s in steps if s.expected]
    if not known:
        if expected:
            nxt = expected[0]
            return f"Sagen er ikke behandlet endnu i arkivet. Forventet behandling: {nxt.body or 'ukendt organ'} {_d(nxt.date)}.", True
        return "Arkivet kender ingen daterede skridt i sagen.", False
    last = known[-1]
    who = last.body or "et ukendt organ"
    when = _d(last.date)
    nxt = f" Næste forventede behandling: {expected[0].body or 'ukendt organ'} {_d(expected[0].date)}." if expected else ""
    outs = set(last.outcomes)
    if "udsat" in outs:
        return f"Sagen blev senest udsat ({who}, {when}) og er ikke afgjort.{nxt}", True
    if outs & {"indstillet", "oversendt"} and not outs & {"afvist"} or last.final is False and outs:
        to = f" til {last.forwarded_to}" if last.forwarded_to else ""
        return (f"Senest anbefalet eller sendt videre af {who} {when}{to}. Sagen er ikke afgjort: den endelige "
                f"beslutning træffes af et andet organ.{nxt}"), True
    if "afvist" in outs:
        return f"Senest afvist af {who} {when}.{' Afgørelsen er endelig.' if last.final and not expected else ''}{nxt}", bool(expected)
    if "godkendt" in outs:
        if expected:
            return f"Godkendt i {who} {when}, men sagen skal videre.{nxt}", True
        return f"Senest godkendt i {who} {when}.{' Afgørelsen er endelig.' if last.final else ''}", False
    if "taget-til-efterretning" in outs:
        return f"Senest taget til efterretning i {who} {when}.{nxt}", bool(expected)
    if "drøftet" in outs:
        return f"Senest drøftet i {who} {when}; der er ikke truffet en beslutning.{nxt}", True
    if last.kind == "indstilling":
        return f"Senest indstillet til {who} {when}; beslutningen kendes ikke.{nxt}", True
    return f"Senest behandlet i {who} {when}.{nxt}", bool(expected)


def _d(d: Date | None) -> str:
    from ..dates import format_date

    return f"den {format_date(d, with_weekday=False)}" if d else "(dato ukendt)"


# --- building ---------------------------------------------------------------------------------


def steps_for_items(items: list[ArchiveItem], current: ArchiveItem | None = None) -> list[Step]:
    """All steps the archive knows for these items (the items of one case), merged and ordered."""
    steps: list[Step] = []
    own_dates: dict[int, Date | None] = {}
    for ai in items:
        d = ai.item.decision
        date = ai.meeting.date
        own_dates[id(ai)] = date
        agenda = ai.meeting.is_agenda and d is None  # on a dagsorden: to be treated, not decided yet
        steps.append(Step(
            date=date, body=ai.meeting.committee.name if not ai.meeting.committee.unknown else None,
            kind="forventet" if agenda else _kind_of_item(ai), outcomes=list(d.outcomes) if d else [],
            excerpt="På dagsordenen; beslutningen kommer med referatet." if agenda else one_line(d.text if d else ai.title),
            path=ai.path, item_number=ai.number, source="arkiv", current=ai is current, expected=agenda,
            final=d.final if d else None, forwarded_to=d.forwarded_to if d else None,
        ))
        for h in ai.item.history:
            target = _history_target(ai, h.date, h.item_number)
            steps.append(Step(
                date=h.date, body=h.body or (target.meeting.committee.name if target else None),
                kind=h.kind, outcomes=list(h.outcomes) if h.kind == "beslutning" else [],
                excerpt=one_line(h.text), path=target.path if target else None, item_number=h.item_number,
                source="historik", final=h.final if h.kind == "beslutning" else None,
            ))
        for rr in ai.references:
            if rr.origin != "reference" or rr.date is None:
                continue
            t = rr.target
            steps.append(Step(
                date=rr.date, body=(t.meeting.committee.name if t else rr.body), kind="henvisning",
                outcomes=list(t.item.decision.outcomes) if t and t.item.decision else [],
                excerpt=(one_line(t.item.decision.text) if t and t.item.decision else f"Omtalt som «{rr.text}»"),
                path=t.path if t else None, item_number=rr.item_number, source="henvisning",
                final=t.item.decision.final if t and t.item.decision else None,
            ))
        for r in ai.item.route:
            if r.date is None:
                continue
            after = date is not None and r.date > date
            steps.append(Step(
                date=r.date, body=r.body, kind="forventet" if after else "behandling", outcomes=[],
                excerpt="Planlagt behandling ifølge punktets «Behandling»." if after else "",
                source="plan", expected=after,
            ))
    merged = merge(steps)
    # an expected step that the archive already shows as held is not expected any more
    latest_known = max((s.date for s in merged if not s.expected and s.date), default=None)
    for s in merged:
        if s.expected and latest_known and s.date and s.date <= latest_known and s.sources != ["plan"]:
            s.expected = False
    return merged


def _history_target(ai: ArchiveItem, d: Date | None, n: int | None) -> ArchiveItem | None:
    for rr in ai.references:
        if rr.origin == "history" and rr.date == d and rr.item_number == n:
            return rr.target
    return None


def case_timeline(case: Case) -> Timeline | None:
    """The timeline of a sag page; None for catch-all numbers on standing items."""
    if case.catch_all:
        return None
    steps = steps_for_items(case.items)
    text, is_open = status(steps)
    return Timeline(steps, text, is_open)


def item_timeline(ai: ArchiveItem) -> Timeline | None:
    """The steps of a punkt's own sag, with the punkt itself marked as current."""
    items = [ai]
    if ai.case is not None:
        if ai.case.catch_all:
            return None
        items = ai.case.items
    steps = steps_for_items(items, current=ai)
    if len(steps) < 2:
        return None
    text, is_open = status(steps)
    return Timeline(steps, text, is_open)


# --- committees -------------------------------------------------------------------------------


@dataclass
class CommitteeStats:
    years: list[int]
    counts: dict[int, Counter]  # year → outcome → number of items
    by_outcome: dict[str, list[ArchiveItem]]  # outcome → items, newest first
    undecided: list[ArchiveItem]  # items without a recorded decision


def committee_stats(committee: Committee) -> CommitteeStats:
    counts: dict[int, Counter] = defaultdict(Counter)
    by_outcome: dict[str, list[ArchiveItem]] = defaultdict(list)
    undecided = []
    for am in committee.meetings:  # newest first
        for ai in am.items:
            d = ai.item.decision
            outs = d.outcomes if d else []
            if am.date:
                for o in outs:
                    counts[am.date.year][o] += 1
            for o in outs:
                by_outcome[o].append(ai)
            if not outs:
                undecided.append(ai)
    years = sorted(counts)
    ordered = {o: by_outcome[o] for o in OUTCOMES if by_outcome.get(o)}
    return CommitteeStats(years, dict(counts), ordered, undecided)
