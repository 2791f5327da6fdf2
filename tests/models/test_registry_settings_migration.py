"""Step 5 of the ladder: the registry's settings table arrives and the records stay (SQLite and PostgreSQL)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from app.models.database import close_database, open_database
from app.models.migrations import LATEST_VERSION, stored_version
from app.services import registry_settings
from tests.conftest import pg_url, reset_postgresql
from tests.models.test_migrations import build_sqlite

INSERT_AGREEMENT = (
    "INSERT INTO agreement (id, created_at, created_by, updated_at, updated_by, version, is_sample,"
    " search_text, reg_number, title_uz, title_ru, title_en, title_orig, kind, status, signed_on,"
    " auto_renewal, signatories, subjects, notes) VALUES (3, '2019-01-01 10:00:00', 'officer',"
    " '2019-01-01 10:00:00', 'officer', 1, 0, '',"
    " 'XA-2019/01', '', '', 'Memorandum', '', 'mou', 'in_force', '2019-03-05', 0, '', '', '')"
)


@pytest.mark.parametrize("version", [3, 4])
def test_step_5_adds_the_settings_table_and_keeps_the_records(tmp_path: Path, version: int) -> None:
    path = tmp_path / "old.db"
    build_sqlite(path, version)
    with sqlite3.connect(path) as connection:
        connection.execute(INSERT_AGREEMENT)
    open_database(str(path))
    try:
        assert registry_settings.put({"organisation.ru": "Библиотека"}) == ["organisation.ru"]
        assert registry_settings.organisation_name("ru") == "Библиотека"
    finally:
        close_database()
    with sqlite3.connect(path) as connection:
        assert connection.execute("SELECT version FROM schema_version").fetchall() == [(LATEST_VERSION,)]
        assert connection.execute("SELECT reg_number FROM agreement").fetchall() == [("XA-2019/01",)]
        assert connection.execute("SELECT key, value FROM registry_setting").fetchall() == [
            ("organisation.ru", "Библиотека")
        ]
        assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    assert len(list(tmp_path.glob(f"old.v{version}-*.bak.db"))) == 1


@pytest.mark.postgres
def test_step_5_on_postgresql() -> None:
    url = pg_url()
    if not url:
        pytest.skip("no PostgreSQL server: set HAMKOR_TEST_PG")
    reset_postgresql(url)
    database = open_database(url)
    booleans = INSERT_AGREEMENT.replace("0, '', 'XA", "false, '', 'XA").replace(
        "'2019-03-05', 0,", "'2019-03-05', false,"
    )
    database.execute_sql(booleans)
    database.execute_sql("DROP TABLE registry_setting")
    database.execute_sql("UPDATE schema_version SET version = 3")
    close_database()
    database = open_database(url)
    try:
        assert stored_version(database) == LATEST_VERSION
        assert database.execute_sql("SELECT reg_number FROM agreement").fetchall() == [("XA-2019/01",)]
        registry_settings.put({"signatory.name.uz": "A. Karimov"})
        assert registry_settings.signatory("uz").name == "A. Karimov"
        assert registry_settings.signatory("uz-Cyrl").name == "А. Каримов"
    finally:
        close_database()
