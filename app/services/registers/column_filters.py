"""Filters per list column, like a spreadsheet's autofilter: chosen values (with '(empty)'), date and number ranges,
and their SQL. The values a column holds, with their counts, are in `column_values`."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, NamedTuple

import peewee as pw

from app.i18n import _, current_language, format_date, format_number
from app.services.registers.specs import FieldSpec, RegisterSpec
from app.text.search_keys import matches


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
    return fs.kind.value_expression(fs, spec.model, language or current_language())


def child_join(spec: RegisterSpec, fs: FieldSpec) -> tuple[type[pw.Model], pw.Field, pw.Node]:
    """A many-valued field's child table, its column of the record's id, and its column of the value."""
    return fs.child.model, fs.child.parent_field, fs.child.value_field


def condition(spec: RegisterSpec, fs: FieldSpec, chosen: ColumnFilter, language: str | None = None) -> pw.Node | None:
    """The WHERE condition of a column filter (None when it leaves nothing out)."""
    model = spec.model
    parts: list[pw.Node] = []
    if fs.kind.many:
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
            kept.append(fs.kind.blank(column))
        parts.append(pw.reduce(pw.operator.or_, kept) if kept else pw.SQL("1 = 0"))
    if chosen.low is not None:
        parts.append(column >= chosen.low)
    if chosen.high is not None:
        parts.append(column <= chosen.high)
    return pw.reduce(pw.operator.and_, parts) if parts else None


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
    return fs.kind.listed
