"""The PDF font: DejaVu Sans (regular and bold) as installed with matplotlib, registered with reportlab once.

DejaVu Sans covers Russian and Uzbek Cyrillic (ў қ ғ ҳ) and Uzbek Latin with the official oʻ/gʻ letter (U+02BB)
and tutuq belgisi (U+02BC). Scripts it lacks (Korean, Chinese …) are replaced by another name of the record.
"""

from __future__ import annotations

import functools
import importlib.util
import logging
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

logger = logging.getLogger(__name__)

REGULAR = "HamkorSans"
BOLD = "HamkorSans-Bold"


class FontMissing(Exception):
    """The PDF font is not installed (it comes with the matplotlib package)."""


def _font_folder() -> Path:
    spec = importlib.util.find_spec("matplotlib")  # located, not imported: only its font files are used
    if spec is None or not spec.submodule_search_locations:
        raise FontMissing("DejaVu Sans not found: install the matplotlib package")
    return Path(next(iter(spec.submodule_search_locations))) / "mpl-data" / "fonts" / "ttf"


@functools.cache
def register_fonts() -> tuple[str, str]:
    """Register the regular and bold faces with reportlab (once); return their names."""
    folder = _font_folder()
    pdfmetrics.registerFont(TTFont(REGULAR, str(folder / "DejaVuSans.ttf")))
    pdfmetrics.registerFont(TTFont(BOLD, str(folder / "DejaVuSans-Bold.ttf")))
    pdfmetrics.registerFontFamily(REGULAR, normal=REGULAR, bold=BOLD, italic=REGULAR, boldItalic=BOLD)
    # A chart (reportlab graphics) starts from Helvetica, a font never embedded, even when every label names its
    # own: it would be referenced by every page. Charts start from the embedded face instead.
    from reportlab.graphics import shapes

    shapes.STATE_DEFAULTS["fontName"] = REGULAR
    return REGULAR, BOLD


@functools.cache
def _covered() -> frozenset[str]:
    register_fonts()
    return frozenset(chr(code) for code in _font_codes()) | frozenset("\n\r\t")


def _font_codes() -> list[int]:
    """The code points the regular face has glyphs for."""
    return list(pdfmetrics.getFont(REGULAR).face.charToGlyph)


def printable(text: str) -> bool:
    """Whether the font has a glyph for every character of `text` (spaces and line breaks count as covered)."""
    return _covered().issuperset(text)


def first_printable(*candidates: str | None) -> str:
    """The first non-empty candidate the font can print whole; else the first non-empty one with gaps marked."""
    texts = [text for text in candidates if text and text.strip()]
    for text in texts:
        if printable(text):
            return text
    if not texts:
        return ""
    covered = _covered()
    return "".join(char if char in covered else "?" for char in texts[0])
