"""Saved web pages (``.html``, ``.htm``) → blocks that keep the page's structure.

Reads the page with lxml's HTML parser (a forgiving parser, as browsers are: municipal pages are
rarely valid), drops what is not the referat — scripts, styles, navigation, cookie banners, forms,
dialogs, "Til toppen", "Hent som PDF", "Kopier link" — and walks the rest in document order:

- headings (``h1``–``h6``) become heading lines, their levels relative to the page's items (1 for the
  page and item titles, 2 for an item's sections, 3 and deeper for sub-headings);
- paragraphs, ``div``s and list items become blocks; ``<br>`` breaks a line; bold text stays ``**bold**``;
- tables become TAB-separated rows, except a table of agenda items — rows of a number cell and a title
  (First Agenda's Publication layout: number, title, case number and the item's text in one row) —
  whose rows become item headings that carry their number (:attr:`~referatarkiv.normalize.Line.number`);
- links to ``http(s)`` addresses are kept as Markdown links; attachment links keep their address.

Only the page's text is read: nothing is fetched, nothing in it runs.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urljoin

import lxml.html
from lxml import etree

from .normalize import Block, Line, normalize_chars

# elements that never hold the referat's text
_DROP_TAGS = {
    "script", "style", "noscript", "template", "svg", "canvas", "iframe", "object", "embed", "head", "nav", "footer",
    "aside", "select", "input", "textarea", "option", "dialog", "audio", "video", "map", "link", "meta",
}
# class or id words of page furniture: cookie banners, menus, breadcrumbs, share and print buttons, dialogs
_FURNITURE_RE = re.compile(
    r"(?:^|[\s_-])(?:cookie\w*|consent|gdpr|breadcrumbs?|navbar|nav|menu|dropdown|skip|share|social|sharing|print|"
    r"modal|popup|overlay|spinner|tilbage|back-to\w*|sidebar|footer|site-header|topbar|toolbar|search|"
    r"visually-hidden|sr-only|hidden|tooltip)(?:$|[\s_-])",
    re.IGNORECASE,
)
_ROLES = {"navigation", "banner", "contentinfo", "search", "dialog", "alertdialog", "menu", "menubar", "toolbar"}
_BLOCK_TAGS = {
    "p", "div", "section", "article", "main", "header", "blockquote", "pre", "address", "figure", "figcaption",
    "dl", "dt", "dd", "ul", "ol", "li", "table", "tr", "center", "details", "summary", "fieldset",
}
_HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
_BOLD_TAGS = {"b", "strong"}
_FILE_TYPE_RE = re.compile(r"^(?:pdf|docx?|xlsx?|pptx?|odt|ods|zip|txt|rtf|jpe?g|png|mp3|mp4)$", re.IGNORECASE)
_NUMBER_CELL_RE = re.compile(r"^\s*(?:punkt\s*|pkt\.?\s*)?(?P<n>\d{1,4})\s*[.:)]?\s*$", re.IGNORECASE)
_SPACE_RE = re.compile(r"[ \t\r\f\v\u00a0]+")
_ENCODING_DECL_RE = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)


@dataclass
class HtmlPage:
    blocks: list[Block]
    title: str | None = None  # the page's <title>
    url: str | None = None  # the page's own address, when the saved page names it (canonical link, og:url, base)
    warnings: list[tuple[int, str]] = field(default_factory=list)


def looks_like_html(text: str) -> bool:
    """A text that is a web page's source (a saved page named .txt, say)."""
    head = text[:2000].lower()
    return "<html" in head or "<!doctype html" in head or ("<body" in head and "</" in head)


def read_html(text: str) -> HtmlPage:
    """Parse a saved web page's source (already decoded) into blocks."""
    text = _ENCODING_DECL_RE.sub("", text, count=1)
    try:
        doc = lxml.html.document_fromstring(text)
    except (etree.ParserError, ValueError):
        return HtmlPage(blocks=[], warnings=[(1, "siden kunne ikke læses som HTML")])
    title = _page_title(doc)
    url = _page_url(doc)
    _drop_furniture(doc)
    root = _content_root(doc)
    w = _Walker(url)
    w.walk(root)
    w.end_block()
    blocks = _relevel(w.blocks)
    return HtmlPage(blocks=blocks, title=title, url=url)


