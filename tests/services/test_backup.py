"""Backups of an SQLite registry: real copies through the online backup API, checked, rotated and restored."""

from __future__ import annotations

import datetime as dt
import shutil
import sqlite3
from pathlib import Path

import peewee as pw
import pytest

from app.models import Attachment, AttachmentContent, Partner
from app.models.database import DatabaseLocation, close_database, open_database
from app.models.migrations import LATEST_VERSION
from app.services.attachments import add_attachment
from app.services.storage import backup, registry_file, restore
from app.services.storage.backup import BackupError, copies_to_keep, copy_path, list_backups

T = dt.datetime
SCHEMAS = Path(__file__).parent.parent / "models" / "schemas"


def korea(**values: object) -> Partner:
    return Partner.create(name_en="National Library of Korea", kind="national_library", country="KR", **values)


def damage(path: Path) -> None:
    """Overwrite a few pages in the middle of an SQLite file with garbage, as a failing disk would."""
    size = path.stat().st_size
    with path.open("r+b") as handle:
        handle.seek(max(4096, size // 2 - 8192))
        handle.write(b"\xa5\x5a" * 8192)


def location_of(database: pw.Database) -> DatabaseLocation:
    return DatabaseLocation(database.database)


def test_a_backup_is_a_checked_copy_that_carries_the_attachments(database: pw.Database, tmp_path: Path) -> None:
    partner = korea()
    scan = tmp_path / "agreement.pdf"
    scan.write_bytes(b"%PDF-1.4 signed scan " * 1000)
    add_attachment("partners", partner.id, scan)

    result = backup.backup_now(location_of(database))

    assert result.path.parent == Path(database.database).parent / "backups"
    assert result.path.name.startswith("hamkor-") and result.path.suffix == ".db"
    assert backup.verify_copy(result.path) == []
    with sqlite3.connect(result.path) as copy:
        (data,) = copy.execute("SELECT data FROM attachment_content").fetchone()
        (journal,) = copy.execute("PRAGMA journal_mode").fetchone()
    assert bytes(data) == scan.read_bytes()
    assert journal == "delete"  # one self-contained file
    assert not list(result.path.parent.glob("*.part"))


def test_a_backup_to_a_chosen_file_refuses_to_overwrite(database: pw.Database, tmp_path: Path) -> None:
    korea()
    target = tmp_path / "copy.db"
    backup.backup_now(location_of(database), target=target)
    assert backup.verify_copy(target) == []
    with pytest.raises(BackupError, match="already exists"):
        backup.backup_now(location_of(database), target=target)


def test_the_backup_folder_can_be_configured(database: pw.Database, tmp_path: Path, monkeypatch) -> None:  # noqa: ANN001
    location = location_of(database)
    assert backup.backup_folder(location, tmp_path / "elsewhere") == tmp_path / "elsewhere"
    monkeypatch.setenv(backup.BACKUP_DIR_ENV, str(tmp_path / "from-env"))
    assert backup.backup_folder(location) == tmp_path / "from-env"
    assert backup.backup_now(location).path.parent == tmp_path / "from-env"


def test_grandfather_father_son_keeps_7_days_4_weeks_and_6_months() -> None:
    times = [T(2025, 12, 1, 15) + dt.timedelta(days=n) for n in range(212)]  # every day, Dec 2025 … 30 Jun 2026
    kept = copies_to_keep(times)
    assert sorted(kept) == [
        T(2026, 1, 31, 15),  # monthly: January … June (December is the 7th month back: gone)
        T(2026, 2, 28, 15),
        T(2026, 3, 31, 15),
        T(2026, 4, 30, 15),
        T(2026, 5, 31, 15),
        T(2026, 6, 14, 15),  # weekly: the ISO weeks ending 14 and 21 June (and the two newest, below)
        T(2026, 6, 21, 15),
        *(T(2026, 6, day, 15) for day in range(24, 31)),  # daily: the last seven days
    ]


def test_a_day_with_several_copies_keeps_its_newest() -> None:
    times = [T(2026, 3, 1, hour) for hour in (1, 9, 17)] + [T(2026, 2, 27, 12)]
    assert copies_to_keep(times) == {T(2026, 3, 1, 17), T(2026, 2, 27, 12)}


def _seed_copies(database: pw.Database, folder: Path, times: list[dt.datetime]) -> dict[dt.datetime, Path]:
    """Real copies of the database, named as if taken at `times` (one backup, duplicated)."""
    first = backup.copy_sqlite_file(Path(database.database), folder / "seed.db")
    paths = {}
    for taken_at in times:
        path = copy_path(folder, "hamkor", taken_at)
        shutil.copyfile(first, path)
        paths[taken_at] = path
    first.unlink()
    return paths


def test_rotation_over_months_keeps_the_right_copies_and_never_counts_a_damaged_one(
    database: pw.Database, tmp_path: Path
) -> None:
    korea()
    folder = tmp_path / "backups"
    times = [T(2025, 12, 1, 15) + dt.timedelta(days=n) for n in range(212)] + [T(2026, 6, 29, 3)]
    paths = _seed_copies(database, folder, times)
    damage(paths[T(2026, 6, 29, 15)])  # the newest copy of 29 June is damaged: its earlier copy must stand in

    removed, aside = backup.rotate(folder, "hamkor")

    survivors = sorted(copy.taken_at for copy in list_backups(folder, "hamkor"))
    assert survivors == [
        T(2026, 1, 31, 15),
        T(2026, 2, 28, 15),
        T(2026, 3, 31, 15),
        T(2026, 4, 30, 15),
        T(2026, 5, 31, 15),
        T(2026, 6, 14, 15),
        T(2026, 6, 21, 15),
        T(2026, 6, 24, 15),
        T(2026, 6, 25, 15),
        T(2026, 6, 26, 15),
        T(2026, 6, 27, 15),
        T(2026, 6, 28, 15),
        T(2026, 6, 29, 3),
        T(2026, 6, 30, 15),
    ]
    assert aside == [paths[T(2026, 6, 29, 15)].with_name(paths[T(2026, 6, 29, 15)].name + ".damaged")]
    assert aside[0].exists()
    assert len(removed) == len(times) - len(survivors) - 1
    assert all(backup.verify_copy(copy.path) == [] for copy in list_backups(folder))


def test_a_damaged_copy_is_detected_and_the_newest_good_one_is_found(database: pw.Database, tmp_path: Path) -> None:
    korea()
    folder = tmp_path / "backups"
    paths = _seed_copies(database, folder, [T(2026, 5, 1, 9), T(2026, 5, 2, 9), T(2026, 5, 3, 9)])
    damage(paths[T(2026, 5, 3, 9)])

    problems = backup.verify_copy(paths[T(2026, 5, 3, 9)])
    assert problems and "damaged" in problems[0]
    assert [c.taken_at for c in backup.good_copies(folder, "hamkor")] == [T(2026, 5, 2, 9), T(2026, 5, 1, 9)]
    assert backup.newest_good_backup(folder, "hamkor").taken_at == T(2026, 5, 2, 9)


def test_a_copy_that_fails_its_check_is_discarded_and_rotates_nothing_out(
    database: pw.Database, tmp_path: Path, monkeypatch
) -> None:  # noqa: ANN001
    korea()
    location = location_of(database)
    first = backup.backup_now(location, now=T(2026, 5, 1, 9)).path
    monkeypatch.setattr(registry_file, "verify_copy", lambda path: ["The copy is damaged: simulated"])
    with pytest.raises(BackupError, match="failed its check"):
        backup.backup_now(location, now=T(2026, 5, 2, 9))
    monkeypatch.undo()
    assert [copy.path for copy in list_backups(first.parent)] == [first]
    assert not list(first.parent.glob("*.part"))


def test_start_and_exit_backups_happen_when_due_and_when_data_changed(database: pw.Database) -> None:
    location = location_of(database)
    assert backup.backup_due(location)
    made = backup.backup_if_due(location)
    assert made is not None and not backup.backup_due(location)
    assert backup.backup_if_due(location) is None

    assert not backup.changed_since_backup(location)
    assert backup.backup_if_changed(location) is None
    korea()
    assert backup.changed_since_backup(location)
    at_exit = backup.backup_if_changed(location)
    assert at_exit is not None and not backup.changed_since_backup(location)

    # a copy from yesterday only: the start-of-day copy is due again
    folder = made.path.parent
    for copy in list_backups(folder):
        copy.path.unlink()
    backup.backup_now(location, now=backup.utc_now() - dt.timedelta(days=1, minutes=1))
    assert backup.backup_due(location)


def test_restore_brings_the_copy_back_and_keeps_the_replaced_file_aside(database: pw.Database) -> None:
    partner = korea(city="Seoul")
    location = location_of(database)
    copy = backup.backup_now(location).path
    partner.city = "Busan"
    partner.save()
    korea(name_ru="Ещё одна")
    close_database()

    result = restore.restore_sqlite(copy, Path(database.database))

    assert result.replaced_aside is not None and result.replaced_aside.name.startswith("hamkor.replaced-")
    open_database(database.database)
    assert Partner.select().count() == 1 and Partner.get().city == "Seoul"
    close_database()
    with sqlite3.connect(result.replaced_aside) as aside:
        assert aside.execute("SELECT count(*) FROM partner").fetchone() == (2,)
        assert aside.execute("SELECT city FROM partner WHERE id = ?", (partner.id,)).fetchone() == ("Busan",)


@pytest.mark.parametrize("kind", ["damaged", "foreign", "newer"])
def test_restore_refuses_a_copy_it_cannot_trust_and_changes_nothing(
    database: pw.Database, tmp_path: Path, kind: str
) -> None:
    korea()
    location = location_of(database)
    copy = backup.backup_now(location).path
    if kind == "damaged":
        damage(copy)
        expected = "damaged"
    elif kind == "foreign":
        copy = tmp_path / "other.db"
        with sqlite3.connect(copy) as other:
            other.execute("CREATE TABLE invoices (id INTEGER PRIMARY KEY)")
        expected = "not a Hamkor database"
    else:
        with sqlite3.connect(copy) as newer:
            newer.execute("UPDATE schema_version SET version = ?", (LATEST_VERSION + 1,))
        expected = "newer Hamkor"
    close_database()
    before = Path(database.database).read_bytes()

    with pytest.raises(BackupError, match=expected):
        restore.restore_sqlite(copy, Path(database.database))

    assert Path(database.database).read_bytes() == before
    assert not list(Path(database.database).parent.glob("*.replaced-*"))
    open_database(database.database)


def test_an_older_copy_is_migrated_when_restored(database: pw.Database, tmp_path: Path) -> None:
    old = tmp_path / "old.db"
    with sqlite3.connect(old) as connection:
        connection.executescript((SCHEMAS / "v1.sqlite.sql").read_text(encoding="utf-8"))
    assert registry_file.schema_version_of(old) == 1
    close_database()

    result = restore.restore_sqlite(old, Path(database.database))

    assert (result.from_version, result.to_version) == (1, LATEST_VERSION)
    assert registry_file.schema_version_of(Path(database.database)) == LATEST_VERSION
    assert registry_file.schema_version_of(old) == 1  # the copy itself is untouched
    open_database(database.database)
    assert Attachment.select().count() == AttachmentContent.select().count() == 0
