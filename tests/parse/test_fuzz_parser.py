"""Hostile and broken input: property tests over the normalizer and the parser.

Properties, for random text and for mutated real referater (read from ../shared/corpus at test time):
- ``parse_text`` never raises; ``parse_file`` raises nothing but ``ReadError``, whatever the bytes;
- every word of three or more letters in the input appears in some text-bearing field of the output,
  except the words listed in ``_exempt_words`` (each exception says where the word went);
- time grows about linearly with size on adversarial inputs (a generous ratio, not a time limit:
  the timings themselves are printed by ``python -m referatarkiv.dev.bench_adversarial``);
- the linear-time matchers that replaced backtracking regexes give exactly the regexes' results.
"""
from __future__ import annotations

import random
import re
import tempfile
import time
import unicodedata
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from referatarkiv import dates
from referatarkiv.dev.bench_adversarial import adversarial_inputs
from referatarkiv.model import Meeting
from referatarkiv.readers.normalize import _MD_HEADING_RE, _MD_HEADING_START_RE, normalize, normalize_chars
from referatarkiv.parse import parse_file, parse_text
from referatarkiv.parse.toc import _TOC_LINE_RE, toc_line as _toc_line
from referatarkiv.readers import ReadError

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
CORPUS = SHARED / "corpus"
CORPUS_FILES = sorted(CORPUS.glob("*/*.txt")) if CORPUS.is_dir() else []
needs_corpus = pytest.mark.skipif(not CORPUS_FILES, reason=f"real corpus not found at {CORPUS} (../shared is absent)")

FUZZ = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# --- what the output carries ------------------------------------------------------------------


def output_text(m: Meeting) -> str:
    """All text-bearing fields of a meeting, as one string."""
    parts = [m.committee or "", m.term or "", m.location or "", *m.participants, *m.absent, *m.notes, *m.toc]
    for it in m.items:
        parts += [it.title or "", it.case_number or ""]
        for s in it.sections:
            parts += [s.heading, s.text]
        if it.decision:
            parts.append(it.decision.text)
        for a in it.attachments:
            parts += [a.label or "", a.title]
        for h in it.history:
            parts += [h.body or "", h.text]
    return "\n".join(parts)


def words(text: str) -> set[str]:
    """Words of three or more letters, lower case (as the scorer counts them)."""
    return set(re.findall(r"[^\W\d_]{3,}", unicodedata.normalize("NFC", text).lower()))


_MONTHS = "|".join(dates.MONTHS)
_WEEKDAYS = "|".join(dates.WEEKDAYS)
# Markers the parser turns into structure rather than text, each with where it goes.
_MARKER_RES = [
    # header labels: the value is kept in its field, the label word itself is not
    re.compile(r"^\W*(mødedato|dato|møde|mødetidspunkt|tidspunkt|starttidspunkt|start|mødestart|mødeslut|sluttidspunkt|"
               r"mødested|sted|lokale|mødelokale|mødedeltagere|deltagere|til stede|medlemmer|fraværende med afbud|"
               r"fraværende|afbud|udvalget|udvalg)\b", re.IGNORECASE | re.MULTILINE),
    # the first word of the header line ("REFERAT …", "DAGSORDEN …") and the date written after the name
    re.compile(r"^\W*(referat af møde i|referat|beslutningsprotokol|dagsorden|protokol)\b", re.IGNORECASE | re.MULTILINE),
    re.compile(rf"\b(?:den|d\.)\s+(?:(?:{_WEEKDAYS})\s+)?[\d.\s]*(?:{_MONTHS})?\b", re.IGNORECASE),
    re.compile(rf"\b({_WEEKDAYS}|{_MONTHS}|kl)\b", re.IGNORECASE),
    # item markers ("Punkt 12:", "Pkt. 3", "Sag nr. 4", "Dagsordenspunkt 2") → AgendaItem.number
    re.compile(r"\b(punkt|pkt|sag\s+nr|dagsordenspunkt|punktnummer|nr)\b\.?\s*(?:nr\.?\s*)?\d", re.IGNORECASE),
    # table-of-contents headings → Meeting.toc holds the entries
    re.compile(r"^\W*(indholdsfortegnelse|indhold|dagsorden|sagsliste|oversigt over punkter)\W*$", re.IGNORECASE | re.MULTILINE),
    # "(Afbud)" after a name → Meeting.absent
    re.compile(r"\((afbud|fraværende|fravær)\)", re.IGNORECASE),
    # closed/open markers on titles and attachments → the ``closed`` flag
    re.compile(r"\b(lukket(?:\s+(?:punkt|bilag))?|åben|åbent|offentlig|fortroligt?|ikke\s+offentligt?)\b", re.IGNORECASE),
    # case-number labels ("Sagsnr.: 22/100", "Acadre sagsnr.") → AgendaItem.case_number
    re.compile(r"\b(acadre|sags?nr|sagsnummer|sagsid|sags-?id|j\.?\s*nr|journalnr|journalnummer|dokumentnr)\b", re.IGNORECASE),
    # history entry headings ("Beslutning i X den 3. februar 2020, pkt. 4:", Sagsforløb "Udvalg:/Dato:/Organ:")
    # → HistoryEntry.kind/date/item_number; the body name is kept in HistoryEntry.body
    re.compile(r"^\W*(beslutninger|beslutning|indstilling|udvalg|organ|dato)\b", re.IGNORECASE | re.MULTILINE),
    # formatting tags become Markdown emphasis ("<strong>" → "**")
    re.compile(r"</?(strong|em|br|b|i|u)\s*/?>", re.IGNORECASE),
]


