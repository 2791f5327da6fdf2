"""Fields that hold several values: linked records, countries, a delegation's members, records of any register."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.i18n import _, babel_locale, format_date
from app.services.imports.values import CellProblem, as_date
from app.services.registers.list_rows import record_label
from app.services.registers.specs import SPECS, FieldSpec, spec_of
from app.text.countries import country_code, country_name, is_country
from app.ui.fields.base import INVALID, FieldWidget
from app.ui.fields.pickers import CountryCombo, RecordPicker

#: How a date of birth is written in the members' table (and read back).
BIRTH_DATE_FORMAT = "dd.MM.yyyy"


class _ListOfItems(FieldWidget):
    """A list of values with an adding row and a Remove button (base of links and countries)."""

    def __init__(self, spec: FieldSpec, parent: QWidget | None = None) -> None:
        super().__init__(spec, parent)
        self.list = QListWidget()
        self.list.setObjectName(f"{spec.name}_list")
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.list.setFixedHeight(self.list.fontMetrics().lineSpacing() * 4 + 12)  # the form never stretches it
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
        self.picker.chosen.connect(self.add_current)  # Enter or a click in the popup adds the record at once
        self.role: QComboBox | None = None
        if spec.role_choices is not None:  # the role first: chosen before the record, which Enter then adds
            self.role = QComboBox()
            self.role.setObjectName(f"{spec.name}_role")
            self.role.setAccessibleName(_("Role"))
            self.role.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            self.role.setMinimumContentsLength(10)  # a long role's name does not widen the whole form
            for code, label in spec.role_choices:
                self.role.addItem(_(label), code)
            self.role.setCurrentIndex(self.role.count() - 1)
            self.adder.addWidget(self.role)
        self.adder.addWidget(self.picker, 1)
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
    """People with their positions (a delegation's members), and the personal data visa support needs: citizenship,
    passport number, date of birth (optional; shown here and in the invitation letter only)."""

    def __init__(self, spec: FieldSpec, parent: QWidget | None = None) -> None:
        super().__init__(spec, parent)
        self.table = QTableWidget(0, 5)
        self.table.setObjectName(f"{spec.name}_table")
        self.table.setAccessibleName(_(spec.label))
        self.table.setHorizontalHeaderLabels(
            [_("Name"), _("Position"), _("Citizenship"), _("Passport number"), _("Date of birth")]
        )
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.table.horizontalHeader().setStretchLastSection(True)
        for column, width in enumerate((170, 170, 110, 110)):
            self.table.setColumnWidth(column, width)
        self.table.verticalHeader().setVisible(False)
        self.table.setFixedHeight(self.table.fontMetrics().lineSpacing() * 6 + 16)
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

    def add_row(self, name: str = "", position: str = "", citizenship: str | None = None, passport: str = "",
                born: Any = None) -> None:  # fmt: skip
        """Add a member (an empty row to type into, by default)."""
        row = self.table.rowCount()
        self.table.insertRow(row)
        shown_born = format_date(born, BIRTH_DATE_FORMAT) if isinstance(born, dt.date) else str(born or "")
        country = country_name(citizenship, babel_locale()) if is_country(citizenship) else citizenship or ""
        texts = (name if isinstance(name, str) else "", position, country, passport or "", shown_born)
        for column, text in enumerate(texts):
            self.table.setItem(row, column, QTableWidgetItem(text))
        self.changed.emit()

    def remove_selected(self) -> None:
        """Remove the selected members."""
        for row in sorted({index.row() for index in self.table.selectedIndexes()}, reverse=True):
            self.table.removeRow(row)
        self.changed.emit()

    def _text(self, row: int, column: int) -> str:
        item = self.table.item(row, column)
        return item.text().strip() if item is not None else ""

    def value(self) -> list[tuple]:
        """(name, position, citizenship code, passport number, date of birth) per member; a citizenship or date that
        cannot be read stays as typed, for the form to point at."""
        members = []
        for row in range(self.table.rowCount()):
            name, position, citizenship, passport, born = (self._text(row, column) for column in range(5))
            if not (name or position):
                continue
            code = (country_code(citizenship) or citizenship) if citizenship else None
            birth_date: Any = None
            if born:
                try:
                    birth_date = as_date(born)
                except CellProblem:
                    birth_date = born
            members.append((name, position, code, passport, birth_date))
        return members

    def set_value(self, value: Any) -> None:
        self.table.setRowCount(0)
        for member in value or []:
            self.add_row(*member)


class RecordsField(_ListOfItems):
    """Records of any register (what fulfilled a plan item): choose the register, then the record."""

    def __init__(self, spec: FieldSpec, parent: QWidget | None = None) -> None:
        super().__init__(spec, parent)

        self.register_combo = QComboBox()
        self.register_combo.setObjectName(f"{spec.name}_register")
        for name, register in SPECS.items():
            if name not in ("plan", "departments", "employees", "contacts"):
                self.register_combo.addItem(_(register.singular), name)
        self.register_combo.currentIndexChanged.connect(self._register_changed)
        self.picker = RecordPicker(self.register_combo.currentData(), allow_new=False)
        self.picker.edit.setObjectName(f"{spec.name}_picker")
        self.picker.picked.connect(lambda: self.add_button.setEnabled(self.picker.record_id() is not None))
        self.picker.chosen.connect(self.add_current)
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
