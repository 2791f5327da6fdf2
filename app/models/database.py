"""Opening the registry: an SQLite file (the default) or a shared PostgreSQL database."""

from __future__ import annotations

import logging
import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import peewee as pw

from app.i18n import _
from app.models.base import DatabaseError, db
from app.models.migrations import upgrade

logger = logging.getLogger(__name__)

#: The environment variable that names the database when no --db is given.
DB_ENV = "HAMKOR_DB"

SQLITE_PRAGMAS = {
    "journal_mode": "wal",
    "foreign_keys": 1,
    "busy_timeout": 5000,
    "synchronous": "normal",
}


@dataclass(frozen=True)
class DatabaseLocation:
    """Where the registry lives: an SQLite file path or a PostgreSQL URL."""

    url: str

    @property
    def is_postgresql(self) -> bool:
        """Whether this is a shared PostgreSQL registry."""
        return self.url.startswith(("postgresql://", "postgres://"))

    @property
    def sqlite_path(self) -> Path | None:
        """The SQLite file, or None for PostgreSQL."""
        if self.is_postgresql:
            return None
        if self.url.startswith("sqlite:///"):
            return Path(self.url[len("sqlite:///") :])
        return Path(self.url)

    def display(self) -> str:
        """The location without a password, for messages and the status bar."""
        if not self.is_postgresql:
            return str(self.sqlite_path)
        parts = urlsplit(self.url)
        host = parts.hostname or "localhost"
        port = f":{parts.port}" if parts.port else ""
        user = f"{parts.username}@" if parts.username else ""
        return f"postgresql://{user}{host}{port}{parts.path}"


def default_database_path() -> Path:
    """The SQLite file in the officer's data folder (created on first start)."""
    from platformdirs import user_data_dir

    return Path(user_data_dir("Hamkor", appauthor=False)) / "hamkor.db"


def resolve_location(value: str | None = None) -> DatabaseLocation:
    """The database to open: the --db value, else $HAMKOR_DB, else the default file."""
    chosen = value or os.environ.get(DB_ENV) or str(default_database_path())
    return DatabaseLocation(chosen)


def connect(location: DatabaseLocation) -> pw.Database:
    """Open a connection to the database at `location` (no schema work)."""
    if location.is_postgresql:
        return _connect_postgresql(location)
    return _connect_sqlite(location)


def read_only_uri(path: Path) -> str | None:
    """The URI that opens an existing SQLite file for reading only when it cannot be written (a read-only mount or
    file); None when it can. On a read-only folder nothing can be written beside it either (no -wal, no -shm), so the
    file is opened as immutable: nobody can change it there."""
    if not path.is_file():
        return None
    folder_writable = os.access(path.parent, os.W_OK)
    if os.access(path, os.W_OK) and folder_writable:
        return None
    return f"{path.resolve().as_uri()}?mode=ro" + ("" if folder_writable else "&immutable=1")


def _connect_sqlite(location: DatabaseLocation) -> pw.SqliteDatabase:
    path = location.sqlite_path
    assert path is not None
    if path.is_dir():
        raise DatabaseError(_("“{path}” is a folder, not a database file.").format(path=path))
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise DatabaseError(
            _("Cannot create the folder for the database “{path}”: {reason}").format(path=path, reason=error.strerror)
        ) from error
    uri = read_only_uri(path)
    if uri is not None:  # a read-only mount or file: read it as it is (the interface then offers no changes)
        logger.info("%s cannot be written: opened for reading only", path)
        pragmas = {"foreign_keys": 1, "busy_timeout": 5000, "query_only": 1}
        database = pw.SqliteDatabase(uri, uri=True, pragmas=pragmas, check_same_thread=False)
    else:
        database = pw.SqliteDatabase(str(path), pragmas=SQLITE_PRAGMAS, check_same_thread=False)
    try:
        database.connect()
        database.execute_sql("SELECT count(*) FROM sqlite_master").fetchone()
    except (pw.DatabaseError, sqlite3.DatabaseError) as error:
        database.close()
        raise DatabaseError(
            _("“{path}” cannot be opened as a Hamkor database: {reason}").format(path=path, reason=error)
        ) from error
    return database


def enable_postgresql_driver() -> None:
    """Give peewee the PostgreSQL driver it was imported without (see app/models/__init__.py)."""
    if getattr(pw, "psycopg2", None) is not None:
        return
    import psycopg2
    from psycopg2 import extensions
    from psycopg2.extras import Json, register_uuid

    register_uuid()
    pw.psycopg2, pw.pg_extensions, pw.Json_pg2 = psycopg2, extensions, Json
    adapter = pw.Psycopg2Adapter
    adapter.txn_idle = extensions.TRANSACTION_STATUS_IDLE
    adapter.txn_inerror = extensions.TRANSACTION_STATUS_INERROR
    adapter.txn_unknown = extensions.TRANSACTION_STATUS_UNKNOWN


def _connect_postgresql(location: DatabaseLocation) -> pw.PostgresqlDatabase:
    enable_postgresql_driver()
    from playhouse.db_url import parse as parse_db_url  # it loads every driver's extension: only for a server

    params = parse_db_url(
        location.url.replace("postgres://", "postgresql://", 1), unquote_password=True, unquote_user=True
    )
    name = params.pop("database", None)
    if not name:
        raise DatabaseError(_("The server address “{url}” names no database.").format(url=location.display()))
    params.setdefault("connect_timeout", 10)
    database = pw.PostgresqlDatabase(name, **params)
    try:
        database.connect()
    except (pw.OperationalError, pw.DatabaseError) as error:
        reason = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        raise DatabaseError(
            _("Cannot connect to the database server {url}: {reason}").format(url=location.display(), reason=reason)
        ) from error
    return database


def open_database(value: str | None = None, *, migrate: bool = True) -> pw.Database:
    """Open the registry once for the whole process: connect, bring the schema up to date, bind the models."""
    location = resolve_location(value)
    database = connect(location)
    db.initialize(database)
    if migrate:
        try:
            upgrade(database, location)
        except Exception:
            database.close()
            raise
    logger.info("opened %s", location.display())
    return database


def close_database() -> None:
    """Close the registry's connection (at exit, or before a restore replaces the file)."""
    if db.obj is not None and not db.obj.is_closed():
        db.obj.close()