def _exempt_words(text: str) -> set[str]:
    """Words of ``text`` that may be missing from the output, because they became structure.

    - header labels, the header's first word, weekday and month names and "kl" (typed date/time);
    - item markers "Punkt"/"Pkt"/"Sag nr"/"Dagsordenspunkt" before a number (→ item number);
    - TOC headings, "(Afbud)" (→ absent list), lukket/åben/offentlig/fortrolig markers (→ closed flag),
      case-number labels (→ case_number), history-entry headings' kind words, formatting tag names.
    """
    out: set[str] = set()
    for rx in _MARKER_RES:
        for m in rx.finditer(text):
            out |= words(m.group(0))
    return out


def assert_words_kept(text: str, m: Meeting) -> None:
    text = normalize_chars(text)
    kept = words(output_text(m))
    missing = words(text) - kept - _exempt_words(text)
    assert not missing, (sorted(missing)[:20], text[:2000])


# --- random input ---------------------------------------------------------------------------

SNIPPETS = [
    "REFERAT Økonomiudvalget_2022-25 d. 05-04-2022", "DAGSORDEN Social- og Sundhedsudvalget d. 18-08-2020",
    "Mødedato Mandag d. 02. marts 2020 kl. 20:45", "Mødested Udvalgsværelse 4", "Mødedeltagere Anna Holm, Bo Lund (Afbud) og Carl",
    "Indholdsfortegnelse", "Nyt cykelanlæg.....\t3", "Vintertjeneste …  5", "Punkt 1: Godkendelse af dagsorden",
    "Punkt 12: Ny plan for området", "Pkt. 3 Lukket: Personsag", "Punkt 7: Salg af grund (lukket)", "22/100", "05.01.00-P20-3-20",
    "Sagsnr.: 20/13750", "Resume", "Sagsfremstilling", "Indstilling", "Beslutning", "Økonomi", "Behandling", "Historik", "Bilag",
    "Beslutning i Økonomiudvalget den 10-06-2020", "Beslutning i Teknik- og Miljøudvalget den 01-02-2020",
    "Beslutning 3. februar 2020, pkt. 4:", "Indstilling 3. februar 2020, pkt. 4:", "Udvalg: Økonomiudvalget", "Dato: 01-02-2020",
    "Punktnummer: 5", "Godkendt.", "Ikke godkendt.", "Taget til efterretning.", "Sagen blev udsat.", "Oversendes til byrådet.",
    "Forvaltningen indstiller til Arbejdsmarkeds- og", "Beskæftigelsesudvalget,", "1. at planen godkendes", "a) at udgiften finansieres",
    "- punkt i en liste", "Bilag 1 - Oversigt over naboer", "Bilag 2.1 - Tegninger åben", "BILAG 3A Støjberegning (lukket)",
    "Lukket bilag: Personoplysninger", "Bilag 1 er lukket, da det indeholder personoplysninger.", "MAG d. 9. april 2020 pkt. 97",
    "(pkt. 52)", "TMU d. 7. januar 2019 pkt. 3", "Teknik- og Miljøudvalget den 3. februar og magistraten den 9. marts 2020.",
    "Placering\tPladser\tPris", "Nord\t120\t1,2", "| Fase | Tid |", "|---|---|", "# Punkt 4: Markdown", "## **Beslutning**",
    "**Mødedato** Mandag d. 14. marts 2022", "<b>Fase</b>\t<b>Tid</b>", "<strong>fed</strong> og <i>kursiv</i>", "**", "<b>", "[", "|",
    "Anne Berg / Bent Krog", "/kam", "---", "***", "...............", "- - - -", "Underskriftsark", "Eventuelt",
]
_ALPHABET = st.characters(codec="utf-8", exclude_categories=("Cs",)) | st.sampled_from(
    list("æøåÆØÅéü \t\t\f\x00\r\n#*_<>|[]():.-–…") + ["\u00a0", "\u00ad", "\ufeff", "\u2028", "\ufb01"])
