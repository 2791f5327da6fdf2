"""Reminders at start: what is overdue or due within a week, once, in a window that does not block work."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from app.i18n import _, format_date, ngettext
from app.services.dashboard import ATTENTION_KINDS, Attention, attention
from app.ui.pages.dashboard import due_text

#: Reminded at start: what is overdue or due within this many days.
SOON = 7


def due_soon(today: dt.date | None = None) -> list[Attention]:
    """What to remind the officer of at start."""
    return [item for item in attention(today) if item.days <= SOON]


class RemindersDialog(QDialog):
    """The reminders of the day; a double-click opens the record."""

    open_record = Signal(str, int)

    def __init__(self, items: list[Attention], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reminders_dialog")
        self.setWindowTitle(_("Reminders"))
        self.setWindowModality(Qt.WindowModality.NonModal)
        intro = QLabel(
            ngettext(
                "{count} thing is overdue or due within a week:",
                "{count} things are overdue or due within a week:",
                len(items),
            ).format(count=len(items))
        )
        self.list = QTreeWidget()
        self.list.setObjectName("reminders_list")
        self.list.setHeaderLabels([_("What"), _("Record"), _("Date"), _("When")])
        self.list.setRootIsDecorated(False)
        for item in items:
            row = QTreeWidgetItem(
                [_(ATTENTION_KINDS[item.kind]), item.label, format_date(item.due), due_text(item.days)]
            )
            row.setData(0, Qt.ItemDataRole.UserRole, (item.register, item.record_id))
            self.list.addTopLevelItem(row)
        for column in (0, 2, 3):
            self.list.resizeColumnToContents(column)
        self.list.itemActivated.connect(self._activated)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.list, 1)
        layout.addWidget(buttons)
        self.resize(760, 360)

    def _activated(self, row: QTreeWidgetItem) -> None:
        data = row.data(0, Qt.ItemDataRole.UserRole)
        if data:
            self.open_record.emit(*data)


def remind_at_start(window) -> RemindersDialog | None:  # noqa: ANN001 - MainWindow
    """Show the day's reminders beside the main window, if there are any."""
    items = due_soon()
    if not items:
        return None
    dialog = RemindersDialog(items, window)
    dialog.open_record.connect(window.open_record)
    dialog.show()
    return dialog
