"""A record's attachments: add, open with the system viewer, save as, remove."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QMessageBox,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.i18n import _, format_date
from app.services.attachments import (
    AttachmentError,
    add_attachment,
    attachments_of,
    human_size,
    remove_attachment,
    safe_file_name,
    save_attachment_as,
    temporary_copy,
)
from app.ui.shell.icons import icon

logger = logging.getLogger(__name__)

PENDING = -1


class AttachmentsWidget(QWidget):
    """The files of one record; for a record not saved yet, files wait and are attached when it is saved."""

    changed = Signal()

    def __init__(self, register: str, record_id: int | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.register = register
        self.record_id = record_id
        self.pending: list[Path] = []
        self.tree = QTreeWidget()
        self.tree.setObjectName("attachments_list")
        self.tree.setAccessibleName(_("Attachments"))
        self.tree.setHeaderLabels([_("File"), _("Size"), _("Added")])
        self.tree.setRootIsDecorated(False)
        self.tree.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.tree.itemDoubleClicked.connect(lambda *_args: self.open_selected())
        self.buttons: dict[str, QPushButton] = {}
        row = QHBoxLayout()
        for name, text, slot, icon_name in (
            ("add", _("Add files…"), self.add_files, "attach"),
            ("open", _("Open"), self.open_selected, "open"),
            ("save_as", _("Save as…"), self.save_selected_as, "save"),
            ("remove", _("Remove"), self.remove_selected, "delete"),
        ):
            button = QPushButton(icon(icon_name), text)
            button.setObjectName(f"attachment_{name}")
            button.clicked.connect(slot)
            self.buttons[name] = button
            row.addWidget(button)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tree, 1)
        layout.addLayout(row)
        self.tree.itemSelectionChanged.connect(self._update_buttons)
        self.refresh()

    def has_pending(self) -> bool:
        """Whether files wait to be attached."""
        return bool(self.pending)

    def refresh(self) -> None:
        """Show the stored and waiting files."""
        self.tree.clear()
        if self.record_id is not None:
            for attachment in attachments_of(self.register, self.record_id):
                item = QTreeWidgetItem(
                    [attachment.file_name, human_size(attachment.size), format_date(attachment.created_at.date())]
                )
                item.setData(0, Qt.ItemDataRole.UserRole, attachment.id)
                self.tree.addTopLevelItem(item)
        for path in self.pending:
            size = path.stat().st_size if path.exists() else 0
            item = QTreeWidgetItem([path.name, human_size(size), _("when the record is saved")])
            item.setData(0, Qt.ItemDataRole.UserRole, PENDING)
            item.setData(1, Qt.ItemDataRole.UserRole, str(path))
            self.tree.addTopLevelItem(item)
        self._update_buttons()

    def _update_buttons(self) -> None:
        selected = self.tree.selectedItems()
        stored = [item for item in selected if item.data(0, Qt.ItemDataRole.UserRole) != PENDING]
        self.buttons["open"].setEnabled(len(stored) == 1)
        self.buttons["save_as"].setEnabled(len(stored) == 1)
        self.buttons["remove"].setEnabled(bool(selected))

    def add_files(self, paths: list[Path] | None = None) -> None:
        """Attach files (chosen in a file dialog unless given)."""
        if not paths:
            from app.ui.dialogs.file_dialogs import open_paths

            paths = open_paths(self, _("Attach files"), many=True)
        for path in paths:
            if self.record_id is None:
                self.pending.append(path)
                continue
            try:
                add_attachment(self.register, self.record_id, path)
            except AttachmentError as error:
                QMessageBox.warning(self, _("Not attached"), str(error))
        self.refresh()
        self.changed.emit()

    def attach_pending(self, record_id: int) -> None:
        """Attach the waiting files to the record just saved."""
        self.record_id = record_id
        waiting, self.pending = self.pending, []
        if waiting:
            self.add_files(waiting)

    def _selected_id(self) -> int | None:
        items = self.tree.selectedItems()
        if len(items) != 1:
            return None
        value = items[0].data(0, Qt.ItemDataRole.UserRole)
        return None if value == PENDING else value

    def open_selected(self) -> None:
        """Open the selected file with the system's viewer (from a temporary copy)."""
        attachment_id = self._selected_id()
        if attachment_id is None:
            return
        try:
            path = temporary_copy(attachment_id)
        except AttachmentError as error:
            QMessageBox.warning(self, _("Cannot open"), str(error))
            return
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))

    def save_selected_as(self, target: Path | None = None) -> None:
        """Write the selected file where the officer chooses."""
        attachment_id = self._selected_id()
        if attachment_id is None:
            return
        if target is None:
            from app.ui.dialogs.file_dialogs import save_path

            name = Path(safe_file_name(self.tree.selectedItems()[0].text(0)))
            target = save_path(self, _("Save attachment as"), what=name.stem, when="", suffix=name.suffix, filters="")
            if target is None:
                return
        try:
            save_attachment_as(attachment_id, target)
        except AttachmentError as error:
            QMessageBox.warning(self, _("Not saved"), str(error))

    def remove_selected(self) -> None:
        """Remove the selected files after a confirmation."""
        items = self.tree.selectedItems()
        if not items:
            return
        names = ", ".join(item.text(0) for item in items)
        answer = QMessageBox.question(self, _("Remove attachments"), _("Remove {names}?").format(names=names))
        if answer != QMessageBox.StandardButton.Yes:
            return
        for item in items:
            value = item.data(0, Qt.ItemDataRole.UserRole)
            if value == PENDING:
                self.pending = [p for p in self.pending if str(p) != item.data(1, Qt.ItemDataRole.UserRole)]
            else:
                remove_attachment(value)
        self.refresh()
        self.changed.emit()
