"""Changes by other officers appear without a restart: a timer polls the change log and tells the app's hub."""

from __future__ import annotations

import logging

import peewee as pw
from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QMainWindow

from app.i18n import _, ngettext
from app.models.base import current_user, db
from app.services.changes import ChangeWatcher
from app.ui.shell.hub import hub

logger = logging.getLogger(__name__)

#: How often the registry is asked whether anything changed (one indexed query when nothing did).
INTERVAL_MS = 4000


class LiveUpdates(QObject):
    """Polls `ChangeWatcher` every few seconds and emits `record_saved`, `records_deleted` or `data_reset`.

    Changes this app itself just announced on the hub are not announced twice.
    """

    #: How many records others changed (after the hub was told), and by whom.
    changed_elsewhere = Signal(int, str)
    #: The registry could not be asked (server gone): the reason, for a status line.
    failed = Signal(str)

    def __init__(self, parent: QObject | None = None, *, interval_ms: int = INTERVAL_MS) -> None:
        super().__init__(parent)
        self.watcher = ChangeWatcher()
        self._local: set[tuple[str, int]] = set()
        self._emitting = False
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.poll)
        hub.record_saved.connect(self._saved_here)
        hub.records_deleted.connect(self._deleted_here)
        hub.data_reset.connect(self._reset_here)

    def start(self) -> None:
        """Start polling."""
        self.timer.start()

    def stop(self) -> None:
        """Stop polling (before the database is closed)."""
        self.timer.stop()

    def _saved_here(self, register: str, record_id: int) -> None:
        if not self._emitting:
            self._local.add((register, record_id))

    def _deleted_here(self, register: str, ids: list) -> None:
        if not self._emitting:
            self._local.update((register, record_id) for record_id in ids)

    def _reset_here(self) -> None:
        if not self._emitting:  # another database, or sample data loaded here: watch from now on
            try:
                self.watcher.reset()
            except pw.DatabaseError as error:
                logger.info("live updates: cannot reset: %s", error)
            self._local.clear()

    def poll(self) -> None:
        """Ask the registry what changed and tell the pages."""
        if db.obj is None:
            return
        try:
            changes = self.watcher.poll()
        except (pw.DatabaseError, pw.InterfaceError) as error:
            logger.warning("live updates: the registry did not answer: %s", error)
            try:
                db.obj.close()  # the next poll connects again
            except pw.DatabaseError:
                pass
            self.failed.emit(str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__)
            return
        local, self._local = self._local, set()
        if not changes:
            return
        me = current_user()
        self._emitting = True
        try:
            if changes.reset:
                hub.data_reset.emit()
                self.changed_elsewhere.emit(0, "")
                return
            mine = {key for key in local if changes.authors.get(key) == me}
            saved = [key for key in changes.saved if key not in mine]
            deleted = {
                register: [i for i in ids if (register, i) not in mine] for register, ids in changes.deleted.items()
            }
            for register, record_id in saved:
                hub.record_saved.emit(register, record_id)
            for register, ids in deleted.items():
                if ids:
                    hub.records_deleted.emit(register, ids)
            count = len(saved) + sum(len(ids) for ids in deleted.values())
            authors = sorted({changes.authors[key] for key in changes.authors if key not in mine})
            if count:
                self.changed_elsewhere.emit(count, ", ".join(authors))
        finally:
            self._emitting = False


def start_live_updates(window: QMainWindow, *, interval_ms: int = INTERVAL_MS) -> LiveUpdates:
    """Poll for others' changes while `window` lives, and say in its status bar when some arrived."""
    live = LiveUpdates(window, interval_ms=interval_ms)
    live.setObjectName("live_updates")

    def say(count: int, authors: str) -> None:
        if count == 0:
            window.statusBar().showMessage(_("The registry was changed elsewhere; everything was read again."), 8000)
            return
        text = ngettext(
            "{count} record was changed by {authors}.", "{count} records were changed by {authors}.", count
        ).format(count=count, authors=authors)
        window.statusBar().showMessage(text, 8000)

    live.changed_elsewhere.connect(say)
    live.failed.connect(
        lambda reason: window.statusBar().showMessage(
            _("The registry cannot be reached: {reason}").format(reason=reason), 8000
        )
    )
    live.start()
    return live
