"""The letters that concern a record (an agreement's approvals, a visit's invitation and thanks, a trip's memo): a tab
of its form, with Write letter…."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QHeaderView, QPushButton, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from app.i18n import _, format_date
from app.models.choices import APPROVAL_KINDS, LETTER_DIRECTIONS, LETTER_STATUSES
from app.services.correspondence.journal import letters_concerning
from app.services.correspondence.letters import templates_for
from app.ui.shell.hub import hub


class LettersView(QWidget):
    """The record's letters, newest first; double-click or Enter asks to open one."""

    #: Open this record (register, id): the form showing the view opens it.
    open_requested = Signal(str, int)

    def __init__(self, register: str, record_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.register, self.record_id = register, record_id
        self.tree = QTreeWidget()
        self.tree.setObjectName("record_letters")
        self.tree.setAccessibleName(_("Letters"))
        self.tree.setAccessibleName(_("Letters"))
        self.tree.setRootIsDecorated(False)
        self.tree.setHeaderLabels([_("Date"), _("Number"), _("Direction"), _("From or to"), _("Subject"),
                                   _("Approval"), _("Status"), _("Reply due")])  # fmt: skip
        self.tree.header().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.tree.itemActivated.connect(self._open)
        self.write_button = QPushButton(_("&Write letter…"))
        self.write_button.setObjectName("write_letter")
        self.write_button.clicked.connect(self.write_letter)
        self.write_button.setVisible(bool(templates_for(register)))
        buttons = QHBoxLayout()
        buttons.addWidget(self.write_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tree, 1)
        layout.addLayout(buttons)
        hub.record_saved.connect(self._data_changed)
        hub.records_deleted.connect(self._data_changed)
        self.refresh()

    def _data_changed(self, register: str, *_args: object) -> None:
        if register == "correspondence":
            self.refresh()

    def refresh(self) -> None:
        """Read the letters again."""
        self.tree.clear()
        for line in letters_concerning(self.register, self.record_id):
            item = QTreeWidgetItem([
                format_date(line.day), line.number, _(LETTER_DIRECTIONS.label(line.direction)), line.correspondent,
                line.subject, _(APPROVAL_KINDS.label(line.approval)) if line.approval else "",
                _(LETTER_STATUSES.label(line.status)), format_date(line.reply_due),
            ])  # fmt: skip
            item.setData(0, Qt.ItemDataRole.UserRole, line.letter_id)
            self.tree.addTopLevelItem(item)

    def letter_ids(self) -> list[int]:
        """The listed letters' ids, in order."""
        tree = self.tree
        return [tree.topLevelItem(i).data(0, Qt.ItemDataRole.UserRole) for i in range(tree.topLevelItemCount())]

    def write_letter(self) -> None:
        """Open Write letter… for this record."""
        from app.ui.dialogs.write_letter import WriteLetterDialog

        WriteLetterDialog(self.register, self.record_id, self).exec()

    def _open(self, item: QTreeWidgetItem) -> None:
        self.open_requested.emit("correspondence", item.data(0, Qt.ItemDataRole.UserRole))
