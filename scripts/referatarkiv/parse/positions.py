"""Positions: who took a stance of their own on a decision, as the decision's sentences say.

A decision often records, beside what the body did, who disagreed, reserved their position, abstained
or did not take part. The wordings seen in Danish referater, and what this module makes of them:

- a verb after the parties or persons: "Socialistisk Folkepartis og Enhedslisten de Rød-Grønnes
  byrådsgrupper og Viggo Jonasen kunne ikke tiltræde indstillingens beslutningspunkter 1 og 2",
  "(A), (Ø) og (F) stemte imod", "Liberal Alliance og Alternativet tog forbehold", "Mehmet Zeki
  Dogru (Ø) undlod at tage stilling", "V og D stemmer for", "Thure Hastrup deltog ikke i sagens
  behandling", "Rådmand Nicolaj Bang var forhindret i at deltage" — several in one sentence too
  ("A stemmer for, V og D stemmer imod og C undlader");
- a vote line: "For stemte: A, B, F", "Imod stemte (Ø) og (F)", "Imod: Ø og F", "Undlod at stemme:
  Ø og F", "For forslaget stemte: Ø og F (2)", "Liselott Blixt: Undlod.";
- a majority or minority with its parties: "Et flertal (A, F, Ø) …", "Et flertal bestående af A, C,
  N og V (6) anbefaler indstillingen", "2 medlemmer (N+Ø) tager forbehold", "Anbefales af et flertal
  bestående af V, B og A";
- attendance lines kept beside the decision (:func:`~.people.split_attendance`): "Fraværende: Lise
  Berg (V)", "Byrådet erklærede Charlotte Levin (A) for inhabil i punktets behandling".

Parties become their ballot letters (:mod:`.parties`); persons are kept as written (a role before the
name, "Rådmand", left out), with the letter beside their name when there is one. A sentence whose
subject is a body ("Udvalget undlod at tage stilling", "Byrådet godkendte …") or is not a list of
parties and persons ("Et flertal i udvalget kunne tiltræde …") states no position of its own: the
decision says what the body did. A vote's tally ("Med stemmerne 17 for og 8 imod …") is read by
:func:`votes`.
"""
from __future__ import annotations

import re

from ..model import Member, Position
from .parties import letter_of, party_letter
from .people import attendance_people
from .vocab import BODY_WORD_RE

# --- who: a list of parties and persons ------------------------------------------------------

_ROLE_RE = re.compile(r"^(?:rådmand|borgmester|viceborgmester|formand|formanden|næstformand|byrådsmedlem|"
                      r"kommunalbestyrelsesmedlem|medlem|udvalgsmedlem|gruppeformand)\s+(?=[A-ZÆØÅ])", re.IGNORECASE)
_NAME_WORD_RE = re.compile(r"^(?:[A-ZÆØÅÉÜÖÄ][a-zæøåéüöäA-ZÆØÅ'’\-]*\.?|[A-ZÆØÅ]\.|van|von|de|la|le|den|der|af|du|el|al|bin)$")
# Capitalised words that begin a sentence or name a role or a group, never a person.
_NOT_NAMES = frozenset(
    "udvalget byrådet magistraten borgmesteren formanden administrationen forvaltningen direktionen flertallet "
    "mindretallet alle medlemmerne partierne partiet sagen et en der det de den han hun vi jeg samtlige øvrige "
    "resten begge kommunen kommunalbestyrelsen regionsrådet rådet bestyrelsen nævnet gruppen grupperne "
    "indstillingen forslaget punktet ad pkt punkt beslutning beslutningen imod for undlod med og".split())
_COUNT_RE = re.compile(r"\(\s*\d{1,2}\s*\)|^\s*\d{1,2}\s+medlem(?:mer)?\s*")
_LEAD_RE = re.compile(r"^(?:og|samt|mens|medens|men|hvorimod|medlemmerne\s+fra|partierne)\s+", re.IGNORECASE)
_SEP_RE = re.compile(r"\s*[,;]\s*|\s+og\s+|\s+samt\s+|\s*&\s*|\s+\+\s+")
_LETTER_GROUP_SEP_RE = re.compile(r"\s*[+,/]\s*|\s+og\s+")
_PERSON_PARTY_RE = re.compile(r"^(?P<name>[^()]+?)\s*,?\s*(?:fra\s+)?\((?P<p>[^()]{1,30})\)\)?$")


