"""What the parser tells the editor about a referat as a whole: duplicate items, a table of contents
that disagrees with the headings, a text that stops mid-sentence, and what it could not find."""
from __future__ import annotations

import re

from ..model import Meeting, ParseWarning
from ..readers.normalize import Block, strip_inline_markup
from .bodies import loose
from .markdown import is_table_block, signature
from .vocab import section_kind

_CLOSED_LEAD_RE = re.compile(r"^\s*lukket\s*:\s*", re.IGNORECASE)
# the last characters of a text that stops in the middle of a sentence or word
_OPEN_END = tuple(",;(-–/&")


def check_items(m: Meeting) -> None:
    """Warn about an item number used twice, and table-of-contents titles that differ from the headings."""
    seen: dict[int, int] = {}
    for it in m.items:
        if it.number is None:
            continue
        if it.number in seen:
            m.warnings.append(ParseWarning(it.line, f"punkt {it.number} forekommer to gange (også linje {seen[it.number]})"))
        seen[it.number] = it.line
    if m.toc and m.items:
        if len(m.toc) != len(m.items):
            m.warnings.append(ParseWarning(m.items[0].line,
                                           f"indholdsfortegnelsen har {len(m.toc)} punkter, teksten har {len(m.items)}"))
        for t, it in zip(m.toc, m.items):
            lt = loose(_CLOSED_LEAD_RE.sub("", t))
            # PDF tables of contents cut long titles: a prefix of 30+ characters is the same title
            if it.title and lt != loose(it.title) and not (len(lt) >= 30 and loose(it.title).startswith(lt)):
                m.warnings.append(ParseWarning(
                    it.line, f"titlen i indholdsfortegnelsen afviger fra overskriften: {t!r} ≠ {it.title!r}"))


def truncated(blocks: list[Block]) -> int | None:
    """The line where the text stops mid-word or mid-sentence, or None when it ends as a text ends.

    Looked at on the source's last paragraph, whatever section it ended in: a paragraph of four or more
    words that ends in a letter or in ",", ";", "(", "-" stops mid-sentence; a heading, a table, a list
    line, a signature or a short label ("Godkendt") ends a text.
    """
    if not blocks:
        return None
    b = blocks[-1]
    if is_table_block(b):
        return None
    last = b.lines[-1]
    t = strip_inline_markup(last.text).rstrip()
    if not t:
        return None
    end_line = last.no
    if t.endswith(_OPEN_END) and len(b.text.split()) >= 2:
        return end_line
    if not t[-1].isalpha():
        return None
    if last.heading or last.bold or section_kind(t) is not None or signature(t):
        return None
    if len(b.text.split()) < 4:
        return None  # a short label ("Godkendt", "Underskriftsark")
    return end_line


def missing_warnings(m: Meeting, line: int) -> None:
    """Tell the editor what the referat lacks that the site needs, and how to give it (front matter keys)."""
    missing = []
    if m.date is None:
        missing.append(("ingen mødedato", "date: 2024-03-12"))
    if m.committee is None:
        missing.append(("intet udvalg", "committee: Teknik- og Miljøudvalget"))
    if not any(it.number is not None for it in m.items):
        missing.append(("ingen nummererede dagsordenspunkter", None))
    for what, example in missing:
        if example:
            hint = (f"angiv det i front matter øverst i filen (mellem to linjer '---'), fx '{example}', "
                    f"eller i en .yml-fil med samme navn ved siden af filen")
            m.warnings.append(ParseWarning(line, f"{what} fundet; {hint}"))
        else:
            m.warnings.append(ParseWarning(line, f"{what} fundet ('Punkt 1: …', '1. …'); teksten er læst som ét "
                                                 f"punkt uden nummer"))
