"""Checking a database: SQLite's own integrity checks, or orphan and constraint checks on PostgreSQL."""

from __future__ import annotations

import functools
import logging

import peewee as pw

from app.i18n import _
from app.models.migrations import current_models

logger = logging.getLogger(__name__)


@functools.cache
def expected_schema() -> dict[str, tuple[frozenset[str], frozenset[str]]]:
    """The tables of the current schema: for each, its columns and its indexes' names (from a fresh database)."""
    scratch = pw.SqliteDatabase(":memory:")
    for model in current_models():  # not bind_ctx: that rebinds the models for every thread while the check runs
        pw.SchemaManager(model, database=scratch).create_all()
    return {
        table: (
            frozenset(column.name for column in scratch.get_columns(table)),
            frozenset(index.name for index in scratch.get_indexes(table) if not index.name.startswith("sqlite_")),
        )
        for table in scratch.get_tables()
    }


def schema_problems(database: pw.Database, *, tables_only: bool = False) -> list[str]:
    """What the database lacks of the current schema (tables, columns, indexes), as sentences for the officer.
    `tables_only` for an older version, whose columns the migration will bring."""
    problems: list[str] = []
    present = set(database.get_tables())
    for table, (columns, indexes) in expected_schema().items():
        if table not in present:
            if not tables_only or table in _TABLES_OF_EVERY_VERSION:
                problems.append(_("The table “{table}” is missing.").format(table=table))
            continue
        if tables_only:
            continue
        missing = sorted(columns - {column.name for column in database.get_columns(table)})
        if missing:
            problems.append(
                _("The table “{table}” lacks the columns {columns}.").format(table=table, columns=", ".join(missing))
            )
        absent = sorted(indexes - {index.name for index in database.get_indexes(table)})
        if absent:
            problems.append(
                _("The table “{table}” lacks the indexes {indexes}.").format(table=table, indexes=", ".join(absent))
            )
    return problems


#: The tables every version of Hamkor's schema has (later ones are added by the migration ladder).
_TABLES_OF_EVERY_VERSION = frozenset({"schema_version", "partner", "agreement", "attachment", "attachment_content"})


def check_database(database: pw.Database) -> list[str]:
    """Every problem found, as sentences for the officer; an empty list when all is well."""
    problems: list[str] = schema_problems(database)
    if isinstance(database, pw.SqliteDatabase):
        problems += _sqlite_checks(database)
    else:
        problems += _postgresql_checks(database)
    return problems


def _sqlite_checks(database: pw.SqliteDatabase) -> list[str]:
    problems: list[str] = []
    try:
        rows = [row[0] for row in database.execute_sql("PRAGMA integrity_check").fetchall()]
    except pw.DatabaseError as error:
        return [_("The database file is damaged: {reason}").format(reason=error)]
    if rows != ["ok"]:
        problems += [_("Integrity check: {detail}").format(detail=row) for row in rows[:20]]
    for table, rowid, parent, _fk in database.execute_sql("PRAGMA foreign_key_check").fetchall()[:50]:
        problems.append(
            _("Record {rowid} in table “{table}” refers to a missing record in “{parent}”.").format(
                rowid=rowid, table=table, parent=parent
            )
        )
    return problems


def _postgresql_checks(database: pw.Database) -> list[str]:
    """PostgreSQL enforces keys itself; check that no constraint was left unvalidated and no link dangles."""
    problems: list[str] = []
    unvalidated = database.execute_sql(
        "SELECT conrelid::regclass::text, conname FROM pg_constraint "
        "WHERE NOT convalidated AND connamespace = 'public'::regnamespace"
    ).fetchall()
    for table, name in unvalidated:
        problems.append(_("Constraint “{name}” of table “{table}” is not validated.").format(name=name, table=table))
    for model in current_models():
        for fk in model._meta.refs:
            table, parent = model._meta.table_name, fk.rel_model._meta.table_name
            sql = (
                f'SELECT count(*) FROM "{table}" t WHERE t."{fk.column_name}" IS NOT NULL AND NOT EXISTS '
                f'(SELECT 1 FROM "{parent}" p WHERE p."{fk.rel_field.column_name}" = t."{fk.column_name}")'
            )
            (orphans,) = database.execute_sql(sql).fetchone()
            if orphans:
                problems.append(
                    _("{count} records in table “{table}” refer to missing records in “{parent}”.").format(
                        count=orphans, table=table, parent=parent
                    )
                )
    return problems