_line = st.one_of(st.sampled_from(SNIPPETS), st.text(_ALPHABET, max_size=60), st.sampled_from(["", "", "\f", "\r"]))
random_text = st.lists(_line, max_size=50).map("\n".join) | st.text(_ALPHABET, max_size=400)


@FUZZ
@given(random_text)
def test_parse_text_never_raises_and_keeps_every_word(text):
    m = parse_text(text)
    assert_words_kept(text, m)


@FUZZ
@given(random_text)
def test_normalize_keeps_every_word_in_order(text):
    blocks = normalize(text)
    out = "\n".join(b.text for b in blocks)
    chars = normalize_chars(text)
    tag = r"</?\w+\s*/?>"
    # The words of the text as written, whichever way an inline tag is read: dropped ("A<U>AA²" is
    # "AAA²") or as a break ("a<br>b"); a word that only one reading has touches a tag.
    expected = words(re.sub(tag, "", chars)) & words(re.sub(tag, " ", chars))
    missing = expected - words(out) - words(" ".join(re.findall(tag, chars)))
    assert not missing


_ENCODINGS = ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "cp1252", "latin-1"]


@FUZZ
@given(st.one_of(
    st.binary(max_size=600),
    st.tuples(random_text, st.sampled_from(_ENCODINGS)).map(lambda t: t[0].encode(t[1], errors="replace")),
    st.tuples(random_text, st.binary(max_size=40), st.integers(0, 400)).map(
        lambda t: (lambda b: b[: t[2]] + t[1] + b[t[2]:])(t[0].encode("utf-8"))),
))
def test_parse_file_raises_only_read_error(data):
    with tempfile.TemporaryDirectory() as d:
        p = Path(d) / "Referat Økonomiudvalget 2. marts.txt"
        p.write_bytes(data)
        try:
            m = parse_file(p)
        except ReadError as e:
            assert p.name in str(e) and re.search(r":\d+: ", str(e)), str(e)
        else:
            assert m.source_path == str(p)


# --- mutated real referater -----------------------------------------------------------------


def _mutate(text: str, ops: list[tuple[int, int, int]]) -> str:
    """Delete, duplicate and swap lines, insert junk and truncate, driven by ``ops``."""
    lines = text.split("\n")
    junk = ["", "\f", "\x00", "#", "**", "<b>", "|", "Punkt 99:", "Bilag", "Beslutning i X den 01-02-2020", "\t\t", "…" * 50,
            "." * 300, "Mødedato", "(Afbud)", "ÆØÅ æøå"]
    for op, a, b in ops:
        if not lines:
            break
        i, j = a % len(lines), b % len(lines)
        if op == 0:
            del lines[i]
        elif op == 1:
            lines.insert(i, lines[j])
        elif op == 2:
            lines[i], lines[j] = lines[j], lines[i]
        elif op == 3:
            lines.insert(i, junk[b % len(junk)])
        elif op == 4:
            lines[i] = lines[i][: b % (len(lines[i]) + 1)]
    out = "\n".join(lines)
    return out


_ops = st.lists(st.tuples(st.integers(0, 4), st.integers(0, 10**6), st.integers(0, 10**6)), max_size=30)


@needs_corpus
@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(0, 10**6), _ops, st.integers(0, 10**9), st.booleans())
def test_mutated_real_referater_parse_and_keep_every_word(which, ops, cut, truncate):
    text = CORPUS_FILES[which % len(CORPUS_FILES)].read_text(encoding="utf-8")
    text = _mutate(text, ops)
    if truncate:
        text = text[: cut % (len(text) + 1)]
    m = parse_text(text)
    assert_words_kept(text, m)


@needs_corpus
@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(0, 10**6), _ops, st.integers(0, 10**9), st.sampled_from(_ENCODINGS))
def test_mutated_real_files_read_from_disk(which, ops, cut, encoding):
    data = _mutate(CORPUS_FILES[which % len(CORPUS_FILES)].read_text(encoding="utf-8"), ops).encode(encoding, errors="replace")
    data = data[: cut % (len(data) + 1)]
    with tempfile.TemporaryDirectory() as d:
        p = Path(d) / "referat.txt"
        p.write_bytes(data)
        try:
            parse_file(p)
        except ReadError as e:
            assert str(p) in str(e)


# --- linear time ----------------------------------------------------------------------------


def _cpu(text: str) -> float:
    t0 = time.process_time()
    parse_text(text)
    return time.process_time() - t0


SMALL, BIG = 50_000, 500_000


