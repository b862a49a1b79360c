"""site/ (the page modules) + mdtext.py: referat text is data on every page; page structure, links and JSON."""
import json
import re
from datetime import date

import markdown
import pytest

from referatarkiv.archive.link import build_archive
from referatarkiv.model import AgendaItem, Attachment, Decision, Meeting, Reference, Section
from referatarkiv.site import mdtext
from referatarkiv.site.opendata import render_json
from referatarkiv.site.pages import nav, render_pages, site_files
from referatarkiv.site.urls import href
from referatarkiv.slugs import slugify, slugify_heading

HOSTILE = [
    "<script>alert(1)</script>",
    "</title><script>alert(2)</script>",
    "<img src=x onerror=alert(3)>",
    "{{ config.site_name }}",
    "{% raw %}",
    "# x",
    "!!! danger \"x\"",
    "[x](javascript:alert(1))",
    "![x](javascript:alert(1))",
    "<javascript:alert(1)>",
    "{: onclick=\"alert(1)\" }",
    "---",
    "&lt;script&gt;",
]


def md_html(text: str) -> str:
    """Markdown → HTML with the site's extensions (front matter stripped like MkDocs does)."""
    if text.startswith("---\n"):
        text = text.split("\n---\n", 1)[1]
    return markdown.markdown(text, extensions=["toc", "tables", "admonition", "attr_list"],
                             extension_configs={"toc": {"slugify": slugify_heading}})


def assert_inert(html: str) -> None:
    assert "<script" not in html
    assert not re.search(r"<img", html)
    assert not re.search(r"<[^>]*\son\w+\s*=", html)  # no event-handler attributes
    assert 'href="javascript' not in html and 'src="javascript' not in html
    assert "{{" not in html and "{%" not in html
    assert "<h1" not in html or html.count("<h1") <= 1


@pytest.mark.parametrize("text", HOSTILE)
def test_escape_inline_is_inert(text):
    out = mdtext.escape_inline(text)
    html = md_html(out)
    assert_inert(html)
    assert "<h1" not in html and "admonition" not in html and "<hr" not in html
    assert "{{" not in out and "{%" not in out


@pytest.mark.parametrize("text", HOSTILE)
def test_render_text_is_inert(text):
    html = md_html(mdtext.render_text(f"Før\n\n{text}\n\n- {text}\n1. {text}\n\n| a | b |\n|---|---|\n| {text} | x |"))
    assert_inert(html)
    assert "<h1" not in html and "admonition" not in html


def test_render_text_keeps_lists_tables_and_paragraphs():
    text = "Første afsnit\n\n- a\n- b\n\n1. et\n2. to\n\n| Kol 1 | Kol 2 |\n| --- | --- |\n| x | y |\n\nSidste."
    html = md_html(mdtext.render_text(text))
    assert html.count("<p>") == 2 and "<ul>" in html and "<ol>" in html and "<table>" in html
    assert "<td>x</td>" in html


def test_render_text_safe_links_only():
    html = md_html(mdtext.render_text("se [CUBB](http://www.cubb.aau.dk) og [x](javascript:alert(1))"))
    assert '<a href="http://www.cubb.aau.dk">CUBB</a>' in html
    assert 'href="javascript' not in html and "[x](javascript:alert(1))" in html


def test_render_text_spans_become_links():
    text = "Se bilag 2 (AUU d. 2. marts 2020 pkt. 26) <b>"
    a = text.index("AUU")
    out = mdtext.render_text(text, [(a, a + len("AUU d. 2. marts 2020 pkt. 26"), "../p/index.md")])
    assert "[AUU d. 2. marts 2020 pkt. 26](../p/index.md)" in out
    assert "&lt;b&gt;" in out


def test_safe_href():
    assert mdtext.safe_href("https://x.dk/a b(c)") == "https://x.dk/a%20b%28c%29"
    for bad in ("javascript:alert(1)", "data:text/html,x", "//x.dk", "x.dk", " JavaScript:alert(1)"):
        assert mdtext.safe_href(bad) is None


def test_slugs_are_danish():
    assert slugify("Økonomiudvalget") == "oekonomiudvalget"
    assert slugify("Tårnby Kommune") == "taarnby-kommune"
    assert slugify_heading("Økonomi og sagsfremstilling") == "oekonomi-og-sagsfremstilling"


def test_href():
    assert href("a/b/c/", "a/b/") == "../index.md"
    assert href("", "a/") == "a/index.md"
    assert href("a/b/", "a/b/x.pdf") == "x.pdf"
    assert href("a/", "") == "../index.md"


# -- whole pages --------------------------------------------------------------------------------

