"""The palettes a system gives Qt: light (Qt's own), dark, and high contrast (white on black, black on white)."""

from __future__ import annotations

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication


def _palette(window: str, text: str, base: str, alternate: str, button: str, highlight: str, link: str) -> QPalette:
    palette = QPalette()
    roles = QPalette.ColorRole
    for role, colour in (
        (roles.Window, window), (roles.WindowText, text), (roles.Base, base), (roles.AlternateBase, alternate),
        (roles.Text, text), (roles.Button, button), (roles.ButtonText, text), (roles.ToolTipBase, base),
        (roles.ToolTipText, text), (roles.Highlight, highlight), (roles.HighlightedText, base),
        (roles.Link, link), (roles.PlaceholderText, text), (roles.BrightText, "#ff0000"),
    ):  # fmt: skip
        palette.setColor(role, QColor(colour))
    return palette


NAMES = ("light", "dark", "high contrast black", "high contrast white")


def palettes() -> dict[str, QPalette]:
    """Each palette by name."""
    return {
        "light": QApplication.style().standardPalette(),
        "dark": _palette("#2b2b2b", "#e6e6e6", "#1e1e1e", "#262626", "#353535", "#3d7ad6", "#8ab4f8"),
        "high contrast black": _palette("#000000", "#ffffff", "#000000", "#000000", "#000000", "#1aebff", "#ffff00"),
        "high contrast white": _palette("#ffffff", "#000000", "#ffffff", "#ffffff", "#ffffff", "#37006e", "#00009f"),
    }