def _page_title(doc) -> str | None:
    t = doc.find(".//title")
    if t is not None and t.text_content().strip():
        return " ".join(t.text_content().split())
    return None


def _page_url(doc) -> str | None:
    for xp in ('//link[@rel="canonical"]/@href', '//meta[@property="og:url"]/@content', "//base/@href"):
        found = doc.xpath(xp)
        if found and str(found[0]).startswith(("http://", "https://")):
            return str(found[0])
    # "<!-- saved from url=(0066)https://… -->", as browsers write it
    for c in doc.xpath("//comment()")[:5]:
        m = re.search(r"saved from url=\(\d+\)(https?://\S+)", c.text or "")
        if m:
            return m.group(1)
    return None


def _is_furniture(el) -> bool:
    tag = el.tag if isinstance(el.tag, str) else ""
    if tag in _DROP_TAGS:
        return True
    if tag == "button":
        # a button that opens a section carries its title ("<button><h2>Titel</h2></button>", "<button>3. Vejplan
        # </button>"); a control says a word or two ("Luk", "Vis mere")
        if any(isinstance(h.tag, str) and h.tag in _HEADINGS for h in el.iter()):
            return False
        label = " ".join(el.text_content().split())
        return len(label) < 25 and not label[:1].isdigit()
    # Content hidden until a reader opens it (a collapsed item: hidden, aria-hidden, display:none) is the
    # referat's text all the same, so hidden elements are kept; only furniture by role and name goes.
    role = (el.get("role") or "").lower()
    if role in _ROLES:
        return True
    words = f"{el.get('class') or ''} {el.get('id') or ''}"
    return bool(words.strip()) and _FURNITURE_RE.search(words) is not None


def _drop_furniture(doc) -> None:
    for el in list(doc.iter()):
        if not isinstance(el.tag, str):
            if isinstance(el, etree._Comment) or isinstance(el, etree._ProcessingInstruction):
                _remove(el)
            continue
        if el.getparent() is not None and _is_furniture(el):
            _remove(el)


