"""Step 10 of the ladder: a working language per unit, a unit on events, exchange and loans, the submissions tables;
the records stay (SQLite and PostgreSQL)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from app.models import Department, Event, Submission
from app.models.database import close_database, open_database
from app.models.migrations import LATEST_VERSION, stored_version
from tests.conftest import pg_url, reset_postgresql
from tests.models.test_migrations import build_sqlite

INSERT_DEPARTMENT = (
    "INSERT INTO department (id, created_at, created_by, updated_at, updated_by, version, is_sample, search_text,"
    " name_uz, name_ru, name_en, name_orig, short_name, kind, region, active, notes) VALUES (4, '2019-01-01 10:00:00',"
    " 'officer', '2019-01-01 10:00:00', 'officer', 1, 0, '', 'Samarqand AKM', '', '', '', 'SAKM', 'regional_centre',"
    " 'Samarqand', 1, '')"
)
INSERT_EVENT = (
    "INSERT INTO event (id, created_at, created_by, updated_at, updated_by, version, is_sample, search_text, title_uz,"
    " title_ru, title_en, title_orig, kind, start_on, place, city, venue, status, outcome, notes) VALUES (9,"
    " '2019-01-01 10:00:00', 'officer', '2019-01-01 10:00:00', 'officer', 1, 0, '', 'Seminar', '', '', '', 'seminar',"
    " '2019-11-20', 'library', '', '', 'held', '', '')"
)


def _check_migrated() -> None:
    department = Department.get_by_id(4)
    assert department.language == "uz" and department.short_name == "SAKM"
    event = Event.get_by_id(9)
    assert event.department_id is None
    event.department = department
    event.save()
    Submission.create(unit=department, year=2019, quarter=4, state="sent")
    assert Event.get_by_id(9).department_id == 4 and Submission.select().count() == 1


@pytest.mark.parametrize("version", [5, 9])
def test_step_10_adds_unit_languages_links_and_submissions_and_keeps_the_records(tmp_path: Path, version: int) -> None:
    path = tmp_path / "old.db"
    build_sqlite(path, version)
    with sqlite3.connect(path) as connection:
        connection.execute(INSERT_DEPARTMENT)
        connection.execute(INSERT_EVENT)
    open_database(str(path))
    try:
        _check_migrated()
    finally:
        close_database()
    with sqlite3.connect(path) as connection:
        assert connection.execute("SELECT version FROM schema_version").fetchall() == [(LATEST_VERSION,)]
        assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
        with pytest.raises(sqlite3.IntegrityError):
            connection.execute("UPDATE department SET language = 'fr'")


@pytest.mark.postgres
def test_step_10_on_postgresql() -> None:
    url = pg_url()
    if not url:
        pytest.skip("no PostgreSQL server: set HAMKOR_TEST_PG")
    reset_postgresql(url)
    database = open_database(url)
    for table in ("submission_row", "submission"):
        database.execute_sql(f"DROP TABLE {table}")
    database.execute_sql("ALTER TABLE department DROP COLUMN language")
    for table in ("event", "book_exchange", "interlibrary_loan"):
        database.execute_sql(f"ALTER TABLE {table} DROP COLUMN department_id")
    database.execute_sql(INSERT_DEPARTMENT.replace(" 1, '')", " true, '')").replace("1, 0, ''", "1, false, ''"))
    database.execute_sql(INSERT_EVENT.replace("1, 0, ''", "1, false, ''"))
    database.execute_sql("UPDATE schema_version SET version = 9")
    close_database()
    database = open_database(url)
    try:
        assert stored_version(database) == LATEST_VERSION
        _check_migrated()
    finally:
        close_database()
