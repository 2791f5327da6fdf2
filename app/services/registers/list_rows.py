"""Display rows of a register's list: text in the interface language, dates as dates, money as Money; read by id
(the screen, a print) or in one pass over the list's query (an export)."""

from __future__ import annotations

import datetime as dt
import json
import logging
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal
from typing import Any

import peewee as pw

from app.i18n import _, current_language, format_date, format_money, format_number, unbroken
from app.models import db
from app.services.registers.kinds import CellContext, Labeller, Money, Year
from app.services.registers.list_query import (
    ListQuery,
    build_select,
    rows_by_id,
    select_ids,
    value_converter,
)
from app.services.registers.specs import FieldSpec, RegisterSpec, spec_of

logger = logging.getLogger(__name__)


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
    context = CellContext(language, {}, {})
    for chunk_start in range(0, len(ids), 500):
        chunk = ids[chunk_start : chunk_start + 500]
        if not title.kind.names_by_sql():  # named by another record (book exchange: partner and date)
            for record in model.select().where(model.id.in_(chunk)):
                labels[record.id] = record_label(register, record, language)
            continue
        columns = [model.id, *(model._meta.columns[c] for c in title.columns if c in model._meta.columns)]
        read = title.kind.cell_reader(title, {field.name: index for index, field in enumerate(columns)}, context)
        labels.update((row[0], str(read(row) or "")) for row in rows_by_id(model, columns, chunk))
    return labels


def record_label(register: str, record: Any, language: str | None = None) -> str:
    """What names a record in lists, pickers and messages."""
    language = language or current_language()
    spec = spec_of(register)
    title = spec.field(spec.title_field)
    if isinstance(record, dict) or title.kind.names_by_sql():
        return title.kind.label(title, record, language)
    # named by a link: the linked record's name and the record's date (book exchange: partner and date)
    partner = getattr(record, title.name)
    label = record_label(title.link, partner, language) if partner is not None else ""
    when = getattr(record, spec.date_field) if spec.date_field else None
    return f"{label}, {format_date(when)}" if when else label


def _needed_columns(spec: RegisterSpec, specs: Sequence[FieldSpec]) -> list[pw.Field]:
    model = spec.model
    columns = {"id"}
    for fs in specs:
        columns.update(c for c in fs.kind.read_columns(fs) if c in model._meta.columns)
    return [model._meta.columns[name] for name in sorted(columns)]


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
    link_labels = {fs.name: labels(fs.link, {row[at[fs.name]] for row in rows}) for fs in specs if fs.kind.labelled}
    many = dict(many or {})
    ids = [row[at["id"]] for row in rows]
    for fs in specs:
        if fs.kind.many and fs.name not in many:
            many[fs.name] = _many_values(fs, ids, language, labels)
    context = CellContext(language, link_labels, many)
    cells = [fs.kind.cell_reader(fs, at, context) for fs in specs]
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
    inline = [fs for fs in specs if fs.kind.many and fs.kind.inline]
    converters = [(index, convert) for index, field in enumerate(selected) if (convert := value_converter(field))]
    known: dict[str, dict[int, str]] = defaultdict(dict)

    def labels(register: str, ids: Iterable[int]) -> dict[int, str]:
        have = known[register]
        missing = {i for i in ids if i is not None and i not in have}
        if missing:
            have.update(labels_of(register, missing, language))
        return have

    children = [_child_values(spec.model, fs, language) for fs in inline]
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


def _child_values(model: type[pw.Model], fs: FieldSpec, language: str) -> tuple[pw.Node, bool]:
    """A subquery giving a record's values of a many-valued field as a JSON list of [child id, value] pairs, and
    whether the values are the linked records' names already (links to records named by a name or a text)."""
    child = fs.child
    alias = child.model.alias()
    value = getattr(alias, child.model._meta.fields[child.value].column_name)
    # (Uzbek Cyrillic shows Latin Uzbek names transliterated, which SQL cannot do: those labels are read by id.)
    joined = fs.kind.labelled_join(fs, language) if language != "uz-Cyrl" else None
    if joined is not None:
        linked, title = joined
        value = pw.fn.COALESCE(title, "")  # a link to a record gone: no name, as labels_of says
    if isinstance(db.obj, pw.PostgresqlDatabase):
        pairs = pw.fn.json_agg(pw.fn.json_build_array(alias.id, value))
    else:
        pairs = pw.fn.json_group_array(pw.fn.json_array(alias.id, value))
    parent = getattr(alias, child.parent_field.column_name)
    select = alias.select(pairs)
    if joined is not None:
        link = getattr(alias, child.model._meta.fields[child.value].column_name)
        select = select.join_from(alias, linked, pw.JOIN.LEFT_OUTER, on=linked.id == link)
    return select.where(parent == model.id), joined is not None


_JSON = json.JSONDecoder()


def _json_list(value: Any) -> list:
    """A JSON list as the database gives it (PostgreSQL's driver parses it, SQLite gives the text)."""
    if value is None:
        return []
    return value if isinstance(value, list) else _JSON.raw_decode(value)[0]  # raw_decode: no whitespace pass


def _many_values(fs: FieldSpec, ids: list[int], language: str, labels: Labeller) -> dict[int, list[str]]:
    """The texts of a many-valued field for the records `ids`, read from its child table."""
    child = fs.child
    columns = [child.parent_field, *fs.kind.child_columns(fs)]
    rows = rows_by_id(child.model, columns, ids, key=child.parent_field, order=child.model._meta.primary_key)
    return fs.kind.many_texts(fs, rows, language, labels)


def _many_texts(
    fs: FieldSpec, pairs: Iterable[tuple[int, Any]], language: str, labels: Labeller, *, named: bool = False
) -> dict[int, list[str]]:
    """(record id, stored value) pairs, in order, as each record's list of texts (labels, country names);
    `named`: the values are the texts already."""
    if not named:
        return fs.kind.many_texts(fs, pairs, language, labels)
    values: dict[int, list[Any]] = defaultdict(list)
    for parent_id, value in pairs:
        values[parent_id].append(value)
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
