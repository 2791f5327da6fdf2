"""Long work off the interface thread: exports, reports, imports, backups and the start-up checks run on a thread
pool with progress and a Cancel button; their results come back to the main thread (Picard's run_task, Anki's
QueryOp). Every piece of background work in the interface goes through this module:

- `run_task`: a modal progress dialog with Cancel (an export, a report);
- `run_in_background`: a window that shows its own progress and Cancel (a preview, the import wizard, a backup);
- `run_quietly`: no progress at all (figures for a view, the start-up checks).

One rule for the database: a job run on a pool thread uses that thread's own connection, closed when the job ends
(`on_thread_pool`); a job run at once (`at_once`, the tests) uses the caller's and leaves it open."""

from __future__ import annotations

import contextlib
import gc
import logging
import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

from PySide6.QtCore import QObject, Qt, QThreadPool, Signal, Slot
from PySide6.QtWidgets import QProgressDialog, QWidget

from app.i18n import _, translator
from app.models import db

logger = logging.getLogger(__name__)

Work = Callable[[Callable[[int, int], None], Callable[[], bool]], Any]
Job = Callable[[], None]
Runner = Callable[..., None]  # runner(job, pool=None)

#: Seconds between two progress reports reaching the main thread.
PROGRESS_EVERY = 0.05


def on_thread_pool(job: Job, pool: QThreadPool | None = None) -> None:
    """Run `job` on `pool` (the app's shared one by default); the database connection its thread opened is closed
    when it ends."""

    def run() -> None:
        try:
            job()
        finally:
            if db.obj is not None:
                db.obj.close()  # this thread's own connection

    (pool or QThreadPool.globalInstance()).start(run)


def at_once(job: Job, pool: QThreadPool | None = None) -> None:  # noqa: ARG001 - a runner's signature
    """Run `job` on the calling thread before returning (tests: no waiting on a pool)."""
    job()


_runner: Runner = on_thread_pool


def one_at_a_time(parent: QObject) -> QThreadPool:
    """A pool of one thread owned by `parent` (a window whose jobs run in turn and which waits for them as it closes):
    pass it as `run_in_background(…, pool=…)`."""
    pool = QThreadPool(parent)
    pool.setMaxThreadCount(1)
    return pool


def use_runner(runner: Runner) -> Runner:
    """Run background work with `runner` from now on (`on_thread_pool`, or `at_once`); return the one used before."""
    global _runner
    previous, _runner = _runner, runner
    return previous


class _Signals(QObject):
    progress = Signal(int, int)
    finished = Signal(object)
    failed = Signal(object)


_collector_lock = threading.Lock()
_collector_users = [0]
_collector_thresholds: list[tuple[int, int, int]] = []


def keep_long_lived() -> None:
    """Take every object alive now out of the garbage collector's full collections (gc.freeze): the modules,
    classes and functions loaded so far live as long as the app, and a full collection walked all of them, some
    15–40 ms with the interface stopped, at the opening of a list or a form. Called once the window is up and
    whenever a page's modules have been loaded, before the page is made."""
    gc.freeze()


@contextlib.contextmanager
def _young_collections_only() -> Iterator[None]:
    """While background work runs, the garbage collector's full collections wait: one walks every object of the app
    while holding the interpreter lock, and stopped the interface for 100 ms at a time while a report allocated its
    tables. Young collections go on as usual (they walk only the newest objects); the full ones resume when the last
    task ends."""
    with _collector_lock:
        if _collector_users[0] == 0:
            _collector_thresholds[:] = [gc.get_threshold()]
            young, middle, _old = _collector_thresholds[0]
            gc.set_threshold(young, middle, 1_000_000)
        _collector_users[0] += 1
    try:
        yield
    finally:
        with _collector_lock:
            _collector_users[0] -= 1
            if _collector_users[0] == 0 and _collector_thresholds:
                gc.set_threshold(*_collector_thresholds[0])


