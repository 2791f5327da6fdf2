"""Display rows of a register's list: text in the interface language, dates as dates, money as Money; read by id
(the screen, a print) or in one pass over the list's query (an export)."""

from __future__ import annotations

import datetime as dt
import json
import logging
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from decimal import Decimal
from typing import Any, NamedTuple

import peewee as pw

from app.i18n import _, current_language, format_date, format_money, format_number, unbroken
from app.models import db
from app.services.registers.children import CHILD_TABLES
from app.services.registers.list_query import (
    ListQuery,
    build_select,
    rows_by_id,
    select_ids,
    title_expression,
    value_converter,
)
from app.services.registers.specs import MANY_KINDS, SPECS, FieldSpec, RegisterSpec, spec_of
from app.text.countries import country_name
from app.text.names import localized_name, name_reader

logger = logging.getLogger(__name__)


class Year(int):
    """A year: a number (Excel keeps it one) that is shown without grouping its digits (2019, not 2 019)."""


class Money(NamedTuple):
    """An amount with its currency code."""

    amount: Decimal
    currency: str


def value_text(value: Any) -> str:
    """A display value as text in the interface language (printed lists, dossiers, reports)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, Money):
        return format_money(value.amount, value.currency)
    if isinstance(value, dt.date):
        return unbroken(format_date(value))  # a date stays on one line of a table cell
    if isinstance(value, Year):
        return str(value)
    if isinstance(value, int | Decimal):
        return format_number(value)
    return str(value)


def labels_of(register: str, ids: Iterable[int], language: str | None = None) -> dict[int, str]:
    """The labels of records of `register` by id."""
    language = language or current_language()
    ids = list({i for i in ids if i is not None})
    if not ids:
        return {}
    spec = spec_of(register)
    model = spec.model
    title = spec.field(spec.title_field)
    labels: dict[int, str] = {}
    for chunk_start in range(0, len(ids), 500):
        chunk = ids[chunk_start : chunk_start + 500]
        if title.kind == "link":  # named by another record (book exchange: partner and date)
            for record in model.select().where(model.id.in_(chunk)):
                labels[record.id] = record_label(register, record, language)
            continue
        columns = [model.id, *(model._meta.columns[c] for c in title.columns if c in model._meta.columns)]
        names = [field.name for field in columns]
        if title.kind == "names":
            read = name_reader(title.name, {name: index for index, name in enumerate(names)}, language)
            labels.update((row[0], read(row)) for row in rows_by_id(model, columns, chunk))
            continue
        for row in rows_by_id(model, columns, chunk):
            labels[row[0]] = record_label(register, dict(zip(names, row, strict=True)), language)
    return labels


def record_label(register: str, record: Any, language: str | None = None) -> str:
    """What names a record in lists, pickers and messages."""
    language = language or current_language()
    spec = spec_of(register)
    title = spec.field(spec.title_field)
    if title.kind == "names":
        return localized_name(record, title.name, language)
    if isinstance(record, dict):
        return str(record.get(title.name) or "")
    if title.kind == "link":
        partner = getattr(record, title.name)
        label = record_label(title.link, partner, language) if partner is not None else ""
        when = getattr(record, spec.date_field) if spec.date_field else None
        return f"{label}, {format_date(when)}" if when else label
    return str(getattr(record, title.name) or "")


def _needed_columns(spec: RegisterSpec, specs: Sequence[FieldSpec]) -> list[pw.Field]:
    model = spec.model
    columns = {"id"}
    for fs in specs:
        columns.update(c for c in fs.columns if c in model._meta.columns)
        if fs.kind == "money" and fs.currency:
            columns.add(fs.currency)
    return [model._meta.columns[name] for name in sorted(columns)]


#: Labels of records of a register by id, for the ids asked (it may answer more).
Labeller = Callable[[str, Iterable[int]], dict[int, str]]


def _display_rows(
    spec: RegisterSpec,
    specs: Sequence[FieldSpec],
    names: Sequence[str],
    rows: Sequence[Sequence[Any]],
    language: str,
    *,
    labels: Labeller,
    many: dict[str, dict[int, list[str]]] | None = None,
) -> list[list[Any]]:
    """Display values for rows of the register's table (tuples of the columns `names`), in the same order.
    `many` holds the many-valued fields already read; the others are read here."""
    at = {name: index for index, name in enumerate(names)}
    link_labels = {fs.name: labels(fs.link, {row[at[fs.name]] for row in rows}) for fs in specs if fs.kind == "link"}
    many = dict(many or {})
    ids = [row[at["id"]] for row in rows]
    for fs in specs:
        if fs.kind in MANY_KINDS and fs.name not in many:
            many[fs.name] = _many_values(spec, fs, ids, language, labels)
    cells = [_cell_reader(fs, at, language, link_labels, many) for fs in specs]
    return [[read(row) for read in cells] for row in rows]


def fetch_rows(
    register: str, ids: Sequence[int], fields: Sequence[str], language: str | None = None
) -> dict[int, list[Any]]:
    """Display values of `fields` for the records `ids`: text already in the interface language, dates as dates,
    numbers as numbers, money as `Money`, several values joined by '; '."""
    language = language or current_language()
    spec = spec_of(register)
    if not ids:
        return {}
    specs = [spec.field(name) for name in fields]
    selected = _needed_columns(spec, specs)
    names = [field.name for field in selected]  # a link's id is kept under the field's name, as .dicts() does
    rows = rows_by_id(spec.model, selected, list(ids))
    displayed = _display_rows(
        spec, specs, names, rows, language, labels=lambda register, wanted: labels_of(register, wanted, language)
    )
    id_at = names.index("id")
    return {row[id_at]: shown for row, shown in zip(rows, displayed, strict=True)}


def stream_rows(
    query: ListQuery,
    fields: Sequence[str],
    language: str | None = None,
    *,
    batch: int = 5000,
) -> Iterator[list[Any]]:
    """The list's display rows in its order, read in one pass over its query (for exports of any length).

    The many-valued fields come with each row (a subquery per field, with the linked records' names when SQL can
    say them), and every other label is read once per stream."""
    language = language or current_language()
    spec = query.spec
    specs = [spec.field(name) for name in fields]
    selected = _needed_columns(spec, specs)
    names = [field.name for field in selected]
    inline = [fs for fs in specs if fs.kind in MANY_KINDS and fs.kind != "records"]
    converters = [(index, convert) for index, field in enumerate(selected) if (convert := value_converter(field))]
    known: dict[str, dict[int, str]] = defaultdict(dict)

    def labels(register: str, ids: Iterable[int]) -> dict[int, str]:
        have = known[register]
        missing = {i for i in ids if i is not None and i not in have}
        if missing:
            have.update(labels_of(register, missing, language))
        return have

    children = [_child_values(spec, fs, language) for fs in inline]
    select = build_select(query, language, columns=[*selected, *(node for node, _named in children)], whole=True)
    cursor = db.execute(select)
    width = len(selected)
    id_at = names.index("id")
    while True:
        raw = cursor.fetchmany(batch)
        if not raw:
            return
        rows = []
        for row in raw:
            values = list(row[:width])
            for index, convert in converters:
                values[index] = convert(values[index])
            rows.append(values)
        many = {
            fs.name: _many_texts(
                fs, [(values[id_at], pair[1]) for values, child in zip(rows, raw, strict=True)
                     for pair in sorted(_json_list(child[width + number]))], language, labels,
                named=children[number][1],
            )
            for number, fs in enumerate(inline)
        }  # fmt: skip
        yield from _display_rows(spec, specs, names, rows, language, labels=labels, many=many)


def _child_values(spec: RegisterSpec, fs: FieldSpec, language: str) -> tuple[pw.Node, bool]:
    """A subquery giving a record's values of a many-valued field as a JSON list of [child id, value] pairs, and
    whether the values are the linked records' names already (links to records named by a name or a text)."""
    child, parent_col, value_col = CHILD_TABLES[(spec.name, fs.name)]
    alias = child.alias()
    value = getattr(alias, child._meta.fields[value_col].column_name)
    target = spec_of(fs.link) if fs.kind == "links" and fs.link else None
    # (Uzbek Cyrillic shows Latin Uzbek names transliterated, which SQL cannot do: those labels are read by id.)
    named = target is not None and target.field(target.title_field).kind != "link" and language != "uz-Cyrl"
    if named:
        linked = target.model.alias()
        title = title_expression(target, linked, language)
        value = pw.fn.COALESCE(title, "")  # a link to a record gone: no name, as labels_of says
    if isinstance(db.obj, pw.PostgresqlDatabase):
        pairs = pw.fn.json_agg(pw.fn.json_build_array(alias.id, value))
    else:
        pairs = pw.fn.json_group_array(pw.fn.json_array(alias.id, value))
    parent = getattr(alias, child._meta.fields[parent_col].column_name)
    select = alias.select(pairs)
    if named:
        link = getattr(alias, child._meta.fields[value_col].column_name)
        select = select.join_from(alias, linked, pw.JOIN.LEFT_OUTER, on=linked.id == link)
    return select.where(parent == spec.model.id), named


