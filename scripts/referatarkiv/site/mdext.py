"""A Python-Markdown extension that renders the escaped text of :mod:`.mdtext` in linear time.

:mod:`.mdtext` makes referat text safe by escaping every character Markdown would read as syntax
(``\\[``, ``\\*``, ``&lt;``, ``&#123;`` …). Python-Markdown turns each escape into a placeholder by
rebuilding the whole text of its paragraph (``InlineProcessor`` in ``treeprocessors.py``), so a
paragraph with *n* escapes costs *n* × its length: 80 KB of ``[x](`` took 3.2 s, 320 KB 72 s.

This extension adds one inline pattern, tried before Python-Markdown's escapes and entities, that
takes a whole *run* of such text at once — plain characters, backslash escapes and the entities
mdtext writes, up to the next real Markdown syntax (our own links, emphasis, code, HTML) — and
stores it as the HTML Python-Markdown would have made of it: the escapes undone, the entities
kept. A run is one match, so a paragraph costs a constant number of rebuilds, however many escapes
it has (mdtext also caps the rebuilt markup per paragraph, ``mdtext.MARKUP_PER_BLOCK``). The
output is the same HTML as without the extension (``tests/site/test_mdext.py`` compares them).

Text that is not mdtext's is left to Python-Markdown: a run needs at least one escape or entity to
match, and ends at anything that could be syntax. The MkDocs plugin adds the extension
(``referatarkiv.site.mdext``) when mkdocs.yml does not list it; without it the pages render the
same, only slower on hostile input.
"""
from __future__ import annotations

import re

from markdown import Extension
from markdown.inlinepatterns import InlineProcessor

# Backslash escapes Python-Markdown knows (``Markdown.ESCAPED_CHARS``, with "|" from the tables
# extension), and the entities mdtext writes. Which of them a given Markdown instance undoes is
# checked per match (``md.ESCAPED_CHARS``), as Python-Markdown does.
_ESCAPABLE = r"\\`*_{}\[\]()>#+\-.!|"
_ENTITY = r"&(?:amp|lt|gt|quot|#\d{1,6});"
_ESCAPE = rf"\\[{_ESCAPABLE}]"
# Characters a run stops at: syntax, the start of an escape or entity, tabs, and Python-Markdown's
# own placeholders (STX … ETX), whose insides a run must never take.
_STOP = r"\\`*_\[\]()#!|&<>{}\x02\x03\t"
_CHAR = rf"[^{_STOP} \n]"  # plain text
_TOKEN = rf"(?:{_CHAR}|{_ESCAPE}|{_ENTITY})"
# Spaces and line breaks only between tokens: a run never takes the spaces of a hard line break
# ("  \n"), nor the space or newline before an attribute list ("… { #anchor }", "\n{ .md-button }").
_GAP = rf"(?: +|\n)(?={_TOKEN})"
# A run starts where the text before it cannot belong to one (so a failed attempt is not retried
# inside the same stretch of text: linear), never right after a backslash or inside an entity
# ("&amp;", "&#123;"), holds at least one escape or entity (plain text is left alone), and is
# matched possessively (no backtracking).
RUN_RE = (rf"(?<![^{_STOP}])(?<![\\&])(?<!&\#)(?:{_CHAR}|{_GAP})*+(?:{_ESCAPE}|{_ENTITY})"
          rf"(?:{_TOKEN}|{_GAP})*+")
_UNESCAPE = re.compile(_ESCAPE)
_HTML_CHAR = {"<": "&lt;", ">": "&gt;", "&": "&amp;"}


class EscapedRunProcessor(InlineProcessor):
    """One run of escaped text → one raw-HTML placeholder: the HTML Python-Markdown would make of it
    (its escapes undone and HTML-escaped, entities kept, plain text as it is)."""

    def handleMatch(self, m: re.Match[str], data: str):  # noqa: N802 - Python-Markdown's name
        escapable = set(self.md.ESCAPED_CHARS)

        def undo(e: re.Match[str]) -> str:
            ch = e.group(0)[1]
            return _HTML_CHAR.get(ch, ch) if ch in escapable else e.group(0)

        return self.md.htmlStash.store(_UNESCAPE.sub(undo, m.group(0))), m.start(0), m.end(0)


class EscapedRunExtension(Extension):
    def extendMarkdown(self, md):  # noqa: N802 - Python-Markdown's name
        # After code spans (190: their text stays code), before escapes (180) and everything else.
        md.inlinePatterns.register(EscapedRunProcessor(RUN_RE, md), "referatarkiv_escaped_run", 185)


def makeExtension(**kwargs):  # noqa: N802 - the name Python-Markdown looks for
    return EscapedRunExtension(**kwargs)
