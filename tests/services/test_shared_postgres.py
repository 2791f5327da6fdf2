"""The shared registry: schema on first connect, conflicts instead of lost updates, a soak of concurrent writers,
the audit log, others' changes seen by polling, a read-only role, and the portable copy of a PostgreSQL registry.

The PostgreSQL tests run on databases and roles of their own (hamkor_t8_…), created and dropped here, on the
server HAMKOR_TEST_PG names; without it they are skipped.
"""

from __future__ import annotations

import datetime as dt
import json
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import peewee as pw
import pytest
from openpyxl import load_workbook

from app.models import Attachment, AttachmentContent, ConflictError, Event, Partner, db
from app.models.base import ChangeLog, set_current_user
from app.models.database import close_database, open_database
from app.models.migrations import LATEST_VERSION, stored_version
from app.services.attachments import add_attachment, remove_attachment
from app.services.changes import ChangeWatcher, record_history
from app.services.registers import records
from app.services.registers.history_export import write_history_xlsx
from app.services.storage import backup, pg_transfer
from app.services.storage.permissions import can_write, read_only_reason
from tests.conftest import admin, pg_url, with_path

pytestmark = pytest.mark.postgres
WRITERS = 10
INCREMENTS = 15


# -- databases and roles of our own (created with tests.conftest.admin) -------------------------------------------
@pytest.fixture
def server() -> str:
    url = pg_url()
    if not url:
        pytest.skip("no PostgreSQL server: set HAMKOR_TEST_PG")
    return url


