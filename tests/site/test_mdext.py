"""site/mdext.py: escaped referat text renders to the same HTML with the extension as without it,
and a paragraph of escapes renders in linear time (issue #15, item 6).

The time is checked by counting, not timing: Python-Markdown rebuilds a paragraph's text once per
inline match, so the number of matches in one paragraph is what makes it quadratic."""
from __future__ import annotations

import markdown
from hypothesis import given, settings
from hypothesis import strategies as st

from referatarkiv.site import mdtext
from referatarkiv.slugs import slugify_heading

EXTENSIONS = ["toc", "tables", "admonition", "attr_list", "sane_lists"]
CONFIG = {"toc": {"permalink": True, "slugify": slugify_heading}}


def html(md: str, ext: bool) -> str:
    return markdown.markdown(md, extensions=EXTENSIONS + (["referatarkiv.site.mdext"] if ext else []),
                             extension_configs=CONFIG)


# Characters that are Markdown, HTML, entity or Jinja syntax, placeholders' and line breaks' parts.
TRICKY = st.lists(st.sampled_from(list("ab \n\t\\`*_[]()#!|&<>{}=-+.:;\"'1x\x02\x03æ") +
                                  ["&amp;", "&#123;", "  \n", "**", "[x](", "](http://a.b/)", "{ #a }",
                                   "\n{ .c }", "`c`", "- ", "1. ", "| a | b |\n"]),
                  max_size=60).map("".join)


@settings(max_examples=400, deadline=None)
@given(TRICKY)
def test_same_html_as_python_markdown_for_escaped_text(text):
    md = mdtext.render_text(text)
    assert html(md, True) == html(md, False)


@settings(max_examples=200, deadline=None)
@given(TRICKY, TRICKY)
def test_same_html_around_the_page_modules_own_markup(title, body):
    """Headings with attribute lists, links, hard breaks, admonitions and buttons as the page modules write them."""
    md = (f"# {mdtext.heading_text(title)}\n\n## {mdtext.heading_text(title)} {{ #afsnit }}\n\n"
          f"- {mdtext.link(title, '../x/index.md')}  \n  {mdtext.escape_inline(body, line_start=False)}\n\n"
          f"!!! note \"Beslutning\"\n\n{mdtext.indent(mdtext.render_text(body))}\n\n"
          f"{mdtext.link(title, 'a.pdf')}\n{{ .md-button }}\n\n`committee:` {mdtext.one_line(body)}\n")
    assert html(md, True) == html(md, False)


class _Counter:
    """Counts the inline matches Python-Markdown applies (each one rebuilds the paragraph's text)."""

    def __init__(self, md: markdown.Markdown):
        self.n = 0
        for proc in md.inlinePatterns:
            original = proc.handleMatch

            def counted(m, data, _orig=original):
                self.n += 1
                return _orig(m, data)

            proc.handleMatch = counted


def matches(md_text: str, ext: bool) -> int:
    md = markdown.Markdown(extensions=EXTENSIONS + (["referatarkiv.site.mdext"] if ext else []))
    counter = _Counter(md)
    md.convert(md_text)
    return counter.n


def test_a_paragraph_of_escapes_is_a_constant_number_of_inline_matches():
    """Without the extension, one paragraph of "[x](" repeated n times is 3n matches, each rebuilding
    the whole paragraph (quadratic); with it, a handful, whatever n."""
    small, large = ("[x](" * 1_000, "[x](" * 8_000)
    assert matches(mdtext.render_text(small), False) >= 3_000  # what made it quadratic
    assert matches(mdtext.render_text(small), True) == matches(mdtext.render_text(large), True) <= 2


def test_rebuilt_markup_is_capped_per_paragraph():
    """Bold, italics and links a referat carries are rebuilt, at most MARKUP_PER_BLOCK per paragraph;
    the rest stays as literal text (not lost), so matches stay bounded."""
    text = "**fed** " * 5_000
    md = mdtext.render_text(text)
    assert md.count("**fed**") == mdtext.MARKUP_PER_BLOCK
    assert md.count("\\*\\*fed\\*\\*") == 5_000 - mdtext.MARKUP_PER_BLOCK
    assert matches(md, True) <= 3 * mdtext.MARKUP_PER_BLOCK + 3
    # a list resets the cap per item
    listed = mdtext.render_text("\n".join(f"- **punkt {i}**" for i in range(500)))
    assert listed.count("**punkt") == 500
