"""The start and the end of a session, safely: one app per file, a damaged file restored from a backup, a warning
for risky storage, the password of the shared registry, automatic backups, live updates, a read-only interface.

`prepare_database` runs before the database is opened, `StartupSession.attach(window)` once the window exists,
`StartupSession.finish()` after the event loop ended.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QObject, QRunnable, QThreadPool, QTimer, Signal
from PySide6.QtWidgets import QInputDialog, QLineEdit, QMainWindow, QMessageBox, QWidget

from app.i18n import _
from app.models.database import (
    DatabaseError,
    DatabaseLocation,
    close_database,
    connect,
    open_database,
    resolve_location,
)
from app.services.storage.startup import (
    AlreadyRunning,
    InstanceLock,
    acquire_instance_lock,
    damage_found,
    storage_warning,
)
from app.ui.shell import settings as app_settings

logger = logging.getLogger(__name__)

#: The settings key of a backup folder chosen in the app (empty: `backups` beside the database).
PASSWORD_TRIES = 3


@dataclass
class StartupSession:
    """What the start-up checks leave for the session: where the registry is, how to connect, the file's lock."""

    location: DatabaseLocation
    url: str  # what to open (for PostgreSQL: with the password, never shown or saved)
    lock: InstanceLock | None = None
    helpers: list[QObject] = field(default_factory=list)

    def attach(self, window: QMainWindow) -> None:
        """Once the window exists: the start-of-day backup in the background, live updates, read-only if so."""
        from app.services.storage.permissions import read_only_reason
        from app.ui.shell.read_only import apply_read_only

        global _active
        _active = self

        def later() -> None:  # once the window is up: the start-of-day backup, the life cycle, live updates
            from shiboken6 import isValid

            from app.ui.shell.live_updates import start_live_updates

            if not isValid(window):
                return

            if not self.location.is_postgresql:
                folder = app_settings.configured_backup_folder()
                QThreadPool.globalInstance().start(_Job("backup_if_due", self.location, folder))
            QThreadPool.globalInstance().start(_Lifecycle())  # agreements whose last term ended, stored
            self.helpers.append(start_live_updates(window))

        QTimer.singleShot(1000, window, later)  # not at all if the window is gone by then
        reason = read_only_reason()
        if reason:
            self.helpers.append(apply_read_only(window, reason))
            window.statusBar().showMessage(reason, 15000)

    def check_in_background(self, window: QMainWindow) -> None:
        """Run the integrity check on the thread pool once the window is up; damage found is reported then, with
        the newest good backup offered (the database is closed, restored and opened again), or the app closes."""
        if self.location.is_postgresql:
            return
        reporter = _DamageReport(self, window)
        self.helpers.append(reporter)
        QThreadPool.globalInstance().start(_Check(self.location, reporter))

    def finish(self) -> None:
        """After the window closed (or before another database is opened): a backup when records changed, then
        let another app open the file."""
        global _active
        if _active is self:
            _active = None
        for helper in self.helpers:
            helper.stop()
        self.helpers.clear()
        QThreadPool.globalInstance().waitForDone(60000)  # a start-of-day backup still running
        if not self.location.is_postgresql:
            folder = app_settings.configured_backup_folder()
            from app.services.storage import backup

            backup.backup_if_changed(self.location, folder=Path(folder) if folder else None)
        self.release()

    def release(self) -> None:
        """Let another app open the file (without a backup)."""
        if self.lock is not None:
            self.lock.release()


#: The session of the registry open now (set by `attach`, cleared by `finish`).
_active: StartupSession | None = None


def active_session() -> StartupSession | None:
    """The session of the registry open now."""
    return _active


def switch_session(value: str, window: QMainWindow) -> str | None:
    """Open another registry in place of the current one, with the same checks as at start (instead of
    `application.switch_database`); return its location for the status bar, or None when it was not opened."""
    from app.models.base import db
    new = prepare_database(value or None, parent=window)
    if new is None:
        return None
    previous = db.obj
    try:
        open_database(new.url)
    except DatabaseError as error:
        db.initialize(previous)
        new.release()
        QMessageBox.warning(window, _("Database not opened"), str(error))
        return None
    if _active is not None:
        _active.finish()  # the previous registry: its exit backup, its lock
    if previous is not None and previous is not db.obj:
        previous.close()
    app_settings.put(app_settings.DATABASE_KEY, value)  # never with a password (that stays in the keyring)
    new.attach(window)
    return new.location.display()


