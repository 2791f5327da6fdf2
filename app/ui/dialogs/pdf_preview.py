"""Print preview of a PDF that Hamkor writes: the window opens at once, the document is written on the thread pool
(progress and Cancel in the window), then QtPdf's QPdfView shows it — sharp at every zoom, its pages rendered on
QtPdf's own threads — with page navigation, zoom, Save as PDF and Print (pages rendered at the printer's resolution,
off the interface thread)."""

from __future__ import annotations

import logging
import shutil
import threading
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QPointF, QRect, QSize, Qt, QUrl, Signal
from PySide6.QtGui import QAction, QDesktopServices, QGuiApplication, QKeySequence, QPageLayout, QPainter
from PySide6.QtPdf import QPdfDocument, QPdfDocumentRenderOptions
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QDialog,
    QLabel,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QStackedWidget,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from app.exporters.progress import ExportCancelled
from app.i18n import _
from app.ui.shell import tasks
from app.ui.shell.icons import icon

logger = logging.getLogger(__name__)

#: Writes the PDF to the given path, with the task runner's progress(done, total) and cancelled().
Writer = Callable[[Path, Callable[[int, int], None], Callable[[], bool]], object]
#: Rows of printer pixels rendered at once (a whole A4 page at 1200 dpi would be half a gigabyte).
BAND = 1024
ZOOM_STEP = 1.25


def print_pdf(path: Path, printer: QPrinter, *, cancelled: Callable[[], bool] = lambda: False,
              progress: Callable[[int, int], None] | None = None) -> int:  # fmt: skip
    """Paint every page of the PDF at `path` onto `printer` at the printer's resolution (in bands); returns the pages
    painted. Safe off the interface thread: it opens its own document."""
    document = QPdfDocument()
    document.load(str(path))
    pages = document.pageCount()
    first, last = (printer.fromPage(), printer.toPage()) if printer.fromPage() else (1, pages)
    printer.setFullPage(True)  # the PDF has its own margins
    if pages:  # the paper turned as the document's pages are
        size = document.pagePointSize(0)
        landscape = size.width() > size.height()
        printer.setPageOrientation(QPageLayout.Orientation.Landscape if landscape else QPageLayout.Orientation.Portrait)
    painter = QPainter()
    if pages == 0 or not painter.begin(printer):
        return 0
    painted = 0
    try:
        for index in range(first - 1, min(last, pages)):
            if cancelled():
                raise ExportCancelled
            if painted:
                printer.newPage()
            target = painter.viewport()
            size = document.pagePointSize(index)
            scale = min(target.width() / size.width(), target.height() / size.height())
            full = QSize(round(size.width() * scale), round(size.height() * scale))
            for top in range(0, full.height(), BAND):
                height = min(BAND, full.height() - top)
                options = QPdfDocumentRenderOptions()
                options.setScaledSize(full)
                options.setScaledClipRect(QRect(0, top, full.width(), height))
                painter.drawImage(QPointF(0, top), document.render(index, QSize(full.width(), height), options))
            painted += 1
            if progress is not None:
                progress(painted, last - first + 1)
        return painted
    finally:
        painter.end()
        document.close()


