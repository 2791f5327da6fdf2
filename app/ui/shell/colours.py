"""Hamkor's own colours (deadline marks, error text, muted figures, highlighted rows, the map's sea and outlines),
chosen for the palette on screen — light, dark or high contrast, as the system gives it — and always readable on
it: text keeps WCAG AA's 4.5:1 against the background it is drawn on."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette

#: The least contrast of text with its background (WCAG 2.x, level AA, normal text).
TEXT_CONTRAST = 4.5
#: What a palette's window and its text differ by, at least, for it to count as a high-contrast one (pure black and
#: white: 21; Qt's own light grey window: 18.3).
HIGH_CONTRAST = 19.0

#: Each colour as (in a light palette, in a dark one); "text" colours are drawn on the palette's Base.
TEXT_COLOURS: dict[str, tuple[str, str]] = {
    "overdue": ("#b00020", "#ff8a80"),  # a deadline passed: the mark of the record's date
    "soon": ("#7a4f00", "#ffd180"),  # a deadline near
    "error": ("#b00020", "#ff8a80"),  # what is wrong with a field's input
    "muted": ("#595959", "#b0b0b0"),  # last year's figure beside this year's
}
#: Backgrounds: (light, dark); the palette's Text is drawn on them.
BACKGROUNDS: dict[str, tuple[str, str]] = {
    "different": ("#fff3c4", "#5c4a00"),  # a row that differs (mine against theirs)
}


def luminance(colour: QColor) -> float:
    """The relative luminance of a colour (WCAG 2.x)."""

    def channel(value: float) -> float:
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(colour.redF()) + 0.7152 * channel(colour.greenF()) + 0.0722 * channel(colour.blueF())


def contrast(first: QColor, second: QColor) -> float:
    """The contrast ratio of two colours, 1 to 21 (WCAG 2.x)."""
    lighter, darker = sorted((luminance(first), luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def _palette(palette: QPalette | None) -> QPalette:
    return palette if palette is not None else QGuiApplication.palette()


def is_dark(palette: QPalette | None = None) -> bool:
    """Whether the palette draws light text on a dark background."""
    palette = _palette(palette)
    return luminance(palette.color(QPalette.ColorRole.Base)) < luminance(palette.color(QPalette.ColorRole.Text))


def _system_asks_for_high_contrast() -> bool:
    """Whether the platform says the user asked for high contrast (Qt 6.10's accessibility hints)."""
    style_hints = QGuiApplication.styleHints()
    try:
        return style_hints.accessibility().contrastPreference() == Qt.ContrastPreference.HighContrast
    except (AttributeError, RuntimeError):  # an older Qt, or the hints gone with the application
        return False


def is_high_contrast(palette: QPalette | None = None) -> bool:
    """Whether the palette is a high-contrast one (black on white, or white on black), or — for the application's
    own palette — the system asks for high contrast."""
    if palette is None and _system_asks_for_high_contrast():
        return True
    palette = _palette(palette)
    window, text = palette.color(QPalette.ColorRole.Window), palette.color(QPalette.ColorRole.WindowText)
    return contrast(window, text) >= HIGH_CONTRAST


def readable(colour: QColor, background: QColor, least: float = TEXT_CONTRAST) -> QColor:
    """`colour`, made darker or lighter (its hue kept) until it reads on `background` with contrast `least`."""
    result = QColor(colour)
    darken = luminance(background) > 0.18  # on a light background go darker, on a dark one lighter
    for _step in range(40):
        if contrast(result, background) >= least:
            return result
        result = result.darker(112) if darken else result.lighter(112)
        if not darken and result.lightness() >= 250:  # lighter() stalls near white: go straight there
            result = QColor("#ffffff")
    return QColor("#000000") if darken else QColor("#ffffff")


def text_colour(role: str, palette: QPalette | None = None) -> QColor:
    """The colour of text of `role` ("overdue", "soon", "error", "muted"), readable on the palette's Base and
    Window. In a high-contrast palette, marks keep their hue but reach the palette's own contrast as near as they
    can."""
    palette = _palette(palette)
    light, dark = TEXT_COLOURS[role]
    colour = QColor(dark if is_dark(palette) else light)
    least = 7.0 if is_high_contrast(palette) else TEXT_CONTRAST  # AAA where the user asked for more contrast
    for background in (QPalette.ColorRole.Base, QPalette.ColorRole.Window, QPalette.ColorRole.AlternateBase):
        colour = readable(colour, palette.color(background), least)
    return colour


def background_colour(role: str, palette: QPalette | None = None) -> QColor:
    """A background of `role` ("different") on which the palette's Text stays readable."""
    palette = _palette(palette)
    light, dark = BACKGROUNDS[role]
    background = QColor(dark if is_dark(palette) else light)
    text = palette.color(QPalette.ColorRole.Text)
    if contrast(background, text) < TEXT_CONTRAST:
        background = palette.color(QPalette.ColorRole.AlternateBase)
    if contrast(background, text) < TEXT_CONTRAST:
        background = palette.color(QPalette.ColorRole.Base)
    return background


def text_style(role: str) -> str:
    """A style sheet giving a label the text colour of `role` ("error": "color: #b00020;")."""
    return f"color: {text_colour(role).name()};"


def map_colours(palette: QPalette | None = None) -> dict[str, QColor]:
    """The map's sea (its background), the outline of the country picked and of a marked place: the palette's own
    base and text, so that the map sits in a dark window as in a light one."""
    palette = _palette(palette)
    return {
        "sea": palette.color(QPalette.ColorRole.Base),
        "highlight": palette.color(QPalette.ColorRole.Text),
        "mark": palette.color(QPalette.ColorRole.Base),
    }