def _split_top(text: str) -> list[str]:
    """Split a list at commas, "og", "samt", "&" outside parentheses, and between "Name (A) Name (B)"."""
    text = re.sub(r"\)\s+(?=[A-ZÆØÅ(])", "), ", text)
    # separators inside parentheses ("(A, F, Ø)", "(A+V+C)") are hidden from the split, character for character
    depth, chars = 0, []
    for ch in text:
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(0, depth - 1)
        chars.append("\0" if depth and ch in ",;+&" else ("\1" if depth and ch == " " else ch))
    flat = "".join(chars)
    out, pos = [], 0
    for m in _SEP_RE.finditer(flat):
        out.append(text[pos:m.start()])
        pos = m.end()
    out.append(text[pos:])
    return [t for t in (x.strip() for x in out) if t]


def _person(name: str) -> str | None:
    """``name`` cleaned when it is a person's name ("Rådmand Nicolaj Bang" → "Nicolaj Bang"), else None."""
    n = _ROLE_RE.sub("", " ".join(name.split()).strip(" ,.:;"))
    words = n.split()
    if not 1 <= len(words) <= 6 or not all(_NAME_WORD_RE.match(w) for w in words):
        return None
    if words[0][:1].islower() or any(w.casefold().strip(".") in _NOT_NAMES for w in words):
        return None
    if BODY_WORD_RE.search(n) or party_letter(n) is not None:
        return None
    return n


def parse_who(text: str, kommune: str | None = None) -> tuple[list[str], list[Member]] | None:
    """(party letters, persons) a list names: "Socialistisk Folkepartis og Enhedslisten de Rød-Grønnes
    byrådsgrupper og Viggo Jonasen", "(V), (A), (C) og Liselott Blixt (UP)", "A, B, F", "(A+V+C)";
    None when anything in it is neither a party nor a person."""
    t = " ".join(text.split()).strip(" ,.:;")
    t = _COUNT_RE.sub(" ", t).strip(" ,.:;")
    t = _LEAD_RE.sub("", t)
    if not t or len(t) > 400:
        return None
    parties: list[str] = []
    persons: list[Member] = []
    for tok in _split_top(t):
        tok = _LEAD_RE.sub("", tok.strip(" ,.:;"))
        if not tok:
            continue
        inner = re.fullmatch(r"\((?P<i>[^()]+)\)\)?", tok)
        if inner:
            letters = [letter_of(x, kommune) for x in _LETTER_GROUP_SEP_RE.split(inner.group("i").strip()) if x.strip()]
            if letters and all(letters):
                parties.extend(letters)
                continue
            return None
        letter = party_letter(tok, kommune)
        if letter is not None:
            parties.append(letter)
            continue
        pm = _PERSON_PARTY_RE.match(tok)
        if pm:
            name = _person(pm.group("name"))
            mark = pm.group("p").strip()
            if name is not None and (len(name.split()) > 1 or letter_of(mark, kommune)):
                persons.append(Member(name, letter_of(mark, kommune) or party_letter(mark, kommune)))
                continue
            return None
        name = _person(tok)
        if name is not None and len(name.split()) > 1:
            persons.append(Member(name))
            continue
        return None
    if not parties and not persons:
        return None
    return list(dict.fromkeys(parties)), persons


# --- sentences --------------------------------------------------------------------------------

_ABBREV_END = frozenset("pkt nr jf bl.a mio mia kr ca f.eks vedr stk bl evt inkl ekskl mht dvs pga tlf m.fl jan feb aug sep sept okt nov dec".split())


_NUMBERING_RE = re.compile(r"^(?:ad\.?\s*)?(?:punkt\s+|pkt\.?\s*)?[\d.\-–a-z ]{1,8}$", re.IGNORECASE)


def sentences(paragraph: str) -> list[str]:
    """The sentences of a paragraph: split after ".", "!" or "?" before a capital or "(", but not after an
    initial ("John T. Olsen") or a short form ("pkt. 3")."""
    p = " ".join(paragraph.split())
    out, start = [], 0
    for m in re.finditer(r"[.!?]\s+(?=[A-ZÆØÅ(\"”])", p):
        before = p[start:m.start()].rsplit(" ", 1)[-1].casefold().strip("(")
        if len(before) == 1 and before.isalpha() or before in _ABBREV_END:
            continue
        if _NUMBERING_RE.match(p[start:m.start() + 1]):
            continue  # "1." or "Ad 1." opening the sentence
        out.append(p[start:m.start() + 1].strip())
        start = m.end()
    out.append(p[start:].strip())
    return [s for s in out if s]