_JSON = json.JSONDecoder()


def _json_list(value: Any) -> list:
    """A JSON list as the database gives it (PostgreSQL's driver parses it, SQLite gives the text)."""
    if value is None:
        return []
    return value if isinstance(value, list) else _JSON.raw_decode(value)[0]  # raw_decode: no whitespace pass


def _cell_reader(fs: FieldSpec, at: dict[str, int], language: str, link_labels: dict, many: dict) -> Callable:
    """A function giving one field's display value from a row of the register's table (columns indexed by `at`)."""
    name = fs.name
    if fs.kind == "names":
        return name_reader(name, at, language)
    index = at.get(name, -1)
    if fs.kind == "link":
        labels = link_labels[name]  # a link's id is kept under the field's name
        return lambda row: labels.get(row[index], "")
    if fs.kind in MANY_KINDS:
        values = many[name]
        id_at = at["id"]
        return lambda row: "; ".join(values.get(row[id_at], ()))
    if fs.kind == "choice" and fs.choices is not None:
        translated = {code: _(label) for code, label in fs.choices}
        return lambda row: translated.get(row[index], row[index] or "")
    if fs.kind == "country":
        return lambda row: country_name(row[index], language)
    if fs.kind == "money":
        currency = at[fs.currency] if fs.currency else None

        def money(row: Sequence[Any]) -> Money | None:
            value = row[index]
            if value is None:
                return None
            return Money(Decimal(value), (row[currency] if currency is not None else "") or "")

        return money
    if fs.kind == "int" and not fs.grouped:
        return lambda row: None if row[index] is None else Year(row[index])
    return lambda row: row[index]


