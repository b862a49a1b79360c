"""Pagefind's bundle made byte-stable: the same site gives the same files on every run.

Pagefind writes the values of each filter file, and the list of filters in its metadata, in an
order that changes from run to run; the files are named by a hash of their content, so their names
change too, and with them ``pf_meta`` and ``pagefind-entry.json``. :func:`canonicalize` rewrites
those files in a fixed order (filter values by value, filters by name), names them by a hash of the
new content and points the metadata and the entry file at them. Index chunks, fragments and the
search results are untouched; only bytes and names become stable (see README "Same bytes every
build").

The files are gzip-compressed CBOR after a ``pagefind_dcd`` signature. The small CBOR reader and
writer below handle what Pagefind writes (definite lengths); every file is checked to read back
to the same bytes before anything is rewritten, and the bundle is left alone otherwise.
"""
from __future__ import annotations

import gzip
import hashlib
import json
import logging
from pathlib import Path

log = logging.getLogger("referatarkiv.search")

# -- minimal CBOR (RFC 8949), definite-length items only ------------------------------------
class Simple:
    """A major-type-7 item (false, true, null, floats), kept as its raw bytes."""

    def __init__(self, raw: bytes) -> None:
        self.raw = raw

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Simple) and other.raw == self.raw


def _head(major: int, n: int) -> bytes:
    if n < 24:
        return bytes([major << 5 | n])
    for info, size in ((24, 1), (25, 2), (26, 4), (27, 8)):
        if n < 1 << (8 * size):
            return bytes([major << 5 | info]) + n.to_bytes(size, "big")
    raise ValueError("integer too large for CBOR")


def _arg(b: bytes, i: int) -> tuple[int, int, int]:
    major, info = b[i] >> 5, b[i] & 31
    i += 1
    if info < 24:
        return major, info, i
    size = {24: 1, 25: 2, 26: 4, 27: 8}.get(info)
    if size is None:
        raise ValueError(f"unsupported additional info {info}")
    return major, int.from_bytes(b[i:i + size], "big"), i + size


def _load(b: bytes, i: int):
    start = i
    major, n, i = _arg(b, i)
    if major == 0:
        return n, i
    if major == 1:
        return -1 - n, i
    if major == 2:
        return bytes(b[i:i + n]), i + n
    if major == 3:
        return b[i:i + n].decode("utf-8"), i + n
    if major == 4:
        out = []
        for _ in range(n):
            v, i = _load(b, i)
            out.append(v)
        return out, i
    if major == 5:
        out_map = {}
        for _ in range(n):
            k, i = _load(b, i)
            out_map[k], i = _load(b, i)
        return out_map, i
    if major == 7:
        return Simple(bytes(b[start:i])), i
    raise ValueError(f"unsupported major type {major}")


def loads(b: bytes):
    v, i = _load(b, 0)
    if i != len(b):
        raise ValueError("trailing bytes")
    return v


def dumps(v) -> bytes:
    if isinstance(v, Simple):
        return v.raw
    if isinstance(v, bool) or v is None:
        raise TypeError("bool and None are read as Simple, never written directly")
    if isinstance(v, int):
        return _head(0, v) if v >= 0 else _head(1, -1 - v)
    if isinstance(v, bytes):
        return _head(2, len(v)) + v
    if isinstance(v, str):
        e = v.encode("utf-8")
        return _head(3, len(e)) + e
    if isinstance(v, list):
        return _head(4, len(v)) + b"".join(dumps(x) for x in v)
    if isinstance(v, dict):
        return _head(5, len(v)) + b"".join(dumps(k) + dumps(x) for k, x in v.items())
    raise TypeError(type(v))

SIGNATURE = b"pagefind_dcd"


def payload(path: Path) -> bytes:
    """A Pagefind data file's content: gunzipped, without the signature."""
    raw = gzip.decompress(path.read_bytes())
    if not raw.startswith(SIGNATURE):
        raise ValueError(f"{path.name}: not a Pagefind data file")
    return raw[len(SIGNATURE):]


def read_fragment(path: Path) -> dict:
    """One page's fragment file (JSON: its URL, text, filters, meta)."""
    data = json.loads(payload(path).decode("utf-8"))
    return data if isinstance(data, dict) else {}


def _read(path: Path):
    body = payload(path)
    value = loads(body)
    if dumps(value) != body:
        raise ValueError(f"{path.name}: does not read back to the same bytes")
    return value


def _write(folder: Path, prefix: str, digits: int, suffix: str, value) -> str:
    """Write ``value`` as a Pagefind data file named by its content; returns the name's hash part."""
    body = dumps(value)
    name = f"{prefix}_{hashlib.sha256(body).hexdigest()[:digits]}"
    (folder / f"{name}{suffix}").write_bytes(gzip.compress(SIGNATURE + body, compresslevel=9, mtime=0))
    return name


def _value_order(entry) -> tuple:
    """Filter entries ``[value, [page numbers]]`` by value; the encoding breaks any tie."""
    label = entry[0] if isinstance(entry, list) and entry and isinstance(entry[0], str) else ""
    return (label, dumps(entry))


def _is_filter_list(v) -> bool:
    return isinstance(v, list) and all(
        isinstance(x, list) and len(x) == 2 and all(isinstance(y, str) for y in x) for x in v)


def canonicalize(bundle: Path) -> int:
    """Rewrite the bundle's filter files, metadata and entry file in a fixed order; returns the
    number of files rewritten (0 when the bundle is not in the expected shape: left as it is)."""
    entry_path = bundle / "pagefind-entry.json"
    try:
        entry = json.loads(entry_path.read_text(encoding="utf-8"))
        languages = entry["languages"]
        plan = []
        for lang, info in languages.items():
            meta_path = bundle / f"pagefind.{info['hash']}.pf_meta"
            meta = _read(meta_path)
            slot = 3  # Pagefind 1.x: [version, pages, index chunks, filters, sorts, meta fields]
            if not (isinstance(meta, list) and len(meta) > slot and _is_filter_list(meta[slot])):
                return 0
            filters = [(name, h, _read(bundle / "filter" / f"{h}.pf_filter")) for name, h in meta[slot]]
            plan.append((lang, info, meta_path, meta, slot, filters))
    except (OSError, ValueError, KeyError, TypeError) as e:
        log.debug("Pagefind bundle left as written: %s", e)
        return 0
    written = 0
    for lang, info, meta_path, meta, slot, filters in plan:
        new_filters = []
        for name, old, data in sorted(filters, key=lambda f: f[0]):
            if isinstance(data, list) and len(data) == 2 and isinstance(data[1], list):
                data = [data[0], sorted(data[1], key=_value_order)]
            new = _write(bundle / "filter", lang, 7, ".pf_filter", data)
            if new != old:
                (bundle / "filter" / f"{old}.pf_filter").unlink(missing_ok=True)
            new_filters.append([name, new])
            written += 1
        meta[slot] = new_filters
        new_meta = _write(bundle, f"pagefind.{lang}", 10, ".pf_meta", meta)
        new_hash = new_meta.removeprefix("pagefind.")
        if meta_path.name != f"{new_meta}.pf_meta":
            meta_path.unlink(missing_ok=True)
        info["hash"] = new_hash
        written += 1
    entry_path.write_text(json.dumps(entry, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    return written + 1
