"""Writing many new records at once, exactly as `records.save_values` writes one, only without its per-row SQL cost.

For each record the same steps run on the same model instance: `records.assign_values` puts the values on it, the
bookkeeping columns are set as `Record.save` sets them, the model computes its own search text, the change log gets the
same "create" entry, and the many-valued fields go through their kind's `replace_children`; the search text is computed
again once the children are there (as `save_values` does with `reindex`). What differs is how the rows reach the
database: one INSERT for a whole batch (SQLite: a prepared statement run over the batch; PostgreSQL: one multi-row
VALUES per batch), with the ids handed out beforehand — on SQLite from the table's highest id inside the import's
write transaction (which holds the only write lock), on PostgreSQL from the table's own sequence.
`tests/services/test_import_write.py` checks that the rows and log entries are the ones `save_values` writes.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from typing import Any

import peewee as pw

from app.models import Record, db
from app.models.base import ChangeLog, current_user, utc_now
from app.services.registers import records as record_service
from app.services.registers.specs import RegisterSpec, spec_of

logger = logging.getLogger(__name__)

BATCH = 500


def bulk_supported() -> bool:
    """Whether the open database takes the bulk path (SQLite and PostgreSQL do)."""
    return isinstance(db.obj, (pw.SqliteDatabase, pw.PostgresqlDatabase))


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _reserve_ids(model: type[pw.Model], count: int) -> list[int]:
    """Ids for `count` new rows that nobody else can take."""
    table = model._meta.table_name
    if isinstance(db.obj, pw.PostgresqlDatabase):
        cursor = db.obj.execute_sql(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)", (table, count)
        )
        return [row[0] for row in cursor.fetchall()]
    highest = model.select(pw.fn.MAX(model.id)).scalar() or 0  # under the import's write lock (BEGIN IMMEDIATE)
    return list(range(highest + 1, highest + 1 + count))


def _insert_rows(model: type[pw.Model], rows: list[dict[str, Any]], *, with_id: bool = True) -> None:
    """INSERT the rows (field name → value, converted by each field as peewee converts it) in one statement."""
    if not rows:
        return
    fields = [f for f in model._meta.sorted_fields if with_id or not f.primary_key]
    table = _quote(model._meta.table_name)
    columns = ", ".join(_quote(f.column_name) for f in fields)
    params = [tuple(f.db_value(row.get(f.name)) for f in fields) for row in rows]
    if isinstance(db.obj, pw.PostgresqlDatabase):
        from psycopg2.extras import execute_values

        execute_values(db.obj.cursor(), f"INSERT INTO {table} ({columns}) VALUES %s", params, page_size=BATCH)
    else:
        placeholders = ", ".join([db.obj.param] * len(fields))
        db.obj.cursor().executemany(f"INSERT INTO {table} ({columns}) VALUES ({placeholders})", params)


def _linked_records(spec: RegisterSpec, items: list[dict[str, Any]]) -> dict[str, dict[int, pw.Model]]:
    """The records the items' link fields point to, by field, loaded in a few queries (for the search texts)."""
    found: dict[str, dict[int, pw.Model]] = {}
    for fs in spec.fields:
        if fs.link is None or fs.kind.many:  # not a link to one record
            continue
        ids = sorted({values.get(fs.name) for values in items if isinstance(values.get(fs.name), int)})
        model = spec_of(fs.link).model
        loaded: dict[int, pw.Model] = {}
        for start in range(0, len(ids), BATCH):
            for record in model.select().where(model.id.in_(ids[start : start + BATCH])):
                loaded[record.id] = record
        found[fs.name] = loaded
    return found


def create_records(
    register: str, items: list[dict[str, Any]], *, progress: Callable[[int], None] | None = None
) -> list[int]:
    """Insert new records with the values (as `save_values` takes them, already valid); return their ids in order.

    Must run inside the import's transaction (on SQLite it holds the write lock, so no other writer takes an id).
    """
    spec = spec_of(register)
    model = spec.model
    many = list(spec.many_fields)
    links = _linked_records(spec, items)
    reserved = iter(_reserve_ids(model, len(items)))
    ids: list[int] = []
    for start in range(0, len(items), BATCH):
        batch = items[start : start + BATCH]
        now, user = utc_now(), current_user()
        created: list[Record] = []
        logs: list[dict[str, Any]] = []
        for values in batch:
            record: Record = model(is_sample=False)
            record_service.assign_values(spec, record, values)
            for name, loaded in links.items():
                linked = loaded.get(values.get(name))
                if linked is not None:
                    setattr(record, name, linked)
            record.refresh_search_text()
            record.created_at = record.created_at or now
            record.updated_at = now
            record.created_by = record.created_by or user
            record.updated_by = user
            record.version = 1
            record.id = next(reserved)
            extra = {fs.name: fs.kind.logged(values[fs.name]) for fs in many if values.get(fs.name)}
            logs.append(
                {
                    "changed_at": now,
                    "changed_by": user,
                    "register": model._meta.table_name,
                    "record_id": record.id,
                    "action": "create",
                    "changes": json.dumps(
                        {**record._logged_values(record.__data__), **extra},
                        ensure_ascii=False,
                        default=str,
                        sort_keys=True,
                    ),
                }
            )
            created.append(record)
        _insert_rows(model, [record.__data__ for record in created])
        _insert_rows(ChangeLog, logs, with_id=False)
        if many:
            for record, values in zip(created, batch, strict=True):
                for fs in many:
                    fs.kind.replace_children(fs, record.id, values.get(fs.name) or [])
                record.refresh_search_text()
            param = db.obj.param
            db.obj.cursor().executemany(
                f"UPDATE {_quote(model._meta.table_name)} SET search_text = {param}, loose_text = {param}"
                f" WHERE id = {param}",
                [(record.search_text, record.loose_text, record.id) for record in created],
            )
        ids += [record.id for record in created]
        if progress is not None:
            progress(len(ids))
    return ids
