"""The bulk path writes exactly what `records.save_values` writes: the same stored row, children, search text, log."""

from __future__ import annotations

import copy
import datetime as dt
import json

import pytest

from app.models import db
from app.services.imports.bulk_write import create_records
from app.services.registers.records import load_values, save_values
from app.services.registers.specs import spec_of
from tests.services.import_helpers import IMPORT_ORDER


def stored_row(table: str, record_id: int) -> dict:
    """The row as SQLite stores it (read with plain SQL: the stored types, not what peewee makes of them)."""
    cursor = db.obj.execute_sql(f'SELECT * FROM "{table}" WHERE id = {db.obj.param}', (record_id,))
    names = [column[0] for column in cursor.description]
    return dict(zip(names, cursor.fetchone(), strict=True))


def children(register: str, record_id: int) -> dict[str, list[tuple]]:
    found = {}
    for fs in spec_of(register).many_fields:
        field_name, child, parent = fs.name, fs.child.model, fs.child.parent
        table = child._meta.table_name
        column = child._meta.fields[parent].column_name
        cursor = db.obj.execute_sql(
            f'SELECT * FROM "{table}" WHERE "{column}" = {db.obj.param} ORDER BY id', (record_id,)
        )
        names = [c[0] for c in cursor.description]
        found[field_name] = [
            tuple(v for n, v in zip(names, row, strict=True) if n not in ("id", column)) for row in cursor.fetchall()
        ]
    return found


def logged(register: str, record_id: int) -> list[tuple]:
    table = spec_of(register).model._meta.table_name
    p = db.obj.param
    cursor = db.obj.execute_sql(
        f"SELECT changed_by, register, action, changes FROM change_log WHERE register = {p} AND record_id = {p}",
        (table, record_id),
    )
    entries = []
    for changed_by, name, action, changes in cursor.fetchall():
        values = json.loads(changes)
        assert values.pop("id") == record_id
        entries.append((changed_by, name, action, values))
    return entries


def moment(value: object) -> dt.datetime:
    return value if isinstance(value, dt.datetime) else dt.datetime.fromisoformat(str(value))


@pytest.mark.parametrize("register", IMPORT_ORDER)
def test_bulk_creation_stores_what_save_values_stores(any_database, load_sample, register: str) -> None:  # noqa: ANN001
    load_sample()
    spec = spec_of(register)
    model = spec.model
    items = []
    for (record_id,) in model.select(model.id).order_by(model.id).limit(4).tuples():
        values, _version = load_values(register, record_id)
        if register == "agreements":
            values["reg_number"] = None  # unique: the two copies cannot share it
        items.append(values)
    with db.atomic():
        one_by_one = [save_values(register, copy.deepcopy(values)) for values in items]
    with db.atomic():
        bulk = create_records(register, copy.deepcopy(items))
    table = model._meta.table_name
    for single, many in zip(one_by_one, bulk, strict=True):
        expected, got = stored_row(table, single), stored_row(table, many)
        for stamp in ("created_at", "updated_at"):
            gap = moment(got.pop(stamp)) - moment(expected.pop(stamp))
            assert abs(gap.total_seconds()) < 5
        assert (expected.pop("id"), got.pop("id")) == (single, many)
        assert got == expected
        assert got["search_text"]
        assert children(register, many) == children(register, single)
        assert logged(register, many) == logged(register, single)
