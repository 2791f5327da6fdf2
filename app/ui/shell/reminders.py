"""Reminders at start: what is overdue or due within a week, in a window that does not block work.

The officer dismisses them for the day (closing the window does so: they were seen) or snoozes single items for a
day, a week or a month; both are remembered on this workstation, so the window does not come back at every start.
"""

from __future__ import annotations

import datetime as dt
import json

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QMenu,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.i18n import N_, _, format_date, ngettext
from app.services.dashboard import ATTENTION_KINDS, Attention, attention
from app.ui.pages.dashboard import due_text
from app.ui.shell import settings as app_settings

#: Reminded at start: what is overdue or due within this many days.
SOON = 7
DISMISSED_KEY = "reminders/dismissed_on"
SNOOZED_KEY = "reminders/snoozed"
#: The snoozes offered: days and label.
SNOOZES = ((1, N_("for a day")), (7, N_("for a week")), (30, N_("for a month")))


def item_key(item: Attention) -> str:
    """What a snooze is remembered by: the record, what is due and when (a new due date reminds again)."""
    return f"{item.kind}:{item.register}:{item.record_id}:{item.due.isoformat()}"


def snoozed(today: dt.date) -> dict[str, str]:
    """The snoozed items still asleep on `today`: key → ISO date they wake on."""
    try:
        stored = json.loads(str(app_settings.get(SNOOZED_KEY) or "{}"))
    except ValueError:
        stored = {}
    return {key: until for key, until in stored.items() if isinstance(until, str) and until > today.isoformat()}


def snooze(items: list[Attention], days: int, today: dt.date) -> None:
    """Keep `items` out of the reminders for `days` days."""
    asleep = snoozed(today)
    until = (today + dt.timedelta(days=days)).isoformat()
    asleep.update({item_key(item): until for item in items})
    app_settings.put(SNOOZED_KEY, json.dumps(asleep, sort_keys=True))


def dismiss_for_the_day(today: dt.date) -> None:
    """No reminders window again today."""
    app_settings.put(DISMISSED_KEY, today.isoformat())


def due_soon(today: dt.date | None = None) -> list[Attention]:
    """What to remind the officer of at start (snoozed items left out)."""
    today = today or dt.date.today()
    asleep = snoozed(today)
    return [item for item in attention(today) if item.days <= SOON and item_key(item) not in asleep]


class RemindersDialog(QDialog):
    """The reminders of the day; a double-click opens the record."""

    open_record = Signal(str, int)

    def __init__(self, items: list[Attention], parent: QWidget | None = None, *, today: dt.date | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reminders_dialog")
        self.setWindowTitle(_("Reminders"))
        self.setWindowModality(Qt.WindowModality.NonModal)
        self.today = today or dt.date.today()
        self.items = list(items)
        self.intro = QLabel()
        self.list = QTreeWidget()
        self.list.setObjectName("reminders_list")
        self.list.setHeaderLabels([_("What"), _("Record"), _("Date"), _("When")])
        self.list.setRootIsDecorated(False)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.list.header().setStretchLastSection(False)
        self.list.header().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)  # the record's name takes the room
        self.list.setAccessibleName(_("Reminders"))
        self.intro.setBuddy(self.list)
        self._fill()
        self.list.itemActivated.connect(self._activated)
        self.snooze_button = QPushButton(_("&Snooze selected"))
        self.snooze_button.setObjectName("snooze_button")
        menu = QMenu(self.snooze_button)
        for days, label in SNOOZES:
            action = menu.addAction(_(label))
            action.setObjectName(f"snooze_{days}")
            action.triggered.connect(lambda _c=False, d=days: self.snooze_selected(d))
        self.snooze_button.setMenu(menu)
        buttons = QDialogButtonBox()
        buttons.addButton(self.snooze_button, QDialogButtonBox.ButtonRole.ActionRole)
        dismiss = buttons.addButton(_("&Dismiss for today"), QDialogButtonBox.ButtonRole.RejectRole)
        dismiss.setObjectName("dismiss_button")
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.list, 1)
        layout.addWidget(buttons)
        self.resize(760, 360)
        app_settings.restore_geometry(self, "reminders")

    def _fill(self) -> None:
        self.list.clear()
        for item in self.items:
            row = QTreeWidgetItem(
                [_(ATTENTION_KINDS[item.kind]), item.label, format_date(item.due), due_text(item.days)]
            )
            row.setData(0, Qt.ItemDataRole.UserRole, (item.register, item.record_id))
            row.setToolTip(1, item.label)
            self.list.addTopLevelItem(row)
        for column in (0, 2, 3):
            self.list.resizeColumnToContents(column)
        self.intro.setText(
            ngettext(
                "{count} thing is overdue or due within a week:",
                "{count} things are overdue or due within a week:",
                len(self.items),
            ).format(count=len(self.items))
        )

    def snooze_selected(self, days: int) -> None:
        """Put the selected reminders to sleep for `days` days; close when none is left."""
        rows = sorted({self.list.indexOfTopLevelItem(row) for row in self.list.selectedItems()})
        chosen = [self.items[row] for row in rows]
        if not chosen:
            return
        snooze(chosen, days, self.today)
        self.items = [item for i, item in enumerate(self.items) if i not in rows]
        self._fill()
        if not self.items:
            self.reject()

    def done(self, result: int) -> None:
        dismiss_for_the_day(self.today)  # seen: not again today
        app_settings.save_geometry(self, "reminders")
        super().done(result)

    def _activated(self, row: QTreeWidgetItem) -> None:
        data = row.data(0, Qt.ItemDataRole.UserRole)
        if data:
            self.open_record.emit(*data)


def remind_at_start(window, today: dt.date | None = None) -> RemindersDialog | None:  # noqa: ANN001 - MainWindow
    """Show the day's reminders beside the main window, unless dismissed today or there are none."""
    today = today or dt.date.today()
    if app_settings.get(DISMISSED_KEY) == today.isoformat():
        return None
    items = due_soon(today)
    if not items:
        return None
    dialog = RemindersDialog(items, window, today=today)
    dialog.open_record.connect(window.open_record)
    dialog.show()
    return dialog
