"""Restoring an SQLite registry from a checked copy: the replaced file is kept aside, an older copy is migrated."""

from __future__ import annotations

import datetime as dt
import logging
import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from app.i18n import _
from app.models.base import utc_now
from app.models.database import DatabaseLocation
from app.models.migrations import LATEST_VERSION
from app.services.storage.backup import STAMP, copy_sqlite_file
from app.services.storage.registry_file import BackupError, migrate_file, schema_version_of, verify_copy

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class RestoreResult:
    """What a restore did: where the replaced database was kept, and the schema versions before and after."""

    replaced_aside: Path | None
    from_version: int
    to_version: int


def restore_sqlite(copy: Path, target: Path, *, now: dt.datetime | None = None) -> RestoreResult:
    """Replace the database file `target` by the checked copy; keep the replaced file aside; migrate if older.

    The registry must not be open on `target` (close it first); nothing is left open afterwards.
    """
    problems = verify_copy(copy)
    if problems:
        raise BackupError(_("This copy cannot be restored: {detail}").format(detail=problems[0]))
    if target.exists() and target.resolve() == copy.resolve():
        raise BackupError(_("The copy and the database are the same file."))
    found = schema_version_of(copy)
    aside = _set_aside(target, now or utc_now()) if target.exists() else None
    partial = target.with_name(target.name + ".restoring")
    try:
        copy_sqlite_file(copy, partial)
        os.replace(partial, target)
    except (BackupError, OSError):
        partial.unlink(missing_ok=True)
        if aside is not None:
            _put_back(aside, target)
        raise
    migrate_file(DatabaseLocation(str(target)))
    logger.info("restored %s from %s (replaced file kept as %s)", target, copy, aside)
    return RestoreResult(aside, found, max(found, LATEST_VERSION))


def _set_aside(target: Path, now: dt.datetime) -> Path:
    """Rename the database (with its -wal) to ``<name>.replaced-<stamp><suffix>``."""
    try:
        connection = sqlite3.connect(str(target))
        try:
            connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            connection.close()
    except sqlite3.Error as error:  # a damaged file is set aside as it is, with its -wal
        logger.info("no checkpoint of %s before setting it aside: %s", target, error)
    aside = target.with_name(f"{target.stem}.replaced-{now.strftime(STAMP)}{target.suffix}")
    os.replace(target, aside)
    for suffix in ("-wal", "-journal"):
        side = target.with_name(target.name + suffix)
        if side.exists():
            os.replace(side, aside.with_name(aside.name + suffix))
    target.with_name(target.name + "-shm").unlink(missing_ok=True)
    return aside


def _put_back(aside: Path, target: Path) -> None:
    os.replace(aside, target)
    for suffix in ("-wal", "-journal"):
        side = aside.with_name(aside.name + suffix)
        if side.exists():
            os.replace(side, target.with_name(target.name + suffix))
