"""A record's form, built from its register's description: grouped sections, errors next to fields, Save/Cancel."""

from __future__ import annotations

import logging
from functools import partial
from typing import Any

import peewee as pw
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QMessageBox,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.i18n import N_, _, current_language
from app.models import ConflictError
from app.services.registers import records
from app.services.registers.list_rows import record_label
from app.services.registers.specs import spec_of
from app.ui.fields.kinds import INVALID, FieldWidget, field_widget
from app.ui.fields.pickers import RecordPicker
from app.ui.registers.partner_links import PartnerLinksView
from app.ui.shell import settings as app_settings
from app.ui.shell.accessibility import name_field
from app.ui.shell.colours import text_style
from app.ui.shell.hub import hub

logger = logging.getLogger(__name__)

SECTIONS = (
    ("main", N_("Identity")),
    ("dates", N_("Dates and status")),
    ("links", N_("Parties and links")),
    ("notes", N_("Notes")),
)


def explain_database_error(error: Exception) -> str:
    """What a failed write means for the officer: locked, full disk, read-only, or a rule of the registry."""
    from app.services.storage.permissions import root_database_error

    error = root_database_error(error)  # a failed rollback can hide the real cause (a full disk)
    text = str(error).lower()
    if "locked" in text or "busy" in text:
        return _("The database is busy (another program is writing to it). Nothing was lost: try again in a moment.")
    if "disk" in text and ("full" in text or "space" in text) or "no space" in text:
        return _("The disk is full. Nothing was saved and nothing was lost: free some space and save again.")
    if "readonly" in text or "read-only" in text or "permission denied" in text:
        return _("The database cannot be written to (it is read-only for you). Nothing was saved.")
    if isinstance(error, pw.IntegrityError):
        return _("The registry refused the change because it breaks one of its rules: {reason}").format(reason=error)
    return _("The record could not be saved: {reason}").format(reason=error)


def explain_file_error(error: BaseException) -> str:
    """What a failed file write means for the officer (no space, no permission, file open elsewhere …)."""
    import errno

    if isinstance(error, OSError):
        if error.errno == errno.ENOSPC:
            return _("The disk is full. The file was not written; free some space and try again.")
        if error.errno in (errno.EACCES, errno.EPERM):
            return _("The file cannot be written there (no permission, or it is open in another program).")
        return _("The file could not be written: {reason}").format(reason=error.strerror or error)
    return _("The file could not be written: {reason}").format(reason=error)


#: The registers whose forms list the letters about the record (and write them).
LETTERS_TAB = ("agreements", "visits", "trips", "events", "projects")


