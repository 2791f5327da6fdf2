"""Several programs on one registry: imports beside the window, a restore that needs the file alone, two imports of
one file at once, two registries of one file name backed up into one folder."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from app.models.database import DatabaseLocation, close_database, open_database
from app.services.storage import backup
from app.services.storage.registry_access import hold_for_writing, release_writing, restoring
from tests.conftest import pg_url, reset_postgresql
from tests.services.import_helpers import hamkor_layout
from tests.test_cli import ROOT, hamkor

ROWS = 300


def partners_book(path: Path) -> Path:
    rows = [[f"Library number {n}", "library", "KR", "Seoul"] for n in range(ROWS)]
    return hamkor_layout(path, ["Name", "Kind", "Country", "City"], rows)


def partner_count(db: str) -> int:
    if db.startswith("postgresql://"):
        open_database(db)
        try:
            from app.models import Partner

            return Partner.select().count()
        finally:
            close_database()
    with sqlite3.connect(db) as connection:
        return connection.execute("SELECT count(*) FROM partner").fetchone()[0]


@pytest.fixture
def registry(tmp_path: Path) -> Path:
    path = tmp_path / "hamkor.db"
    open_database(str(path))
    close_database()
    return path


def test_an_import_runs_beside_the_window_but_a_restore_waits_for_both(registry: Path, tmp_path: Path) -> None:
    copy = tmp_path / "copy.db"
    backup.copy_sqlite_file(registry, copy)
    book = partners_book(tmp_path / "partners.xlsx")
    hold_for_writing(registry)  # the window is open on the registry
    try:
        imported = hamkor("--db", str(registry), "import", "partners", str(book))
        assert imported.returncode == 0, imported.stderr
        refused = hamkor("--db", str(registry), "restore", str(copy))
        assert refused.returncode == 2
        assert "is in use" in refused.stderr
        assert partner_count(str(registry)) == ROWS
    finally:
        release_writing(registry)
    restored = hamkor("--db", str(registry), "restore", str(copy))
    assert restored.returncode == 0, restored.stderr
    assert partner_count(str(registry)) == 0


def test_an_import_refuses_to_start_while_a_restore_runs(registry: Path, tmp_path: Path) -> None:
    book = partners_book(tmp_path / "partners.xlsx")
    with restoring(registry):
        result = hamkor("--db", str(registry), "import", "partners", str(book))
    assert result.returncode == 2 and "is being restored" in result.stderr
    assert partner_count(str(registry)) == 0


def held_import(db: str, book: Path, gate: Path) -> subprocess.Popen[str]:
    environment = {key: value for key, value in os.environ.items() if key != "HAMKOR_DB"}
    environment.update(LANG="C.UTF-8", LANGUAGE="")
    return subprocess.Popen(
        [sys.executable, "-m", "tests.crash_child", "hold", str(gate), "--", "--db", db, "import", "partners",
         str(book)],
        cwd=ROOT, env=environment, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip


@pytest.mark.parametrize("kind", ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def test_two_imports_of_one_file_at_once_create_each_record_once(registry: Path, tmp_path: Path, kind: str) -> None:
    db = str(registry)
    if kind == "postgresql":
        db = pg_url() or ""
        if not db:
            pytest.skip("no PostgreSQL server")
        reset_postgresql(db)
        open_database(db)
        close_database()
    book = partners_book(tmp_path / "partners.xlsx")
    gates = [tmp_path / "gate-1", tmp_path / "gate-2"]
    for gate in gates:
        os.mkfifo(gate)
    children = [held_import(db, book, gate) for gate in gates]
    for child in children:  # both have checked the file against the same empty register
        lines = iter(child.stdout.readline, "")
        assert "ready" in (line.strip() for line in lines)
    for gate in gates:  # now both write at once
        with open(gate, "w", encoding="utf-8") as opened:
            opened.write("go")
    results = [(child.wait(timeout=120), child.stdout.read(), child.stderr.read()) for child in children]

    assert partner_count(db) == ROWS
    assert sorted(code for code, _out, _err in results) == [0, 2]
    refused = next(err for code, _out, err in results if code == 2)
    assert "The register changed after the check; nothing was imported." in refused


def test_two_registries_of_one_file_name_keep_their_own_copies_in_one_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "backups"
    monkeypatch.setenv(backup.BACKUP_DIR_ENV, str(folder))
    first, second = tmp_path / "a" / "hamkor.db", tmp_path / "b" / "hamkor.db"
    for path in (first, second):
        open_database(str(path))
        close_database()
    legacy = folder / "hamkor-20200101-000000.db"  # a copy named before identities
    folder.mkdir()
    backup.copy_sqlite_file(first, legacy)
    a_copies = [backup.backup_now(DatabaseLocation(str(first)), now=backup.utc_now()).path]
    for _day in range(12):  # enough copies of B to rotate B's old ones out
        b = backup.backup_now(DatabaseLocation(str(second)))
    a_name, b_name = backup.copy_name(DatabaseLocation(str(first))), backup.copy_name(DatabaseLocation(str(second)))
    assert a_name.identity != b_name.identity
    a_listed = {copy.path for copy in backup.list_backups(folder, a_name)}
    assert set(a_copies) <= a_listed and legacy in a_listed
    assert not any(b_name.identity in path.name for path in a_listed) and a_copies[0].exists()
    # A's file is damaged beyond reading: its copies are still found through the identity kept beside it
    first.write_bytes(b"\0" * 4096)
    assert backup.copy_name(DatabaseLocation(str(first))) == a_name
    newest = backup.newest_good_backup(folder, backup.copy_name(DatabaseLocation(str(first))))
    assert newest is not None and newest.path == a_copies[0]
    listed = hamkor("--db", str(second), "backup", "--list")
    assert str(a_copies[0]) not in listed.stdout, listed.stdout
    assert f"hamkor-{b_name.identity}-" in listed.stdout and b.path.parent == folder


def test_a_killed_backup_leaves_nothing_and_two_in_one_second_both_succeed(registry: Path, tmp_path: Path) -> None:
    folder = tmp_path / "backups"
    folder.mkdir()
    stale = folder / "hamkor-0123456789ab-20260101-000000.db.999999999.part"  # its process is long gone
    stale.write_bytes(b"half a copy")
    location = DatabaseLocation(str(registry))
    moment = backup.utc_now()
    first = backup.backup_now(location, folder=folder, now=moment)
    second = backup.backup_now(location, folder=folder, now=moment)
    assert first.path != second.path and second.path.exists()  # (the rotation keeps one copy of the day)
    assert not stale.exists() and not list(folder.glob("*.part"))
    # a copy being written by another living process is left alone; each process writes its own partial file
    busy = folder / f"{second.path.name}.{os.getppid()}.part"
    busy.write_bytes(b"being written")
    assert backup.remove_stale_parts(folder) == [] and busy.exists()
    assert backup.part_path(second.path).name == f"{second.path.name}.{os.getpid()}.part"


def test_a_file_with_only_the_schema_version_is_refused_by_restore_and_check(registry: Path, tmp_path: Path) -> None:
    hollow = tmp_path / "hollow.db"
    with sqlite3.connect(hollow) as connection:
        connection.execute("CREATE TABLE schema_version (id INTEGER PRIMARY KEY, version INTEGER)")
        connection.execute("INSERT INTO schema_version (version) VALUES (6)")
    restored = hamkor("--db", str(registry), "restore", str(hollow))
    assert restored.returncode == 2 and "is not a complete Hamkor database" in restored.stderr
    checked = hamkor("--db", str(hollow), "check")
    assert checked.returncode != 0 and "The table “partner” is missing." in checked.stdout + checked.stderr


def test_a_copy_with_broken_links_is_refused_unless_forced(registry: Path, tmp_path: Path) -> None:
    broken = tmp_path / "broken.db"
    shutil.copyfile(registry, broken)
    with sqlite3.connect(broken) as connection:
        connection.execute(
            "INSERT INTO contact_person (created_at, created_by, updated_at, updated_by, version, is_sample,"
            " search_text, full_name, position, partner_id, email, phone, languages, notes) VALUES"
            " ('2019-01-01 10:00:00', 'officer', '2019-01-01 10:00:00', 'officer', 1, 0, '', 'Kim', '', 99,"
            " '', '', '', '')"
        )
    refused = hamkor("--db", str(registry), "restore", str(broken))
    assert refused.returncode == 2 and "refer to missing records" in refused.stderr
    forced = hamkor("--db", str(registry), "restore", str(broken), "--force")
    assert forced.returncode == 0, forced.stderr


def test_replacing_a_shared_registry_is_refused_while_others_are_connected(tmp_path: Path) -> None:
    url = pg_url()
    if not url:
        pytest.skip("no PostgreSQL server")
    reset_postgresql(url)
    open_database(url)
    from app.models import Partner

    Partner.create(name_en="National Library of Korea", kind="national_library", country="KR")
    copy = tmp_path / "copy.db"
    backup.backup_now(DatabaseLocation(url), target=copy)
    try:  # this connection stays open: a colleague's window
        result = hamkor("--db", url, "restore", str(copy), "--replace")
        assert result.returncode == 2
        assert "Others are connected to the shared registry: postgres@" in result.stderr
    finally:
        close_database()
    assert hamkor("--db", url, "restore", str(copy), "--replace").returncode == 0
