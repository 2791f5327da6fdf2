"""Reviewing returned templates: every row of every unit's file with what accepting it would do and its problems;
the officer accepts, edits or rejects each row, then confirms — each unit written all or nothing."""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.i18n import _, ngettext
from app.services.imports.workbook import ImportRefused
from app.services.registers.specs import spec_of
from app.services.submissions.decisions import edit_problems, note_unreadable, proposal_values, write_return
from app.services.submissions.layout import SHEET_TITLES
from app.services.submissions.returns import CREATE_RECORD, Proposal, UnitReturn
from app.ui.registers.record_form import RecordDialog

logger = logging.getLogger(__name__)


def _action_text(action: str) -> str:
    return {
        "create": _("New record"),
        "link": _("Already in the registry"),
        "plan": _("Plan item"),
        "project": _("Project progress"),
        "problem": _("Not taken"),
    }.get(action, action)


class ProposalDialog(RecordDialog):
    """A proposed record's form: its values as read, to correct; OK keeps them for the confirmation (no write)."""

    def __init__(self, register: str, values: dict[str, Any], parent: QWidget | None = None) -> None:
        super().__init__(register, None, parent)
        self._loading = True
        for name, value in values.items():
            if name in self.widgets and value is not None:
                self.widgets[name].set_value(value)
        self._loading = False
        self.initial = self.values()
        self.edited: dict[str, Any] | None = None
        self._validate(show_all=True)

    def save(self) -> bool:
        """Keep the corrected values when they can be saved; nothing is written yet."""
        if self._validate(show_all=True):
            return False
        self.edited = self.values()
        self.done(QDialog.DialogCode.Accepted)
        return True


