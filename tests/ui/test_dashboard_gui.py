"""The dashboard as the officer sees it at start: the year's figures, what needs attention, the charts, reminders."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import Qt

from app.models import Agreement, AgreementParty, BusinessTrip, Partner
from app.ui.pages.dashboard import Dashboard
from app.ui.registers.record_form import RecordDialog
from app.ui.shell.reminders import RemindersDialog, due_soon

TODAY = dt.date(2026, 11, 25)


def test_the_2019_figures_are_the_articles(qtbot, database, load_sample) -> None:  # noqa: ANN001
    load_sample(TODAY)
    page = Dashboard("National Library", today=TODAY)
    qtbot.addWidget(page)
    page.year.setCurrentIndex(page.year.findData(2019))
    value = {name: page.findChild(type(page.title), f"value_{name}").text() for name in ("visits", "visit_countries",
                                                                                      "trip_countries")}  # fmt: skip
    assert value == {"visits": "32", "visit_countries": "15", "trip_countries": "11"}
    assert "2019 compared with 2018" in page.figures_box.title()
    qtbot.waitUntil(lambda: page.charts is not None, timeout=3000)
    assert page.findChild(object, "chart_countries") is not None


def test_attention_lists_what_is_due_and_opens_it(qtbot, database, dialogs) -> None:  # noqa: ANN001
    partner = Partner.create(name_en="National Library of Latvia", kind="national_library", country="LV")
    ending = Agreement.create(
        title_en="Memorandum with Latvia",
        kind="mou",
        status="in_force",
        signed_on=dt.date(2021, 12, 1),
        valid_until=TODAY + dt.timedelta(days=20),
    )
    AgreementParty.create(agreement=ending, partner=partner)
    Agreement.create(
        title_en="Far away",
        kind="mou",
        status="in_force",
        signed_on=dt.date(2021, 1, 1),
        valid_until=TODAY + dt.timedelta(days=400),
    )
    trip = BusinessTrip.create(
        title="IFLA congress", country="US", start_on=dt.date(2026, 8, 20), report_due_on=dt.date(2026, 9, 10)
    )
    page = Dashboard("National Library", today=TODAY)
    qtbot.addWidget(page)
    rows = page.attention_rows()
    assert [(r, i) for r, _label, i in rows] == [("trips", trip.id), ("agreements", ending.id)]
    opened: list[tuple[str, int]] = []
    page.open_record.connect(lambda register, record_id: opened.append((register, record_id)))
    page.attention.setCurrentItem(page.attention.topLevelItem(1))
    page.attention.itemActivated.emit(page.attention.topLevelItem(1), 0)
    assert opened == [("agreements", ending.id)]
    assert "in 20 days" in page.attention.topLevelItem(1).text(3)
    assert "overdue" in page.attention.topLevelItem(0).text(3)


def test_the_main_window_opens_an_attention_item(qtbot, sample_window, dialogs) -> None:  # noqa: ANN001
    dashboard = sample_window.page("start")
    first = dashboard.attention.topLevelItem(0)
    register, record_id = first.data(0, Qt.ItemDataRole.UserRole)
    seen: list[int] = []

    def look(dialog: RecordDialog) -> None:
        seen.append(dialog.record_id)
        dialog.reject()

    dialogs.expect(look, kind=RecordDialog)
    dashboard.attention.itemActivated.emit(first, 0)
    dialogs.check()
    assert seen == [record_id]
    assert sample_window.current == register


def test_reminders_at_start_list_what_is_overdue_or_due_within_a_week(qtbot, database) -> None:  # noqa: ANN001
    BusinessTrip.create(
        title="Overdue report", country="JP", start_on=dt.date(2026, 10, 1), report_due_on=dt.date(2026, 10, 20)
    )
    BusinessTrip.create(title="Soon", country="KR", start_on=TODAY + dt.timedelta(days=5))
    BusinessTrip.create(title="Later", country="KR", start_on=TODAY + dt.timedelta(days=20))
    items = due_soon(TODAY)
    assert [item.label for item in items] == ["Overdue report", "Soon"]
    dialog = RemindersDialog(items)
    qtbot.addWidget(dialog)
    assert dialog.list.topLevelItemCount() == 2
    assert dialog.windowModality() == Qt.WindowModality.NonModal


def test_the_dashboard_opens_on_the_latest_year_with_records_and_says_so(qtbot, database) -> None:  # noqa: ANN001
    BusinessTrip.create(
        title="Old trip", country="JP", start_on=dt.date(2019, 5, 1), report_submitted_on=dt.date(2019, 6, 1)
    )
    page = Dashboard("National Library", today=TODAY)
    qtbot.addWidget(page)
    assert page.year.currentData() == 2019
    assert page.year_note.isVisibleTo(page) and "2026" in page.year_note.text() and "2019" in page.year_note.text()
    assert page.findChild(type(page.title), "value_trips").text() == "1"
    page.year.setCurrentIndex(page.year.findData(2026))
    assert not page.year_note.isVisibleTo(page), "the officer's own choice needs no note"
    BusinessTrip.create(title="This year", country="KR", start_on=dt.date(2026, 3, 1))
    fresh = Dashboard("National Library", today=TODAY)
    qtbot.addWidget(fresh)
    assert fresh.year.currentData() == 2026 and not fresh.year_note.isVisibleTo(fresh)


def test_an_empty_registry_opens_on_this_year_and_offers_three_ways_in(qtbot, window, dialogs) -> None:  # noqa: ANN001
    from PySide6.QtWidgets import QPushButton

    dashboard = window.page("start")
    assert dashboard.year.currentData() == dt.date.today().year and not dashboard.year_note.isVisibleTo(dashboard)
    names = [b.objectName() for b in dashboard.empty.findChildren(QPushButton) if b.isVisibleTo(dashboard)]
    assert names == ["new_partner_button", "import_button", "load_sample_button"]
    seen: list[str] = []

    def look(dialog: RecordDialog) -> None:
        seen.append(dialog.register)
        dialog.reject()

    dialogs.expect(look, kind=RecordDialog)
    qtbot.mouseClick(dashboard.findChild(QPushButton, "new_partner_button"), Qt.MouseButton.LeftButton)
    dialogs.check()
    assert seen == ["partners"]
    qtbot.mouseClick(dashboard.findChild(QPushButton, "import_button"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.import_wizard.isVisible(), timeout=3000)
    window.import_wizard.reject()


def test_reminders_are_dismissed_for_the_day_and_snoozed_per_item(qtbot, window) -> None:  # noqa: ANN001
    from app.ui.shell.reminders import remind_at_start

    BusinessTrip.create(
        title="Overdue report", country="JP", start_on=dt.date(2026, 10, 1), report_due_on=dt.date(2026, 10, 20)
    )
    BusinessTrip.create(title="Soon", country="KR", start_on=TODAY + dt.timedelta(days=5))
    dialog = remind_at_start(window, TODAY)
    assert dialog is not None and dialog.list.topLevelItemCount() == 2
    dialog.list.topLevelItem(0).setSelected(True)
    dialog.findChild(type(dialog.snooze_button.menu().actions()[0]), "snooze_7").trigger()
    assert [dialog.list.topLevelItem(i).text(1) for i in range(dialog.list.topLevelItemCount())] == ["Soon"]
    qtbot.mouseClick(dialog.findChild(type(dialog.snooze_button), "dismiss_button"), Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert remind_at_start(window, TODAY) is None, "not again the same day"
    tomorrow = remind_at_start(window, TODAY + dt.timedelta(days=1))
    assert tomorrow is not None
    assert [tomorrow.list.topLevelItem(i).text(1) for i in range(tomorrow.list.topLevelItemCount())] == ["Soon"]
    tomorrow.close()
    later = remind_at_start(window, TODAY + dt.timedelta(days=8))
    assert later is not None and "Overdue report" in [later.items[i].label for i in range(len(later.items))]
    later.close()