@pytest.mark.slow
def test_parse_time_grows_about_linearly_on_adversarial_inputs():
    """Ten times the input must not take more than 25 × the time (+0.5 s): catches quadratic blow-ups (100×).

    50 KB against 500 KB rather than 100 KB against 1 MB, so the whole fuzz suite stays near a minute;
    the ratio catches the same blow-ups. CPU time, best of two, so other load on the machine does not
    count. No absolute limit here: ``python -m referatarkiv.dev.bench_adversarial`` prints the 1 MB figures.
    """
    small, big = adversarial_inputs(SMALL), adversarial_inputs(BIG)
    slow = {}
    for name in small:
        t_small = min(_cpu(small[name]) for _ in range(2))
        t_big = _cpu(big[name])
        if t_big >= 25 * t_small + 0.5:
            t_big = min(t_big, _cpu(big[name]))  # once more before calling it super-linear
        if t_big >= 25 * t_small + 0.5:
            slow[name] = (round(t_small, 3), round(t_big, 3))
    assert not slow, f"super-linear parse time (50 KB s, 500 KB s): {slow}"


# --- the linear-time matchers are the regexes they replaced ------------------------------------

_TOC_CHARS = st.sampled_from([" ", " ", "\t", ".", ".", "…", "a", "1", "5", "\u2003", "٣", "\n", "x"])


@settings(max_examples=400, deadline=None)
@given(st.text(_TOC_CHARS, max_size=16))
def test_toc_line_matches_like_the_regex(s):
    m = _TOC_LINE_RE.match(s)
    assert _toc_line(s) == ((m.group("title"), m.group("page")) if m else None)


@settings(max_examples=300, deadline=None)
@given(st.text(st.sampled_from(["#", "#", " ", "\t", "a", "*", "\u2003"]), max_size=16))
def test_markdown_heading_start_and_rstrip_match_the_regex(s):
    m = _MD_HEADING_RE.match(s)
    k = _MD_HEADING_START_RE.match(s)
    got = (len(k.group(1)), s[k.end():].rstrip(" \t").rstrip("#").rstrip(" \t")) if k else None
    assert got == ((len(m.group(1)), m.group(2)) if m else None)


def test_random_seed_examples_parse():
    """A fixed, fast sample of the same shapes, so a plain run without hypothesis' database still covers them."""
    rng = random.Random(1)
    for _ in range(200):
        text = "\n".join(rng.choice(SNIPPETS) for _ in range(rng.randint(1, 30)))
        assert_words_kept(text, parse_text(text))


# The regexes as first written (the specification) against the forms that replaced them in the parser.
_SPEC = {
    "_OPEN_SUFFIX_RE": (r"\s*[-–(]*\s*\b(?:åben|åbent|offentlig)\s*\)?\s*$", re.IGNORECASE, "search",
                        [" ", "  ", "\t", "-", "–", "(", ")", "x", "åben", "åbent", "offentlig", "\n"]),
    "_CLOSED_SUFFIX_RE": (r"\s*[-–(]*\s*\b(?:lukket|fortroligt?|ikke offentligt?)\s*\)?\s*$", re.IGNORECASE, "search",
                          [" ", "  ", "\t", "-", "–", "(", ")", "x", "lukket", "fortrolig", "ikke offentligt", "\n"]),
}


@pytest.mark.parametrize("name", sorted(_SPEC))
def test_rewritten_regexes_match_like_their_specification(name):
    from referatarkiv.parse import attachments

    pattern, flags, method, tokens = _SPEC[name]
    spec, rx = re.compile(pattern, flags), getattr(attachments, name)

    @settings(max_examples=300, deadline=None)
    @given(st.lists(st.sampled_from(tokens), max_size=10).map("".join))
    def check(s):
        a, b = getattr(spec, method)(s), getattr(rx, method)(s)
        assert (a and (a.span(), a.groupdict())) == (b and (b.span(), b.groupdict()))
        if method == "search":
            assert spec.sub("", s) == rx.sub("", s)

    check()


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(["A", "Aa", ",", ", ", " , ", " ", " og ", "-", "udvalget", "Udvalget", "Magistraten",
                                 "x", "Æ", "1", "\t", "Byrådet", "kommunalbestyrelsen"]), max_size=12).map("".join)
       .filter(lambda s: s.count(",") <= 7))
def test_body_word_end_matches_the_regex(s):
    from referatarkiv.parse.bodies import body_word_end as _body_word_end

    spec = re.compile(
        r"^(?P<body>(?:[A-ZÆØÅ][\w\-,]*(?:\s+og\s+|\s*,\s*|\s+))*?[\wÆØÅæøå\-]*(?:udvalget|udvalg|Magistraten|magistraten|"
        r"[Kk]ommunalbestyrelsen|Byrådet|byrådet|Borgerrepræsentationen|Regionsrådet|Direktionen|direktionen|Forvaltningen|"
        r"forvaltningen))\b")
    m = spec.match(s)
    assert _body_word_end(s) == (m.end() if m else None)
