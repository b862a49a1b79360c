"""Reading files from the content folder: only regular files, only inside it, never more than a limit.

Every file the build reads from the content folder (referater, sidecars, ``kommune.yml``,
``udvalg.yml``, bilag files) goes through :func:`read_bytes`. While :func:`confined` is active (the
build sets it to the content folder), a path whose real location is outside that folder is refused
— a symlink ``content/x/referat.txt -> /etc/passwd`` is never read or published — and so is anything
that is not a regular file: a FIFO would block the build forever, ``/dev/zero`` never ends. A regular
file larger than the limit of its kind is refused before it is read, and no read goes past the limit
even if the file grows meanwhile.

Refusals are :class:`ReadError` naming the file, at line 1.
"""
from __future__ import annotations

import contextlib
import contextvars
import os
import stat
from collections.abc import Iterator
from pathlib import Path


class ReadError(Exception):
    """A file that cannot be read as a referat. ``str()`` names the file and line."""

    def __init__(self, path: Path | str | None, line: int, message: str):
        self.path = str(path) if path is not None else "<tekst>"
        self.line = line
        self.message = message
        super().__init__(f"{self.path}:{line}: {message}")

# Limits per kind of file, in bytes (README "What happens with bad input").
MAX_SOURCE_BYTES = 1024 * 1024 * 1024  # a referat: the parser is linear and was measured to 500 MB
MAX_YAML_BYTES = 1024 * 1024  # kommune.yml, udvalg.yml, a sidecar: metadata, never this long
MAX_PDF_BYTES = 256 * 1024 * 1024  # a PDF whose text is read (referat or bilag); see pdf.py for its other limits
MAX_COPY_BYTES = 1024 * 1024 * 1024  # a file copied into the site as a download

_ROOT: contextvars.ContextVar[str | None] = contextvars.ContextVar("referatarkiv_content_root", default=None)


@contextlib.contextmanager
def confined(root: Path | str) -> Iterator[None]:
    """Within this block, :func:`read_bytes` and :func:`check_file` refuse paths outside ``root``."""
    token = _ROOT.set(os.path.realpath(root))
    try:
        yield
    finally:
        _ROOT.reset(token)


def content_root() -> str | None:
    return _ROOT.get()


def outside(path: Path | str, root: str | None = None) -> str | None:
    """The real path of ``path`` when it lies outside ``root`` (default: the confined folder), else None."""
    root = root if root is not None else _ROOT.get()
    if root is None:
        return None
    real = os.path.realpath(path)
    if real == root or real.startswith(root.rstrip(os.sep) + os.sep):
        return None
    return real


def check_file(path: Path | str, limit: int | None = None) -> os.stat_result:
    """The ``stat`` of ``path`` if it may be read: inside the confined folder, a regular file, not over
    ``limit`` bytes. Raises :class:`ReadError` otherwise; nothing is opened."""
    real = outside(path)
    if real is not None:
        raise ReadError(path, 1, f"filen peger uden for indholdsmappen (på {real}) og læses ikke")
    try:
        st = os.stat(path)
    except OSError as e:
        raise ReadError(path, 1, f"kan ikke læse filen: {e.strerror or e}") from None
    if not stat.S_ISREG(st.st_mode):
        raise ReadError(path, 1, f"er ikke en almindelig fil ({_kind(st.st_mode)}) og læses ikke")
    if limit is not None and st.st_size > limit:
        raise ReadError(path, 1, f"filen er for stor ({st.st_size:,} bytes; grænsen er {limit:,})".replace(",", "."))
    return st


def read_bytes(path: Path | str, limit: int) -> bytes:
    """The bytes of ``path`` (see :func:`check_file`), read through one descriptor that is checked again
    after opening, and never more than ``limit`` bytes."""
    check_file(path, limit)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    try:
        fd = os.open(os.path.realpath(path), flags)
    except OSError as e:
        raise ReadError(path, 1, f"kan ikke læse filen: {e.strerror or e}") from None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):  # replaced between the check and the open
            raise ReadError(path, 1, f"er ikke en almindelig fil ({_kind(st.st_mode)}) og læses ikke")
        chunks, size = [], 0
        while True:
            chunk = os.read(fd, min(1 << 20, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
            if size > limit:
                raise ReadError(path, 1, f"filen er for stor (over {limit:,} bytes)".replace(",", "."))
        return b"".join(chunks)
    except OSError as e:
        raise ReadError(path, 1, f"kan ikke læse filen: {e.strerror or e}") from None
    finally:
        os.close(fd)


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "en mappe"
    if stat.S_ISFIFO(mode):
        return "en FIFO"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "en enhed"
    if stat.S_ISSOCK(mode):
        return "en socket"
    return "ukendt filtype"
