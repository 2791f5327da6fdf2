"""Backups: verified copies through SQLite's online backup API, a grandfather-father-son rotation, restore.

A copy is an ordinary SQLite file named ``<database>-YYYYMMDD-HHMMSS.db`` (UTC) in the backup folder (``backups``
beside the database file unless configured). Attachments live in the database, so every copy carries them.
A shared PostgreSQL registry is copied table by table into the same kind of SQLite file (a portable copy),
and such a copy can be restored into an empty PostgreSQL database in one transaction.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import logging
import os
import re
import shutil
import sqlite3
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import peewee as pw

from app.i18n import _
from app.models.base import db, utc_now
from app.models.database import DatabaseLocation, connect, default_database_path
from app.models.migrations import LATEST_VERSION, current_models, stored_version, upgrade

logger = logging.getLogger(__name__)

#: The environment variable that moves the backup folder elsewhere (a second disk, a network folder).
BACKUP_DIR_ENV = "HAMKOR_BACKUP_DIR"
STAMP = "%Y%m%d-%H%M%S"
COPY_NAME = re.compile(r"^(?P<stem>.+)-(?P<stamp>\d{8}-\d{6})\.db$")
#: How many copies the rotation keeps at least: the newest of each of so many days, weeks and months.
KEEP_DAILY, KEEP_WEEKLY, KEEP_MONTHLY = 7, 4, 6
#: An automatic copy is made at start when the newest one is older than this.
DUE_AFTER = dt.timedelta(days=1)
#: Where the verification results of the copies are remembered (by size and modification time).
VERIFIED_FILE = "verified.json"

Progress = Callable[[int, int], None]  # (pages done, pages in all)


class BackupError(Exception):
    """A copy cannot be made, checked or restored; the message is for the officer, in the interface language."""


@dataclass(frozen=True)
class BackupCopy:
    """One copy in the backup folder: its file, when it was taken (UTC, from its name) and its size."""

    path: Path
    taken_at: dt.datetime
    size: int


@dataclass
class BackupResult:
    """What a backup did: the new copy, and the old copies rotated out or set aside as damaged."""

    path: Path
    removed: list[Path] = field(default_factory=list)
    damaged: list[Path] = field(default_factory=list)


@dataclass(frozen=True)
class RestoreResult:
    """What a restore did: where the replaced database was kept, and the schema versions before and after."""

    replaced_aside: Path | None
    from_version: int
    to_version: int


# -- where the copies are ----------------------------------------------------------------------------------------
def backup_folder(location: DatabaseLocation, configured: str | Path | None = None) -> Path:
    """The folder of the copies: the configured one, else $HAMKOR_BACKUP_DIR, else `backups` beside the database."""
    chosen = configured or os.environ.get(BACKUP_DIR_ENV)
    if chosen:
        return Path(chosen)
    path = location.sqlite_path
    base = path.parent if path is not None else default_database_path().parent
    return base / "backups"


def copy_stem(location: DatabaseLocation) -> str:
    """How the copies of this database are named: the file's stem, or the server database's name."""
    path = location.sqlite_path
    if path is not None:
        return path.stem
    from urllib.parse import urlsplit

    parts = urlsplit(location.url)
    name = f"{parts.hostname or 'localhost'}-{parts.path.strip('/') or 'hamkor'}"
    return re.sub(r"[^\w.-]+", "_", name)


def copy_path(folder: Path, stem: str, taken_at: dt.datetime) -> Path:
    """The file of a copy taken at `taken_at` (UTC)."""
    return folder / f"{stem}-{taken_at.strftime(STAMP)}.db"


def list_backups(folder: Path, stem: str | None = None) -> list[BackupCopy]:
    """The copies in `folder` (of the database named `stem`, when given), newest first."""
    copies = []
    if not folder.is_dir():
        return copies
    for path in folder.iterdir():
        match = COPY_NAME.match(path.name)
        if not match or (stem is not None and match["stem"] != stem) or not path.is_file():
            continue
        try:
            taken_at = dt.datetime.strptime(match["stamp"], STAMP)
        except ValueError:
            continue
        copies.append(BackupCopy(path, taken_at, path.stat().st_size))
    return sorted(copies, key=lambda c: c.taken_at, reverse=True)


# -- checking a copy ---------------------------------------------------------------------------------------------
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
    return []


class _Verified:
    """The verification results of the copies in a folder, remembered by file size and modification time."""

    def __init__(self, folder: Path) -> None:
        self.file = folder / VERIFIED_FILE
        try:
            self.known: dict[str, list] = json.loads(self.file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            self.known = {}

    def good(self, copy: BackupCopy) -> bool:
        stat = copy.path.stat()
        key = [stat.st_size, stat.st_mtime_ns]
        remembered = self.known.get(copy.path.name)
        if remembered is not None and remembered[:2] == key:
            return bool(remembered[2])
        ok = not verify_copy(copy.path)
        self.known[copy.path.name] = [*key, ok]
        return ok

    def save(self, names: Iterable[str]) -> None:
        kept = {name: value for name, value in self.known.items() if name in set(names)}
        if not self.file.parent.is_dir():
            return
        try:
            self.file.write_text(json.dumps(kept), encoding="utf-8")
        except OSError as error:  # a cache only: the copies are checked again next time
            logger.info("cannot remember verified copies in %s: %s", self.file, error)


def good_copies(folder: Path, stem: str | None = None) -> list[BackupCopy]:
    """The copies that pass the check, newest first (results remembered while a file is unchanged)."""
    verified = _Verified(folder)
    copies = list_backups(folder, stem)
    good = [copy for copy in copies if verified.good(copy)]
    verified.save(copy.path.name for copy in list_backups(folder))
    return good


def newest_good_backup(folder: Path, stem: str | None = None) -> BackupCopy | None:
    """The newest copy that passes a full check now (damaged ones are skipped)."""
    for copy in list_backups(folder, stem):
        if not verify_copy(copy.path):
            return copy
        logger.warning("backup %s is damaged; trying an older one", copy.path)
    return None


# -- rotation ----------------------------------------------------------------------------------------------------
def copies_to_keep(
    times: Iterable[dt.datetime], *, daily: int = KEEP_DAILY, weekly: int = KEEP_WEEKLY, monthly: int = KEEP_MONTHLY
) -> set[dt.datetime]:
    """Grandfather-father-son: the newest copy, and the newest of each of the last `daily` days, `weekly` ISO weeks
    and `monthly` months that have copies."""
    ordered = sorted(set(times), reverse=True)
    keep = set(ordered[:1])
    for count, bucket in (
        (daily, lambda t: t.date()),
        (weekly, lambda t: tuple(t.isocalendar())[:2]),
        (monthly, lambda t: (t.year, t.month)),
    ):
        seen: list[object] = []
        for taken_at in ordered:
            key = bucket(taken_at)
            if key in seen:
                continue
            if len(seen) >= count:
                break
            seen.append(key)
            keep.add(taken_at)
    return keep


def rotate(folder: Path, stem: str) -> tuple[list[Path], list[Path]]:
    """Remove the good copies the rotation no longer needs and set damaged ones aside (``.damaged``), which never
    count; return (removed, set aside)."""
    verified = _Verified(folder)
    copies = list_backups(folder, stem)
    good = [copy for copy in copies if verified.good(copy)]
    damaged = [copy.path for copy in copies if copy not in good]
    keep = copies_to_keep(copy.taken_at for copy in good)
    removed = [copy.path for copy in good if copy.taken_at not in keep]
    for path in removed:
        path.unlink(missing_ok=True)
        logger.info("rotated out %s", path)
    aside = []
    for path in damaged:
        target = path.with_name(path.name + ".damaged")
        os.replace(path, target)
        aside.append(target)
        logger.warning("backup %s is damaged: set aside as %s", path, target)
    verified.save(copy.path.name for copy in list_backups(folder))
    return removed, aside


# -- making a copy -----------------------------------------------------------------------------------------------
def copy_sqlite_file(source: Path, target: Path, *, progress: Progress | None = None) -> Path:
    """Copy the SQLite file `source` (in use or not) to `target` with the online backup API, then check the copy.

    The copy is written beside its target and renamed into place only once it passed `integrity_check`.
    """
    if not source.is_file():
        raise BackupError(_("There is no database at “{path}”.").format(path=source))
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".part")
    partial.unlink(missing_ok=True)
    try:
        origin = sqlite3.connect(str(source), timeout=30)  # a read-only open would leave -wal/-shm files behind
        copy = sqlite3.connect(str(partial))
        try:
            step = 512 if progress else -1
            report = (lambda _status, remaining, total: progress(total - remaining, total)) if progress else None
            origin.backup(copy, pages=step, progress=report)
            copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal beside it
            copy.commit()
        finally:
            origin.close()
            copy.close()
    except (sqlite3.Error, OSError) as error:
        partial.unlink(missing_ok=True)
        raise BackupError(
            _("The backup could not be written to “{path}”: {reason}").format(path=target, reason=error)
        ) from error
    problems = verify_copy(partial)
    if problems:
        partial.unlink(missing_ok=True)
        raise BackupError(_("The new backup failed its check and was discarded: {detail}").format(detail=problems[0]))
    os.replace(partial, target)
    return target


def backup_now(
    location: DatabaseLocation,
    *,
    folder: Path | None = None,
    target: Path | None = None,
    progress: Progress | None = None,
    now: dt.datetime | None = None,
) -> BackupResult:
    """Make a checked copy of the registry (into the backup folder, rotated; or to `target`, not rotated)."""
    folder = folder or backup_folder(location)
    stem = copy_stem(location)
    taken_at = now or utc_now()
    path = target or copy_path(folder, stem, taken_at)
    while target is None and path.exists():  # two copies within one second: name the second a second later
        taken_at += dt.timedelta(seconds=1)
        path = copy_path(folder, stem, taken_at)
    if path.exists():
        raise BackupError(_("“{path}” already exists; choose another name.").format(path=path))
    if location.is_postgresql:
        database = connect(location)
        try:
            export_postgresql(database, path, progress=progress)
        finally:
            database.close()
    else:
        copy_sqlite_file(location.sqlite_path, path, progress=progress)
    logger.info("backed up %s to %s", location.display(), path)
    result = BackupResult(path)
    if target is None:
        result.removed, result.damaged = rotate(folder, stem)
    return result


def _change_mark(path: Path) -> tuple[int, int] | None:
    """The newest change-log entry and the number of entries: what changes whenever a record is saved or deleted."""
    try:
        connection = sqlite3.connect(str(path), timeout=30)
        try:
            return tuple(connection.execute("SELECT coalesce(max(id), 0), count(*) FROM change_log").fetchone())
        finally:
            connection.close()
    except sqlite3.Error:
        return None


def backup_due(location: DatabaseLocation, *, folder: Path | None = None, now: dt.datetime | None = None) -> bool:
    """Whether the start-of-session copy is due: no good copy, or the newest is older than a day (SQLite only)."""
    if location.is_postgresql or not location.sqlite_path.is_file():
        return False
    copies = good_copies(folder or backup_folder(location), copy_stem(location))
    return not copies or (now or utc_now()) - copies[0].taken_at >= DUE_AFTER


def changed_since_backup(location: DatabaseLocation, *, folder: Path | None = None) -> bool:
    """Whether records were saved or deleted since the newest good copy (SQLite only)."""
    if location.is_postgresql or not location.sqlite_path.is_file():
        return False
    copies = good_copies(folder or backup_folder(location), copy_stem(location))
    return not copies or _change_mark(location.sqlite_path) != _change_mark(copies[0].path)


def backup_if_due(location: DatabaseLocation, *, folder: Path | None = None) -> BackupResult | None:
    """At start: a copy when the newest is older than a day. Failures are logged, never raised."""
    try:
        return backup_now(location, folder=folder) if backup_due(location, folder=folder) else None
    except (BackupError, OSError) as error:
        logger.warning("automatic backup at start failed: %s", error)
        return None


def backup_if_changed(location: DatabaseLocation, *, folder: Path | None = None) -> BackupResult | None:
    """At exit: a copy when records changed since the newest one. Failures are logged, never raised."""
    try:
        return backup_now(location, folder=folder) if changed_since_backup(location, folder=folder) else None
    except (BackupError, OSError) as error:
        logger.warning("automatic backup at exit failed: %s", error)
        return None


# -- restoring an SQLite file ------------------------------------------------------------------------------------
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
    _migrate_file(DatabaseLocation(str(target)))
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


def _migrate_file(location: DatabaseLocation) -> None:
    """Bring a restored file's schema up to date, then close it (the registry proxy is left as it was)."""
    database = connect(location)
    previous = db.obj
    db.initialize(database)
    try:
        upgrade(database, location)
    finally:
        database.close()
        db.initialize(previous)


