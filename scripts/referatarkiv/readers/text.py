"""Text files: detect the encoding, refuse what is not text, split off front matter and sidecar metadata."""
from __future__ import annotations

import codecs
import re
from datetime import date
from pathlib import Path
from typing import Any

from .. import dates
from ..model import ParseWarning
from . import yamldata
from .files import ReadError

TEXT_SUFFIXES = {".txt", ".md", ".markdown", ".text"}

# Keys that front matter or a sidecar may set on a Meeting.
META_KEYS = {"committee", "term", "date", "start_time", "location", "source_url", "municipality", "participants", "absent",
             "kind"}


def _line_of(data: bytes, pos: int) -> int:
    return data.count(b"\n", 0, pos) + 1


def decode(data: bytes, path: Path | str | None = None) -> tuple[str, str, list[ParseWarning]]:
    """Bytes → (text, encoding, warnings). Raises ReadError for empty or binary input."""
    warnings: list[ParseWarning] = []
    if not data.strip(b" \t\r\n\x00\x0c") or _only_bom(data):
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


def _only_bom(data: bytes) -> bool:
    """Nothing but a byte order mark and white space (an "empty" file saved by an editor that writes a BOM)."""
    for bom, enc in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        if data.startswith(bom):
            try:
                return not data[len(bom):].decode(enc).strip(" \t\r\n\x00\x0c\ufeff")
            except UnicodeDecodeError:
                return False
    return False


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
    """YAML between ``---`` lines at the very top → (meta, rest, lines used, warnings).

    Front matter that is not valid YAML, or not a mapping, is an error at its line; its lines then
    stay in the text (nothing is dropped). A value of the wrong type is an error at its own line and
    left out (:func:`clean_meta`)."""
    stripped = text.lstrip("\ufeff")
    if not stripped.startswith("---"):
        return {}, text, 0, []
    lines = stripped.split("\n")
    if lines[0].strip() != "---":
        return {}, text, 0, []
    for i in range(1, min(len(lines), MAX_FRONT_MATTER_LINES)):
        if lines[i].strip() in ("---", "..."):
            block = "\n".join(lines[1:i])
            try:
                data = yamldata.load(block)
            except yamldata.YamlError as e:
                return {}, text, 0, [ParseWarning(e.line + 1, f"front matter: {e.message}; linjerne læses som tekst",
                                                  error=True)]
            if data is None:
                return {}, "\n".join(lines[i + 1:]), i + 1, []
            if not isinstance(data, dict):
                return {}, text, 0, [ParseWarning(2, "front matter skal være en YAML-ordbog (nøgle: værdi), ikke "
                                                     f"{yamldata.type_name(data)}; linjerne læses som tekst", error=True)]
            meta, warnings = clean_meta(data, 1)
            return meta, "\n".join(lines[i + 1:]), i + 1, warnings
    return {}, text, 0, []


MAX_FRONT_MATTER_LINES = 200


# Keys whose value is one line of text.
_TEXT_KEYS = ("committee", "location", "source_url", "municipality", "term", "kind")
_KINDS = ("referat", "dagsorden")
_ISO_DATETIME = re.compile(
    r"(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})"
    r"(?:(?:[Tt]|\s+)(?P<h>\d{1,2}):(?P<mi>\d{2})(?::\d{2}(?:\.\d*)?)?\s*(?:[Zz]|[+-]\d{2}(?::?\d{2})?)?)?"
)


