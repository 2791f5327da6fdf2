"""Start-up safety without widgets: the quick check, one app per file, risky storage, a full disk during a save."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import peewee as pw
import pytest

from app.models import Partner
from app.models.database import DatabaseLocation, close_database, open_database
from app.services.registers import records
from app.services.storage import backup, restore
from app.services.storage.permissions import root_database_error
from app.services.storage.startup import (
    AlreadyRunning,
    acquire_instance_lock,
    damage_found,
    mount_type,
    quick_check,
    storage_risk,
    storage_warning,
)
from tests.services.test_backup import damage

ROOT = Path(__file__).resolve().parents[2]


def partner_values(**changes: object) -> dict:
    values = records.empty_values("partners")
    values.update(name={"uz": "", "ru": "", "en": "National Library of Korea", "orig": ""}, kind="national_library")
    values.update(changes)
    return values


# -- the quick check and the way back ----------------------------------------------------------------------------
def test_a_sound_file_passes_the_quick_check(database: pw.Database) -> None:
    Partner.create(name_en="National Library of Korea", kind="national_library")
    assert quick_check(Path(database.database)) == []
    assert quick_check(Path(database.database).with_name("absent.db")) == []


def test_a_file_that_is_no_database_at_all_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "hamkor.db"
    path.write_bytes(os.urandom(8192))
    problems = quick_check(path)
    assert problems and problems[0].startswith("The database file is damaged")


def test_a_damaged_database_is_found_at_start_and_restored_from_the_newest_good_backup(database: pw.Database) -> None:
    location = DatabaseLocation(database.database)
    for number in range(300):  # enough pages that damage in the middle hits a table
        Partner.create(name_en=f"Library {number}", kind="library", notes="x" * 200)
    older = backup.backup_now(location, now=backup.utc_now().replace(year=2020)).path
    Partner.create(name_en="Saved before the newest copy", kind="library")
    newest = backup.backup_now(location).path
    damage(newest)  # the newest copy is damaged as well: the older good one must be offered
    Partner.create(name_en="Saved after the last backup", kind="library")
    close_database()
    damage(Path(database.database))

    problems = damage_found(location)
    assert problems, "the damage went unnoticed"
    good = backup.newest_good_backup(backup.backup_folder(location), backup.copy_stem(location))
    assert good is not None and good.path == older

    result = restore.restore_sqlite(good.path, location.sqlite_path)

    assert damage_found(location) == []
    assert result.replaced_aside is not None and result.replaced_aside.exists()
    open_database(database.database)
    assert Partner.select().count() == 300
    assert not Partner.select().where(Partner.name_en.startswith("Saved")).exists()


# -- one app per database file -----------------------------------------------------------------------------------
HOLDER = """
import sys
from pathlib import Path
from app.models.database import DatabaseLocation
from app.services.storage.startup import acquire_instance_lock
lock = acquire_instance_lock(DatabaseLocation(sys.argv[1]))
print("held", flush=True)
sys.stdin.read()
lock.release()
"""


@pytest.fixture
def holder(sqlite_path: Path) -> Iterator[subprocess.Popen]:
    """Another Hamkor process that holds the database file's lock until its standard input closes."""
    process = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(sqlite_path)],
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdout.readline().strip() == "held"
    yield process
    if process.poll() is None:
        process.stdin.close()
        process.wait(timeout=30)


def test_a_second_app_on_the_same_file_is_refused_and_the_first_goes_on(
    sqlite_path: Path, holder: subprocess.Popen
) -> None:
    with pytest.raises(AlreadyRunning) as refused:
        acquire_instance_lock(DatabaseLocation(str(sqlite_path)))
    assert f"process {holder.pid}" in str(refused.value)
    assert "already open on this database" in str(refused.value)
    assert holder.poll() is None  # nothing brought down

    holder.stdin.close()
    assert holder.wait(timeout=30) == 0
    lock = acquire_instance_lock(DatabaseLocation(str(sqlite_path)))
    assert lock is not None and lock.held
    lock.release()
    assert not lock.path.exists()


def test_the_lock_of_a_crashed_app_does_not_lock_the_officer_out(sqlite_path: Path, holder: subprocess.Popen) -> None:
    holder.kill()
    holder.wait(timeout=30)
    lock = acquire_instance_lock(DatabaseLocation(str(sqlite_path)))
    assert lock.held
    lock.release()