# -- the portable copy of a PostgreSQL registry ------------------------------------------------------------------
def _batch_size(model: type[pw.Model]) -> int:
    from app.models import AttachmentContent

    return 8 if model is AttachmentContent else 500


def _plain(row: dict) -> dict:
    """A row ready for the other database: bytes passed as they are (a blob field would wrap them in the
    binary type of the database its model is bound to)."""
    return {
        key: pw.Value(bytes(value), unpack=False) if isinstance(value, (bytes, memoryview)) else value
        for key, value in row.items()
    }


def _rows(model: type[pw.Model], database: pw.Database) -> Iterator[list[dict]]:
    """A table's rows from `database`, in primary-key order, a batch at a time (attachments a few at a time)."""
    key = model._meta.primary_key
    last = None
    while True:
        query = model.select().order_by(key).limit(_batch_size(model))
        if last is not None:
            query = query.where(key > last)
        batch = [_plain(row) for row in query.dicts().execute(database)]
        if not batch:
            return
        yield batch
        last = batch[-1][key.name]


def _copy_tables(source: pw.Database, target: pw.Database, models: list, progress: Progress | None) -> dict[str, int]:
    counts: dict[str, int] = {}
    for number, model in enumerate(models, start=1):
        self_refs = [fk for fk in model._meta.refs if fk.rel_model is model]
        counts[model._meta.table_name] = 0
        for batch in _rows(model, source):
            later = [(row[model._meta.primary_key.name], {fk.name: row[fk.name]}) for row in batch for fk in self_refs]
            rows = [{**row, **{fk.name: None for fk in self_refs}} for row in batch]
            model.insert_many(rows).as_rowcount().execute(target)
            for key, values in later:  # a row may point to one with a higher id: link it once both exist
                if any(value is not None for value in values.values()):
                    model.update(values).where(model._meta.primary_key == key).execute(target)
            counts[model._meta.table_name] += len(batch)
        if progress:
            progress(number, len(models))
    return counts


