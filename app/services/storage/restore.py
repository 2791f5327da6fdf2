"""Restoring an SQLite registry from a checked copy, so that the file's path holds the old or the new registry at
every moment: a kill, a full disk or a power cut midway leaves one of the two, never neither.

1. The copy is checked, then written beside the target (``<name>.restoring``, with ``<name>.restoring.json`` saying
   from which copy), migrated to the current schema and checked again (whole schema; broken links refused unless
   forced), and flushed to disk.
2. The current file is checkpointed; a hard link keeps it aside as ``<stem>.replaced-<stamp><suffix>`` (as the
   command line promises); its emptied ``-wal`` and ``-shm`` are set aside so that they never meet the new file.
3. ``os.replace`` puts the new file in place in one step, and the folder is flushed.

What a killed restore leaves (``.restoring`` and its note) is found at the next start by `interrupted_restore` and
offered to the officer: restore again, or keep the current file. It is never deleted without asking.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import logging
import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from app.i18n import _
from app.models.base import utc_now
from app.models.database import DatabaseLocation
from app.services.storage.backup import STAMP, identity_file, registry_identity
from app.services.storage.registry_access import restoring
from app.services.storage.registry_file import (
    BackupError,
    broken_links,
    file_schema_problems,
    fsync_file,
    fsync_folder,
    migrate_file,
    schema_version_of,
    verify_copy,
)

logger = logging.getLogger(__name__)

#: Pages copied per step (a step is one write the crash tests can stop at).
PAGES_PER_STEP = 256


@dataclass(frozen=True)
class RestoreResult:
    """What a restore did: where the replaced database was kept, and the schema versions before and after."""

    replaced_aside: Path | None
    from_version: int
    to_version: int


@dataclass(frozen=True)
class InterruptedRestore:
    """What a killed restore left beside the registry: the unfinished file, its note, and the copy it came from."""

    partial: Path
    note: Path
    copy: Path | None
    started: str


def restoring_path(target: Path) -> Path:
    """Where the new registry is prepared before it replaces `target`."""
    return target.with_name(target.name + ".restoring")


def _note_path(target: Path) -> Path:
    return target.with_name(target.name + ".restoring.json")


def restore_sqlite(copy: Path, target: Path, *, now: dt.datetime | None = None, force: bool = False) -> RestoreResult:
    """Replace the database file `target` by the checked copy; keep the replaced file aside; migrate if older.

    The registry must not be open on `target` in this process (close it first); other writers make it refuse
    (`RegistryBusy`). A copy with broken links is refused unless `force`.
    """
    copy = Path(copy)
    problems = verify_copy(copy)
    if problems:
        raise BackupError(_("This copy cannot be restored: {detail}").format(detail=problems[0]))
    if target.exists() and target.resolve() == copy.resolve():
        raise BackupError(_("The copy and the database are the same file."))
    found = schema_version_of(copy)
    with restoring(target):
        return _restore(copy, target, found, now or utc_now(), force)


def _restore(copy: Path, target: Path, found: int, now: dt.datetime, force: bool) -> RestoreResult:
    from app.models.migrations import LATEST_VERSION

    partial, note = restoring_path(target), _note_path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    _write_note(note, copy, now)
    for side in ("", "-journal", "-wal", "-shm"):
        Path(f"{partial}{side}").unlink(missing_ok=True)
    try:
        _copy_in_steps(copy, partial)
        migrate_file(DatabaseLocation(str(partial)))
        for leftover in partial.parent.glob(f"{partial.stem}.v*.bak{partial.suffix}"):  # the migration's own copy
            leftover.unlink(missing_ok=True)
        _self_contained(partial)
        problems = verify_copy(partial) or file_schema_problems(partial)
        if problems:
            raise BackupError(_("This copy cannot be restored: {detail}").format(detail=problems[0]))
        dangling = broken_links(partial)
        if dangling and not force:
            raise BackupError(
                _(
                    "This copy has {count} records that refer to missing records. Restore it only if no better copy "
                    "exists (the command line: restore --force)."
                ).format(count=dangling)
            )
        fsync_file(partial)
        aside = _keep_aside(target, now) if target.exists() else None
        os.replace(partial, target)
        fsync_folder(target.parent)
    except (BackupError, OSError, sqlite3.Error) as error:
        for side in ("", "-journal", "-wal", "-shm"):
            Path(f"{partial}{side}").unlink(missing_ok=True)
        note.unlink(missing_ok=True)
        if isinstance(error, BackupError):
            raise
        raise BackupError(_("The copy could not be restored: {reason}").format(reason=error)) from error
    note.unlink(missing_ok=True)
    _keep_identity(target)
    logger.info("restored %s from %s (replaced file kept as %s)", target, copy, aside)
    return RestoreResult(aside, found, max(found, LATEST_VERSION))


def _write_note(note: Path, copy: Path, now: dt.datetime) -> None:
    text = json.dumps({"copy": str(copy.resolve()), "started": now.isoformat(timespec="seconds")})
    with open(note, "w", encoding="utf-8") as handle:
        handle.write(text)
        handle.flush()
        os.fsync(handle.fileno())


def _copy_in_steps(copy: Path, partial: Path) -> None:
    """Copy with SQLite's online backup API, a few pages at a time, into one self-contained file."""
    origin = sqlite3.connect(f"{copy.resolve().as_uri()}?mode=ro", uri=True)
    try:
        origin.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.OperationalError:
        origin.close()
        origin = sqlite3.connect(str(copy))  # a WAL copy without its -shm needs a writable open
    written = sqlite3.connect(str(partial))
    try:
        origin.backup(written, pages=PAGES_PER_STEP, progress=lambda *_args: written_step())
        written.execute("PRAGMA journal_mode=DELETE")
        written.commit()
    finally:
        origin.close()
        written.close()


