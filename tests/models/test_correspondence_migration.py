"""Step 8: the correspondence log, government bodies as partners, members' visa data — on an older database with
records, on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest

from app.models import Letter, Partner, VisitMember
from app.models.choices import PARTNER_KINDS
from app.models.database import close_database, open_database
from app.models.migrations import LATEST_VERSION, stored_version
from app.services.registers.records import save_values
from tests.conftest import pg_url, reset_postgresql
from tests.models.test_migrations import build_sqlite

INSERT_PARTNER = (
    "INSERT INTO partner (id, created_at, created_by, updated_at, updated_by, version, is_sample, search_text,"
    " name_uz, name_ru, name_en, name_orig, short_name, kind, country, city, address, website, email, phone,"
    " active, notes) VALUES (7, '2019-01-01 10:00:00', 'officer', '2019-01-01 10:00:00', 'officer', 3, 0, '',"
    " 'Koreya Milliy kutubxonasi', '', 'National Library of Korea', '', '', 'national_library', 'KR', 'Seoul',"
    " '', '', '', '', 1, '')"
)
INSERT_VISIT = (
    "INSERT INTO delegation_visit (id, created_at, created_by, updated_at, updated_by, version, is_sample,"
    " search_text, title, arrived_on, purpose, programme, outcomes, follow_ups, notes) VALUES (3,"
    " '2019-01-01 10:00:00', 'officer', '2019-01-01 10:00:00', 'officer', 1, 0, '', 'Delegation', '2019-05-02',"
    " '', '', '', '', '')"
)
INSERT_MEMBER = "INSERT INTO visit_member (visit_id, full_name, position) VALUES (3, 'Kim Min-jun', 'Director')"


def _government_body_and_letter(visit_id: int) -> None:
    ministry = save_values("partners", {"name": {"en": "Ministry of Culture"}, "kind": "government_body",
                                        "country": "UZ", "active": True})  # fmt: skip
    save_values("correspondence", {"direction": "outgoing", "kind": "letter", "our_number": "01-12/1",
                                   "our_date": dt.date(2019, 5, 1), "partner": ministry, "subject": "Invitation",
                                   "status": "sent", "concerns": [("visits", visit_id)]})  # fmt: skip


def test_step_8_on_sqlite_keeps_the_records_and_allows_the_new_kind(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    build_sqlite(path, 7)
    with sqlite3.connect(path) as connection:
        for statement in (INSERT_PARTNER, INSERT_VISIT, INSERT_MEMBER):
            connection.execute(statement)
    open_database(str(path))
    try:
        assert Partner.get_by_id(7).name_en == "National Library of Korea"
        member = VisitMember.get()
        assert (member.full_name, member.passport_number, member.birth_date) == ("Kim Min-jun", "", None)
        _government_body_and_letter(3)
        assert Letter.get().links[0].record_id == 3
        assert Partner.get(Partner.kind == "government_body").name_en == "Ministry of Culture"
    finally:
        close_database()
    with sqlite3.connect(path) as connection:
        assert connection.execute("SELECT version FROM schema_version").fetchall() == [(LATEST_VERSION,)]
        assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        with pytest.raises(sqlite3.IntegrityError):  # the constraint still holds for unknown kinds
            connection.execute("UPDATE partner SET kind = 'nonsense' WHERE id = 7")


@pytest.mark.postgres
def test_step_8_on_postgresql() -> None:
    url = pg_url()
    if not url:
        pytest.skip("no PostgreSQL server: set HAMKOR_TEST_PG")
    reset_postgresql(url)
    database = open_database(url)
    database.execute_sql(INSERT_PARTNER.replace(", 0, '',", ", false, '',").replace(", 1, '')", ", true, '')"))
    database.execute_sql(INSERT_VISIT.replace(", 0, '',", ", false, '',"))
    database.execute_sql("DROP TABLE letter_link")
    database.execute_sql("DROP TABLE letter")
    for column in ("citizenship", "passport_number", "birth_date"):
        database.execute_sql(f"ALTER TABLE visit_member DROP COLUMN {column}")
    old = "', '".join(code for code in PARTNER_KINDS.codes if code != "government_body")
    constraints = database.execute_sql(
        "SELECT conname FROM pg_constraint WHERE conrelid = 'partner'::regclass AND contype = 'c'"
        " AND pg_get_constraintdef(oid) LIKE '%%kind%%'"
    ).fetchall()
    for (name,) in constraints:
        database.execute_sql(f'ALTER TABLE partner DROP CONSTRAINT "{name}"')
    database.execute_sql(f"ALTER TABLE partner ADD CHECK (kind IN ('{old}'))")
    database.execute_sql(INSERT_MEMBER)
    database.execute_sql("UPDATE schema_version SET version = 7")
    close_database()
    database = open_database(url)
    try:
        assert stored_version(database) == LATEST_VERSION
        assert VisitMember.get().full_name == "Kim Min-jun"
        _government_body_and_letter(3)
        assert Letter.select().count() == 1
        with pytest.raises(Exception, match="check"):
            with database.atomic():
                database.execute_sql("UPDATE partner SET kind = 'nonsense' WHERE id = 7")
    finally:
        close_database()
