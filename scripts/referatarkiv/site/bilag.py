"""Bilag pages (``…/<møde>/bilag/<bilag>/``): what the attachment is, the punkter it belongs to,
the download, the text read from its PDF (:mod:`referatarkiv.readers.bilag_text`), and where the
referat mentions it. A closed bilag shows its label and title only."""
from __future__ import annotations

from ..archive.link import Archive, Bilag
from ..readers.bilag_text import PdfInfo
from . import mdtext
from .blocks import crumbs, esc
from .frontmatter import front_matter, page_facts
from .names import file_kind, human_size, item_heading, meeting_title, meeting_when
from .urls import href


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


def text_markdown(text: str) -> str:
    """Safe Markdown for extracted PDF text: TAB-separated rows become pipe-table rows (cells'
    own pipes escaped, as the parser does), everything else goes through mdtext.render_text."""
    lines = []
    for line in text.split("\n"):
        if "\t" in line:
            cells = [c.strip().replace("|", "\\|") for c in line.split("\t")]
            line = "| " + " | ".join(cells) + " |"
        lines.append(line)
    return mdtext.render_text("\n".join(lines))


def page_count_text(pages: int | None) -> str:
    if pages is None:
        return ""
    return f"{pages} side" if pages == 1 else f"{pages} sider"
