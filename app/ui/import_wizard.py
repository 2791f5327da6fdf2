"""The import wizard: choose a workbook and sheet, map its columns, see every problem and duplicate, then import.

Reading, checking and writing run on a worker thread (the window stays responsive; Cancel rolls the import back).
The mapping chosen for a register's headers is remembered (QSettings) and offered again next time.
"""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, QTimer, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from app.i18n import _, ngettext
from app.services.registers import spec_of
from app.ui import settings as app_settings
from app.ui.hub import hub

logger = logging.getLogger(__name__)

SETTINGS_KEY = "import_wizard"


def mapping_key(register: str) -> str:
    """Where the mapping chosen for a register's headers is remembered."""
    return f"{SETTINGS_KEY}/mapping/{register}"


class _Signals(QObject):
    finished = Signal(object)
    failed = Signal(object)
    progress = Signal(int, int)


class _Job(QRunnable):
    """Work for the worker thread; it reports through signals and never touches widgets."""

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


def _table(name: str, headers: list[str]) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setObjectName(name)
    table.setHorizontalHeaderLabels(headers)
    table.verticalHeader().setVisible(False)
    table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    table.horizontalHeader().setSectionResizeMode(len(headers) - 1, QHeaderView.ResizeMode.Stretch)
    return table


def _item(text: object) -> QTableWidgetItem:
    item = QTableWidgetItem("" if text is None else str(text))
    item.setToolTip(item.text())  # the whole text, where the column is too narrow for it
    return item


class SourcePage(QWizardPage):
    """Which register, which file, which sheet."""

    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self.setObjectName("import_source_page")
        self.owner = wizard
        self.setTitle(_("Workbook"))
        self.setSubTitle(_("Choose the register to import into, the Excel workbook (.xlsx) and its sheet."))
        from app.services.import_mapping import importable_registers

        self.register_combo = QComboBox()
        self.register_combo.setObjectName("import_register_combo")
        for name in importable_registers():
            self.register_combo.addItem(_(spec_of(name).title), name)
        self.path_edit = QLineEdit()
        self.path_edit.setObjectName("import_path_edit")
        self.path_edit.setPlaceholderText(_("Path of the workbook"))
        browse = QPushButton(_("Choose file…"))
        browse.setObjectName("import_browse_button")
        browse.clicked.connect(self.browse)
        row = QHBoxLayout()
        row.addWidget(self.path_edit, 1)
        row.addWidget(browse)
        self.sheet_combo = QComboBox()
        self.sheet_combo.setObjectName("import_sheet_combo")
        self.status = QLabel()
        self.status.setObjectName("import_source_status")
        self.status.setWordWrap(True)
        form = QFormLayout(self)
        form.addRow(_("Register"), self.register_combo)
        form.addRow(_("Workbook"), row)
        form.addRow(_("Sheet"), self.sheet_combo)
        form.addRow("", self.status)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(300)
        self.timer.timeout.connect(self.inspect)
        self.path_edit.textChanged.connect(self._path_changed)
        self.sheet_combo.currentIndexChanged.connect(lambda _index: self.completeChanged.emit())
        self.info = None
        self.inspected = ""

    def browse(self) -> None:
        start = self.path_edit.text() or str(app_settings.get(f"{SETTINGS_KEY}/folder") or "")
        chosen, _filter = QFileDialog.getOpenFileName(
            self, _("Workbook to import"), start, _("Excel workbooks (*.xlsx *.xlsm);;All files (*)")
        )
        if chosen:
            self.path_edit.setText(chosen)

    def _path_changed(self) -> None:
        self.info = None
        self.inspected = ""
        self.sheet_combo.clear()
        self.status.setText("")
        self.completeChanged.emit()
        self.timer.start()

    def inspect(self) -> None:
        """Check the chosen file (on the worker thread) and list its sheets."""
        path = self.path_edit.text().strip()
        if not path:
            return
        from app.services.import_files import inspect_workbook

        self.status.setText(_("Checking the workbook…"))
        self.owner.start(lambda _progress: inspect_workbook(path), lambda info: self._inspected(path, info))

    def _inspected(self, path: str, info: Any) -> None:
        if path != self.path_edit.text().strip():
            return
        self.info, self.inspected = info, path
        self.sheet_combo.clear()
        self.sheet_combo.addItems(info.sheet_names)
        self.status.setText("")
        app_settings.put(f"{SETTINGS_KEY}/folder", str(Path(path).parent))
        self.completeChanged.emit()

    def failed(self, message: str) -> None:
        self.status.setText(message)

    def isComplete(self) -> bool:  # noqa: N802 - Qt's name
        return self.info is not None and self.sheet_combo.currentIndex() >= 0

    def register(self) -> str:
        return self.register_combo.currentData()


