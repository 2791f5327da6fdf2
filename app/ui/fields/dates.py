"""A date field: typed in the interface language's order, or chosen in a calendar behind a labelled button."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QIcon, QKeySequence, QShortcut
from PySide6.QtWidgets import QCalendarWidget, QLineEdit, QMenu, QToolButton, QWidget, QWidgetAction

from app.i18n import _, date_hint, format_date, parse_date
from app.services.registers.specs import FieldSpec
from app.ui.fields.base import INVALID, FieldWidget, row_layout


def calendar_icon() -> QIcon:
    """The icon theme's calendar, else the one shipped with the app."""
    from app.paths import resources_dir

    return QIcon.fromTheme("x-office-calendar", QIcon(str(resources_dir() / "icons" / "calendar.svg")))


def read_date(text: str) -> Any:
    """A typed date → date; '' → None; text that is no date → INVALID."""
    try:
        return parse_date(text)
    except ValueError:
        return INVALID


class DateField(FieldWidget):
    """A date that may be empty: typed as the language writes dates (or chosen in a calendar)."""

    def __init__(self, spec: FieldSpec, parent: QWidget | None = None) -> None:
        super().__init__(spec, parent)
        self.edit = QLineEdit()
        self.edit.setObjectName(f"{spec.name}_date")
        self.edit.setPlaceholderText(date_hint())
        self.edit.setMaxLength(10)
        self.edit.setFixedWidth(self.edit.fontMetrics().horizontalAdvance("00.00.00000") + 16)
        self.edit.textChanged.connect(self.changed)
        self.button = QToolButton()
        self.button.setObjectName(f"{spec.name}_calendar")
        self.button.setIcon(calendar_icon())
        self.button.setToolTip(_("Choose the date in a calendar (F4)"))
        self.button.setAccessibleName(_("Choose the date in a calendar"))
        self.button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes from date to date; F4 or Alt+Down opens it
        for keys in ("F4", "Alt+Down"):
            shortcut = QShortcut(QKeySequence(keys), self.edit, context=Qt.ShortcutContext.WidgetShortcut)
            shortcut.activated.connect(self.button.showMenu)
        self._menu = QMenu(self.button)
        self._calendar: QCalendarWidget | None = None  # made when first opened: a form has many dates
        self._menu.aboutToShow.connect(self._prepare_calendar)
        self.button.setMenu(self._menu)
        layout = row_layout(self.edit, self.button, stretch_first=False)
        layout.addStretch(1)
        self.setLayout(layout)
        self.setFocusProxy(self.edit)

    @property
    def calendar(self) -> QCalendarWidget:
        """The calendar behind the button (made the first time it is needed)."""
        if self._calendar is None:
            menu = self._menu
            self._calendar = calendar = QCalendarWidget()
            calendar.setGridVisible(True)
            action = QWidgetAction(menu)
            action.setDefaultWidget(calendar)
            menu.addAction(action)
            calendar.clicked.connect(lambda date: (self.set_value(date.toPython()), menu.close()))
            calendar.activated.connect(lambda date: (self.set_value(date.toPython()), menu.close()))
        return self._calendar

    def _prepare_calendar(self) -> None:
        value = self.value()
        self.calendar.setSelectedDate(QDate(value) if isinstance(value, dt.date) else QDate.currentDate())

    def value(self) -> Any:
        return read_date(self.edit.text())

    def set_value(self, value: Any) -> None:
        self.edit.setText(format_date(value) if isinstance(value, dt.date) else "")

    def problem(self) -> str | None:
        if self.value() is INVALID:
            example = format_date(dt.date(2026, 11, 25))
            return _("Not a date that exists. Type it as {pattern}, for example {example}.").format(
                pattern=date_hint(), example=example
            )
        return None
