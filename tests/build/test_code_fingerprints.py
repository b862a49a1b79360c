"""The build's code fingerprints cover the package in its subfolders: an edit anywhere in the package
renders every page again (incremental.package_fingerprint), the site-state fingerprint reads files
that exist (incremental.SITE_CODE), and the parse cache key covers model.py, dates.py and every
module of readers/ and parse/ (cache.parser_fingerprint)."""
from __future__ import annotations

import importlib
import shutil
import sys
from pathlib import Path

import referatarkiv
from referatarkiv.build import cache, incremental

PACKAGE = Path(referatarkiv.__file__).resolve().parent


def test_the_site_state_fingerprint_reads_files_that_exist():
    for name in incremental.SITE_CODE:
        assert (PACKAGE / name).is_file(), name


def test_the_parse_cache_key_covers_every_reader_and_parser_module():
    files = cache._parser_files(PACKAGE)
    want = {p.relative_to(PACKAGE).as_posix() for d in ("readers", "parse") for p in (PACKAGE / d).rglob("*.py")
            if "__pycache__" not in p.parts}
    assert want <= set(files) and {"model.py", "dates.py"} <= set(files)
    assert all((PACKAGE / f).is_file() for f in files)


def test_an_edit_in_a_subfolder_changes_the_package_fingerprint(tmp_path, monkeypatch):
    name = "referatarkiv_fingerprint_copy"
    shutil.copytree(PACKAGE, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.syspath_prepend(str(tmp_path))
    try:
        inc = importlib.import_module(f"{name}.build.incremental")
        before = inc.package_fingerprint()
        with open(tmp_path / name / "site" / "names.py", "a", encoding="utf-8") as f:
            f.write("\n# an edit\n")
        inc.package_fingerprint.cache_clear()
        assert inc.package_fingerprint() != before
    finally:
        for mod in [m for m in sys.modules if m == name or m.startswith(name + ".")]:
            del sys.modules[mod]