# a vote line's label inside a sentence: "… godkendte Økonomiudvalgets indstilling. Imod: Ø Undlod: F"
_MID_LABEL_RE = re.compile(r"\s+(?=(?:For|Imod|Undlod)\b[^:.]{0,50}:)")


def _clauses(sentence: str) -> list[str]:
    return [c for c in _MID_LABEL_RE.split(sentence) if c.strip()]


# the part of the decision a position concerns, at the start: "Ad 1.", "Ad punkt 2,", "1. a.", "1.-3."
_PREFIX_RE = re.compile(
    r"^(?P<scope>ad\.?\s*(?:punkt\s+|pkt\.?\s*)?[\w.]{1,6}?\s*[.):,]?"
    r"|(?:punkt\s+|pkt\.?\s*)?\d{1,2}[a-z]?(?:\s*\.\s*[a-zæøå](?=[\s.)]))?\s*[.)](?:\s*[-–]\s*\d{1,2}\s*\.?)?"
    r"|[a-zæøå][.)])\s*,?\s+(?=[A-ZÆØÅ(a-zæøå])",
    re.IGNORECASE)
# the part it concerns, after the verb: "indstillingens beslutningspunkter 1 og 2", "punkt 4", "pkt. 3 og 4"
_SCOPE_RE = re.compile(
    r"(?:\b(?:indstillingens|administrationens|[A-ZÆØÅ][\w\-]*udvalgets|magistratens|forslagets)\s+)?"
    r"\b(?:(?:beslutnings|indstillings)?punkt(?:er(?:ne)?)?|pkt\.?|pk\.)\s*\d[\w.]*(?:\s*(?:,|og|-|–)\s*\d[\w.]*)*",
    re.IGNORECASE)

# Stances and their verbs, the longer forms first (matched case-insensitively after the subject).
_VERBS: tuple[tuple[str, str], ...] = (
    ("deltog-ikke", r"deltog\s+ikke(?:\s+i\s+(?:sagens|punktets|udvalgets|byrådets|mødets|kommunalbestyrelsens)?\s*"
                    r"behandling(?:en)?(?:\s+af\s+(?:sagen|punktet))?)?"),
    ("deltog-ikke", r"var\s+forhindret\s+i\s+at\s+deltage(?:\s+i\s+(?:sagens|punktets|udvalgets)\s+behandling"
                    r"(?:\s+af\s+sagen)?)?"),
    ("deltog-ikke", r"erklærede\s+sig\s+inhabil|(?:var|blev)\s+(?:erklæret\s+)?inhabil"),
    ("deltog-ikke", r"var\s+fraværende|var\s+ikke\s+til\s+stede|havde\s+meldt\s+afbud|"
                    r"forlod\s+(?:herefter\s+|derefter\s+)?(?:mødet|lokalet|salen)"),
    ("imod", r"kunne\s+ikke\s+(?:tiltræde|godkende|anbefale|støtte)|kan\s+ikke\s+(?:tiltræde|godkende|anbefale|støtte)"),
    ("imod", r"stemte\s+(?:i\s*)?mod|stemmer\s+(?:i\s*)?mod|stemte\s+nej|stemmer\s+nej|tog\s+afstand\s+fra|"
             r"tager\s+afstand\s+fra|gik\s+imod|var\s+imod"),
    ("imod", r"tilkendegav,?\s+at\s+(?:de|han|hun|partiet)\s+ville\s+stemme\s+imod"),
    ("forbehold", r"tog\s+(?:et\s+|generelt\s+)?forbehold|tager\s+(?:et\s+|generelt\s+)?forbehold|havde\s+forbehold|"
                  r"afventer\s+stillingtagen|afventede\s+stillingtagen"),
    ("undlod", r"undlod\s+at\s+(?:stemme|tage\s+stilling)|undlader\s+at\s+(?:stemme|tage\s+stilling)|"
               r"stemte\s+hverken\s+for\s+eller\s+imod|stemte\s+blankt|afstod\s+fra\s+at\s+stemme|undlod|undlader"),
    ("for", r"stemte\s+for|stemmer\s+for|stemte\s+ja|kunne\s+tiltræde|kan\s+tiltræde|tiltrådte|tiltræder|anbefaler|"
            r"anbefalede|godkendte|støttede"),
)
_VERB_RE = re.compile(
    r"(?<![\w-])(?:" + "|".join(f"(?P<v{i}>{pat})" for i, (_, pat) in enumerate(_VERBS)) + r")(?![\w-])",
    re.IGNORECASE)
