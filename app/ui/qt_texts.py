"""Qt's own texts (standard buttons, the text fields' context menu) from Hamkor's catalogs.

Qt ships Russian but no Uzbek translation; this translator answers those texts from our catalogs so that
every language gets them, and leaves everything else to Qt's own translators.
"""

from __future__ import annotations

from PySide6.QtCore import QTranslator

from app.i18n import NP_, pgettext

CONTEXT = "Qt"

#: The context menu of text fields, as Qt's line edits and text areas ask for it.
_EDIT_MENU = (
    NP_("Qt", "&Undo"),
    NP_("Qt", "&Redo"),
    NP_("Qt", "Cu&t"),
    NP_("Qt", "&Copy"),
    NP_("Qt", "&Paste"),
    NP_("Qt", "Delete"),
    NP_("Qt", "Select All"),
)

#: Qt's context → the source texts it asks for there.
QT_TEXTS: dict[str, tuple[str, ...]] = {
    "QPlatformTheme": (
        NP_("Qt", "OK"),
        NP_("Qt", "Save"),
        NP_("Qt", "Save All"),
        NP_("Qt", "Open"),
        NP_("Qt", "&Yes"),
        NP_("Qt", "Yes to &All"),
        NP_("Qt", "&No"),
        NP_("Qt", "N&o to All"),
        NP_("Qt", "Abort"),
        NP_("Qt", "Retry"),
        NP_("Qt", "Ignore"),
        NP_("Qt", "Close"),
        NP_("Qt", "Cancel"),
        NP_("Qt", "Discard"),
        NP_("Qt", "Help"),
        NP_("Qt", "Apply"),
        NP_("Qt", "Reset"),
        NP_("Qt", "Restore Defaults"),
    ),
    "QLineEdit": _EDIT_MENU,
    "QWidgetTextControl": (*_EDIT_MENU, NP_("Qt", "Copy &Link Location")),
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
