"""preview_first_page: from the click on the register's Preview to its first page painted, against writing the same
PDF in-process; and the event loop's worst stall meanwhile (a 5 ms timer's worst lateness in each run, the median
of the runs as every figure here: on a shared machine one run's worst can be another program's turn on the CPU)."""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path

from bench.measures import Figure


def preview_first_page(database: Path, runs: int) -> list[Figure]:
    """The register's preview from the Reports page, measured in the app's own event loop."""
    from PySide6.QtCore import QEvent, QObject, Qt, QTimer
    from PySide6.QtTest import QTest

    from app.i18n import set_language
    from app.models.database import close_database, open_database
    from app.services.reports.agreement_register import build_register, write_register_pdf
    from app.ui.dialogs.pdf_preview import PdfPreview
    from app.ui.pages.reports import ReportsPage
    from app.ui.shell.application import application

    app = application()
    set_language("en")
    open_database(str(database))
    folder = Path(tempfile.mkdtemp(prefix="hamkor-bench-preview-"))
    page = ReportsPage(lambda: "National Library")
    page.resize(1000, 700)
    page.show()

    def in_process() -> float:
        started = time.perf_counter()
        write_register_pdf(build_register(language="en"), folder / "direct.pdf", organisation="National Library")
        return time.perf_counter() - started

    class Painted(QObject):
        def __init__(self) -> None:
            super().__init__()
            self.at: float | None = None

        def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
            if event.type() == QEvent.Type.Paint and self.at is None and preview.path is not None:
                self.at = time.perf_counter()
            return False

    stalls: list[float] = []

    def previewed() -> tuple[float, float]:
        nonlocal preview
        worst, last = [0.0], [time.perf_counter()]

        def tick() -> None:
            now = time.perf_counter()
            worst[0] = max(worst[0], now - last[0] - 0.005)
            last[0] = now

        timer = QTimer()
        timer.setTimerType(Qt.TimerType.PreciseTimer)
        timer.timeout.connect(tick)
        timer.start(5)
        painted = Painted()
        started = time.perf_counter()
        last[0] = started
        QTest.mouseClick(page.buttons[("register", "preview")], Qt.MouseButton.LeftButton)
        preview = next(shown for shown in page.findChildren(PdfPreview) if shown.isVisible())  # the window it opened
        preview.view.viewport().installEventFilter(painted)
        while painted.at is None:
            app.processEvents()
            time.sleep(0.001)
        timer.stop()
        elapsed = painted.at - started
        preview.close()
        app.processEvents()
        return elapsed, worst[0]

    preview = None
    in_process()
    previewed()
    mine, theirs = [], []
    for _ in range(runs):
        elapsed, stall = previewed()
        mine.append(elapsed)
        stalls.append(stall)
        theirs.append(in_process())
    close_database()
    return [
        Figure("preview_first_page", statistics.median(mine), statistics.median(theirs), 1.3),
        Figure("preview_worst_stall", statistics.median(stalls), None, 0.100, by_ratio=False),
    ]