def _many_values(
    spec: RegisterSpec, fs: FieldSpec, ids: list[int], language: str, labels: Labeller
) -> dict[int, list[str]]:
    """The texts of a many-valued field for the records `ids`, read from its child table."""
    child, parent_col, value_col = CHILD_TABLES[(spec.name, fs.name)]
    parent = child._meta.fields[parent_col]
    if fs.kind == "records":
        return _fulfilment_values(child, parent, ids, labels)
    pairs = rows_by_id(child, [parent, child._meta.fields[value_col]], ids, key=parent, order=child._meta.primary_key)
    return _many_texts(fs, pairs, language, labels)


def _many_texts(
    fs: FieldSpec, pairs: Iterable[tuple[int, Any]], language: str, labels: Labeller, *, named: bool = False
) -> dict[int, list[str]]:
    """(record id, stored value) pairs, in order, as each record's list of texts (labels, country names);
    `named`: the values are the texts already."""
    values: dict[int, list[Any]] = defaultdict(list)
    for parent_id, value in pairs:
        values[parent_id].append(value)
    if named:
        return values
    if fs.kind == "countries":
        return {key: [country_name(code, language) for code in codes] for key, codes in values.items()}
    if fs.kind == "links" and fs.link:
        found = labels(fs.link, {v for vs in values.values() for v in vs})
        return {key: [found.get(v, "") for v in vs] for key, vs in values.items()}
    return {key: [str(v) for v in vs] for key, vs in values.items()}


def _fulfilment_values(
    child: type[pw.Model], parent: pw.Field, ids: list[int], labels: Labeller
) -> dict[int, list[str]]:
    """'Register: record' for each record of any register linked to the parents."""
    links = rows_by_id(child, [parent, child.register, child.record_id], ids, key=parent, order=child._meta.primary_key)
    by_register: dict[str, set[int]] = defaultdict(set)
    for _parent_id, register, record_id in links:
        by_register[register].add(record_id)
    found = {register: labels(register, wanted) for register, wanted in by_register.items() if register in SPECS}
    values: dict[int, list[str]] = defaultdict(list)
    for parent_id, register, record_id in links:
        if register in found:
            values[parent_id].append(f"{_(SPECS[register].singular)}: {found[register].get(record_id, '?')}")
    return values


def pick_candidates(register: str, text: str, *, limit: int = 30, language: str | None = None) -> list[tuple[int, str]]:
    """Records of `register` matching `text`, as (id, label), for a picker: exact matches first, by name, then
    those found by a similar spelling."""
    return ranked_candidates(register, text, limit=limit, language=language)[0]


def ranked_candidates(
    register: str, text: str, *, limit: int = 30, language: str | None = None
) -> tuple[list[tuple[int, str]], int]:
    """A picker's candidates (as `pick_candidates`) and how many of them, first, match `text` exactly."""
    language = language or current_language()
    spec = spec_of(register)
    exact = select_ids(ListQuery(register, search=text, order=(spec.title_field, False), loose=False), language,
                       limit=limit)  # fmt: skip
    ids = list(exact)
    if len(ids) < limit and text.strip():
        similar = ListQuery(register, search=text, order=(spec.title_field, False))
        seen = set(ids)
        ids += [i for i in select_ids(similar, language, limit=limit) if i not in seen][: limit - len(ids)]
    labels = labels_of(register, ids, language)
    return [(record_id, labels.get(record_id, "")) for record_id in ids], len(exact)