class ReviewPanel(QWidget):
    """The returns read, unit by unit, row by row, with a check box per row (accepted when checked)."""

    written = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.returns: list[UnitReturn] = []
        self.year = self.quarter = 0
        self.tree = QTreeWidget()
        self.tree.setObjectName("submission_review")
        self.tree.setAccessibleName(_("Rows of the returned files"))
        self.tree.setHeaderLabels([_("Row"), _("Proposal"), _("Record"), _("Plan item"), _("Problems")])
        self.tree.itemDoubleClicked.connect(lambda item, _column: self.edit(item))
        self.summary = QLabel(_("Read the returned files to review them here."))
        self.summary.setWordWrap(True)
        self.edit_button = QPushButton(_("&Edit row…"))
        self.edit_button.clicked.connect(lambda: self.edit(self.tree.currentItem()))
        self.accept_all = QPushButton(_("&Accept all"))
        self.accept_all.clicked.connect(lambda: self._check_all(True))
        self.reject_all = QPushButton(_("Re&ject all"))
        self.reject_all.clicked.connect(lambda: self._check_all(False))
        self.confirm_button = QPushButton(_("&Confirm and write"))
        self.confirm_button.setObjectName("confirm_submissions")
        self.confirm_button.clicked.connect(self.confirm)
        buttons = QHBoxLayout()
        for button in (self.edit_button, self.accept_all, self.reject_all):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.confirm_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.tree, 1)
        layout.addLayout(buttons)
        self._enable()

    def show_returns(self, returns: list[UnitReturn], year: int, quarter: int) -> None:
        """Show what was read; every acceptable row starts accepted."""
        self.returns, self.year, self.quarter = returns, year, quarter
        self.tree.clear()
        for ret in returns:
            top = QTreeWidgetItem([ret.path.name, ret.unit_name or "", "", "", ret.refused])
            top.setToolTip(4, ret.refused)
            font = top.font(0)
            font.setBold(True)
            top.setFont(0, font)
            self.tree.addTopLevelItem(top)
            for proposal in ret.proposals:
                self._add_row(top, ret, proposal)
            top.setExpanded(True)
        for column, widest in enumerate((210, 170, 280, 70)):  # the problems (last column) stay in sight
            self.tree.resizeColumnToContents(column)
            self.tree.setColumnWidth(column, min(self.tree.columnWidth(column), widest))
        rows = sum(len(ret.proposals) for ret in returns)
        refused = sum(1 for ret in returns if ret.refused)
        self.summary.setText(
            ngettext("{count} file read", "{count} files read", len(returns)).format(count=len(returns))
            + "; " + ngettext("{count} row", "{count} rows", rows).format(count=rows)
            + "; " + ngettext("{count} file refused", "{count} files refused", refused).format(count=refused)
            + ". " + _("Uncheck a row to reject it; Confirm writes each unit's accepted rows, all or nothing.")
        )  # fmt: skip
        self._enable()

    def _add_row(self, top: QTreeWidgetItem, ret: UnitReturn, proposal: Proposal) -> None:
        sheet = _(SHEET_TITLES.get(proposal.sheet, proposal.sheet))
        item = QTreeWidgetItem([
            f"{sheet} {proposal.row}", _action_text(proposal.action), proposal.title,
            str(proposal.plan_item or ""), "\n".join(proposal.problems),
        ])  # fmt: skip
        item.setData(0, Qt.ItemDataRole.UserRole, (ret, proposal))
        item.setToolTip(4, "\n".join(proposal.problems))
        flags = item.flags() | Qt.ItemFlag.ItemIsUserCheckable
        if not proposal.acceptable and proposal.action != CREATE_RECORD:
            flags &= ~Qt.ItemFlag.ItemIsEnabled
        item.setFlags(flags)
        item.setCheckState(0, Qt.CheckState.Checked if proposal.decision == "accept" else Qt.CheckState.Unchecked)
        top.addChild(item)

    def rows(self) -> list[QTreeWidgetItem]:
        """Every row item, in order."""
        top = [self.tree.topLevelItem(i) for i in range(self.tree.topLevelItemCount())]
        return [parent.child(i) for parent in top for i in range(parent.childCount())]

    def _check_all(self, accepted: bool) -> None:
        for item in self.rows():
            _ret, proposal = item.data(0, Qt.ItemDataRole.UserRole)
            if proposal.acceptable or not accepted:
                item.setCheckState(0, Qt.CheckState.Checked if accepted else Qt.CheckState.Unchecked)

    def edit(self, item: QTreeWidgetItem | None) -> None:
        """Correct a proposed record in its form; the row is accepted when its values can be saved."""
        data = item.data(0, Qt.ItemDataRole.UserRole) if item is not None else None
        if not data:
            return
        ret, proposal = data
        if proposal.action != CREATE_RECORD and not (proposal.action == "problem" and proposal.values):
            return
        dialog = ProposalDialog(proposal.register, proposal_values(ret, proposal), self)
        dialog.setWindowTitle(_("Row {row} of “{file}”").format(row=proposal.row, file=ret.path.name))
        if dialog.exec() and dialog.edited is not None:
            self.apply_edit(item, dialog.edited)

    def apply_edit(self, item: QTreeWidgetItem, values: dict[str, Any]) -> None:
        """Take corrected values for a row: its problems are checked again."""
        ret, proposal = item.data(0, Qt.ItemDataRole.UserRole)
        proposal.values = values
        problems = edit_problems(ret, proposal)
        title_field = spec_of(proposal.register).title_field
        title = values.get(title_field)
        proposal.title = next(iter(v for v in title.values() if v), "") if isinstance(title, dict) else str(title or "")
        proposal.problems = [f"{_(spec_of(proposal.register).field(n).label)}: {m}" for n, m in problems.items()]
        item.setText(2, proposal.title)
        item.setText(4, "\n".join(proposal.problems))
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsEnabled)
        item.setCheckState(0, Qt.CheckState.Checked if proposal.acceptable else Qt.CheckState.Unchecked)

    def _enable(self) -> None:
        has = bool(self.returns)
        for button in (self.edit_button, self.accept_all, self.reject_all, self.confirm_button):
            button.setEnabled(has)

    def confirm(self) -> list[str]:
        """Write every unit's accepted rows (each unit all or nothing) and note the refused files; say what happened."""
        for item in self.rows():
            _ret, proposal = item.data(0, Qt.ItemDataRole.UserRole)
            checked = item.checkState(0) == Qt.CheckState.Checked
            proposal.decision = "accept" if checked and proposal.acceptable else "reject"
        lines = []
        for ret in self.returns:
            if ret.refused:
                note_unreadable(ret, year=self.year, quarter=self.quarter)
                continue
            try:
                write_return(ret)
                accepted = sum(1 for p in ret.proposals if p.decision == "accept")
                lines.append(ngettext("{unit}: {count} row accepted.", "{unit}: {count} rows accepted.", accepted)
                             .format(unit=ret.unit_name, count=accepted))  # fmt: skip
            except ImportRefused as error:
                lines.append(f"{ret.unit_name}: {error}")
        self.returns = []
        self.tree.clear()
        self.summary.setText("\n".join(lines) or _("Nothing to write."))
        self._enable()
        self.written.emit()
        return lines


__all__ = ["ProposalDialog", "ReviewPanel"]
