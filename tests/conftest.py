"""Shared fixtures: a fresh database per test (SQLite file, and PostgreSQL when HAMKOR_TEST_PG names a server)."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Iterator  # noqa: E402
from pathlib import Path  # noqa: E402

import peewee as pw  # noqa: E402
import pytest  # noqa: E402

from app.i18n import set_language  # noqa: E402
from app.models.base import set_current_user  # noqa: E402
from app.models.database import close_database, open_database  # noqa: E402

#: A PostgreSQL server URL for the shared-registry tests, e.g. postgresql://postgres@127.0.0.1:54329/hamkor_test
PG_ENV = "HAMKOR_TEST_PG"


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
        reset_postgresql(url)
        database = open_database(url)
    else:
        database = open_database(str(sqlite_path))
    yield database
    close_database()