def hostile_archive():
    bad = " ".join(HOSTILE)
    items = [AgendaItem(
        number=1, title=f"Titel {bad}", case_number="00.01.00-<b>-1",
        sections=[Section(f"Sagsfremstilling {bad}", f"Tekst {bad}\n\n- {bad}\n\n| {bad} | x |\n|---|---|\n| y | z |",
                          "sagsfremstilling"),
                  Section("Beslutning", f"Godkendt {bad}", "beslutning")],
        decision=Decision(f"Godkendt {bad}", ["godkendt"], body=f"Udvalget {bad}"),
        attachments=[Attachment("Bilag 1", f"Bilag {bad}")],
        references=[Reference(f"{bad} pkt. 3", "XYZ", date(2019, 1, 1), 3)],
    )]
    m = Meeting(committee=f"Udvalg {bad}", date=date(2020, 3, 2), start_time="20:45", location=bad,
                participants=[bad, "Anna"], absent=[bad], items=items, municipality="havbjerg",
                source_path="havbjerg/x.txt", source_url="javascript:alert(1)")
    return build_archive([m], kommune_names={"havbjerg": f"Havbjerg {bad}"})


def test_hostile_text_is_inert_on_every_page():
    pages = render_pages(hostile_archive())
    assert len(pages) > 5
    for path, text in pages.items():
        if not path.endswith(".md"):
            continue
        body = text.split("\n---\n", 1)[1]
        assert "{{" not in body and "{%" not in body, path
        html = md_html(text)
        assert_inert(html)
        assert html.count("<h1") == 1, path
        # Front matter title: HTML-escaped so themes can print it as it is.
        title = re.search(r'^title: (".*")$', text, re.M).group(1)
        assert "<" not in json.loads(title)


def test_hostile_nav_titles_are_escaped():
    for entry in nav(hostile_archive())[1:]:
        (title, children), = entry.items()
        assert "<" not in title
        for child in children[1:]:
            (t, _), = child.items()
            assert "<" not in t


def test_source_url_javascript_is_not_a_link():
    pages = render_pages(hostile_archive())
    meeting = next(t for p, t in pages.items() if p.endswith("2020-03-02/index.md"))
    assert "javascript" not in md_html(meeting).split("Kilde")[-1].split("</li>")[0] or \
        'href="javascript' not in md_html(meeting)
    assert "Kommunens egen udgave" not in meeting


def sample_archive():
    items = [
        AgendaItem(1, "Godkendelse af dagsorden", "20/13750", decision=Decision("Godkendt.", ["godkendt"])),
        AgendaItem(2, "Budget", "20/1090",
                   sections=[Section("Beslutning", "Taget til efterretning.", "beslutning"),
                             Section("Sagsfremstilling", "Se bilag 1.", "sagsfremstilling"),
                             Section("Bilag", "Bilag 1 Oversigt", "bilag")],
                   decision=Decision("Taget til efterretning.", ["taget-til-efterretning"]),
                   attachments=[Attachment("Bilag 1", "Oversigt"), Attachment("Bilag 2", "Lukket notat", closed=True)]),
        AgendaItem(None, None),
    ]
    m1 = Meeting(committee="Beskæftigelsesudvalget", date=date(2020, 8, 18), start_time="16:00", location="Rådhuset",
                 participants=["A", "B"], absent=["B"], items=items, municipality="taarnby",
                 source_path="taarnby/2020-08-18.txt", source_url="https://taarnby.dk/ref?id=1")
    m2 = Meeting(committee="Beskæftigelsesudvalget", date=date(2020, 9, 15), municipality="taarnby",
                 items=[AgendaItem(3, "Budget igen", "20/1090",
                                   decision=Decision("Godkendt.", ["godkendt"]))],
                 source_path="taarnby/2020-09-15.txt")
    files = {"taarnby/2020-08-18.txt": ["taarnby/2020-08-18.bilag/Bilag 1.pdf", "taarnby/2020-08-18.bilag/Bilag 2.pdf"]}
    return build_archive([m1, m2], attachment_files=files)


def test_page_set_and_urls():
    a = sample_archive()
    pages = render_pages(a)
    base = "taarnby/beskaeftigelsesudvalget/"
    for p in ["index.md", "taarnby/index.md", f"{base}index.md", f"{base}2020-08-18/index.md",
              f"{base}2020-08-18/punkt-2/index.md", f"{base}2020-08-18/punkt-uden-nummer-3/index.md",
              f"{base}2020-08-18/bilag/bilag-1-oversigt/index.md", "taarnby/sager/index.md",
              "taarnby/sager/20-1090/index.md", "taarnby/sager/20-13750/index.md", "data/archive.json"]:
        assert p in pages, p
    files = site_files(a)
    assert f"{base}2020-08-18/referat-2020-08-18.txt" in files
    assert f"{base}2020-08-18/bilag/bilag-1-oversigt/bilag-1.pdf" in files
    assert not any("lukket" in p for p in files)  # the closed bilag's file is never copied