class PdfPreview(QDialog):
    """The print preview window: progress while the PDF is written, then its pages, zoom, Save as PDF and Print."""

    loaded = Signal(Path)

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("print_preview")
        self.setWindowTitle(_("Print preview — {title}").format(title=title))
        self.title = title
        self.path: Path | None = None
        self.target: Path | None = None
        self.cancel_event: threading.Event | None = None
        self.document = QPdfDocument(self)
        self.view = QPdfView(self)
        self.view.setObjectName("preview_view")
        self.view.setAccessibleName(_("Pages"))
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        self.view.setPageSpacing(12)
        self.progress = QProgressBar()
        self.progress.setObjectName("preview_progress")
        self.progress.setAccessibleName(_("Progress"))
        self.progress.setRange(0, 0)
        self.cancel_button = QPushButton(icon("cancel"), _("Cancel"))
        self.cancel_button.setObjectName("preview_cancel")
        self.cancel_button.clicked.connect(self.cancel)
        self.status = QLabel(_("Writing “{title}”…").format(title=title))
        self.status.setObjectName("preview_status")
        waiting = QWidget()
        column = QVBoxLayout(waiting)
        column.addStretch(1)
        for widget in (self.status, self.progress, self.cancel_button):
            column.addWidget(widget, 0, Qt.AlignmentFlag.AlignHCenter)
        self.progress.setMinimumWidth(360)
        column.addStretch(1)
        self.stack = QStackedWidget()
        self.stack.addWidget(waiting)
        self.stack.addWidget(self.view)
        self.toolbar = self._toolbar()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.toolbar)
        layout.addWidget(self.stack, 1)
        self._enable(False)
        screen = (parent.screen() if parent is not None else None) or QGuiApplication.primaryScreen()
        if screen is not None:  # most of the screen: a page reads at its size
            area = screen.availableGeometry()
            self.resize(int(area.width() * 0.8), int(area.height() * 0.9))
            self.move(area.center() - self.rect().center())
        self.view.pageNavigator().currentPageChanged.connect(self._page_changed)

    # -- the toolbar ----------------------------------------------------------------------------------------------
    def _toolbar(self) -> QToolBar:
        bar = QToolBar()
        bar.setObjectName("preview_toolbar")
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonIconOnly)  # the names show as tooltips
        self.actions_by_name: dict[str, QAction] = {}

        def add(name: str, text: str, icon_name: str, slot: Callable[[], None], keys: list) -> QAction:
            action = QAction(icon(icon_name), text, self)
            action.setObjectName(f"preview_{name}")
            action.setShortcuts([QKeySequence(key) for key in keys])
            shortcut = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
            action.setToolTip(f"{text} ({shortcut})" if shortcut else text)
            action.triggered.connect(slot)
            bar.addAction(action)
            bar.widgetForAction(action).setObjectName(f"preview_{name}_button")
            self.actions_by_name[name] = action
            return action

        add("print", _("Print…"), "print", self.print_document, [QKeySequence.StandardKey.Print])
        add("save", _("Save as PDF…"), "save", self.save_as, [QKeySequence.StandardKey.Save])
        for name in ("print", "save"):  # the two a reader comes for, named
            bar.widgetForAction(self.actions_by_name[name]).setToolButtonStyle(
                Qt.ToolButtonStyle.ToolButtonTextBesideIcon
            )
        bar.addSeparator()
        add("previous", _("Previous page"), "previous", lambda: self.go_to(self.current_page() - 1),
            [QKeySequence.StandardKey.MoveToPreviousPage])  # fmt: skip
        self.page_box = QSpinBox()
        self.page_box.setObjectName("preview_page")
        self.page_box.setAccessibleName(_("Page"))
        self.page_box.setMinimum(1)
        self.page_box.editingFinished.connect(lambda: self.go_to(self.page_box.value() - 1))
        bar.addWidget(self.page_box)
        self.pages_label = QLabel()
        bar.addWidget(self.pages_label)
        add("next", _("Next page"), "next", lambda: self.go_to(self.current_page() + 1),
            [QKeySequence.StandardKey.MoveToNextPage])  # fmt: skip
        bar.addSeparator()
        add("zoom_out", _("Zoom out"), "zoom_out", lambda: self.zoom(1 / ZOOM_STEP), [QKeySequence.StandardKey.ZoomOut])
        zoom_in = [QKeySequence.StandardKey.ZoomIn, "Ctrl+="]
        add("zoom_in", _("Zoom in"), "zoom_in", lambda: self.zoom(ZOOM_STEP), zoom_in)
        add("fit_width", _("Fit width"), "fit_width", lambda: self.fit(QPdfView.ZoomMode.FitToWidth), ["Ctrl+1"])
        add("fit_page", _("Whole page"), "fit_page", lambda: self.fit(QPdfView.ZoomMode.FitInView), ["Ctrl+0"])
        return bar

    def _enable(self, ready: bool) -> None:
        for action in self.actions_by_name.values():
            action.setEnabled(ready)
        self.page_box.setEnabled(ready)

    # -- writing and loading --------------------------------------------------------------------------------------
    def write(self, writer: Writer, target: Path) -> threading.Event:
        """Write the PDF on the thread pool (progress and Cancel here), then show it."""
        self.target = target

        def work(progress: Callable[[int, int], None], cancelled: Callable[[], bool]) -> Path:
            writer(target, progress, cancelled)
            return target

        self.cancel_event = tasks.run_in_background(work, progress=self._progress, done=self.load,
                                                    failed=self._failed)  # fmt: skip
        return self.cancel_event

    def _progress(self, done: int, total: int) -> None:
        self.progress.setRange(0, max(total, 0))
        if total:
            self.progress.setValue(min(done, total))

    def cancel(self) -> None:
        """Stop the writer (at its next section or page); the window closes and no file is left."""
        if self.cancel_event is not None:
            self.cancel_event.set()
        self.cancel_button.setEnabled(False)
        self.status.setText(_("Cancelling…"))

    def _failed(self, error: BaseException) -> None:
        if isinstance(error, ExportCancelled):
            self.reject()
            return
        logger.warning("writing %s failed: %s", self.title, error)
        self.status.setText(_("The report could not be written: {reason}").format(reason=error))
        self.progress.hide()
        self.cancel_button.hide()

    def load(self, path: Path) -> None:
        """Show the PDF at `path`."""
        self.path = Path(path)
        self.document.load(str(path))
        self.stack.setCurrentWidget(self.view)
        pages = self.document.pageCount()
        self.page_box.setMaximum(max(pages, 1))
        self.pages_label.setText(" " + _("of {pages}").format(pages=pages) + " ")
        self._enable(pages > 0)
        self._page_changed(0)
        self.view.setFocus()
        self.loaded.emit(self.path)

    # -- pages and zoom -------------------------------------------------------------------------------------------
    def current_page(self) -> int:
        return self.view.pageNavigator().currentPage()

    def go_to(self, page: int) -> None:
        """Show page `page` (0-based; kept within the document)."""
        page = max(0, min(page, self.document.pageCount() - 1))
        self.view.pageNavigator().jump(page, QPointF(), self.view.pageNavigator().currentZoom())

    def _page_changed(self, page: int) -> None:
        self.page_box.setValue(page + 1)
        self.actions_by_name["previous"].setEnabled(self.path is not None and page > 0)
        self.actions_by_name["next"].setEnabled(self.path is not None and page + 1 < self.document.pageCount())

    def zoom(self, factor: float) -> None:
        """Zoom in (factor > 1) or out, from what is shown now."""
        current = self.view.zoomFactor()
        self.view.setZoomMode(QPdfView.ZoomMode.Custom)
        self.view.setZoomFactor(max(0.1, min(current * factor, 8.0)))

    def fit(self, mode: QPdfView.ZoomMode) -> None:
        self.view.setZoomMode(mode)

    # -- printing and saving --------------------------------------------------------------------------------------
    def print_document(self, printer: QPrinter | None = None) -> None:
        """Ask for the printer (unless given), then print every page at its resolution in the background."""
        if self.path is None:
            return
        if printer is None:
            printer = QPrinter(QPrinter.PrinterMode.HighResolution)
            dialog = QPrintDialog(printer, self)
            dialog.setMinMax(1, self.document.pageCount())
            if dialog.exec() != QDialog.DialogCode.Accepted:
                return
        path = self.path
        self.printer = printer  # kept alive while the pool prints on it

        def work(progress: Callable[[int, int], None], cancelled: Callable[[], bool]) -> int:
            return print_pdf(path, printer, cancelled=cancelled, progress=progress)

        def failed(error: BaseException) -> None:
            if not isinstance(error, ExportCancelled):
                QMessageBox.warning(self, _("Print"), _("The document could not be printed: {reason}").format(
                    reason=error))  # fmt: skip

        tasks.run_task(self, title=_("Printing…"), work=work, done=lambda _pages: None, failed=failed)

    def save_as(self, target: Path | None = None) -> Path | None:
        """Save a copy of the PDF (a file dialog asks where, unless `target` is given)."""
        if self.path is None:
            return None
        if target is None:
            from app.ui.dialogs.file_dialogs import save_path

            target = save_path(self, _("Save as PDF"), what=self.title, suffix=".pdf", filters="PDF (*.pdf)")
            if target is None:
                return None
        shutil.copyfile(self.path, target)
        return target

    def closeEvent(self, event) -> None:  # noqa: ANN001, N802 - Qt's name
        if self.cancel_event is not None and self.path is None:
            self.cancel_event.set()  # closed while writing: the writer stops at its next page
        super().closeEvent(event)

    def reject(self) -> None:
        if self.cancel_event is not None and self.path is None:
            self.cancel_event.set()
        super().reject()


def show_preview(
    parent: QWidget | None,
    title: str,
    writer: Writer,
    target: Path,
    *,
    loaded: Callable[[Path], None] | None = None,
) -> PdfPreview:
    """Open the preview window at once and write the PDF to `target` in the background (`loaded(path)` follows once
    it shows); returns the window."""
    preview = PdfPreview(title, parent)
    preview.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    if loaded is not None:
        preview.loaded.connect(loaded)
    preview.show()
    preview.write(writer, target)
    return preview


def open_with_system_viewer(path: Path) -> bool:
    """Open a file with the program the system uses for it."""
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