_VERB_STANCE = {f"v{i}": stance for i, (stance, _) in enumerate(_VERBS)}

# "For stemte: (V), (A)", "Imod stemte (Ø)", "For forslaget stemte: Ø og F (2)", "Stemte imod: F", "Imod: Ø",
# "Undlod at stemme: Ø og F", "Forbehold: C", "Fraværende: X"
_LABEL_RE = re.compile(
    r"^(?P<label>(?P<dir>for|imod)(?:\s+(?!stemte\b)[a-zæøå]+){0,3}\s+stemte|stemte\s+(?P<dir2>for|imod)|"
    r"undlod\s+at\s+(?:stemme|tage\s+stilling)|imod|for|undlod|undlader|forbehold|"
    r"fraværende(?:\s+med\s+afbud)?|afbud(?P<fra>\s+fra)?|ikke\s+til\s+stede|fravær)\s*(?P<colon>:)?\s*(?P<who>.*)$",
    re.IGNORECASE)
_LABEL_STANCE = {"imod": "imod", "for": "for", "undlod": "undlod", "undlader": "undlod", "forbehold": "forbehold"}
# "Liselott Blixt: Undlod."
_WHO_LABEL_RE = re.compile(r"^(?P<who>[^:]{2,80}):\s*(?P<label>undlod|undlader|imod|for|forbehold)\.?$", re.IGNORECASE)
# where a vote line's list ends and a remark begins: "Imod stemte: Ø, da Ø har eget budget"
_REMARK_RE = re.compile(
    r"(?:,\s*|\s+)(?:med\b|da\b|idet\b|fordi\b|i\s+forhold\s+til\b|for\s+så\s+vidt\b|på\s+(?:punkt|pkt)|"
    r"ved\s+(?:punkt|pkt)|vedrørende\b|vedr\.|til\s+(?:punkt|pkt)|og\s+henholdt\b)|\s+[-–]\s+",
    re.IGNORECASE)
# "Et flertal (A, F, Ø)", "Et flertal bestående af A, C, N og V", "Mindretallet (V)", "Et flertal i udvalget"
_GROUP_RE = re.compile(
    r"^(?:et\s+|\d{1,2}\s+)?(?P<g>flertal|mindretal)(?:let)?(?:\s+i\s+(?:\w+))?"
    r"(?:\s*,?\s*(?:bestående\s+af|med)\s+(?P<a>.+)|\s*\((?P<b>.+)\)\s*(?P<c>.*))?$",
    re.IGNORECASE)
# "Anbefales af et flertal bestående af V, B og A", "… af et mindretal (O)"
_PASSIVE_GROUP_RE = re.compile(
    r"\baf\s+(?:et\s+)?(?P<g>flertal|mindretal)(?:et)?(?:\s+i\s+\w+)?\s*(?:,?\s*bestående\s+af\s+(?P<a>[^.;]+)|"
    r"\((?P<b>[^)]+)\))",
    re.IGNORECASE)
# "Byrådet erklærede Charlotte Levin (A) for inhabil i punktets behandling" (not "for ikke inhabil")
_DECLARED_RE = re.compile(r"\berklærede\s+(?P<who>[^.;]+?)\s+for\s+inhabil\b", re.IGNORECASE)
_ATTENDANCE_LABELS = ("fraværende", "afbud", "ikke til stede", "fravær")


# "(Stedfortræder: Jesper Fini Kuhre)" after an absent member: who stood in, not who was absent
_STANDS_IN_RE = re.compile(r"\((?:stedfortræder|suppleant|stedfortræder for)\b[^)]*\)", re.IGNORECASE)