@pytest.fixture
def fresh_pg(server: str) -> Iterator[str]:
    """An empty database of this test's own on the server; its URL."""
    name = f"hamkor_t8_{uuid.uuid4().hex[:12]}"
    admin(server, f"CREATE DATABASE {name}")
    yield with_path(server, database=name)
    close_database()
    admin(server, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.fixture
def shared(fresh_pg: str) -> Iterator[pw.Database]:
    """The shared registry opened the way the app opens it (schema created on first connect)."""
    database = open_database(fresh_pg)
    yield database
    close_database()


@pytest.fixture(params=["sqlite", "postgresql"])
def registry(request: pytest.FixtureRequest, sqlite_path: Path) -> Iterator[pw.Database]:
    """A fresh registry on SQLite and on a PostgreSQL database of its own."""
    if request.param == "sqlite":
        database = open_database(str(sqlite_path))
        yield database
        close_database()
    else:
        yield request.getfixturevalue("shared")


def in_thread(work, *args):  # noqa: ANN001, ANN201 - any callable
    """Run `work` on another thread: another officer, with a connection of its own."""
    result: dict = {}

    def run() -> None:
        try:
            result["value"] = work(*args)
        except BaseException as error:  # noqa: BLE001 - re-raised on the test's thread
            result["error"] = error
        finally:
            db.obj.close()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(timeout=60)
    if "error" in result:
        raise result["error"]
    return result.get("value")


def partner_values(**changes: object) -> dict:
    values = records.empty_values("partners")
    values.update(name={"uz": "", "ru": "", "en": "National Library of Korea", "orig": ""}, kind="national_library")
    values.update(changes)
    return values


# -- schema on first connect -------------------------------------------------------------------------------------
def test_the_schema_is_created_on_first_connect_and_migrated_later(fresh_pg: str) -> None:
    database = open_database(fresh_pg)
    assert stored_version(database) == LATEST_VERSION
    assert {"partner", "agreement", "attachment_content", "change_log"} <= set(database.get_tables())
    Partner.create(name_en="National Library of Korea", kind="national_library")
    database.execute_sql("DROP TABLE change_log")  # as a registry of schema 1 was
    database.execute_sql("UPDATE schema_version SET version = 1")
    close_database()

    database = open_database(fresh_pg)
    assert stored_version(database) == LATEST_VERSION
    assert database.table_exists("change_log")
    assert Partner.get().name_en == "National Library of Korea"


# -- no lost update ----------------------------------------------------------------------------------------------
def test_two_connections_editing_one_record_produce_a_conflict_not_a_lost_update(shared: pw.Database) -> None:
    record_id = records.save_values("partners", partner_values(city="Seoul"))
    mine, version = records.load_values("partners", record_id)

    def colleague() -> int:
        theirs, their_version = records.load_values("partners", record_id)
        theirs["city"] = "Busan"
        set_current_user("colleague")
        records.save_values("partners", theirs, record_id=record_id, version=their_version)
        return shared.execute_sql("SELECT pg_backend_pid()").fetchone()[0]

    their_connection = in_thread(colleague)
    assert their_connection != shared.execute_sql("SELECT pg_backend_pid()").fetchone()[0]

    mine["city"] = "Incheon"
    with pytest.raises(ConflictError):
        records.save_values("partners", mine, record_id=record_id, version=version)

    values, stored = records.load_values("partners", record_id)
    assert (values["city"], stored) == ("Busan", 2)
    updates = ChangeLog.select().where((ChangeLog.record_id == record_id) & (ChangeLog.action == "update"))
    assert [(u.changed_by, json.loads(u.changes)) for u in updates] == [("colleague", {"city": ["Seoul", "Busan"]})]


def test_a_soak_of_concurrent_writers_loses_no_update(shared: pw.Database) -> None:
    event_id = records.save_values(
        "events",
        {
            **records.empty_values("events"),
            "title": {"uz": "", "ru": "", "en": "Counter", "orig": ""},
            "kind": "conference",
            "start_on": dt.date(2026, 5, 1),
            "status": "planned",
            "place": "library",
            "participants_total": 0,
        },
    )
    conflicts = [0] * WRITERS
    errors: list[BaseException] = []
    start = threading.Barrier(WRITERS)

    def writer(number: int) -> None:
        try:
            set_current_user(f"officer{number}")
            start.wait(timeout=30)
            for _increment in range(INCREMENTS):
                while True:
                    values, version = records.load_values("events", event_id)
                    values["participants_total"] += 1
                    try:
                        records.save_values("events", values, record_id=event_id, version=version)
                        break
                    except ConflictError:
                        conflicts[number] += 1
        except BaseException as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            db.obj.close()

    began = time.monotonic()
    threads = [threading.Thread(target=writer, args=(n,)) for n in range(WRITERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    elapsed = time.monotonic() - began

    assert errors == []
    event = Event.get_by_id(event_id)
    assert event.participants_total == WRITERS * INCREMENTS
    assert event.version == 1 + WRITERS * INCREMENTS
    logged = ChangeLog.select().where((ChangeLog.record_id == event_id) & (ChangeLog.action == "update")).count()
    assert logged == WRITERS * INCREMENTS
    assert elapsed < 30, f"the soak took {elapsed:.1f} s ({sum(conflicts)} conflicts retried)"


# -- the audit log -----------------------------------------------------------------------------------------------
def test_the_audit_log_records_every_change_with_old_and_new_values(registry: pw.Database, tmp_path: Path) -> None:
    parent = records.save_values("partners", partner_values(name={"uz": "", "ru": "", "en": "Ministry", "orig": ""}))
    record_id = records.save_values("partners", partner_values(city="Seoul", country="KR"))
    values, version = records.load_values("partners", record_id)
    set_current_user("colleague")
    records.save_values(
        "partners",
        {**values, "city": "Busan", "kind": "university", "parent": parent},
        record_id=record_id,
        version=version,
    )
    scan = tmp_path / "memorandum.pdf"
    scan.write_bytes(b"%PDF-1.4 memorandum")
    draft = tmp_path / "draft.docx"
    draft.write_bytes(b"PK draft")
    remove_attachment(add_attachment("partners", record_id, draft).id)
    add_attachment("partners", record_id, scan)

    history = record_history("partners", record_id)
    by_field = {(line.action, line.field): (line.old, line.new, line.changed_by) for line in history}
    assert by_field[("update", "City")] == ("Seoul", "Busan", "colleague")
    assert by_field[("update", "Kind")] == ("National library", "University", "colleague")
    assert by_field[("update", "Parent organisation")] == ("", "Ministry", "colleague")
    assert by_field[("create", "Name (English)")] == ("", "National Library of Korea", "tester")
    assert by_field[("create", "Country")] == ("", "South Korea", "tester")
    files = [(line.action, line.old, line.new) for line in history if line.field == "Attachment"]
    assert files == [  # newest first
        ("create", "", "memorandum.pdf"),
        ("delete", "draft.docx", ""),
        ("create", "", "draft.docx"),
    ]

    records.delete_records("partners", [record_id])
    deleted = ChangeLog.select().where(
        (ChangeLog.register == "partner") & (ChangeLog.record_id == record_id) & (ChangeLog.action == "delete")
    )
    assert json.loads(deleted.get().changes)["city"] == "Busan"
    history = record_history("partners", record_id)
    assert ("Busan", "") in {(line.old, line.new) for line in history if line.action == "delete"}

    exported = write_history_xlsx(history, tmp_path / "history.xlsx", record="National Library of Korea").path
    table = list(load_workbook(exported).active.iter_rows(values_only=True))
    header = next(index for index, row in enumerate(table) if row[0] == "When")  # under the title lines
    rows = [dict(zip(table[header], row, strict=True)) for row in table[header + 1 :]]
    assert {"City": ("Seoul", "Busan")}.items() <= {
        row["Field"]: (row["Before"] or "", row["After"] or "") for row in rows if row["Action"] == "Changed"
    }.items()
    assert len(rows) == len(history)


# -- others' changes, seen by polling ----------------------------------------------------------------------------
def test_the_watcher_sees_what_another_connection_saved_and_deleted(registry: pw.Database, tmp_path: Path) -> None:
    watcher = ChangeWatcher()
    assert not watcher.poll()
    mine = records.save_values("partners", partner_values(city="Seoul"))
    watcher.reset()  # what this app saved itself is known

    scan = tmp_path / "scan.pdf"
    scan.write_bytes(b"%PDF-1.4")

    def colleague() -> int:
        set_current_user("colleague")
        new = records.save_values("partners", partner_values(city="Tashkent"))
        add_attachment("partners", mine, scan)
        return new

    theirs = in_thread(colleague)
    changes = watcher.poll()
    assert changes.saved == [("partners", theirs), ("partners", mine)]
    assert changes.authors[("partners", theirs)] == "colleague"
    assert not watcher.poll()  # nothing new since

    in_thread(records.delete_records, "partners", [theirs])
    assert watcher.poll().deleted == {"partners": [theirs]}


# -- a read-only role --------------------------------------------------------------------------------------------
@pytest.fixture
def reader(server: str, fresh_pg: str) -> Iterator[str]:
    """A login role that may only read the registry (SELECT on every table); its URL."""
    database = open_database(fresh_pg)  # the owner creates the schema and a record
    records.save_values("partners", partner_values(city="Seoul"))
    close_database()
    role = f"hamkor_t8_ro_{uuid.uuid4().hex[:8]}"
    name = urlsplit(fresh_pg).path.lstrip("/")
    admin(server, f"CREATE ROLE {role} LOGIN")
    owner = open_database(fresh_pg)
    owner.execute_sql(f"GRANT USAGE ON SCHEMA public TO {role}")
    owner.execute_sql(f"GRANT SELECT ON ALL TABLES IN SCHEMA public TO {role}")
    close_database()
    del database
    yield with_path(fresh_pg, database=name, user=role)
    close_database()
    admin(server, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
    admin(server, f"DROP ROLE IF EXISTS {role}")


def test_a_read_only_role_cannot_change_anything(reader: str) -> None:
    database = open_database(reader)
    assert not can_write(database)
    assert "may read the registry but not change it" in read_only_reason(database)
    values, version = records.load_values("partners", 1)
    with pytest.raises(pw.ProgrammingError, match="permission denied"):
        records.save_values("partners", {**values, "city": "Busan"}, record_id=1, version=version)
    with pytest.raises(pw.ProgrammingError, match="permission denied"):
        records.save_values("partners", partner_values())
    with pytest.raises(pw.ProgrammingError, match="permission denied"):
        records.delete_records("partners", [1])
    assert records.load_values("partners", 1)[0]["city"] == "Seoul"


def test_the_owner_may_write(registry: pw.Database) -> None:
    assert can_write(registry)
    assert read_only_reason(registry) is None


def test_a_query_only_sqlite_registry_is_read_only(database: pw.Database) -> None:
    database.execute_sql("PRAGMA query_only = 1")
    assert not can_write()
    with pytest.raises(pw.OperationalError, match="readonly"):
        records.save_values("partners", partner_values())


# -- the portable copy of a PostgreSQL registry ------------------------------------------------------------------
def test_a_postgresql_registry_is_copied_to_sqlite_and_restored_into_an_empty_one(
    server: str, shared: pw.Database, tmp_path: Path
) -> None:
    child = Partner.create(name_en="Branch", kind="library")
    parent = Partner.create(name_en="Head office", kind="national_library")
    child.parent = parent  # a link to a record with a higher id: restored all the same
    child.save()
    scan = tmp_path / "scan.pdf"
    scan.write_bytes(bytes(range(256)) * 100)
    add_attachment("partners", parent.id, scan)
    copy = tmp_path / "shared.db"

    counts = pg_transfer.export_postgresql(shared, copy)

    assert backup.verify_copy(copy) == []
    assert counts["partner"] == 2 and counts["attachment_content"] == 1 and counts["change_log"] == 4
    close_database()

    target_name = f"hamkor_t8_{uuid.uuid4().hex[:12]}"
    admin(server, f"CREATE DATABASE {target_name}")
    try:
        target = open_database(with_path(server, database=target_name))
        restored = pg_transfer.import_into_postgresql(target, copy)
        assert restored == {name: count for name, count in counts.items() if name != "schema_version"}
        assert Partner.get_by_id(child.id).parent_id == parent.id
        assert bytes(AttachmentContent.get().data) == scan.read_bytes()
        assert Attachment.get().sha256
        assert Partner.create(name_en="New after the restore", kind="library").id == parent.id + 1

        with pytest.raises(backup.BackupError, match="already holds records"):
            pg_transfer.import_into_postgresql(target, copy)
        pg_transfer.import_into_postgresql(target, copy, replace=True)
        assert Partner.select().count() == 2
    finally:
        close_database()
        admin(server, f"DROP DATABASE IF EXISTS {target_name} WITH (FORCE)")
