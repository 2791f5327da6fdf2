"""Checking a database: SQLite's own integrity checks, or orphan and constraint checks on PostgreSQL."""

from __future__ import annotations

import logging

import peewee as pw

from app.i18n import _
from app.models.migrations import current_models

logger = logging.getLogger(__name__)


def check_database(database: pw.Database) -> list[str]:
    """Every problem found, as sentences for the officer; an empty list when all is well."""
    problems: list[str] = []
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