def _leading_who(text: str, kommune: str | None) -> tuple[list[str], list[Member]] | None:
    """A vote line's list: all of it when it parses, else its longest start that does ("(V), (A) og Liselott
    Blixt (UP-N) (A) undlod at stemme" → the first three)."""
    who = parse_who(text, kommune)
    if who is not None:
        return who
    tokens = _split_top(" ".join(text.split()))
    for n in range(len(tokens) - 1, 0, -1):
        who = parse_who(", ".join(tokens[:n]), kommune)
        if who is not None:
            return who
    return None


def _scope_after(text: str) -> str | None:
    m = _SCOPE_RE.search(text)
    return " ".join(m.group(0).split()).rstrip(".,") if m else None


def _wording(label: str) -> str:
    return " ".join(label.lower().split())


def _clause_positions(clause: str, sentence: str, kommune: str | None, scope: str | None) -> list[Position]:
    c = clause.strip()
    out: list[Position] = []
    lm = _LABEL_RE.match(c)
    if lm:
        label = _wording(lm.group("label"))
        attendance = label.startswith(_ATTENDANCE_LABELS)
        has_stemte = "stemte" in label
        if lm.group("colon") or has_stemte or lm.group("fra"):
            who_text = _STANDS_IN_RE.sub("", lm.group("who"))
            cut = _REMARK_RE.search(who_text)
            rest = who_text[cut.start():] if cut else ""
            who_text = who_text[:cut.start()] if cut else who_text
            who = _leading_who(who_text, kommune)
            if who is None and attendance:
                names = attendance_people([c])[1]
                who = ([], [Member(n) for n in names]) if names else None
            if who is not None:
                if attendance:
                    stance, reason = "deltog-ikke", "fraværende"
                else:
                    d = (lm.group("dir") or lm.group("dir2") or label.split()[0]).lower()
                    stance, reason = _LABEL_STANCE.get(d, "undlod"), None
                out.append(Position(stance, sentence, who[0], who[1], scope or _scope_after(rest), None, reason, label))
            return out
    wm = _WHO_LABEL_RE.match(c)
    if wm:
        who = parse_who(wm.group("who"), kommune)
        if who is not None:
            out.append(Position(_LABEL_STANCE[wm.group("label").lower()], sentence, who[0], who[1], scope, None, None,
                                _wording(wm.group("label"))))
        return out
    dm = _DECLARED_RE.search(c)
    if dm:
        who = parse_who(dm.group("who"), kommune)
        if who is not None:
            out.append(Position("deltog-ikke", sentence, who[0], who[1], scope, None, "inhabil", "erklæret inhabil"))
        return out
    pm = _PASSIVE_GROUP_RE.search(c)
    if pm:
        who = parse_who(pm.group("a") or pm.group("b"), kommune)
        if who is not None:
            g = pm.group("g").lower()
            out.append(Position(g, sentence, who[0], who[1], scope, g, None, g))
        return out
    prev_end = 0
    for k, vm in enumerate(_VERB_RE.finditer(c)):
        who_text = c[prev_end:vm.start()]
        prev_end = vm.end()
        stance = _VERB_STANCE[vm.lastgroup]
        group = None
        gm = _GROUP_RE.match(" ".join(who_text.split()).strip(" ,"))
        if gm:
            group = gm.group("g").lower()
            who_text = gm.group("a") or gm.group("b") or ""
            if not who_text.strip():
                continue  # "Et flertal i udvalget kunne tiltræde …": no parties named
        who = parse_who(who_text, kommune)
        if who is None:
            continue
        wording = _wording(vm.group(0))
        if group is not None and stance == "for":
            stance = group
        reason = None
        if stance == "deltog-ikke":
            reason = "inhabil" if "inhabil" in wording else ("fraværende" if "fravær" in wording or "afbud" in wording else None)
        nxt = _VERB_RE.search(c, vm.end())
        after = c[vm.end(): nxt.start() if nxt else len(c)]
        out.append(Position(stance, sentence, who[0], who[1], scope or _scope_after(after), group, reason, wording))
    return out


# Every wording above holds one of these; a paragraph without any states no position ("Godkendt.").
_CUE_RE = re.compile(r"tiltr|stem|forbehold|undl|deltog|deltage|inhabil|fravær|afbud|til\s+stede|forlod|imod|anbefal|"
                     r"godkendte|ikke\s+godkende|støtte|flertal|mindretal|afstand|afvent|for\s*:", re.IGNORECASE)


