"""Attachments (bilag): the list under a "Bilag" heading, labels, and which ones are closed.

"Bilag 1 - Oversigt", "Bilag 2.1 Tegninger åben", "BILAG 3A Støjberegning (lukket)", "Bilag A", unlabelled
titles; closed when marked so on the line or described as closed in the text ("Bilag 1 er lukket, da …").
"""
from __future__ import annotations

import re

from ..model import AgendaItem, Attachment
from ..readers.normalize import Block, strip_inline_markup
from .markdown import cells, is_table_block, list_mark

ATTACH_LABEL_RE = re.compile(
    r"^(?P<label>bilag\s+(?:nr\.?\s*)?(?:\d{1,3}(?:\.\d{1,3})*[A-Za-z]?\d{0,2}|[A-ZÆØÅ](?:\d{1,2})?))(?=[\s.:\-–)]|$)\s*(?:[-–:.)]\s*)?(?P<title>.*)$",
    re.IGNORECASE,
)
# " - åben", "(lukket)" at the end of an attachment line. A match never starts right after a space, nor
# inside a run of dashes/parentheses (one position earlier matches too), and nothing after a possessive
# run could take a character back: the same leftmost match as the plain form \s*[-–(]*\s*\b(?:…)\s*\)?\s*$
# (checked on 300,000 random lines), without rescanning every run of spaces from every position (cubic).
_OPEN_SUFFIX_RE = re.compile(r"(?<!\s)(?:(?<![-–(])|(?![-–(]))\s*+[-–(]*+\s*+\b(?:åben|åbent|offentlig)\s*+\)?\s*+$", re.IGNORECASE)
_CLOSED_SUFFIX_RE = re.compile(
    r"(?<!\s)(?:(?<![-–(])|(?![-–(]))\s*+[-–(]*+\s*+\b(?:lukket|fortroligt?|ikke offentligt?)\s*+\)?\s*+$", re.IGNORECASE)
_CLOSED_PREFIX_RE = re.compile(r"^\s*\(?\s*lukket(?:\s+bilag)?\s*\)?\s*[:\-–]\s*", re.IGNORECASE)
_BILAG_MENTION_RE = re.compile(r"\bbilag(?:et)?\s+(?P<label>\d{1,3}(?:\.\d{1,3})*[A-Za-z]?\d{0,2}|[A-ZÆØÅ]\b)?", re.IGNORECASE)
_SENTENCE_SPLIT_RE = re.compile(r"(?<=[.!?])\s+")
_SAID_CLOSED_RE = re.compile(r"\b(?:er|være|bliver)\s+lukket\b|\blukket\s+bilag\b|\(lukket\)", re.IGNORECASE)


# "Arbejdsplan_2019.pdf Vision_og_strategi_2019-21.pdf", "application/pdf icon forslag_0.pdf": a web page's file links
_FILE_EXT = r"\.(?:pdf|docx?|xlsx?|pptx?|odt|ods|rtf|txt|jpe?g|png|zip)"
_FILE_RUN_RE = re.compile(r"^(?:(?:application/[\w.+-]+\s+icon\s*)?(?:\S+?" + _FILE_EXT + r")(?=\s|$|application/)\s*)+$",
                          re.IGNORECASE)
_FILE_RE = re.compile(r"(?:application/[\w.+-]+\s+icon\s*)?(?P<name>\S+?" + _FILE_EXT + r")(?=\s|$|application/)",
                      re.IGNORECASE)


def file_names(line: str) -> list[str]:
    """The file names a line consists of (a web page's attachment links copied as text), else []."""
    t = line.strip()
    if len(t) > 2000 or "." not in t or not _FILE_RUN_RE.match(t):
        return []
    return [m.group("name") for m in _FILE_RE.finditer(t)]


def attachments(blocks: list[Block]) -> list[Attachment]:
    """The attachments listed in the blocks of a Bilag section."""
    out = []
    for b in blocks:
        if is_table_block(b):
            lines = [" ".join(c for c in cells(l.text) if c) for l in b.lines]
            nos = [l.no for l in b.lines]
        else:
            lines, nos = [], []
            for ln in b.lines:
                t = ln.text.strip()
                if lines and not ATTACH_LABEL_RE.match(t) and not list_mark(t) and (lines[-1].endswith(("-", ",")) or t[:1].islower()):
                    lines[-1] += " " + t  # a title wrapped over two lines
                else:
                    lines.append(t)
                    nos.append(ln.no)
        for t, no in zip(lines, nos):
            t = strip_inline_markup(t)
            lm = list_mark(t)
            if lm and lm.group("mark") in "-*•▪◦·–":
                t = lm.group("rest")
            if t:
                out.append(attachment_from_line(t, no))
    return out


