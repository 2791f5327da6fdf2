"""Pickers for a country and for a record of another register, and the one-value fields built on them."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QComboBox, QCompleter, QLineEdit, QPushButton, QWidget

from app.i18n import _, babel_locale
from app.services.registers.list_rows import ranked_candidates, record_label
from app.services.registers.specs import FieldSpec, spec_of
from app.text.countries import country_codes, country_name
from app.ui.fields.base import INVALID, FieldWidget, row_layout
from app.ui.shell.icons import icon


def _contains_completer(parent: QWidget, model: Any) -> QCompleter:
    completer = QCompleter(model, parent)
    completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    completer.setFilterMode(Qt.MatchFlag.MatchContains)
    return completer


class CountryCombo(QComboBox):
    """Countries by their names in the interface language, with type-ahead."""

    def __init__(self, parent: QWidget | None = None, *, allow_empty: bool = True) -> None:
        super().__init__(parent)
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        locale = babel_locale()
        names = sorted(((country_name(code, locale), code) for code in country_codes()), key=lambda p: p[0].casefold())
        if allow_empty:
            self.addItem("", None)
        for name, code in names:
            self.addItem(name, code)
        self.setCompleter(_contains_completer(self, self.model()))
        self.completer().setCompletionColumn(0)
        self.setCurrentIndex(0)
        self.setMinimumContentsLength(18)

    def code(self) -> Any:
        """The chosen country's code; None when empty; INVALID when the typed text names no country."""
        text = self.currentText().strip()
        if not text:
            return None
        index = self.findText(text, Qt.MatchFlag.MatchFixedString)
        if index < 0:
            code = text.upper()
            return code if code in country_codes() else INVALID
        return self.itemData(index)

    def set_code(self, code: str | None) -> None:
        """Show the country `code` (or nothing)."""
        index = self.findData(code) if code else -1
        if index >= 0:
            self.setCurrentIndex(index)
        else:
            self.setCurrentIndex(-1)
            self.setEditText("")


class CountryField(FieldWidget):
    """One country."""

    def __init__(self, spec: FieldSpec, parent: QWidget | None = None) -> None:
        super().__init__(spec, parent)
        self.combo = CountryCombo()
        self.combo.setObjectName(f"{spec.name}_combo")
        self.combo.currentTextChanged.connect(self.changed)
        layout = row_layout(self.combo, stretch_first=False)
        layout.addStretch(1)
        self.setLayout(layout)
        self.setFocusProxy(self.combo)

    def value(self) -> Any:
        return self.combo.code()

    def set_value(self, value: Any) -> None:
        self.combo.set_code(value)

    def problem(self) -> str | None:
        return _("Unknown country: choose one from the list.") if self.value() is INVALID else None


#: The data of the popup's last line, "Create “…”", offered when no record carries the typed name.
CREATE = -1


