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

from PySide6.QtWidgets import QWidget, QWizard, QWizardPage

from app.i18n import _
from app.ui.imports.batch_pages import BatchPreviewPage, BatchResultPage, SheetsPage
from app.ui.imports.pages import SETTINGS_KEY, MappingPage, SourcePage
from app.ui.imports.preview import PreviewPage, ResultPage
from app.ui.shell import settings as app_settings
from app.ui.shell import tasks

logger = logging.getLogger(__name__)


def mapping_key(register: str) -> str:
    """Where the mapping chosen for a register's headers is remembered."""
    return f"{SETTINGS_KEY}/mapping/{register}"


def _no_progress(_done: int, _total: int) -> None:
    """A job whose page shows no progress."""


class ImportWizard(QWizard):
    """Import a register's records from an Excel workbook; open it with `ImportWizard(register, parent).open()`."""

    def __init__(self, register: str | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("import_wizard")
        self.setWindowTitle(_("Import from Excel"))
        self.pool = tasks.one_at_a_time(self)  # closing waits for the running job
        self._cancel = threading.Event()
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
        tasks.run_in_background(
            lambda report, _cancelled: work(report),
            progress=progress or _no_progress,
            done=done,
            failed=lambda error: self._failed(page, error),
            owner=self,
            pool=self.pool,
        )

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
