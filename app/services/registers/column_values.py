"""The values a list column holds as the list's other filters leave it, with their counts and their texts, for the
column filter's list of values."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from typing import Any

import peewee as pw

from app.i18n import _, current_language, format_date, format_number
from app.services.registers.column_filters import FilterValue, as_date, child_join, value_expression
from app.services.registers.list_query import ListQuery, build_select, title_expression
from app.services.registers.list_rows import labels_of
from app.services.registers.specs import MANY_KINDS, FieldSpec, spec_of
from app.text.countries import country_name


def column_values(query: ListQuery, field_name: str, language: str | None = None) -> tuple[list[FilterValue], int]:
    """The values of a column in the list as its other filters, year and search leave it (its own filter set
    aside), with how many rows hold each, in the order shown; and how many rows have it empty."""
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
        child, parent, value = child_join(spec, fs)
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
    if fs.kind not in ("link", "links") or not fs.link:
        return None
    target = spec_of(fs.link)
    if target.field(target.title_field).kind == "link":
        return None
    alias = target.model.alias()
    return alias, title_expression(target, alias, language)


def _texts(fs: FieldSpec, values: list[Any], language: str) -> dict[Any, str]:
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
        return {value: format_date(as_date(value)) for value in values}
    if fs.kind == "money" or (fs.kind == "int" and fs.grouped):
        return {value: format_number(Decimal(str(value)) if fs.kind == "money" else value) for value in values}
    return {value: str(value) for value in values}


def value_texts(query: ListQuery, field_name: str, values: frozenset) -> dict[Any, str]:
    """How the chosen values of a filter are shown."""
    spec = spec_of(query.register)
    return _texts(spec.field(field_name), list(values), current_language())