def test_a_shared_postgresql_registry_takes_no_file_lock() -> None:
    assert acquire_instance_lock(DatabaseLocation("postgresql://officer@db.example/hamkor")) is None


# -- risky storage -----------------------------------------------------------------------------------------------
LINUX_MOUNTS = """\
/dev/sda1 / ext4 rw,relatime 0 0
server:/export/office /mnt/office nfs4 rw,relatime 0 0
//fileserver/share /media/share cifs rw,relatime 0 0
user@host:/data /home/officer/remote fuse.sshfs rw,nosuid 0 0
tmpfs /tmp tmpfs rw 0 0
/dev/sdb1 /media/usb\\040stick vfat rw 0 0
"""
MAC_MOUNTS = """\
/dev/disk3s1s1 on / (apfs, sealed, local, read-only, journaled)
//officer@fileserver/Registry on /Volumes/Registry (smbfs, nodev, nosuid, mounted by officer)
"""


@pytest.mark.parametrize(
    ("path", "platform", "mounts", "expected"),
    [
        ("\\\\fileserver\\share\\hamkor.db", "win32", "", ("network", "\\\\fileserver\\share")),
        ("//fileserver/share/hamkor.db", "linux", "", ("network", "\\\\fileserver\\share")),
        ("C:\\Users\\officer\\OneDrive - Library\\hamkor.db", "win32", "", ("cloud", "OneDrive")),
        ("C:\\Users\\officer\\Documents\\hamkor.db", "win32", "", None),
        ("/mnt/office/hamkor/hamkor.db", "linux", LINUX_MOUNTS, ("network", "nfs4")),
        ("/media/share/hamkor.db", "linux", LINUX_MOUNTS, ("network", "cifs")),
        ("/home/officer/remote/hamkor.db", "linux", LINUX_MOUNTS, ("network", "fuse.sshfs")),
        ("/home/officer/hamkor.db", "linux", LINUX_MOUNTS, None),
        ("/media/usb stick/hamkor.db", "linux", LINUX_MOUNTS, None),
        ("/home/officer/Dropbox/hamkor.db", "linux", LINUX_MOUNTS, ("cloud", "Dropbox")),
        ("/home/officer/Yandex.Disk/registry/hamkor.db", "linux", LINUX_MOUNTS, ("cloud", "Yandex.Disk")),
        ("/Volumes/Registry/hamkor.db", "darwin", MAC_MOUNTS, ("network", "smbfs")),
        ("/Users/officer/Google Drive/hamkor.db", "darwin", MAC_MOUNTS, ("cloud", "Google Drive")),
        (
            "/Users/officer/Library/Mobile Documents/com~apple~CloudDocs/hamkor.db",
            "darwin",
            MAC_MOUNTS,
            ("cloud", "iCloud Drive"),
        ),
        ("/Users/officer/iCloud Drive/hamkor.db", "darwin", MAC_MOUNTS, ("cloud", "iCloud Drive")),
        ("/Users/officer/Documents/hamkor.db", "darwin", MAC_MOUNTS, None),
    ],
)
def test_network_shares_and_synced_folders_are_recognised(
    path: str, platform: str, mounts: str, expected: tuple[str, str] | None
) -> None:
    risk = storage_risk(Path(path) if platform != "win32" else path, platform=platform, mounts=mounts)
    assert (None if risk is None else (risk.kind, risk.what)) == expected


def test_a_mapped_network_drive_is_recognised_on_windows() -> None:
    drives = {"Z:\\": 4, "C:\\": 3}
    remote = storage_risk("Z:\\Registry\\hamkor.db", platform="win32", drive_type=drives.__getitem__)
    assert (remote.kind, remote.what) == ("network", "Z:")
    assert storage_risk("C:\\Registry\\hamkor.db", platform="win32", drive_type=drives.__getitem__) is None


def test_the_longest_mount_point_wins() -> None:
    mounts = "/dev/sda1 / ext4 rw 0 0\nsrv:/x /srv nfs rw 0 0\n/dev/sdc1 /srv/local ext4 rw 0 0\n"
    assert mount_type(Path("/srv/local/hamkor.db"), mounts) == "ext4"
    assert mount_type(Path("/srv/other/hamkor.db"), mounts) == "nfs"


