"""The last resort for an error nobody caught (in a slot, a timer, an event handler): it is written to
``errors.log`` in the data folder and shown in a dialog whose "Copy details" puts the whole report on the clipboard.
The window stays usable; nothing escapes into Qt, which would end the app."""

from __future__ import annotations

import datetime as dt
import logging
import sys
import threading
import traceback
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import QObject, Qt, QThread, Signal
from PySide6.QtWidgets import QApplication, QMessageBox

from app import __version__
from app.i18n import _

logger = logging.getLogger(__name__)

#: The file the reports go to, in the data folder (beside the default database).
LOG_NAME = "errors.log"
#: A report is kept under this many characters in the log (a pathological message is cut).
MAX_REPORT = 20_000


def default_log_folder() -> Path:
    """The data folder (where the default database lives)."""
    from app.models.database import default_database_path

    return default_database_path().parent


class ErrorReporter(QObject):
    """Catches what `sys.excepthook` receives, logs it, and shows it on the main thread."""

    reported = Signal(str)  # the report's text, after it was logged

    def __init__(self, log_folder: Path | None = None) -> None:
        super().__init__()
        self.log_file = (log_folder or default_log_folder()) / LOG_NAME
        self.showing = False
        self.previous = sys.excepthook
        self.reported.connect(self._show, Qt.ConnectionType.QueuedConnection)

    def install(self) -> None:
        """Become the process's last-resort handler (and the threads')."""
        sys.excepthook = self.handle
        threading.excepthook = lambda args: self.handle(args.exc_type, args.exc_value, args.exc_traceback)

    def uninstall(self) -> None:
        sys.excepthook = self.previous
        threading.excepthook = threading.__excepthook__

    def handle(self, kind: type[BaseException], error: BaseException, trace: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            QApplication.quit()
            return
        report = self.report(kind, error, trace)
        try:
            self.log_file.parent.mkdir(parents=True, exist_ok=True)
            with open(self.log_file, "a", encoding="utf-8", errors="replace") as log:
                log.write(report + "\n")
        except OSError as failure:  # a read-only data folder: the dialog still shows the report
            logger.warning("cannot write %s: %s", self.log_file, failure)
        logger.error("uncaught error: %s", report)
        self.reported.emit(report)  # queued: shown by the main thread, after the failed slot has returned

    @staticmethod
    def report(kind: type[BaseException], error: BaseException, trace: TracebackType | None) -> str:
        when = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M:%S UTC")
        text = "".join(traceback.format_exception(kind, error, trace))
        if len(text) > MAX_REPORT:
            text = text[: MAX_REPORT // 2] + "\n…\n" + text[-MAX_REPORT // 2 :]
        return f"{when} Hamkor {__version__}, Python {sys.version.split()[0]}, {sys.platform}\n{text}"

    def _show(self, report: str) -> None:
        if self.showing or QThread.currentThread() is not QApplication.instance().thread():
            return
        self.showing = True
        try:
            box = QMessageBox(QApplication.activeWindow())
            box.setObjectName("error_report")
            box.setIcon(QMessageBox.Icon.Critical)
            box.setWindowTitle(_("Something went wrong"))
            box.setText(_("Hamkor met an error it did not expect. What you were doing may not have finished."))
            box.setInformativeText(
                _("Nothing saved before was lost. The details were written to “{path}”.").format(path=self.log_file)
            )
            box.setDetailedText(report)
            copy = box.addButton(_("Copy details"), QMessageBox.ButtonRole.ActionRole)
            copy.setObjectName("copy_details")
            copy.setAccessibleName(_("Copy details"))
            copy.clicked.disconnect()  # copying must not close the dialog
            copy.clicked.connect(lambda: QApplication.clipboard().setText(report))
            box.addButton(QMessageBox.StandardButton.Close)
            box.exec()
        finally:
            self.showing = False


_installed: ErrorReporter | None = None


def install_error_reporter(log_folder: Path | None = None) -> ErrorReporter:
    """Install the last-resort handler once for the application (again with a new folder replaces it)."""
    global _installed
    if _installed is not None:
        _installed.uninstall()
    _installed = ErrorReporter(log_folder)
    _installed.install()
    return _installed
