"""Starting the desktop app: the Qt application, its language (ours and Qt's own), the database, the window."""

from __future__ import annotations

import logging
import os
import sys

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from app.i18n import LANGUAGES, _, current_language, normalize_language, set_language
from app.ui import settings as app_settings

logger = logging.getLogger(__name__)

_qt_translators: list[QTranslator] = []


def application() -> QApplication:
    """The one QApplication, created on first use with Hamkor's names (they place its settings)."""
    app = QApplication.instance()
    if app is None:
        app = QApplication(sys.argv[:1])
    app.setOrganizationName("Hamkor")
    app.setApplicationName("Hamkor")
    app.setApplicationDisplayName("Hamkor")
    from PySide6.QtGui import QIcon

    from app.paths import resources_dir

    app.setWindowIcon(QIcon(str(resources_dir() / "icons" / "hamkor.svg")))
    return app


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
    from app.ui.qt_texts import QtTextsTranslator

    ours = QtTextsTranslator(app)
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    for catalog in ("qtbase", "qt"):
        translator = QTranslator(app)
        if translator.load(f"{catalog}_{qt_name}", folder):
            app.installTranslator(translator)
            _qt_translators.append(translator)
            break
    else:
        logger.info("Qt ships no translation for %s; Hamkor's catalog gives its standard texts", language)
    app.installTranslator(ours)  # installed last, asked first
    _qt_translators.append(ours)


def switch_language(language: str) -> str:
    """Switch Hamkor and Qt to `language` and remember it."""
    chosen = set_language(language)
    install_qt_language(chosen)
    app_settings.put(app_settings.LANGUAGE_KEY, chosen)
    return chosen


def switch_database(value: str, *, parent: QWidget | None = None) -> str | None:
    """Open another database in place of the current one; on failure keep the current one and say why."""
    from app.models.base import db
    from app.models.database import DatabaseError, open_database, resolve_location

    previous = db.obj
    try:
        open_database(value)
    except DatabaseError as error:
        db.initialize(previous)
        QMessageBox.warning(parent, _("Database not opened"), str(error))
        return None
    if previous is not None and previous is not db.obj:
        previous.close()
    app_settings.put(app_settings.DATABASE_KEY, value)
    return resolve_location(value).display()


def run_gui(*, db: str | None = None, lang: str | None = None) -> int:
    """Start the desktop app; return its exit status."""
    app = application()
    language = normalize_language(lang) or normalize_language(app_settings.get(app_settings.LANGUAGE_KEY))
    if language and language in LANGUAGES:
        set_language(language)
    install_qt_language(current_language())

    from app.models.database import DatabaseError, open_database, resolve_location

    value = db or app_settings.get(app_settings.DATABASE_KEY) or None
    try:
        open_database(value)
    except DatabaseError as error:
        QMessageBox.critical(None, _("Hamkor cannot open its database"), str(error))
        return 1

    from app.ui.main_window import MainWindow

    window = MainWindow(resolve_location(value).display())
    window.show()
    if os.environ.get("HAMKOR_EXIT_WHEN_IDLE"):  # scripted start-up measurement (bench/run): quit once idle
        from PySide6.QtCore import QTimer

        QTimer.singleShot(0, app.quit)
    return app.exec()
