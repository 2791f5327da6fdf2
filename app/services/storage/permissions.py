"""Whether this officer may change the registry: a PostgreSQL role without write privileges, or a read-only file."""

from __future__ import annotations

import logging
import os
from pathlib import Path

import peewee as pw

from app.i18n import _
from app.models.base import db

logger = logging.getLogger(__name__)

#: The table whose privileges stand for the registry's (every role gets the same grants on all tables).
PROBE_TABLE = "partner"


def read_only_reason(database: pw.Database | None = None) -> str | None:
    """Why the registry cannot be changed from here, for the officer; None when it can."""
    database = database or db.obj
    if database is None:
        return _("No database is open.")
    try:
        if isinstance(database, pw.PostgresqlDatabase):
            return _postgresql_reason(database)
        return _sqlite_reason(database)
    except pw.DatabaseError as error:  # a failed check must not make a writable registry look read-only
        logger.warning("cannot tell whether the registry is writable: %s", error)
        return None


def can_write(database: pw.Database | None = None) -> bool:
    """Whether records can be created, changed and deleted (False: show the interface read-only)."""
    return read_only_reason(database) is None


def _postgresql_reason(database: pw.Database) -> str | None:
    row = database.execute_sql(
        "SELECT has_table_privilege(current_user, %s, 'INSERT'), has_table_privilege(current_user, %s, 'UPDATE'), "
        "has_table_privilege(current_user, %s, 'DELETE'), current_setting('transaction_read_only'), current_user",
        (PROBE_TABLE, PROBE_TABLE, PROBE_TABLE),
    ).fetchone()
    insert, update, delete, read_only, user = row
    if read_only == "on":
        return _("The database server accepts no changes now (it is read-only, e.g. a standby server).")
    if not (insert and update and delete):
        return _("Your database account “{user}” may read the registry but not change it.").format(user=user)
    return None


def _sqlite_reason(database: pw.Database) -> str | None:
    (query_only,) = database.execute_sql("PRAGMA query_only").fetchone()
    if query_only:
        return _("This database is open for reading only.")
    path = Path(database.database)
    if str(path) in ("", ":memory:"):
        return None
    if path.exists() and not os.access(path, os.W_OK):
        return _("The database file “{path}” is read-only for you.").format(path=path)
    if not os.access(path.parent, os.W_OK):
        return _("The folder of the database “{path}” is read-only for you.").format(path=path)
    return None


#: What SQLite answers when asked to roll back a transaction it already rolled back itself (after SQLITE_FULL).
_ALREADY_ROLLED_BACK = ("no transaction is active", "cannot rollback")


def root_database_error(error: BaseException) -> BaseException:
    """The failure that matters in a failed write.

    When a COMMIT fails for a full disk, SQLite rolls the transaction back itself, and the ROLLBACK that peewee
    sends next fails with "cannot rollback - no transaction is active", hiding "database or disk is full".
    This follows the exception chain back to the first error.
    """
    seen = {id(error)}
    while any(text in str(error).lower() for text in _ALREADY_ROLLED_BACK):
        cause = error.__cause__ or error.__context__
        if cause is None or id(cause) in seen:
            break
        seen.add(id(cause))
        error = cause
    return error
