"""Register lists: ordered ids from one SQL query (search, filters, sort), then display rows fetched by id."""

from __future__ import annotations

import datetime as dt
import json
import logging
from array import array
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, NamedTuple

import peewee as pw

from app.i18n import _, current_language
from app.models import (
    AgreementParty,
    EventCountry,
    EventPartner,
    PlanLink,
    ProjectPartner,
    TripTraveller,
    VisitCountry,
    VisitMember,
    VisitPartner,
    db,
)
from app.services.countries import country_name
from app.services.registers import MANY_KINDS, SPECS, FieldSpec, RegisterSpec, spec_of
from app.services.textsearch import query_tokens

logger = logging.getLogger(__name__)

LANGS = ("uz", "ru", "en", "orig")

#: Which stored language to show first, then the fallbacks, for each interface language.
NAME_FALLBACK = {
    "uz": ("uz", "en", "ru", "orig"),
    "uz-Cyrl": ("uz", "ru", "en", "orig"),
    "ru": ("ru", "uz", "en", "orig"),
    "en": ("en", "uz", "ru", "orig"),
}

#: The child tables behind many-valued fields: (table, parent column, value column).
CHILD_TABLES: dict[tuple[str, str], tuple[type[pw.Model], str, str]] = {
    ("agreements", "parties"): (AgreementParty, "agreement", "partner"),
    ("projects", "partners"): (ProjectPartner, "project", "partner"),
    ("events", "partners"): (EventPartner, "event", "partner"),
    ("events", "countries"): (EventCountry, "event", "country"),
    ("visits", "partners"): (VisitPartner, "visit", "partner"),
    ("visits", "countries"): (VisitCountry, "visit", "country"),
    ("visits", "members"): (VisitMember, "visit", "full_name"),
    ("trips", "travellers"): (TripTraveller, "trip", "employee"),
    ("plan", "fulfilled_by"): (PlanLink, "plan_item", "record_id"),
}


class Money(NamedTuple):
    """An amount with its currency code."""

    amount: Decimal
    currency: str


def value_text(value: Any) -> str:
    """A display value as text in the interface language (printed lists, dossiers, reports)."""
    from app.i18n import format_date, format_money, format_number

    if value is None:
        return ""
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, Money):
        return format_money(value.amount, value.currency)
    if isinstance(value, dt.date):
        return format_date(value)
    if isinstance(value, int | Decimal):
        return format_number(value)
    return str(value)


def localized_name(values: dict[str, Any] | Any, base: str, language: str | None = None) -> str:
    """The multilingual name `base` in the interface language, falling back to the other languages."""
    language = language or current_language()
    get = values.get if isinstance(values, dict) else lambda key: getattr(values, key, "")
    for lang in NAME_FALLBACK.get(language, NAME_FALLBACK["en"]):
        text = get(f"{base}_{lang}") or ""
        if text.strip():
            return _shown_name(text, lang, language)
    return ""


def name_alternatives(record: object, base: str, language: str) -> list[str]:
    """A multilingual name: the one for `language` first, then the other stored ones (a PDF falls back to them
    from a script its font lacks)."""
    preferred = localized_name(record, base, language)
    others = [getattr(record, f"{base}_{lang}", "") or "" for lang in LANGS]
    return [preferred, *[text for text in dict.fromkeys(others) if text and text != preferred]]


def _shown_name(text: str, stored: str, language: str) -> str:
    """A stored name as the interface shows it: Uzbek Cyrillic shows the Latin Uzbek name transliterated."""
    if language == "uz-Cyrl" and stored == "uz":
        from app.services.translit import uz_latin_to_cyrillic

        return uz_latin_to_cyrillic(text)
    return text


def name_order_expression(table: pw.ModelAlias | type[pw.Model], base: str, language: str | None = None) -> pw.Node:
    """SQL for sorting by a multilingual name the way it is shown: the first non-empty language in fallback order."""
    language = language or current_language()
    columns = [getattr(table, f"{base}_{lang}") for lang in NAME_FALLBACK.get(language, NAME_FALLBACK["en"])]
    return pw.fn.COALESCE(*[pw.fn.NULLIF(column, "") for column in columns])


