"""Punkt pages (``…/<møde>/<punkt>/``): the decision with its outcome badges, whether it is final, what
was decided when it adopts the recommendation, and who took a stance of their own; the sag's timeline,
the referat's sections with references linked, bilag, references both ways, the sag's other
punkter, and previous/next."""
from __future__ import annotations

from collections import defaultdict

from ..archive.link import Archive, ArchiveItem, is_standing_title
from ..dates import format_date
from ..model import Decision
from ..parse.finality import adopted_points
from ..slugs import slugify_heading, unique
from . import mdtext, timelines
from .blocks import badges, crumbs, esc, fold
from .frontmatter import decided_outcomes, front_matter, page_facts, search_terms
from .names import item_heading, meeting_title, meeting_when, position_label, position_names
from .urls import href


SEARCH_BOOST_STANDING = 0.25  # front matter search.boost (Material; Pagefind: search.engines.mark_weights)


def render_item(archive: Archive, ai: ArchiveItem) -> str:
    here = ai.path
    am = ai.meeting
    kom = archive.kommuner[am.kommune]
    it = ai.item
    heading = item_heading(ai)
    # Bilag without a page of their own are linked to as entries of this page's bilag list.
    anchors: set[str] = {b.anchor for b in ai.bilag if not b.has_page}
    # Standing punkter ("Godkendelse af dagsorden", "Meddelelser") and untitled ones rank below real
    # content in both search engines (README "Search").
    search: dict = {"boost": SEARCH_BOOST_STANDING} if not it.title or is_standing_title(it.title) else {}
    # Words Pagefind also finds the page by: "punkt23" (the search page asks for "punkt 23" so) and
    # the journalnummer from any part on.
    terms = [f"punkt{it.number}"] if it.number is not None else []
    terms += search_terms(ai.case.case_number) if ai.case is not None else []
    if terms:
        search["terms"] = terms
    out = [front_matter(f"{heading} – {am.committee.name}, {meeting_when(am, weekday=False)}",
                       facts=page_facts("punkt", kom, [am], decided_outcomes(ai)), **({"search": search} if search else {})),
           f"# {mdtext.heading_text(heading)}\n"]
    out.append(crumbs(here, [("Forside", ""), (kom.name, kom.path), (am.committee.name, am.committee.path),
                             (meeting_when(am, weekday=False), am.path), (ai.label, None)]))
    facts = [f"- **Møde:** {mdtext.link(meeting_title(am), href(here, am.path))}"]
    if ai.case is not None:
        note = " (fællesnummer for faste punkter)" if ai.case.catch_all else ""
        facts.append(f"- **Journalnummer:** {mdtext.link(ai.case.case_number, href(here, ai.case.path))}{note}")
    out.append("\n".join(facts) + "\n")

    tl = timelines.item_data(archive, ai)
    if it.closed:
        out.append("!!! lukket \"Lukket punkt\"\n")
        out.append(mdtext.indent("Punktet er behandlet for lukkede døre. Kun titlen offentliggøres.") + "\n")
        out.append(timelines.item_section(tl, anchors))
        if ai.bilag:
            out.append(_bilag_list(ai, here, anchors))
    else:
        d = it.decision
        if d is not None and (d.text or "").strip():
            out.append(decision_box(ai))
        elif am.is_agenda:
            out.append('!!! info "På dagsordenen — referat følger"\n')
            out.append(mdtext.indent(f"Punktet er på dagsordenen til mødet {esc(meeting_when(am))}. "
                                     "Beslutningen kommer med referatet.") + "\n")
        out.append(timelines.item_section(tl, anchors))
        spans_by_section: dict[int, list[tuple[int, int, str]]] = defaultdict(list)
        for s in ai.spans:
            spans_by_section[s.section].append((s.start, s.end, href(here, s.target.path)))
        bilag_done = False
        titled_before = False
        for si, sec in enumerate(it.sections):
            if sec.kind == "beslutning" and d is not None and _is_decision_section(sec.text, d):
                continue  # shown above
            if sec.kind == "bilag":
                if ai.bilag and not bilag_done:
                    out.append(_bilag_list(ai, here, anchors))
                    bilag_done = True
                continue
            text = mdtext.render_text(sec.text, spans_by_section.get(si, ()))
            if not text and not sec.heading:
                continue
            # a part without a heading: the punkt's lead (First Agenda's summary) when nothing titled came before
            untitled = "Om punktet" if not titled_before else "Afsnit"
            titled_before = titled_before or bool(sec.heading)
            anchor = unique(slugify_heading(sec.heading or untitled), anchors)
            out.append(f"## {mdtext.heading_text(sec.heading or untitled)} {{ #{anchor} }}\n")
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
    return "\n".join(out)


def _paras(text: str) -> list[str]:
    return [" ".join(p.split()) for p in (text or "").split("\n\n") if p.strip()]


