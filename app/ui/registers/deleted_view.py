"""The deleted records of a register (who deleted them, when), to bring some back with everything they had."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMessageBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.i18n import _, ngettext
from app.services.registers.deleted_records import KEEP_DAYS, RestoreRefused, deleted_records, purge_expired, restore
from app.services.registers.specs import spec_of
from app.ui.registers.history import local_time
from app.ui.shell import settings as app_settings
from app.ui.shell.hub import hub


class DeletedRecordsDialog(QDialog):
    """'Deleted records' of one register: select and Restore."""

    def __init__(self, register: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("deleted_records")
        self.register = register
        self.restored: list[tuple[str, int]] = []
        self.setWindowTitle(_("Deleted records: {register}").format(register=_(spec_of(register).title)))
        layout = QVBoxLayout(self)
        note = QLabel(_("Deleted records are kept for {days} days; restoring brings back a record with its lists, "
                        "links and attachments.").format(days=KEEP_DAYS))  # fmt: skip
        note.setWordWrap(True)
        layout.addWidget(note)
        self.table = QTableWidget(0, 3)
        self.table.setTabKeyNavigation(False)  # Tab leaves the list; the arrows move in it
        self.table.setObjectName("deleted_table")
        self.table.setAccessibleName(_("Deleted records"))
        self.table.setHorizontalHeaderLabels([_("Record"), _("Deleted on"), _("Deleted by")])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        layout.addWidget(self.table, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.restore_button = buttons.addButton(_("&Restore"), QDialogButtonBox.ButtonRole.ActionRole)
        self.restore_button.setObjectName("restore_button")
        self.restore_button.clicked.connect(self.restore_selected)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.table.doubleClicked.connect(lambda _index: self.restore_selected())
        self.resize(640, 400)
        app_settings.restore_geometry(self, "deleted_records")
        self.fill()

    def fill(self) -> None:
        """List the register's deleted records, newest first."""
        purge_expired()
        self.entries = deleted_records(self.register)
        self.table.setRowCount(len(self.entries))
        for row, entry in enumerate(self.entries):
            label = entry.label if entry.operation != "merge" else _("{label} (merged)").format(label=entry.label)
            for column, text in enumerate((label, local_time(entry.deleted_at), entry.deleted_by)):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, entry.entry_id)
                self.table.setItem(row, column, item)
        self.table.resizeColumnToContents(0)
        self.restore_button.setEnabled(bool(self.entries))

    def restore_selected(self) -> None:
        """Bring back the selected records (all or none)."""
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        if not rows:
            return
        try:
            restored = restore([self.entries[row].entry_id for row in rows])
        except RestoreRefused as refused:
            QMessageBox.warning(self, _("Not restored"), str(refused))
            return
        self.restored += restored
        announce_restored(restored)
        self.fill()
        if hasattr(self.parent(), "statusBar"):
            text = ngettext("{count} record restored.", "{count} records restored.", len(restored))
            self.parent().statusBar().showMessage(text.format(count=len(restored)), 8000)

    def done(self, result: int) -> None:  # noqa: D102 - Qt's
        app_settings.save_geometry(self, "deleted_records")
        super().done(result)


def announce_restored(restored: list[tuple[str, int]]) -> None:
    """Tell every page that records came back."""
    for register, record_id in restored:
        hub.record_saved.emit(register, record_id)