class MappingPage(QWizardPage):
    """Which column feeds which field; the header row."""

    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self.setObjectName("import_mapping_page")
        self.owner = wizard
        self.setTitle(_("Columns"))
        self.setSubTitle(_("Check which field each column goes to. Columns set to “not imported” are left out."))
        self.header_spin = QSpinBox()
        self.header_spin.setObjectName("import_header_spin")
        self.header_spin.setRange(1, 100)
        self.header_spin.editingFinished.connect(self._header_changed)
        self.table = _table("import_mapping_table", [_("Column"), _("Header"), _("First value"), _("Field")])
        self.status = QLabel()
        self.status.setObjectName("import_mapping_status")
        self.status.setWordWrap(True)
        self.progress = QProgressBar()
        self.progress.setObjectName("import_mapping_progress")
        row = QHBoxLayout()
        row.addWidget(QLabel(_("Header row")))
        row.addWidget(self.header_spin)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        self.sheet = None
        self.loaded: tuple | None = None
        self.combos: dict[int, QComboBox] = {}
        self.token = 0  # results of an earlier reading that arrive late are dropped

    def initializePage(self) -> None:  # noqa: N802 - Qt's name
        source = self.owner.source
        wanted = (source.inspected, source.sheet_combo.currentText(), source.register())
        if self.loaded is not None and self.loaded[:3] == wanted:
            return
        self.read(None)

    def _header_changed(self) -> None:
        """The officer names the header row (when it was not found, or found wrongly): read again with it."""
        if self.sheet is None or self.header_spin.value() != self.sheet.header_row:
            self.read(self.header_spin.value())

    def read(self, header_row: int | None) -> None:
        """Read the sheet on the worker thread, then show its columns."""
        from app.services.importer import read_register_sheet

        source = self.owner.source
        path, sheet, register = source.inspected, source.sheet_combo.currentText(), source.register()
        info = source.info
        self.sheet = None
        self.loaded = None
        self.table.setRowCount(0)
        self.status.setText(_("Reading the sheet…"))
        self.progress.setRange(0, 0)
        self.progress.show()
        self.completeChanged.emit()

        def work(progress: Callable[[int, int], None]) -> Any:
            return read_register_sheet(
                path,
                register,
                sheet=sheet,
                header_row=header_row,
                info=info,
                progress=progress,
                cancelled=self.owner.cancelled,
            )

        self.token += 1
        token = self.token
        self.owner.start(
            work, lambda result: token == self.token and self._show(result, (path, sheet, register)), self._progress
        )

    def _progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(min(done, total))

    def failed(self, message: str) -> None:
        self.progress.hide()
        self.status.setText(message)

    def _show(self, sheet: Any, loaded: tuple) -> None:
        from app.services.import_mapping import suggest_mapping, targets

        self.progress.hide()
        self.sheet, self.loaded = sheet, loaded
        register = loaded[2]
        self.header_spin.blockSignals(True)
        self.header_spin.setValue(sheet.header_row)
        self.header_spin.blockSignals(False)
        remembered = self.owner.remembered(register)
        mapping = suggest_mapping(register, sheet.headers, remembered)
        choices = [("", _("— not imported —"))] + [(t.key, t.label()) for t in targets(register)]
        self.table.setRowCount(len(sheet.headers))
        self.combos = {}
        for column, header in enumerate(sheet.headers):
            first = next((cells[column] for _n, cells in sheet.rows if column < len(cells) and cells[column]), "")
            self.table.setItem(column, 0, _item(sheet.column_letter(column)))
            self.table.setItem(column, 1, _item(header))
            self.table.setItem(column, 2, _item(first))
            combo = QComboBox()
            combo.setObjectName(f"import_target_combo_{column}")
            for key, label in choices:
                combo.addItem(label, key)
            combo.setCurrentIndex(max(combo.findData(mapping.get(column, "")), 0))
            combo.currentIndexChanged.connect(lambda _index: self.completeChanged.emit())
            self.table.setCellWidget(column, 3, combo)
            self.combos[column] = combo
        self.table.resizeColumnsToContents()
        self.status.setText(
            ngettext(
                "Sheet “{sheet}”: header in row {header}, {count} row under it.",
                "Sheet “{sheet}”: header in row {header}, {count} rows under it.",
                len(sheet.rows),
            ).format(sheet=sheet.sheet, header=sheet.header_row, count=len(sheet.rows))
        )
        self.completeChanged.emit()

    def mapping(self) -> dict[int, str]:
        """The chosen mapping: column index → target key."""
        return {column: combo.currentData() for column, combo in self.combos.items() if combo.currentData()}

    def isComplete(self) -> bool:  # noqa: N802 - Qt's name
        return self.sheet is not None and bool(self.mapping())

    def validatePage(self) -> bool:  # noqa: N802 - Qt's name
        from app.services.import_mapping import remembered_key

        chosen = {remembered_key(self.sheet.headers[c]): combo.currentData() for c, combo in self.combos.items()}
        self.owner.remember(self.loaded[2], {key: value for key, value in chosen.items() if key})
        return True


