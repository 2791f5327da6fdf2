"""Who may use an SQLite registry's file at once: many writers (the window, imports, the sample load, other commands)
or one restorer, never both.

The lock is the file ``<database>.access`` beside the database. On POSIX a writer holds a shared ``flock`` and the
restorer an exclusive one; on Windows (no shared locks in msvcrt) each writer locks one byte of a range and the
restorer the whole range. The system releases both when a process dies, so a killed import never blocks a restore.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sys
from collections.abc import Iterator
from pathlib import Path

from app.i18n import _
from app.services.storage.registry_file import BackupError

logger = logging.getLogger(__name__)

#: How many writers can hold the file at once on Windows (one byte each).
_WINDOWS_SLOTS = 256


class RegistryBusy(BackupError):
    """The registry is in use by writers (for a restore) or being restored (for a writer); the message says so."""


def access_file(database_path: Path) -> Path:
    """The lock file beside the database."""
    return database_path.with_name(database_path.name + ".access")


class _Lock:
    """One lock on the access file: shared (a writer) or exclusive (the restorer)."""

    def __init__(self, path: Path, *, exclusive: bool) -> None:
        self.path, self.exclusive = path, exclusive
        self.handle: int | None = None
        self.slot: int | None = None

    def acquire(self) -> bool:
        """Take the lock without waiting; False when someone holds the other kind (or, exclusive, any kind)."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        handle = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o666)
        try:
            taken = self._windows(handle) if sys.platform == "win32" else self._posix(handle)
        except OSError:
            taken = False
        if not taken:
            os.close(handle)
            return False
        self.handle = handle
        return True

    def _posix(self, handle: int) -> bool:
        import fcntl

        try:
            fcntl.flock(handle, (fcntl.LOCK_EX if self.exclusive else fcntl.LOCK_SH) | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True

    def _windows(self, handle: int) -> bool:  # pragma: no cover - Windows only
        import msvcrt

        slots = [0] if self.exclusive else range(1, _WINDOWS_SLOTS + 1)
        for slot in slots:
            os.lseek(handle, slot, os.SEEK_SET)
            try:
                msvcrt.locking(handle, msvcrt.LK_NBLCK, _WINDOWS_SLOTS + 1 if self.exclusive else 1)
            except OSError:
                if self.exclusive:
                    return False
                continue
            self.slot = slot
            return True
        return False

    def release(self) -> None:
        if self.handle is None:
            return
        if sys.platform == "win32":  # pragma: no cover - Windows only
            import msvcrt

            os.lseek(self.handle, self.slot or 0, os.SEEK_SET)
            with contextlib.suppress(OSError):
                msvcrt.locking(self.handle, msvcrt.LK_UNLCK, _WINDOWS_SLOTS + 1 if self.exclusive else 1)
        os.close(self.handle)  # closing releases a flock
        self.handle = None


#: The writer locks this process holds, by database file (a restore from the window lets its own go for a moment).
_held: dict[Path, _Lock] = {}


def hold_for_writing(database_path: Path) -> None:
    """Hold the registry as a writer until `release_writing` or the end of the process; RegistryBusy while it is
    being restored. A folder where no lock file can be written does not stop anyone (logged)."""
    key = database_path.resolve()
    if key in _held:
        return
    lock = _Lock(access_file(key), exclusive=False)
    try:
        taken = lock.acquire()
    except OSError as error:
        logger.info("cannot create the lock file beside %s: %s; going on without it", key, error)
        return
    if not taken:
        raise RegistryBusy(
            _("The database “{path}” is being restored from a copy. Try again when the restore has finished.").format(
                path=database_path
            )
        )
    _held[key] = lock


def release_writing(database_path: Path) -> None:
    """Let go of this process's writer lock on the registry."""
    lock = _held.pop(database_path.resolve(), None)
    if lock is not None:
        lock.release()


@contextlib.contextmanager
def restoring(database_path: Path) -> Iterator[None]:
    """Hold the registry alone for a restore; RegistryBusy while anyone else writes to it.

    This process's own writer lock (the window's) is let go for the restore and taken again afterwards.
    """
    key = database_path.resolve()
    own = _held.pop(key, None)
    if own is not None:
        own.release()
    lock = _Lock(access_file(key), exclusive=True)
    try:
        if not lock.acquire():
            raise RegistryBusy(
                _(
                    "The database “{path}” is in use: an import, the window or another command is writing to it. "
                    "Close the others (or wait for the import to finish), then restore."
                ).format(path=database_path)
            )
        try:
            yield
        finally:
            lock.release()
    finally:
        if own is not None:
            with contextlib.suppress(RegistryBusy, OSError):
                hold_for_writing(database_path)
