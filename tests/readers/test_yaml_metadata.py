"""Metadata YAML (front matter, sidecars, kommune.yml, udvalg.yml) without YAML 1.1 surprises or
alias explosions, every bad value reported at its line (issue #15, item 8)."""
from __future__ import annotations

import time
from datetime import date

import pytest

from referatarkiv.dev.bench_adversarial import yaml_laughs
from referatarkiv.readers import read_source
from referatarkiv.readers import yamldata
from referatarkiv.readers.text import clean_meta, split_front_matter


def test_no_implicit_types():
    data = yamldata.load("start_time: 17:00\ncommittee: yes\nfounded: 2021-13-45\nterm: 2022-25\nnr: 010\n"
                         "tom:\nnul: ~\ncitat: '~'\n")
    assert data == {"start_time": "17:00", "committee": "yes", "founded": "2021-13-45", "term": "2022-25",
                    "nr": "010", "tom": None, "nul": None, "citat": "~"}
    assert data.lines == {"start_time": 1, "committee": 2, "founded": 3, "term": 4, "nr": 5, "tom": 6, "nul": 7,
                          "citat": 8}


@pytest.mark.parametrize("text, line, words", [
    ("a: &x 1\nb: *x\n", 2, "alias"),
    ("x: !!python/object/apply:os.system ['true']\n", 1, "!!python/object/apply:os.system"),
    ("x: !!binary aGVq\n", 1, "!!binary"),
    ("a: 1\nb: 2\na: 3\n", 3, "to gange"),
    ("a: [1, 2\n", 2, "ugyldig YAML"),
    ("<<: {a: 1}\n", 1, "<<"),
    ("? [a, b]\n: c\n", 1, "nøgle skal være tekst"),
    ("--- a\n--- b\n", 2, "ugyldig YAML"),
])
def test_refused_with_its_line(text, line, words):
    with pytest.raises(yamldata.YamlError) as e:
        yamldata.load(text)
    assert e.value.line == line and words in e.value.message, (e.value.line, e.value.message)


def test_billion_laughs_is_refused_at_once():
    t0 = time.process_time()
    with pytest.raises(yamldata.YamlError, match="alias"):
        yamldata.load(yaml_laughs(30))
    assert time.process_time() - t0 < 1


def test_front_matter_values_are_checked_at_their_lines():
    text = "---\ncommittee: [Teknik, Miljø]\ndate: 2021-01-06 10:00:00\nstart_time: 17:00\nfoo: bar\n---\nPunkt 1: x\n"
    meta, rest, used, warnings = split_front_matter(text)
    assert meta == {"date": date(2021, 1, 6), "start_time": "17:00"}  # the written time wins over the date's
    assert rest == "Punkt 1: x\n" and used == 6
    got = {(w.line, w.error) for w in warnings}
    assert got == {(2, True), (3, False), (5, False)}, warnings


@pytest.mark.parametrize("meta, bad", [
    ({"date": "not a date"}, "date"), ({"date": "20210105"}, "date"), ({"date": "2021-02-30"}, "date"),
    ({"start_time": "25:00"}, "start_time"), ({"start_time": ["17:00"]}, "start_time"),
    ({"committee": {"a": "b"}}, "committee"), ({"participants": [["a"]]}, "participants"),
    ({"kind": "noget"}, "kind"), ({"term": "forår"}, "term"),
])
def test_each_bad_value_is_an_error_and_left_out(meta, bad):
    data = yamldata.load("\n".join(f"{k}: {v!r}" if isinstance(v, str) else f"{k}: {v}" for k, v in meta.items())
                         .replace("'", '"'))
    out, warnings = clean_meta(data, 10, "x.yml")
    assert bad not in out
    (w,) = warnings
    assert w.error and w.line == 11 and w.path == "x.yml" and bad in w.message


def test_a_sidecar_with_invalid_yaml_is_reported_with_its_own_path(tmp_path):
    ref = tmp_path / "2021-01-05-referat.txt"
    ref.write_text("REFERAT Teknikudvalget d. 05-01-2021\n\nPunkt 1: x\n\nBeslutning\n\nGodkendt.\n", encoding="utf-8")
    side = ref.with_suffix(".yml")
    side.write_text("location: Rådhuset\ncommittee: [a\n", encoding="utf-8")
    src = read_source(ref)
    (w,) = [w for w in src.warnings if w.path]
    assert w.path == str(side) and w.error and w.line == 3
    assert "location" not in src.meta  # a file that does not parse gives nothing
