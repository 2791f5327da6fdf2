"""The values a list column holds as the list's other filters leave it, with their counts and their texts, for the
column filter's list of values: like a spreadsheet's autofilter, at most `SHOWN_VALUES` of them at once, in the order
shown; a search finds the others in the database (through the stored search keys, any script)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from typing import Any, NamedTuple

import peewee as pw

from app.i18n import current_language
from app.services.registers.column_filters import FilterValue, child_join, value_expression
from app.services.registers.list_query import ListQuery, build_select, one_of
from app.services.registers.list_rows import labels_of
from app.services.registers.specs import FieldSpec, RegisterSpec, spec_of
from app.text.search_keys import query_tokens, search_key

#: The most values a column filter lists at once (a partner column holds tens of thousands): the first ones in the
#: order shown; typing in the filter's search box finds the others.
SHOWN_VALUES = 1000


class ListedValues(NamedTuple):
    """What a column filter lists: values (with texts and counts) in the order shown, how many rows have the column
    empty (None when a search was asked: the '(empty)' entry is the caller's), and whether every value is listed."""

    values: list[FilterValue]
    empty: int | None
    complete: bool


def column_values(query: ListQuery, field_name: str, language: str | None = None) -> tuple[list[FilterValue], int]:
    """Every value of a column in the list as its other filters, year and search leave it (its own filter set
    aside), with how many rows hold each, in the order shown; and how many rows have it empty."""
    listed = listed_values(query, field_name, language, limit=None)
    return listed.values, listed.empty or 0


def listed_values(
    query: ListQuery,
    field_name: str,
    language: str | None = None,
    *,
    search: str = "",
    limit: int | None = SHOWN_VALUES,
    chosen: Iterable[Any] = (),
) -> ListedValues:
    """The first `limit` values of a column (None: all) as the list's other filters leave it, matching `search`
    as the quick search matches (any script, case, apostrophes); the values `chosen` are listed even beyond the
    first ones, so that a filter reopened keeps them. The database narrows a search by the stored search keys of
    the records (or of the linked records); only the values it finds are checked against their texts."""
    language = language or current_language()
    spec = spec_of(query.register)
    fs = spec.field(field_name)
    others = replace(query, column_filters={k: v for k, v in query.column_filters.items() if k != field_name},
                     more_orders=[])  # fmt: skip
    tokens = query_tokens(search)
    reader = _Reader(spec, fs, others, language)
    values = reader.values(tokens, None if limit is None else limit + 1)
    complete = limit is None or len(values) <= limit
    values = values[:limit] if limit is not None else values
    missing = [] if complete or tokens else list(set(chosen) - {v.value for v in values})
    if missing:
        values += reader.values([], None, only=missing)
    if fs.kind.ordered_by_value:
        values.sort(key=lambda v: v.value)
    else:
        values.sort(key=lambda v: v.text.casefold())
    return ListedValues(values, None if tokens else reader.empty(), complete)


class _Reader:
    """The SQL of one column's values, grouped and counted, in the order shown."""

    def __init__(self, spec: RegisterSpec, fs: FieldSpec, others: ListQuery, language: str) -> None:
        self.spec, self.fs, self.others, self.language = spec, fs, others, language
        self.labelled = fs.kind.labelled_join(fs, language)
        self.database = spec.model._meta.database

    def _select(self, tokens: list[str], only: list[Any] | None) -> tuple[pw.Select, bool]:
        """The grouped SELECT (value, [label], count), and whether the database narrowed the search."""
        spec, fs, labelled = self.spec, self.fs, self.labelled
        extra = [pw.fn.MAX(labelled[1])] if labelled else []
        narrowed = not tokens
        if fs.kind.many:
            child, parent, value = child_join(spec, fs)
            select = child.select(value, *extra, pw.fn.COUNT(pw.SQL("*"))).where(value.is_null(False))
            if self.others.narrowed:  # else the whole register: its child table alone is read (by its index)
                select = select.where(parent.in_(build_select(self.others, self.language, ordered=False)))
            if labelled:
                select = select.join_from(child, labelled[0], pw.JOIN.LEFT_OUTER, on=labelled[0].id == value)
        else:
            value = value_expression(spec, fs, self.language)
            columns = [value, *extra, pw.fn.COUNT(spec.model.id)]
            select = build_select(self.others, self.language, ordered=False, columns=columns)
            select = select.where(fs.kind.not_blank(value))
            if labelled:
                select = select.join_from(spec.model, labelled[0], pw.JOIN.LEFT_OUTER, on=labelled[0].id == value)
            elif tokens and fs.kind.searched and set(fs.columns) <= set(spec.model.search_fields):
                for token in tokens:  # a record's key holds its texts: the values of the others cannot match
                    select = select.where(spec.model.search_text.contains(token))
                narrowed = True
        if labelled and tokens:
            for token in tokens:  # a linked record's key holds its names in every language
                select = select.where(labelled[0].search_text.contains(token))
            narrowed = True
        if only is not None:
            select = select.where(one_of(value, only))
        order = extra[0] if labelled else value  # the name as an aggregate: PostgreSQL sorts groups by those only
        return select.group_by(value).order_by(order, value), narrowed

    def first_values(self, limit: int) -> list[Any] | None:
        """The first `limit` different values met walking the list in its order, as a spreadsheet's autofilter
        lists the values of its first rows: so many rows are read however long the list is (None: the column has
        fewer values, all of them met)."""
        spec, fs = self.spec, self.fs
        if fs.kind.many:
            child, parent, value = child_join(spec, fs)
            select = build_select(self.others, self.language, columns=[value]).join_from(
                spec.model, child, on=parent == spec.model.id)  # fmt: skip
        else:
            value = value_expression(spec, fs, self.language)
            select = build_select(self.others, self.language, columns=[value])
        met: dict[Any, None] = {}
        cursor = self.database.execute(select)
        while len(met) < limit and (rows := cursor.fetchmany(1000)):
            met.update((row[0], None) for row in rows if row[0] is not None and row[0] != "")
        cursor.close()
        return list(met)[:limit] if len(met) >= limit else None

    def values(self, tokens: list[str], limit: int | None, only: list[Any] | None = None) -> list[FilterValue]:
        """The values in the database's order, at most `limit` of them, the ones matching `tokens` if any."""
        if limit is not None and not tokens and only is None and not self.fs.kind.few_values:
            first = self.first_values(limit)
            if first is not None:
                return self.values([], None, only=first)
        select, narrowed = self._select(tokens, only)
        if limit is not None and narrowed and not tokens:
            select = select.limit(limit)  # what is read is what is shown
        found: list[FilterValue] = []
        cursor = self.database.execute(select)
        while rows := cursor.fetchmany(2000):  # plain tuples: tens of thousands of values
            if self.labelled:
                batch = [FilterValue(row[0], row[1] or str(row[0]), row[2]) for row in rows]
            else:
                texts = _texts(self.fs, [row[0] for row in rows], self.language)
                batch = [FilterValue(row[0], texts.get(row[0], str(row[0])), row[1]) for row in rows]
            if tokens:
                batch = [v for v in batch if all(token in search_key(v.text) for token in tokens)]
            found += batch
            if limit is not None and len(found) >= limit:
                del found[limit:]
                break
        cursor.close()
        return found

    def empty(self) -> int:
        """How many rows of the list have the column empty."""
        spec, fs, others = self.spec, self.fs, self.others
        if fs.kind.many:
            child, parent, _value = child_join(spec, fs)
            total = build_select(others, self.language, ordered=False, columns=[pw.fn.COUNT(spec.model.id)]).scalar()
            holding = child.select(pw.fn.COUNT(parent.distinct()))
            if others.narrowed:
                holding = holding.where(parent.in_(build_select(others, self.language, ordered=False)))
            return (total or 0) - (holding.scalar() or 0)
        value = value_expression(spec, fs, self.language)
        blank = fs.kind.blank(value)
        return build_select(others, self.language, ordered=False, columns=[pw.fn.COUNT(spec.model.id)]).where(
            blank).scalar() or 0  # fmt: skip


def _texts(fs: FieldSpec, values: list[Any], language: str) -> dict[Any, str]:
    return fs.kind.value_texts(fs, values, language, lambda register, ids: labels_of(register, ids, language))


def value_texts(query: ListQuery, field_name: str, values: frozenset) -> dict[Any, str]:
    """How the chosen values of a filter are shown."""
    spec = spec_of(query.register)
    return _texts(spec.field(field_name), list(values), current_language())
