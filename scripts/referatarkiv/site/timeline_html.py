"""Decision timelines and the udvalg outcome chart as HTML, written straight into a page's Markdown.

Takes the data :mod:`.timelines` builds (a timeline dict, a chart dict) and gives the HTML the
page shows: ``<div class="ra-tl">`` with an ``<ol class="ra-timeline">``, and ``<figure
class="ra-chart">`` with a table. It is made here, at generation time, so the theme does nothing
for timelines and every engine that renders the Markdown shows the same HTML (Material's Jinja
templates and Zensical's MiniJinja ones, which have no string methods to splice it in).

Python-Markdown must pass each result through untouched, as raw HTML: it starts at column 0 and
has no blank line inside (a blank line would end the block and the rest would be read as
Markdown); the callers put a blank line before and after it. Every value from the data is text
from a referat or built from one: it goes through :func:`text`, numbers through ``int``, and a link
is kept only when it is relative.
"""
from __future__ import annotations

import html
import re

# Line breaks would split the raw HTML block (a blank line ends it, and Markdown would read the
# rest); STX/ETX are Python-Markdown's own placeholders. The timeline data has none of them
# (timelines.clean), but this module does not rely on its callers for that.
_CONTROL = re.compile(r"[\x00-\x1f\x7f]+")

_FLAG_EXPECTED = ' <span class="ra-timeline__flag ra-timeline__flag--expected">Forventet</span>'
_FLAG_CURRENT = ' <span class="ra-timeline__flag ra-timeline__flag--current">Denne side</span>'
_FLAG_FINAL = ' <span class="ra-timeline__flag ra-timeline__flag--final">Endelig beslutning</span>'
# The visible "·" is hidden from screen readers, which read a comma instead (kept out of Pagefind's
# excerpts, README "Search").
_BETWEEN = '<span aria-hidden="true"> · </span><span class="ra-visually-hidden" data-pagefind-ignore>, </span>'
_DEFAULT_LINK_TEXT = "Gå til punktet"


def text(value: object) -> str:
    """``value`` as inert HTML text: escaped with both quotes, braces as entities (no template
    engine reads ``{{ … }}`` or ``{% … %}`` in it), control characters and line breaks as spaces."""
    s = html.escape("" if value is None else str(value), quote=True)
    if "{" in s or "}" in s:
        s = s.replace("{", "&#123;").replace("}", "&#125;")
    if not s.isprintable():  # a quick test; a no-break space fails it too, and the regex keeps it
        s = _CONTROL.sub(" ", s)
    return s


def relative_url(url: object) -> str | None:
    """``url`` when it is a link within the site (relative, no scheme), else None."""
    if not url or not isinstance(url, str) or ":" in url:
        return None
    return url


def _badge(b: dict) -> str:
    count = b.get("count")
    tail = f': <span class="ra-badge__count">{int(count)}</span>' if count else ""
    return f'<span class="ra-badge ra-badge--{text(b.get("slug"))}">{text(b.get("label"))}{tail}</span> '


def step(s: dict) -> str:
    """One ``<li>`` of a timeline; an expected step never shows outcome badges."""
    expected, current = bool(s.get("expected")), bool(s.get("current"))
    cls = "ra-timeline__step ra-timeline__step--expected" if expected else "ra-timeline__step ra-timeline__step--held"
    if current:
        cls += " ra-timeline__step--current"

    date_text = text(s.get("date_text"))
    when = f'<time datetime="{text(s["date"])}">{date_text}</time>' if s.get("date") else f"<span>{date_text}</span>"
    if expected:
        when += _FLAG_EXPECTED
    if current:
        when += _FLAG_CURRENT
    if s.get("final") is True:
        when += _FLAG_FINAL

    body, kind = s.get("body"), s.get("kind_label")
    what = ""
    if body:
        what = f'<strong class="ra-timeline__body">{text(body)}</strong>' + (_BETWEEN if kind else "")
    if kind:
        what += f'<span class="ra-timeline__kind">{text(kind)}</span>'

    aria = ' aria-current="step"' if current else ""
    lines = [f'<li class="{cls}"{aria}>', f'<p class="ra-timeline__when">{when}</p>',
             f'<p class="ra-timeline__what">{what}</p>']
    badges = s.get("badges")
    if badges and not expected:
        lines.append(f'<p class="ra-timeline__badges">{"".join(_badge(b) for b in badges)}</p>')
    if s.get("excerpt"):
        lines.append(f'<p class="ra-timeline__excerpt">{text(s["excerpt"])}</p>')
    url = relative_url(s.get("url"))
    if url:
        link_text = text(s.get("link_text") or _DEFAULT_LINK_TEXT)
        lines.append(f'<p class="ra-timeline__link"><a href="{text(url)}">{link_text}</a></p>')
    sources = s.get("sources")
    if sources:
        lines.append(f'<p class="ra-timeline__sources">Kilde: {text(", ".join(map(str, sources)))}</p>')
    lines.append("</li>")
    return "\n".join(lines)