def _reporting(work: Work, signals: _Signals, cancel: threading.Event) -> Job:
    """`work` run with progress and cancelling, its result or failure reported through `signals`. Progress is
    passed on at most every PROGRESS_EVERY seconds (and at the end): a writer may report every row or page, and a
    flood of queued signals would keep the main thread busy."""
    reported = [0.0]
    speaking = translator()  # the language the work was asked in, whatever the window switches to meanwhile

    def progress(done: int, total: int) -> None:
        now = time.monotonic()
        if now - reported[0] >= PROGRESS_EVERY or (total and done >= total):
            reported[0] = now
            signals.progress.emit(done, total)

    def job() -> None:
        try:
            with _young_collections_only(), speaking.in_use():
                result = work(progress, cancel.is_set)
        except BaseException as error:  # reported on the main thread
            signals.failed.emit(error)
        else:
            signals.finished.emit(result)

    return job


class _Task(QObject):
    """Lives on the main thread: receives the worker's signals there, drives the dialog (or the caller's own progress
    display), calls back."""

    def __init__(
        self,
        dialog: QProgressDialog | None,
        done: Callable[[Any], None],
        failed: Callable[[BaseException], None],
        on_progress: Callable[[int, int], None] | None = None,
        owner: QObject | None = None,
    ):
        super().__init__()
        self.owner = owner
        self.dialog = dialog
        self.done = done
        self.failed_callback = failed
        self.on_progress = on_progress

    def _owner_gone(self) -> bool:
        """Whether the window the task reports to was closed and deleted meanwhile (nothing is called then)."""
        from shiboken6 import isValid

        return self.owner is not None and not isValid(self.owner)

    @Slot(int, int)
    def progress(self, done_count: int, total: int) -> None:
        if self._owner_gone():
            return
        if self.on_progress is not None:
            self.on_progress(done_count, total)
        if self.dialog is not None:
            self.dialog.setMaximum(max(total, 0))
            self.dialog.setValue(min(done_count, total) if total else 0)

    @Slot(object)
    def finished(self, result: Any) -> None:
        self._close()
        if not self._owner_gone():
            self.done(result)

    @Slot(object)
    def failed(self, error: BaseException) -> None:
        self._close()
        if not self._owner_gone():
            self.failed_callback(error)

    def _close(self) -> None:
        if self.dialog is not None:
            self.dialog.reset()
            self.dialog.close()
        _running[:] = [entry for entry in _running if entry[0] is not self]


_running: list[tuple[_Task, _Signals]] = []


def _start(work: Work, task: _Task, cancel: threading.Event, pool: QThreadPool | None = None) -> None:
    signals = _Signals()
    signals.progress.connect(task.progress)
    signals.finished.connect(task.finished)
    signals.failed.connect(task.failed)
    _running.append((task, signals))
    _runner(_reporting(work, signals, cancel), pool)


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
    _start(work, _Task(dialog, done, failed), cancel)
    return cancel


def run_in_background(
    work: Work,
    *,
    progress: Callable[[int, int], None],
    done: Callable[[Any], None],
    failed: Callable[[BaseException], None],
    owner: QObject | None = None,
    pool: QThreadPool | None = None,
) -> threading.Event:
    """Run `work(progress, cancelled)` on the pool for a window that shows its own progress and Cancel (a preview):
    `progress(done, total)`, then `done` or `failed`, arrive on the main thread. Setting the returned event cancels.

    With `owner`, nothing is called once that window is deleted; with `pool`, the work runs there (a window whose
    jobs run one at a time and which waits for them when it closes)."""
    cancel = threading.Event()
    _start(work, _Task(None, done, failed, progress, owner), cancel, pool)
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

    speaking = translator()

    def job() -> None:
        try:
            with speaking.in_use():
                result = work()
            relay.finished.emit(result)
        except Exception:  # noqa: BLE001 - a quiet job only fills a view: the view stays as it was
            logger.warning("a background job failed", exc_info=True)

    _runner(job, None)


def wait_for_tasks(timeout_ms: int = 30000) -> bool:
    """Wait until every background task has finished (at exit)."""
    return QThreadPool.globalInstance().waitForDone(timeout_ms)
