"""Shared fixtures: a fresh database per test (SQLite file, and PostgreSQL when HAMKOR_TEST_PG names a server), and
the sample data built once per session and copied into a test's registry.

The suite runs on every core (pytest-xdist, `-n auto` in pyproject.toml; `-n 0` runs it in one process). Each worker
has its own temporary folders (pytest's) and its own PostgreSQL database: HAMKOR_TEST_PG's name followed by the
worker's id (hamkor_test_gw0, …), created on first use; the worker's processes see it in HAMKOR_TEST_PG."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import datetime as dt  # noqa: E402
import io  # noqa: E402
import sqlite3  # noqa: E402
from collections.abc import Callable, Iterator  # noqa: E402
from dataclasses import dataclass  # noqa: E402
from pathlib import Path  # noqa: E402
from urllib.parse import urlsplit, urlunsplit  # noqa: E402

import peewee as pw  # noqa: E402
import pytest  # noqa: E402

from app.i18n import current_language, set_language  # noqa: E402
from app.models import REGISTERS, db  # noqa: E402
from app.models.base import set_current_user  # noqa: E402
from app.models.database import close_database, open_database  # noqa: E402
from app.services.sample.loader import DemoRefused, database_is_empty, load_demo  # noqa: E402

#: A PostgreSQL server URL for the shared-registry tests, e.g. postgresql://postgres@127.0.0.1:54329/hamkor_test
PG_ENV = "HAMKOR_TEST_PG"


def with_path(url: str, *, database: str, user: str | None = None) -> str:
    """The server URL `url` naming another database (and another user)."""
    parts = urlsplit(url)
    netloc = parts.netloc
    if user is not None:
        netloc = f"{user}@{parts.hostname}" + (f":{parts.port}" if parts.port else "")
    return urlunsplit((parts.scheme, netloc, f"/{database}", parts.query, parts.fragment))


def admin(url: str, sql: str, params: tuple = ()) -> list[tuple]:
    """Run a statement outside any transaction (CREATE/DROP DATABASE, roles) on the server's `postgres` database;
    the rows it returns."""
    import psycopg2

    parts = urlsplit(url)
    connection = psycopg2.connect(
        host=parts.hostname, port=parts.port or 5432, user=parts.username, password=parts.password, dbname="postgres"
    )
    connection.autocommit = True
    try:
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall() if cursor.description else []
    finally:
        connection.close()


def worker_database(url: str, worker: str) -> str:
    """The URL of this worker's own database beside the one `url` names (created when missing)."""
    name = f"{urlsplit(url).path.lstrip('/')}_{worker}"
    if not admin(url, "SELECT 1 FROM pg_database WHERE datname = %s", (name,)):
        admin(url, f'CREATE DATABASE "{name}" TEMPLATE template0')
    return with_path(url, database=name)


def pytest_configure(config: pytest.Config) -> None:  # noqa: ARG001 - pytest's hook
    """In a worker of a parallel run, HAMKOR_TEST_PG names the worker's own database."""
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if worker and os.environ.get(PG_ENV):
        os.environ[PG_ENV] = worker_database(os.environ[PG_ENV], worker)


@pytest.fixture(autouse=True)
def _english_and_a_known_user() -> Iterator[None]:
    set_language("en")
    set_current_user("tester")
    yield
    set_language("en")


def reset_postgresql(url: str) -> None:
    """Empty the test database on the PostgreSQL server (drop and recreate its public schema)."""
    from playhouse.db_url import connect

    from app.models.database import enable_postgresql_driver

    enable_postgresql_driver()
    database = connect(url)
    try:
        database.execute_sql("DROP SCHEMA IF EXISTS public CASCADE")
        database.execute_sql("CREATE SCHEMA public")
    finally:
        database.close()


