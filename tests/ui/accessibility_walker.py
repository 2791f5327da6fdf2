"""Walks a widget tree the way a screen reader does and lists the interactive widgets it would announce without a
name: what Qt's accessibility interface (the one the platform bridge, AT-SPI on Linux, reads) calls the widget."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSlider,
    QAbstractSpinBox,
    QComboBox,
    QGraphicsView,
    QLineEdit,
    QPlainTextEdit,
    QScrollBar,
    QTabBar,
    QTextEdit,
    QToolButton,
    QWidget,
)

#: What a user can act on (and so must hear named): buttons, text fields, lists, tables, trees, pickers, sliders, views.
INTERACTIVE = (
    QAbstractButton,
    QLineEdit,
    QTextEdit,
    QPlainTextEdit,
    QComboBox,
    QAbstractSpinBox,
    QAbstractItemView,
    QAbstractSlider,
    QGraphicsView,
    QTabBar,
)


@dataclass(frozen=True)
class Unnamed:
    """An interactive widget without a name: its class, object name and where it sits (its parents' classes)."""

    kind: str
    object_name: str
    path: str

    def __str__(self) -> str:
        return f"{self.kind} '{self.object_name}' in {self.path}"


def accessible_name(widget: QWidget) -> str:
    """The name a screen reader announces for `widget` (its own name, a buddy label's text, a button's text).

    A combo box is named only by a label tied to it: Qt's bridge on Linux (AT-SPI) gives it its current item (or
    typed text) as its name and drops setAccessibleName, and Orca, reading that as its value, speaks no name (what
    tests/ui/atspi_walk.py found walking the real window)."""
    interface = QAccessible.queryAccessibleInterface(widget)
    if interface is None:
        return ""
    if isinstance(widget, QComboBox):
        labels = interface.relations(QAccessible.RelationFlag.Label)
        return " ".join(label.text(QAccessible.Text.Name).strip() for label, _relation in labels).strip()
    return interface.text(QAccessible.Text.Name).strip()


def _part_of_another_control(widget: QWidget) -> bool:
    """Inner pieces Qt builds into a control and that the keyboard never reaches on their own: a combo box's or spin
    box's line edit, a text box's clear button (Escape or Ctrl+A, Delete clear it), scroll bars, a table's headers
    and corner button, a tab bar's scroll arrows."""
    parent = widget.parentWidget()
    if isinstance(widget, QScrollBar):
        return True
    while parent is not None:
        if isinstance(parent, QComboBox | QAbstractSpinBox | QTabBar | QLineEdit):  # QLineEdit: its clear button
            return True
        if isinstance(parent, QAbstractItemView) and not isinstance(widget, QAbstractItemView):
            return True  # an item view's own parts (corner button, editors) and its header views
        if isinstance(parent, QAbstractItemView):
            return True  # a header view inside a table
        parent = parent.parentWidget()
    return False


def _takes_tab(widget: QWidget) -> bool:
    """Whether Tab stops on `widget` itself (a scroll area, a chart): Orca announces whatever takes the focus."""
    return bool(widget.focusPolicy() & Qt.FocusPolicy.TabFocus) and widget.focusProxy() is None and widget.isEnabled()


def _path(widget: QWidget) -> str:
    parts = []
    parent = widget.parentWidget()
    while parent is not None:
        parts.append(parent.objectName() or type(parent).__name__)
        parent = parent.parentWidget()
    return " < ".join(parts[:5])


def unnamed_widgets(root: QWidget, *, visible_only: bool = True) -> list[Unnamed]:
    """Every interactive widget under `root` (and `root` itself) that a screen reader would announce nameless."""
    found = []
    for widget in [root, *root.findChildren(QWidget)]:
        if not (isinstance(widget, INTERACTIVE) or _takes_tab(widget)) or _part_of_another_control(widget):
            continue
        if visible_only and not widget.isVisibleTo(root.window()):
            continue
        if not accessible_name(widget):
            found.append(Unnamed(type(widget).__name__, widget.objectName(), _path(widget)))
        if isinstance(widget, QLineEdit) and widget.isClearButtonEnabled():
            # its × button, shown as soon as it holds text (AT-SPI lists it, Orca's review reaches it)
            found += [
                Unnamed("clear button", widget.objectName(), _path(button))
                for button in widget.findChildren(QToolButton)
                if not accessible_name(button)
            ]
    return found


def tab_traps(root: QWidget) -> list[Unnamed]:
    """Read-only lists and tables under `root` that keep Tab for moving between their cells: with thousands of rows
    the keyboard could not leave them (an editable grid may keep Tab, as a spreadsheet does)."""
    return [
        Unnamed(type(view).__name__, view.objectName(), _path(view))
        for view in root.findChildren(QAbstractItemView)
        if view.isVisibleTo(root.window())
        and view.tabKeyNavigation()
        and view.editTriggers() == QAbstractItemView.EditTrigger.NoEditTriggers
    ]


def every_window(main: QWidget) -> Iterator[tuple[str, QWidget]]:
    """The main window on each of its pages, then every form and dialog it opens, each shown (and closed after the
    caller looked at it): what a user of the sample registry can reach. `main` is a shown MainWindow."""
    import datetime as dt

    from PySide6.QtWidgets import QApplication, QTabWidget, QWizard

    from app.models import REGISTERS
    from app.services.dashboard import attention
    from app.services.registers.list_query import ListQuery
    from app.services.registers.specs import SPECS
    from app.ui.dialogs.about import AboutDialog
    from app.ui.dialogs.backup import BackupDialog
    from app.ui.dialogs.connection import ConnectionDialog
    from app.ui.dialogs.help_viewer import GuideDialog, ShortcutsDialog
    from app.ui.dialogs.pdf_preview import PdfPreview
    from app.ui.dialogs.settings import SettingsDialog
    from app.ui.dialogs.write_letter import WriteLetterDialog
    from app.ui.imports.wizard import ImportWizard
    from app.ui.pages.partner_card import PartnerCardDialog
    from app.ui.registers.bulk_edit import BulkEditDialog
    from app.ui.registers.column_filter import ColumnFilterPopup
    from app.ui.registers.conflict import ConflictDialog
    from app.ui.registers.deleted_view import DeletedRecordsDialog
    from app.ui.registers.history import HistoryDialog
    from app.ui.registers.record_form import RecordDialog
    from app.ui.shell.global_search import GlobalSearchDialog
    from app.ui.shell.page_factory import COUNTRY, REPORTS, START, SUBMISSIONS, WORLD_MAP
    from app.ui.shell.reminders import RemindersDialog

    def shown(widget: QWidget) -> QWidget:
        widget.show()
        QApplication.processEvents()
        return widget

    for page in (START, WORLD_MAP, REPORTS, SUBMISSIONS, *SPECS):
        main.show_page(page)
        QApplication.processEvents()
        yield f"page {page}", main
    main.show_country("KR")
    QApplication.processEvents()
    yield f"page {COUNTRY}", main

    def tabs_of(name: str, dialog: QWidget) -> Iterator[tuple[str, QWidget]]:
        yield name, dialog
        for tabs in dialog.findChildren(QTabWidget):
            for i in range(1, tabs.count()):
                tabs.setCurrentIndex(i)
                QApplication.processEvents()
                yield f"{name}, tab {tabs.tabText(i)}", dialog

    partner = REGISTERS["partners"].select().first().id
    for register, model in REGISTERS.items():
        first = model.select().first()
        for record_id in (None, first.id if first else None):
            form = shown(RecordDialog(register, record_id, parent=main))
            yield from tabs_of(f"form {register} {record_id}", form)
            form.done(0)
        if first is not None:
            history = shown(HistoryDialog(register, first.id, parent=main))
            yield f"history {register}", history
            history.done(0)
    dialogs: list[tuple[str, Callable[[], QWidget]]] = [
        ("settings", lambda: SettingsDialog(main)),
        ("backups", lambda: BackupDialog(parent=main)),
        ("connection", lambda: ConnectionDialog("", main)),
        ("guide", lambda: GuideDialog(main)),
        ("shortcuts", lambda: ShortcutsDialog(main.shortcut_rows(), main)),
        ("about", lambda: AboutDialog(main)),
        ("search everywhere", lambda: GlobalSearchDialog("Korea", parent=main)),
        ("partner card", lambda: PartnerCardDialog(partner, parent=main)),
        ("bulk edit", lambda: BulkEditDialog("partners", [partner], parent=main)),
        ("deleted records", lambda: DeletedRecordsDialog("partners", parent=main)),
        ("write letter", lambda: WriteLetterDialog("partners", partner, parent=main)),
        ("print preview", lambda: PdfPreview("test", parent=main)),
        ("reminders", lambda: RemindersDialog(attention(dt.date.today()), main)),
        (
            "conflict",
            lambda: ConflictDialog("partners", {"city": "A"}, {"city": "B"}, changed_by="x", parent=main),
        ),
        ("column filter", lambda: ColumnFilterPopup(ListQuery("partners"), SPECS["partners"].fields[0], main)),
    ]
    for name, make in dialogs:
        dialog = shown(make())
        yield from tabs_of(name, dialog)
        dialog.close()
        dialog.deleteLater()
    wizard = shown(ImportWizard(register="partners", parent=main))
    yield "import wizard", wizard
    wizard.button(QWizard.WizardButton.CancelButton)
    wizard.done(0)
    wizard.deleteLater()
