"""Two officers saved the same record: both versions side by side, field by field, and the officer decides.

Never a silent overwrite: reload theirs, overwrite with mine (knowingly), keep mine as a new record, or cancel.
`handle_conflict(form)` is what a record form calls when saving raised `ConflictError`.
"""

from __future__ import annotations

import enum
import logging
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.i18n import _
from app.services.registers import records
from app.services.registers.specs import FieldSpec, spec_of
from app.ui.shell import settings as app_settings
from app.ui.shell.colours import background_colour

logger = logging.getLogger(__name__)


class Resolution(enum.Enum):
    """What the officer chose."""

    RELOAD = "reload"  # show their version in the form (my changes are dropped)
    OVERWRITE = "overwrite"  # save mine over theirs, knowingly
    COPY = "copy"  # keep theirs, save mine as a new record
    CANCEL = "cancel"  # back to the form, nothing saved


def value_text(register: str, fs: FieldSpec, value: Any) -> str:
    """A form value (as `records.load_values` gives it) as people read it."""
    from app.services.changes import shown_value

    spec = spec_of(register)
    if value is None or value == "" or value == []:
        return ""
    return fs.kind.form_text(fs, value, lambda logged: shown_value(spec, fs.name, logged))


class ConflictDialog(QDialog):
    """Mine and theirs, one row per field, the differing rows highlighted; four ways out."""

    def __init__(
        self,
        register: str,
        mine: dict[str, Any],
        theirs: dict[str, Any] | None,
        *,
        changed_by: str = "",
        changed_at: Any = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("conflict_dialog")
        self.register = register
        self.spec = spec_of(register)
        self.resolution = Resolution.CANCEL
        self.setWindowTitle(_("Changed by someone else"))
        deleted = theirs is None
        if deleted:
            text = _("Someone else deleted this record after you opened it. Your changes are still in the form.")
        else:
            from app.ui.registers.history import local_time

            who = changed_by or _("Someone else")
            text = (
                _("{who} saved this record after you opened it ({when}).").format(who=who, when=local_time(changed_at))
                if changed_at is not None
                else _("{who} saved this record after you opened it.").format(who=who)
            )
            text += " " + _("Compare the two versions and choose what to keep; nothing is saved until you choose.")
        intro = QLabel(text)
        intro.setObjectName("conflict_intro")
        intro.setWordWrap(True)

        self.table = QTableWidget(0, 3)
        self.table.setTabKeyNavigation(False)  # Tab leaves the list; the arrows move in it
        self.table.setObjectName("conflict_table")
        self.table.setAccessibleName(_("Mine and theirs, field by field"))
        self.table.setHorizontalHeaderLabels([_("Field"), _("Mine"), _("Theirs (saved)")])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setWordWrap(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.differences: list[str] = []
        for fs in self.spec.fields:
            mine_text = value_text(register, fs, mine.get(fs.name))
            theirs_text = "" if deleted else value_text(register, fs, theirs.get(fs.name))
            differs = deleted or mine_text != theirs_text  # what the officer reads: "" and None are alike
            if differs:
                self.differences.append(fs.name)
            row = self.table.rowCount()
            self.table.insertRow(row)
            for column, text in enumerate((_(fs.label), mine_text, theirs_text)):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                item.setData(Qt.ItemDataRole.UserRole, fs.name)
                if differs and not deleted:
                    item.setBackground(QBrush(background_colour("different")))
                    font = QFont(item.font())
                    font.setBold(True)
                    item.setFont(font)
                self.table.setItem(row, column, item)
        self.table.resizeRowsToContents()
        summary = QLabel(
            _("Fields that differ are highlighted: {fields}.").format(
                fields=", ".join(_(self.spec.field(name).label) for name in self.differences)
            )
            if self.differences and not deleted
            else ""
        )
        summary.setObjectName("conflict_summary")
        summary.setWordWrap(True)

        buttons = QDialogButtonBox()
        self.buttons: dict[Resolution, QPushButton] = {}
        for resolution, text, role, tip in (
            (
                Resolution.RELOAD,
                _("Reload theirs"),
                QDialogButtonBox.ButtonRole.ResetRole,
                _("Show the saved version in the form; your changes are dropped."),
            ),
            (
                Resolution.OVERWRITE,
                _("Overwrite with mine"),
                QDialogButtonBox.ButtonRole.DestructiveRole,
                _("Save your version over theirs; their changes are replaced (the history keeps them)."),
            ),
            (
                Resolution.COPY,
                _("Keep mine as a copy"),
                QDialogButtonBox.ButtonRole.AcceptRole,
                _("Keep their version and save yours as a new record."),
            ),
            (Resolution.CANCEL, _("Cancel"), QDialogButtonBox.ButtonRole.RejectRole, _("Back to the form.")),
        ):
            if deleted and resolution in (Resolution.RELOAD, Resolution.OVERWRITE):
                continue
            button = buttons.addButton(text, role)
            button.setObjectName(f"conflict_{resolution.value}")
            button.setToolTip(tip)
            button.clicked.connect(lambda _checked=False, r=resolution: self._choose(r))
            self.buttons[resolution] = button

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(summary)
        layout.addWidget(buttons)
        self.resize(860, 560)
        app_settings.restore_geometry(self, "conflict_dialog")

    def _choose(self, resolution: Resolution) -> None:
        self.resolution = resolution
        if resolution is Resolution.CANCEL:
            self.reject()
        else:
            self.accept()

    def done(self, result: int) -> None:
        app_settings.save_geometry(self, "conflict_dialog")
        super().done(result)


def theirs_of(register: str, record_id: int) -> tuple[dict[str, Any] | None, int | None, str, Any]:
    """The saved version of a record: its values, version, who saved it and when (None values: it was deleted)."""
    model = spec_of(register).model
    record = model.get_or_none(model.id == record_id)
    if record is None:
        return None, None, "", None
    values, version = records.load_values(register, record_id)
    return values, version, record.updated_by, record.updated_at


def ask(parent: QWidget | None, register: str, record_id: int, mine: dict[str, Any]) -> tuple[Resolution, int | None]:
    """Show the conflict; return the choice and the saved version it was made against."""
    theirs, version, who, when = theirs_of(register, record_id)
    dialog = ConflictDialog(register, mine, theirs, changed_by=who, changed_at=when, parent=parent)
    dialog.exec()
    return dialog.resolution, version


def handle_conflict(form: Any) -> bool:
    """Resolve a save conflict of a record form (a `RecordDialog`); return whether the form's values got saved.

    Reload shows theirs in the form; Overwrite saves again against their version (asking again if a third officer
    saved meanwhile); Copy saves the form as a new record; Cancel leaves the form as it is.
    """
    resolution, version = ask(form, form.register, form.record_id, form.values())
    if resolution is Resolution.RELOAD:
        form._load()
        return False
    if resolution is Resolution.OVERWRITE:
        form.version = version
        return form.save()
    if resolution is Resolution.COPY:
        form.record_id = None
        form.version = None
        return form.save()
    return False