#: Every line that describes a PostgreSQL registry's schema: tables, columns, indexes, constraints, triggers, functions,
#: privileges (as the catalogs say them).
SCHEMA_LINES = """
SELECT md5(string_agg(line, E'\\n' ORDER BY line)) FROM (
    SELECT concat_ws(':', table_name, column_name, data_type, column_default, is_nullable) AS line
        FROM information_schema.columns WHERE table_schema = 'public'
    UNION ALL SELECT indexdef FROM pg_indexes WHERE schemaname = 'public'
    UNION ALL SELECT concat_ws(':', conrelid::regclass, conname, pg_get_constraintdef(oid))
        FROM pg_constraint WHERE connamespace = 'public'::regnamespace
    UNION ALL SELECT concat_ws(':', tgrelid::regclass, tgname) FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
        WHERE c.relnamespace = 'public'::regnamespace AND NOT t.tgisinternal
    UNION ALL SELECT concat_ws(':', 'function', proname) FROM pg_proc WHERE pronamespace = 'public'::regnamespace
    UNION ALL SELECT concat_ws(':', relname, relkind, relacl) FROM pg_class WHERE relnamespace = 'public'::regnamespace
    UNION ALL SELECT concat_ws(':', 'schema', nspacl) FROM pg_namespace WHERE nspname = 'public'
) AS schema_lines
"""
#: Each test database's schema as a fresh registry has it (SCHEMA_LINES' digest), taken when it was made.
fresh_schemas: dict[str, str] = {}


def _emptied_in_place(url: str) -> bool:
    """Empty the test database's tables, restart its ids and give it a new identity, when its schema is the one a
    fresh registry has; whether it was."""
    import psycopg2

    from app.models.migrations import LATEST_VERSION, new_identity

    if url not in fresh_schemas:
        return False
    connection = psycopg2.connect(url)
    try:
        with connection, connection.cursor() as cursor:  # one transaction
            cursor.execute(SCHEMA_LINES)
            if cursor.fetchone()[0] != fresh_schemas[url]:
                return False
            cursor.execute("SELECT (SELECT array_agg(version) FROM schema_version), count(*) FROM registry_identity")
            if cursor.fetchone() != ([LATEST_VERSION], 1):
                return False
            cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
            kept = ("schema_version", "registry_identity")
            tables = ", ".join(f'"{table}"' for (table,) in cursor.fetchall() if table not in kept)
            cursor.execute(f"TRUNCATE {tables} RESTART IDENTITY CASCADE")
            cursor.execute("UPDATE registry_identity SET identity = %s", (new_identity(),))
            return True
    finally:
        connection.close()


def empty_postgresql(url: str) -> pw.Database:
    """Open the test database on the PostgreSQL server as a fresh, empty registry. When its schema is the one a fresh
    registry has (a test may have changed it: a migration's, a role's), its tables are emptied in place — a tenth of
    the time of making the schema again, which is done otherwise."""
    if _emptied_in_place(url):
        return open_database(url)
    reset_postgresql(url)
    database = open_database(url)
    fresh_schemas[url] = database.execute_sql(SCHEMA_LINES).fetchone()[0]
    return database


@pytest.fixture
def sqlite_path(tmp_path: Path) -> Path:
    """Where the test's SQLite file goes."""
    return tmp_path / "hamkor.db"


@pytest.fixture
def database(sqlite_path: Path) -> Iterator[pw.Database]:
    """A fresh SQLite registry opened the way the app opens it."""
    database = open_database(str(sqlite_path))
    yield database
    close_database()


def pg_url() -> str | None:
    """The test server's URL, or None when no server was given."""
    return os.environ.get(PG_ENV) or None


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def any_database(request: pytest.FixtureRequest, sqlite_path: Path) -> Iterator[pw.Database]:
    """A fresh registry on SQLite and, when a server is given, on PostgreSQL."""
    if request.param == "postgresql":
        url = pg_url()
        if not url:
            pytest.skip(f"no PostgreSQL server: set {PG_ENV}")
        database = empty_postgresql(url)
    else:
        database = open_database(str(sqlite_path))
    yield database
    close_database()


