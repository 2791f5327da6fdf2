"""Schema versions: a fresh database, each step of the ladder on an older database with data, and refusals."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import peewee as pw
import pytest

from app.models import Partner
from app.models.base import ChangeLog
from app.models.database import DatabaseError, close_database, open_database
from app.models.migrations import LATEST_VERSION, STEPS, stored_version

SCHEMAS = Path(__file__).parent / "schemas"


def build_sqlite(path: Path, version: int) -> None:
    """An SQLite file with the frozen schema of `version`."""
    with sqlite3.connect(path) as connection:
        connection.executescript((SCHEMAS / f"v{version}.sqlite.sql").read_text(encoding="utf-8"))


def test_a_fresh_database_gets_the_latest_schema(any_database: pw.Database) -> None:
    assert stored_version(any_database) == LATEST_VERSION
    assert any_database.table_exists("change_log")
    assert any_database.table_exists("agreement_party")


def test_every_step_of_the_ladder_has_a_frozen_starting_schema() -> None:
    for version in STEPS:
        assert (SCHEMAS / f"v{version - 1}.sqlite.sql").is_file(), f"no frozen schema v{version - 1} for step {version}"


def test_step_2_adds_the_change_log_and_keeps_the_data(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    build_sqlite(path, 1)
    with sqlite3.connect(path) as connection:
        connection.execute("PRAGMA foreign_keys = ON")
        connection.execute(
            "INSERT INTO partner (id, created_at, created_by, updated_at, updated_by, version, is_sample, search_text,"
            " name_uz, name_ru, name_en, name_orig, short_name, kind, country, city, address, website, email, phone,"
            " active, notes) VALUES (7, '2019-01-01 10:00:00', 'officer', '2019-01-01 10:00:00', 'officer', 3, 0, '',"
            " 'Koreya Milliy kutubxonasi', 'Национальная библиотека Кореи', 'National Library of Korea', '', '',"
            " 'national_library', 'KR', 'Seoul', '', '', '', '', 1, '')"
        )
        connection.execute(
            "INSERT INTO contact_person (created_at, created_by, updated_at, updated_by, version, is_sample,"
            " search_text, full_name, position, partner_id, email, phone, languages, notes) VALUES"
            " ('2019-01-01 10:00:00', 'officer', '2019-01-01 10:00:00', 'officer', 1, 0, '', 'Kim Min-jun', '', 7,"
            " '', '', '', '')"
        )

    open_database(str(path))
    try:
        assert Partner.get_by_id(7).name_ru == "Национальная библиотека Кореи"
        assert Partner.get_by_id(7).version == 3
        assert ChangeLog.select().count() == 0
        partner = Partner.get_by_id(7)
        partner.city = "Sejong"
        partner.save()
        assert ChangeLog.select().count() == 1
    finally:
        close_database()

    with sqlite3.connect(path) as connection:
        assert connection.execute("SELECT version FROM schema_version").fetchall() == [(LATEST_VERSION,)]
        assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
        assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert connection.execute("SELECT full_name FROM contact_person").fetchall() == [("Kim Min-jun",)]

    copies = list(tmp_path.glob("old.v1-*.bak.db"))
    assert len(copies) == 1, "the file is copied before it is migrated"
    with sqlite3.connect(copies[0]) as connection:
        assert connection.execute("SELECT version FROM schema_version").fetchall() == [(1,)]
        assert connection.execute("SELECT name_en FROM partner").fetchall() == [("National Library of Korea",)]


def test_a_database_from_a_newer_hamkor_is_refused_and_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "newer.db"
    build_sqlite(path, 1)
    with sqlite3.connect(path) as connection:
        connection.execute("UPDATE schema_version SET version = 99")
    with pytest.raises(DatabaseError, match="newer"):
        open_database(str(path))
    with sqlite3.connect(path) as connection:
        assert connection.execute("SELECT version FROM schema_version").fetchall() == [(99,)]
        tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert "change_log" not in tables


def test_a_database_of_another_program_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.db"
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE invoices (id INTEGER)")
    with pytest.raises(DatabaseError, match="not made by Hamkor"):
        open_database(str(path))


def test_step_3_indexes_the_dates_and_keeps_the_data(tmp_path: Path) -> None:
    path = tmp_path / "v2.db"
    build_sqlite(path, 2)
    with sqlite3.connect(path) as connection:
        connection.execute(
            "INSERT INTO agreement (id, created_at, created_by, updated_at, updated_by, version, is_sample,"
            " search_text, reg_number, title_uz, title_ru, title_en, title_orig, kind, status, signed_on,"
            " auto_renewal, signatories, subjects, notes) VALUES (3, '2019-01-01 10:00:00', 'officer',"
            " '2019-01-01 10:00:00', 'officer', 1, 0, '',"
            " 'XA-2019/01', '', '', 'Memorandum', '', 'mou', 'in_force', '2019-03-05', 0, '', '', '')"
        )
    open_database(str(path))
    close_database()
    with sqlite3.connect(path) as connection:
        indexes = {row[1] for row in connection.execute("PRAGMA index_list('agreement')")}
        assert "agreement_signed_on" in indexes
        assert "project_start_on" in {row[1] for row in connection.execute("PRAGMA index_list('project')")}
        assert connection.execute("SELECT reg_number, signed_on FROM agreement").fetchall() == [
            ("XA-2019/01", "2019-03-05")
        ]
        assert connection.execute("SELECT version FROM schema_version").fetchall() == [(LATEST_VERSION,)]
        assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
    assert len(list(tmp_path.glob("v2.v2-*.bak.db"))) == 1


def test_a_fresh_database_and_a_migrated_one_have_the_same_tables_and_indexes(tmp_path: Path) -> None:
    fresh, old = tmp_path / "fresh.db", tmp_path / "old.db"
    open_database(str(fresh))
    close_database()
    build_sqlite(old, 1)
    open_database(str(old))
    close_database()

    def schema(path: Path) -> set[tuple[str, str]]:
        with sqlite3.connect(path) as connection:
            return set(connection.execute("SELECT type, name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'"))

    assert schema(fresh) == schema(old)


def test_step_4_adds_the_deleted_records_store_and_keeps_the_change_log(tmp_path: Path) -> None:
    path = tmp_path / "v3.db"
    build_sqlite(path, 3)
    with sqlite3.connect(path) as connection:
        connection.execute(
            "INSERT INTO change_log (id, changed_at, changed_by, register, record_id, action, changes) VALUES"
            " (41, '2019-01-01 10:00:00', 'officer', 'partner', 7, 'update', '{\"city\": [\"Seoul\", \"Sejong\"]}')"
        )
    open_database(str(path))
    try:
        from app.models.deleted import DeletedRecord

        assert DeletedRecord.select().count() == 0
        ChangeLog.create(changed_by="officer", register="partner", record_id=7, action="restore")
        assert [(e.id, e.action) for e in ChangeLog.select().order_by(ChangeLog.id)][0] == (41, "update")
    finally:
        close_database()
    with sqlite3.connect(path) as connection:
        assert connection.execute("SELECT version FROM schema_version").fetchall() == [(LATEST_VERSION,)]
        indexes = {row[1] for row in connection.execute("PRAGMA index_list('change_log')")}
        assert {"change_log_changed_at", "change_log_register_record_id"} <= indexes
        assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        with pytest.raises(sqlite3.IntegrityError):
            connection.execute("INSERT INTO change_log (changed_at, changed_by, register, record_id, action, changes)"
                               " VALUES ('2020-01-01', 'x', 'partner', 1, 'vanish', '{}')")  # fmt: skip


@pytest.mark.postgres
def test_step_4_on_postgresql_lets_the_change_log_say_restore(tmp_path: Path) -> None:
    from tests.conftest import pg_url, reset_postgresql

    url = pg_url()
    if not url:
        pytest.skip("no PostgreSQL server")
    reset_postgresql(url)
    database = open_database(url)
    try:  # bring the fresh schema back to version 3 (the old CHECK, no store), then climb again
        database.execute_sql("DROP TABLE deleted_content, deleted_record")
        for (name,) in database.execute_sql(
            "SELECT conname FROM pg_constraint WHERE conrelid = 'change_log'::regclass AND contype = 'c'"
        ).fetchall():
            database.execute_sql(f'ALTER TABLE change_log DROP CONSTRAINT "{name}"')
        database.execute_sql("ALTER TABLE change_log ADD CHECK (action IN ('create', 'update', 'delete'))")
        database.execute_sql("UPDATE schema_version SET version = 3")
        ChangeLog.create(changed_by="officer", register="partner", record_id=7, action="update")
    finally:
        close_database()
    open_database(url)
    try:
        from app.models.deleted import DeletedRecord

        ChangeLog.create(changed_by="officer", register="partner", record_id=7, action="restore")
        assert [e.action for e in ChangeLog.select().order_by(ChangeLog.id)] == ["update", "restore"]
        assert DeletedRecord.select().count() == 0
        assert stored_version(DeletedRecord._meta.database) == LATEST_VERSION
    finally:
        close_database()


def test_step_6_gives_the_registry_an_identity_and_keeps_the_data(tmp_path: Path) -> None:
    from app.models.schema import RegistryIdentity

    path = tmp_path / "v5.db"
    build_sqlite(path, 5)
    with sqlite3.connect(path) as connection:
        connection.execute(
            "INSERT INTO partner (id, created_at, created_by, updated_at, updated_by, version, is_sample, search_text,"
            " name_uz, name_ru, name_en, name_orig, short_name, kind, country, city, address, website, email, phone,"
            " active, notes) VALUES (7, '2019-01-01 10:00:00', 'officer', '2019-01-01 10:00:00', 'officer', 3, 0, '',"
            " '', '', 'National Library of Korea', '', '', 'national_library', 'KR', 'Seoul', '', '', '', '', 1, '')"
        )
    open_database(str(path))
    try:
        (identity,) = [row.identity for row in RegistryIdentity.select()]
        assert len(identity) == 32 and int(identity, 16) >= 0
        assert Partner.get_by_id(7).name_en == "National Library of Korea"
    finally:
        close_database()
    open_database(str(path))  # opening again keeps the identity
    try:
        assert [row.identity for row in RegistryIdentity.select()] == [identity]
    finally:
        close_database()


def test_a_fresh_registry_has_an_identity_of_its_own(any_database: pw.Database) -> None:
    from app.models.schema import RegistryIdentity

    assert RegistryIdentity.select().count() == 1
