"""An SQLite file of the registry (the database or a copy of it): its schema version, its check, its migration.

These are what the backup, the restore and the PostgreSQL transfer share; `BackupError` is the error all of them raise.
"""

from __future__ import annotations

import contextlib
import logging
import os
import re
import sqlite3
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import peewee as pw

from app.i18n import _
from app.models.base import db
from app.models.database import DatabaseLocation, connect
from app.models.migrations import LATEST_VERSION, upgrade

logger = logging.getLogger(__name__)

Progress = Callable[[int, int], None]  # (pages done, pages in all)


class BackupError(Exception):
    """A copy cannot be made, checked or restored; the message is for the officer, in the interface language."""


@contextlib.contextmanager
def _read_only(path: Path) -> Iterator[sqlite3.Connection]:
    """A connection that cannot change the file (a copy is evidence: checking it must not touch it)."""
    try:
        connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.OperationalError as error:
        if "unable to open" not in str(error):
            raise
        connection = sqlite3.connect(str(path))  # a WAL file without its -shm needs a writable open
    try:
        yield connection
    finally:
        connection.close()


def schema_version_of(path: Path) -> int:
    """The schema version an SQLite file holds (0 when it holds none)."""
    with _read_only(path) as connection:
        tables = {row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if "schema_version" not in tables:
            return 0
        return int(connection.execute("SELECT max(version) FROM schema_version").fetchone()[0] or 0)


def verify_copy(path: Path) -> list[str]:
    """Every problem of a copy, as sentences for the officer; empty for a sound Hamkor database this Hamkor opens."""
    if not path.is_file():
        return [_("“{path}” does not exist.").format(path=path)]
    try:
        with _read_only(path) as connection:
            rows = [row[0] for row in connection.execute("PRAGMA integrity_check").fetchall()]
            if rows != ["ok"]:
                damaged = _("The copy “{name}” is damaged: {detail}")
                return [damaged.format(name=path.name, detail=row) for row in rows[:5]]
        version = schema_version_of(path)
    except sqlite3.DatabaseError as error:
        return [_("The copy “{name}” is damaged: {detail}").format(name=path.name, detail=error)]
    if version == 0:
        return [_("“{name}” is not a Hamkor database.").format(name=path.name)]
    if version > LATEST_VERSION:
        return [
            _("“{name}” was made by a newer Hamkor (schema {found}; this one knows {latest}). Update Hamkor.").format(
                name=path.name, found=version, latest=LATEST_VERSION
            )
        ]
    return [
        _("“{name}” is not a complete Hamkor database: {detail}").format(name=path.name, detail=problem)
        for problem in file_schema_problems(path, tables_only=version < LATEST_VERSION)
    ]


def file_schema_problems(path: Path, *, tables_only: bool = False) -> list[str]:
    """What an SQLite file lacks of the current schema (see `integrity.schema_problems`)."""
    from app.services.storage.integrity import schema_problems

    database = pw.SqliteDatabase(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        database.connect()
        return schema_problems(database, tables_only=tables_only)
    finally:
        database.close()


def broken_links(path: Path) -> int:
    """How many rows of an SQLite file refer to missing records."""
    with _read_only(path) as connection:
        return len(connection.execute("PRAGMA foreign_key_check").fetchall())


def keep_if_sound(partial: Path, target: Path) -> None:
    """Put a newly written copy in place if it passes its check (never over an existing file: FileExistsError, the
    partial copy kept for another name); otherwise delete it and say why."""
    problems = verify_copy(partial)
    if problems:
        partial.unlink(missing_ok=True)
        raise BackupError(_("The new backup failed its check and was discarded: {detail}").format(detail=problems[0]))
    fsync_file(partial)
    try:
        os.link(partial, target)  # fails when another backup took the name in the same second
    except FileExistsError:
        raise
    except OSError:  # a file system without hard links
        if target.exists():
            raise FileExistsError(target) from None
        os.replace(partial, target)
    else:
        partial.unlink()
    fsync_folder(target.parent)


def fsync_file(path: Path) -> None:
    """Make the file's bytes durable before it is renamed into place."""
    descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0))
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def fsync_folder(folder: Path) -> None:
    """Make a rename in `folder` durable (POSIX; Windows has no folder handles to flush)."""
    if sys.platform == "win32":  # pragma: no cover - Windows only
        return
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


#: A file being written: ``<target>.<process id>.part``.
PART_NAME = re.compile(r"^(?P<target>.+)\.(?P<pid>\d+)\.part$")


def part_path(target: Path) -> Path:
    """Where this process writes `target` before it is checked and renamed into place."""
    return target.with_name(f"{target.name}.{os.getpid()}.part")


def _running(pid: int) -> bool:
    if pid == os.getpid():
        return True
    if sys.platform == "win32":  # pragma: no cover - Windows only
        import ctypes

        handle = ctypes.windll.kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
        if handle:
            ctypes.windll.kernel32.CloseHandle(handle)
        return bool(handle)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


def remove_stale_parts(folder: Path) -> list[Path]:
    """Delete the half-written copies a killed backup left in `folder` (their process is gone); return them."""
    removed = []
    if not folder.is_dir():
        return removed
    for path in folder.iterdir():
        match = PART_NAME.match(path.name)
        if match and not _running(int(match["pid"])):
            path.unlink(missing_ok=True)
            removed.append(path)
            logger.info("removed %s, left by a backup that was stopped", path)
    return removed


def migrate_file(location: DatabaseLocation) -> None:
    """Bring a restored file's schema up to date, then close it (the registry proxy is left as it was)."""
    database = connect(location)
    previous = db.obj
    db.initialize(database)
    try:
        upgrade(database, location)
    finally:
        database.close()
        db.initialize(previous)