class PreviewPage(QWizardPage):
    """What the import will do: every problem by row and column, every duplicate; nothing is written yet."""

    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self.setObjectName("import_preview_page")
        self.owner = wizard
        self.setTitle(_("Preview"))
        self.setSubTitle(_("Nothing has been written yet. Read the problems and duplicates, then import."))
        self.setCommitPage(True)
        self.setButtonText(QWizard.WizardButton.CommitButton, _("&Import"))
        self.duplicate_combo = QComboBox()
        self.duplicate_combo.setObjectName("import_duplicate_combo")
        self.duplicate_combo.addItem(_("Skip them"), "skip")
        self.duplicate_combo.addItem(_("Update the records with them"), "update")
        self.duplicate_combo.addItem(_("Create records anyway"), "create")
        self.duplicate_combo.currentIndexChanged.connect(lambda _index: self.plan_now())
        self.summary = QLabel()
        self.summary.setObjectName("import_preview_summary")
        self.summary.setWordWrap(True)
        self.problems = _table("import_problems_table", [_("Row"), _("Column"), _("Problem")])
        self.duplicates = _table("import_duplicates_table", [_("Row"), _("Title"), _("Repeats")])
        self.skip_invalid = QCheckBox(_("Leave out the rows with problems and import the others"))
        self.skip_invalid.setObjectName("import_skip_invalid_check")
        self.skip_invalid.toggled.connect(lambda _checked: self.completeChanged.emit())
        self.progress = QProgressBar()
        self.progress.setObjectName("import_preview_progress")
        form = QFormLayout()
        form.addRow(_("Rows that repeat a record or an earlier row"), self.duplicate_combo)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.summary)
        layout.addWidget(QLabel(_("Problems")))
        layout.addWidget(self.problems, 2)
        layout.addWidget(QLabel(_("Duplicates")))
        layout.addWidget(self.duplicates, 1)
        layout.addWidget(self.skip_invalid)
        layout.addWidget(self.progress)
        self.plan = None
        self.token = 0  # results of an earlier check that arrive late are dropped

    def initializePage(self) -> None:  # noqa: N802 - Qt's name
        self.plan_now()

    def plan_now(self) -> None:
        """Check every row against the fields' rules and the register (on the worker thread)."""
        from app.services.importer import plan_import

        mapping_page = self.owner.mapping_page
        sheet, register = mapping_page.sheet, mapping_page.loaded[2]
        mapping, on_duplicate = mapping_page.mapping(), self.duplicate_combo.currentData()
        self.plan = None
        self.summary.setText(_("Checking the rows…"))
        self.problems.setRowCount(0)
        self.duplicates.setRowCount(0)
        self.progress.show()
        self.completeChanged.emit()

        def work(progress: Callable[[int, int], None]) -> Any:
            return plan_import(
                register=register,
                sheet=sheet,
                mapping=mapping,
                on_duplicate=on_duplicate,
                progress=progress,
                cancelled=self.owner.cancelled,
            )

        self.token += 1
        token = self.token
        self.owner.start(work, lambda plan: token == self.token and self._show(plan), self._progress)

    def _progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(min(done, total))

    def failed(self, message: str) -> None:
        self.progress.hide()
        self.summary.setText(message)

    def _show(self, plan: Any) -> None:
        self.progress.hide()
        self.plan = plan
        self.summary.setText("\n".join(plan.preview_lines()))
        problems = plan.problems
        self.problems.setRowCount(len(problems))
        for index, problem in enumerate(problems):
            column = f"{problem.letter} “{problem.column}”" if problem.letter else problem.column
            for position, text in enumerate((problem.row or "", column, problem.message)):
                self.problems.setItem(index, position, _item(text))
        repeated = [row for row in plan.rows if row.duplicate_text()]
        self.duplicates.setRowCount(len(repeated))
        for index, row in enumerate(repeated):
            for position, text in enumerate((row.row, row.title, row.duplicate_text())):
                self.duplicates.setItem(index, position, _item(text))
        for table in (self.problems, self.duplicates):
            for column in range(table.columnCount() - 1):  # the last column takes the rest of the width
                table.resizeColumnToContents(column)
            if table.rowCount() <= 500:  # wrapped texts in full; a long list keeps one line a row (fast)
                table.resizeRowsToContents()
        self.skip_invalid.setVisible(plan.has_problems)
        self.completeChanged.emit()

    def isComplete(self) -> bool:  # noqa: N802 - Qt's name
        if self.plan is None:
            return False
        return not self.plan.has_problems or self.skip_invalid.isChecked()