def _remove(el) -> None:
    """Remove an element but keep the text after it (lxml keeps it in ``tail``)."""
    parent = el.getparent()
    if parent is None:
        return
    tail = el.tail
    prev = el.getprevious()
    parent.remove(el)
    if tail:
        if prev is not None:
            prev.tail = (prev.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail


def _content_root(doc):
    for xp in ("//main", '//*[@role="main"]', "//article", '//*[@id="content"]', '//*[@id="main"]'):
        found = doc.xpath(xp)
        if len(found) == 1 and len(found[0].text_content().strip()) > 200:
            return found[0]
    body = doc.find("body")
    return body if body is not None else doc


class _Walker:
    """Walks the content in document order, collecting lines into blocks."""

    def __init__(self, base_url: str | None):
        self.base = base_url
        self.blocks: list[Block] = []
        self.lines: list[Line] = []  # lines of the block being built
        self.parts: list[str] = []  # text of the line being built
        self.line_bold = True  # every piece of the current line was bold so far
        self.any_text = False
        self.no = 0  # pseudo line numbers: the order of lines on the page

    # -- building lines and blocks

    def text(self, s: str | None, bold: bool) -> None:
        if not s:
            return
        s = _SPACE_RE.sub(" ", s.replace("\n", " "))
        if not s.strip():
            if self.parts and not self.parts[-1].endswith(" "):
                self.parts.append(" ")
            return
        if not self.parts:
            s = s.lstrip()
        self.parts.append(s)
        if not bold:
            self.line_bold = False
        self.any_text = True

    def end_line(self, heading: int = 0, number: int | None = None) -> None:
        text = "".join(self.parts).strip().replace("****", "")
        bold = self.line_bold and self.any_text
        self.parts, self.line_bold, self.any_text = [], True, False
        if "**" in text:
            if heading or number is not None or bold:
                text = text.replace("**", "")  # a heading's or a bold line's own bold is no markup in its text
            elif text.startswith("**") and text.endswith("**") and text.count("**") == 2:
                text, bold = text[2:-2].strip(), True
        text = text.strip()
        if not text or not text.strip("*"):
            return
        self.no += 1
        self.lines.append(Line(self.no, text, heading, bool(bold and not heading), number))

    def end_block(self) -> None:
        self.end_line()
        if self.lines:
            self.blocks.append(Block(self.lines))
            self.lines = []

    # -- the walk

    def walk(self, el, bold: bool = False) -> None:
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag in _HEADINGS:
            self.end_block()
            long = len(el.text_content()) > 150
            self.inline(el, bold=long)
            # a "heading" of a paragraph's length is a misused tag: bold text, not a heading
            self.end_line(heading=0 if long else _HEADINGS[tag])
            self.end_block()
        elif tag == "table":
            self.end_block()
            self.table(el)
        elif tag in ("ul", "ol"):
            self.end_block()
            self.list(el, ordered=(tag == "ol"))
            self.end_block()
        elif tag == "br":
            self.end_line()
        elif tag in _BLOCK_TAGS:
            self.end_block()
            self.text(el.text, bold)
            for child in el:
                self.walk(child, bold)
                self.text(child.tail, bold)
            self.end_block()
        else:
            self.inline_el(el, bold)

    def inline(self, el, bold: bool) -> None:
        """The text inside ``el`` as one line (headings, cells)."""
        self.text(el.text, bold)
        for child in el:
            self.inline_el(child, bold)
            self.text(child.tail, bold)

    def inline_el(self, el, bold: bool) -> None:
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag in ("br",):
            self.end_line()
            return
        if tag in _BLOCK_TAGS or tag in _HEADINGS or tag in ("table", "ul", "ol"):
            self.walk(el, bold)
            return
        if tag == "a":
            self.link(el, bold)
            return
        if tag in ("span", "em", "i", "u", "small", "label", "font", "abbr", "sup", "sub", "mark", "time") and \
                _FILE_TYPE_RE.match(el.text_content().strip()) and el.getnext() is not None and el.getnext().tag == "a":
            return  # "PDF" before an attachment link: a file-type label
        b = bold or tag in _BOLD_TAGS
        before = "".join(self.parts[-1:])[-1:]
        after = (el.tail or " ")[:1]
        # bold that starts or ends inside a word ("S<b>pildevand</b>") is no emphasis worth markup
        starts_bold = bool(b and not bold and el.text_content().strip() and not before.isalnum() and not after.isalnum())
        if starts_bold:
            self.parts.append("**")  # bold text inside a line: Markdown's bold around it
        self.text(el.text, b)
        for child in el:
            self.inline_el(child, b)
            self.text(child.tail, b)
        if starts_bold:
            if self.parts and self.parts[-1].endswith(" "):
                self.parts[-1] = self.parts[-1].rstrip()
                self.parts.append("** ")
            else:
                self.parts.append("**")

    def link(self, el, bold: bool) -> None:
        label = " ".join(el.text_content().split())
        href = (el.get("href") or "").strip()
        if not label:
            return
        url = urljoin(self.base, href) if self.base and href and not href.startswith(("#", "javascript:")) else href
        if url.startswith(("http://", "https://")) and label != url and "](" not in label:
            self.text(f"[{_escape_link_text(label)}]({url.replace(' ', '%20').replace(')', '%29')})", bold)
        else:
            self.text(label, bold)

    def list(self, el, ordered: bool) -> None:
        n = int(el.get("start") or 1) if (el.get("start") or "1").isdigit() else 1
        for li in el:
            if not isinstance(li.tag, str):
                continue
            if li.tag != "li":
                self.walk(li)
                continue
            self.end_line()
            self.parts.append(f"{n}. " if ordered else "- ")
            n += 1
            self.text(li.text, False)
            nested = []
            for child in li:
                if child.tag in ("ul", "ol"):
                    nested.append(child)
                    continue
                if child.tag in _BLOCK_TAGS - {"li"} or child.tag in _HEADINGS:
                    self.inline(child, False)  # a paragraph inside a list item stays the item's text
                else:
                    self.inline_el(child, False)
                self.text(child.tail, False)
            if "".join(self.parts).strip() in ("-", f"{n - 1}."):
                self.parts = []
            self.end_line()
            for sub in nested:
                self.list(sub, ordered=(sub.tag == "ol"))

    def table(self, el) -> None:
        rows = [r for r in el.iter("tr") if _own_table(r, el)]
        if rows and _is_item_table(rows):
            for r in rows:
                self.item_row(r)
            return
        for r in rows:
            cells = [c for c in r if isinstance(c.tag, str) and c.tag in ("td", "th")]
            texts = []
            for c in cells:
                sub = _Walker(self.base)
                sub.inline(c, False)
                sub.end_block()
                # a cell's paragraphs and lines become one cell of the row: a table keeps one row a line
                texts.append(" ".join(ln.text for b in sub.blocks for ln in b.lines).replace("\t", " "))
            if any(t.strip() for t in texts):
                self.no += 1
                self.lines.append(Line(self.no, "\t".join(texts) if len(texts) > 1 else texts[0]))
        self.end_block()

    def item_row(self, r) -> None:
        """A row of an agenda table: number cell, then the title (a heading or the first text) and the item."""
        cells = [c for c in r if isinstance(c.tag, str) and c.tag in ("td", "th")]
        if not cells or all(c.tag == "th" for c in cells):
            return  # the table's own header row ("Punkt | Titel")
        m = _NUMBER_CELL_RE.match(cells[0].text_content())
        if not m:
            for c in cells:
                self.walk(c)
            self.end_block()
            return
        number = int(m.group("n"))
        rest = cells[1:]
        heading = None
        for c in rest:
            hs = [h for h in c.iter() if isinstance(h.tag, str) and h.tag in _HEADINGS and h.text_content().strip()]
            if hs:
                heading = hs[0]
                break
        self.end_block()
        if heading is not None:
            self.inline(heading, False)
            heading.getparent().remove(heading) if heading.getparent() is not None else None
        else:
            first = rest[0] if rest else None
            if first is not None:
                self.inline(first, False)
                rest = rest[1:]
        self.end_line(heading=1, number=number)
        self.end_block()
        for c in rest:
            self.walk(c)
        self.end_block()


def _escape_link_text(s: str) -> str:
    return s.replace("[", "(").replace("]", ")")


def _own_table(tr, table) -> bool:
    """A row of this table, not of a table nested inside one of its cells."""
    p = tr.getparent()
    while p is not None and p is not table:
        if p.tag == "table":
            return False
        p = p.getparent()
    return True


def _is_item_table(rows) -> bool:
    """Rows whose first cell is an item number and whose other cells hold a title and the item's text."""
    numbered = 0
    for r in rows:
        cells = [c for c in r if isinstance(c.tag, str) and c.tag in ("td", "th")]
        if len(cells) < 2:
            continue
        if _NUMBER_CELL_RE.match(cells[0].text_content()):
            has_heading = any(isinstance(h.tag, str) and h.tag in _HEADINGS for c in cells[1:] for h in c.iter())
            long_text = sum(len(c.text_content()) for c in cells[1:]) > 200
            if has_heading or long_text:
                numbered += 1
    return numbered >= 1 and numbered * 2 >= len([r for r in rows if len(r)])


# --- heading levels ---------------------------------------------------------------------------

_NUMBERED_RE = re.compile(r"^(?:punkt\s*|pkt\.?\s*|sag\s+nr\.?\s*)?\d{1,4}\b", re.IGNORECASE)


def _relevel(blocks: list[Block]) -> list[Block]:
    """Heading levels relative to the page's items: 1 for item (and page) titles, 2 for every heading inside an
    item (a page marks its sections as headings of any level, and nests them as it likes: First Agenda puts
    "Resume", "Indstilling" … under a "Fremstilling"). Pages use any level for any of these."""
    heads = [ln for b in blocks for ln in b.lines if ln.heading]
    if not heads:
        return blocks
    item_levels = [ln.heading for ln in heads if ln.number is not None]
    if not item_levels:
        numbered = [ln.heading for ln in heads if _NUMBERED_RE.match(ln.text)]
        item_levels = numbered
    if item_levels:
        item = max(set(item_levels), key=item_levels.count)
    else:
        item = min(ln.heading for ln in heads) - 1
    for ln in heads:
        ln.heading = 1 if ln.number is not None or ln.heading <= item else 2
    return blocks


def html_to_blocks(text: str) -> list[Block]:
    """The blocks of a fragment of HTML (a structured source's section text), with the same rules."""
    text = normalize_chars(text)
    try:
        frag = lxml.html.fragment_fromstring(text, create_parent="div")
    except (etree.ParserError, ValueError):
        return []
    w = _Walker(None)
    w.walk(frag)
    w.end_block()
    return _relevel(w.blocks)
