"""Long work off the interface thread: exports, reports, imports and backups run on a thread pool with progress
and a Cancel button; their results come back to the main thread (Picard's run_task, Anki's QueryOp)."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Qt, QThreadPool, Signal, Slot
from PySide6.QtWidgets import QProgressDialog, QWidget

from app.i18n import _
from app.models import db

logger = logging.getLogger(__name__)

Work = Callable[[Callable[[int, int], None], Callable[[], bool]], Any]
Job = Callable[[], None]


def on_thread_pool(job: Job) -> None:
    """Run `job` on the app's thread pool; the database connection its thread opened is closed when it ends."""

    def run() -> None:
        try:
            job()
        finally:
            if db.obj is not None:
                db.obj.close()  # this thread's own connection

    QThreadPool.globalInstance().start(run)


def at_once(job: Job) -> None:
    """Run `job` on the calling thread before returning (tests: no waiting on a pool)."""
    job()


_runner: Callable[[Job], None] = on_thread_pool


def use_runner(runner: Callable[[Job], None]) -> Callable[[Job], None]:
    """Run background work with `runner` from now on (`on_thread_pool`, or `at_once`); return the one used before."""
    global _runner
    previous, _runner = _runner, runner
    return previous


class _Signals(QObject):
    progress = Signal(int, int)
    finished = Signal(object)
    failed = Signal(object)


def _reporting(work: Work, signals: _Signals, cancel: threading.Event) -> Job:
    """`work` run with progress and cancelling, its result or failure reported through `signals`."""

    def job() -> None:
        try:
            result = work(signals.progress.emit, cancel.is_set)
        except BaseException as error:  # reported on the main thread
            signals.failed.emit(error)
        else:
            signals.finished.emit(result)

    return job


class _Task(QObject):
    """Lives on the main thread: receives the worker's signals there, drives the dialog, calls back."""

    def __init__(self, dialog: QProgressDialog, done: Callable[[Any], None], failed: Callable[[BaseException], None]):
        super().__init__()
        self.dialog = dialog
        self.done = done
        self.failed_callback = failed

    @Slot(int, int)
    def progress(self, done_count: int, total: int) -> None:
        self.dialog.setMaximum(max(total, 0))
        self.dialog.setValue(min(done_count, total) if total else 0)

    @Slot(object)
    def finished(self, result: Any) -> None:
        self._close()
        self.done(result)

    @Slot(object)
    def failed(self, error: BaseException) -> None:
        self._close()
        self.failed_callback(error)

    def _close(self) -> None:
        self.dialog.reset()
        self.dialog.close()
        _running[:] = [entry for entry in _running if entry[0] is not self]


_running: list[tuple[_Task, _Signals]] = []


def run_task(
    parent: QWidget | None,
    *,
    title: str,
    work: Work,
    done: Callable[[Any], None],
    failed: Callable[[BaseException], None],
) -> threading.Event:
    """Run `work(progress, cancelled)` in the background with a progress dialog; call `done` or `failed` after."""
    cancel = threading.Event()
    dialog = QProgressDialog(title, _("Cancel"), 0, 0, parent)
    dialog.setObjectName("task_progress")
    dialog.setWindowTitle(title)
    dialog.setWindowModality(Qt.WindowModality.WindowModal)
    dialog.setMinimumDuration(400)
    dialog.canceled.connect(cancel.set)
    task = _Task(dialog, done, failed)
    signals = _Signals()
    signals.progress.connect(task.progress)
    signals.finished.connect(task.finished)
    signals.failed.connect(task.failed)
    _running.append((task, signals))
    _runner(_reporting(work, signals, cancel))
    return cancel


class _Quiet(QObject):
    """Lives on the main thread: hands a quiet background job's result to its callback there."""

    finished = Signal(object)

    def __init__(self, done: Callable[[Any], None]) -> None:
        super().__init__()
        self.finished.connect(done)


_quiet: list[_Quiet] = []


def run_quietly(work: Callable[[], Any], done: Callable[[Any], None]) -> None:
    """Run `work()` on the thread pool without a progress dialog (reading figures for a view); `done(result)`
    follows on the main thread."""
    relay = _Quiet(done)
    _quiet.append(relay)
    relay.finished.connect(lambda _result: _quiet.remove(relay) if relay in _quiet else None)

    def job() -> None:
        try:
            relay.finished.emit(work())
        except Exception:  # noqa: BLE001 - a quiet job only fills a view: the view stays as it was
            logger.warning("a background job failed", exc_info=True)

    _runner(job)


def wait_for_tasks(timeout_ms: int = 30000) -> bool:
    """Wait until every background task has finished (at exit)."""
    return QThreadPool.globalInstance().waitForDone(timeout_ms)
