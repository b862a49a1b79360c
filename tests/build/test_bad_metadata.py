"""One file never stops the archive: dates, times and metadata that are wrong in every way the
issue found become an error or warning for that file, at its line, and the rest builds
(issue #15, items 4 and 8)."""
from __future__ import annotations

import time
from datetime import date
from pathlib import Path

from referatarkiv.build.generate import generate
from referatarkiv.dev.bench_adversarial import yaml_laughs

BODY = "Punkt 1: Godkendelse af dagsorden\n\nBeslutning\n\nGodkendt.\n"
GOOD = "REFERAT Teknikudvalget d. 05-01-2021\n\nMødedato 5. januar 2021 kl. 17:00\n\n" + BODY


def front(meta: str) -> str:
    return f"---\ncommittee: Teknikudvalget\n{meta}\n---\n\n{BODY}"


# file name → (its text, the line and level each problem must be reported at)
CASES = {
    "a-umulig-dato.txt": ("REFERAT Teknikudvalget d. 32-13-2021\n\nMødedato 32-13-2021 kl. 17:00\n\n" + BODY, None),
    "b-tid-uden-dato.txt": (front("start_time: '17:00'"), None),
    "c-ikke-en-dato.txt": (front('date: "not a date"\nstart_time: 17:00'), (3, "fejl")),
    "d-tal-dato.txt": (front("date: 20210105\nstart_time: 17:00"), (3, "fejl")),
    "e-liste-dato.txt": (front("date: [2021,1,5]\nstart_time: 17:00"), (3, "fejl")),
    "f-dato-med-tid.txt": (front("date: 2021-01-06 10:00:00"), (3, "advarsel")),
    "g-tidspunkt.txt": (front("date: 2021-01-07\nstart_time: 17:00"), None),  # unquoted: no sexagesimal 1020
    "h-ja.txt": ("---\ncommittee: yes\ndate: 2021-01-08\n---\n\n" + BODY, None),  # "yes", not True
    "i-liste-udvalg.txt": ("---\ncommittee: [Teknik, Miljø]\ndate: 2021-01-09\n---\n\n" + BODY, (2, "fejl")),
    "j-python-tag.txt": ("---\ncommittee: !!python/object/apply:os.system ['touch /tmp/ra-pwned']\n"
                         "date: 2021-01-10\n---\n\n" + BODY, (2, "fejl")),
    "k-syntaks.txt": ("---\ncommittee: Teknikudvalget\ndate: [2021-01-11\n---\n\n" + BODY, (3, "fejl")),
    "l-latter.txt": ("---\n" + yaml_laughs(9) + "date: 2021-01-12\n---\n\n" + BODY, (3, "fejl")),
    "m-liste.txt": ("---\n- committee\n- Teknikudvalget\n---\n\n" + BODY, (2, "fejl")),
}
SIDECARS = {  # beside a referat that is fine itself
    "n-sidecar.yml": ("date: 2021-13-45\nstart_time: 17:00\nfounded: 2021-13-45\n", [(1, "fejl"), (3, "advarsel")]),
    "o-sidecar-latter.yml": (yaml_laughs(9), [(2, "fejl")]),
    "p-sidecar-python.yml": ("location: !!python/name:os.system\n", [(1, "fejl")]),
}


def write(content: Path) -> Path:
    k = content / "testby"
    u = k / "teknik"
    u.mkdir(parents=True)
    (u / "2021-01-05-referat.txt").write_text(GOOD, encoding="utf-8")
    for name, (text, _) in CASES.items():
        (u / name).write_text(text, encoding="utf-8")
    for name, (text, _) in SIDECARS.items():
        (u / name).write_text(text, encoding="utf-8")
        (u / name).with_suffix(".txt").write_text(GOOD.replace("05-01-2021", "06-02-2021"), encoding="utf-8")
    (k / "kommune.yml").write_text("name: Testby Kommune\nfounded: 2021-13-45\n", encoding="utf-8")
    (content / "udvalg.yml").write_text("founded: 2021-13-45\nrenames:\n  - kommune: testby\n    from: !!timestamp 2021-13-45\n"
                                        "    to: Teknikudvalget\n", encoding="utf-8")
    return u


def problems(report) -> dict[str, list[tuple[int, str, str]]]:
    out: dict[str, list] = {}
    for p in report.problems:
        out.setdefault(p.path, []).append((p.line, p.level, p.message))
    return out


def test_bad_dates_and_metadata_do_not_stop_the_archive(tmp_path):
    write(tmp_path / "content")
    t0 = time.process_time()
    report = generate(tmp_path / "content", tmp_path / "build", cache_dir=tmp_path / "cache")
    assert time.process_time() - t0 < 60  # billion laughs refused, not expanded
    found = problems(report)
    for name, (_, want) in CASES.items():
        rel = f"testby/teknik/{name}"
        assert rel in {am.source_rel for am in report.archive.meetings}, f"{name} was not built"
        if want is not None:
            line, level = want
            assert (line, level) in {(ln, lv) for ln, lv, _ in found.get(rel, [])}, (name, found.get(rel))
    for name, (_, wants) in SIDECARS.items():
        rel = f"testby/teknik/{name}"
        for line, level in wants:
            assert (line, level) in {(ln, lv) for ln, lv, _ in found.get(rel, [])}, (name, found.get(rel))
    assert any(lv == "advarsel" and "founded" in msg for _, lv, msg in found["testby/kommune.yml"])
    assert any(ln == 4 and lv == "fejl" and "!!timestamp" in msg for ln, lv, msg in found["udvalg.yml"]), found["udvalg.yml"]
    assert not Path("/tmp/ra-pwned").exists()

    by_file = {am.source_rel.rsplit("/", 1)[1]: am.meeting for am in report.archive.meetings}
    assert by_file["a-umulig-dato.txt"].date is None
    assert by_file["b-tid-uden-dato.txt"].date is None and by_file["b-tid-uden-dato.txt"].start_time == "17:00"
    assert by_file["c-ikke-en-dato.txt"].date is None
    assert by_file["f-dato-med-tid.txt"].date == date(2021, 1, 6) and type(by_file["f-dato-med-tid.txt"].date) is date
    assert by_file["f-dato-med-tid.txt"].start_time == "10:00"
    assert by_file["g-tidspunkt.txt"].start_time == "17:00"
    assert by_file["h-ja.txt"].committee == "yes"
    assert by_file["i-liste-udvalg.txt"].committee is None
    assert report.archive.kommuner["testby"].name == "Testby Kommune"
    # the pages of the good referat and of the broken ones exist
    assert (tmp_path / "build" / "testby" / "teknikudvalget" / "2021-01-05" / "index.md").is_file()
    assert len(list((tmp_path / "build").glob("testby/*/uden-dato-*/index.md"))) >= 3


def test_start_time_without_date_in_the_open_data(tmp_path):
    """Meetings with a time but no date: no start in the JSON, CSV, feeds or calendars (and no crash)."""
    u = write(tmp_path / "content")
    report = generate(tmp_path / "content", tmp_path / "build", use_cache=False)
    assert report.meetings == len(CASES) + len(SIDECARS) + 1
    csv = (tmp_path / "build" / "data" / "punkter.csv").read_bytes()
    assert csv.count(b"\r\n") == report.items + 1
    assert u.is_dir()
