"""Qt's own texts (standard buttons, the text fields' context menu) from Hamkor's catalogs.

Qt ships Russian but no Uzbek translation; this translator answers those texts from our catalogs so that
every language gets them, and leaves everything else to Qt's own translators.
"""

from __future__ import annotations

from PySide6.QtCore import QTranslator

from app.i18n import NP_, pgettext

CONTEXT = "Qt"

#: Qt's context → the source texts it asks for there.
QT_TEXTS: dict[str, tuple[str, ...]] = {
    "QPlatformTheme": (
        NP_(CONTEXT, "OK"),
        NP_(CONTEXT, "Save"),
        NP_(CONTEXT, "Save All"),
        NP_(CONTEXT, "Open"),
        NP_(CONTEXT, "&Yes"),
        NP_(CONTEXT, "Yes to &All"),
        NP_(CONTEXT, "&No"),
        NP_(CONTEXT, "N&o to All"),
        NP_(CONTEXT, "Abort"),
        NP_(CONTEXT, "Retry"),
        NP_(CONTEXT, "Ignore"),
        NP_(CONTEXT, "Close"),
        NP_(CONTEXT, "Cancel"),
        NP_(CONTEXT, "Discard"),
        NP_(CONTEXT, "Help"),
        NP_(CONTEXT, "Apply"),
        NP_(CONTEXT, "Reset"),
        NP_(CONTEXT, "Restore Defaults"),
    ),
    "QLineEdit": (
        NP_(CONTEXT, "&Undo"),
        NP_(CONTEXT, "&Redo"),
        NP_(CONTEXT, "Cu&t"),
        NP_(CONTEXT, "&Copy"),
        NP_(CONTEXT, "&Paste"),
        NP_(CONTEXT, "Delete"),
        NP_(CONTEXT, "Select All"),
    ),
    "QWidgetTextControl": (
        NP_(CONTEXT, "&Undo"),
        NP_(CONTEXT, "&Redo"),
        NP_(CONTEXT, "Cu&t"),
        NP_(CONTEXT, "&Copy"),
        NP_(CONTEXT, "&Paste"),
        NP_(CONTEXT, "Delete"),
        NP_(CONTEXT, "Select All"),
        NP_(CONTEXT, "Copy &Link Location"),
    ),
}

_KNOWN = {(context, text) for context, texts in QT_TEXTS.items() for text in texts}


class QtTextsTranslator(QTranslator):
    """Answers Qt's standard texts in the interface language from Hamkor's catalog."""

    def translate(self, context: str, source: str, disambiguation: str | None = None, n: int = -1) -> str | None:  # noqa: ARG002
        """The translation, or None to let Qt ask its other translators (an empty string would blank the text)."""
        if (context, source) not in _KNOWN:
            return None
        translated = pgettext(CONTEXT, source)
        return translated if translated != source else None

    def isEmpty(self) -> bool:  # noqa: N802 - Qt's name
        return False
