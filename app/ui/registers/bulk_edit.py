"""Changing one field of the selected records at once: choose the field and its value, then read what changed."""

from __future__ import annotations

import html

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from app.i18n import _, ngettext
from app.services.registers.bulk_edit import bulk_fields, read_versions, set_field
from app.services.registers.list_rows import labels_of
from app.ui.fields.base import INVALID
from app.ui.fields.kinds import field_widget
from app.ui.shell import settings as app_settings
from app.ui.shell.accessibility import name_field
from app.ui.shell.hub import hub


class BulkEditDialog(QDialog):
    """Set one field (status, responsible officer, department, kind, a date…) for every selected record."""

    def __init__(self, register: str, ids: list[int], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("bulk_edit")
        self.register = register
        self.ids = ids
        self.versions = read_versions(register, ids)  # what the officer sees now; changed meanwhile → not changed
        self.fields = bulk_fields(register)
        self.result = None
        self.setWindowTitle(_("Change a field of the selected"))
        layout = QVBoxLayout(self)
        names = list(labels_of(register, ids[:5]).values())
        intro = ngettext("{count} record selected: {names}", "{count} records selected: {names}", len(ids)).format(
            count=len(ids), names="; ".join(names) + ("; …" if len(ids) > 5 else ""))  # fmt: skip
        label = QLabel(html.escape(intro))
        label.setWordWrap(True)
        layout.addWidget(label)
        self.form = QFormLayout()
        self.field_combo = QComboBox()
        self.field_combo.setObjectName("bulk_field")
        for fs in self.fields:
            self.field_combo.addItem(_(fs.label), fs.name)
        field_label = QLabel(_("&Field"))
        field_label.setBuddy(self.field_combo)
        self.form.addRow(field_label, self.field_combo)
        self.value_label = QLabel(_("&New value"))
        self.value_widget: QWidget | None = None
        layout.addLayout(self.form)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(_("Change"))
        self.buttons.accepted.connect(self.apply)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.field_combo.currentIndexChanged.connect(self._field_changed)
        self._field_changed()
        app_settings.restore_geometry(self, "bulk_edit")

    def _field_changed(self) -> None:
        if self.value_widget is not None:
            self.form.removeRow(1)
        fs = self.fields[self.field_combo.currentIndex()]
        self.value_label = QLabel(_("&New value"))
        self.value_widget = field_widget(fs, self.register)
        self.value_widget.setObjectName("bulk_value")
        self.value_widget.setAccessibleName(_("New value"))
        name_field(_("New value"), self.value_widget)
        self.value_label.setBuddy(self.value_widget)
        self.form.addRow(self.value_label, self.value_widget)

    def choose(self, field_name: str, value: object) -> None:
        """Pick a field and put a value in it (as typing and choosing would)."""
        self.field_combo.setCurrentIndex(self.field_combo.findData(field_name))
        self.value_widget.set_value(value)

    def apply(self) -> None:
        """Change the field of every selected record in one transaction; say what could not be changed."""
        fs = self.fields[self.field_combo.currentIndex()]
        value = self.value_widget.value()
        if value is INVALID:
            QMessageBox.warning(self, self.windowTitle(), _("The new value cannot be read: check how it is typed."))
            return
        self.result = set_field(self.register, self.versions, fs.name, value)
        for record_id in self.result.changed:
            hub.record_saved.emit(self.register, record_id)
        app_settings.save_geometry(self, "bulk_edit")
        if self.result.failed:
            lines = "".join(f"<li>{html.escape(label)}: {html.escape(reason)}</li>"
                            for _id, label, reason in self.result.failed[:20])  # fmt: skip
            more = len(self.result.failed) - 20
            summary = ngettext("{count} record changed.", "{count} records changed.", len(self.result.changed)).format(
                count=len(self.result.changed))  # fmt: skip
            failed = ngettext("{count} record could not be changed:", "{count} records could not be changed:",
                              len(self.result.failed)).format(count=len(self.result.failed))  # fmt: skip
            more_text = _("…and {count} more.").format(count=more)
            tail = f"<p>{html.escape(more_text)}</p>" if more > 0 else ""
            box = QMessageBox(QMessageBox.Icon.Warning, self.windowTitle(), "", QMessageBox.StandardButton.Ok, self)
            box.setObjectName("bulk_summary")
            box.setText(f"<p>{html.escape(summary)}</p><p>{html.escape(failed)}</p><ul>{lines}</ul>{tail}")
            box.exec()
        self.accept()