@dataclass
class ListQuery:
    """What a list shows: search text, filters (field name → value), a year, and the sort order."""

    register: str
    search: str = ""
    filters: dict[str, Any] = field(default_factory=dict)
    year: int | None = None
    order: tuple[str, bool] | None = None  # (field name, descending)

    @property
    def spec(self) -> RegisterSpec:
        """The register's description."""
        return spec_of(self.register)


def _column(model: type[pw.Model], name: str) -> pw.Field:
    return model._meta.fields[name]


def _title_expression(spec: RegisterSpec, table: Any, language: str) -> pw.Node:
    title = spec.field(spec.title_field)
    if title.kind == "names":
        return name_order_expression(table, title.name, language)
    if title.kind == "link":
        return getattr(table, f"{title.name}_id")
    return getattr(table, title.name)


Join = tuple[Any, pw.Node]


def sort_expression(
    spec: RegisterSpec, field_name: str, language: str | None = None
) -> tuple[pw.Node | None, list[Join]]:
    """The SQL expression a column sorts by (None when it cannot be sorted), and the joins it needs."""
    language = language or current_language()
    model = spec.model
    if field_name == "id":
        return model.id, []
    fs = spec.field(field_name)
    if fs.kind == "names":
        return name_order_expression(model, fs.name, language), []
    if fs.kind == "link":
        target = spec_of(fs.link)
        alias = target.model.alias()
        return _title_expression(target, alias, language), [(alias, alias.id == getattr(model, f"{fs.name}_id"))]
    if fs.kind in MANY_KINDS:
        return None, []
    column = _column(model, fs.name)
    if fs.kind == "choice" and fs.choices is not None:
        return pw.Case(column, [(code, _(label)) for code, label in fs.choices]), []
    if fs.kind == "country":
        codes = [row[0] for row in model.select(column).distinct().where(column.is_null(False)).tuples()]
        if not codes:
            return column, []
        return pw.Case(column, [(code, country_name(code, language)) for code in codes]), []
    return column, []


def _filter_condition(spec: RegisterSpec, fs: FieldSpec, value: Any) -> pw.Node:
    model = spec.model
    if fs.kind in ("links", "countries"):
        child, parent_col, value_col = CHILD_TABLES[(spec.name, fs.name)]
        return model.id.in_(child.select(getattr(child, parent_col)).where(getattr(child, value_col) == value))
    column = _column(model, fs.name)
    if fs.kind == "link":
        return column == int(value)
    return column == value


def build_select(
    query: ListQuery, language: str | None = None, *, columns: Sequence[pw.Node] = (), whole: bool = False
) -> pw.ModelSelect:
    """The SELECT of the list's ids (or of `columns`), with search, filters, year and order applied.
    `whole`: every row will be read (an export), not just the first screen."""
    spec = query.spec
    model = spec.model
    select = model.select(*(columns or [model.id]))
    for token in query_tokens(query.search):
        select = select.where(model.search_text.contains(token))
    for name, value in query.filters.items():
        if value is None or value == "":
            continue
        select = select.where(_filter_condition(spec, spec.field(name), value))
    if query.year is not None:
        if spec.date_field:
            column = _column(model, spec.date_field)
            select = select.where(column.between(dt.date(query.year, 1, 1), dt.date(query.year, 12, 31)))
        elif "year" in spec.fields_by_name:
            select = select.where(model.year == query.year)
    field_name, descending = query.order or spec.default_order
    expression, joins = sort_expression(spec, field_name, language)
    for alias, on in joins:
        select = select.join_from(model, alias, pw.JOIN.LEFT_OUTER, on=on)
    expression = expression if expression is not None else model.id
    if (whole or query.search.strip()) and isinstance(db.obj, pw.SqliteDatabase):
        # A search or an export reads every row anyway: sorting them is cheaper than walking a date index in order
        # (SQLite would otherwise pick the index for ORDER BY and read the table in random order).
        expression = pw.NodeList((pw.SQL("+"), expression), glue="")
    ordering = [expression.desc() if descending else expression.asc(), model.id.desc() if descending else model.id]
    return select.order_by(*ordering)


