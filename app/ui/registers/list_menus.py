"""The main window's entries for lists: Edit (Undo, Copy, Select all, change a field, deleted records) and View
(navigation and preview shown or folded, the split remembered)."""

from __future__ import annotations

from PySide6.QtCore import QByteArray
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QAbstractSpinBox,
    QComboBox,
    QLineEdit,
    QMainWindow,
    QMenu,
    QMenuBar,
    QPlainTextEdit,
    QSplitter,
    QTextEdit,
)

from app.i18n import _
from app.ui.shell import settings as app_settings

NAVIGATION_KEY = "main_window/navigation"
SPLIT_KEY = "main_window/split"


def _list_page(window: QMainWindow):  # noqa: ANN202 - RegisterPage | None
    page = window.current_page()
    return page if hasattr(page, "tools") else None


def _text_widget(window: QMainWindow):  # noqa: ANN202
    """The focused text box (it keeps its own copy, select all and undo)."""
    focus = window.focusWidget()
    if isinstance(focus, QComboBox) and focus.isEditable():
        return focus.lineEdit()
    if isinstance(focus, QAbstractSpinBox):
        return focus.lineEdit() if hasattr(focus, "lineEdit") else None
    return focus if isinstance(focus, QLineEdit | QTextEdit | QPlainTextEdit) else None


def _edit(window: QMainWindow, what: str) -> None:
    text = _text_widget(window)
    if text is not None:
        getattr(text, {"copy": "copy", "select_all": "selectAll", "undo": "undo"}[what])()
        return
    page = _list_page(window)
    if page is None:
        return
    if what == "undo":
        page.tools.undo_delete()
    elif window.focusWidget() is page.table:  # rows are copied or selected only from the table itself
        page.tools.copy_selected() if what == "copy" else page.table.selectAll()


def _on_list(window: QMainWindow, method: str) -> None:
    page = _list_page(window)
    if page is not None:
        getattr(page.tools, method)()


def add_list_actions(window: QMainWindow) -> None:
    """Create the actions (in `window.main_actions`)."""
    window._action("undo", _("&Undo"), lambda: _edit(window, "undo"), QKeySequence.StandardKey.Undo)
    window._action("copy", _("&Copy"), lambda: _edit(window, "copy"), QKeySequence.StandardKey.Copy)
    window._action("select_all", _("Select &all"), lambda: _edit(window, "select_all"),
                   QKeySequence.StandardKey.SelectAll)  # fmt: skip
    window._action("bulk_edit", _("C&hange a field of the selected…"), lambda: _on_list(window, "bulk_edit"),
                   QKeySequence("F2"))  # fmt: skip
    window._action("deleted", _("&Deleted records…"), lambda: _on_list(window, "deleted_view"))
    window._action("duplicates", _("Find du&plicates…"), lambda: _on_list(window, "duplicates_view"))
    window._action("clear_filters", _("&Remove all column filters"), lambda: _on_list(window, "clear_filters"),
                   QKeySequence("Ctrl+Shift+L"))  # fmt: skip
    navigation = window._action("show_navigation", _("&Navigation"), lambda on: show_navigation(window, on),
                                QKeySequence("Ctrl+Shift+N"))  # fmt: skip
    navigation.setCheckable(True)
    preview = window._action("show_preview", _("&Preview of the record"), lambda on: show_preview(window, on),
                             QKeySequence("Ctrl+Shift+P"))  # fmt: skip
    preview.setCheckable(True)


def fill_edit_menu(window: QMainWindow, menu: QMenu) -> None:
    """The Edit menu: Undo; Copy, Select all; Find, Search everywhere; change a field, deleted records."""
    for name in ("undo", None, "copy", "select_all", None, "find", "search", None, "bulk_edit", "clear_filters",
                 "deleted", "duplicates"):  # fmt: skip
        menu.addSeparator() if name is None else menu.addAction(window.main_actions[name])

    def refresh() -> None:
        page = _list_page(window)
        window.main_actions["undo"].setEnabled(_text_widget(window) is not None or bool(page and page.tools.can_undo()))
        for name in ("bulk_edit", "deleted", "duplicates", "clear_filters"):
            window.main_actions[name].setEnabled(page is not None)

    menu.aboutToShow.connect(refresh)


def add_view_menu(window: QMainWindow, bar: QMenuBar) -> QMenu:
    """The View menu: navigation and preview, shown or folded."""
    menu = bar.addMenu(_("&View"))
    menu.setObjectName("menu_view")
    menu.addAction(window.main_actions["show_navigation"])
    menu.addAction(window.main_actions["show_preview"])
    window.main_actions["show_navigation"].setChecked(str(app_settings.get(NAVIGATION_KEY, "true")) != "false")
    window.main_actions["show_preview"].setChecked(preview_shown())
    return menu


def show_navigation(window: QMainWindow, shown: bool) -> None:
    """Show or fold the navigation column (remembered)."""
    window.nav.setVisible(shown)
    app_settings.put(NAVIGATION_KEY, "true" if shown else "false")
    if not shown and window.focusWidget() is window.nav:
        window.stack.setFocus()


def preview_shown() -> bool:
    """Whether the lists show the record's preview (View → Preview, remembered for every list); a page may still keep
    it on a tab behind another."""
    return str(app_settings.get("lists/preview", "true")).lower() != "false"


def show_preview(window: QMainWindow, shown: bool) -> None:
    """Show or fold the preview pane of every list (remembered)."""
    for page in window.pages.values():
        if hasattr(page, "show_preview"):
            page.show_preview(shown)
    app_settings.put("lists/preview", "true" if shown else "false")


def remember_split(window: QMainWindow, splitter: QSplitter) -> None:
    """Give the navigation its remembered width and visibility, and remember a change of the split."""
    state = app_settings.get(SPLIT_KEY)
    if isinstance(state, QByteArray) and not state.isEmpty():
        splitter.restoreState(state)
    window.nav.setVisible(str(app_settings.get(NAVIGATION_KEY, "true")) != "false")
    splitter.splitterMoved.connect(lambda *_a: app_settings.put(SPLIT_KEY, splitter.saveState()))
