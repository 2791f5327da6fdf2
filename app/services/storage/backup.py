"""Backups: verified copies through SQLite's online backup API, a grandfather-father-son rotation, the automatic copies.

A copy is an ordinary SQLite file named ``<database>-<identity>-YYYYMMDD-HHMMSS.db`` (UTC) in the backup folder
(``backups`` beside the database file unless configured), where <identity> begins the registry's own identity (stored
in it, and in ``<database>.identity`` beside it so that the copies of a damaged file are still found): two registries
of the same file name share a folder without taking each other's copies. Copies named before identities
(``<database>-YYYYMMDD-HHMMSS.db``) are still listed. Attachments live in the database, so every copy carries them.
A shared PostgreSQL registry is copied table by table into the same kind of SQLite file (a portable copy, made by
`app.services.storage.pg_transfer`). Restoring a copy is `app.services.storage.restore`.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import re
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from app.i18n import _
from app.models.base import utc_now
from app.models.database import DatabaseLocation, connect, default_database_path, read_only_uri
from app.services.storage.pg_transfer import export_postgresql
from app.services.storage.registry_file import (
    BackupError,
    Progress,
    keep_if_sound,
    part_path,
    remove_stale_parts,
    verify_copy,
)

logger = logging.getLogger(__name__)

#: The environment variable that moves the backup folder elsewhere (a second disk, a network folder).
BACKUP_DIR_ENV = "HAMKOR_BACKUP_DIR"
STAMP = "%Y%m%d-%H%M%S"
COPY_NAME = re.compile(r"^(?P<stem>.+?)(?:-(?P<identity>[0-9a-f]{12}))?-(?P<stamp>\d{8}-\d{6})\.db$")
#: How much of the registry's identity names its copies.
IDENTITY_LENGTH = 12
#: How many copies the rotation keeps at least: the newest of each of so many days, weeks and months.
KEEP_DAILY, KEEP_WEEKLY, KEEP_MONTHLY = 7, 4, 6
#: An automatic copy is made at start when the newest one is older than this.
DUE_AFTER = dt.timedelta(days=1)
#: Where the verification results of the copies are remembered (by size and modification time).
VERIFIED_FILE = "verified.json"


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


# -- where the copies are ----------------------------------------------------------------------------------------
def backup_folder(location: DatabaseLocation, configured: str | Path | None = None) -> Path:
    """The folder of the copies: the configured one, else $HAMKOR_BACKUP_DIR, else `backups` beside the database."""
    chosen = configured or os.environ.get(BACKUP_DIR_ENV)
    if chosen:
        return Path(chosen)
    path = location.sqlite_path
    base = path.parent if path is not None else default_database_path().parent
    return base / "backups"


@dataclass(frozen=True)
class CopyName:
    """How the copies of one registry are named: the file's stem and the start of the registry's identity (None when
    it cannot be known: then every copy of the stem counts)."""

    stem: str
    identity: str | None = None

    def owns(self, stem: str, identity: str | None) -> bool:
        """Whether a copy named with `stem` and `identity` is one of this registry's."""
        if stem != self.stem:
            return False
        return identity is None or self.identity is None or identity == self.identity

    def file_name(self, taken_at: dt.datetime) -> str:
        """The file name of a copy taken at `taken_at` (UTC)."""
        middle = f"-{self.identity}" if self.identity else ""
        return f"{self.stem}{middle}-{taken_at.strftime(STAMP)}.db"


def identity_file(path: Path) -> Path:
    """The file beside an SQLite registry that keeps its identity (read when the registry itself cannot be)."""
    return path.with_name(path.name + ".identity")


def _stored_identity(location: DatabaseLocation) -> str | None:
    if location.is_postgresql:
        database = connect(location)
        try:
            row = database.execute_sql("SELECT identity FROM registry_identity LIMIT 1").fetchone()
        finally:
            database.close()
        return row[0] if row else None
    path = location.sqlite_path
    if not path.is_file():
        return None
    connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=5)
    try:
        row = connection.execute("SELECT identity FROM registry_identity LIMIT 1").fetchone()
    finally:
        connection.close()
    return row[0] if row else None


def registry_identity(location: DatabaseLocation) -> str | None:
    """The registry's identity: from the registry (and then written beside it), else from the file beside it."""
    try:
        identity = _stored_identity(location)
    except (sqlite3.Error, OSError, Exception) as error:  # noqa: BLE001 - damaged, locked or unreachable: use the file
        logger.info("cannot read the identity of %s: %s", location.display(), error)
        identity = None
    path = location.sqlite_path
    if path is None:
        return identity
    kept = identity_file(path)
    if identity is None:
        try:
            text = kept.read_text(encoding="ascii").strip()
        except (OSError, UnicodeError):
            return None
        return text if re.fullmatch(r"[0-9a-f]{32}", text) else None
    try:
        if not kept.is_file() or kept.read_text(encoding="ascii").strip() != identity:
            kept.write_text(identity + "\n", encoding="ascii")
    except (OSError, UnicodeError) as error:  # a read-only folder: the registry still holds it
        logger.info("cannot keep the identity beside %s: %s", path, error)
    return identity


