"""Safety at start: a quick check of the SQLite file, one app per database file, and a warning for risky storage.

No widgets here: `app.ui.shell.startup_checks` asks the officer; this module finds out (Qt's QLockFile is QtCore).
"""

from __future__ import annotations

import logging
import os
import sqlite3
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path, PureWindowsPath

from PySide6.QtCore import QLockFile

from app.i18n import _
from app.models.database import DatabaseLocation

logger = logging.getLogger(__name__)

#: File systems reached over a network (from /proc/mounts on Linux, `mount` on macOS).
NETWORK_FILESYSTEMS = frozenset(
    {
        "nfs",
        "nfs4",
        "cifs",
        "smb",
        "smb2",
        "smb3",
        "smbfs",
        "afpfs",
        "webdav",
        "davfs",
        "fuse.davfs2",
        "fuse.sshfs",
        "sshfs",
        "fuse.rclone",
        "fuse.s3fs",
        "afs",
        "ncpfs",
        "ceph",
        "glusterfs",
        "fuse.glusterfs",
        "9p",
    }
)
#: Folders that a sync client copies to the cloud behind SQLite's back (matched on a path's parts).
SYNC_FOLDERS = (
    ("onedrive", "OneDrive"),
    ("dropbox", "Dropbox"),
    ("google drive", "Google Drive"),
    ("googledrive", "Google Drive"),
    ("my drive", "Google Drive"),
    ("icloud drive", "iCloud Drive"),
    ("iclouddrive", "iCloud Drive"),
    ("mobile documents", "iCloud Drive"),
    ("yandex.disk", "Yandex.Disk"),
    ("yandexdisk", "Yandex.Disk"),
)
DRIVE_REMOTE = 4  # GetDriveTypeW's answer for a mapped network drive


# -- the quick check ---------------------------------------------------------------------------------------------
def quick_check(path: Path) -> list[str]:
    """SQLite's `quick_check` of the file, as sentences for the officer; empty when the file is sound (or absent)."""
    if not path.is_file():
        return []
    try:
        connection = sqlite3.connect(str(path), timeout=10)
        try:
            rows = [row[0] for row in connection.execute("PRAGMA quick_check").fetchall()]
        finally:
            connection.close()
    except sqlite3.DatabaseError as error:
        if "locked" in str(error).lower() or "busy" in str(error).lower():
            return []  # in use by another program: not a sign of damage
        return [_("The database file is damaged: {reason}").format(reason=error)]
    if rows == ["ok"]:
        return []
    return [_("The database file is damaged: {reason}").format(reason=row) for row in rows[:5]]


def damage_found(location: DatabaseLocation) -> list[str]:
    """The problems the quick check finds in the registry's file (none for PostgreSQL, which checks itself)."""
    path = location.sqlite_path
    return quick_check(path) if path is not None else []


# -- one app per database file -----------------------------------------------------------------------------------
class AlreadyRunning(Exception):
    """Another Hamkor has this database file open; the message says where, for the officer."""


class InstanceLock:
    """The lock file ``<database>.lock`` beside the database, held while this app has the file open."""

    def __init__(self, database_path: Path) -> None:
        self.path = database_path.with_name(database_path.name + ".lock")
        self._lock = QLockFile(str(self.path))
        self._lock.setStaleLockTime(0)  # held for hours: stale only when its process is gone
        self.held = False

    def acquire(self) -> None:
        """Take the lock or raise `AlreadyRunning`; a folder where no lock can be written does not stop the app."""
        if self._lock.tryLock(0):
            self.held = True
            return
        if self._lock.error() == QLockFile.LockError.LockFailedError:
            info = self._lock.getLockInfo()  # (pid, host name, app name); PySide drops C++'s bool
            pid, host = (info[-3], info[-2]) if isinstance(info, tuple) and len(info) >= 3 else (0, "")
            where = _("process {pid} on {host}").format(pid=pid, host=host) if pid else _("an unknown process")
            raise AlreadyRunning(
                _(
                    "Hamkor is already open on this database ({where}). Switch to that window; the same file "
                    "cannot be opened twice. If no Hamkor is running there, delete “{lock}”."
                ).format(where=where, lock=self.path)
            )
        logger.warning("cannot create the lock file %s (error %s): going on without it", self.path, self._lock.error())

    def release(self) -> None:
        """Let another app open the file."""
        if self.held:
            from app.services.storage.registry_access import release_writing

            release_writing(self.path.with_name(self.path.name[: -len(".lock")]))
            self._lock.unlock()
            self.held = False