def test_this_machines_temporary_folder_is_not_risky_and_a_synced_folder_gets_a_warning(tmp_path: Path) -> None:
    assert storage_warning(DatabaseLocation(str(tmp_path / "hamkor.db"))) is None
    warning = storage_warning(DatabaseLocation(str(tmp_path / "OneDrive" / "hamkor.db")))
    assert "synchronised by OneDrive" in warning and "PostgreSQL" in warning
    assert storage_warning(DatabaseLocation("postgresql://officer@db.example/hamkor")) is None


# -- a full disk during a save -----------------------------------------------------------------------------------
def _save_fails_and_loses_nothing(record_id: int, version: int) -> None:
    with pytest.raises(pw.OperationalError) as failed:
        records.save_values(
            "partners", partner_values(city="Busan", notes="n" * 400_000), record_id=record_id, version=version
        )
    assert str(root_database_error(failed.value)) == "database or disk is full"
    values, stored_version = records.load_values("partners", record_id)
    assert (values["city"], values["notes"], stored_version) == ("Seoul", "", version)


def test_a_full_database_during_a_save_keeps_the_previous_data(database: pw.Database) -> None:
    record_id = records.save_values("partners", partner_values(city="Seoul"))
    (pages,) = database.execute_sql("PRAGMA page_count").fetchone()
    database.execute_sql(f"PRAGMA max_page_count = {pages}")  # SQLite answers SQLITE_FULL, as for a full disk

    _save_fails_and_loses_nothing(record_id, 1)

    close_database()
    assert quick_check(Path(database.database)) == []
    open_database(database.database)
    assert records.load_values("partners", record_id)[0]["city"] == "Seoul"


def _mount_tmpfs(where: Path, size: str) -> bool:
    where.mkdir()
    if os.geteuid() != 0 or sys.platform != "linux":
        return False
    result = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where)], capture_output=True)
    return result.returncode == 0


def test_a_really_full_disk_during_a_save_keeps_the_previous_data(tmp_path: Path) -> None:
    disk = tmp_path / f"small-disk-{uuid.uuid4().hex[:6]}"
    if not _mount_tmpfs(disk, "2m"):
        pytest.skip("no small file system can be mounted here (needs root on Linux)")
    try:
        path = disk / "hamkor.db"
        open_database(str(path))
        try:
            record_id = records.save_values("partners", partner_values(city="Seoul"))
            filler = disk / "filler"
            with filler.open("wb", buffering=0) as handle:  # fill the disk to the last byte
                try:
                    while True:
                        handle.write(b"\0" * 4096)
                except OSError:
                    pass
            _save_fails_and_loses_nothing(record_id, 1)
        finally:
            close_database()
        (disk / "filler").unlink()
        assert quick_check(path) == []
        open_database(str(path))
        try:
            values, version = records.load_values("partners", record_id)
            assert (values["city"], version) == ("Seoul", 1)
            records.save_values("partners", partner_values(city="Busan"), record_id=record_id, version=1)
            assert records.load_values("partners", record_id)[0]["city"] == "Busan"  # with space again, it saves
        finally:
            close_database()
    finally:
        if subprocess.run(["umount", str(disk)], capture_output=True).returncode != 0:
            subprocess.run(["umount", "-l", str(disk)], capture_output=True)


def test_the_schema_check_leaves_the_models_on_the_registry(monkeypatch: pytest.MonkeyPatch) -> None:
    """The schema check runs on a background thread at start: while it builds its scratch copy of the schema, the
    models (which every thread shares) must keep talking to the registry, or a page opened in that second reads an
    empty database ("no such table: partner")."""
    from app.models.database import db
    from app.services.storage.integrity import expected_schema

    seen = []
    get_columns = pw.SqliteDatabase.get_columns

    def spying(self: pw.SqliteDatabase, table: str, schema: str | None = None) -> list:
        seen.append(Partner._meta.database)
        return get_columns(self, table, schema)

    monkeypatch.setattr(pw.SqliteDatabase, "get_columns", spying)
    expected_schema.cache_clear()
    try:
        assert "partner" in expected_schema()
    finally:
        expected_schema.cache_clear()
    assert seen and all(database is db for database in seen)
