"""Starting the desktop app: the Qt application, its language, the database, the window."""

from __future__ import annotations

import logging
import os
import sys

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from app.i18n import LANGUAGES, _, current_language, normalize_language, set_language
from app.ui.shell import settings as app_settings
from app.ui.shell.language import install_qt_language

logger = logging.getLogger(__name__)


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


def run_gui(*, db: str | None = None, lang: str | None = None) -> int:
    """Start the desktop app; return its exit status."""
    app = application()
    from app.ui.shell.error_report import install_error_reporter

    install_error_reporter()  # no error escapes a slot: logged to the data folder and shown
    language = normalize_language(lang) or normalize_language(app_settings.get(app_settings.LANGUAGE_KEY))
    if language and language in LANGUAGES:
        set_language(language)
    install_qt_language(current_language())

    from app.models.database import DatabaseError, open_database
    from app.ui.shell.startup_checks import prepare_database

    value = db or app_settings.get(app_settings.DATABASE_KEY) or None
    session = prepare_database(value, check_now=False)  # one app per file, risky storage, the password
    if session is None:
        return 0  # the officer was told why
    try:
        open_database(session.url)
    except DatabaseError as error:
        session.release()
        QMessageBox.critical(None, _("Hamkor cannot open its database"), str(error))
        return 1

    from app.ui.shell.main_window import MainWindow

    window = MainWindow(session.location.display())
    session.attach(window)  # the start-of-day backup, live updates, a read-only interface where so
    window.show()
    from app.ui.shell.tasks import keep_long_lived, wait_for_tasks

    keep_long_lived()  # what start-up loaded lives as long as the app
    session.check_in_background(window)  # the integrity check, without holding up the start
    from app.ui.shell.reminders import remind_at_start

    QTimer.singleShot(700, lambda: setattr(window, "reminders", remind_at_start(window)))
    if os.environ.get("HAMKOR_EXIT_WHEN_IDLE"):  # start-up measurement (bench/run): say when idle, then quit
        import time

        QTimer.singleShot(0, lambda: (print(f"idle at {time.time():.6f}", file=sys.stderr, flush=True), app.quit()))
    code = app.exec()
    wait_for_tasks()
    session.finish()  # a backup when records changed; the file is free for another app
    return code
