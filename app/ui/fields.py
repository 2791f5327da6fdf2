"""A widget for every kind of field a register's form has; each gives and takes the values services expect."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation
from typing import Any

from PySide6.QtCore import QDate, Qt, QTimer, Signal
from PySide6.QtGui import QStandardItem, QStandardItemModel
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCalendarWidget,
    QCheckBox,
    QComboBox,
    QCompleter,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
    QWidgetAction,
)

from app.i18n import _, babel_locale, current_language
from app.models.choices import Choices
from app.services.countries import country_codes, country_name
from app.services.listing import pick_candidates, record_label
from app.services.registers import FieldSpec, spec_of

#: A value a widget could not read (a date that does not exist, letters in a number); its problem says why.
INVALID = object()

CURRENCIES = ("USD", "EUR", "UZS", "RUB", "GBP", "JPY", "KRW", "CNY", "KZT", "TRY", "CHF")


class FieldWidget(QWidget):
    """A form field: `value()`/`set_value()`, `problem()` for input it cannot read, and `changed`."""

    changed = Signal()

    def __init__(self, spec: FieldSpec, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.spec = spec
        self.setObjectName(f"field_{spec.name}")

    def value(self) -> Any:
        raise NotImplementedError

    def set_value(self, value: Any) -> None:
        raise NotImplementedError

    def problem(self) -> str | None:
        """Why the typed input cannot be read, or None."""
        return None

    def focus_widget(self) -> QWidget:
        """The widget that takes the focus for this field."""
        return self


def _row(*widgets: QWidget, stretch_first: bool = True) -> QHBoxLayout:
    layout = QHBoxLayout()
    layout.setContentsMargins(0, 0, 0, 0)
    for i, widget in enumerate(widgets):
        layout.addWidget(widget, 1 if (i == 0 and stretch_first) else 0)
    return layout


class TextField(FieldWidget):
    """One line of text (also e-mail and web addresses)."""

    def __init__(self, spec: FieldSpec, parent: QWidget | None = None) -> None:
        super().__init__(spec, parent)
        self.edit = QLineEdit()
        if spec.max_length:
            self.edit.setMaxLength(spec.max_length)
        if spec.kind == "email":
            self.edit.setPlaceholderText("name@example.org")
        elif spec.kind == "url":
            self.edit.setPlaceholderText("https://example.org")
        self.edit.textChanged.connect(self.changed)
        self.setLayout(_row(self.edit))
        self.setFocusProxy(self.edit)

    def value(self) -> str:
        return self.edit.text()

    def set_value(self, value: Any) -> None:
        self.edit.setText(value or "")
        self.edit.setCursorPosition(0)


class MultilineField(FieldWidget):
    """Several lines of text."""

    def __init__(self, spec: FieldSpec, parent: QWidget | None = None) -> None:
        super().__init__(spec, parent)
        self.edit = QPlainTextEdit()
        self.edit.setTabChangesFocus(True)
        self.edit.setMinimumHeight(56)
        self.edit.setMaximumHeight(110)
        self.edit.textChanged.connect(self.changed)
        self.setLayout(_row(self.edit))
        self.setFocusProxy(self.edit)

    def value(self) -> str:
        return self.edit.toPlainText()

    def set_value(self, value: Any) -> None:
        self.edit.setPlainText(value or "")


class NamesField(FieldWidget):
    """A name in Uzbek, Russian, English and the original language, side by side."""

    LANGS = (("uz", "Oʻzbekcha"), ("ru", "Русский"), ("en", "English"), ("orig", None))

    def __init__(self, spec: FieldSpec, parent: QWidget | None = None, *, has_original: bool = True) -> None:
        super().__init__(spec, parent)
        grid = QGridLayout()
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(6)
        self.edits: dict[str, QLineEdit] = {}
        for i, (lang, caption) in enumerate(self.LANGS):
            if lang == "orig" and not has_original:
                continue
            label = QLabel(caption or _("Original"))
            label.setObjectName(f"names_caption_{lang}")
            edit = QLineEdit()
            edit.setObjectName(f"{spec.name}_{lang}")
            edit.textChanged.connect(self.changed)
            label.setBuddy(edit)
            grid.addWidget(label, i, 0)
            grid.addWidget(edit, i, 1)
            self.edits[lang] = edit
        self.setLayout(grid)
        first = self.edits[_first_language()]
        self.setFocusProxy(first)

    def value(self) -> dict[str, str]:
        return {lang: edit.text() for lang, edit in self.edits.items()}

    def set_value(self, value: Any) -> None:
        for lang, edit in self.edits.items():
            edit.setText((value or {}).get(lang, ""))
            edit.setCursorPosition(0)


def _first_language() -> str:
    return {"ru": "ru", "en": "en"}.get(current_language(), "uz")


DATE_PATTERNS = (
    re.compile(r"^(?P<d>\d{1,2})[./-](?P<m>\d{1,2})[./-](?P<y>\d{4})$"),
    re.compile(r"^(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})$"),
)


def parse_date(text: str) -> dt.date | None | object:
    """A typed date (dd.mm.yyyy, dd/mm/yyyy or yyyy-mm-dd) → date; '' → None; anything else → INVALID."""
    text = text.strip()
    if not text:
        return None
    for pattern in DATE_PATTERNS:
        match = pattern.match(text)
        if match:
            try:
                return dt.date(int(match["y"]), int(match["m"]), int(match["d"]))
            except ValueError:
                return INVALID
    return INVALID


class DateField(FieldWidget):
    """A date that may be empty: typed as dd.mm.yyyy (or chosen in a calendar)."""

    def __init__(self, spec: FieldSpec, parent: QWidget | None = None) -> None:
        super().__init__(spec, parent)
        self.edit = QLineEdit()
        self.edit.setPlaceholderText(_("dd.mm.yyyy"))
        self.edit.setMaximumWidth(130)
        self.edit.textChanged.connect(self.changed)
        self.button = QToolButton()
        self.button.setText("…")
        self.button.setToolTip(_("Choose in a calendar"))
        self.button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self.button)
        self.calendar = QCalendarWidget()
        self.calendar.setGridVisible(True)
        action = QWidgetAction(menu)
        action.setDefaultWidget(self.calendar)
        menu.addAction(action)
        menu.aboutToShow.connect(self._prepare_calendar)
        self.calendar.clicked.connect(lambda date: (self.set_value(date.toPython()), menu.close()))
        self.button.setMenu(menu)
        layout = _row(self.edit, self.button, stretch_first=False)
        layout.addStretch(1)
        self.setLayout(layout)
        self.setFocusProxy(self.edit)

    def _prepare_calendar(self) -> None:
        value = self.value()
        self.calendar.setSelectedDate(QDate(value) if isinstance(value, dt.date) else QDate.currentDate())

    def value(self) -> Any:
        return parse_date(self.edit.text())

    def set_value(self, value: Any) -> None:
        self.edit.setText(value.strftime("%d.%m.%Y") if isinstance(value, dt.date) else "")

    def problem(self) -> str | None:
        if self.value() is INVALID:
            return _("Not a date that exists. Type it as dd.mm.yyyy, for example 25.11.2026.")
        return None


class IntField(FieldWidget):
    """A whole number that may be empty."""

    def __init__(self, spec: FieldSpec, parent: QWidget | None = None) -> None:
        super().__init__(spec, parent)
        self.edit = QLineEdit()
        self.edit.setMaximumWidth(110)
        self.edit.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.edit.textChanged.connect(self.changed)
        layout = _row(self.edit, stretch_first=False)
        layout.addStretch(1)
        self.setLayout(layout)
        self.setFocusProxy(self.edit)

    def value(self) -> Any:
        text = self.edit.text().strip().replace(" ", "").replace("\u00a0", "")
        if not text:
            return None
        try:
            return int(text)
        except ValueError:
            return INVALID

    def set_value(self, value: Any) -> None:
        self.edit.setText("" if value is None else str(value))

    def problem(self) -> str | None:
        return _("Enter a whole number.") if self.value() is INVALID else None


class MoneyField(FieldWidget):
    """An amount with its currency."""

    def __init__(self, spec: FieldSpec, parent: QWidget | None = None) -> None:
        super().__init__(spec, parent)
        self.amount = QLineEdit()
        self.amount.setObjectName(f"{spec.name}_amount")
        self.amount.setMaximumWidth(160)
        self.amount.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.amount.textChanged.connect(self.changed)
        self.currency = QComboBox()
        self.currency.setObjectName(f"{spec.name}_currency")
        self.currency.setEditable(True)
        self.currency.addItems(CURRENCIES)
        self.currency.currentTextChanged.connect(self.changed)
        layout = _row(self.amount, self.currency, stretch_first=False)
        layout.addStretch(1)
        self.setLayout(layout)
        self.setFocusProxy(self.amount)

    def value(self) -> Any:
        text = self.amount.text().strip().replace(" ", "").replace("\u00a0", "").replace(",", ".")
        currency = self.currency.currentText().strip().upper()
        if not text:
            return (None, currency)
        try:
            return (Decimal(text), currency)
        except InvalidOperation:
            return INVALID

    def set_value(self, value: Any) -> None:
        amount, currency = value if value else (None, "USD")
        self.amount.setText("" if amount is None else f"{Decimal(amount):.2f}")
        self.currency.setCurrentText(currency or "USD")

    def problem(self) -> str | None:
        return _("Enter an amount, such as 1500.00.") if self.value() is INVALID else None


class BoolField(FieldWidget):
    """Yes or no."""

    def __init__(self, spec: FieldSpec, parent: QWidget | None = None) -> None:
        super().__init__(spec, parent)
        self.box = QCheckBox(_(spec.label))
        self.box.toggled.connect(self.changed)
        self.setLayout(_row(self.box))
        self.setFocusProxy(self.box)

    def value(self) -> bool:
        return self.box.isChecked()

    def set_value(self, value: Any) -> None:
        self.box.setChecked(bool(value))


class ChoiceField(FieldWidget):
    """One of a closed list of values, shown by their translated labels."""

    def __init__(self, spec: FieldSpec, parent: QWidget | None = None, *, choices: Choices | None = None) -> None:
        super().__init__(spec, parent)
        self.combo = QComboBox()
        self.combo.setObjectName(f"{spec.name}_combo")
        if not spec.required:
            self.combo.addItem("", None)
        for code, label in choices or spec.choices or ():
            self.combo.addItem(_(label), code)
        self.combo.currentIndexChanged.connect(self.changed)
        layout = _row(self.combo, stretch_first=False)
        layout.addStretch(1)
        self.setLayout(layout)
        self.setFocusProxy(self.combo)

    def value(self) -> Any:
        return self.combo.currentData()

    def set_value(self, value: Any) -> None:
        index = self.combo.findData(value)
        self.combo.setCurrentIndex(max(index, 0))


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
        layout = _row(self.combo, stretch_first=False)
        layout.addStretch(1)
        self.setLayout(layout)
        self.setFocusProxy(self.combo)

    def value(self) -> Any:
        return self.combo.code()

    def set_value(self, value: Any) -> None:
        self.combo.set_code(value)

    def problem(self) -> str | None:
        return _("Unknown country: choose one from the list.") if self.value() is INVALID else None


class RecordPicker(QWidget):
    """Finds a record of another register as you type (across scripts); 'New…' creates one on the spot."""

    picked = Signal()

    def __init__(self, register: str, parent: QWidget | None = None, *, allow_new: bool = True) -> None:
        super().__init__(parent)
        self.register = register
        self._id: int | None = None
        self._label = ""
        self.edit = QLineEdit()
        self.edit.setObjectName(f"picker_{register}")
        self.edit.setPlaceholderText(_("Type to search…"))
        self.edit.setClearButtonEnabled(True)
        self.candidates = QStandardItemModel(self)
        self.completer = QCompleter(self.candidates, self)
        self.completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
        self.completer.setMaxVisibleItems(12)
        self.edit.setCompleter(self.completer)
        self.completer.activated.connect(self._activated_text)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(120)
        self._timer.timeout.connect(self._refresh)
        self.edit.textEdited.connect(self._edited)
        self.new_button = QPushButton(_("New…"))
        self.new_button.setToolTip(_("Create a new record and choose it"))
        self.new_button.clicked.connect(self._create)
        self.new_button.setVisible(allow_new)
        self.setLayout(_row(self.edit, self.new_button))
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

    def _edited(self, _text: str) -> None:
        self._timer.start()
        self.picked.emit()

    def fill_candidates(self, text: str) -> None:
        """Offer the records matching `text` in the popup."""
        self.candidates.clear()
        for record_id, label in pick_candidates(self.register, text, limit=30):
            item = QStandardItem(label)
            item.setData(record_id, Qt.ItemDataRole.UserRole)
            self.candidates.appendRow(item)

    def _refresh(self) -> None:
        self.fill_candidates(self.edit.text())
        if self.candidates.rowCount():
            self.completer.complete()

    def _activated_text(self, text: str) -> None:
        for row in range(self.candidates.rowCount()):
            item = self.candidates.item(row)
            if item.text() == text:
                self.choose(item.data(Qt.ItemDataRole.UserRole))
                return

    def choose(self, record_id: int) -> None:
        """Choose the record `record_id` as if picked from the popup."""
        self.set_record(record_id)
        self.picked.emit()

    def _create(self) -> None:
        from app.ui.record_form import RecordDialog

        dialog = RecordDialog(self.register, parent=self.window())
        initial = self.edit.text().strip()
        if initial:
            dialog.prefill_title(initial)
        if dialog.exec() and dialog.saved_id is not None:
            self.choose(dialog.saved_id)


class LinkField(FieldWidget):
    """A link to one record of another register."""

    def __init__(self, spec: FieldSpec, parent: QWidget | None = None) -> None:
        super().__init__(spec, parent)
        assert spec.link is not None
        self.picker = RecordPicker(spec.link)
        self.picker.edit.setObjectName(f"{spec.name}_picker")
        self.picker.picked.connect(self.changed)
        self.setLayout(_row(self.picker))
        self.setFocusProxy(self.picker)

    def value(self) -> Any:
        if self.picker.has_unmatched_text():
            return INVALID
        return self.picker.record_id()

    def set_value(self, value: Any) -> None:
        self.picker.set_record(value)

    def problem(self) -> str | None:
        return _("Choose a record from the list (or create it with “New…”).") if self.value() is INVALID else None


class _ListOfItems(FieldWidget):
    """A list of values with an adding row and a Remove button (base of links and countries)."""

    def __init__(self, spec: FieldSpec, parent: QWidget | None = None) -> None:
        super().__init__(spec, parent)
        self.list = QListWidget()
        self.list.setObjectName(f"{spec.name}_list")
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.list.setMaximumHeight(100)
        self.add_button = QPushButton(_("Add"))
        self.add_button.setObjectName(f"{spec.name}_add")
        self.add_button.clicked.connect(self.add_current)
        self.remove_button = QPushButton(_("Remove"))
        self.remove_button.setObjectName(f"{spec.name}_remove")
        self.remove_button.clicked.connect(self.remove_selected)
        self.adder = QHBoxLayout()
        self.adder.setContentsMargins(0, 0, 0, 0)
        layout = QVBoxLayout()
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self.adder)
        row = QHBoxLayout()
        row.addWidget(self.list, 1)
        buttons = QVBoxLayout()
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        row.addLayout(buttons)
        layout.addLayout(row)
        self.setLayout(layout)

    def _items(self) -> list[Any]:
        return [self.list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.list.count())]

    def value(self) -> list[Any]:
        return self._items()

    def _append(self, value: Any, text: str) -> None:
        if value in self._items():
            return
        item = QListWidgetItem(text)
        item.setData(Qt.ItemDataRole.UserRole, value)
        self.list.addItem(item)
        self.changed.emit()

    def remove_selected(self) -> None:
        """Remove the selected values."""
        for item in self.list.selectedItems():
            self.list.takeItem(self.list.row(item))
        self.changed.emit()

    def add_current(self) -> None:
        raise NotImplementedError


class LinksField(_ListOfItems):
    """Several records of another register (agreement parties, travellers), with a role where the register has one."""

    def __init__(self, spec: FieldSpec, parent: QWidget | None = None) -> None:
        super().__init__(spec, parent)
        assert spec.link is not None
        self.picker = RecordPicker(spec.link)
        self.picker.edit.setObjectName(f"{spec.name}_picker")
        self.picker.picked.connect(lambda: self.add_button.setEnabled(self.picker.record_id() is not None))
        self.role: QComboBox | None = None
        self.adder.addWidget(self.picker, 1)
        if spec.role_choices is not None:
            self.role = QComboBox()
            self.role.setObjectName(f"{spec.name}_role")
            for code, label in spec.role_choices:
                self.role.addItem(_(label), code)
            self.role.setCurrentIndex(self.role.count() - 1)
            self.adder.addWidget(self.role)
        self.adder.addWidget(self.add_button)
        self.add_button.setEnabled(False)
        self.setFocusProxy(self.picker)

    def _text(self, record_id: int, role: str | None) -> str:
        model = spec_of(self.spec.link).model
        record = model.get_or_none(model.id == record_id)
        text = record_label(self.spec.link, record) if record is not None else str(record_id)
        if role and self.spec.role_choices is not None:
            text += f" — {_(self.spec.role_choices.label(role))}"
        return text

    def add_current(self) -> None:
        """Add the record chosen in the picker."""
        record_id = self.picker.record_id()
        if record_id is None:
            return
        if self.role is not None:
            role = self.role.currentData()
            if record_id in [value[0] for value in self._items()]:
                return
            self._append((record_id, role), self._text(record_id, role))
        else:
            self._append(record_id, self._text(record_id, None))
        self.picker.set_record(None)
        self.add_button.setEnabled(False)

    def set_value(self, value: Any) -> None:
        self.list.clear()
        for item in value or []:
            if isinstance(item, tuple):
                self._append(tuple(item), self._text(item[0], item[1]))
            else:
                self._append(item, self._text(item, None))


class CountriesField(_ListOfItems):
    """Several countries."""

    def __init__(self, spec: FieldSpec, parent: QWidget | None = None) -> None:
        super().__init__(spec, parent)
        self.combo = CountryCombo()
        self.combo.setObjectName(f"{spec.name}_combo")
        self.combo.lineEdit().returnPressed.connect(self.add_current)
        self.adder.addWidget(self.combo, 1)
        self.adder.addWidget(self.add_button)
        self.setFocusProxy(self.combo)

    def add_current(self) -> None:
        """Add the country chosen in the box."""
        code = self.combo.code()
        if code is None or code is INVALID:
            return
        self._append(code, country_name(code, babel_locale()))
        self.combo.set_code(None)

    def set_value(self, value: Any) -> None:
        self.list.clear()
        for code in value or []:
            self._append(code, country_name(code, babel_locale()))


class MembersField(FieldWidget):
    """People with their positions (a delegation's members)."""

    def __init__(self, spec: FieldSpec, parent: QWidget | None = None) -> None:
        super().__init__(spec, parent)
        self.table = QTableWidget(0, 2)
        self.table.setObjectName(f"{spec.name}_table")
        self.table.setHorizontalHeaderLabels([_("Name"), _("Position")])
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().setVisible(False)
        self.table.setMaximumHeight(130)
        self.table.itemChanged.connect(self.changed)
        add = QPushButton(_("Add"))
        add.setObjectName(f"{spec.name}_add")
        add.clicked.connect(self.add_row)
        remove = QPushButton(_("Remove"))
        remove.setObjectName(f"{spec.name}_remove")
        remove.clicked.connect(self.remove_selected)
        buttons = QVBoxLayout()
        buttons.addWidget(add)
        buttons.addWidget(remove)
        buttons.addStretch(1)
        layout = QHBoxLayout()
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        self.setLayout(layout)

    def add_row(self, name: str = "", position: str = "") -> None:
        """Add a member (an empty row to type into, by default)."""
        row = self.table.rowCount()
        self.table.insertRow(row)
        self.table.setItem(row, 0, QTableWidgetItem(name if isinstance(name, str) else ""))
        self.table.setItem(row, 1, QTableWidgetItem(position))
        self.changed.emit()

    def remove_selected(self) -> None:
        """Remove the selected members."""
        for row in sorted({index.row() for index in self.table.selectedIndexes()}, reverse=True):
            self.table.removeRow(row)
        self.changed.emit()

    def value(self) -> list[tuple[str, str]]:
        members = []
        for row in range(self.table.rowCount()):
            name = (self.table.item(row, 0).text() if self.table.item(row, 0) else "").strip()
            position = (self.table.item(row, 1).text() if self.table.item(row, 1) else "").strip()
            if name or position:
                members.append((name, position))
        return members

    def set_value(self, value: Any) -> None:
        self.table.setRowCount(0)
        for name, position in value or []:
            self.add_row(name, position)


class RecordsField(_ListOfItems):
    """Records of any register (what fulfilled a plan item): choose the register, then the record."""

    def __init__(self, spec: FieldSpec, parent: QWidget | None = None) -> None:
        super().__init__(spec, parent)
        from app.services.registers import SPECS

        self.register_combo = QComboBox()
        self.register_combo.setObjectName(f"{spec.name}_register")
        for name, register in SPECS.items():
            if name not in ("plan", "departments", "employees", "contacts"):
                self.register_combo.addItem(_(register.singular), name)
        self.register_combo.currentIndexChanged.connect(self._register_changed)
        self.picker = RecordPicker(self.register_combo.currentData(), allow_new=False)
        self.picker.edit.setObjectName(f"{spec.name}_picker")
        self.picker.picked.connect(lambda: self.add_button.setEnabled(self.picker.record_id() is not None))
        self.adder.addWidget(self.register_combo)
        self.adder.addWidget(self.picker, 1)
        self.adder.addWidget(self.add_button)
        self.add_button.setEnabled(False)
        self.setFocusProxy(self.register_combo)

    def _register_changed(self) -> None:
        self.picker.register = self.register_combo.currentData()
        self.picker.set_record(None)
        self.add_button.setEnabled(False)

    def _text(self, register: str, record_id: int) -> str:
        from app.services.registers import SPECS

        spec = SPECS.get(register)
        if spec is None:
            return f"{register} {record_id}"
        record = spec.model.get_or_none(spec.model.id == record_id)
        return f"{_(spec.singular)}: {record_label(register, record) if record is not None else record_id}"

    def add_current(self) -> None:
        """Add the record chosen in the picker."""
        record_id = self.picker.record_id()
        if record_id is None:
            return
        register = self.register_combo.currentData()
        self._append((register, record_id), self._text(register, record_id))
        self.picker.set_record(None)
        self.add_button.setEnabled(False)

    def set_value(self, value: Any) -> None:
        self.list.clear()
        for register, record_id in value or []:
            self._append((register, record_id), self._text(register, record_id))


WIDGETS: dict[str, type[FieldWidget]] = {
    "text": TextField,
    "email": TextField,
    "url": TextField,
    "multiline": MultilineField,
    "names": NamesField,
    "date": DateField,
    "int": IntField,
    "money": MoneyField,
    "bool": BoolField,
    "choice": ChoiceField,
    "country": CountryField,
    "link": LinkField,
    "links": LinksField,
    "countries": CountriesField,
    "members": MembersField,
    "records": RecordsField,
}


def field_widget(spec: FieldSpec, register: str) -> FieldWidget:
    """The widget for a field of `register`."""
    if spec.kind == "names":
        model = spec_of(register).model
        return NamesField(spec, has_original=hasattr(model, f"{spec.name}_orig"))
    return WIDGETS[spec.kind](spec)
