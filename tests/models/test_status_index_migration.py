"""Step 11 of the ladder: agreements indexed by status and signing date together, in place of status alone; the
records stay, and the list filtered by status reads them in its order from the index (SQLite and PostgreSQL)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import peewee as pw
import pytest

from app.models import Agreement
from app.models.database import close_database, open_database
from app.models.migrations import LATEST_VERSION, stored_version
from tests.conftest import pg_url, reset_postgresql
from tests.models.test_migrations import build_sqlite

INSERT_AGREEMENTS = (
    "INSERT INTO agreement (id, created_at, created_by, updated_at, updated_by, version, is_sample, search_text,"
    " reg_number, title_uz, title_ru, title_en, title_orig, kind, status, signed_on, auto_renewal, signatories,"
    " subjects, notes) VALUES"
    " (7, '2019-01-01 10:00:00', 'officer', '2019-01-01 10:00:00', 'officer', 1, 0, '', 'A-7', 'Kelishuv', '', '',"
    " '', 'agreement', 'in_force', '2018-05-02', 0, '', '', ''),"
    " (8, '2019-01-01 10:00:00', 'officer', '2019-01-01 10:00:00', 'officer', 1, 0, '', 'A-8', 'Memorandum', '', '',"
    " '', 'mou', 'in_force', '2019-03-04', 0, '', '', ''),"
    " (9, '2019-01-01 10:00:00', 'officer', '2019-01-01 10:00:00', 'officer', 1, 0, '', 'A-9', 'Loyiha', '', '', '',"
    " 'agreement', 'draft', NULL, 0, '', '', '')"
)


def _index_names(database: pw.Database) -> set[str]:
    return {index.name for index in database.get_indexes("agreement")}


def _check_migrated(database: pw.Database) -> None:
    from app.services.registers.list_query import ListQuery, select_ids

    assert stored_version(database) == LATEST_VERSION
    names = _index_names(database)
    assert "agreement_status_signed_on" in names and "agreement_status" not in names
    in_force = ListQuery("agreements", filters={"status": "in_force"})
    assert list(select_ids(in_force)) == [8, 7]  # newest signed first, as the list opens
    assert Agreement.get_by_id(9).status == "draft"


@pytest.mark.parametrize("version", [9, 10])
def test_step_11_indexes_agreements_by_status_and_date_and_keeps_them(tmp_path: Path, version: int) -> None:
    path = tmp_path / "old.db"
    build_sqlite(path, version)
    with sqlite3.connect(path) as connection:
        connection.execute(INSERT_AGREEMENTS)
        assert "agreement_status" in {row[1] for row in connection.execute("PRAGMA index_list(agreement)")}
    database = open_database(str(path))
    try:
        _check_migrated(database)
    finally:
        close_database()
    with sqlite3.connect(path) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        plan = connection.execute(
            "EXPLAIN QUERY PLAN SELECT id FROM agreement WHERE status = 'in_force' ORDER BY signed_on DESC"
        ).fetchall()
        assert any("agreement_status_signed_on" in row[-1] for row in plan)
        assert not any("TEMP B-TREE" in row[-1] for row in plan)  # read in order from the index, not sorted
    assert len(list(tmp_path.glob(f"old.v{version}-*.bak.db"))) == 1


@pytest.mark.postgres
def test_step_11_on_postgresql() -> None:
    url = pg_url()
    if not url:
        pytest.skip("no PostgreSQL server: set HAMKOR_TEST_PG")
    reset_postgresql(url)
    database = open_database(url)
    database.execute_sql('DROP INDEX "agreement_status_signed_on"')  # back to version 10: status alone
    database.execute_sql('CREATE INDEX "agreement_status" ON "agreement" ("status")')
    database.execute_sql(INSERT_AGREEMENTS.replace(", 0, ''", ", false, ''"))
    database.execute_sql("UPDATE schema_version SET version = 10")
    close_database()
    database = open_database(url)
    try:
        _check_migrated(database)
    finally:
        close_database()
