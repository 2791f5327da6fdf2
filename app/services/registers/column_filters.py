"""Filters per list column, like a spreadsheet's autofilter: chosen values (with '(empty)'), date and number ranges,
and their SQL. The values a column holds, with their counts, are in `column_values`."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, NamedTuple

import peewee as pw

from app.i18n import _, current_language, format_date, format_number
from app.services.registers.children import CHILD_TABLES
from app.services.registers.specs import MANY_KINDS, FieldSpec, RegisterSpec
from app.text.names import name_order_expression
from app.text.search_keys import matches

#: The kinds a column can be filtered by range (from, to).
RANGE_KINDS = ("date", "int", "money")
#: The kinds whose values a filter cannot list (several lines, people's names in a child table).
UNLISTED_KINDS = ("multiline", "members", "records")


@dataclass(frozen=True)
class ColumnFilter:
    """One column's filter: the values kept (None: any), whether empty cells are kept, and a range."""

    values: frozenset | None = None
    empty: bool = False
    low: Any = None
    high: Any = None

    @property
    def active(self) -> bool:
        """Whether it leaves anything out."""
        return self.values is not None or self.low is not None or self.high is not None


class FilterValue(NamedTuple):
    """A value a column holds: as stored, as shown, and on how many rows."""

    value: Any
    text: str
    count: int


def value_expression(spec: RegisterSpec, fs: FieldSpec, language: str | None = None) -> pw.Node:
    """The SQL value a single-valued column is filtered and grouped by."""
    model = spec.model
    if fs.kind == "names":
        return name_order_expression(model, fs.name, language or current_language())
    if fs.kind == "link":
        return getattr(model, f"{fs.name}_id")
    return model._meta.fields[fs.name]


def child_join(spec: RegisterSpec, fs: FieldSpec) -> tuple[type[pw.Model], pw.Field, pw.Node]:
    child, parent_col, value_col = CHILD_TABLES[(spec.name, fs.name)]
    value = child._meta.fields[value_col]
    if isinstance(value, pw.ForeignKeyField):
        value = getattr(child, value.column_name)
    return child, child._meta.fields[parent_col], value


def condition(spec: RegisterSpec, fs: FieldSpec, chosen: ColumnFilter, language: str | None = None) -> pw.Node | None:
    """The WHERE condition of a column filter (None when it leaves nothing out)."""
    model = spec.model
    parts: list[pw.Node] = []
    if fs.kind in MANY_KINDS:
        child, parent, value = child_join(spec, fs)
        if chosen.values is not None:
            kept: list[pw.Node] = []
            if chosen.values:
                kept.append(model.id.in_(child.select(parent).where(value.in_(list(chosen.values)))))
            if chosen.empty:
                kept.append(model.id.not_in(child.select(parent)))
            parts.append(pw.reduce(pw.operator.or_, kept) if kept else pw.SQL("1 = 0"))
        return pw.reduce(pw.operator.and_, parts) if parts else None
    column = value_expression(spec, fs, language)
    if chosen.values is not None:
        kept = []
        if chosen.values:
            kept.append(column.in_(list(chosen.values)))
        if chosen.empty:
            kept.append(column.is_null() | (column == "") if fs.kind not in ("date", "int", "money", "bool", "link")
                        else column.is_null())  # fmt: skip
        parts.append(pw.reduce(pw.operator.or_, kept) if kept else pw.SQL("1 = 0"))
    if chosen.low is not None:
        parts.append(column >= chosen.low)
    if chosen.high is not None:
        parts.append(column <= chosen.high)
    return pw.reduce(pw.operator.and_, parts) if parts else None


def as_date(value: Any) -> dt.date:
    return value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value)[:10])


def search_values(values: list[FilterValue], text: str) -> list[FilterValue]:
    """The values whose text matches `text` as the quick search matches (any script, case or apostrophe)."""
    if not text.strip():
        return values
    return [value for value in values if matches(text, value.text)]


def describe(fs: FieldSpec, chosen: ColumnFilter, texts: dict[Any, str] | None = None) -> str:
    """A column filter in words, for the row of active filters ('Status: Signed, Draft')."""
    parts = []
    if chosen.values is not None:
        shown = [(texts or {}).get(value, str(value)) for value in sorted(chosen.values, key=str)]
        if chosen.empty:
            shown.append(_("(empty)"))
        parts.append(", ".join(shown[:3]) + (" …" if len(shown) > 3 else ""))
    if chosen.low is not None or chosen.high is not None:
        def shown_bound(value: Any) -> str:
            return format_date(value) if isinstance(value, dt.date) else format_number(value)

        low = shown_bound(chosen.low) if chosen.low is not None else ""
        high = shown_bound(chosen.high) if chosen.high is not None else ""
        parts.append(f"{low} – {high}")
    return f"{_(fs.label)}: {'; '.join(parts)}"


def filterable(fs: FieldSpec) -> bool:
    """Whether a column has a filter button."""
    return fs.kind not in UNLISTED_KINDS
