"""Print preview of a PDF that Hamkor wrote (QtPdf renders its pages; Qt print support previews and prints them)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSizeF, QUrl
from PySide6.QtGui import QDesktopServices, QPageLayout, QPageSize, QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import QWidget

from app.i18n import _


def render_pdf(document: QPdfDocument, printer: QPrinter) -> int:
    """Paint every page of `document` onto `printer`; return how many pages were painted."""
    painter = QPainter()
    if not painter.begin(printer):
        return 0
    try:
        for index in range(document.pageCount()):
            if index:
                printer.newPage()
            target = painter.viewport()
            size = document.pagePointSize(index)
            scale = min(target.width() / size.width(), target.height() / size.height())
            image = document.render(index, (size * scale).toSize())
            painter.drawImage(0, 0, image)
        return document.pageCount()
    finally:
        painter.end()


def preview_dialog(path: Path, parent: QWidget | None = None) -> QPrintPreviewDialog:
    """A print preview of the PDF at `path`, ready to print."""
    document = QPdfDocument(parent)
    document.load(str(path))
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    if document.pageCount():
        size = document.pagePointSize(0)
        orientation = (
            QPageLayout.Orientation.Landscape if size.width() > size.height() else QPageLayout.Orientation.Portrait
        )
        printer.setPageSize(QPageSize(QSizeF(210, 297), QPageSize.Unit.Millimeter))
        printer.setPageOrientation(orientation)
    dialog = QPrintPreviewDialog(printer, parent)
    dialog.setObjectName("print_preview")
    dialog.setWindowTitle(_("Print preview"))
    dialog.paintRequested.connect(lambda target: render_pdf(document, target))
    dialog.document = document  # both kept alive with the dialog: it holds only pointers to them
    dialog.printer = printer
    dialog.path = path  # the file shown
    return dialog


def open_with_system_viewer(path: Path) -> bool:
    """Open a file with the program the system uses for it."""
    return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
