"""The print preview as an officer meets it: the window answers while a report is written, Cancel stops the writer
midway and leaves no file, pages print at the printer's resolution."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt, QThreadPool
from PySide6.QtPrintSupport import QPrinter

from app.exporters import pdf as pdf_module
from app.ui.dialogs.pdf_preview import PdfPreview
from app.ui.shell import tasks
from tests.ui.conftest import shown_preview


@pytest.fixture
def pool(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Background work really runs on the pool (not at once on the test's thread)."""
    monkeypatch.setattr(tasks, "_runner", tasks.on_thread_pool)
    threads = QThreadPool.globalInstance()
    before = threads.maxThreadCount()
    threads.setMaxThreadCount(max(before, 2))
    yield
    assert tasks.wait_for_tasks(30000)
    threads.setMaxThreadCount(before)


class Hold:
    """Holds the first PDF writer that reaches its second page until released (reportlab's page callback)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.reached, self.release = threading.Event(), threading.Event()
        real = pdf_module._progress_of

        def held_progress(steps):  # noqa: ANN001, ANN202
            callback = real(steps)

            def on_progress(kind: str, value: int) -> None:
                if kind == "PAGE" and value == 2 and not self.reached.is_set():
                    self.reached.set()
                    self.release.wait(30)
                callback(kind, value)

            return on_progress

        monkeypatch.setattr(pdf_module, "_progress_of", held_progress)


def test_the_window_answers_while_the_register_is_written(qtbot, sample_window, pool, monkeypatch) -> None:  # noqa: ANN001
    hold = Hold(monkeypatch)
    sample_window.show_page("reports")
    reports = sample_window.current_page()
    qtbot.mouseClick(reports.buttons[("register", "preview")], Qt.MouseButton.LeftButton)
    first = shown_preview(reports)
    assert first.isVisible() and first.stack.currentIndex() == 0  # the window is up at once, showing progress
    qtbot.waitUntil(hold.reached.is_set, timeout=20000)
    # The writer is held in the middle of the register; a click on the window is handled meanwhile.
    qtbot.mouseClick(reports.buttons[("annual", "preview")], Qt.MouseButton.LeftButton)
    second = shown_preview(reports)
    assert second is not first and second.isVisible()
    assert first.path is None and not hold.release.is_set()
    hold.release.set()
    qtbot.waitUntil(lambda: first.path is not None and second.path is not None, timeout=30000)
    assert first.document.pageCount() == len(PdfReader(str(first.path)).pages) > 1
    assert first.stack.currentWidget() is first.view
    first.close()
    second.close()


def test_cancel_stops_the_report_midway_and_leaves_no_file(qtbot, sample_window, pool, monkeypatch) -> None:  # noqa: ANN001
    hold = Hold(monkeypatch)
    sample_window.show_page("reports")
    reports = sample_window.current_page()
    year = reports.cards["annual"].options["year"]
    year.setCurrentIndex(year.findData(2019))
    qtbot.mouseClick(reports.buttons[("annual", "preview")], Qt.MouseButton.LeftButton)
    preview = shown_preview(reports)
    target = preview.target
    qtbot.waitUntil(hold.reached.is_set, timeout=20000)
    with qtbot.waitSignal(preview.finished, timeout=20000):
        qtbot.mouseClick(preview.cancel_button, Qt.MouseButton.LeftButton)
        assert preview.cancel_event.is_set() and not preview.cancel_button.isEnabled()  # before the writer goes on
        hold.release.set()
    assert not target.exists()
    assert list(target.parent.iterdir()) == []  # not even the partial file


def test_the_preview_pages_zooms_and_prints_at_the_printers_resolution(qtbot, sample_window, tmp_path: Path) -> None:  # noqa: ANN001
    sample_window.show_page("reports")
    reports = sample_window.current_page()
    qtbot.mouseClick(reports.buttons[("register", "preview")], Qt.MouseButton.LeftButton)
    preview: PdfPreview = shown_preview(reports)
    qtbot.waitUntil(lambda: preview.path is not None, timeout=20000)
    screen = preview.screen().availableGeometry()
    assert preview.width() >= screen.width() * 0.75 and preview.height() >= screen.height() * 0.85
    pages = preview.document.pageCount()
    assert pages > 1 and preview.pages_label.text().strip().endswith(str(pages))
    before = preview.view.zoomFactor()
    qtbot.mouseClick(preview.toolbar.widgetForAction(preview.actions_by_name["zoom_in"]), Qt.MouseButton.LeftButton)
    assert preview.view.zoomFactor() == pytest.approx(before * 1.25)
    preview.go_to(1)
    qtbot.waitUntil(lambda: preview.current_page() == 1 and preview.page_box.value() == 2)
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    printer.setResolution(300)
    preview.print_document(printer)
    printed = PdfReader(str(tmp_path / "printed.pdf"))
    assert len(printed.pages) == pages
    widths = {image.image.width for image in printed.pages[0].images}
    assert widths and min(widths) >= 3400  # A4 landscape at 300 dpi: 3508 pixels across
    preview.close()