class ResultPage(QWizardPage):
    """The import itself, with its progress, then what was written."""

    def __init__(self, wizard: ImportWizard) -> None:
        super().__init__()
        self.setObjectName("import_result_page")
        self.owner = wizard
        self.setTitle(_("Import"))
        self.summary = QLabel()
        self.summary.setObjectName("import_result_summary")
        self.summary.setWordWrap(True)
        self.progress = QProgressBar()
        self.progress.setObjectName("import_result_progress")
        layout = QVBoxLayout(self)
        layout.addWidget(self.progress)
        layout.addWidget(self.summary)
        layout.addStretch(1)
        self.done = False
        self.result = None

    def initializePage(self) -> None:  # noqa: N802 - Qt's name
        from app.services.importer import run_import

        preview = self.owner.preview_page
        plan, skip_invalid = preview.plan, preview.skip_invalid.isChecked()
        self.done = False
        self.summary.setText(_("Importing… Cancel stops the import and writes nothing."))

        def work(progress: Callable[[int, int], None]) -> Any:
            return run_import(plan, skip_invalid=skip_invalid, progress=progress, cancelled=self.owner.cancelled)

        self.owner.start(work, self._finished, self._progress)

    def _progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(min(done, total))

    def _finished(self, summary: Any) -> None:
        self.result = summary
        self.done = True
        self.progress.setRange(0, 1)
        self.progress.setValue(1)
        self.summary.setText("\n".join(summary.lines()))
        hub.data_reset.emit()
        self.completeChanged.emit()

    def failed(self, message: str) -> None:
        self.done = True
        self.progress.hide()
        self.summary.setText(message)
        self.completeChanged.emit()

    def isComplete(self) -> bool:  # noqa: N802 - Qt's name
        return self.done


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
        for page in (self.source, self.mapping_page, self.preview_page, self.result_page):
            self.addPage(page)
        if register is not None:
            index = self.source.register_combo.findData(register)
            if index >= 0:
                self.source.register_combo.setCurrentIndex(index)
        self.resize(860, 620)
        app_settings.restore_geometry(self, SETTINGS_KEY)

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
        from app.services.importer import ImportCancelled, ImportRefused

        if isinstance(error, ImportCancelled):
            return
        if isinstance(error, ImportRefused):
            message = str(error)
        else:
            logger.error("import failed", exc_info=error)
            message = _("Hamkor could not finish the import: {reason}").format(reason=error)
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