def closed_mentions(item: AgendaItem) -> None:
    """Attachments described as closed in the text ("Bilaget er lukket, da …")."""
    if not item.attachments:
        return
    closed_labels: set[str] = set()
    for sec in item.sections:
        if sec.kind == "bilag":
            continue
        if "lukket" not in sec.text.lower():
            continue
        last_label = None
        for sentence in _SENTENCE_SPLIT_RE.split(sec.text):
            labels = [m.group("label") for m in _BILAG_MENTION_RE.finditer(sentence) if m.group("label")]
            if labels:
                last_label = labels[-1]
            if _SAID_CLOSED_RE.search(sentence) and "bilag" in sentence.lower():
                lab = labels[-1] if labels else last_label
                if lab:
                    closed_labels.add(lab.lower())
    for a in item.attachments:
        if a.label and a.label.split()[-1].lower() in closed_labels:
            a.closed = True


_CLOSED_WORD_END_RE = re.compile(r"\b(?:lukket|fortroligt?|ikke offentligt?)\Z", re.IGNORECASE)
_OPEN_WORD_END_RE = re.compile(r"\b(?:åben|åbent|offentlig)\Z", re.IGNORECASE)


def _suffix_search(rx: re.Pattern[str], word_end_rx: re.Pattern[str], t: str, last_letters: str) -> re.Match[str] | None:
    """``rx.search(t)`` for _OPEN_SUFFIX_RE / _CLOSED_SUFFIX_RE, trying only the places where it can start.

    Such a match is a run of spaces, dashes and parentheses, then its word, then at most spaces and one ")"
    to the end; so it exists only when the word ends where those end, and starts in the run before the word.
    (Searching the whole title tried the pattern at every character of every attachment line.) ``last_letters``
    are the letters the words end with, in both cases.
    """
    if "\n" in t:
        return rx.search(t)
    r = t.rstrip()
    if r.endswith(")"):
        r = r[:-1].rstrip()
    if r[-1:] not in last_letters:
        return None
    w = word_end_rx.search(r, max(0, len(r) - 16))  # the longest word has 15 characters
    if w is None:
        return None
    p = w.start()
    while p and (t[p - 1].isspace() or t[p - 1] in "-–("):
        p -= 1
    return rx.search(t, p)


# "[Bilag 1: Kort](https://…)": an attachment a web page links to
_LINKED_RE = re.compile(r"^\[(?P<text>[^\]]+)\]\((?P<url>https?://[^\s)]+)\)$")


def attachment_from_line(text: str, line: int) -> Attachment:
    """One attachment line ("Bilag 2.1 - Tegninger åben", "(Lukket) Bilag 3: …", a link to the file) as label,
    title, closed and the file's address."""
    closed = False
    t = text.strip()
    lk = _LINKED_RE.match(t) if t.startswith("[") else None
    if lk:
        a = attachment_from_line(lk.group("text"), line)
        a.url = lk.group("url")
        return a
    pm = _CLOSED_PREFIX_RE.match(t)
    if pm:
        closed = True
        t = t[pm.end():]
    sm = _suffix_search(_CLOSED_SUFFIX_RE, _CLOSED_WORD_END_RE, t, "tTgG")
    if sm:
        closed = True
        t = t[:sm.start()] + t[sm.end():]
    sm = _suffix_search(_OPEN_SUFFIX_RE, _OPEN_WORD_END_RE, t, "nNtTgG")
    if sm:
        t = t[:sm.start()] + t[sm.end():]
    lm = ATTACH_LABEL_RE.match(t)
    if lm:
        label = " ".join(lm.group("label").split())
        title = lm.group("title").strip(" -–:")
        return Attachment(label=label, title=title or label, closed=closed, line=line)
    return Attachment(label=None, title=t, closed=closed, line=line)
