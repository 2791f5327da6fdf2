"""The interface's language at run time: Hamkor's catalogs and Qt's own texts, switched without a restart."""

from __future__ import annotations

import logging

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtWidgets import QApplication

from app.i18n import set_language
from app.ui.shell import settings as app_settings

logger = logging.getLogger(__name__)

_qt_translators: list[QTranslator] = []


def install_qt_language(language: str) -> None:
    """Qt's own texts (standard buttons, dialogs) and its locale in `language`, where Qt ships a translation."""
    app = QApplication.instance()
    for translator in _qt_translators:
        app.removeTranslator(translator)
    _qt_translators.clear()
    qt_name = {"uz-Cyrl": "uz"}.get(language, language)
    QLocale.setDefault(QLocale(language.replace("-", "_")))
    if language == "en":
        return
    from app.ui.shell.qt_texts import load_qt_texts

    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    for catalog in ("qtbase", "qt"):
        translator = QTranslator(app)
        if translator.load(f"{catalog}_{qt_name}", folder):
            app.installTranslator(translator)
            _qt_translators.append(translator)
            break
    else:
        logger.info("Qt ships no translation for %s; Hamkor's catalog gives its standard texts", language)
    ours = load_qt_texts(app, language)
    if ours is not None:
        app.installTranslator(ours)  # installed last, asked first
        _qt_translators.append(ours)


def switch_language(language: str) -> str:
    """Switch Hamkor and Qt to `language` and remember it."""
    chosen = set_language(language)
    install_qt_language(chosen)
    app_settings.put(app_settings.LANGUAGE_KEY, chosen)
    return chosen