class _DamageReport(QObject):
    """Lives on the main thread; receives the background check's findings there."""

    found = Signal(list)

    def __init__(self, session: StartupSession, window: QMainWindow) -> None:
        super().__init__()
        self.session = session
        self.window = window
        self.found.connect(self.report)

    def report(self, problems: list) -> None:
        """Offer the newest good backup for a damaged file; reopen it restored, or close the app."""
        if not problems:
            return
        from app.ui.shell.hub import hub

        close_database()
        if offer_restore(self.session.location, problems, parent=self.window):
            open_database(self.session.url)
            hub.data_reset.emit()
        else:
            self.session.helpers.remove(self)
            self.window.close()

    def stop(self) -> None:
        """Nothing runs on its own (StartupSession stops its helpers at the end)."""


class _Check(QRunnable):
    """The integrity check on the thread pool."""

    def __init__(self, location: DatabaseLocation, reporter: _DamageReport) -> None:
        super().__init__()
        self.location, self.reporter = location, reporter

    def run(self) -> None:
        self.reporter.found.emit(damage_found(self.location))


class _LifecycleDone(QObject):
    """Lives on the main thread: tells the pages when the life cycle changed agreements."""

    changed = Signal()

    def __init__(self) -> None:
        super().__init__()
        from app.ui.shell.hub import hub

        self.changed.connect(hub.data_reset)


class _Lifecycle(QRunnable):
    """The agreements' life cycle, applied on the thread pool at start."""

    def __init__(self) -> None:
        super().__init__()
        self.done = _LifecycleDone()

    def run(self) -> None:
        from app.models import db
        from app.services.lifecycle import apply_lifecycle

        try:
            if any(apply_lifecycle().values()):
                self.done.changed.emit()
        except Exception:  # noqa: BLE001 - a busy or read-only registry: statuses are also computed when shown
            logger.warning("the agreements' life cycle was not applied", exc_info=True)
        finally:
            db.obj.close()  # this thread's connection


class _Job(QRunnable):
    """A function of the backup service on the thread pool (no widgets touched; failures are logged there)."""

    def __init__(self, function: str, location: DatabaseLocation, folder: str | None) -> None:
        super().__init__()
        self.function, self.location, self.folder = function, location, folder

    def run(self) -> None:
        from app.services.storage import backup

        getattr(backup, self.function)(self.location, folder=Path(self.folder) if self.folder else None)


def prepare_database(
    value: str | None, *, parent: QWidget | None = None, check_now: bool = True
) -> StartupSession | None:
    """Before opening the registry: None means "do not start" (already open elsewhere, damaged and not restored,
    no password) — the officer was told why. Without `check_now` the integrity check is left to
    `StartupSession.check_in_background` (it reads the whole file: a second on a large registry)."""
    location = resolve_location(value)
    if location.is_postgresql:
        from app.ui.dialogs.connection import with_password

        url = _postgresql_url(with_password(location.url) or location.url, parent)
        return StartupSession(location, url) if url else None
    try:
        lock = acquire_instance_lock(location)
    except AlreadyRunning as error:
        QMessageBox.information(parent, _("Hamkor is already open"), str(error))
        return None
    if not settle_interrupted_restore(location, parent=parent):
        if lock is not None:
            lock.release()
        return None
    problems = damage_found(location) if check_now else []
    if problems and not offer_restore(location, problems, parent=parent):
        if lock is not None:
            lock.release()
        return None
    warning = storage_warning(location)
    if warning:
        QMessageBox.warning(parent, _("A risky place for the database"), warning)
    return StartupSession(location, location.url, lock)


def _postgresql_url(url: str, parent: QWidget | None) -> str | None:
    """The address to open, with a password asked for when the server wants one and the keyring has none."""
    from urllib.parse import unquote, urlsplit

    from app.ui.dialogs.connection import postgresql_url

    parts = urlsplit(url)
    if parts.password or not parts.username:
        return url
    candidate = url
    for _try in range(PASSWORD_TRIES + 1):
        try:
            connect(DatabaseLocation(candidate)).close()
            return candidate
        except DatabaseError as error:
            text = str(error).lower()
            if "password" not in text:
                return candidate  # another problem: opening the registry reports it
            if _try == PASSWORD_TRIES:
                QMessageBox.warning(parent, _("Not connected"), str(error))
                return None
        password, ok = QInputDialog.getText(
            parent,
            _("Password"),
            _("Password of {user} on {host}:").format(user=unquote(parts.username), host=parts.hostname),
            QLineEdit.EchoMode.Password,
        )
        if not ok:
            return None
        candidate = postgresql_url(
            host=parts.hostname or "localhost",
            port=parts.port or 5432,
            database=unquote(parts.path.lstrip("/")),
            user=unquote(parts.username),
            password=password,
        )
    return None


