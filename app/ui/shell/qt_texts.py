"""Qt's own texts (standard buttons, the text fields' context menu, the standard dialogs) from Hamkor's catalogs.

Qt ships Russian but no Uzbek translation. These texts are marked in Hamkor's catalogs like any other, and
`python -m app.catalogs` compiles their translations into a Qt .qm file per language (with Qt's lrelease), which
is loaded beside Qt's own translation.
"""

from __future__ import annotations

import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path
from xml.sax.saxutils import escape

from PySide6.QtCore import QObject, QTranslator

from app.i18n import NP_
from app.ui.shell.qt_dialog_texts import DIALOG_TEXTS

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
    "QWizard": (
        NP_("Qt", "< &Back"),
        NP_("Qt", "&Next >"),
        NP_("Qt", "&Finish"),
        NP_("Qt", "Commit"),
        NP_("Qt", "Cancel"),
        NP_("Qt", "&Help"),
        NP_("Qt", "Go Back"),
        NP_("Qt", "Continue"),
        NP_("Qt", "Done"),
    ),
    "QLineEdit": _EDIT_MENU,
    "QWidgetTextControl": (*_EDIT_MENU, NP_("Qt", "Copy &Link Location")),
    **DIALOG_TEXTS,
}


def qm_path(language: str) -> Path:
    """The compiled Qt translation of Hamkor's catalog for `language` (uz, uz-Cyrl or ru)."""
    from app.paths import translations_dir

    return translations_dir() / "qt" / f"hamkor_qt_{language.replace('-', '_')}.qm"


def ts_document(language: str, translate: Callable[[str], str]) -> str:
    """Qt's texts with their translations (`translate(source)`) as a Qt Linguist .ts document."""
    lines = ['<?xml version="1.0" encoding="utf-8"?>', "<!DOCTYPE TS>", f'<TS version="2.1" language="{language}">']
    for context, texts in QT_TEXTS.items():
        lines.append(f"<context><name>{escape(context)}</name>")
        for text in texts:
            translated = translate(text)
            if translated and translated != text:
                lines.append(
                    f"<message><source>{escape(text)}</source><translation>{escape(translated)}</translation></message>"
                )
        lines.append("</context>")
    lines.append("</TS>")
    return "\n".join(lines) + "\n"


def compile_ts(document: str) -> bytes:
    """The .qm file Qt's own lrelease (shipped with PySide6) makes of a .ts document."""
    import PySide6

    folder = Path(PySide6.__file__).resolve().parent
    tool = next((folder / name for name in ("lrelease", "lrelease.exe") if (folder / name).exists()), None)
    if tool is None:
        raise FileNotFoundError("lrelease (it comes with PySide6) was not found")
    with tempfile.TemporaryDirectory() as work:
        source, target = Path(work) / "texts.ts", Path(work) / "texts.qm"
        source.write_text(document, encoding="utf-8")
        subprocess.run([str(tool), "-silent", str(source), "-qm", str(target)], check=True, capture_output=True)
        return target.read_bytes()


def load_qt_texts(parent: QObject, language: str) -> QTranslator | None:
    """A translator of Qt's texts from Hamkor's catalog (for languages Qt itself does not ship), or None."""
    path = qm_path(language)
    translator = QTranslator(parent)
    return translator if path.is_file() and translator.load(str(path)) else None
