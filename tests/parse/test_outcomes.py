"""Decision texts map to the normalised outcome vocabulary of domain.md."""
import pytest

from referatarkiv.parse.outcomes import classify


@pytest.mark.parametrize("text, expected", [
    ("Godkendt.", ["godkendt"]),
    ("Indstillingen tiltrådt.", ["godkendt"]),
    ("Taget til efterretning.", ["taget-til-efterretning"]),
    ("Udvalget tog redegørelsen om ansøgninger i 2019 om enkeltydelser til efterretning.", ["taget-til-efterretning"]),
    ("Udvalget drøftede projektet.", ["drøftet"]),
    ("Arbejdsmarkeds- og uddannelsesudvalget udsatte sagen efter drøftelse.", ["udsat"]),
    ("Udvalget indstiller til magistraten, at de foreslåede tiltag godkendes.", ["indstillet"]),
    ("Anbefales.", ["indstillet"]),
    ("Forslaget blev ikke godkendt.", ["afvist"]),
    ("Forkastet.", ["afvist"]),
    ("Sagen oversendes til Økonomiudvalget.", ["oversendt"]),
    ("Ingen bemærkninger.", []),
    ("Alle mødedeltagerne har underskrevet beslutningsprotokollen.", []),
    ("Godkendt dog ønsker udvalget at flytte udvalgmødet den 30.11", ["godkendt"]),
    ("Taget til efterretning. Udvalget ønsker at anmode Økonomiudvalget om skønnet.", ["taget-til-efterretning"]),
    ("Hjælp til udsatte lejere blev drøftet.", ["drøftet"]),  # "udsatte" as an adjective is no postponement
    # the recommendation's verb ticked off as the decision (a system that copies it into the field)
    ("Drøfte", ["drøftet"]),
    ("Godkende", ["godkendt"]),
    ("At godkende indstillingen.", ["godkendt"]),
    ("Udsætte sagen til næste møde.", ["udsat"]),
    ("Udvalget besluttede enstemmigt at godkende indstillingen.", ["godkendt"]),
    ("Udvalget besluttede ikke at godkende ansøgningen.", []),
    ("Forvaltningen skal godkende planen inden sommer.", []),  # a verb inside a sentence is no decision
])
def test_decision_text_maps_to_outcomes(text, expected):
    assert classify(text) == expected