def positions(paragraphs: list[str], kommune: str | None = None) -> list[Position]:
    """Every position the paragraphs of a decision (its text and its attendance lines) state, in order."""
    out: list[Position] = []
    seen = set()
    if not any(_CUE_RE.search(p) for p in paragraphs if p):
        return out
    paras = [p for p in paragraphs if p and p.strip()]
    skip = 0
    for i, para in enumerate(paras):
        if skip:
            skip -= 1
            continue
        listed = _listed_below(paras, i, kommune)
        if listed is not None:
            p, used = listed
            out.append(p)
            skip = used
            continue
        for sentence in sentences(para.replace("**", "").lstrip("-*• ")):
            scope = None
            body = sentence
            pm = _PREFIX_RE.match(body)
            if pm and not _LABEL_RE.match(body):
                scope = " ".join(pm.group("scope").split()).rstrip(".,:")
                body = body[pm.end():]
            for clause in _clauses(body):
                for p in _clause_positions(clause, sentence, kommune, scope):
                    key = (p.stance, tuple(p.parties), tuple((m.name, m.party) for m in p.persons), p.scope, p.sentence)
                    if key not in seen:
                        seen.add(key)
                        out.append(p)
    return out


_BARE_LABEL_RE = re.compile(r"^(?P<label>(?:for|imod)(?:\s+[a-zæøå]+){0,3}\s+stemte|stemte\s+(?:for|imod)|imod|for|"
                            r"undlod(?:\s+at\s+stemme)?|forbehold|fraværende|afbud|ikke\s+til\s+stede)\s*:$",
                            re.IGNORECASE)


def _listed_below(paras: list[str], i: int, kommune: str | None) -> tuple[Position, int] | None:
    """A vote label alone ("Imod stemte:") with its parties and persons in the paragraphs below, one each,
    perhaps with a remark ("(F) med bemærkning om, …"): one position, and how many paragraphs it used."""
    lm = _BARE_LABEL_RE.match(" ".join(paras[i].replace("**", "").split()).strip("* "))
    if lm is None:
        return None
    parties: list[str] = []
    persons: list[Member] = []
    lines = []
    for para in paras[i + 1:]:
        t = " ".join(para.split()).strip("-*• ")
        if _BARE_LABEL_RE.match(t) or _LABEL_RE.match(t) and _LABEL_RE.match(t).group("colon"):
            break
        cut = _REMARK_RE.search(t)
        who = parse_who(t[:cut.start()] if cut else t, kommune)
        if who is None:
            break
        parties += [x for x in who[0] if x not in parties]
        persons += who[1]
        lines.append(t[:cut.start()] if cut else t)
    if not lines:
        return None
    label = _wording(lm.group("label"))
    sentence = " ".join(paras[i].replace("**", "").split()) + " " + "; ".join(lines)
    if label.startswith(_ATTENDANCE_LABELS):
        return Position("deltog-ikke", sentence, parties, persons, None, None, "fraværende", label), len(lines)
    d = label.split()[0] if not label.startswith("stemte") else label.split()[1]
    stance = _LABEL_STANCE.get(d, "undlod")
    return Position(stance, sentence, parties, persons, None, None, None, label), len(lines)


_TALLY_RE = re.compile(
    r"\bmed\s+stemmer(?:ne)?\s+(?P<for>\d{1,3})\s+for(?:\s*(?:,|og)?\s*(?P<imod>\d{1,3}|ingen)\s+imod)?"
    r"(?:\s*(?:,|og)\s*(?P<undlod>\d{1,3})\s+(?:undlod|hverken))?",
    re.IGNORECASE)


def votes(text: str) -> dict[str, int]:
    """A vote's tally the text states ("Med stemmerne 17 for og 8 imod …" → {"for": 17, "imod": 8}), or {}."""
    m = _TALLY_RE.search(text)
    if not m:
        return {}
    out = {"for": int(m.group("for"))}
    if m.group("imod"):
        out["imod"] = 0 if m.group("imod").lower() == "ingen" else int(m.group("imod"))
    if m.group("undlod"):
        out["undlod"] = int(m.group("undlod"))
    return out
