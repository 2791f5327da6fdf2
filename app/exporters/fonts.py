"""The PDF font: DejaVu Sans (regular and bold) shipped in resources/fonts/, registered with reportlab once.

DejaVu Sans covers Russian and Uzbek Cyrillic (ў қ ғ ҳ) and Uzbek Latin with the official oʻ/gʻ letter (U+02BB)
and tutuq belgisi (U+02BC). Scripts it lacks (Korean, Chinese …) are replaced by another name of the record.
"""

from __future__ import annotations

import functools
import logging
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from app.paths import resources_dir

logger = logging.getLogger(__name__)

REGULAR = "HamkorSans"
BOLD = "HamkorSans-Bold"


#: The static faces (DejaVu Sans 2.35, its licence beside them in LICENSE-DejaVu.txt).
FILES = {REGULAR: "DejaVuSans.ttf", BOLD: "DejaVuSans-Bold.ttf"}


class FontMissing(Exception):
    """The PDF font's files are not where Hamkor's resources are (an incomplete copy of Hamkor)."""


def font_folder() -> Path:
    """The folder of the PDF font's files."""
    folder = resources_dir() / "fonts"
    missing = [name for name in FILES.values() if not (folder / name).is_file()]
    if missing:
        raise FontMissing(f"The PDF font is missing from {folder}: {', '.join(missing)}")
    return folder


@functools.cache
def register_fonts() -> tuple[str, str]:
    """Register the regular and bold faces with reportlab (once); return their names."""
    folder = font_folder()
    for name, file in FILES.items():
        pdfmetrics.registerFont(TTFont(name, str(folder / file)))
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