def _is_decision_section(text: str, d: Decision) -> bool:
    """The section the decision was read from: its paragraphs are the decision's and its attendance lines."""
    return set(_paras(text)) == set(_paras(d.text)) | set(_paras("\n\n".join(d.attendance)))


def final_line(d: Decision, body: str) -> str:
    """One plain-Danish sentence on whether the decision is final, by its text; "" when the text does not say."""
    if d.final is True:
        return f"Endelig beslutning i {body}." if "afvist" not in d.outcomes else f"Endeligt afvist i {body}."
    if d.final is False:
        if "udsat" in d.outcomes:
            return "Ikke endelig: sagen blev udsat."
        if d.forwarded_to:
            return f"Ikke endelig: sagen er sendt videre til {d.forwarded_to}."
        if "indstillet" in d.outcomes:
            return f"Ikke endelig: {body} anbefaler sagen, og et andet organ træffer beslutningen."
        return "Ikke endelig: sagen er sendt videre."
    return ""


def decision_box(ai: ArchiveItem) -> str:
    """The "Beslutning" box: the outcome badges, the decision as written (nothing after it), whether it is
    final, what was decided when it adopts the recommendation, who took a stance of their own, and who did
    not take part."""
    am, it = ai.meeting, ai.item
    d = it.decision
    body_name = d.body or am.committee.name
    lines = []
    b = badges(d.outcomes)
    if b:
        lines.append(b + "\n")
    lines.append(mdtext.render_text(d.text))
    other_body = d.body if d.body and fold(d.body) != fold(am.committee.name) else None
    other_date = format_date(d.date, with_weekday=False) if d.date and d.date != am.date else None
    who = ", ".join(x for x in (other_body, other_date) if x)
    if who:
        lines.append(f"\n*{esc(who)}*")
    final = final_line(d, body_name)
    if final:
        lines.append(f"\n{esc(final)}\n{{ .ra-final }}")
    points = adopted_points(it) if d.adopts_recommendation else None
    if points is not None:
        lines.append(f"\n**Indstillingen blev vedtaget.** Det betyder, at {esc(body_name)} besluttede:\n{{ .ra-adopted }}\n")
        lines.append(_quote(mdtext.render_text(points.text)))
    stances = [p for p in d.positions if p.stance != "deltog-ikke"]
    if stances:
        lines.append("\n**Stemmer og forbehold:**\n")
        lines.extend(f"- {esc(position_label(p))}: {esc(position_names(p))}" for p in stances)
    away, named = [], set()
    for p in d.positions:  # one line per member who did not take part, the first reason given
        who = set(p.parties) | {m.name for m in p.persons}
        if p.stance == "deltog-ikke" and not who <= named:
            away.append(p)
            named |= who
    if away:
        lines.append("\n**Deltog ikke i behandlingen:**\n")
        lines.extend(f"- {esc(position_label(p))}: {esc(position_names(p))}" for p in away)
    if d.votes:
        tally = ", ".join(f"{n} {word}" for key, word in (("for", "for"), ("imod", "imod"), ("undlod", "undlod"))
                          if (n := d.votes.get(key)) is not None)
        lines.append(f"\nStemmetal: {esc(tally)}.")
    covered = {" ".join(p.sentence.split()) for p in d.positions}
    rest = [a for a in d.attendance if not any(c in " ".join(a.split()) for c in covered)]
    if rest:
        lines.append("\n" + "  \n".join(f"*{esc(a)}*" for a in rest) + "\n{ .ra-attendance }")
    return "!!! beslutning \"Beslutning\"\n\n" + mdtext.indent("\n".join(lines)) + "\n"


def _quote(markdown: str) -> str:
    """Markdown as a block quote (every line, blank ones too, so lists and tables stay inside it)."""
    return "\n".join(f"> {line}" if line.strip() else ">" for line in markdown.split("\n"))


def _bilag_list(ai: ArchiveItem, here: str, anchors: set[str]) -> str:
    anchor = unique("bilag", anchors)
    lines = [f"## Bilag {{ #{anchor} }}\n"]
    seen: set[int] = set()
    for b in ai.bilag:
        if id(b) in seen:
            continue
        seen.add(id(b))
        if b.has_page:
            lines.append(f"- {mdtext.link(b.display, href(here, b.path))}")
            continue
        # No file to read or download: listed here with its title, no page of its own.
        # Its address at the kommune, when the referat gives one, is the way to the file.
        web = mdtext.safe_href(b.source_url)
        if web:
            lines.append(f"- {mdtext.link(b.display, web)} *(hos kommunen)*")
        else:
            note = "lukket" if b.closed else "filen ligger ikke i arkivet"
            lines.append(f"- {esc(b.display)} *({note})*")
        if b.path == f"{here}#{b.anchor}":
            lines.append(f"    {{ #{b.anchor} }}")
    return "\n".join(lines) + "\n"