@dataclass
class PostgresqlSnapshot:
    """A PostgreSQL registry's records as COPY writes them, table by table, and where its id sequences stood."""

    tables: dict[str, bytes]
    sequences: dict[str, int | None]

    #: The registry's identity and schema version: its own, never copied.
    KEPT = ("schema_version", "registry_identity")

    @classmethod
    def take(cls) -> PostgresqlSnapshot:
        """The open PostgreSQL registry's snapshot."""
        cursor = db.obj.cursor()
        cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")
        tables = {}
        for (table,) in cursor.fetchall():
            if table not in cls.KEPT:
                written = io.BytesIO()
                cursor.copy_expert(f'COPY "{table}" TO STDOUT', written)
                tables[table] = written.getvalue()
        cursor.execute("SELECT sequencename, last_value FROM pg_sequences WHERE schemaname = 'public'")
        return cls(tables, dict(cursor.fetchall()))

    def put(self) -> None:
        """Write the records into the open, empty PostgreSQL registry (of the same schema), in one transaction; its
        foreign keys are checked when written (the snapshot was a sound registry), not again row by row."""
        with db.atomic():
            cursor = db.obj.cursor()
            cursor.execute("SET LOCAL session_replication_role = replica")  # no foreign key triggers while copying
            for table, rows in self.tables.items():
                cursor.execute(f'DELETE FROM "{table}"')
                cursor.copy_expert(f'COPY "{table}" FROM STDIN', io.BytesIO(rows))
            for sequence, value in self.sequences.items():
                cursor.execute("SELECT setval(%s, %s, %s)", (sequence, value or 1, value is not None))


class RegistryCopies:
    """Registries built once per test session — the sample (per loading day and language), bench.generate's — and
    copied into a test's registry: on SQLite the whole file, on PostgreSQL its records (taken after the first build)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.built: dict[tuple, Path] = {}
        self.snapshots: dict[tuple, PostgresqlSnapshot] = {}

    def built_for(self, key: tuple, build: Callable[[], object]) -> Path:
        """The SQLite file `build()` filled (built once per key)."""
        if key not in self.built:
            path = self.folder / f"{'-'.join(str(part) for part in key)}.db"
            previous = db.obj
            built = open_database(str(path))
            try:
                build()
            finally:
                built.close()
                db.initialize(previous)
            self.built[key] = path
        return self.built[key]

    def copy(self, key: tuple, build: Callable[[], object]) -> None:
        """What `build()` does to the open, empty registry, by copying the session's copy: into an SQLite registry
        with SQLite's backup API (through the open connection); into a PostgreSQL one with COPY (the first time, or
        when the server's user may not turn foreign key checks off, built)."""
        if not database_is_empty():
            raise DemoRefused("the registry already holds records")
        if isinstance(db.obj, pw.SqliteDatabase):
            source = sqlite3.connect(str(self.built_for(key, build)))
            try:
                source.backup(db.obj.connection())
            finally:
                source.close()
        elif key in self.snapshots:
            self.snapshots[key].put()
        else:
            build()
            if db.execute_sql("SELECT rolsuper FROM pg_roles WHERE rolname = current_user").fetchone()[0]:
                self.snapshots[key] = PostgresqlSnapshot.take()

    def load(self, today: dt.date | None = None) -> dict[str, int]:
        """What `load_demo(today=today)` does to the open registry (in the interface language), copied."""
        today = today or dt.date.today()
        self.copy(("sample", today.isoformat(), current_language()), lambda: load_demo(today=today))
        return {name: model.select().count() for name, model in REGISTERS.items()}

    def generate(self, records: int) -> None:
        """What bench.generate's `generate(records)` does to the open registry, copied."""
        from bench.generate import generate

        self.copy(("generated", records), lambda: generate(records, progress=False))


@pytest.fixture(scope="session")
def registry_copies(tmp_path_factory: pytest.TempPathFactory) -> RegistryCopies:
    """The session's built registries."""
    return RegistryCopies(tmp_path_factory.mktemp("registries"))


@pytest.fixture
def load_sample(registry_copies: RegistryCopies) -> Callable[..., dict[str, int]]:
    """`load_sample(today)` fills the open registry with the sample data, as `load_demo(today=today)` would."""
    return registry_copies.load


@pytest.fixture
def load_generated(registry_copies: RegistryCopies) -> Callable[[int], None]:
    """`load_generated(records)` fills the open registry as bench.generate's `generate(records)` would."""
    return registry_copies.generate
