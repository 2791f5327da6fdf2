"""A widget for every kind of field a register's form has; each gives and takes the values services expect."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from babel.numbers import NumberFormatError, format_decimal, parse_decimal
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from app.i18n import _, babel_locale, current_language, date_hint
from app.models.choices import Choices
from app.services.registers.specs import FieldSpec, spec_of
from app.ui.fields.base import INVALID, FieldWidget, row_layout
from app.ui.fields.dates import DateField, read_date
from app.ui.fields.lists import CountriesField, LinksField, MembersField, RecordsField
from app.ui.fields.pickers import CountryField, LinkField

CURRENCIES = ("USD", "EUR", "UZS", "RUB", "GBP", "JPY", "KRW", "CNY", "KZT", "TRY", "CHF")


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
        self.setLayout(row_layout(self.edit))
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
        lines = 4 if spec.section == "notes" else 3
        self.edit.setFixedHeight(self.edit.fontMetrics().lineSpacing() * lines + 14)  # never resized by its form
        self.edit.textChanged.connect(self.changed)
        self.setLayout(row_layout(self.edit))
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


class IntField(FieldWidget):
    """A whole number that may be empty."""

    def __init__(self, spec: FieldSpec, parent: QWidget | None = None) -> None:
        super().__init__(spec, parent)
        self.edit = QLineEdit()
        self.edit.setMaximumWidth(110)
        self.edit.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.edit.textChanged.connect(self.changed)
        layout = row_layout(self.edit, stretch_first=False)
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
        self.currency.setToolTip(_("Currency"))  # its name for a screen reader: "Value (Currency)"
        self.currency.addItems(CURRENCIES)
        self.currency.currentTextChanged.connect(self.changed)
        layout = row_layout(self.amount, self.currency, stretch_first=False)
        layout.addStretch(1)
        self.setLayout(layout)
        self.setFocusProxy(self.amount)

    def value(self) -> Any:
        text = self.amount.text().strip()
        currency = self.currency.currentText().strip().upper()
        if not text:
            return (None, currency)
        try:  # as the language writes it: 15 000,50 in Russian and Uzbek, 15,000.50 in English
            return (parse_decimal(text, locale=babel_locale()), currency)
        except NumberFormatError:
            pass
        try:  # or plainly, with a point or a comma before the cents
            return (Decimal(text.replace(" ", "").replace("\u00a0", "").replace(",", ".")), currency)
        except InvalidOperation:
            return INVALID

    def set_value(self, value: Any) -> None:
        amount, currency = value if value else (None, "USD")
        self.amount.setText("" if amount is None else _money_text(Decimal(amount)))
        self.currency.setCurrentText(currency or "USD")

    def problem(self) -> str | None:
        if self.value() is not INVALID:
            return None
        return _("Enter an amount, such as {example}.").format(example=_money_text(Decimal("1500")))


def _money_text(amount: Decimal) -> str:
    """An amount as the interface language writes it, with its cents (15 000,00 · 15,000.00)."""
    return format_decimal(amount, format="#,##0.00", locale=babel_locale())


class BoolField(FieldWidget):
    """Yes or no."""

    def __init__(self, spec: FieldSpec, parent: QWidget | None = None) -> None:
        super().__init__(spec, parent)
        self.box = QCheckBox(_(spec.label))
        self.box.toggled.connect(self.changed)
        self.setLayout(row_layout(self.box))
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
        layout = row_layout(self.combo, stretch_first=False)
        layout.addStretch(1)
        self.setLayout(layout)
        self.setFocusProxy(self.combo)

    def value(self) -> Any:
        return self.combo.currentData()

    def set_value(self, value: Any) -> None:
        index = self.combo.findData(value)
        self.combo.setCurrentIndex(max(index, 0))


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
    if spec.kind.name == "names":
        model = spec_of(register).model
        return NamesField(spec, has_original=hasattr(model, f"{spec.name}_orig"))
    return WIDGETS[spec.kind.name](spec)


# -- how a register's list and filters show each kind (the list's side of the kind → widget mapping) ----------------
#: The widest a list column of these kinds starts (pixels; its text elides past it); the other kinds' columns are as
#: wide as their content, up to 160.
LIST_WIDEST = {"names": 300, "links": 280, "link": 240, "countries": 200, "text": 220, "multiline": 260, "choice": 190}


def list_width_cap(spec: FieldSpec) -> int | None:
    """The widest the field's list column starts, when its texts are long enough to be narrowed (else None)."""
    return LIST_WIDEST.get(spec.kind.name)


def list_alignment(spec: FieldSpec) -> Qt.AlignmentFlag | None:
    """How the field's list cells align (numbers right, yes/no centred; None: as text)."""
    if spec.kind.numeric:
        return Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
    if spec.kind.name == "bool":
        return Qt.AlignmentFlag.AlignCenter
    return None


def elides_in_the_middle(spec: FieldSpec) -> bool:
    """Whether the field's list cells show names of organisations, whose end tells them apart."""
    return spec.kind.name in ("link", "links", "names")


def labels_itself(spec: FieldSpec) -> bool:
    """Whether the field's widget carries its own label (a check box), with no label beside it in the form."""
    return spec.kind.name == "bool"


def prefill_name(widget: FieldWidget, text: str, language: str) -> None:
    """Start a new record's name with `text` (typed in a picker before choosing 'New…'), in `language` for a name
    written in several languages."""
    if widget.spec.kind.name == "names":
        value = widget.value()
        value[{"ru": "ru", "en": "en"}.get(language, "uz")] = text
        widget.set_value(value)
    elif widget.spec.kind.name in ("text", "multiline"):
        widget.set_value(text)


def filter_options(spec: FieldSpec, register: str) -> list[tuple[str, Any]]:
    """What a filter above the list offers for the field: (text, value), in the order shown."""
    from app.services.registers.list_query import distinct_values
    from app.services.registers.list_rows import record_label
    from app.text.countries import country_name

    if spec.kind.name == "choice" and spec.choices is not None:
        return [(_(label), code) for code, label in spec.choices]
    if spec.kind.name == "bool":
        return [(_("Yes"), True), (_("No"), False)]
    values = distinct_values(register, spec.name)
    if spec.kind.name in ("country", "countries"):
        return sorted(((country_name(code, babel_locale()), code) for code in values), key=lambda p: p[0].casefold())
    if spec.kind.name == "link" and spec.link:
        target = spec_of(spec.link).model
        labelled = [(record_label(spec.link, r), r.id) for r in target.select().where(target.id.in_(values[:500]))]
        return sorted(labelled, key=lambda p: p[0].casefold())
    return [(str(v), v) for v in sorted(values)]


def range_bound(spec: FieldSpec, text: str) -> Any:
    """A column filter's 'from' or 'to' as typed: a date for a date, else a number (None: empty; INVALID: not
    one)."""
    if not text.strip():
        return None
    if spec.kind.name == "date":
        return read_date(text)
    try:
        number = Decimal(text.strip().replace("\u00a0", "").replace(" ", "").replace(",", "."))
    except InvalidOperation:
        return INVALID
    return int(number) if spec.kind.name == "int" and number == int(number) else number


def range_hint(spec: FieldSpec) -> str:
    """The placeholder of a column filter's 'from' and 'to'."""
    return date_hint() if spec.kind.name == "date" else "0"


def range_problem(spec: FieldSpec) -> str:
    """What a column filter says of a 'from' or 'to' it cannot read."""
    if spec.kind.name == "date":
        return _("Enter a date as {pattern}.").format(pattern=date_hint())
    return _("Enter a number.")
