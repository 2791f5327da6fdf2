"""The kinds whose values are one stored value each: a date, a whole number, an amount with its currency, yes or no,
a code of a list, a country."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal, InvalidOperation
from typing import Any, NamedTuple

import peewee as pw

from app.i18n import _, format_date, format_number
from app.services.registers.kinds.base import CellContext, Kind, Labeller, one_line, stored_default
from app.text.countries import country_name, is_country
from app.text.sort_keys import sort_key

#: The largest whole number an integer column holds (PostgreSQL's integer) and the amounts a money column holds
#: (14 digits, 2 of them decimals).
MAX_STORED_INTEGER = 2_147_483_647
MAX_STORED_AMOUNT = Decimal("1000000000000")
CURRENCY = re.compile(r"^[A-Z]{3}$")


class Year(int):
    """A year: a number (Excel keeps it one) that is shown without grouping its digits (2019, not 2 019)."""


class Money(NamedTuple):
    """An amount with its currency code."""

    amount: Decimal
    currency: str


def as_date(value: Any) -> dt.date:
    """A stored date (SQLite gives text) as a date."""
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value)[:10])


class _Valued(Kind):
    """A value compared by what it is (a date, a number): empty is NULL only, a column filter lists values in order,
    and a range can be asked."""

    blank_text = False
    ordered_by_value = True
    ranged = True
    bulk = True

    def paste_writer(self, yes: str, no: str) -> Callable[[Any], str]:
        return lambda value: "" if value is None else str(value)


class DateKind(_Valued):
    """A date."""

    name = "date"
    width = 12
    sheet_kind = "date"

    def value_texts(self, fs: Any, values: list[Any], language: str, labels: Labeller) -> dict[Any, str]:
        return {value: format_date(as_date(value)) for value in values}

    def logged_text(self, fs: Any, value: Any, language: str, labels: Labeller) -> str:
        try:
            return format_date(dt.date.fromisoformat(str(value)[:10]))
        except ValueError:
            return str(value)

    def paste_writer(self, yes: str, no: str) -> Callable[[Any], str]:
        return lambda value: "" if value is None else value.isoformat()

    # -- reading values given from outside ---------------------------------------------------------------------------
    def read_cell(self, fs: Any, part: str, raw: Any, reader: Any) -> Any:
        return reader.date(fs, raw)

    # -- the submissions' template sheets -------------------------------------------------------------------------
    def template_entry(self, fs: Any, register: str) -> tuple[str, str, bool]:
        return "date", "", False


class IntKind(_Valued):
    """A whole number: a count, a year, a period (its field's minimum and maximum apply)."""

    name = "int"
    width = 10
    numeric = True

    def sheet_columns(self, fs: Any) -> list[tuple[str | None, str, int | None]]:
        # Counts (whole numbers from 0 with no upper limit: participants, books) are summed; years, quarters and
        # periods are not.
        counted = fs.grouped and fs.minimum == 0 and fs.maximum is None
        return [(None, "count" if counted else "int", self.width)]

    def problem(self, fs: Any, value: Any) -> str | None:
        if not isinstance(value, int):
            return _("Enter a whole number.")
        if fs.minimum is not None and value < fs.minimum:
            return _("At least {n}.").format(n=fs.minimum)
        if fs.maximum is not None and value > fs.maximum:
            return _("At most {n}.").format(n=fs.maximum)
        if abs(value) > MAX_STORED_INTEGER:  # what both databases' integer columns hold
            return _("At most {n}.").format(n=MAX_STORED_INTEGER)
        return None

    def cell_reader(self, fs: Any, at: Mapping[str, int], context: CellContext) -> Callable[[Sequence[Any]], Any]:
        index = at.get(fs.name, -1)
        if fs.grouped:
            return lambda row: row[index]
        return lambda row: None if row[index] is None else Year(row[index])

    def value_texts(self, fs: Any, values: list[Any], language: str, labels: Labeller) -> dict[Any, str]:
        if fs.grouped:
            return {value: format_number(value) for value in values}
        return {value: str(value) for value in values}

    def logged_text(self, fs: Any, value: Any, language: str, labels: Labeller) -> str:
        try:
            return format_number(Decimal(str(value)))
        except InvalidOperation:
            return str(value)

    # -- reading values given from outside ---------------------------------------------------------------------------
    def read_cell(self, fs: Any, part: str, raw: Any, reader: Any) -> Any:
        return reader.whole_number(fs, raw)

    # -- the submissions' template sheets -------------------------------------------------------------------------
    def template_entry(self, fs: Any, register: str) -> tuple[str, str, bool]:
        return "int", "", False


class MoneyKind(IntKind):
    """An amount; its currency is the field named by `currency` (a form's value is (amount, currency))."""

    name = "money"
    width = 14
    sheet_kind = "money"
    per_currency = True
    bulk = False

    def read_columns(self, fs: Any) -> tuple[str, ...]:
        return (fs.name, fs.currency) if fs.currency else (fs.name,)

    def empty(self, fs: Any, model: type[pw.Model]) -> Any:
        return (None, stored_default(model._meta.fields[fs.currency]) if fs.currency else "")

    def load(self, fs: Any, record: Any) -> Any:
        amount = getattr(record, fs.name)
        return (Decimal(amount) if amount is not None else None, getattr(record, fs.currency) or "")

    def assign(self, fs: Any, record: Any, value: Any) -> None:
        amount, currency = value if value else (None, "")
        setattr(record, fs.name, Decimal(amount) if amount not in (None, "") else None)
        setattr(record, fs.currency, currency or "")

    def is_empty(self, value: Any) -> bool:
        return value is None or value[0] is None

    def problem(self, fs: Any, value: Any) -> str | None:
        amount, currency = value
        try:
            if Decimal(amount) < 0:
                return _("The amount cannot be negative.")
            if Decimal(amount) >= MAX_STORED_AMOUNT:
                return _("The amount is too large: at most {n}.").format(n=MAX_STORED_AMOUNT - Decimal("0.01"))
        except (InvalidOperation, TypeError):
            return _("Enter an amount, such as 1500.00.")
        if not CURRENCY.match(currency or ""):
            return _("Choose the currency.")
        return None

    def cell_reader(self, fs: Any, at: Mapping[str, int], context: CellContext) -> Callable[[Sequence[Any]], Any]:
        index = at.get(fs.name, -1)
        currency = at[fs.currency] if fs.currency else None

        def money(row: Sequence[Any]) -> Money | None:
            value = row[index]
            if value is None:
                return None
            return Money(Decimal(value), (row[currency] if currency is not None else "") or "")

        return money

    def value_texts(self, fs: Any, values: list[Any], language: str, labels: Labeller) -> dict[Any, str]:
        return {value: format_number(Decimal(str(value))) for value in values}

    def sheet_columns(self, fs: Any) -> list[tuple[str | None, str, int | None]]:
        return [(None, "money", self.width), (_("Currency"), "currency", 9)]

    def split_cell(self, value: Any) -> list[Any]:
        return [value.amount, value.currency] if isinstance(value, Money) else [None, None]

    def paste_writer(self, yes: str, no: str) -> Callable[[Any], str]:
        return lambda value: f"{value.amount}\t{one_line(value.currency)}" if isinstance(value, Money) else "\t"

    # -- reading values given from outside ---------------------------------------------------------------------------
    def read_cell(self, fs: Any, part: str, raw: Any, reader: Any) -> Any:
        return reader.currency(fs, raw) if part else reader.amount(fs, raw)

    def gather_cell(self, fs: Any, part: str, value: Any, row: Any, hint: str) -> None:
        if part:  # the currency, in a column of its own
            row.currencies[fs.name] = value
        else:
            amount, currency = value
            row.given[fs.name] = (amount, currency or hint)

    def merged_value(self, old: Any, new: Any, guessed: Any) -> Any:
        amount, currency = new
        return (amount, currency or (old or (None, ""))[1] or "")

    # -- the submissions' template sheets -------------------------------------------------------------------------
    def template_entry(self, fs: Any, register: str) -> tuple[str, str, bool]:
        return "text", "", False  # an amount with its currency, as the unit writes it

    # -- a form's value in words (two versions of a record side by side) -----------------------------------------
    def form_text(self, fs: Any, value: Any, shown: Callable[[Any], str]) -> str:
        amount, currency = value
        return f"{shown(amount)} {currency}".strip() if amount is not None else ""


class BoolKind(Kind):
    """Yes or no."""

    name = "bool"
    width = 8
    sheet_kind = "bool"
    few_values = True
    blank_text = False
    bulk = True

    def value_texts(self, fs: Any, values: list[Any], language: str, labels: Labeller) -> dict[Any, str]:
        return {value: _("Yes") if value else _("No") for value in values}

    def logged_text(self, fs: Any, value: Any, language: str, labels: Labeller) -> str:
        return _("Yes") if value in (True, 1, "1", "True", "true") else _("No")

    def paste_writer(self, yes: str, no: str) -> Callable[[Any], str]:
        return lambda value: "" if value is None else (yes if value else no)

    # -- reading values given from outside ---------------------------------------------------------------------------
    def read_cell(self, fs: Any, part: str, raw: Any, reader: Any) -> Any:
        return reader.yes_no(fs, raw)


class ChoiceKind(Kind):
    """One code of a list of choices (`choices`), shown by its label in the interface language."""

    name = "choice"
    width = 22
    sheet_kind = "label"
    few_values = True
    bulk = True

    def cell_reader(self, fs: Any, at: Mapping[str, int], context: CellContext) -> Callable[[Sequence[Any]], Any]:
        index = at.get(fs.name, -1)
        if fs.choices is None:
            return lambda row: row[index]
        translated = {code: _(label) for code, label in fs.choices}
        return lambda row: translated.get(row[index], row[index] or "")

    def value_texts(self, fs: Any, values: list[Any], language: str, labels: Labeller) -> dict[Any, str]:
        if fs.choices is None:
            return {value: str(value) for value in values}
        translated = {code: _(label) for code, label in fs.choices}
        return {value: translated.get(value, str(value)) for value in values}

    def filter_text(self, fs: Any, value: Any, language: str, labels: Labeller) -> str:
        if fs.choices is None:
            return super().filter_text(fs, value, language, labels)
        return _(fs.choices.label(value)) or str(value)

    def logged_text(self, fs: Any, value: Any, language: str, labels: Labeller) -> str:
        if fs.choices is None:
            return str(value)
        return _(fs.choices.label(str(value))) or str(value)

    def sort_expression(self, fs: Any, model: type[pw.Model], language: str) -> tuple[pw.Node | None, list]:
        column = model._meta.fields[fs.name]
        if fs.choices is None:
            return column, []
        return pw.Case(column, [(code, sort_key(_(label), language)) for code, label in fs.choices]), []

    # -- reading values given from outside ---------------------------------------------------------------------------
    def read_cell(self, fs: Any, part: str, raw: Any, reader: Any) -> Any:
        return reader.choice(fs, raw)

    # -- the submissions' template sheets -------------------------------------------------------------------------
    def template_entry(self, fs: Any, register: str) -> tuple[str, str, bool]:
        return "list", f"{register}_{fs.name}", False


class CountryKind(Kind):
    """A country: its ISO alpha-2 code, shown by its name in the interface language."""

    name = "country"
    width = 20
    few_values = True
    bulk = True

    def assign(self, fs: Any, record: Any, value: Any) -> None:
        setattr(record, fs.name, value.upper() if value else None)

    def problem(self, fs: Any, value: Any) -> str | None:
        return None if is_country(value) else _("Unknown country.")

    def cell_reader(self, fs: Any, at: Mapping[str, int], context: CellContext) -> Callable[[Sequence[Any]], Any]:
        index, language = at.get(fs.name, -1), context.language
        return lambda row: country_name(row[index], language)

    def value_texts(self, fs: Any, values: list[Any], language: str, labels: Labeller) -> dict[Any, str]:
        return {value: country_name(value, language) for value in values}

    def filter_text(self, fs: Any, value: Any, language: str, labels: Labeller) -> str:
        return country_name(value, language)

    def logged_text(self, fs: Any, value: Any, language: str, labels: Labeller) -> str:
        return country_name(str(value), language)

    def sort_expression(self, fs: Any, model: type[pw.Model], language: str) -> tuple[pw.Node | None, list]:
        column = model._meta.fields[fs.name]
        codes = [row[0] for row in model.select(column).distinct().where(column.is_null(False)).tuples()]
        if not codes:
            return column, []
        return pw.Case(column, [(code, sort_key(country_name(code, language), language)) for code in codes]), []

    # -- reading values given from outside ---------------------------------------------------------------------------
    def read_cell(self, fs: Any, part: str, raw: Any, reader: Any) -> Any:
        return reader.country(fs, raw)

    # -- the submissions' template sheets -------------------------------------------------------------------------
    def template_entry(self, fs: Any, register: str) -> tuple[str, str, bool]:
        return "list", "countries", False
