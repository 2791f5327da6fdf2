"""A record's history: who changed it, when, which fields, from what to what; exportable as an Excel workbook."""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path

from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.i18n import _, format_datetime, ngettext
from app.services.changes import HistoryLine, record_history
from app.services.registers.history_export import local_moment, write_history_xlsx
from app.services.registers.list_rows import record_label
from app.services.registers.specs import spec_of
from app.ui.shell import settings as app_settings

logger = logging.getLogger(__name__)


def local_time(value: dt.datetime | str) -> str:
    """A stored UTC time in the officer's time zone and language."""
    local = local_moment(value)
    if isinstance(local, str):
        return local
    return format_datetime(local)


class HistoryDialog(QDialog):
    """Every change of one record, newest first, one row per field."""

    COLUMNS = ("when", "who", "action", "field", "old", "new")

    def __init__(self, register: str, record_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("history_dialog")
        self.register = register
        self.record_id = record_id
        spec = spec_of(register)
        record = spec.model.get_or_none(spec.model.id == record_id)
        name = record_label(register, record) if record is not None else f"#{record_id}"
        self.record_name = name
        self.setWindowTitle(_("History: {record}").format(record=name))
        self.lines: list[HistoryLine] = record_history(register, record_id)

        saves = len({(line.changed_at, line.changed_by, line.action) for line in self.lines})  # one per save
        self.summary = QLabel(
            ngettext("{count} change recorded.", "{count} changes recorded.", saves).format(count=saves)
            if self.lines
            else _("No changes are recorded for this record.")
        )
        self.summary.setObjectName("history_summary")
        self.table = QTableWidget(len(self.lines), len(self.COLUMNS))
        self.table.setTabKeyNavigation(False)  # Tab leaves the list; the arrows move in it
        self.table.setObjectName("history_table")
        self.table.setAccessibleName(_("Changes of the record"))
        self.table.setHorizontalHeaderLabels([_("When"), _("Who"), _("Action"), _("Field"), _("Before"), _("After")])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        for column in range(4):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(5, QHeaderView.ResizeMode.Stretch)
        for row, line in enumerate(self.lines):
            for column, text in enumerate(
                (local_time(line.changed_at), line.changed_by, line.action_label, line.field, line.old, line.new)
            ):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.table.setItem(row, column, item)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        self.export_button = QPushButton(_("Export to &Excel…"))
        self.export_button.setObjectName("history_export")
        self.export_button.setEnabled(bool(self.lines))
        self.export_button.clicked.connect(lambda: self.export())
        buttons.addButton(self.export_button, QDialogButtonBox.ButtonRole.ActionRole)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        self.resize(900, 520)
        app_settings.restore_geometry(self, "history_dialog")

    def export(self, path: Path | None = None) -> Path | None:
        """Write the history to an Excel workbook (asking where, unless `path` is given)."""
        if path is None:
            from app.ui.dialogs.file_dialogs import save_path

            what = self.windowTitle()  # the history of which record; the file says the day too
            path = save_path(
                self, _("Export the history"), what=what, suffix=".xlsx", filters=_("Excel workbook (*.xlsx)")
            )
            if path is None:
                return None
        try:
            return write_history_xlsx(self.lines, path, record=self.record_name).path
        except OSError as error:
            QMessageBox.warning(
                self,
                _("Not exported"),
                _("Cannot write “{path}”: {reason}").format(path=path, reason=error.strerror or error),
            )
            return None

    def done(self, result: int) -> None:
        app_settings.save_geometry(self, "history_dialog")
        super().done(result)
