"""A record's form, built from its register's description: grouped sections, errors next to fields, Save/Cancel."""

from __future__ import annotations

import itertools
import logging
from functools import partial
from typing import Any

import peewee as pw
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.i18n import N_, _, current_language
from app.models import ConflictError
from app.services.registers import records
from app.services.registers.list_rows import record_label
from app.services.registers.specs import FieldSpec, spec_of
from app.ui.fields.kinds import INVALID, FieldWidget, field_widget, labels_itself, prefill_name
from app.ui.fields.pickers import RecordPicker
from app.ui.registers.form_errors import explain_database_error, explain_file_error
from app.ui.registers.form_layout import TabsMadeWhenShown, arrange_sections, size_to_content
from app.ui.registers.form_problems import ProblemsPanel
from app.ui.registers.form_suggestions import SUGGESTIONS, ReplaceSuggestion
from app.ui.registers.partner_links import PartnerLinksView
from app.ui.shell import settings as app_settings
from app.ui.shell.accessibility import name_field
from app.ui.shell.colours import text_style
from app.ui.shell.hub import hub

logger = logging.getLogger(__name__)

__all__ = ["RecordDialog", "explain_database_error", "explain_file_error"]

SECTIONS = (
    ("main", N_("Identity")),
    ("dates", N_("Dates and status")),
    ("links", N_("Parties and links")),
    ("notes", N_("Notes")),
)

