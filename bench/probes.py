"""Measurements that run in a process of their own (python -m bench.probes NAME DB): each prints one JSON line."""

from __future__ import annotations

import json
import os
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

AGREEMENT_SQL = (
    "SELECT id, reg_number, title_en, kind, status, signed_on, valid_until FROM agreement "
    "ORDER BY signed_on DESC, id DESC"
)
SEARCHES = ("korea", "koreya", "КОРЕЯ", "toshkent", "Национальная", "2019", "soglashenie 45", "qoʻlyozmalar")


def peak_rss_mb() -> float:
    """The process's peak resident memory in MB."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _qt_app():  # noqa: ANN202
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(["bench"])
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, tempfile.mkdtemp(prefix="hamkor-bench-"))
    return app


def _first_paint(widget, viewport, started: float) -> float:  # noqa: ANN001
    """Show `widget` and return the seconds from `started` until `viewport` (the table's rows) was first painted."""
    from PySide6.QtCore import QEvent, QObject
    from PySide6.QtWidgets import QApplication

    painted: list[float] = []

    class Watch(QObject):
        def eventFilter(self, obj, event):  # noqa: ANN001, ANN202, N802
            if event.type() == QEvent.Type.Paint and not painted:
                painted.append(time.perf_counter())
            return False

    watch = Watch()
    viewport.installEventFilter(watch)
    widget.show()
    while not painted:
        QApplication.processEvents()
    viewport.removeEventFilter(watch)
    return painted[0] - started


def list_hamkor(database: str) -> dict:
    """First paint of the agreements list, search keystrokes on it, and the process's peak memory."""
    app = _qt_app()
    from app.models.database import open_database
    from app.ui.registers.list_page import RegisterPage

    open_database(database)
    import datetime as dt

    from app.i18n import format_date, format_number

    format_date(dt.date.today()), format_number(1)  # as in the app, whose dashboard has loaded the locale data
    from app.ui.shell.tasks import keep_long_lived

    keep_long_lived()  # as the app's page factory does once a page's modules are loaded, before making the page
    started = time.perf_counter()
    page = RegisterPage("agreements")
    page.resize(1200, 800)
    first_paint = _first_paint(page, page.table.viewport(), started)
    app.processEvents()
    rows = len(page.model.ids)
    timings = []
    for text in SEARCHES:
        page.search.clear()
        page._apply_search()
        began = time.perf_counter()
        page.search.setText(text)
        page._apply_search()
        page.table.viewport().repaint()
        timings.append(time.perf_counter() - began)
    app.processEvents()
    return {"first_paint": first_paint, "rows": rows, "search_median": statistics.median(timings),
            "search_max": max(timings), "peak_mb": peak_rss_mb()}  # fmt: skip


def list_baseline(database: str) -> dict:
    """The same list with QSqlQueryModel and QTableView on the same file and query."""
    _qt_app()
    from PySide6.QtSql import QSqlDatabase, QSqlQueryModel
    from PySide6.QtWidgets import QTableView

    connection = QSqlDatabase.addDatabase("QSQLITE")
    connection.setDatabaseName(database)
    connection.open()
    started = time.perf_counter()
    model = QSqlQueryModel()
    model.setQuery(AGREEMENT_SQL)
    view = QTableView()
    view.setModel(model)
    view.resize(1200, 800)
    first_paint = _first_paint(view, view.viewport(), started)
    return {"first_paint": first_paint, "rows": model.rowCount(), "peak_mb": peak_rss_mb()}


def startup_baseline(_database: str) -> dict:
    """A bare PySide6 main window, shown, then quit when idle (timed from outside)."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMainWindow

    app = QApplication(["bench"])
    window = QMainWindow()
    window.resize(1280, 800)
    window.show()
    QTimer.singleShot(0, lambda: (print(f"idle at {time.time():.6f}", file=sys.stderr, flush=True), app.quit()))
    app.exec()
    return {}


PROBES = {"list_hamkor": list_hamkor, "list_baseline": list_baseline, "startup_baseline": startup_baseline}

if __name__ == "__main__":
    name, database = sys.argv[1], sys.argv[2]
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    print(json.dumps(PROBES[name](database)))
