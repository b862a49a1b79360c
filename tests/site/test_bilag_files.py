"""Bilag files of every kind, opened in Chromium from the built site: nothing runs in the site's
origin (issue #15, item 2).

Files are published by an allow-list (archive.link.PUBLISH_AS_IS: documents, images that cannot
script, plain text, sound, video); text formats a browser would render get ".txt" (shown as plain
text); everything else is published as a zip holding the file. Each file here carries a script
that would open a dialog if the browser ran it in the page."""
from __future__ import annotations

import io
import json
import re
import zipfile
from pathlib import Path, PurePath

import pytest

from referatarkiv.archive.link import PUBLISH_AS_IS
from referatarkiv.dev.bench_adversarial import pdf_file
from tests.conftest import serve_directory, write_config

XHTML = '<html xmlns="http://www.w3.org/1999/xhtml"><body><script>alert("{k}")</script>{k}</body></html>'
SVG = '<svg xmlns="http://www.w3.org/2000/svg"><script>alert("{k}")</script><text>{k}</text></svg>'
HTML = "<!doctype html><script>alert('{k}')</script><img src=x onerror=\"alert('{k}')\">"
XSL = ('<?xml version="1.0"?><xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform">'
       '<xsl:template match="/"><html xmlns="http://www.w3.org/1999/xhtml"><script>alert("{k}")</script></html>'
       '</xsl:template></xsl:stylesheet>')
MHT = ("MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary=b\r\n\r\n--b\r\nContent-Type: text/html\r\n"
       "Content-Location: http://x/\r\n\r\n<script>alert('{k}')</script>\r\n--b--\r\n")

# suffix → content (every kind the issue names, and the allowed ones)
KINDS = {
    ".pdf": None, ".txt": HTML, ".csv": "a,b\n=HYPERLINK(\"http://x\"),<script>alert('csv')</script>\n",
    ".png": HTML, ".jpg": HTML, ".gif": HTML, ".docx": HTML, ".xlsx": HTML, ".zip": HTML,
    ".html": HTML, ".htm": HTML, ".xhtml": XHTML, ".xht": XHTML, ".svg": SVG, ".svgz": SVG, ".xml": XHTML,
    ".xpdl": XHTML, ".xsl": XSL, ".xslt": XSL, ".rdf": XHTML, ".mml": XHTML, ".atom": XHTML, ".wsdl": XHTML,
    ".xlf": XHTML, ".kml": XHTML, ".smil": XHTML, ".opf": XHTML, ".xul": XHTML, ".mht": MHT, ".mhtml": MHT,
    ".hta": HTML, ".exe": HTML, ".sh": HTML, ".md": HTML, ".js": "alert('js')", ".shtml": HTML, ".php": HTML,
}


def write_content(content: Path) -> dict[str, str]:
    folder = content / "testby" / "teknik"
    folder.mkdir(parents=True)
    bilag = folder / "2021-01-05-referat.bilag"
    bilag.mkdir()
    lines, names = [], {}
    for i, (suffix, body) in enumerate(sorted(KINDS.items()), start=1):
        lines.append(f"Bilag {i} - Fil {suffix[1:]}")
        name = f"Bilag {i}{suffix}"
        data = pdf_file([b"BT /F1 12 Tf 72 720 Td (pdf) Tj ET"]) if body is None else body.format(k=suffix).encode()
        (bilag / name).write_bytes(data)
        names[f"Bilag {i}"] = name
    (folder / "2021-01-05-referat.txt").write_text(
        "REFERAT Teknikudvalget d. 05-01-2021\n\nMødedato 5. januar 2021 kl. 17:00\n\n"
        "Punkt 1: Filer af alle slags\n\nSagsfremstilling\n\nSe bilagene.\n\nBeslutning\n\nGodkendt.\n\nBilag\n\n"
        + "\n".join(lines) + "\n", encoding="utf-8")
    return names


@pytest.fixture(scope="module")
def bilag_site(tmp_path_factory):
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    work = tmp_path_factory.mktemp("bilagfiler")
    names = write_content(work / "content")
    config = write_config(work)
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("REFERATARKIV_CONTENT", str(work / "content"))
        mp.chdir(work)
        build(load_config(str(config), strict=True, site_dir=str(work / "site")))
    site = work / "site"
    data = json.loads((site / "data" / "archive.json").read_text(encoding="utf-8"))
    downloads = {a["label"]: a["download"] for m in data["meetings"] for it in m["items"] for a in it["attachments"]}
    server, shutdown = serve_directory(site)
    yield site, server, names, downloads
    shutdown()


def test_every_bilag_file_is_published_in_a_safe_form(bilag_site):
    site, _, names, downloads = bilag_site
    assert set(downloads) == set(names) and all(downloads.values()), downloads
    for label, name in names.items():
        suffix = PurePath(name).suffix
        published = downloads[label]
        assert (site / published).is_file(), published
        if suffix in PUBLISH_AS_IS:
            assert published.endswith(suffix), (name, published)
        elif published.endswith(".zip"):
            with zipfile.ZipFile(io.BytesIO((site / published).read_bytes())) as z:
                assert z.namelist() == [name]  # the original file, under its own name
                assert z.read(name) == (site.parent / "content" / "testby" / "teknik" / "2021-01-05-referat.bilag"
                                        / name).read_bytes()
        else:
            assert published.endswith(suffix + ".txt"), (name, published)


@pytest.mark.browser
def test_opening_each_published_bilag_file_runs_nothing(bilag_site, page):
    site, server, names, downloads = bilag_site
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    opened = []
    for label, published in sorted(downloads.items()):
        url = server.url + published
        try:
            page.goto(url)
            page.wait_for_timeout(50)
            opened.append(published)
        except Exception as e:  # a download: nothing was rendered
            assert "Download is starting" in str(e) or "net::ERR_ABORTED" in str(e), (published, e)
        assert dialogs == [], (names[label], published, dialogs)
    assert opened, "no bilag file was shown in the browser at all"
    # …and the bilag pages that link them run nothing either
    for f in sorted(site.glob("testby/*/*/bilag/*/index.html")):
        page.goto(server.url + f.parent.relative_to(site).as_posix() + "/")
        page.wait_for_load_state("networkidle")
    assert dialogs == []
