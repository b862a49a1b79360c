"""site/timeline_html.py: timelines and the outcome chart as HTML — every text value inert, links only
within the site, a punkt's timeline marked for the search index to skip, and each block passed
through by Python-Markdown whole."""
from __future__ import annotations

from html.parser import HTMLParser

import markdown

from referatarkiv.site import timeline_html
from referatarkiv.slugs import slugify_heading

HOSTILE = """<script>alert(1)</script> {{ x }} {% raw %} "dobbelt" 'enkelt' & <!-- --> &amp;"""


class Parsed(HTMLParser):
    """Tags, attributes and text of an HTML fragment, as a browser would read them."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.texts: list[str] = []
        self.comments: list[str] = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        if data.strip():
            self.texts.append(data)

    def handle_comment(self, data):
        self.comments.append(data)


def hostile_step(**extra) -> dict:
    return {"date": HOSTILE, "date_text": HOSTILE, "body": HOSTILE, "kind_label": HOSTILE,
            "badges": [{"label": HOSTILE, "slug": HOSTILE, "count": 3}], "excerpt": HOSTILE,
            "url": f"../{HOSTILE}/", "link_text": HOSTILE, "expected": False, "current": False,
            "final": True, "sources": [HOSTILE, HOSTILE], **extra}


def test_every_text_value_of_a_step_comes_out_as_text():
    tl = {"id": "punkt", "label": HOSTILE, "status_label": HOSTILE, "status": HOSTILE, "open": True,
          "steps": [hostile_step()]}
    html = timeline_html.timeline(tl)
    assert "<script" not in html and "{{" not in html and "{%" not in html and "%}" not in html
    assert "&#123;&#123; x &#125;&#125;" in html and "&#123;% raw %&#125;" in html
    page = Parsed(html)
    assert {tag for tag, _ in page.tags} == {"div", "p", "strong", "ol", "li", "time", "span", "a"}
    # the comments are the search marks only: a "<!--" in the text stays text
    assert page.comments == ["ra-noindex", "/ra-noindex"]
    # each text is the referat's, whole, and no attribute was ended early by a quote
    assert HOSTILE in page.texts and f"{HOSTILE}:" in page.texts and f"Kilde: {HOSTILE}, {HOSTILE}" in page.texts
    attrs = {name: value for _, a in page.tags for name, value in a.items()}
    assert attrs["aria-label"] == HOSTILE and attrs["datetime"] == HOSTILE and attrs["href"] == f"../{HOSTILE}/"
    assert f"ra-badge ra-badge--{HOSTILE}" in [a.get("class") for _, a in page.tags]
    assert set(attrs) == {"class", "data-pagefind-ignore", "data-search-exclude", "aria-label", "datetime", "aria-hidden", "href"}


def test_text_escapes_html_quotes_and_template_braces_and_keeps_one_line():
    assert timeline_html.text('<b a="1">\'x\' & {{ y }}</b>') == (
        "&lt;b a=&quot;1&quot;&gt;&#x27;x&#x27; &amp; &#123;&#123; y &#125;&#125;&lt;/b&gt;")
    assert timeline_html.text("a\n\nb\r\x02c\x03") == "a b c "
    assert timeline_html.text("7\u00a0punkter") == "7\u00a0punkter"
    assert timeline_html.text(None) == "" and timeline_html.text(12) == "12"


def test_a_link_is_kept_only_when_it_stays_within_the_site():
    def link(url):
        return Parsed(timeline_html.step(hostile_step(url=url, link_text="Punkt 3")))

    for url in ["javascript:alert(1)", "https://example.invalid/", "data:text/html,x", "", None]:
        assert "a" not in [tag for tag, _ in link(url).tags], url
    assert ("a", {"href": "../2020-03-02/punkt-3/"}) in link("../2020-03-02/punkt-3/").tags
    assert "Gå til punktet" in Parsed(timeline_html.step(hostile_step(url="../x/", link_text=None))).texts


def test_an_expected_step_shows_no_outcome_and_the_current_step_is_marked():
    expected = timeline_html.step(hostile_step(expected=True, final=None))
    assert "ra-badge" not in expected and "Forventet" in expected and "ra-timeline__step--expected" in expected
    current = timeline_html.step(hostile_step(current=True))
    assert current.startswith('<li class="ra-timeline__step ra-timeline__step--held ra-timeline__step--current" '
                              'aria-current="step">')
    assert "Denne side" in current and 'aria-current' not in timeline_html.step(hostile_step())


def test_only_a_punkt_timeline_is_left_out_of_the_search_index():
    steps = [hostile_step()]
    punkt = timeline_html.timeline({"id": "punkt", "label": "Sagens forløb", "steps": steps})
    assert punkt.startswith('<!--ra-noindex-->\n<div class="ra-tl" data-pagefind-ignore data-search-exclude>')
    assert punkt.endswith("</div>\n<!--/ra-noindex-->")
    sag = timeline_html.timeline({"id": "sag", "label": "Sagens forløb", "steps": steps})
    assert sag.startswith('<div class="ra-tl">\n') and "noindex" not in sag


def test_the_chart_is_a_table_with_a_bar_per_year_scaled_to_the_largest():
    chart = timeline_html.chart({
        "caption": "Udfald", "note": HOSTILE, "max": 4,
        "outcomes": [{"key": "godkendt", "label": "Godkendt", "slug": "godkendt"},
                     {"key": "udsat", "label": "Udsat", "slug": "udsat"}],
        "rows": [{"year": 2020, "cells": [3, 1], "total": 4}, {"year": 2021, "cells": [0, 1], "total": 1}]})
    assert chart.startswith('<figure class="ra-chart">') and chart.endswith("</figure>")
    assert '<th scope="row">2020</th>\n<td class="ra-chart__num">3</td>\n<td class="ra-chart__num">1</td>' in chart
    assert ('<span class="ra-chart__track" style="width: 100.0%"><span class="ra-chart__seg ra-badge--godkendt" '
            'style="flex-grow: 3"></span><span class="ra-chart__seg ra-badge--udsat" style="flex-grow: 1"></span>'
            '</span>') in chart
    # a year without a godkendt has no empty segment for it
    assert ('style="width: 25.0%"><span class="ra-chart__seg ra-badge--udsat" style="flex-grow: 1"></span></span>'
            in chart)
    assert f"<figcaption>{HOSTILE}</figcaption>" not in chart and HOSTILE in Parsed(chart).texts


def test_python_markdown_passes_each_block_through_whole():
    tl = {"id": "punkt", "label": "Sagens forløb", "status_label": "Status", "status": "Åben\n\nsag",
          "steps": [hostile_step(excerpt="Første afsnit.\n\n    Indrykket *ikke kursiv*"), hostile_step(current=True)]}
    ch = {"caption": "Udfald", "max": 1, "outcomes": [{"label": "Godkendt", "slug": "godkendt"}],
          "rows": [{"year": 2020, "cells": [1], "total": 1}]}
    blocks = [timeline_html.timeline(tl), timeline_html.chart(ch)]
    for block in blocks:
        assert "\n\n" not in block and not block.startswith((" ", "\n"))
    md = "## Sagens forløb\n\n" + "\n\n".join(blocks) + "\n\nEfter *blokken*.\n"
    out = markdown.markdown(md, extensions=["toc", "tables", "admonition", "attr_list", "sane_lists",
                                            "referatarkiv.site.mdext"],
                            extension_configs={"toc": {"permalink": True, "slugify": slugify_heading}})
    for block in blocks:
        assert block in out  # untouched: no <p> around it, no Markdown read inside it
    assert "<em>ikke kursiv</em>" not in out and "<p>Efter <em>blokken</em>.</p>" in out
    assert "<script" not in out