def test_item_page_content():
    pages = render_pages(sample_archive())
    text = pages["taarnby/beskaeftigelsesudvalget/2020-08-18/punkt-2/index.md"]
    assert text.index("!!! beslutning") < text.index("## Sagsfremstilling")
    assert text.count("Taget til efterretning.") == 1  # decision section not repeated
    assert "[20/1090](../../../sager/20-1090/index.md)" in text
    assert "[bilag 1](../bilag/bilag-1-oversigt/index.md)" in text  # mention linked
    assert "## Samme sag" in text and "Budget igen" in text
    assert "Forrige" in text and "Næste" in text
    # a closed bilag has no page of its own: its title stands in its punkt's bilag list (issue 18)
    assert not any("bilag-2-lukket-notat" in p for p in pages)
    assert "Bilag 2 – Lukket notat *(lukket)*" in text and "Bilag 2.pdf" not in text


def test_catch_all_case_page():
    pages = render_pages(sample_archive())
    text = pages["taarnby/sager/20-13750/index.md"]
    assert "Fællesnummer for faste punkter" in text
    item1 = pages["taarnby/beskaeftigelsesudvalget/2020-08-18/punkt-1/index.md"]
    assert "fællesnummer for faste punkter" in item1


def test_meeting_page():
    text = render_pages(sample_archive())["taarnby/beskaeftigelsesudvalget/2020-08-18/index.md"]
    assert "tirsdag 18. august 2020 kl. 16:00" in text
    assert "**Afbud:** B" in text and "Rådhuset" in text
    assert "[Kommunens egen udgave](https://taarnby.dk/ref?id=1)" in text
    assert "referat-2020-08-18.txt" in text


def test_archive_json():
    data = json.loads(render_pages(sample_archive())["data/archive.json"])
    m = data["meetings"][0]
    assert m["url"] == "taarnby/beskaeftigelsesudvalget/2020-08-18/"
    it = m["items"][1]
    assert set(it) >= {"url", "number", "title", "case_number", "case_url", "decision", "attachments"}
    assert it["case_url"] == "taarnby/sager/20-1090/" and it["decision"] == "Taget til efterretning."
    assert it["attachments"][1] == {"label": "Bilag 2", "title": "Lukket notat", "closed": True,
                                    "url": "taarnby/beskaeftigelsesudvalget/2020-08-18/punkt-2/#bilag-2-lukket-notat",
                                    "download": None, "source_url": None}
    case = next(c for c in data["cases"] if c["case_number"] == "20/1090")
    assert case["url"] == "taarnby/sager/20-1090/" and len(case["items"]) == 2
    urls = [m["url"] for m in data["meetings"]] + [i["url"] for m in data["meetings"] for i in m["items"]]
    assert all(u.endswith("/") and not u.startswith("/") for u in urls)


def test_output_is_deterministic():
    assert render_pages(sample_archive()) == render_pages(sample_archive())


def test_a_bilag_without_a_file_links_to_the_kommunes_copy_when_the_referat_names_it():
    atts = [Attachment(None, "Lokalplan 1.23", url="https://dagsordener.greve.dk/vis/pdf/bilag/abc"),
            Attachment(None, "Hemmeligt notat", closed=True, url="https://dagsordener.greve.dk/vis/pdf/bilag/x"),
            Attachment(None, "Ondt", url="javascript:alert(1)")]
    m = Meeting(committee="Økonomiudvalget", date=date(2023, 1, 9), municipality="greve",
                items=[AgendaItem(4, "Lokalplan", "21-014477", attachments=atts)], source_path="greve/2023-01-09.json")
    archive = build_archive([m])
    pages = render_pages(archive)
    punkt = md_html(next(t for p, t in pages.items() if p.endswith("punkt-4/index.md")))
    assert 'href="https://dagsordener.greve.dk/vis/pdf/bilag/abc"' in punkt and "hos kommunen" in punkt
    # a closed bilag is named, never linked; a script address is no link
    assert "bilag/x" not in punkt and "Hemmeligt notat" in punkt
    assert "javascript" not in punkt and "Ondt" in punkt
    data = json.loads(render_json(archive))
    got = {a["title"]: a["source_url"] for mt_ in data["meetings"] for it_ in mt_["items"] for a in it_["attachments"]}
    assert got == {"Lokalplan 1.23": "https://dagsordener.greve.dk/vis/pdf/bilag/abc", "Hemmeligt notat": None,
                   "Ondt": None}
