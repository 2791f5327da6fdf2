"""The import wizard's first pages: the workbook and its sheet, then which column feeds which field."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import (
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
    QWizardPage,
)

from app.i18n import _, ngettext
from app.services.registers.specs import spec_of
from app.ui.shell import settings as app_settings

SETTINGS_KEY = "import_wizard"


class ImportSteps(Protocol):
    """What a page asks of the wizard that holds it (`wizard.ImportWizard`, built from these pages): work off the
    interface thread, the column mappings it remembers, and the pages before."""

    source: SourcePage
    mapping_page: MappingPage
    preview_page: QWizardPage

    def start(
        self,
        work: Callable[[Callable[[int, int], None]], Any],
        done: Callable[[Any], None],
        progress: Callable[[int, int], None] | None = None,
    ) -> None: ...

    def cancelled(self) -> bool: ...

    def remembered(self, register: str) -> dict[str, str]: ...

    def remember(self, register: str, mapping: dict[str, str]) -> None: ...


def read_only_table(name: str, headers: list[str]) -> QTableWidget:
    """A table the wizard fills and the officer reads; its last column takes the rest of the width."""
    table = QTableWidget(0, len(headers))
    table.setObjectName(name)
    table.setHorizontalHeaderLabels(headers)
    table.verticalHeader().setVisible(False)
    table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    table.horizontalHeader().setSectionResizeMode(len(headers) - 1, QHeaderView.ResizeMode.Stretch)
    return table


def table_item(text: object) -> QTableWidgetItem:
    """A cell showing `text` (empty for None), whole in its tooltip."""
    item = QTableWidgetItem("" if text is None else str(text))
    item.setToolTip(item.text())  # the whole text, where the column is too narrow for it
    return item


class SourcePage(QWizardPage):
    """Which register, which file, which sheet."""

    def __init__(self, wizard: ImportSteps) -> None:
        super().__init__()
        self.setObjectName("import_source_page")
        self.owner = wizard
        self.setTitle(_("Workbook"))
        self.setSubTitle(_("Choose the register to import into, the Excel workbook (.xlsx) and its sheet."))
        from app.services.imports.mapping import importable_registers

        self.register_combo = QComboBox()
        self.register_combo.setObjectName("import_register_combo")
        self.path_edit_hint = _("Several workbooks, or a folder: each sheet proposes its register.")
        for name in importable_registers():
            self.register_combo.addItem(_(spec_of(name).title), name)
        self.path_edit = QLineEdit()
        self.path_edit.setObjectName("import_path_edit")
        self.path_edit.setAccessibleName(_("Workbook"))
        self.path_edit.setPlaceholderText(_("Path of the workbook"))
        browse = QPushButton(_("Choose files…"))
        browse.setObjectName("import_browse_button")
        browse.clicked.connect(self.browse)
        folder = QPushButton(_("Choose folder…"))
        folder.setObjectName("import_folder_button")
        folder.clicked.connect(self.browse_folder)
        row = QHBoxLayout()
        row.addWidget(self.path_edit, 1)
        row.addWidget(browse)
        row.addWidget(folder)
        self.sheet_combo = QComboBox()
        self.sheet_combo.setObjectName("import_sheet_combo")
        self.status = QLabel()
        self.status.setObjectName("import_source_status")
        self.status.setWordWrap(True)
        form = QFormLayout(self)
        form.addRow(_("Register"), self.register_combo)
        form.addRow(_("Workbook"), row)
        form.addRow(_("Sheet"), self.sheet_combo)
        hint = QLabel(self.path_edit_hint)
        hint.setWordWrap(True)
        form.addRow("", hint)
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
        from app.ui.dialogs.file_dialogs import open_paths

        chosen = open_paths(
            self, _("Workbooks to import"), filters=_("Excel workbooks (*.xlsx *.xlsm);;All files (*)"), many=True
        )
        if chosen:
            self.path_edit.setText("; ".join(str(path) for path in chosen))

    def browse_folder(self) -> None:
        from app.ui.dialogs.file_dialogs import remember_folder, start_folder

        chosen = QFileDialog.getExistingDirectory(self, _("Folder of workbooks to import"), str(start_folder()))
        if chosen:
            remember_folder(Path(chosen))
            self.path_edit.setText(chosen)

    def paths(self) -> list[str]:
        """The workbooks or folders typed or chosen (several are separated by “;”)."""
        return [part.strip() for part in self.path_edit.text().split(";") if part.strip()]

    def is_batch(self) -> bool:
        """Whether several workbooks (or a folder) are imported at once: each sheet then proposes its register."""
        paths = self.paths()
        return len(paths) > 1 or (len(paths) == 1 and Path(paths[0]).is_dir())

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
        if not path or self.is_batch():
            self.completeChanged.emit()
            return
        from app.services.imports.workbook import inspect_workbook

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
        if self.is_batch():
            return True
        return self.info is not None and self.sheet_combo.currentIndex() >= 0

    def register(self) -> str:
        return self.register_combo.currentData()


class MappingPage(QWizardPage):
    """Which column feeds which field; the header row."""

    def __init__(self, wizard: ImportSteps) -> None:
        super().__init__()
        self.setObjectName("import_mapping_page")
        self.owner = wizard
        self.setTitle(_("Columns"))
        self.setSubTitle(_("Check which field each column goes to. Columns set to “not imported” are left out."))
        self.header_spin = QSpinBox()
        self.header_spin.setObjectName("import_header_spin")
        self.header_spin.setRange(1, 100)
        self.header_spin.editingFinished.connect(self._header_changed)
        self.table = read_only_table("import_mapping_table", [_("Column"), _("Header"), _("First value"), _("Field")])
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
        from app.services.imports.importer import read_register_sheet

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
        from app.services.imports.mapping import suggest_mapping, targets

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
            self.table.setItem(column, 0, table_item(sheet.column_letter(column)))
            self.table.setItem(column, 1, table_item(header))
            self.table.setItem(column, 2, table_item(first))
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
        from app.services.imports.mapping import remembered_key

        chosen = {remembered_key(self.sheet.headers[c]): combo.currentData() for c, combo in self.combos.items()}
        self.owner.remember(self.loaded[2], {key: value for key, value in chosen.items() if key})
        return True