class RecordPicker(QWidget):
    """Finds a record of another register as you type (across scripts); Enter takes the highlighted one; a name not
    found is offered as "Create “…”" (and 'New…' creates one on the spot)."""

    picked = Signal()  # the choice may have changed (typing unchooses)
    chosen = Signal()  # a record was chosen: from the popup, by Enter or by creating it
    #: 'New…' was pressed (with the text typed so far): the form holding the picker opens a new record's form.
    new_requested = Signal(str)

    def __init__(self, register: str, parent: QWidget | None = None, *, allow_new: bool = True) -> None:
        super().__init__(parent)
        self.register = register
        self._id: int | None = None
        self._label = ""
        self._typed = ""
        self.allow_new = allow_new
        self.edit = QLineEdit()
        self.edit.setObjectName(f"picker_{register}")
        self.edit.setPlaceholderText(_("Type to search…"))
        self.edit.setClearButtonEnabled(True)
        self.candidates = QStandardItemModel(self)
        self.completer = QCompleter(self.candidates, self)
        self.completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self.completer.setMaxVisibleItems(12)
        self.edit.setCompleter(self.completer)
        self.completer.activated[QModelIndex].connect(self._activated)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(120)
        self._timer.timeout.connect(self._refresh)
        self.edit.textEdited.connect(self._edited)
        self.edit.returnPressed.connect(self._enter)
        self.new_button = QPushButton(_("New…"))
        self.new_button.setToolTip(_("Create a new record and choose it"))
        self.new_button.clicked.connect(self._create)
        self.new_button.setVisible(allow_new)
        self.setLayout(row_layout(self.edit, self.new_button))
        self.setFocusProxy(self.edit)

    def record_id(self) -> int | None:
        """The chosen record (None when nothing is chosen or the text was changed since)."""
        return self._id if self.edit.text() == self._label else None

    def has_unmatched_text(self) -> bool:
        """Whether text is typed that names no chosen record."""
        return bool(self.edit.text().strip()) and self.record_id() is None

    def set_record(self, record_id: int | None) -> None:
        """Show the record `record_id` (or nothing)."""
        self._id = record_id
        if record_id is None:
            self._label = ""
        else:
            model = spec_of(self.register).model
            record = model.get_or_none(model.id == record_id)
            self._label = record_label(self.register, record) if record is not None else ""
        self.edit.setText(self._label)
        self.edit.setCursorPosition(0)  # a long name shows its beginning

    def _edited(self, text: str) -> None:
        self._typed = text
        self._timer.start()
        self.picked.emit()

    def fill_candidates(self, text: str) -> None:
        """Offer the records matching `text` in the popup, and "Create “text”" when none is called just that."""
        self.candidates.clear()
        found, exact = ranked_candidates(self.register, text, limit=30)
        for at, (record_id, label) in enumerate(found):
            item = QStandardItem(label)
            item.setData(record_id, Qt.ItemDataRole.UserRole)
            if at >= exact:  # found by a similar spelling: after the exact matches, in italics
                font = item.font()
                font.setItalic(True)
                item.setFont(font)
                item.setToolTip(_("Found by a similar spelling"))
            self.candidates.appendRow(item)
        name = text.strip()
        if self.allow_new and name and all(label.casefold() != name.casefold() for _id, label in found):
            item = QStandardItem(_("Create “{name}”…").format(name=name))
            item.setData(CREATE, Qt.ItemDataRole.UserRole)
            item.setIcon(icon("add"))
            self.candidates.appendRow(item)

    def _refresh(self) -> None:
        self._timer.stop()
        self.fill_candidates(self._typed)
        if self.candidates.rowCount():
            self.completer.complete()

    def _activated(self, index: QModelIndex) -> None:
        record_id = index.data(Qt.ItemDataRole.UserRole)
        if record_id == CREATE:
            self.edit.setText(self._typed)
            QTimer.singleShot(0, self._create)  # after the popup has closed
        elif record_id is not None:  # after the line edit has taken the popup's text
            QTimer.singleShot(0, lambda: self.choose(record_id))

    def _enter(self) -> None:
        """Enter with no line highlighted: the one record the text names, if exactly one does."""
        if self.record_id() is not None:
            self.chosen.emit()
            return
        if self._timer.isActive() or not self.candidates.rowCount():
            self._refresh()
        ids = [self.candidates.item(row).data(Qt.ItemDataRole.UserRole) for row in range(self.candidates.rowCount())]
        real = [record_id for record_id in ids if record_id != CREATE]
        if len(real) == 1:
            self.completer.popup().hide()
            self.choose(real[0])

    def choose(self, record_id: int) -> None:
        """Choose the record `record_id` as if picked from the popup."""
        self.set_record(record_id)
        self.picked.emit()
        self.chosen.emit()

    def _create(self) -> None:
        """Ask for a new record, named as typed (the form holding the picker opens its form)."""
        self.new_requested.emit((self._typed or self.edit.text()).strip() if self.record_id() is None else "")


class LinkField(FieldWidget):
    """A link to one record of another register."""

    def __init__(self, spec: FieldSpec, parent: QWidget | None = None) -> None:
        super().__init__(spec, parent)
        assert spec.link is not None
        self.picker = RecordPicker(spec.link)
        self.picker.edit.setObjectName(f"{spec.name}_picker")
        self.picker.picked.connect(self.changed)
        self.setLayout(row_layout(self.picker))
        self.setFocusProxy(self.picker)

    def value(self) -> Any:
        if self.picker.has_unmatched_text():
            return INVALID
        return self.picker.record_id()

    def set_value(self, value: Any) -> None:
        self.picker.set_record(value)

    def problem(self) -> str | None:
        return _("Choose a record from the list (or create it with “New…”).") if self.value() is INVALID else None