def _self_contained(path: Path) -> None:
    """Fold the file's -wal into it and leave it in rollback-journal mode: one file that can be renamed alone."""
    connection = sqlite3.connect(str(path))
    try:
        connection.execute("PRAGMA journal_mode=DELETE").fetchone()
    finally:
        connection.close()
    for side in ("-wal", "-shm"):
        if Path(f"{path}{side}").exists():
            raise BackupError(_("The copy could not be restored: {reason}").format(reason=f"{path.name}{side}"))


def written_step() -> None:
    """A step of the copy was written (where the crash tests stop a restore)."""


def _keep_aside(target: Path, now: dt.datetime) -> Path:
    """Keep the current file as ``<stem>.replaced-<stamp><suffix>`` while it stays in place, and take its emptied
    -wal and -shm away so that they never meet the new file."""
    try:
        connection = sqlite3.connect(str(target))
        try:
            connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            connection.close()
    except sqlite3.Error as error:  # a damaged file is kept as it is, with its -wal
        logger.info("no checkpoint of %s before keeping it aside: %s", target, error)
    aside = target.with_name(f"{target.stem}.replaced-{now.strftime(STAMP)}{target.suffix}")
    counter = 1
    while aside.exists():
        aside = target.with_name(f"{target.stem}.replaced-{now.strftime(STAMP)}-{counter}{target.suffix}")
        counter += 1
    try:
        os.link(target, aside)
    except OSError:  # no hard links here: a full copy instead
        _copy_in_steps(target, aside)
    for suffix in ("-wal", "-journal"):
        side = target.with_name(target.name + suffix)
        if side.exists():
            os.replace(side, aside.with_name(aside.name + suffix))
    target.with_name(target.name + "-shm").unlink(missing_ok=True)
    fsync_folder(target.parent)
    return aside


def _keep_identity(target: Path) -> None:
    """The restored registry's identity, written beside it (it may be another registry's copy)."""
    with contextlib.suppress(OSError):
        identity_file(target).unlink(missing_ok=True)
    registry_identity(DatabaseLocation(str(target)))


# -- what a killed restore left ----------------------------------------------------------------------------------
def interrupted_restore(target: Path) -> InterruptedRestore | None:
    """The unfinished restore beside `target`, if a restore was stopped midway (killed, power cut)."""
    partial, note = restoring_path(target), _note_path(target)
    if not partial.exists() and not note.exists():
        return None
    copy, started = None, ""
    try:
        data = json.loads(note.read_text(encoding="utf-8"))
        copy, started = Path(data["copy"]), str(data.get("started", ""))
    except (OSError, ValueError, KeyError, TypeError):
        pass
    return InterruptedRestore(partial, note, copy if copy is not None and copy.is_file() else None, started)


def restore_again(target: Path, *, now: dt.datetime | None = None) -> RestoreResult:
    """Finish an interrupted restore from the copy it started from."""
    left = interrupted_restore(target)
    if left is None or left.copy is None:
        raise BackupError(_("The copy the interrupted restore came from is gone; choose a copy to restore."))
    return restore_sqlite(left.copy, target, now=now)


def keep_current(target: Path) -> Path | None:
    """The officer keeps the current file: the unfinished one is set aside (``.interrupted``), not deleted."""
    left = interrupted_restore(target)
    if left is None:
        return None
    kept = None
    if left.partial.exists():
        kept = left.partial.with_name(left.partial.name + f"-{utc_now().strftime(STAMP)}.interrupted")
        os.replace(left.partial, kept)
    for side in ("-journal", "-wal", "-shm"):
        Path(f"{left.partial}{side}").unlink(missing_ok=True)
    left.note.unlink(missing_ok=True)
    return kept
