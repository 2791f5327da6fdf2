"""The one task runner: results on the main thread, a pool thread's connection closed, nothing called for a window
that is gone, and no private workers elsewhere in the interface."""

from __future__ import annotations

import ast
import threading
from pathlib import Path

import peewee as pw
import pytest
from PySide6.QtWidgets import QApplication, QWidget

from app.models import db
from app.ui.shell import tasks

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def on_pool(monkeypatch: pytest.MonkeyPatch) -> None:
    """Background work really runs on the pool (not at once on the test's thread)."""
    monkeypatch.setattr(tasks, "_runner", tasks.on_thread_pool)


def test_work_on_the_pool_reports_on_the_main_thread_and_its_connection_is_closed(
    qtbot, on_pool, database: pw.Database  # noqa: ANN001
) -> None:
    seen: dict[str, object] = {}

    def work(progress, cancelled):  # noqa: ANN001, ANN202
        seen["worker"] = threading.get_ident()
        seen["connection"] = db.obj.connection()  # this thread's own
        progress(1, 1)
        return db.obj.execute_sql("select 1").fetchone()[0]

    results: list[object] = []
    with qtbot.waitSignal(_Arrived.instance().arrived, timeout=10000):
        tasks.run_in_background(
            work,
            progress=lambda done, total: seen.setdefault("progress", (done, total, threading.get_ident())),
            done=lambda result: (results.append((result, threading.get_ident())), _Arrived.instance().arrived.emit()),
            failed=lambda error: results.append(error),
        )
    assert tasks.wait_for_tasks(10000)
    main = threading.get_ident()
    assert results == [(1, main)] and seen["worker"] != main
    assert seen["progress"] == (1, 1, main)
    assert seen["connection"] is not db.obj.connection()  # the main thread's connection is its own, still open
    with pytest.raises(Exception, match="closed"):  # the worker's was closed when its job ended
        _use(seen["connection"])


def _use(connection: object) -> None:
    if hasattr(connection, "closed"):  # psycopg
        if connection.closed:
            raise RuntimeError("closed")
        return
    connection.total_changes  # noqa: B018 - sqlite3 refuses a closed connection


def test_a_failure_arrives_on_the_main_thread_and_a_deleted_window_is_not_called(qtbot, on_pool) -> None:  # noqa: ANN001
    held = threading.Event()
    calls: list[str] = []
    owner = QWidget()

    def work(progress, cancelled):  # noqa: ANN001, ANN202
        held.wait(10)
        raise ValueError("no")

    tasks.run_in_background(
        work, progress=lambda *_: None, done=lambda _r: calls.append("done"), failed=lambda _e: calls.append("failed"),
        owner=owner,
    )
    from shiboken6 import delete

    delete(owner)
    held.set()
    assert tasks.wait_for_tasks(10000)
    QApplication.processEvents()
    assert calls == []
    assert not tasks._running  # noqa: SLF001 - the finished task was let go all the same

    errors: list[BaseException] = []
    with qtbot.waitSignal(_Arrived.instance().arrived, timeout=10000):
        tasks.run_in_background(
            lambda progress, cancelled: 1 / 0,
            progress=lambda *_: None,
            done=lambda _r: None,
            failed=lambda error: (errors.append(error), _Arrived.instance().arrived.emit()),
        )
    assert isinstance(errors[0], ZeroDivisionError)


def test_no_private_background_workers_anywhere() -> None:
    """Threads, pools and runnables are made only by the task runner (app/ui/shell/tasks.py): not in the interface,
    nor in the services, exporters and commands below it."""
    found = []
    for path in sorted((ROOT / "app").rglob("*.py")):
        if path.name == "tasks.py" and path.parent.name == "shell":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            name = node.id if isinstance(node, ast.Name) else node.attr if isinstance(node, ast.Attribute) else ""
            if name in {"QRunnable", "QThreadPool", "Thread", "QtConcurrent", "ThreadPoolExecutor",
                        "ProcessPoolExecutor", "start_new_thread"}:  # fmt: skip
                found.append(f"{path.relative_to(ROOT)}:{node.lineno} {name}")
        source = path.read_text(encoding="utf-8")
        if "getattr(backup" in source:
            found.append(f"{path.relative_to(ROOT)}: dispatch by name")
    assert found == []


class _Arrived:
    """A signal the tests wait on (emitted by the callbacks, on the main thread)."""

    _one = None

    @classmethod
    def instance(cls):  # noqa: ANN206
        if cls._one is None:
            from PySide6.QtCore import QObject, Signal

            class Relay(QObject):
                arrived = Signal()

            cls._one = Relay()
        return cls._one
