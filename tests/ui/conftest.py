"""GUI test helpers: isolated settings, a main window on a fresh database, and acting inside modal dialogs."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import peewee as pw
import pytest
from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from app.ui.shell.application import application


@pytest.fixture(autouse=True)
def synchronous_tasks() -> Iterator[None]:
    """Background work runs at once on the test's thread, so that tests need not wait for a pool."""
    from app.ui.shell import tasks

    previous = tasks.use_runner(tasks.at_once)
    yield
    tasks.use_runner(previous)


@pytest.fixture(autouse=True)
def isolated_settings(tmp_path: Path) -> Iterator[None]:
    """Each test starts with no remembered settings, kept in its own folder."""
    application()
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "settings"))
    QSettings().clear()
    yield
    QSettings().clear()


def activate(qtbot, widget: QWidget) -> None:  # noqa: ANN001 - qtbot
    """Make `widget` the active window, so that its shortcuts work."""
    widget.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is widget, timeout=3000)


def show_main_window(qtbot, label: str):  # noqa: ANN001, ANN201 - qtbot
    """A shown, active main window on the open database."""
    from app.ui.shell.main_window import MainWindow

    main = MainWindow(label)
    qtbot.addWidget(main)
    main.resize(1280, 800)
    main.show()
    qtbot.waitExposed(main)
    activate(qtbot, main)
    return main


def shown_preview(page: QWidget):  # noqa: ANN201 - a PdfPreview
    """The print preview window that `page` opened last and that is still shown (the window over the page)."""
    from app.ui.dialogs.pdf_preview import PdfPreview

    shown = [preview for preview in page.findChildren(PdfPreview) if preview.isVisible()]
    assert shown, "no print preview is shown"
    return shown[-1]


@pytest.fixture
def window(qtbot, database: pw.Database):  # noqa: ANN001, ANN201 - qtbot
    """The main window on a fresh, empty database."""
    return show_main_window(qtbot, "test.db")


@pytest.fixture
def sample_window(qtbot, database: pw.Database, load_sample):  # noqa: ANN001, ANN201
    """The main window on a database holding the sample data."""
    load_sample()
    return show_main_window(qtbot, "sample.db")


class DialogDriver:
    """Acts inside modal dialogs: `expect(handler)` runs handler(dialog) once the next modal dialog is up."""

    def __init__(self) -> None:
        self.handled: list[str] = []
        self.errors: list[BaseException] = []
        self.pending = 0

    def expect(self, handler: Callable[[QWidget], None], *, kind: type = QWidget, tries: int = 200) -> None:
        self.pending += 1

        def poll(remaining: int = tries) -> None:
            dialog = QApplication.activeModalWidget()
            if isinstance(dialog, kind) and dialog.isVisible():
                self.pending -= 1
                try:
                    handler(dialog)
                    self.handled.append(type(dialog).__name__)
                except BaseException as error:  # noqa: BLE001 - reported after the dialog closes
                    self.errors.append(error)
                    dialog.close()
                return
            if remaining:
                QTimer.singleShot(10, lambda: poll(remaining - 1))
            else:
                self.pending -= 1
                self.errors.append(AssertionError(f"no {kind.__name__} appeared"))

        QTimer.singleShot(0, poll)

    def check(self) -> None:
        """Raise what went wrong inside a dialog handler."""
        if self.errors:
            raise self.errors[0]
        assert self.pending == 0, "an expected dialog never appeared"


@pytest.fixture(autouse=True)
def no_forgotten_dialog() -> Iterator[None]:
    """A modal dialog nobody answers would hang the suite: close it after a while and fail the test instead."""
    seen: dict[str, object] = {"widget": None, "ticks": 0}
    forgotten: list[str] = []

    def tick() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is None or dialog is not seen["widget"]:
            seen.update(widget=dialog, ticks=0)
            return
        seen["ticks"] = int(seen["ticks"]) + 1
        if int(seen["ticks"]) >= 50:  # ten seconds
            import traceback

            where = "".join(traceback.format_stack(limit=12)[:-1])
            forgotten.append(f"{type(dialog).__name__}: {dialog.windowTitle()}, opened from:\n{where}")
            dialog.close()
            if dialog.isVisible() and hasattr(dialog, "done"):
                dialog.done(0)

    timer = QTimer()
    timer.timeout.connect(tick)
    timer.start(200)
    yield
    timer.stop()
    assert not forgotten, f"a dialog was left open: {forgotten}"


@pytest.fixture
def dialogs() -> Iterator[DialogDriver]:
    driver = DialogDriver()
    yield driver
    driver.check()


def click_message_button(box: QMessageBox, button: QMessageBox.StandardButton) -> None:
    """Press a standard button of a message box."""
    box.button(button).click()


def type_text(qtbot, widget: QWidget, text: str) -> None:  # noqa: ANN001 - qtbot
    """Type `text` into `widget`; letters beyond ASCII (Cyrillic, ʻ) arrive as a keyboard layout sends them."""
    from PySide6.QtCore import QEvent, Qt
    from PySide6.QtGui import QKeyEvent

    widget.setFocus()
    for char in text:
        if char.isascii():
            qtbot.keyClicks(widget, char)
            continue
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, char))


@pytest.fixture
def form(qtbot):  # noqa: ANN001, ANN201 - qtbot
    """Opens a record's form (shown, not modal-blocking); at the end of the test it is dismissed without asking."""
    from app.ui.registers.record_form import RecordDialog

    opened: list[RecordDialog] = []

    def open_form(register: str, record_id: int | None = None) -> RecordDialog:
        dialog = RecordDialog(register, record_id)
        dialog.show()
        opened.append(dialog)
        activate(qtbot, dialog)  # the focus moves in it as a person's would (errors show on leaving a field)
        return dialog

    yield open_form
    for dialog in opened:  # not through qtbot, whose closing would ask about unsaved changes
        dialog.done(0)
        dialog.deleteLater()
