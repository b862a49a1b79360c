"""Where the build keeps state between runs: one file per site or docs folder in the cache folder.

The cache folder is ``.referatarkiv-cache`` beside the docs dir (``build.generate.default_cache_dir``).
Each folder a build writes into has its own state files there, named by a hash of the folder's
resolved path: ``<hash>-site-state.json`` and ``<hash>-render-state.json``
(:mod:`referatarkiv.build.incremental`), ``<hash>-pagefind-state.json``
(:mod:`referatarkiv.search.delta`). Here, below both, so neither imports the other for it.
"""
from __future__ import annotations

import hashlib
import os
from pathlib import Path


def state_file(cache_dir: Path | str, folder: str | os.PathLike, name: str) -> Path:
    """The cache file ``name`` kept for one folder (a site or docs dir), keyed by its resolved path."""
    key = hashlib.sha256(str(Path(folder).resolve()).encode()).hexdigest()[:12]
    return Path(cache_dir) / f"{key}-{name}"