class RecordDialog(QDialog):
    """Create or edit one record of a register."""

    def __init__(self, register: str, record_id: int | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.register = register
        self.spec = spec_of(register)
        self.record_id = record_id
        self.saved_id: int | None = None
        self.version: int | None = None
        self.widgets: dict[str, FieldWidget] = {}
        self.errors: dict[str, QLabel] = {}
        self.touched: set[str] = set()
        self.initial: dict[str, Any] | None = None
        self._loading = False
        self.setObjectName(f"form_{register}")
        self.setWindowModality(Qt.WindowModality.ApplicationModal)
        self._build()
        self._load()
        app_settings.restore_geometry(self, f"forms/{register}")

    # -- building ----------------------------------------------------------------------------------------------
    def _build(self) -> None:
        self.tabs = QTabWidget()
        form_page = QWidget()
        column = QVBoxLayout(form_page)
        for section, title in SECTIONS:
            fields = [fs for fs in self.spec.fields if fs.section == section]
            if not fields:
                continue
            box = QGroupBox(_(title))
            box.setObjectName(f"section_{section}")
            layout = QFormLayout(box)
            layout.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
            layout.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
            for fs in fields:
                widget = field_widget(fs, self.register)
                for picker in widget.findChildren(RecordPicker):
                    picker.new_requested.connect(partial(self._new_linked_record, picker))
                widget.changed.connect(lambda name=fs.name: self._changed(name))
                self.widgets[fs.name] = widget
                error = QLabel()
                error.setObjectName(f"error_{fs.name}")
                error.setStyleSheet(text_style("error"))
                error.setWordWrap(True)
                error.hide()
                self.errors[fs.name] = error
                holder = QWidget()
                holder_layout = QVBoxLayout(holder)
                holder_layout.setContentsMargins(0, 0, 0, 0)
                holder_layout.setSpacing(2)
                holder_layout.addWidget(widget)
                holder_layout.addWidget(error)
                if fs.kind == "bool":
                    layout.addRow("", holder)
                elif len(fields) == 1 and _(fs.label) == _(title):  # 'Notes' in a box called 'Notes': said once
                    widget.setAccessibleName(_(fs.label))
                    layout.addRow(holder)
                else:
                    label = QLabel(_(fs.label) + (" *" if fs.required else ""))
                    label.setBuddy(widget)
                    if fs.required:
                        label.setToolTip(_("Required"))
                    layout.addRow(label, holder)
                if fs.kind != "bool":
                    name_field(_(fs.label), widget)
            column.addWidget(box)
        column.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(form_page)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes from field to field, not to the page around them
        self.tabs.addTab(scroll, _("Record"))

        from app.ui.registers.attachments import AttachmentsWidget

        self.attachments = AttachmentsWidget(self.register, self.record_id)
        self.attachments.changed.connect(self._update_title)
        self.tabs.addTab(self.attachments, _("Attachments"))
        if self.register == "partners" and self.record_id is not None:
            links = PartnerLinksView(self.record_id)
            links.open_requested.connect(self._open_linked)
            self.tabs.addTab(links, _("Everything linked"))
        if self.register in LETTERS_TAB and self.record_id is not None:
            from app.ui.registers.letters_view import LettersView

            self.letters = LettersView(self.register, self.record_id)
            self.letters.open_requested.connect(self._open_linked)
            self.tabs.addTab(self.letters, _("Letters"))

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setObjectName("save_button")
        if self.record_id is not None:
            history = self.buttons.addButton(_("History…"), QDialogButtonBox.ButtonRole.HelpRole)
            history.setObjectName("history_button")
            history.clicked.connect(self._show_history)
        QShortcut(QKeySequence.StandardKey.Save, self, activated=self.save)
        note = QLabel(_("Fields marked * are required."))
        note.setObjectName("required_note")
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        bottom = QVBoxLayout()
        bottom.addWidget(note)
        layout.addLayout(bottom)
        layout.addWidget(self.buttons)
        self.resize(760, 680)

    def _load(self) -> None:
        if self.record_id is None:
            values = records.empty_values(self.register)
        else:
            values, self.version = records.load_values(self.register, self.record_id)
        self._loading = True
        for name, widget in self.widgets.items():
            widget.set_value(values.get(name))
        self._loading = False
        self.initial = self.values()
        self.touched.clear()
        self._validate()
        self._update_title()

    def _new_linked_record(self, picker: RecordPicker, title: str) -> None:
        """A new record of the register a link points to, chosen in the link once saved."""
        dialog = RecordDialog(picker.register, parent=self)
        if title:
            dialog.prefill_title(title)
        if dialog.exec() and dialog.saved_id is not None:
            picker.choose(dialog.saved_id)

    def _open_linked(self, register: str, record_id: int) -> None:
        RecordDialog(register, record_id, parent=self).exec()

    def prefill_title(self, text: str) -> None:
        """Start a new record with `text` as its name (typed in a picker before choosing 'New…')."""
        widget = self.widgets[self.spec.title_field]
        if widget.spec.kind == "names":
            value = widget.value()
            value[{"ru": "ru", "en": "en"}.get(_current(), "uz")] = text
            widget.set_value(value)
        elif widget.spec.kind in ("text", "multiline"):
            widget.set_value(text)

    # -- state -------------------------------------------------------------------------------------------------
    def values(self) -> dict[str, Any]:
        """What the form holds now (INVALID where input cannot be read)."""
        return {name: widget.value() for name, widget in self.widgets.items()}

    def is_dirty(self) -> bool:
        """Whether anything differs from what was loaded (or files wait to be attached)."""
        if self.initial is None:
            return False
        return self.values() != self.initial or self.attachments.has_pending()

    def current_errors(self) -> dict[str, str]:
        """Every problem of the form, by field."""
        values = self.values()
        errors = {name: w.problem() for name, w in self.widgets.items() if w.problem()}
        readable = {name: value for name, value in values.items() if value is not INVALID}
        for name, message in records.validate(self.register, readable, record_id=self.record_id).items():
            errors.setdefault(name, message)
        return errors

    def _changed(self, name: str) -> None:
        if self._loading:
            return
        self.touched.add(name)
        self._validate()
        self._update_title()

    def _validate(self, *, show_all: bool = False) -> dict[str, str]:
        errors = self.current_errors()
        for name, label in self.errors.items():
            message = errors.get(name)
            visible = bool(message) and (show_all or name in self.touched or self.widgets[name].problem() is not None)
            label.setText(message or "")
            label.setVisible(visible)
        self.save_button.setEnabled(not errors)
        if errors:
            listed = "\n".join(f"• {_(self.spec.field(n).label)}: {m}" for n, m in errors.items())
            self.save_button.setToolTip(_("Cannot be saved yet:") + "\n" + listed)
        else:
            self.save_button.setToolTip(_("Save (Ctrl+S)"))
        return errors

    def _update_title(self) -> None:
        if self.record_id is None:
            title = _("New record: {register}").format(register=_(self.spec.singular))
        else:
            record = self.spec.model.get_or_none(self.spec.model.id == self.record_id)
            name = record_label(self.register, record) if record is not None else ""
            title = f"{_(self.spec.singular)}: {name}"
        self.setWindowTitle(("• " if self.is_dirty() else "") + title)

    # -- saving and closing ------------------------------------------------------------------------------------
    def save(self) -> bool:
        """Save the record if the form is valid; return whether it was saved."""
        errors = self._validate(show_all=True)
        if errors:
            first = next(iter(errors))
            self.tabs.setCurrentIndex(0)
            self.widgets[first].setFocus()
            return False
        try:
            saved = records.save_values(self.register, self.values(), record_id=self.record_id, version=self.version)
        except ConflictError:
            return self._conflict()
        except records.InvalidValues as invalid:
            for name, message in invalid.errors.items():
                self.errors[name].setText(message)
                self.errors[name].show()
            return False
        except (pw.DatabaseError, OSError) as error:
            logger.warning("saving %s failed: %s", self.register, error)
            QMessageBox.warning(self, _("Not saved"), explain_database_error(error))
            return False
        self.attachments.attach_pending(saved)
        self.saved_id = saved
        self.record_id = saved
        hub.record_saved.emit(self.register, saved)
        self.initial = self.values()
        self.done(QDialog.DialogCode.Accepted)
        return True

    def _show_history(self) -> None:
        from app.ui.registers.history import HistoryDialog

        HistoryDialog(self.register, self.record_id, parent=self).exec()

    def _conflict(self) -> bool:
        from app.ui.registers.conflict import handle_conflict

        return handle_conflict(self)

    def reject(self) -> None:
        if self.is_dirty():
            answer = QMessageBox.question(
                self,
                _("Unsaved changes"),
                _("This record has changes that are not saved. Save them?"),
                QMessageBox.StandardButton.Save
                | QMessageBox.StandardButton.Discard
                | QMessageBox.StandardButton.Cancel,
                QMessageBox.StandardButton.Save,
            )
            if answer == QMessageBox.StandardButton.Cancel:
                return
            if answer == QMessageBox.StandardButton.Save:
                self.save()
                return
        super().reject()

    def done(self, result: int) -> None:
        app_settings.save_geometry(self, f"forms/{self.register}")
        super().done(result)


def _current() -> str:
    return current_language()
