"""Opening a registry: the default file, --db and $HAMKOR_DB, SQLite settings, and clear errors."""

from __future__ import annotations

from pathlib import Path

import peewee as pw
import pytest

from app.models.database import (
    DB_ENV,
    DatabaseError,
    close_database,
    default_database_path,
    open_database,
    resolve_location,
)


def test_sqlite_is_opened_with_wal_foreign_keys_and_a_busy_timeout(database: pw.Database) -> None:
    assert database.execute_sql("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert database.execute_sql("PRAGMA foreign_keys").fetchone()[0] == 1
    assert database.execute_sql("PRAGMA busy_timeout").fetchone()[0] == 5000


def test_the_location_comes_from_the_option_then_the_environment_then_the_data_folder(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv(DB_ENV, str(tmp_path / "env.db"))
    assert resolve_location(str(tmp_path / "opt.db")).sqlite_path == tmp_path / "opt.db"
    assert resolve_location(None).sqlite_path == tmp_path / "env.db"
    monkeypatch.delenv(DB_ENV)
    assert resolve_location(None).sqlite_path == default_database_path()
    assert default_database_path().name == "hamkor.db"


def test_the_default_file_and_its_folder_are_created_on_first_start(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.delenv(DB_ENV, raising=False)
    open_database()
    close_database()
    assert (tmp_path / "data" / "Hamkor" / "hamkor.db").is_file()


def test_a_password_never_appears_in_the_displayed_location() -> None:
    location = resolve_location("postgresql://officer:s3cret@db.example:5433/registry")
    assert location.is_postgresql
    assert location.display() == "postgresql://officer@db.example:5433/registry"


def test_a_file_that_is_not_a_database_gives_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_bytes(b"This is a letter, not a database." * 200)
    with pytest.raises(DatabaseError, match="cannot be opened as a Hamkor database"):
        open_database(str(path))


def test_a_folder_is_not_a_database(tmp_path: Path) -> None:
    with pytest.raises(DatabaseError, match="folder"):
        open_database(str(tmp_path))


def test_an_unreachable_server_gives_a_clear_error() -> None:
    with pytest.raises(DatabaseError, match="Cannot connect to the database server postgresql://nobody@127.0.0.1:9/x"):
        open_database("postgresql://nobody:pw@127.0.0.1:9/x")


@pytest.mark.postgres
def test_the_tests_emptied_postgresql_registry_is_a_fresh_one() -> None:
    """The PostgreSQL test database emptied in place between tests (tests/conftest.py) holds what a registry made
    afresh holds: no record, ids from 1, a new identity, the same schema."""
    from app.models import Partner
    from app.models.schema import RegistryIdentity
    from tests.conftest import SCHEMA_LINES, empty_postgresql, fresh_schemas, pg_url

    url = pg_url()
    if not url:
        pytest.skip("no PostgreSQL server: set HAMKOR_TEST_PG")
    fresh_schemas.pop(url, None)
    states = []
    for _time in ("made afresh", "emptied in place"):
        database = empty_postgresql(url)  # the first time the schema is made again: its digest is not known
        try:
            states.append((Partner.select().count(), Partner.create(name_en="First", kind="library").id,
                           RegistryIdentity.get().identity, database.execute_sql(SCHEMA_LINES).fetchone()[0]))
        finally:
            close_database()
    assert states[0][:2] == states[1][:2] == (0, 1)
    assert states[0][2] != states[1][2] and len(states[1][2]) == 32
    assert states[0][3] == states[1][3] == fresh_schemas[url]
    database = open_database(url)
    database.execute_sql("ALTER TABLE partner ADD COLUMN left_by_a_test TEXT")  # as a migration's test leaves it
    close_database()
    database = empty_postgresql(url)  # made again
    try:
        assert "left_by_a_test" not in {column.name for column in database.get_columns("partner")}
        assert database.execute_sql(SCHEMA_LINES).fetchone()[0] == states[0][3]
    finally:
        close_database()
