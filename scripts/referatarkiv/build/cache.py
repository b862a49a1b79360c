"""A content-hash cache of parsed referater, so a rebuild parses only the files that changed.

The key is a hash of the file's bytes, its sidecar ``.yml`` and the parser's own source code, so
editing a referat, its metadata or the parser invalidates exactly what it should.

Entries are JSON: the :class:`~referatarkiv.model.Meeting` dataclasses field by field
(:func:`to_json`), read back by :func:`from_json`, which builds only the model's own dataclasses,
checks every value against its field's type and gives up on anything else. A cache entry is data,
never code: the cache folder can end up in a pull request of content (force-added), and pickle would
run whatever such a file tells it to. An entry that does not read back is a cache miss.
"""
from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import tempfile
import types
import typing
from datetime import date as Date
from functools import lru_cache
from pathlib import Path

from .. import model
from ..model import Meeting
from ..readers.files import MAX_SOURCE_BYTES, MAX_YAML_BYTES, read_bytes

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
    """Raises :class:`~referatarkiv.readers.ReadError` when the referat may not be read (a FIFO, a
    link out of the content folder, …); a sidecar that may not be read is the parser's to report."""
    h = hashlib.sha256(parser_fingerprint().encode())
    h.update(read_bytes(path, MAX_SOURCE_BYTES))
    for side in (path.with_suffix(".yml"), path.with_suffix(".yaml")):
        if side.exists() or side.is_symlink():
            try:
                h.update(b"\0sidecar\0" + read_bytes(side, MAX_YAML_BYTES))
            except Exception:  # noqa: BLE001 - the parse reports it; the key only has to differ
                h.update(b"\0unreadable sidecar\0")
    return h.hexdigest()


# --------------------------------------------------------------------------------------------
# Meeting <-> JSON

class CacheFormatError(ValueError):
    """A cache entry that is not a Meeting as this version of model.py writes it."""


def to_json(obj: object) -> object:
    """A model dataclass (or a value in one) as JSON data: dataclasses as objects of their fields,
    dates as ISO strings."""
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return {f.name: to_json(getattr(obj, f.name)) for f in dataclasses.fields(obj)}
    if isinstance(obj, Date):
        return obj.isoformat()
    if isinstance(obj, (list, tuple)):
        return [to_json(x) for x in obj]
    if isinstance(obj, dict) and all(isinstance(k, str) for k in obj):
        return {k: to_json(v) for k, v in obj.items()}
    if obj is None or isinstance(obj, (str, int, float, bool)):
        return obj
    raise CacheFormatError(f"cannot store {type(obj).__name__}")


@lru_cache(maxsize=None)
def _hints(cls: type) -> dict[str, object]:
    return typing.get_type_hints(cls, vars(model))


def from_json(data: object, cls: type = Meeting) -> object:
    """JSON data from :func:`to_json` back into ``cls``; raises :class:`CacheFormatError` on any
    field that is missing, unknown or of another type."""
    return _build(data, cls)


def _build(data: object, tp: object) -> object:
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        args = typing.get_args(tp)
        if data is None and type(None) in args:
            return None
        errors = []
        for arg in args:
            if arg is type(None):
                continue
            try:
                return _build(data, arg)
            except CacheFormatError as e:
                errors.append(str(e))
        raise CacheFormatError("; ".join(errors) or "no type matches")
    if origin is list:
        if not isinstance(data, list):
            raise CacheFormatError("list expected")
        (arg,) = typing.get_args(tp) or (typing.Any,)
        return [_build(x, arg) for x in data]
    if origin is dict:
        if not isinstance(data, dict):
            raise CacheFormatError("object expected")
        key_type, value_type = typing.get_args(tp) or (str, typing.Any)
        if key_type is not str:
            raise CacheFormatError(f"unsupported key type {key_type!r}")
        return {k: _build(v, value_type) for k, v in data.items()}
    if tp is typing.Any:
        if data is None or isinstance(data, (str, int, float, bool)):
            return data
        raise CacheFormatError("plain value expected")
    if isinstance(tp, type) and dataclasses.is_dataclass(tp):
        if tp.__module__ != model.__name__:
            raise CacheFormatError(f"{tp.__name__} is not a model class")
        if not isinstance(data, dict):
            raise CacheFormatError(f"{tp.__name__}: object expected")
        hints = _hints(tp)
        names = {f.name for f in dataclasses.fields(tp)}
        if set(data) - names:
            raise CacheFormatError(f"{tp.__name__}: unknown fields {sorted(set(data) - names)}")
        kwargs = {}
        for f in dataclasses.fields(tp):
            if f.name not in data:
                raise CacheFormatError(f"{tp.__name__}.{f.name} missing")
            kwargs[f.name] = _build(data[f.name], hints[f.name])
        return tp(**kwargs)
    if tp is Date:
        if not isinstance(data, str):
            raise CacheFormatError("date expected")
        try:
            return Date.fromisoformat(data)
        except ValueError:
            raise CacheFormatError("date expected") from None
    if tp is bool:
        if isinstance(data, bool):
            return data
        raise CacheFormatError("bool expected")
    if tp is int:
        if isinstance(data, int) and not isinstance(data, bool):
            return data
        raise CacheFormatError("int expected")
    if tp is float:
        if isinstance(data, (int, float)) and not isinstance(data, bool):
            return float(data)
        raise CacheFormatError("float expected")
    if tp is str:
        if isinstance(data, str):
            return data
        raise CacheFormatError("str expected")
    raise CacheFormatError(f"unsupported type {tp!r}")


class ParseCache:
    def __init__(self, directory: Path | str):
        self.dir = Path(directory)
        self.hits = 0
        self.misses = 0

    def _file(self, key: str) -> Path:
        return self.dir / key[:2] / f"{key}.json"

    def get(self, key: str) -> Meeting | None:
        try:
            with open(self._file(key), "rb") as f:
                m = from_json(json.loads(f.read()))
        except (OSError, ValueError, RecursionError):  # CacheFormatError and JSON errors are ValueErrors
            self.misses += 1
            return None
        self.hits += 1
        return m  # type: ignore[return-value]

    def put(self, key: str, meeting: Meeting) -> None:
        target = self._file(key)
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            data = json.dumps(to_json(meeting), ensure_ascii=False, separators=(",", ":")).encode("utf-8")
            fd, tmp = tempfile.mkstemp(dir=target.parent, suffix=".tmp")
            with os.fdopen(fd, "wb") as f:
                f.write(data)
            os.replace(tmp, target)
        except (OSError, CacheFormatError):
            pass  # a cache that cannot be written only costs time
