"""Filters per list column, like a spreadsheet's autofilter: chosen values (with '(empty)'), date and number ranges,
and the values a column holds in the list as the other filters leave it, with their counts."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import TYPE_CHECKING, Any, NamedTuple

import peewee as pw

from app.i18n import _, current_language, format_date, format_number
from app.services.countries import country_name
from app.services.names import name_order_expression
from app.services.registers import MANY_KINDS, FieldSpec, RegisterSpec, spec_of
from app.services.textsearch import matches

if TYPE_CHECKING:
    from app.services.listing import ListQuery

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


def _child(spec: RegisterSpec, fs: FieldSpec) -> tuple[type[pw.Model], pw.Field, pw.Node]:
    from app.services.listing import CHILD_TABLES

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
        child, parent, value = _child(spec, fs)
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


def column_values(query: ListQuery, field_name: str, language: str | None = None) -> tuple[list[FilterValue], int]:
    """The values of a column in the list as its other filters, year and search leave it (its own filter set
    aside), with how many rows hold each, in the order shown; and how many rows have it empty."""
    from app.services.listing import build_select

    language = language or current_language()
    spec = spec_of(query.register)
    fs = spec.field(field_name)
    others = replace(query, column_filters={k: v for k, v in query.column_filters.items() if k != field_name},
                     more_orders=[])  # fmt: skip
    ids = build_select(others, language, ordered=False)
    database = spec.model._meta.database
    labelled = _label_join(fs, language)
    extra = [pw.fn.MAX(labelled[1])] if labelled else []
    if fs.kind in MANY_KINDS:
        child, parent, value = _child(spec, fs)
        whole = not others.narrowed  # the whole register: its child table alone is read (by its index)
        select = child.select(value, *extra, pw.fn.COUNT(pw.SQL("*")))
        if not whole:
            select = select.where(parent.in_(ids))
        if labelled:
            select = select.join_from(child, labelled[0], pw.JOIN.LEFT_OUTER, on=labelled[0].id == value)
        rows = database.execute(select.group_by(value)).fetchall()
        counted = [row for row in rows if row[0] not in (None, "")]
        total = build_select(others, language, ordered=False, columns=[pw.fn.COUNT(spec.model.id)]).scalar()
        holding = child.select(pw.fn.COUNT(parent.distinct()))
        with_values = (holding if whole else holding.where(parent.in_(ids))).scalar()
        empty = (total or 0) - (with_values or 0)
    else:
        column = value_expression(spec, fs, language)
        select = build_select(others, language, ordered=False, columns=[column, *extra, pw.fn.COUNT(spec.model.id)])
        if labelled:
            select = select.join_from(spec.model, labelled[0], pw.JOIN.LEFT_OUTER, on=labelled[0].id == column)
        counted, empty = [], 0
        for row in database.execute(select.group_by(column)).fetchall():  # plain tuples: thousands of values
            if row[0] is None or row[0] == "":
                empty += row[-1]
            else:
                counted.append(row)
    if labelled:
        values = [v if v.text else v._replace(text=str(v.value)) for v in map(FilterValue._make, counted)]
    else:
        texts = _texts(fs, [row[0] for row in counted], language)
        values = [FilterValue(row[0], texts.get(row[0], str(row[0])), row[1]) for row in counted]
    if fs.kind in ("date", "int", "money"):
        values.sort(key=lambda v: v.value)
    else:
        values.sort(key=lambda v: v.text.casefold())
    return values, empty


def _label_join(fs: FieldSpec, language: str) -> tuple[Any, pw.Node] | None:
    """For a link to records named by a text or a multilingual name: the linked table (aliased) and the SQL of
    its records' names, so that a column's values come with their names in one query."""
    from app.services.listing import title_expression

    if fs.kind not in ("link", "links") or not fs.link:
        return None
    target = spec_of(fs.link)
    if target.field(target.title_field).kind == "link":
        return None
    alias = target.model.alias()
    return alias, title_expression(target, alias, language)


def _texts(fs: FieldSpec, values: list[Any], language: str) -> dict[Any, str]:
    from app.services.list_rows import labels_of

    if fs.kind == "choice" and fs.choices is not None:
        labels = {code: _(label) for code, label in fs.choices}
        return {value: labels.get(value, str(value)) for value in values}
    if fs.kind in ("country", "countries"):
        return {value: country_name(value, language) for value in values}
    if fs.kind in ("link", "links") and fs.link:
        return labels_of(fs.link, values, language)
    if fs.kind == "bool":
        return {value: _("Yes") if value else _("No") for value in values}
    if fs.kind == "date":
        return {value: format_date(_as_date(value)) for value in values}
    if fs.kind == "money" or (fs.kind == "int" and fs.grouped):
        return {value: format_number(Decimal(str(value)) if fs.kind == "money" else value) for value in values}
    return {value: str(value) for value in values}


def _as_date(value: Any) -> dt.date:
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


def value_texts(query: ListQuery, field_name: str, values: frozenset) -> dict[Any, str]:
    """How the chosen values of a filter are shown."""
    spec = spec_of(query.register)
    return _texts(spec.field(field_name), list(values), current_language())
