"""Text and page count of an open attachment's PDF, for its bilag page.

Extraction (:func:`.pdf.pdf_to_text`) is slow, and it runs on every build, so results are cached
on disk keyed by a hash of the PDF's bytes and of pdf.py's own source (like the parse cache,
``build/cache.py``): an unchanged PDF is read once. A PDF that cannot be read gives an
:class:`PdfInfo` with ``error`` set, never an exception.

Only ever called for files that are published (``site.pages.site_files``), so a closed
attachment's file is never opened. The bilag page shows the result (:mod:`referatarkiv.site.bilag`).
"""
from __future__ import annotations

import hashlib
import json
import os
import tempfile
from dataclasses import asdict, dataclass
from functools import lru_cache
from pathlib import Path


@dataclass(frozen=True)
class PdfInfo:
    pages: int | None
    text: str
    error: str | None = None
    over_limit: bool = False  # the file is over one of pdf.LIMITS (an error for the build report)


@lru_cache(maxsize=1)
def _fingerprint() -> str:
    h = hashlib.sha256(b"bilag_text 2\0")
    try:
        h.update((Path(__file__).parent / "pdf.py").read_bytes())
    except OSError:
        pass
    return h.hexdigest()[:16]


def _extract(path: Path, data: bytes) -> PdfInfo:
    from .pdf import PdfLimitError, pdf_to_text

    try:
        res = pdf_to_text(path, data)
    except PdfLimitError as e:
        return PdfInfo(None, "", str(e), over_limit=True)
    except Exception as e:  # noqa: BLE001 - any broken PDF becomes a note on the page
        return PdfInfo(None, "", f"{type(e).__name__}: {e}"[:300])
    return PdfInfo(res.pages, res.text)


def pdf_info(path: Path, cache_dir: Path | str | None = None) -> PdfInfo:
    """Page count and text of the PDF at ``path``; cached under ``cache_dir/pdftext`` when given."""
    from .files import MAX_PDF_BYTES, ReadError, read_bytes

    try:
        data = read_bytes(path, MAX_PDF_BYTES)
    except ReadError as e:
        return PdfInfo(None, "", f"filen kunne ikke læses: {e.message}")
    if cache_dir is None:
        return _extract(Path(path), data)
    key = hashlib.sha256(_fingerprint().encode() + b"\0" + data).hexdigest()
    target = Path(cache_dir) / "pdftext" / key[:2] / f"{key}.json"
    try:
        d = json.loads(target.read_text(encoding="utf-8"))
        return PdfInfo(d.get("pages"), str(d.get("text") or ""), d.get("error"), bool(d.get("over_limit")))
    except (OSError, ValueError, AttributeError, TypeError):
        pass
    info = _extract(Path(path), data)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=target.parent, suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump(asdict(info), f, ensure_ascii=False)
        os.replace(tmp, target)
    except OSError:
        pass  # an unwritable cache only costs time
    return info
