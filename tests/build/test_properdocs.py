"""The generated Markdown builds with ProperDocs, the maintained fork of MkDocs 1.x, and no Material.

Leaving MkDocs or Material must stay cheap: the generator writes plain Markdown, so another builder
with its stock theme gets a complete, link-clean site from the same build/ folder.
"""
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.linkcheck import check_site
from referatarkiv.build.generate import generate

REPO = Path(__file__).resolve().parents[2]

pytest.importorskip("properdocs", reason="ProperDocs is in the test extra: pip install -e '.[test]'")


@pytest.mark.slow
def test_the_generated_markdown_builds_with_properdocs_and_its_stock_theme(tmp_path):
    generate(REPO / "content", tmp_path / "build", cache_dir=tmp_path / "cache")
    (tmp_path / "properdocs.yml").write_text(
        "site_name: Referatarkiv\ndocs_dir: build\nsite_dir: site\ntheme:\n  name: mkdocs\n"
        "markdown_extensions:\n  - toc:\n      permalink: true\n  - tables\n  - admonition\n  - attr_list\n  - sane_lists\n",
        encoding="utf-8")
    out = subprocess.run([sys.executable, "-m", "properdocs", "build", "-f", str(tmp_path / "properdocs.yml")],
                         capture_output=True, text=True, timeout=600, cwd=tmp_path)
    assert out.returncode == 0, out.stderr[-3000:]
    site = tmp_path / "site"
    assert (site / "havbjerg" / "index.html").exists()
    punkt = next(site.glob("havbjerg/*/2020-03-02/punkt-18/index.html"))
    assert "Etablering af Ungehus Havbjerg" in punkt.read_text(encoding="utf-8")
    assert check_site(site, check_fragments=False) == []
    shutil.rmtree(site)