def export_postgresql(database: pw.Database, target: Path, *, progress: Progress | None = None) -> dict[str, int]:
    """Copy every table of a PostgreSQL registry into a new SQLite file with the same tables, from one consistent
    snapshot; the file is checked like any backup. Return the number of rows per table."""
    found = stored_version(database)
    if found != LATEST_VERSION:
        raise BackupError(
            _("The shared registry has schema {found}; this Hamkor copies schema {latest}.").format(
                found=found, latest=LATEST_VERSION
            )
        )
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".part")
    partial.unlink(missing_ok=True)
    copy = pw.SqliteDatabase(str(partial), pragmas={"foreign_keys": 0, "journal_mode": "delete"})
    models = current_models()
    try:
        copy.connect()
        with copy.atomic():
            for model in models:
                pw.SchemaManager(model, copy).create_all(safe=False)
            with database.atomic(isolation_level="REPEATABLE READ, READ ONLY"):
                counts = _copy_tables(database, copy, models, progress)
        dangling = copy.execute_sql("PRAGMA foreign_key_check").fetchall()
        if dangling:
            message = _("The copy refers to missing records ({count}); it was discarded.")
            raise BackupError(message.format(count=len(dangling)))
    except (pw.DatabaseError, sqlite3.Error, OSError) as error:
        copy.close()
        partial.unlink(missing_ok=True)
        raise BackupError(
            _("The backup could not be written to “{path}”: {reason}").format(path=target, reason=error)
        ) from error
    except BackupError:
        copy.close()
        partial.unlink(missing_ok=True)
        raise
    copy.close()
    problems = verify_copy(partial)
    if problems:
        partial.unlink(missing_ok=True)
        raise BackupError(_("The new backup failed its check and was discarded: {detail}").format(detail=problems[0]))
    os.replace(partial, target)
    return counts