def timeline(tl: dict) -> str:
    """A timeline: its status line and its steps as an ordered list.

    A punkt's timeline (id ``punkt``) quotes the other meetings of its case, whose own pages are
    indexed: it is left out of both engines' search indexes (data-pagefind-ignore; Material's
    data-search-exclude), so a search finds each decision once, and marked ``<!--ra-noindex-->`` so ``search.engines`` cuts it from the copy
    Pagefind reads. Text here is escaped, so it cannot contain a comment. A sag's timeline is its
    page's content and stays in."""
    punkt = tl.get("id") == "punkt"
    lines = ["<!--ra-noindex-->"] if punkt else []
    lines.append(f'<div class="ra-tl{" ra-tl--open" if tl.get("open") else ""}"'
                 f'{" data-pagefind-ignore data-search-exclude" if punkt else ""}>')
    if tl.get("status"):
        label = tl.get("status_label")
        if label:
            lines.append(f'<p class="ra-tl__status"><strong class="ra-tl__status-label">{text(label)}:</strong> '
                         f'{text(tl["status"])}</p>')
        else:
            lines.append(f'<p class="ra-tl__status ra-tl__status--plain">{text(tl["status"])}</p>')
    lines.append(f'<ol class="ra-timeline" aria-label="{text(tl.get("label"))}">')
    lines.extend(step(s) for s in tl.get("steps") or ())
    lines.append("</ol>")
    lines.append("</div>")
    if punkt:
        lines.append("<!--/ra-noindex-->")
    return "\n".join(lines)


def chart(ch: dict) -> str:
    """The outcome chart: a table of counts per year and outcome, each row with a bar of its
    outcomes (hidden from screen readers, which have the numbers)."""
    outcomes = ch.get("outcomes") or []
    slugs = [text(o.get("slug")) for o in outcomes]
    top = max(int(ch.get("max") or 0), 1)
    lines = ['<figure class="ra-chart">', '<table class="ra-chart__table">',
             f"<caption>{text(ch.get('caption'))}</caption>", "<thead>", "<tr>", '<th scope="col">År</th>']
    lines.extend(f'<th scope="col" class="ra-chart__num"><span class="ra-chart__swatch ra-badge--{slug}" '
                 f'aria-hidden="true"></span>{text(o.get("label"))}</th>' for o, slug in zip(outcomes, slugs))
    lines += ['<th scope="col" class="ra-chart__num">I alt</th>',
              '<th scope="col" class="ra-chart__barcol" aria-hidden="true">Fordeling</th>',
              "</tr>", "</thead>", "<tbody>"]
    for row in ch.get("rows") or ():
        cells = [int(n) for n in row.get("cells") or ()]
        total = int(row.get("total") or 0)
        segments = "".join(f'<span class="ra-chart__seg ra-badge--{slug}" style="flex-grow: {n}"></span>'
                           for n, slug in zip(cells, slugs) if n > 0)
        lines.append("<tr>")
        lines.append(f'<th scope="row">{int(row["year"])}</th>')
        lines.extend(f'<td class="ra-chart__num">{n}</td>' for n in cells)
        lines.append(f'<td class="ra-chart__num ra-chart__total">{total}</td>')
        lines.append(f'<td class="ra-chart__bar" aria-hidden="true"><span class="ra-chart__track" '
                     f'style="width: {round(100 * total / top, 1)}%">{segments}</span></td>')
        lines.append("</tr>")
    lines += ["</tbody>", "</table>"]
    if ch.get("note"):
        lines.append(f"<figcaption>{text(ch['note'])}</figcaption>")
    lines.append("</figure>")
    return "\n".join(lines)
