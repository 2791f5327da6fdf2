"""The import wizard: choose a workbook and sheet, map its columns, see every problem and duplicate, then import.

Reading, checking and writing run on a worker thread (the window stays responsive; Cancel rolls the import back).
The mapping chosen for a register's headers is remembered (QSettings) and offered again next time.
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal
from PySide6.QtWidgets import QWidget, QWizard, QWizardPage

from app.i18n import _
from app.ui.imports.batch_pages import BatchPreviewPage, BatchResultPage, SheetsPage
from app.ui.imports.pages import SETTINGS_KEY, MappingPage, SourcePage
from app.ui.imports.preview import PreviewPage, ResultPage
from app.ui.shell import settings as app_settings

logger = logging.getLogger(__name__)


def mapping_key(register: str) -> str:
    """Where the mapping chosen for a register's headers is remembered."""
    return f"{SETTINGS_KEY}/mapping/{register}"


class _Signals(QObject):
    """What a wizard job reports back to the main thread."""

    finished = Signal(object)
    failed = Signal(object)
    progress = Signal(int, int)


class _Job(QRunnable):
    """Work for the worker thread; it reports through signals and never touches widgets.

    Not `app.ui.shell.tasks.run_task`: that opens a modal progress dialog and runs on the shared pool, while the pages
    draw their own progress and the wizard's jobs run one at a time on its own pool, which `done` waits for.
    """

    def __init__(self, work: Callable[[Callable[[int, int], None]], Any], signals: _Signals) -> None:
        super().__init__()
        self.work = work
        self.signals = signals

    def run(self) -> None:
        from app.models import db

        try:
            result = self.work(self.signals.progress.emit)
        except BaseException as error:  # noqa: BLE001 - reported to the window, which says what happened
            self.signals.failed.emit(error)
        else:
            self.signals.finished.emit(result)
        finally:
            if db.obj is not None and not db.obj.is_closed():
                db.obj.close()  # this thread's own connection


class ImportWizard(QWizard):
    """Import a register's records from an Excel workbook; open it with `ImportWizard(register, parent).open()`."""

    def __init__(self, register: str | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("import_wizard")
        self.setWindowTitle(_("Import from Excel"))
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(1)
        self._cancel = threading.Event()
        self._running: list[_Signals] = []
        self.source = SourcePage(self)
        self.mapping_page = MappingPage(self)
        self.preview_page = PreviewPage(self)
        self.result_page = ResultPage(self)
        self.sheets_page = SheetsPage(self)
        self.batch_preview = BatchPreviewPage(self)
        self.batch_result = BatchResultPage(self)
        pages = (self.source, self.mapping_page, self.preview_page, self.result_page)
        for number, page in enumerate((*pages, self.sheets_page, self.batch_preview, self.batch_result)):
            self.setPage(number, page)
        if register is not None:
            index = self.source.register_combo.findData(register)
            if index >= 0:
                self.source.register_combo.setCurrentIndex(index)
        self.resize(860, 620)
        app_settings.restore_geometry(self, SETTINGS_KEY)

    def nextId(self) -> int:  # noqa: N802 - Qt's name
        """After the first page, several workbooks go through the sheets page; the last page of each way ends."""
        current = self.currentId()
        if current == 0:
            return 4 if self.source.is_batch() else 1
        if current in (3, 6):
            return -1
        return current + 1

    def cancelled(self) -> bool:
        """Whether the officer asked to stop (checked by the worker between batches)."""
        return self._cancel.is_set()

    def start(
        self,
        work: Callable[[Callable[[int, int], None]], Any],
        done: Callable[[Any], None],
        progress: Callable[[int, int], None] | None = None,
    ) -> None:
        """Run `work` on the worker thread; `done(result)` then runs here. A failure is shown on the current page."""
        page = self.currentPage()
        signals = _Signals()
        signals.finished.connect(done, Qt.ConnectionType.QueuedConnection)
        signals.failed.connect(lambda error: self._failed(page, error), Qt.ConnectionType.QueuedConnection)
        if progress is not None:
            signals.progress.connect(progress, Qt.ConnectionType.QueuedConnection)
        signals.finished.connect(lambda _result: self._forget(signals))
        signals.failed.connect(lambda _error: self._forget(signals))
        self._running.append(signals)
        self.pool.start(_Job(work, signals))

    def _forget(self, signals: _Signals) -> None:
        if signals in self._running:
            self._running.remove(signals)

    def _failed(self, page: QWizardPage | None, error: BaseException) -> None:
        from app.services.imports.importer import ImportCancelled, ImportRefused

        if isinstance(error, ImportCancelled):
            return
        if isinstance(error, ImportRefused):
            message = str(error)
        else:
            from app.services.storage.failures import explain_failure

            logger.error("import failed", exc_info=error)
            message = _("Hamkor could not finish the import: {reason}").format(reason=explain_failure(error))
        if page is not None and hasattr(page, "failed"):
            page.failed(message)

    def remembered(self, register: str) -> dict[str, str]:
        """The mapping chosen for this register's headers last time (folded header → target key, '' for none)."""
        try:
            value = json.loads(str(app_settings.get(mapping_key(register)) or "{}"))
        except ValueError:
            return {}
        return value if isinstance(value, dict) else {}

    def remember(self, register: str, mapping: dict[str, str]) -> None:
        """Remember the chosen mapping of these headers (merged with what was remembered of other headers)."""
        app_settings.put(mapping_key(register), json.dumps({**self.remembered(register), **mapping}))

    def done(self, result: int) -> None:  # noqa: D401 - Qt's name
        """Close: a running import is cancelled first (and rolled back) before the window goes."""
        self._cancel.set()
        self.pool.waitForDone()
        app_settings.save_geometry(self, SETTINGS_KEY)
        super().done(result)
