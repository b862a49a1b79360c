"""Pins the promises of the sample archive in content/ (plain file reading; no parser needed).

The sample is fictional and written for this project; nothing in it is copied from real referater.

content/udvalg.yml                                rename: Beskæftigelses- og Uddannelsesudvalget 2018-21
                                                  -> Beskæftigelses-, Erhvervs- og Uddannelsesudvalget 2022-25
content/havbjerg/   (Havbjerg Kommune, Frederiksberg-like system: Magistraten, items numbered through the year)
  beskaeftigelsesudvalget/2020-02-10-referat.txt  plain text (like frederiksberg/000), Punkt 10-14
  beskaeftigelsesudvalget/2020-03-02-referat.txt  plain text, Punkt 15-20
  beskaeftigelsesudvalget/2020-03-02-referat.bilag/
      Bilag 1 - Tilsagnsbrev.pdf                  open attachment of Punkt 18
      Bilag 3 - Deltageroversigt.pdf              CLOSED attachment of Punkt 18 ("(lukket)"); must never be
                                                  published; contains the marker LUKKET-BILAG-MAA-IKKE-PUBLICERES
  magistraten/2020-03-16-referat.txt              plain text with YAML front matter (source_url), Punkt 95-99
  beskaeftigelsesudvalget/2022-04-04-referat.md   Markdown export (like frederiksberg/001), Punkt 12-16
  beskaeftigelsesudvalget/2022-05-09-indstilling-rekruttering.txt (+ .yml sidecar)
                                                  København-style fragment: one unnumbered item, no header
content/lindved/    (Lindved Kommune, Tårnby-like: no term in header, items restart at 1, ØU decisions)
  job-og-velfaerdsudvalget/2020-09-15-referat.txt Punkt 1-9
  job-og-velfaerdsudvalget/2021-01-19-referat.txt Punkt 1-7, YAML front matter

content/soeholt/   (Søholt Kommune, the First Agenda system: a saved web page, the publication API's JSON, an agenda)
  teknik-og-miljoeudvalget/2024-11-12-referat.html   a saved First Agenda web page: items as table rows, bilag links
  teknik-og-miljoeudvalget/2024-12-10-dagsorden.html the next meeting's dagsorden (no decisions yet)
  oekonomiudvalget/2024-11-18_1500.json              First Agenda JSON: the cykelsti case (24-002958) onward to
                                                     Økonomiudvalget, a closed item, an absence for one item

The case followed through three meetings and two bodies: 15.00.00-P20-3-19 "Etablering af Ungehus Havbjerg"
(BUU 10-02-2020 pkt. 12 udsat -> BUU 02-03-2020 pkt. 18 godkendt + indstiller til magistraten ->
MAG 16-03-2020 pkt. 97 godkendt). The 2022-25 item Punkt 12 refers back to it with
"(BUU d. 2. marts 2020 pkt. 18 - MAG d. 16. marts 2020 pkt. 97)" and "(MAG 16. marts 2020, pkt. 97)".
Lindved repeats 20/17220 and 19/30311 across its two meetings; the standing "Meddelelser" number
00.22.00-P35-41-19 recurs in both 2020 BUU meetings.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
CONTENT = ROOT / "content"
SHARED = Path(__file__).resolve().parents[1].parent / "shared"

HAV = CONTENT / "havbjerg"
BUU = HAV / "beskaeftigelsesudvalget"
LIN = CONTENT / "lindved" / "job-og-velfaerdsudvalget"
M1 = BUU / "2020-02-10-referat.txt"
M2 = BUU / "2020-03-02-referat.txt"
MAG = HAV / "magistraten" / "2020-03-16-referat.txt"
MD = BUU / "2022-04-04-referat.md"
FRAGMENT = BUU / "2022-05-09-indstilling-rekruttering.txt"
L1 = LIN / "2020-09-15-referat.txt"
L2 = LIN / "2021-01-19-referat.txt"

CASE = "15.00.00-P20-3-19"
ITEM_RE = re.compile(r"^(?:# )?Punkt (\d+): (.+)$", re.M)
BILAG_DIR = M2.parent / (M2.stem + ".bilag")


def referat_files() -> list[Path]:
    return sorted(
        p
        for p in CONTENT.rglob("*")
        if p.is_file()
        and p.suffix in (".txt", ".md", ".pdf")
        and not any(part.endswith(".bilag") for part in p.relative_to(CONTENT).parts)
    )


def read(p: Path) -> str:
    return p.read_text(encoding="utf-8")


def items(text: str) -> list[tuple[int, str, str]]:
    """(number, title, block text) for every "Punkt N: title" in a referat."""
    ms = list(ITEM_RE.finditer(text))
    return [
        (int(m.group(1)), m.group(2).strip(), text[m.start() : ms[i + 1].start() if i + 1 < len(ms) else len(text)])
        for i, m in enumerate(ms)
    ]


def item(path: Path, number: int) -> str:
    for n, _title, block in items(read(path)):
        if n == number:
            return block
    raise AssertionError(f"Punkt {number} not in {path.name}")


def front_matter(text: str) -> dict | None:
    m = re.match(r"---\n(.*?)\n---\n", text, re.S)
    return yaml.safe_load(m.group(1)) if m else None


def test_kommune_display_names():
    assert yaml.safe_load(read(HAV / "kommune.yml")) == {"name": "Havbjerg Kommune"}
    assert yaml.safe_load(read(CONTENT / "lindved" / "kommune.yml")) == {"name": "Lindved Kommune"}


def test_committee_rename_matches_headers():
    renames = yaml.safe_load(read(CONTENT / "udvalg.yml"))["renames"]
    assert {
        "kommune": "havbjerg",
        "from": "Beskæftigelses- og Uddannelsesudvalget 2018-21",
        "to": "Beskæftigelses-, Erhvervs- og Uddannelsesudvalget 2022-25",
    } in renames
    assert "REFERAT Beskæftigelses- og Uddannelsesudvalget_2018-21 d. 10-02-2020" in read(M1)
    assert "# **REFERAT Beskæftigelses-, Erhvervs- og Uddannelsesudvalget 2022-25 d. 04-04-2022**" in read(MD)
    side = yaml.safe_load(read(FRAGMENT.with_suffix(".yml")))
    assert side["committee"] == "Beskæftigelses-, Erhvervs- og Uddannelsesudvalget" and side["term"] == "2022-25"


def test_meeting_and_item_counts():
    files = referat_files()
    assert len(files) >= 6
    numbered = sum(len(ITEM_RE.findall(read(p))) for p in files)
    fragments = [p for p in files if not ITEM_RE.search(read(p))]
    assert fragments == [FRAGMENT]
    assert numbered + len(fragments) >= 30


def test_numbering_through_term_and_restarting_per_meeting():
    n1 = [n for n, _, _ in items(read(M1))]
    n2 = [n for n, _, _ in items(read(M2))]
    assert n1 == list(range(10, 15)) and n2 == list(range(15, 21))
    assert [n for n, _, _ in items(read(MAG))] == list(range(95, 100))
    assert [n for n, _, _ in items(read(MD))] == list(range(12, 17))
    for p in (L1, L2):
        nums = [n for n, _, _ in items(read(p))]
        assert nums == list(range(1, len(nums) + 1))


def test_case_followed_through_three_meetings_and_two_bodies():
    holders = [p for p in referat_files() if re.search(rf"^{re.escape(CASE)}$", read(p), re.M)]
    assert holders == sorted([M1, M2, MAG])
    assert {p.parent.name for p in holders} == {"beskaeftigelsesudvalget", "magistraten"}

    first = item(M1, 12)
    assert "udsatte sagen" in first and "Historik" not in first

    second = item(M2, 18)
    decision = second.split("\nBeslutning\n", 1)[1].split("\nIndstilling\n", 1)[0]
    assert "godkendte" in decision and "indstiller til magistraten" in decision
    assert "Beslutning 10. februar 2020, pkt. 12:" in second
    assert "Beskæftigelses- og uddannelsesudvalget den 10. februar og den 2. marts samt magistraten den 16. marts 2020." in second

    third = item(MAG, 97)
    assert "Magistraten godkendte" in third
    for head in ("Beslutning 2. marts 2020, pkt. 18:", "Indstilling 2. marts 2020, pkt. 18:", "Beslutning 10. februar 2020, pkt. 12:"):
        assert head in third.split("\nHistorik\n", 1)[1]


def test_cross_references_point_at_items_in_the_archive():
    md = item(MD, 12)
    assert "(BUU d. 2. marts 2020 pkt. 18 - MAG d. 16. marts 2020 pkt. 97)" in md
    assert "(MAG 16. marts 2020, pkt. 97)" in md
    assert "Punkt 18: Etablering af Ungehus Havbjerg" in read(M2)
    assert "Punkt 97: Etablering af Ungehus Havbjerg" in read(MAG)
    # "(pkt. N)" within the same term, pointing at the previous meeting
    assert "den 10. februar 2020 (pkt. 11)" in item(M2, 16) and "(pkt. 13)" in item(M2, 16)
    assert "den 4. april 2022 (pkt. 14)" in read(FRAGMENT)


def test_attachment_labels_closed_and_open():
    all_text = "\n".join(read(p) for p in referat_files())
    for label_line in (r"^Bilag 1 - ", r"^Bilag 2\.1 - ", r"^BILAG 1\.03A ", r"^Bilag A "):
        assert re.search(label_line, all_text, re.M), label_line
    assert re.search(r"^Bilag 3 - Deltageroversigt \(lukket\)$", read(M2), re.M)
    assert re.search(r"^Bilag 2 - Oversigt over klagesager \(lukket\)$", read(MD), re.M)
    assert "Bilag 1 er lukket, da det indeholder personhenførbare oplysninger." in item(M1, 11)
    assert re.search(r"^BILAG 1\.03A .+ åben$", item(MAG, 97), re.M)


def test_attachment_files_beside_referat():
    files = sorted(p.name for p in BILAG_DIR.iterdir())
    assert files == ["Bilag 1 - Tilsagnsbrev.pdf", "Bilag 3 - Deltageroversigt.pdf"]
    listed = item(M2, 18)
    assert re.search(r"^Bilag 1 - Tilsagnsbrev$", listed, re.M)  # open
    assert re.search(r"^Bilag 3 - Deltageroversigt \(lukket\)$", listed, re.M)  # closed
    for name in files:
        data = (BILAG_DIR / name).read_bytes()
        assert data.startswith(b"%PDF-1.") and data.rstrip().endswith(b"%%EOF")
    assert b"LUKKET-BILAG-MAA-IKKE-PUBLICERES" in (BILAG_DIR / "Bilag 3 - Deltageroversigt.pdf").read_bytes()
    # each label is unique within the referat, so file -> attachment is unambiguous
    labels = re.findall(r"^(Bilag \w+(?:\.\w+)?) - ", read(M2), re.M)
    assert labels.count("Bilag 1") == 1 and labels.count("Bilag 3") == 1


def test_front_matter_and_sidecar_use_example_invalid():
    with_fm = {p: front_matter(read(p)) for p in referat_files()}
    with_fm = {p: fm for p, fm in with_fm.items() if fm}
    assert set(with_fm) == {MAG, L2}
    side = yaml.safe_load(read(FRAGMENT.with_suffix(".yml")))
    assert str(side["date"]) == "2022-05-09"
    for url in [fm["source_url"] for fm in with_fm.values()] + [side["source_url"]]:
        assert re.match(r"https://[\w.-]+\.example\.invalid/", url), url


def test_fragment_shape():
    text = read(FRAGMENT)
    assert "REFERAT" not in text and not ITEM_RE.search(text)
    heads = [h for h in ("Indstilling", "Problemstilling", "Løsning", "Økonomi", "Videre proces")]
    positions = [text.index(f"\n{h}\n") for h in heads]
    assert positions == sorted(positions)
    assert re.fullmatch(r"[^\n/]+ / [^\n/]+", text.rstrip().splitlines()[-1])


def test_taarnby_style_traits():
    l1 = read(L1)
    assert "REFERAT Job- og Velfærdsudvalget d. 15-09-2020" in l1 and "_20" not in l1.split("\n\n", 3)[1]
    m = re.search(r"^Mødedeltagere (.+)\n(\S.+)$", l1, re.M)
    assert m and "(Afbud)" in m.group(0)
    ids = {title: re.search(r"^\d+/\d+$", block, re.M).group(0) for _, title, block in items(l1)}
    assert ids["Godkendelse af dagsorden"] == ids["Meddelelser"] == ids["Eventuelt"] == "20/21404"
    normering = item(L1, 4)
    assert normering.index("Beslutning i Økonomiudvalget den 26-08-2020") < normering.index(
        "Beslutning i Job- og Velfærdsudvalget den 15-09-2020"
    )
    assert re.search(r"^/lbj$", normering, re.M) and "\nPåtegning\n" in normering and "\nResumé\n" in l1
    assert re.search(r"\nBilag\n\nBeslutning i Job- og Velfærdsudvalget", item(L1, 6))  # empty Bilag heading
    assert "\nBilag\n\nUdvikling i antal helårspersoner august 2020\n" in item(L1, 6)  # unlabelled list
    # the same case number in both Lindved meetings
    assert "\n20/17220\n" in read(L2) and "\n19/30311\n" in read(L2)


def test_format_traits():
    m2 = read(M2)
    assert re.search(r"^Mødedato Mandag d\. 02\. marts 2020 kl\. 17:00$", m2, re.M)
    assert re.search(r"^Mødested .+$", m2, re.M)
    assert re.search(r"^.+\.{3,}\t\d+$", m2, re.M)  # TOC with dot leaders and tab
    assert re.search(r"^[^\t\n]+(\t[^\t\n]*){2,}$", m2, re.M)  # tab-separated table
    assert re.search(r"koordinering af\n\nindsatsen for de unge", m2)  # page break mid-sentence
    assert re.search(r"^\d{2}\.\d{2}\.\d{2}-[A-ZØ]\d{2}-\d+-\d{2}$", m2, re.M)
    assert re.search(r"^\d{2}\.\d{2}\.\d{2}-\d+-\d{2}$", read(M1), re.M)  # KLE without facet
    md = read(MD)
    for marker in ("**Mødedato**", "---\t---", "<b>", "### **", "\n## Resume\n", "\n## **Behandling**\n"):
        assert marker in md, marker


def test_outcome_vocabulary_is_used():
    all_text = "\n".join(read(p) for p in referat_files())
    for pattern in (r"\bgodkendte\b", r"til efterretning", r"\bdrøftede\b", r"\budsatte\b",
                    r"indstiller til magistraten", r"\bafviste\b|^Afvist\.$", r"\boversendes\b"):
        assert re.search(pattern, all_text, re.M), pattern


def test_sample_copies_no_real_text():
    corpus = SHARED / "corpus"
    if not corpus.is_dir():
        pytest.skip(f"real corpus not found at {corpus}")
    real = "\n".join(p.read_text(encoding="utf-8") for p in corpus.rglob("*.txt"))
    ours = " ".join(" ".join(read(p).split()) for p in referat_files() if p.suffix != ".pdf")

    def runs(text: str, n: int = 15) -> set[str]:
        w = re.findall(r"\w+", text.lower())
        return {" ".join(w[i : i + n]) for i in range(len(w) - n + 1)}

    assert not runs(ours) & runs(real)
    sentences = [s.strip() for s in re.split(r"(?<=[.!?:])\s+|\n+", real) if len(s.split()) >= 6]
    assert not [s for s in sentences if s in ours]


def test_parser_finds_at_least_30_items():
    parse = pytest.importorskip("referatarkiv.parse", reason="referatarkiv.parse not importable yet")
    if not hasattr(parse, "parse_file"):
        pytest.skip("referatarkiv.parse.parse_file not available yet")
    meetings = [parse.parse_file(p) for p in referat_files()]
    assert sum(len(m.items) for m in meetings) >= 30


def test_soeholt_has_a_web_page_a_dagsorden_and_first_agenda_json():
    from referatarkiv.parse import parse_file

    folder = CONTENT / "soeholt"
    web = parse_file(folder / "teknik-og-miljoeudvalget" / "2024-11-12-referat.html")
    agenda = parse_file(folder / "teknik-og-miljoeudvalget" / "2024-12-10-dagsorden.html")
    api = parse_file(folder / "oekonomiudvalget" / "2024-11-18_1500.json")
    assert [it.number for it in web.items] == [1, 2, 3] and web.kind == "referat"
    assert [a.label for a in web.items[1].attachments] == ["Bilag 1", "Bilag 2"]
    assert agenda.kind == "dagsorden" and not any(it.decision for it in agenda.items)
    assert api.committee == "Økonomiudvalget" and api.items[2].closed and api.absent == ["Mads Ørum"]