NOTE_STYLE = "color: palette(mid);"


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
        self.notes: dict[str, QLabel] = {}
        self.touched: set[str] = set()
        self.left: set[str] = set()  # fields the officer changed and then left: their errors show
        self.suggested: set[str] = set()  # fields holding a suggestion the officer has not changed
        self.initial: dict[str, Any] | None = None
        self._loading = False
        self._focused_once = False
        suggestions = SUGGESTIONS.get(register)
        self.suggestions = suggestions(self) if suggestions else None
        self.setObjectName(f"form_{register}")
        self.setWindowModality(Qt.WindowModality.ApplicationModal)
        self.setSizeGripEnabled(True)
        self._build()
        self._load()
        self.columns = size_to_content(self, self.form_page, self.boxes, self.scroll)
        app_settings.restore_geometry(self, f"forms/{register}")
        QApplication.instance().focusChanged.connect(self._focus_moved)
        self._watching_focus = True

    # -- building ----------------------------------------------------------------------------------------------
    def _build(self) -> None:
        self.problems = ProblemsPanel()
        self.problems.go_to.connect(self.go_to_field)
        self.laid_out = [fs.name for section, _t in SECTIONS for fs in self.spec.fields if fs.section == section]
        self.tabs = QTabWidget()
        self.form_page = QWidget()
        self.page_layout = QGridLayout(self.form_page)
        self.boxes: list[QGroupBox] = []
        for section, title in SECTIONS:
            fields = [fs for fs in self.spec.fields if fs.section == section]
            if not fields:
                continue
            box = QGroupBox(_(title))
            box.setObjectName(f"section_{section}")
            layout = QFormLayout(box)
            layout.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
            layout.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)  # a label goes above its field when tight
            for fs in fields:
                self._add_row(layout, fs, alone=len(fields) == 1 and _(fs.label) == _(title))
            self.boxes.append(box)
        arrange_sections(self.page_layout, self.boxes, columns=1)
        self.scroll = QScrollArea()
        self.scroll.setWidgetResizable(True)
        self.scroll.setWidget(self.form_page)
        self.scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self.scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes from field to field, not to the page around them
        self.tabs.addTab(self.scroll, _("Record"))

        self.more_tabs = TabsMadeWhenShown(self.tabs)  # the form opens as soon as its fields are painted
        self.more_tabs.add("attachments", _("Attachments"), self._make_attachments)
        if self.register == "partners" and self.record_id is not None:
            self.tabs.addTab(self._linked(PartnerLinksView(self.record_id)), _("Everything linked"))
        if self.register in LETTERS_TAB and self.record_id is not None:
            self.more_tabs.add("letters", _("Letters"), self._make_letters)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setObjectName("save_button")
        if self.record_id is not None:
            history = self.buttons.addButton(_("History…"), QDialogButtonBox.ButtonRole.HelpRole)
            history.setObjectName("history_button")
            history.clicked.connect(self._show_history)
        for button in self.findChildren(QPushButton):  # Enter in a field never saves by accident: Ctrl+Enter does
            button.setAutoDefault(False)
            button.setDefault(False)
        QShortcut(QKeySequence.StandardKey.Save, self, activated=self.save)
        for keys in ("Ctrl+Return", "Ctrl+Enter"):
            QShortcut(QKeySequence(keys), self, activated=self.save)
        note = QLabel(_("Fields marked * are required. Ctrl+Enter saves."))
        note.setObjectName("required_note")
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.problems)
        layout.addWidget(note)
        layout.addWidget(self.buttons)
        self._chain_focus()

    @property
    def attachments(self) -> QWidget:
        """The record's files (an AttachmentsWidget: their tab's page)."""
        return self.more_tabs.page("attachments")

    @property
    def letters(self) -> QWidget:
        """The letters about the record (a LettersView: their tab's page)."""
        return self.more_tabs.page("letters")

    def _make_attachments(self) -> QWidget:
        from app.ui.registers.attachments import AttachmentsWidget

        attachments = AttachmentsWidget(self.register, self.record_id)
        attachments.changed.connect(self._update_title)
        return attachments

    def _make_letters(self) -> QWidget:
        from app.ui.registers.letters_view import LettersView

        return self._linked(LettersView(self.register, self.record_id))

    def _linked(self, view: QWidget) -> QWidget:
        view.open_requested.connect(self._open_linked)
        return view

    def _add_row(self, layout: QFormLayout, fs: FieldSpec, *, alone: bool) -> None:
        """A field's row: its label (marked * when required), the widget, its error line and its note."""
        widget = field_widget(fs, self.register)
        for picker in widget.findChildren(RecordPicker):
            picker.new_requested.connect(partial(self._new_linked_record, picker))
        widget.changed.connect(lambda name=fs.name: self._changed(name))
        self.widgets[fs.name] = widget
        holder = QWidget()
        holder_layout = QVBoxLayout(holder)
        holder_layout.setContentsMargins(0, 0, 0, 0)
        holder_layout.setSpacing(2)
        holder_layout.addWidget(widget)
        for kind, store, style in (("error", self.errors, text_style("error")), ("note", self.notes, NOTE_STYLE)):
            line = QLabel()
            line.setObjectName(f"{kind}_{fs.name}")
            line.setStyleSheet(style)
            line.setWordWrap(True)
            line.hide()
            store[fs.name] = line
            holder_layout.addWidget(line)
        if labels_itself(fs):
            layout.addRow("", holder)
        elif alone:  # 'Notes' in a box called 'Notes': said once
            widget.setAccessibleName(_(fs.label))
            layout.addRow(holder)
        else:
            label = QLabel(_(fs.label) + (" *" if fs.required else ""))
            label.setBuddy(widget)
            if fs.required:
                label.setToolTip(_("Required"))
            layout.addRow(label, holder)
        if not labels_itself(fs):
            name_field(_(fs.label), widget)

    def _chain_focus(self) -> None:
        """Tab visits the fields as they are laid out (section by section, every name language in turn), then the
        problems, the buttons and the tabs."""
        chain = [widget for name in self.laid_out for widget in self.widgets[name].focus_chain()]
        chain += list(self.problems.lines.values())
        chain += [button for button in self.buttons.buttons() if not button.isHidden()]
        chain.append(self.tabs.tabBar())
        for before, after in itertools.pairwise(chain):
            QWidget.setTabOrder(before, after)

    def setVisible(self, visible: bool) -> None:  # noqa: N802 - Qt's name
        super().setVisible(visible)  # QDialog gives its focus widget a Tab focus here, which selects all its text
        for button in self.buttons.buttons():  # nor does it get a default button: Enter is a field's, Ctrl+Enter saves
            if isinstance(button, QPushButton):
                button.setDefault(False)
        if visible and not self._focused_once:  # typing right after the form opens goes into its first field
            self._focused_once = True
            first = self.first_field()
            first.setFocus(Qt.FocusReason.OtherFocusReason)
            focused = first.focusProxy() or first
            if isinstance(focused, QLineEdit):
                focused.deselect()  # typing adds to what is there, never replaces it unseen
                focused.end(False)

    def first_field(self) -> QWidget:
        """Where typing starts: the first field as laid out that holds no suggestion."""
        first = next((name for name in self.laid_out if name not in self.suggested), self.laid_out[0])
        return self.widgets[first]

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        """Enter presses a focused button and is otherwise the field's own (a picker adds with it); it never saves:
        Ctrl+Enter does."""
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and not event.modifiers():
            focused = QApplication.focusWidget()
            if isinstance(focused, QPushButton) and self.isAncestorOf(focused):
                focused.animateClick()
            event.accept()
            return
        super().keyPressEvent(event)

    def _load(self) -> None:
        if self.record_id is None:
            values = records.empty_values(self.register)
        else:
            values, self.version = records.load_values(self.register, self.record_id)
        self._loading = True
        for name, widget in self.widgets.items():
            widget.set_value(values.get(name))
        if self.suggestions is not None:
            self.suggestions.opened()
        self._loading = False
        self.initial = self.values()
        self.touched.clear()
        self._validate()
        self._update_title()

    def suggest(self, name: str, value: Any) -> None:
        """Put a suggested value into a field (it counts as the officer's only once changed by hand)."""
        was_loading, self._loading = self._loading, True
        try:
            self.widgets[name].set_value(value)
        finally:
            self._loading = was_loading
        self.suggested.add(name)
        edit = getattr(self.widgets[name], "edit", None)
        if isinstance(edit, QLineEdit) and edit.property("replaces_suggestion") is None:
            edit.setProperty("replaces_suggestion", True)
            ReplaceSuggestion(edit, lambda: name in self.suggested)
        if not self._loading:
            self._validate()
            self._update_title()

    def set_note(self, name: str, text: str) -> None:
        """Show a note under a field (what a suggestion did and why), or hide it with ''."""
        self.notes[name].setText(text)
        self.notes[name].setVisible(bool(text))

    def go_to_field(self, name: str) -> None:
        """Show the field `name` and put the cursor in it."""
        self.tabs.setCurrentIndex(0)
        widget = self.widgets[name]
        self.scroll.ensureWidgetVisible(widget)
        widget.setFocus(Qt.FocusReason.OtherFocusReason)

    def _focus_moved(self, old: QWidget | None, new: QWidget | None) -> None:
        """A field the officer changed shows its error once they leave it, not while they type."""
        if old is None:
            return
        for name, widget in self.widgets.items():
            if name in self.touched and name not in self.left and widget.isAncestorOf(old):
                if new is None or not widget.isAncestorOf(new):
                    self.left.add(name)
                    self._validate()
                return

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
        prefill_name(self.widgets[self.spec.title_field], text, _current())

    # -- state -------------------------------------------------------------------------------------------------
    def values(self) -> dict[str, Any]:
        """What the form holds now (INVALID where input cannot be read)."""
        return {name: widget.value() for name, widget in self.widgets.items()}

    def is_dirty(self) -> bool:
        """Whether anything differs from what was loaded (or files wait to be attached)."""
        if self.initial is None:
            return False
        waiting = "attachments" in self.more_tabs.made and self.attachments.has_pending()
        return self.values() != self.initial or waiting

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
        self.suggested.discard(name)
        if self.suggestions is not None:
            self.suggestions.changed(name)
        self._validate()
        self._update_title()

    def _validate(self, *, show_all: bool = False) -> dict[str, str]:
        errors = self.current_errors()
        if show_all:
            self.left |= set(errors)
        for name, label in self.errors.items():
            message = errors.get(name)
            label.setText(message or "")
            label.setVisible(bool(message) and name in self.left)
        self.save_button.setEnabled(not errors)
        if self.problems.show_problems([(n, _(self.spec.field(n).label), errors[n]) for n in self._laid_out(errors)]):
            self._chain_focus()
        blocked = _("See what keeps it from being saved, below.")
        self.save_button.setToolTip(blocked if errors else _("Save (Ctrl+S, Ctrl+Enter)"))
        return errors

    def _laid_out(self, names: list[str]) -> list[str]:
        return [name for name in self.laid_out if name in names]

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
            self.go_to_field(self._laid_out(list(errors))[0])
            return False
        try:
            saved = records.save_values(self.register, self.values(), record_id=self.record_id, version=self.version)
        except ConflictError:
            return self._conflict()
        except records.InvalidValues as invalid:
            for name, message in invalid.errors.items():
                self.errors[name].setText(message)
                self.errors[name].show()
            self.problems.show_problems([(n, _(self.spec.field(n).label), m) for n, m in invalid.errors.items()])
            return False
        except (pw.DatabaseError, OSError) as error:
            logger.warning("saving %s failed: %s", self.register, error)
            QMessageBox.warning(self, _("Not saved"), explain_database_error(error))
            return False
        if "attachments" in self.more_tabs.made:  # (files wait only in a tab that was shown)
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
        if self._watching_focus:
            self._watching_focus = False
            QApplication.instance().focusChanged.disconnect(self._focus_moved)
        super().done(result)


def _current() -> str:
    return current_language()
