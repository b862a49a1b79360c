"""Text files: detect the encoding, refuse what is not text, split off front matter and sidecar metadata."""
from __future__ import annotations

import codecs
from pathlib import Path
from typing import Any

import yaml

from ..model import ParseWarning

TEXT_SUFFIXES = {".txt", ".md", ".markdown", ".text"}

# Keys that front matter or a sidecar may set on a Meeting.
META_KEYS = {"committee", "term", "date", "start_time", "location", "source_url", "municipality", "participants", "absent",
             "kind"}


class ReadError(Exception):
    """A file that cannot be read as a referat. ``str()`` names the file and line."""

    def __init__(self, path: Path | str | None, line: int, message: str):
        self.path = str(path) if path is not None else "<tekst>"
        self.line = line
        self.message = message
        super().__init__(f"{self.path}:{line}: {message}")


def _line_of(data: bytes, pos: int) -> int:
    return data.count(b"\n", 0, pos) + 1


def decode(data: bytes, path: Path | str | None = None) -> tuple[str, str, list[ParseWarning]]:
    """Bytes → (text, encoding, warnings). Raises ReadError for empty or binary input."""
    warnings: list[ParseWarning] = []
    if not data.strip(b" \t\r\n\x00\x0c"):
        raise ReadError(path, 1, "filen er tom")
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8):].decode("utf-8", errors="replace"), "utf-8-sig", warnings
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16"), "utf-16", warnings
        except UnicodeDecodeError as e:
            raise ReadError(path, 1, f"ugyldig UTF-16 ({e.reason})") from None
    # UTF-16 without BOM: every other byte NUL in ASCII-heavy text.
    sample = data[:4096]
    if len(sample) >= 8 and sample.count(b"\x00") > len(sample) // 3:
        even, odd = sample[0::2].count(b"\x00"), sample[1::2].count(b"\x00")
        enc = "utf-16-le" if odd > even else "utf-16-be"
        try:
            text = data.decode(enc)
            warnings.append(ParseWarning(1, f"tekst i {enc.upper()} uden BOM; læst som {enc}"))
            return text, enc, warnings
        except UnicodeDecodeError:
            pass
    if _looks_binary(data):
        raise ReadError(path, _line_of(data, data.find(b"\x00")) if b"\x00" in data else 1,
                        "filen er ikke tekst (binære data); gem referatet som tekst, Markdown eller PDF")
    try:
        text = data.decode("utf-8")
        encoding = "utf-8"
    except UnicodeDecodeError as e:
        bad_line = _line_of(data, e.start)
        encoding = _guess_legacy(data)
        # Line by line: a file that is mostly UTF-8 with a pasted legacy line keeps its good lines.
        lines, bad = [], 0
        for raw in data.split(b"\n"):
            try:
                lines.append(raw.decode("utf-8"))
            except UnicodeDecodeError:
                lines.append(raw.decode(encoding, errors="replace"))
                bad += 1
        text = "\n".join(lines)
        warnings.append(ParseWarning(
            bad_line, f"filen er ikke UTF-8: {bad} linje(r) læst som {encoding} (første på linje {bad_line})"))
    if "\x00" in text:
        n = text.count("\x00")
        warnings.append(ParseWarning(_line_of(data, data.find(b"\x00")), f"{n} NUL-tegn fjernet"))
        text = text.replace("\x00", "")
    return text, encoding, warnings


def _looks_binary(data: bytes) -> bool:
    sample = data[:8192]
    if sample.startswith((b"\x89PNG", b"PK\x03\x04", b"\x7fELF", b"GIF8", b"\xff\xd8\xff", b"%PDF")):
        return True
    control = sum(1 for b in sample if b < 9 or 13 < b < 32)
    return control > max(8, len(sample) // 20)


def _guess_legacy(data: bytes) -> str:
    """cp1252 or Latin-1: the Danish letters are the same; cp1252 adds quotes and dashes in 0x80-0x9F.

    Latin-1 maps 0x80-0x9F to control characters no author meant, so their presence means cp1252.
    (A general detector such as charset-normalizer guessed Latin-1 for short cp1252 samples with
    en dashes; Danish exports only ever use these two legacy encodings.)
    """
    return "cp1252" if any(0x80 <= b <= 0x9F for b in data) else "latin-1"


def split_front_matter(text: str, path: Path | str | None = None) -> tuple[dict[str, Any], str, int, list[ParseWarning]]:
    """YAML between ``---`` lines at the very top → (meta, rest, lines used, warnings)."""
    stripped = text.lstrip("\ufeff")
    if not stripped.startswith("---"):
        return {}, text, 0, []
    lines = stripped.split("\n")
    if lines[0].strip() != "---":
        return {}, text, 0, []
    for i in range(1, min(len(lines), 200)):
        if lines[i].strip() in ("---", "..."):
            block = "\n".join(lines[1:i])
            try:
                meta = yaml.safe_load(block) or {}
            except yaml.YAMLError as e:
                mark = getattr(e, "problem_mark", None)
                line = (mark.line + 2) if mark else 1
                return {}, text, 0, [ParseWarning(line, f"front matter er ikke gyldig YAML og læses som tekst ({e.__class__.__name__})")]
            if not isinstance(meta, dict):
                return {}, text, 0, [ParseWarning(1, "front matter er ikke en YAML-ordbog og læses som tekst")]
            return _clean_meta(meta), "\n".join(lines[i + 1:]), i + 1, []
    return {}, text, 0, []


def _clean_meta(meta: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for k, v in meta.items():
        k = str(k).strip().lower()
        if k in META_KEYS and v is not None:
            out[k] = v
    return out


def read_sidecar(path: Path) -> tuple[dict[str, Any], list[ParseWarning]]:
    side = path.with_suffix(".yml")
    if not side.exists():
        side = path.with_suffix(".yaml")
        if not side.exists():
            return {}, []
    try:
        meta = yaml.safe_load(side.read_text(encoding="utf-8")) or {}
    except (yaml.YAMLError, UnicodeDecodeError) as e:
        return {}, [ParseWarning(0, f"{side.name} kunne ikke læses: {e.__class__.__name__}")]
    if not isinstance(meta, dict):
        return {}, [ParseWarning(0, f"{side.name} er ikke en YAML-ordbog")]
    return _clean_meta(meta), []
