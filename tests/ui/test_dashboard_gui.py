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
