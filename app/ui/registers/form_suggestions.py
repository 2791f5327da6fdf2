"""Suggestions that follow a form's data: an agreement's status from its dates, the next registration number."""

from __future__ import annotations

import datetime as dt
from typing import Any, Protocol

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QLineEdit

from app.i18n import _
from app.services import registry_settings as rs
from app.services.lifecycle import status_from_dates
from app.services.registers.numbering import suggest_number


class Form(Protocol):
    """What suggestions need of a record's form (the RecordDialog)."""

    record_id: int | None
    widgets: dict[str, Any]
    notes: dict[str, Any]

    def values(self) -> dict[str, Any]: ...

    def suggest(self, name: str, value: Any) -> None: ...

    def set_note(self, name: str, text: str) -> None: ...

#: The fields whose change may change an agreement's status.
STATUS_INPUTS = ("signed_on", "valid_until", "auto_renewal", "renewal_years", "notice_days", "notice_given_on")


class AgreementSuggestions:
    """Keeps an agreement's form in step with its data until the officer decides otherwise: the status follows the
    dates (a note says what changed and why), a new agreement gets the register's next number of its year."""

    def __init__(self, dialog: Form) -> None:
        self.dialog = dialog
        self.number_suggested: str | None = None  # the number last suggested, while the officer has not changed it
        self.status_by_hand = False

    def opened(self) -> None:
        """A form was filled: a new agreement without a number gets the next one."""
        if self.dialog.record_id is None and not self.dialog.widgets["reg_number"].value().strip():
            self._suggest_number()

    def changed(self, name: str) -> None:
        """The officer changed the field `name` (not a suggestion)."""
        if name == "reg_number":
            self.number_suggested = None
            self.dialog.set_note("reg_number", "")
        elif name == "status":
            self.status_by_hand = True
            self.dialog.set_note("status", "")
        if name == "signed_on" and self.number_suggested is not None:
            self._suggest_number()  # signed in another year: that year's next number
        if name in STATUS_INPUTS and not self.status_by_hand:
            self._suggest_status()

    def _year(self) -> int:
        signed = self.dialog.widgets["signed_on"].value()
        return signed.year if isinstance(signed, dt.date) else dt.date.today().year

    def _suggest_number(self) -> None:
        number = next_number_of("agreements", year=self._year())
        if number is None or number == self.number_suggested:
            return
        self.dialog.suggest("reg_number", number)
        self.number_suggested = number
        self.dialog.set_note("reg_number", _("The register's next number for {year}; you may change it.").format(
            year=self._year()))

    def _suggest_status(self) -> None:
        found = status_from_dates(self.dialog.values(), dt.date.today())
        if found is None:
            return
        status, why = found
        if status != self.dialog.widgets["status"].value():
            self.dialog.suggest("status", status)
            self.dialog.set_note("status", why)
        elif self.dialog.notes["status"].isVisibleTo(self.dialog):
            self.dialog.set_note("status", why)  # still so, for the dates as they are now


def next_number_of(register: str, *, year: int) -> str | None:
    """The next number of `register` in `year`: after the office's pattern (the registry's settings) when it set one,
    else after the pattern of the register's own numbers, else after the default pattern."""
    office = rs.get(rs.key_for(rs.NUMBER_PATTERN, register)) or None
    found = suggest_number(register, year=year, pattern=office)
    if found is None and register in rs.DEFAULT_NUMBER_PATTERNS:
        found = suggest_number(register, year=year, pattern=rs.DEFAULT_NUMBER_PATTERNS[register])
    return found


#: The registers whose forms make suggestions, and the class that makes them.
SUGGESTIONS = {"agreements": AgreementSuggestions}


class ReplaceSuggestion(QObject):
    """A text box holding a suggestion: the first character typed replaces the whole suggestion (as a spreadsheet
    cell's content is replaced), unless the officer first moved into it with the mouse or the arrow keys to edit it."""

    def __init__(self, edit: QLineEdit, still_suggested) -> None:  # noqa: ANN001 - () -> bool
        super().__init__(edit)
        self.still_suggested = still_suggested
        self.editing = False
        edit.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if not isinstance(watched, QLineEdit) or not self.still_suggested():
            self.editing = False
            return False
        if event.type() == QEvent.Type.MouseButtonPress:
            self.editing = True
        elif event.type() == QEvent.Type.KeyPress:
            if event.text() and event.text().isprintable():
                if not self.editing and not watched.hasSelectedText():
                    watched.selectAll()
            else:
                self.editing = True  # arrows, Home, End, Backspace: the officer edits the suggestion
        return False
