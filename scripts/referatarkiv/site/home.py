"""The home page (``index.md``): the archive in numbers, the newest meetings and decisions, each
kommune with its udvalg, how to search, and where the data and feeds are."""
from __future__ import annotations

from ..archive.link import Archive
from . import mdtext
from .blocks import decision_line, esc
from .frontmatter import front_matter
from .names import SITE_NAME, item_heading, meeting_title, meeting_when, plural
from .urls import DATA_JSON, href

LATEST = 10


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
