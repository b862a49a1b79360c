"""A content-hash cache of parsed referater, so a rebuild parses only the files that changed.

The key is a hash of the file's bytes, its sidecar ``.yml`` and the parser's own source code, so
editing a referat, its metadata or the parser invalidates exactly what it should. Entries are
pickled :class:`~referatarkiv.model.Meeting` objects; an unreadable entry is a cache miss.
"""
from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from functools import lru_cache
from pathlib import Path

from ..model import Meeting

# Code that decides what a parsed Meeting looks like: these modules of the package and every
# module of these subpackages (files in subfolders included), by path relative to the package.
_PARSER_MODULES = ("model.py", "dates.py")
_PARSER_PACKAGES = ("readers", "parse")


def _parser_files(root: Path) -> list[str]:
    files = list(_PARSER_MODULES)
    for pkg in _PARSER_PACKAGES:
        files += sorted(p.relative_to(root).as_posix() for p in (root / pkg).rglob("*.py")
                        if "__pycache__" not in p.parts)
    return files


@lru_cache(maxsize=1)
def parser_fingerprint() -> str:
    h = hashlib.sha256()
    root = Path(__file__).parent.parent  # the referatarkiv package
    for name in _parser_files(root):
        try:
            h.update(name.encode() + b"\0" + (root / name).read_bytes())
        except OSError:
            h.update(name.encode())
    return h.hexdigest()[:16]


def source_key(path: Path) -> str:
    h = hashlib.sha256(parser_fingerprint().encode())
    h.update(path.read_bytes())
    for side in (path.with_suffix(".yml"), path.with_suffix(".yaml")):
        if side.is_file():
            h.update(b"\0sidecar\0" + side.read_bytes())
    return h.hexdigest()


class ParseCache:
    def __init__(self, directory: Path | str):
        self.dir = Path(directory)
        self.hits = 0
        self.misses = 0

    def _file(self, key: str) -> Path:
        return self.dir / key[:2] / f"{key}.pickle"

    def get(self, key: str) -> Meeting | None:
        try:
            with open(self._file(key), "rb") as f:
                m = pickle.load(f)
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError, ValueError):
            self.misses += 1
            return None
        if not isinstance(m, Meeting):
            self.misses += 1
            return None
        self.hits += 1
        return m

    def put(self, key: str, meeting: Meeting) -> None:
        target = self._file(key)
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=target.parent, suffix=".tmp")
            with os.fdopen(fd, "wb") as f:
                pickle.dump(meeting, f, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, target)
        except OSError:
            pass  # a cache that cannot be written only costs time