def select_ids(query: ListQuery, language: str | None = None, *, limit: int | None = None) -> Sequence[int]:
    """The ids of the list's records, in order: a compact array read straight from the cursor (100,000 ids take
    800 KB and a few milliseconds, not the 10 MB of a list of row tuples)."""
    select = build_select(query, language)
    if limit is not None:
        select = select.limit(limit)
    cursor = query.spec.model._meta.database.execute(select)
    return array("q", (row[0] for row in cursor))


def count_all(register: str) -> int:
    """How many records the register holds."""
    return spec_of(register).model.select().count()


def _converter(field: pw.Field) -> Callable[[Any], Any] | None:
    """How a raw database value becomes the Python value (None: it already is one)."""
    if isinstance(field, pw.DateField):
        return lambda v: v if v is None or isinstance(v, dt.date) else dt.date.fromisoformat(str(v)[:10])
    if isinstance(field, pw.BooleanField):
        return lambda v: v if v is None else bool(v)
    if isinstance(field, pw.DecimalField):
        return lambda v: v if v is None or isinstance(v, Decimal) else Decimal(str(v))
    return None


def rows_by_id(
    model: type[pw.Model],
    fields: Sequence[pw.Field],
    ids: Sequence[int],
    *,
    key: pw.Field | None = None,
    order: pw.Field | None = None,
) -> list[tuple]:
    """Rows of `fields` whose `key` (the id) is one of `ids`, read with plain SQL: a list of 100,000 rows is read
    in a fraction of the time peewee's row objects take. Values are converted as the models would."""
    key = key or model._meta.primary_key
    database = model._meta.database
    table = model._meta.table_name
    names = ", ".join(f'"{field.column_name}"' for field in fields)
    placeholders = ", ".join([database.param] * len(ids))
    sql = f'SELECT {names} FROM "{table}" WHERE "{key.column_name}" IN ({placeholders})'
    if order is not None:
        sql += f' ORDER BY "{order.column_name}"'
    rows = database.execute_sql(sql, list(ids)).fetchall()
    converters = [(index, convert) for index, field in enumerate(fields) if (convert := _converter(field))]
    if not converters:
        return rows
    converted = []
    for row in rows:
        values = list(row)
        for index, convert in converters:
            values[index] = convert(values[index])
        converted.append(tuple(values))
    return converted


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
            read = _cell_reader(title, {name: index for index, name in enumerate(names)}, language, {}, {})
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
        return f"{label}, {when.isoformat()}" if when else label
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
    query: ListQuery, fields: Sequence[str], language: str | None = None, *, batch: int = 5000
) -> Iterator[list[Any]]:
    """The list's display rows in its order, read in one pass over its query (for exports of any length).

    The many-valued fields come with each row (a subquery per field), and every label is read once per stream."""
    language = language or current_language()
    spec = query.spec
    specs = [spec.field(name) for name in fields]
    selected = _needed_columns(spec, specs)
    names = [field.name for field in selected]
    inline = [fs for fs in specs if fs.kind in MANY_KINDS and fs.kind != "records"]
    converters = [(index, convert) for index, field in enumerate(selected) if (convert := _converter(field))]
    known: dict[str, dict[int, str]] = defaultdict(dict)

    def labels(register: str, ids: Iterable[int]) -> dict[int, str]:
        have = known[register]
        missing = {i for i in ids if i is not None and i not in have}
        if missing:
            have.update(labels_of(register, missing, language))
        return have

    select = build_select(query, language, columns=[*selected, *(_child_values(spec, fs) for fs in inline)], whole=True)
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
                     for pair in sorted(_json_list(child[width + number]))], language, labels
            )
            for number, fs in enumerate(inline)
        }  # fmt: skip
        yield from _display_rows(spec, specs, names, rows, language, labels=labels, many=many)


