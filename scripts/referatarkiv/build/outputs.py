"""What the generator writes, and how: only files whose bytes changed, stale ones removed.

Why only changed bytes are written: ``mkdocs serve`` watches build/ (the docs dir). A content
edit makes serve rebuild; the plugin regenerates, which changes a few files in build/, which
triggers one more rebuild; that one regenerates identical bytes, writes nothing, and serve
settles. Writing every file every time would rebuild forever.

Stale pages: the files written are listed in ``<out>/.referatarkiv-manifest.json``; a file listed
there that is no longer produced is deleted (and emptied folders with it). Files the generator
never wrote are left alone, so a wrong ``--out`` cannot wipe anything else.

Used by :mod:`.generate` (the docs dir) and :mod:`.incremental` (the site files of deleted pages).
"""
from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

MANIFEST = ".referatarkiv-manifest.json"


def read_manifest(out: Path) -> dict:
    try:
        data = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


_STAMP_PREFIX = b"---\nra_asof: "


def same_but_stamp(old: bytes, new: bytes) -> bool:
    """True when two pages differ at most in their ``ra_asof`` front matter line (site/publish.py
    puts it first) and the new stamp's dates are not older than the old one's: the page's content is
    unchanged, only the "data as of / built" dates moved on. A stamp that would go back (the newest
    referat was deleted) is a change: the page must not keep a date of a meeting that is gone."""
    if not (old.startswith(_STAMP_PREFIX) and new.startswith(_STAMP_PREFIX)):
        return False
    i, j = old.find(b"\n", len(_STAMP_PREFIX)), new.find(b"\n", len(_STAMP_PREFIX))
    if i == -1 or j == -1 or old[i:] != new[j:]:
        return False
    return not stamp_goes_back(read_stamp(old), read_stamp(new))


def read_stamp(page: bytes) -> dict | None:
    """The ``ra_asof`` stamp at the top of a page's bytes (None when there is none)."""
    if not page.startswith(_STAMP_PREFIX):
        return None
    end = page.find(b"\n", len(_STAMP_PREFIX))
    try:
        value = json.loads(page[len(_STAMP_PREFIX):end if end != -1 else None])
    except ValueError:
        return None
    return value if isinstance(value, dict) else None


def stamp_goes_back(old: dict | None, new: dict | None) -> bool:
    """Whether a page stamped ``old`` and now due ``new`` would keep a date newer than the content's."""
    if not old:
        return False
    for key in ("data", "built"):
        o, n = old.get(key), (new or {}).get(key)
        if isinstance(o, str) and (not isinstance(n, str) or o > n):
            return True
    return False


def restamp(old: bytes, stamp_line: bytes) -> bytes:
    """``old`` with its first front matter line (the stamp) replaced by ``stamp_line``."""
    end = old.find(b"\n", len(_STAMP_PREFIX))
    return b"---\n" + stamp_line + old[end + 1:]


def _write_if_changed(target: Path, data: bytes, same: Callable[[bytes, bytes], bool] | None = None) -> bool:
    try:
        if same is None:
            if target.stat().st_size == len(data) and target.read_bytes() == data:
                return False
        else:
            old = target.read_bytes()
            if old == data or same(old, data):
                return False
    except OSError:
        pass
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".tmp-", suffix=target.suffix)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return True


def zip_file(name: str, data: bytes) -> bytes:
    """A zip archive holding ``data`` as the file ``name``: the download-only form of a bilag whose
    kind is not on archive.link's allow-list. Stored, not compressed (the bytes go out as they came
    in), with a fixed date so that two builds give the same bytes."""
    import io
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_STORED) as z:
        info = zipfile.ZipInfo(name.replace("/", "_") or "fil", date_time=(1980, 1, 1, 0, 0, 0))
        info.external_attr = 0o644 << 16
        z.writestr(info, data)
    return buf.getvalue()


def remove_emptied_folders(path: Path, root: Path) -> None:
    """Remove the folders above ``path`` that a deletion left empty, up to (never including) ``root``."""
    parent = path.parent
    while parent != root and root in parent.parents:
        try:
            parent.rmdir()
        except OSError:
            break
        parent = parent.parent


def write_outputs(out: Path, outputs: dict[str, Callable[[], bytes]], report,
                  same: Callable[[bytes, bytes], bool] | None = None, *, kept: set[str] = frozenset(),
                  failed: set[str] | None = None,
                  manifest_extra: dict | Callable[[], dict] | None = None,
                  previous: dict | None = None) -> None:
    """Write what changed; ``same(old, new)``: a further test for "unchanged" (Markdown pages).
    ``report`` (a :class:`~.generate.BuildReport`) gets what was written, left, deleted and what
    could not be copied.

    ``kept``: files this run leaves as they are without producing them (an incremental build's
    untouched pages): listed in the manifest, never read, written or deleted. ``failed`` collects
    the files that could not be produced. ``manifest_extra``: more manifest keys (None values left
    out), or a callable giving them once everything is written. ``previous``: the manifest as read
    before this run (else it is read here)."""
    out.mkdir(parents=True, exist_ok=True)
    manifest_path = out / MANIFEST
    if previous is None:
        previous = read_manifest(out)
    listed = previous.get("files", [])
    if not isinstance(listed, list):
        listed = []
    for rel in sorted(outputs):
        try:
            data = outputs[rel]()
        except Exception as e:  # noqa: BLE001 - an OSError, or a file the readers refuse (ReadError)
            report.add(rel, 1, f"kunne ikke kopieres: {getattr(e, 'message', None) or e}")
            if failed is not None:
                failed.add(rel)
            continue
        if _write_if_changed(out / rel, data, same if same is not None and rel.endswith(".md") else None):
            report.written.append(rel)
        else:
            report.unchanged += 1
    report.unchanged += len(kept)
    current = set(outputs) | set(kept)
    for rel in sorted(set(listed) - current):
        p = out / rel
        if ".." in Path(rel).parts or Path(rel).is_absolute():
            continue
        if p.is_file():
            p.unlink()
            report.deleted.append(rel)
        remove_emptied_folders(p, out)
    extra = manifest_extra() if callable(manifest_extra) else (manifest_extra or {})
    data = {"files": sorted(current), **{k: v for k, v in extra.items() if v is not None}}
    manifest = json.dumps(data, ensure_ascii=False, indent=0) + "\n"
    _write_if_changed(manifest_path, manifest.encode("utf-8"))
