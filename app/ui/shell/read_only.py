"""A read-only interface for an officer who may not change the registry: every way to write is disabled.

`apply_read_only(window)` is one call. It disables, by object name, the main window's and the register pages'
actions that create, delete or load records, the Save button and Ctrl+S of every record form, and the Delete key of
the lists; it keeps them disabled when the window re-enables them (page switch), builds new pages or rebuilds itself
(language switch).
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QMainWindow, QStackedWidget, QWidget
from shiboken6 import isValid

from app.i18n import _

logger = logging.getLogger(__name__)

#: Actions that write, by object name: the main window's (main_…) and each register page's (action_…).
WRITE_ACTIONS = frozenset({"main_new", "main_delete", "main_sample", "main_import", "action_new", "action_delete"})
#: Buttons that write, by object name: a form's Save, the start page's sample data, a form's attachment buttons.
WRITE_BUTTONS = frozenset({"save_button", "load_sample_button", "attachment_add", "attachment_remove"})
WRITE_KEYS = (QKeySequence.StandardKey.Save, QKeySequence.StandardKey.Delete, QKeySequence.StandardKey.New)
HOOKED = "hamkor_read_only"


def read_only_tip() -> str:
    """The tooltip of a disabled writing control."""
    return _("Read-only: your account may not change the registry.")


class ReadOnlyGuard(QObject):
    """Keeps every writing control of the app disabled (an application-wide event filter, parented to the window)."""

    def __init__(self, window: QMainWindow, reason: str = "") -> None:
        super().__init__(window)
        self.setObjectName("read_only_guard")
        self.window = window
        self.reason = reason
        self._pending = False
        self.token = f"guard-{id(self)}"  # which guard hooked a control (a later guard hooks it again)
        QApplication.instance().installEventFilter(self)
        self.apply()

    def apply(self, root: QObject | None = None) -> None:
        """Disable the writing controls below `root` (the window, by default) and hook them to stay disabled."""
        self._pending = False
        if not isValid(self.window):
            return
        for top in [root] if root is not None else [self.window, *QApplication.topLevelWidgets()]:
            if top is None:
                continue
            for action in top.findChildren(QAction):
                if action.objectName() in WRITE_ACTIONS:
                    self._hold_action(action)
            for button in top.findChildren(QAbstractButton):
                if button.objectName() in WRITE_BUTTONS:
                    self._hold_widget(button)
            for shortcut in top.findChildren(QShortcut):
                if any(shortcut.key() == QKeySequence(key) for key in WRITE_KEYS):
                    shortcut.setEnabled(False)
            for stack in top.findChildren(QStackedWidget):
                if stack.property(HOOKED) != self.token:
                    stack.setProperty(HOOKED, self.token)
                    stack.widgetAdded.connect(self._soon)
        self._status_label()

    def _hold_action(self, action: QAction) -> None:
        action.setEnabled(False)
        action.setToolTip(read_only_tip())
        if action.property(HOOKED) != self.token:
            action.setProperty(HOOKED, self.token)
            action.changed.connect(self._keep_disabled)  # disconnected when this guard goes

    def _keep_disabled(self) -> None:
        action = self.sender()
        if isinstance(action, QAction) and action.isEnabled():
            action.setEnabled(False)  # the window enabled it again (e.g. on a page switch)

    def _hold_widget(self, widget: QWidget) -> None:
        widget.setEnabled(False)
        widget.setToolTip(read_only_tip())
        widget.setProperty(HOOKED, True)

    def stop(self) -> None:
        """Stop holding the controls (another registry was opened; the window rebuilds them enabled)."""
        QApplication.instance().removeEventFilter(self)
        if isValid(self.window):
            label = self.window.statusBar().findChild(QLabel, "read_only_label")
            if label is not None:
                self.window.statusBar().removeWidget(label)
                label.deleteLater()
        self.deleteLater()

    def _status_label(self) -> None:
        bar = self.window.statusBar()
        label = bar.findChild(QLabel, "read_only_label")
        if label is None:
            label = QLabel()
            label.setObjectName("read_only_label")
            bar.addPermanentWidget(label)
        label.setText(_("Read-only"))
        label.setToolTip(self.reason or read_only_tip())

    def _soon(self, *_args: object) -> None:
        if not self._pending:
            self._pending = True
            QTimer.singleShot(0, self, self.apply)  # not called once the guard (with its window) is gone

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        kind = event.type()
        if kind == QEvent.Type.EnabledChange and watched.property(HOOKED) and watched.isWidgetType():
            if watched.isEnabled():
                watched.setEnabled(False)  # a form re-validated and enabled its Save button
        elif kind == QEvent.Type.Show and watched.isWidgetType() and watched.isWindow():
            self._soon()  # a form or dialog opened: disable its writing controls
        elif kind == QEvent.Type.ChildAdded and watched is self.window:
            self._soon()  # new actions or a new central widget (the window rebuilt itself)
        return False


def apply_read_only(window: QMainWindow, reason: str = "") -> ReadOnlyGuard:
    """Make the app read-only for this officer: disable and keep disabled every control that writes."""
    guard = window.findChild(ReadOnlyGuard, "read_only_guard")
    if guard is None:
        guard = ReadOnlyGuard(window, reason)
    else:
        guard.reason = reason or guard.reason
        guard.apply()
    logger.info("interface read-only: %s", reason)
    return guard