def settle_interrupted_restore(location: DatabaseLocation, *, parent: QWidget | None = None) -> bool:
    """When a restore was stopped midway, ask the officer: restore again, or keep the current file. False to quit."""
    from app.services.storage import restore

    left = restore.interrupted_restore(location.sqlite_path)
    if left is None:
        return True
    box = QMessageBox(parent)
    box.setObjectName("interrupted_restore")
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(_("A restore was interrupted"))
    box.setText(
        _("A restore of “{path}” was stopped before it finished; the database still holds what it held before.").format(
            path=location.sqlite_path
        )
    )
    again = None
    if left.copy is not None:
        box.setInformativeText(
            _("Restore the copy “{copy}” again, or keep the current database?").format(copy=left.copy)
        )
        again = box.addButton(_("Restore again"), QMessageBox.ButtonRole.AcceptRole)
        again.setObjectName("restore_again")
    else:
        box.setInformativeText(_("The copy it came from is gone. The unfinished file will be set aside."))
    keep = box.addButton(_("Keep the current database"), QMessageBox.ButtonRole.RejectRole)
    keep.setObjectName("keep_current")
    box.setDefaultButton(keep)
    box.exec()
    try:
        if again is not None and box.clickedButton() is again:
            restore.restore_again(location.sqlite_path)
        else:
            restore.keep_current(location.sqlite_path)
    except (restore.BackupError, OSError) as error:
        QMessageBox.critical(parent, _("Not restored"), str(error))
        return False
    return True


def offer_restore(location: DatabaseLocation, problems: list[str], *, parent: QWidget | None = None) -> bool:
    """Tell the officer the file is damaged and offer the newest good backup; return whether it was restored."""
    from app.services.attachments import human_size
    from app.services.storage import backup, restore
    from app.ui.dialogs.backup import taken_at_text

    folder = backup.backup_folder(location, app_settings.configured_backup_folder())
    newest = backup.newest_good_backup(folder, backup.copy_name(location))
    box = QMessageBox(parent)
    box.setObjectName("damaged_database")
    box.setIcon(QMessageBox.Icon.Critical)
    box.setWindowTitle(_("The database is damaged"))
    box.setText(_("Hamkor found damage in its database “{path}”.").format(path=location.sqlite_path))
    box.setDetailedText("\n".join(problems))
    restore_button = None
    if newest is not None:
        box.setInformativeText(
            _(
                "The newest good backup is from {when} ({size}). Restore it? The damaged file is kept aside, "
                "renamed with today's date; changes made after that backup are not in it."
            ).format(when=taken_at_text(newest.taken_at), size=human_size(newest.size))
        )
        restore_button = box.addButton(_("Restore the backup"), QMessageBox.ButtonRole.AcceptRole)
        restore_button.setObjectName("restore_backup")
        box.addButton(_("Quit"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(restore_button)
    else:
        box.setInformativeText(
            _(
                "No good backup was found in “{folder}”. Hamkor closes without changing the file; ask your "
                "administrator, or restore a copy with “hamkor restore FILE”."
            ).format(folder=folder)
        )
        box.addButton(_("Quit"), QMessageBox.ButtonRole.RejectRole)
    box.exec()
    if restore_button is None or box.clickedButton() is not restore_button:
        return False
    try:
        result = restore.restore_sqlite(newest.path, location.sqlite_path)
    except (backup.BackupError, OSError) as error:
        QMessageBox.critical(parent, _("Not restored"), str(error))
        return False
    QMessageBox.information(
        parent,
        _("Backup restored"),
        _("The backup of {when} was restored. The damaged database was kept as “{aside}”.").format(
            when=taken_at_text(newest.taken_at), aside=result.replaced_aside
        ),
    )
    return True
