"""Møde pages (``<kommune>/<udvalg>/<møde>/``): time, place, participants, the source, the agenda
with each punkt's decision, and the meeting's bilag."""
from __future__ import annotations

from ..archive.link import Archive, ArchiveMeeting
from . import mdtext
from .blocks import crumbs, decision_line, esc
from .frontmatter import front_matter, page_facts
from .names import file_kind, human_size, meeting_title, meeting_when
from .urls import href


def render_meeting(archive: Archive, am: ArchiveMeeting, sizes: dict[str, int]) -> str:
    here = am.path
    kom = archive.kommuner[am.kommune]
    m = am.meeting
    title = meeting_title(am)
    out = [front_matter(f"{title} – {kom.name}", facts=page_facts("møde", kom, [am])),
           f"# {mdtext.heading_text(title)}\n"]
    out.append(crumbs(here, [("Forside", ""), (kom.name, kom.path), (am.committee.name, am.committee.path),
                             (meeting_when(am, weekday=False), None)]))
    if am.is_agenda:
        out.append('!!! info "Dagsorden — referat følger"\n\n'
                   "    Siden viser dagsordenen, som den blev offentliggjort før mødet. Beslutningerne kommer med "
                   "referatet, som erstatter dagsordenen her, når det er i arkivet.\n")
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
    if m.notes:
        # header text the parser could not place: shown as written, never dropped
        out.append("**Også i mødehovedet:**\n")
        out.append("\n".join(f"- {esc(n)}" for n in m.notes) + "\n")
    out.append("## Dagsorden\n")
    if not am.items:
        out.append(("Dagsordenen" if am.is_agenda else "Referatet") + " indeholder ingen punkter.\n")
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
