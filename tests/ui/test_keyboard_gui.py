"""The daily tasks done with key presses alone — switch page, find, open, edit, save, create, filter, delete and
undo, export, print preview, run a report, import — each checked in the database or in the file written. Focus is
moved only by keys (Tab walks to a control by the name a screen reader would say)."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from app.models import Partner
from tests.ui.accessibility_walker import accessible_name
from tests.ui.conftest import activate, shown_preview, type_text

CTRL = Qt.KeyboardModifier.ControlModifier


def focused() -> QWidget:
    return QApplication.focusWidget()


def press(qtbot, key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:  # noqa: ANN001
    """A key press, sent where the keyboard's focus is (as a user's would be): the focused control, or the active
    window while none has the focus."""
    target = focused() or QApplication.activeModalWidget() or QApplication.activeWindow()
    assert target is not None, "nothing has the keyboard's focus"
    qtbot.keyClick(target, key, modifier)


def tab_to(qtbot, name: str, limit: int = 80) -> QWidget:  # noqa: ANN001
    """Press Tab until the control a screen reader calls `name` has the focus (no trap on the way)."""
    seen = []
    for _step in range(limit):
        widget = focused()
        if widget is not None and name in (widget.accessibleName(), accessible_name(widget)):
            return widget
        seen.append(accessible_name(widget) if widget is not None else None)
        press(qtbot, Qt.Key.Key_Tab)
    raise AssertionError(f"Tab never reached “{name}”: {seen}")


def test_the_daily_tasks_by_keyboard_alone(qtbot, sample_window, dialogs, tmp_path: Path, monkeypatch) -> None:  # noqa: ANN001
    from app.ui.registers.record_form import RecordDialog

    window = sample_window
    activate(qtbot, window)
    window.nav.setFocus()

    # Switch page: Ctrl+1 is the first register, the partners.
    press(qtbot, Qt.Key.Key_1, CTRL)
    assert window.current == "partners"
    page = window.current_page()
    partners_before = Partner.select().count()

    # Create: Ctrl+N, type the English name, Tab to the kind, choose one, Ctrl+S.
    def create(dialog: RecordDialog) -> None:
        activate(qtbot, dialog)
        tab_to(qtbot, "Name (English)")
        type_text(qtbot, focused(), "Keyboard Test Library")
        tab_to(qtbot, "Kind")
        press(qtbot, Qt.Key.Key_Down)
        tab_to(qtbot, "City")
        type_text(qtbot, focused(), "Nukus")
        press(qtbot, Qt.Key.Key_S, CTRL)
        assert not dialog.isVisible(), dialog.current_errors()

    dialogs.expect(create, kind=RecordDialog)
    press(qtbot, Qt.Key.Key_N, CTRL)
    dialogs.check()
    activate(qtbot, window)  # the window manager's part: the window is active again once the dialog is gone
    created = Partner.get(Partner.name_en == "Keyboard Test Library")
    assert created.city == "Nukus" and created.kind
    assert Partner.select().count() == partners_before + 1

    # Find: Ctrl+F to the quick search, type, Tab to the list, Space selects the row found.
    press(qtbot, Qt.Key.Key_F, CTRL)
    assert focused() is page.search
    type_text(qtbot, page.search, "Keyboard Test")
    qtbot.waitUntil(lambda: list(page.model.ids) == [created.id])
    assert tab_to(qtbot, "Partners") is page.table
    press(qtbot, Qt.Key.Key_Space)
    assert page.selected_ids() == [created.id]

    # Open and edit: Enter opens the form; Tab to the city, change it, Ctrl+S.
    def edit(dialog: RecordDialog) -> None:
        activate(qtbot, dialog)
        city = tab_to(qtbot, "City")
        press(qtbot, Qt.Key.Key_A, CTRL)
        type_text(qtbot, city, "Samarkand")
        press(qtbot, Qt.Key.Key_S, CTRL)
        assert not dialog.isVisible()

    dialogs.expect(edit, kind=RecordDialog)
    press(qtbot, Qt.Key.Key_Return)
    dialogs.check()
    activate(qtbot, window)  # the window manager's part: the window is active again once the dialog is gone
    assert Partner.get_by_id(created.id).city == "Samarkand"

    # Delete (Del, then Tab to Yes and Space) and undo (Ctrl+Z).
    def yes(box: QMessageBox) -> None:
        activate(qtbot, box)
        tab_to(qtbot, box.button(QMessageBox.StandardButton.Yes).text().replace("&", ""))
        press(qtbot, Qt.Key.Key_Space)

    dialogs.expect(yes, kind=QMessageBox)
    page.table.setFocus()
    press(qtbot, Qt.Key.Key_Delete)
    dialogs.check()
    activate(qtbot, window)  # the window manager's part: the window is active again once the dialog is gone
    assert not Partner.select().where(Partner.id == created.id).exists()
    press(qtbot, Qt.Key.Key_Z, CTRL)
    assert Partner.select().where(Partner.id == created.id).exists()

    # Filter: Escape-free way back to the search box, clear it, Tab to the kind filter, choose a kind.
    press(qtbot, Qt.Key.Key_F, CTRL)
    press(qtbot, Qt.Key.Key_A, CTRL)
    press(qtbot, Qt.Key.Key_Delete)
    qtbot.waitUntil(lambda: len(page.model.ids) == Partner.select().count())
    kind_filter = tab_to(qtbot, "Kind")
    press(qtbot, Qt.Key.Key_Down)
    chosen = kind_filter.currentData()
    qtbot.waitUntil(lambda: len(page.model.ids) == Partner.select().where(Partner.kind == chosen).count())
    assert 0 < len(page.model.ids) < Partner.select().count()

    # Export: Ctrl+E writes the list as shown (only the file chooser is answered for the test).
    target = tmp_path / "partners.xlsx"
    monkeypatch.setattr("app.ui.dialogs.file_dialogs.save_path", lambda *a, **k: target)
    press(qtbot, Qt.Key.Key_E, CTRL)
    rows = [row for row in load_workbook(target).active.iter_rows(values_only=True) if any(row)]
    assert len(rows) > len(page.model.ids)  # a title, the filter, the header, then the rows

    # Print preview: Ctrl+P opens it; Escape closes it.
    from app.ui.dialogs.pdf_preview import PdfPreview

    press(qtbot, Qt.Key.Key_P, CTRL)
    preview = page.findChild(PdfPreview)
    qtbot.waitUntil(lambda: preview.path is not None, timeout=10000)
    activate(qtbot, preview)
    press(qtbot, Qt.Key.Key_Escape)
    assert not preview.isVisible()

    # Run a report: Ctrl+R shows the reports page; Tab to a report's Preview button, Space presses it.
    activate(qtbot, window)
    press(qtbot, Qt.Key.Key_R, CTRL)
    assert window.current == "reports"
    reports = window.current_page()
    button = reports.buttons[("register", "preview")]
    reports.setFocus()
    tab_to(qtbot, button.accessibleName() or button.text().replace("&", ""), limit=200)
    assert focused() is button or focused().text() == button.text()
    press(qtbot, Qt.Key.Key_Space)
    report = shown_preview(reports)
    qtbot.waitUntil(lambda: report.path is not None, timeout=10000)
    report.close()

    # Import: Ctrl+I opens the import wizard; Escape leaves it without a trap.
    activate(qtbot, window)
    window.nav.setFocus()
    press(qtbot, Qt.Key.Key_I, CTRL)
    wizard = window.import_wizard
    qtbot.waitUntil(wizard.isVisible)
    activate(qtbot, wizard)
    press(qtbot, Qt.Key.Key_Escape)
    assert not wizard.isVisible()