def copy_name(location: DatabaseLocation) -> CopyName:
    """How this registry's copies are named and found."""
    identity = registry_identity(location)
    return CopyName(copy_stem(location), identity[:IDENTITY_LENGTH] if identity else None)


def copy_stem(location: DatabaseLocation) -> str:
    """How the copies of this database are named: the file's stem, or the server database's name."""
    path = location.sqlite_path
    if path is not None:
        return path.stem
    from urllib.parse import urlsplit

    parts = urlsplit(location.url)
    name = f"{parts.hostname or 'localhost'}-{parts.path.strip('/') or 'hamkor'}"
    return re.sub(r"[^\w.-]+", "_", name)


def copy_path(folder: Path, name: CopyName | str, taken_at: dt.datetime) -> Path:
    """The file of a copy taken at `taken_at` (UTC)."""
    return folder / _naming(name).file_name(taken_at)


def _naming(name: CopyName | str) -> CopyName:
    return name if isinstance(name, CopyName) else CopyName(name)


def list_backups(folder: Path, name: CopyName | str | None = None) -> list[BackupCopy]:
    """The copies in `folder` (of the registry `name` names, when given: its own and those named before identities),
    newest first."""
    copies = []
    if not folder.is_dir():
        return copies
    naming = _naming(name) if name is not None else None
    for path in folder.iterdir():
        match = COPY_NAME.match(path.name)
        if not match or (naming is not None and not naming.owns(match["stem"], match["identity"])):
            continue
        if not path.is_file():
            continue
        try:
            taken_at = dt.datetime.strptime(match["stamp"], STAMP)
        except ValueError:
            continue
        copies.append(BackupCopy(path, taken_at, path.stat().st_size))
    return sorted(copies, key=lambda c: c.taken_at, reverse=True)


# -- checking a copy ---------------------------------------------------------------------------------------------
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
        partial = self.file.with_name(f"{self.file.name}.{os.getpid()}.part")
        try:
            partial.write_text(json.dumps(kept), encoding="utf-8")
            os.replace(partial, self.file)
        except OSError as error:  # a cache only: the copies are checked again next time
            logger.info("cannot remember verified copies in %s: %s", self.file, error)


def good_copies(folder: Path, stem: CopyName | str | None = None) -> list[BackupCopy]:
    """The copies that pass the check, newest first (results remembered while a file is unchanged)."""
    verified = _Verified(folder)
    copies = list_backups(folder, stem)
    good = [copy for copy in copies if verified.good(copy)]
    verified.save(copy.path.name for copy in list_backups(folder))
    return good


def newest_good_backup(folder: Path, stem: CopyName | str | None = None) -> BackupCopy | None:
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


def rotate(folder: Path, stem: CopyName | str) -> tuple[list[Path], list[Path]]:
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
    remove_stale_parts(target.parent)
    partial = part_path(target)
    partial.unlink(missing_ok=True)
    try:
        read_only = read_only_uri(source)  # a file on a read-only mount is copied as it is
        origin = (  # a read-only open of a writable file would leave -wal/-shm files behind
            sqlite3.connect(read_only, uri=True, timeout=30) if read_only else sqlite3.connect(str(source), timeout=30)
        )
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
    keep_if_sound(partial, target)
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
    stem = copy_name(location)
    taken_at = now or utc_now()
    path = target or copy_path(folder, stem, taken_at)
    while target is None and path.exists():  # two copies within one second: name the second a second later
        taken_at += dt.timedelta(seconds=1)
        path = copy_path(folder, stem, taken_at)
    if path.exists():
        raise BackupError(_("“{path}” already exists; choose another name.").format(path=path))
    for _attempt in range(60):
        try:
            if location.is_postgresql:
                database = connect(location)
                try:
                    export_postgresql(database, path, progress=progress)
                finally:
                    database.close()
            else:
                copy_sqlite_file(location.sqlite_path, path, progress=progress)
            break
        except FileExistsError:  # another backup took this name meanwhile
            part_path(path).unlink(missing_ok=True)
            if target is not None:
                raise BackupError(_("“{path}” already exists; choose another name.").format(path=path)) from None
            taken_at += dt.timedelta(seconds=1)
            path = copy_path(folder, stem, taken_at)
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
    copies = good_copies(folder or backup_folder(location), copy_name(location))
    return not copies or (now or utc_now()) - copies[0].taken_at >= DUE_AFTER


def changed_since_backup(location: DatabaseLocation, *, folder: Path | None = None) -> bool:
    """Whether records were saved or deleted since the newest good copy (SQLite only)."""
    if location.is_postgresql or not location.sqlite_path.is_file():
        return False
    copies = good_copies(folder or backup_folder(location), copy_name(location))
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