def _child_values(spec: RegisterSpec, fs: FieldSpec) -> pw.Node:
    """A subquery giving a record's values of a many-valued field as a JSON list of [child id, value] pairs."""
    child, parent_col, value_col = CHILD_TABLES[(spec.name, fs.name)]
    alias = child.alias()
    value = getattr(alias, child._meta.fields[value_col].column_name)
    if isinstance(db.obj, pw.PostgresqlDatabase):
        pairs = pw.fn.json_agg(pw.fn.json_build_array(alias.id, value))
    else:
        pairs = pw.fn.json_group_array(pw.fn.json_array(alias.id, value))
    parent = getattr(alias, child._meta.fields[parent_col].column_name)
    return alias.select(pairs).where(parent == spec.model.id)


_JSON = json.JSONDecoder()


def _json_list(value: Any) -> list:
    """A JSON list as the database gives it (PostgreSQL's driver parses it, SQLite gives the text)."""
    if value is None:
        return []
    return value if isinstance(value, list) else _JSON.raw_decode(value)[0]  # raw_decode: no whitespace pass


def _name_reader(positions: Sequence[tuple[int, str]], language: str) -> Callable[[Sequence[Any]], str]:
    """Reads a multilingual name from a row: the first non-empty of the (column index, stored language) pairs,
    in the interface language's fallback order."""

    def read(row: Sequence[Any]) -> str:
        for index, lang in positions:
            text = row[index]
            if text and text.strip():
                return _shown_name(text, lang, language)
        return ""

    return read


def _cell_reader(fs: FieldSpec, at: dict[str, int], language: str, link_labels: dict, many: dict) -> Callable:
    """A function giving one field's display value from a row of the register's table (columns indexed by `at`)."""
    name = fs.name
    if fs.kind == "names":
        fallback = NAME_FALLBACK.get(language, NAME_FALLBACK["en"])
        return _name_reader([(at[f"{name}_{lang}"], lang) for lang in fallback], language)
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
    fs: FieldSpec, pairs: Iterable[tuple[int, Any]], language: str, labels: Labeller
) -> dict[int, list[str]]:
    """(record id, stored value) pairs, in order, as each record's list of texts (labels, country names)."""
    values: dict[int, list[Any]] = defaultdict(list)
    for parent_id, value in pairs:
        values[parent_id].append(value)
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


def registers() -> list[RegisterSpec]:
    """Every register's description in navigation order."""
    return list(SPECS.values())


def pick_candidates(register: str, text: str, *, limit: int = 30, language: str | None = None) -> list[tuple[int, str]]:
    """Records of `register` matching `text`, as (id, label), for a picker: best-named first."""
    language = language or current_language()
    ids = select_ids(
        ListQuery(register, search=text, order=(spec_of(register).title_field, False)), language, limit=limit
    )
    labels = labels_of(register, ids, language)
    return [(record_id, labels.get(record_id, "")) for record_id in ids]


def distinct_values(register: str, field_name: str) -> list[Any]:
    """The distinct stored values of a field (for a filter's choices), without empties."""
    spec = spec_of(register)
    fs = spec.field(field_name)
    if fs.kind in ("links", "countries"):
        child, _parent_col, value_col = CHILD_TABLES[(register, field_name)]
        field_ = child._meta.fields[value_col]
        column = getattr(child, field_.column_name) if isinstance(field_, pw.ForeignKeyField) else field_
    else:
        column = spec.model._meta.fields[fs.name]
        if isinstance(column, pw.ForeignKeyField):
            column = getattr(spec.model, column.column_name)
    rows = column.model.select(column).distinct().where(column.is_null(False)).tuples()
    return [row[0] for row in rows if row[0] not in ("", None)]


def years_of(register: str) -> list[int]:
    """The years the register's records fall in, newest first."""
    spec = spec_of(register)
    if spec.date_field:
        column = spec.model._meta.fields[spec.date_field]
        lowest = spec.model.select(pw.fn.MIN(column)).scalar()
        highest = spec.model.select(pw.fn.MAX(column)).scalar()
        if not lowest or not highest:
            return []
        low = lowest.year if isinstance(lowest, dt.date) else int(str(lowest)[:4])
        high = highest.year if isinstance(highest, dt.date) else int(str(highest)[:4])
        return list(range(high, low - 1, -1))
    if "year" in spec.fields_by_name:
        return sorted(distinct_values(register, "year"), reverse=True)
    return []