def _is_empty(database: pw.Database, models: list) -> bool:
    from app.models import SchemaVersion

    return not any(model.select().limit(1).exists(database) for model in models if model is not SchemaVersion)


def import_into_postgresql(database: pw.Database, copy: Path, *, replace: bool = False) -> dict[str, int]:
    """Load a checked copy into a PostgreSQL registry of the current schema, in one transaction.

    A registry that already holds records is refused unless `replace` (then everything in it is replaced).
    An older copy is migrated first (on a temporary duplicate: the copy itself is not changed).
    """
    from app.models import SchemaVersion

    problems = verify_copy(copy)
    if problems:
        raise BackupError(_("This copy cannot be restored: {detail}").format(detail=problems[0]))
    if stored_version(database) != LATEST_VERSION:
        raise BackupError(_("The shared registry's schema is not current; open it with Hamkor once, then restore."))
    models = [model for model in current_models() if model is not SchemaVersion]
    with tempfile.TemporaryDirectory(prefix="hamkor-restore-") as folder:
        source_path = copy
        if schema_version_of(copy) < LATEST_VERSION:
            source_path = Path(folder) / "copy.db"
            shutil.copyfile(copy, source_path)
            _migrate_file(DatabaseLocation(str(source_path)))
        source = pw.SqliteDatabase(str(source_path))
        source.connect()
        try:
            with database.atomic():
                if not _is_empty(database, models):
                    if not replace:
                        raise BackupError(
                            _("The shared registry already holds records. Restore over them only with --replace.")
                        )
                    tables = ", ".join(f'"{model._meta.table_name}"' for model in models)
                    database.execute_sql(f"TRUNCATE {tables} RESTART IDENTITY CASCADE")
                counts = _copy_tables(source, database, models, None)
                for model in models:
                    key = model._meta.primary_key
                    if isinstance(key, pw.AutoField):
                        table = model._meta.table_name
                        database.execute_sql(
                            f"SELECT setval(pg_get_serial_sequence('\"{table}\"', '{key.column_name}'), "
                            f'coalesce(max("{key.column_name}"), 1), max("{key.column_name}") IS NOT NULL) '
                            f'FROM "{table}"'
                        )
        finally:
            source.close()
    logger.info("restored %s into %s", copy, database.database)
    return counts
