"""Hamkor's own colours read on every palette a system gives: WCAG AA (4.5:1) for text, AAA (7:1) on a
high-contrast palette."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QColor, QPalette

from app.ui.shell.colours import (
    BACKGROUNDS,
    TEXT_COLOURS,
    background_colour,
    contrast,
    is_dark,
    is_high_contrast,
    readable,
    text_colour,
)
from tests.ui.palettes import NAMES, palettes

ROLES = QPalette.ColorRole


def test_the_contrast_ratio_is_wcags() -> None:
    assert contrast(QColor("#000000"), QColor("#ffffff")) == pytest.approx(21.0)
    assert contrast(QColor("#777777"), QColor("#ffffff")) == pytest.approx(4.48, abs=0.01)
    assert contrast(QColor("#ffffff"), QColor("#ffffff")) == pytest.approx(1.0)


def test_a_colour_is_made_readable_keeping_its_hue() -> None:
    pale = QColor("#ff9999")
    darker = readable(pale, QColor("#ffffff"))
    assert contrast(darker, QColor("#ffffff")) >= 4.5
    assert darker.hue() == pale.hue()


@pytest.mark.parametrize("name", NAMES)
def test_every_text_colour_reads_on_the_palettes_backgrounds(name: str) -> None:
    palette = palettes()[name]
    least = 7.0 if is_high_contrast(palette) else 4.5
    for role in TEXT_COLOURS:
        colour = text_colour(role, palette)
        for background in (ROLES.Base, ROLES.Window, ROLES.AlternateBase):
            ratio = contrast(colour, palette.color(background))
            assert ratio >= least, (role, background, colour.name(), round(ratio, 2))


@pytest.mark.parametrize("name", NAMES)
def test_the_palettes_text_reads_on_every_background_colour(name: str) -> None:
    palette = palettes()[name]
    for role in BACKGROUNDS:
        assert contrast(background_colour(role, palette), palette.color(ROLES.Text)) >= 4.5, role


def test_the_palettes_are_told_apart() -> None:
    found = {name: (is_dark(p), is_high_contrast(p)) for name, p in palettes().items()}
    assert found == {
        "light": (False, False),
        "dark": (True, False),
        "high contrast black": (True, True),
        "high contrast white": (False, True),
    }


def test_marks_keep_their_own_colour_where_it_already_reads() -> None:
    light = palettes()["light"]
    assert text_colour("overdue", light).name() == TEXT_COLOURS["overdue"][0]
    assert text_colour("overdue", palettes()["dark"]).name() == TEXT_COLOURS["overdue"][1]