def clean_meta(data: dict[str, Any], offset: int = 0, path: str | None = None) -> tuple[dict[str, Any], list[ParseWarning]]:
    """Metadata from YAML (:mod:`.yamldata`) → the keys a Meeting takes, each of the type it needs:
    text, a ``datetime.date`` for ``date``, "HH:MM" for ``start_time``, lists of names. A value of
    the wrong type, or a date or time that is none, is an error at its line and left out; an
    unknown key is a warning. ``offset``: lines before the YAML text in its file; ``path``: the
    file, when it is not the referat itself (a sidecar)."""
    out: dict[str, Any] = {}
    warnings: list[ParseWarning] = []
    lines = getattr(data, "lines", {})

    def line(key: str) -> int:
        return lines.get(key, 1) + offset

    def problem(key: str, message: str, error: bool = True) -> None:
        warnings.append(ParseWarning(line(key), message, error=error, path=path))

    for key, value in data.items():
        k = str(key).strip().lower()
        if k not in META_KEYS:
            problem(key, f"ukendt nøgle »{key}« ignoreres (kendte nøgler: {', '.join(sorted(META_KEYS))})", error=False)
            continue
        if value is None:
            continue
        if k in ("participants", "absent"):
            if isinstance(value, str) or (isinstance(value, list) and all(isinstance(v, str) for v in value)):
                out[k] = value
            else:
                problem(key, f"{k} skal være tekst eller en liste af navne, ikke {yamldata.type_name(value)}; ignoreres")
            continue
        if not isinstance(value, str):
            problem(key, f"{k} skal være tekst, ikke {yamldata.type_name(value)}; ignoreres")
            continue
        value = value.strip()
        if k == "date":
            d, clock = _meta_date(value)
            if d is None:
                problem(key, f"date »{value}« er ikke en dato; skriv den som ÅÅÅÅ-MM-DD; ignoreres")
                continue
            out["date"] = d
            if clock is not None:
                if "start_time" not in data:
                    out.setdefault("start_time", clock)
                problem(key, f"date »{value}« har et klokkeslæt; datoen er {d.isoformat()}, klokkeslættet hører "
                             "til i start_time", error=False)
        elif k == "start_time":
            t = dates.parse_time(value)
            if t is None:
                problem(key, f"start_time »{value}« er ikke et klokkeslæt (TT:MM); ignoreres")
                continue
            out["start_time"] = t
        elif k == "kind" and value.lower() not in _KINDS:
            problem(key, f"kind »{value}« skal være »referat« eller »dagsorden«; ignoreres")
        elif k == "term" and dates.normalize_term(value) is None:
            problem(key, f"term »{value}« er ikke en valgperiode (fx 2022-25); ignoreres")
        elif value:
            out[k] = value
    return out, warnings


def _meta_date(value: str) -> tuple[date | None, str | None]:
    """(date, "HH:MM" or None) of a front matter date: ISO (with a time, as a YAML timestamp may be
    written), else any form the parser knows."""
    m = _ISO_DATETIME.fullmatch(value)
    if m:
        d = dates.make_date(int(m["y"]), int(m["m"]), int(m["d"]))
        clock = None
        if m["h"] is not None:
            h, mi = int(m["h"]), int(m["mi"])
            if h > 23 or mi > 59:
                return None, None
            clock = f"{h:02d}:{mi:02d}"
        return d, clock
    if not any(c.isdigit() for c in value):
        return None, None
    return dates.parse_date(value), None


def read_sidecar(path: Path) -> tuple[dict[str, Any], list[ParseWarning]]:
    """The sidecar ``<name>.yml`` (or ``.yaml``) beside ``path``: (meta, problems), each problem naming
    the sidecar and its line."""
    side = path.with_suffix(".yml")
    if not side.exists():
        side = path.with_suffix(".yaml")
        if not side.exists():
            return {}, []
    data, problems = read_yaml_file(side)
    if problems:
        return {}, problems
    if data is None:
        return {}, []
    if not isinstance(data, dict):
        return {}, [ParseWarning(getattr(data, "line", 1), "skal være en YAML-ordbog (nøgle: værdi), ikke "
                                 f"{yamldata.type_name(data)}; ignoreres", error=True, path=str(side))]
    return clean_meta(data, 0, str(side))


def read_yaml_file(path: Path) -> tuple[object, list[ParseWarning]]:
    """A metadata file (sidecar, kommune.yml, udvalg.yml): its YAML as :mod:`.yamldata` gives it, or
    the problems (file refused, not UTF-8, invalid YAML) as errors naming ``path`` and the line."""
    from .files import MAX_YAML_BYTES, read_bytes

    try:
        raw = read_bytes(path, MAX_YAML_BYTES)
    except ReadError as e:
        return None, [ParseWarning(e.line or 1, e.message, error=True, path=str(path))]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        return None, [ParseWarning(_line_of(raw, e.start), "filen er ikke UTF-8", error=True, path=str(path))]
    try:
        return yamldata.load(text), []
    except yamldata.YamlError as e:
        return None, [ParseWarning(e.line, e.message, error=True, path=str(path))]