def acquire_instance_lock(location: DatabaseLocation) -> InstanceLock | None:
    """Hold the registry's file for this app (None for PostgreSQL, which many officers share by design)."""
    path = location.sqlite_path
    if path is None:
        return None
    from app.services.storage.registry_access import RegistryBusy, hold_for_writing

    path.parent.mkdir(parents=True, exist_ok=True)
    lock = InstanceLock(path)
    lock.acquire()
    try:
        hold_for_writing(path)  # the window writes: a restore by another process waits for it to close
    except RegistryBusy as error:
        lock.release()
        raise AlreadyRunning(str(error)) from error
    return lock


# -- network shares and cloud-synced folders ---------------------------------------------------------------------
@dataclass(frozen=True)
class StorageRisk:
    """Why the file's place is risky: `kind` is "network" or "cloud"; `what` names the share or sync service."""

    kind: str
    what: str


def mount_type(path: Path, mounts: str) -> str | None:
    """The file-system type of the mount that holds `path`, from /proc/mounts or macOS `mount` output."""
    best, best_type = "", None
    text = str(path)
    for line in mounts.splitlines():
        if " on " in line and "(" in line:  # macOS: //user@server/share on /Volumes/share (smbfs, nodev, …)
            head, _sep, tail = line.partition(" on ")
            point, _sep, options = tail.rpartition(" (")
            kind = options.split(",")[0].strip(" )")
        else:  # Linux: device mount-point type options 0 0, with \040 for spaces
            parts = line.split()
            if len(parts) < 3:
                continue
            point, kind = parts[1].replace("\\040", " "), parts[2]
        inside = text == point or text.startswith(point.rstrip("/") + "/")
        if inside and len(point) > len(best):
            best, best_type = point, kind
    return best_type


def _system_mounts() -> str:
    try:
        return Path("/proc/mounts").read_text(encoding="utf-8", errors="replace")
    except OSError:
        pass
    if sys.platform == "darwin":
        import subprocess

        try:
            return subprocess.run(["mount"], capture_output=True, text=True, timeout=5).stdout
        except (OSError, subprocess.SubprocessError):
            return ""
    return ""


def _windows_drive_type(root: str) -> int:
    import ctypes

    return int(ctypes.windll.kernel32.GetDriveTypeW(root))


def storage_risk(
    path: Path,
    *,
    platform: str = sys.platform,
    mounts: str | None = None,
    drive_type: Callable[[str], int] | None = None,
) -> StorageRisk | None:
    """Whether the SQLite file lies on a network share or in a cloud-synced folder (where SQLite's locking fails)."""
    text = str(path)
    if platform == "win32" or text.startswith(("\\\\", "//")):
        windows = PureWindowsPath(text)
        if text.startswith(("\\\\", "//")):
            return StorageRisk("network", windows.anchor.rstrip("\\/") or text)
        if platform == "win32" and windows.drive:
            try:
                kind = (drive_type or _windows_drive_type)(windows.drive + "\\")
            except (OSError, AttributeError, ValueError):
                kind = 0
            if kind == DRIVE_REMOTE:
                return StorageRisk("network", windows.drive)
    for part in PureWindowsPath(text).parts if platform == "win32" else Path(text).parts:
        lowered = part.lower()
        for marker, service in SYNC_FOLDERS:
            if lowered == marker or lowered.startswith((marker + " -", marker + "-", marker + " (")):
                return StorageRisk("cloud", service)
    if platform != "win32":
        kind = mount_type(Path(os.path.abspath(text)), _system_mounts() if mounts is None else mounts)
        if kind is not None and (kind in NETWORK_FILESYSTEMS or kind.startswith(("nfs", "smb", "cifs"))):
            return StorageRisk("network", kind)
    return None


def storage_warning(location: DatabaseLocation) -> str | None:
    """What to tell the officer when the registry's file lies where SQLite is not safe, or None."""
    path = location.sqlite_path
    if path is None:
        return None
    risk = storage_risk(path)
    if risk is None:
        return None
    if risk.kind == "cloud":
        where = _("in a folder synchronised by {service}").format(service=risk.what)
    else:
        where = _("on a network share ({what})").format(what=risk.what)
    return _(
        "The database “{path}” lies {where}. SQLite cannot protect a file there from damage when it is synchronised "
        "or used from several computers. Keep the file on this computer's own disk, or — for a registry shared by "
        "several officers — use a PostgreSQL server (Settings → Database)."
    ).format(path=path, where=where)
