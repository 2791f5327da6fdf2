"""'Find duplicates' of a register: the likely pairs, and the merge of a pair (which record stays, what moves)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QListWidget,
    QMessageBox,
    QRadioButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.i18n import _, ngettext
from app.services.registers.duplicates import DuplicatePair, find_duplicates
from app.services.registers.merge import MergeRefused, merge_records, plan_merge
from app.services.registers.specs import spec_of
from app.ui.shell import settings as app_settings
from app.ui.shell.hub import hub


class MergeDialog(QDialog):
    """Merge two records: choose the one kept, see what moves to it, Merge."""

    def __init__(self, register: str, first: int, second: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("merge_dialog")
        self.register, self.ids, self.batch = register, (first, second), ""
        self.setWindowTitle(_("Merge two records: {register}").format(register=_(spec_of(register).title)))
        layout = QVBoxLayout(self)
        intro = QLabel(_("The kept record gets every link of the other one and its empty fields are filled from it. "
                         "The other record goes to the deleted records: restoring it undoes the merge."))  # fmt: skip
        intro.setWordWrap(True)
        layout.addWidget(intro)
        plan = plan_merge(register, first, second)
        self.keep_first = QRadioButton(_("Keep “{label}” ({id})").format(label=plan.keep_label, id=first))
        self.keep_second = QRadioButton(_("Keep “{label}” ({id})").format(label=plan.other_label, id=second))
        self.keep_first.setChecked(True)
        for button in (self.keep_first, self.keep_second):
            button.toggled.connect(self._show_plan)
            layout.addWidget(button)
        moves = QLabel(_("&What the merge does:"))
        layout.addWidget(moves)
        self.plan_list = QListWidget()
        self.plan_list.setObjectName("merge_plan")
        self.plan_list.setAccessibleName(_("What the merge does"))
        moves.setBuddy(self.plan_list)
        layout.addWidget(self.plan_list, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.merge_button = buttons.addButton(_("&Merge"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.merge_button.setObjectName("merge_button")
        buttons.accepted.connect(self.merge)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(620, 420)
        app_settings.restore_geometry(self, "merge_dialog")
        self._show_plan()

    @property
    def kept(self) -> tuple[int, int]:
        """(the kept record, the merged one) as chosen."""
        first, second = self.ids
        return (first, second) if self.keep_first.isChecked() else (second, first)

    def _show_plan(self) -> None:
        self.plan_list.clear()
        keep, other = self.kept
        self.plan_list.addItems(plan_merge(self.register, keep, other).lines()[1:] or [_("No links to move.")])

    def merge(self) -> None:
        """Merge as chosen (all or nothing), tell every page, and close."""
        keep, other = self.kept
        try:
            self.batch = merge_records(self.register, keep, other)
        except MergeRefused as refused:
            QMessageBox.warning(self, _("Not merged"), str(refused))
            return
        hub.records_deleted.emit(self.register, [other])
        hub.record_saved.emit(self.register, keep)
        self.accept()

    def done(self, result: int) -> None:  # noqa: D102 - Qt's
        app_settings.save_geometry(self, "merge_dialog")
        super().done(result)


class DuplicatesDialog(QDialog):
    """'Find duplicates' of one register: the likely pairs; Merge… on the selected pair."""

    #: A merge was made: its batch (what a restore brings back, Ctrl+Z in the list).
    merged = Signal(str)

    def __init__(self, register: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("duplicates")
        self.register = register
        self.setWindowTitle(_("Duplicates: {register}").format(register=_(spec_of(register).title)))
        layout = QVBoxLayout(self)
        self.note = QLabel()
        self.note.setWordWrap(True)
        layout.addWidget(self.note)
        self.table = QTableWidget(0, 3)
        self.table.setObjectName("duplicates_table")
        self.table.setAccessibleName(_("Likely duplicates"))
        self.table.setHorizontalHeaderLabels([_("Record"), _("Likely the same as"), _("Why")])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        for column, mode in enumerate((QHeaderView.ResizeMode.Stretch, QHeaderView.ResizeMode.Stretch,
                                       QHeaderView.ResizeMode.ResizeToContents)):  # fmt: skip
            header.setSectionResizeMode(column, mode)
        layout.addWidget(self.table, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.merge_button = buttons.addButton(_("&Merge…"), QDialogButtonBox.ButtonRole.ActionRole)
        self.merge_button.setObjectName("merge_pair_button")
        self.merge_button.clicked.connect(self.merge_selected)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.table.doubleClicked.connect(lambda _index: self.merge_selected())
        self.resize(820, 460)
        app_settings.restore_geometry(self, "duplicates")
        self.fill()

    def fill(self) -> None:
        """Look for the likely pairs again and list them."""
        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            self.pairs: list[DuplicatePair] = find_duplicates(self.register)
        finally:
            QGuiApplication.restoreOverrideCursor()
        self.table.setRowCount(len(self.pairs))
        for row, pair in enumerate(self.pairs):
            texts = (f"{pair.first_label} ({pair.first_id})", f"{pair.second_label} ({pair.second_id})", pair.reason)
            for column, text in enumerate(texts):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.table.setItem(row, column, item)
        self.note.setText(ngettext("{count} likely pair: names that meet across scripts and spellings, with no "
                                   "different country or kind between them.",
                                   "{count} likely pairs: names that meet across scripts and spellings, with no "
                                   "different country or kind between them.", len(self.pairs)).format(
                                       count=len(self.pairs)))  # fmt: skip
        self.merge_button.setEnabled(bool(self.pairs))
        if self.pairs:
            self.table.selectRow(0)

    def merge_selected(self) -> None:
        """Merge the selected pair (the dialog asks which record stays)."""
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return
        pair = self.pairs[rows[0].row()]
        dialog = MergeDialog(self.register, pair.first_id, pair.second_id, parent=self)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.batch:
            self.merged.emit(dialog.batch)
            self.fill()

    def done(self, result: int) -> None:  # noqa: D102 - Qt's
        app_settings.save_geometry(self, "duplicates")
        super().done(result)
