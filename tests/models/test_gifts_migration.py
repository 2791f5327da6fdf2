"""Step 9 of the ladder: the protocol gifts and the memberships arrive and the records stay (SQLite and PostgreSQL)."""

from __future__ import annotations

import datetime as dt
import sqlite3
from decimal import Decimal
from pathlib import Path

import pytest

from app.models import Membership, Partner, ProtocolGift
from app.models.database import close_database, open_database
from app.models.migrations import LATEST_VERSION, stored_version
from app.services.registers.records import save_values
from tests.conftest import pg_url, reset_postgresql
from tests.models.test_migrations import build_sqlite

INSERT_PARTNER = (
    "INSERT INTO partner (id, created_at, created_by, updated_at, updated_by, version, is_sample, search_text,"
    " name_uz, name_ru, name_en, name_orig, short_name, kind, country, city, address, website, email, phone,"
    " active, notes) VALUES (7, '2019-01-01 10:00:00', 'officer', '2019-01-01 10:00:00', 'officer', 2, 0, '',"
    " '', 'ИФЛА', 'IFLA', '', 'IFLA', 'international_organisation', 'NL', 'The Hague', '', '', '', '', 1, '')"
)


def _use_the_new_tables() -> None:
    assert Partner.get_by_id(7).name_en == "IFLA" and Partner.get_by_id(7).version == 2
    values = {"organisation": 7, "status": "active", "since": 2007, "annual_fee": (Decimal("1200"), "EUR"),
              "next_due_on": dt.date(2020, 1, 31), "delegates": []}  # fmt: skip
    membership = save_values("memberships", values)
    gift = save_values("gifts", {"direction": "given", "item": "Facsimile of the Baburnama", "kind": "facsimile",
                                 "quantity": 1, "given_on": dt.date(2019, 8, 26), "partner": 7,
                                 "value": (None, "")})  # fmt: skip
    assert Membership.get_by_id(membership).annual_fee == Decimal("1200")
    assert ProtocolGift.get_by_id(gift).partner.name_en == "IFLA"


@pytest.mark.parametrize("version", [5, 8])
def test_step_9_adds_gifts_and_memberships_and_keeps_the_records(tmp_path: Path, version: int) -> None:
    path = tmp_path / "old.db"
    build_sqlite(path, version)
    with sqlite3.connect(path) as connection:
        connection.execute(INSERT_PARTNER)
    open_database(str(path))
    try:
        _use_the_new_tables()
    finally:
        close_database()
    with sqlite3.connect(path) as connection:
        assert connection.execute("SELECT version FROM schema_version").fetchall() == [(LATEST_VERSION,)]
        assert connection.execute("SELECT name_ru FROM partner").fetchall() == [("ИФЛА",)]
        assert connection.execute("SELECT item FROM protocol_gift").fetchall() == [("Facsimile of the Baburnama",)]
        assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
    assert len(list(tmp_path.glob(f"old.v{version}-*.bak.db"))) == 1


@pytest.mark.postgres
def test_step_9_on_postgresql() -> None:
    url = pg_url()
    if not url:
        pytest.skip("no PostgreSQL server: set HAMKOR_TEST_PG")
    reset_postgresql(url)
    database = open_database(url)
    database.execute_sql(INSERT_PARTNER.replace(", 1, '')", ", true, '')").replace("2, 0, ''", "2, false, ''"))
    for table in ("membership_delegate", "membership", "protocol_gift"):
        database.execute_sql(f"DROP TABLE {table}")
    database.execute_sql("UPDATE schema_version SET version = 8")
    close_database()
    database = open_database(url)
    try:
        assert stored_version(database) == LATEST_VERSION
        _use_the_new_tables()
    finally:
        close_database()
