"""Every outcome badge (white text on a colour, overrides/assets/stylesheets/referatarkiv.css) meets
WCAG AA's 4.5:1 for text in both themes (the badges keep their colours in dark mode), and the
accessibility check samples a page showing every kind, so a failing colour cannot hide (issue 18).
The browser check itself (axe in light and dark mode) is tests/site/test_a11y_privacy.py."""
from __future__ import annotations

import re
from pathlib import Path

from referatarkiv.dev import a11y
from referatarkiv.model import OUTCOMES
from referatarkiv.site.blocks import badges

CSS = Path(__file__).resolve().parents[2] / "overrides" / "assets" / "stylesheets" / "referatarkiv.css"


def luminance(hex_colour: str) -> float:
    rgb = [int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast(a: str, b: str) -> float:
    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_every_badge_colour_has_4_5_to_1_against_white():
    css = CSS.read_text(encoding="utf-8")
    assert re.search(r"\.md-typeset \.ra-badge \{[^}]*color: #fff;", css)
    colours = dict(re.findall(r"\.md-typeset \.ra-badge--([\w-]+) \{ background: (#[0-9a-fA-F]{6}); \}", css))
    kinds = re.findall(r"ra-badge--([\w-]+)", badges(OUTCOMES))
    assert len(kinds) == len(OUTCOMES) and set(kinds) <= set(colours), (kinds, colours)
    low = {k: round(contrast(colours[k], "#ffffff"), 2) for k in kinds if contrast(colours[k], "#ffffff") < 4.5}
    assert low == {}, low
    # Nothing redefines a badge colour for the dark scheme (it would need its own check).
    assert not re.search(r"slate[^{]*\.ra-badge", css)


def test_the_a11y_check_samples_every_badge_kind():
    specimen = a11y.badge_specimen()
    for cls in a11y.badge_classes():
        assert f'class="ra-badge {cls}"' in specimen
    assert a11y.BADGES not in a11y.PAGE_TYPES  # an extra sample: the punkt page with every kind
