"""The departments' submissions page: templates written, a filled return read, a row edited and one rejected,
confirmed, and the status shows who replied."""

from __future__ import annotations

from pathlib import Path

import peewee as pw
from PySide6.QtCore import Qt

from app.models import Event, PlanItem, SubmissionRow
from tests.services.test_submissions import TODAY, fill_irs, unit
from tests.ui.conftest import show_main_window


def test_the_review_walk_writes_what_is_accepted(
    qtbot, database: pw.Database, load_sample, tmp_path: Path, monkeypatch
) -> None:  # noqa: ANN001
    load_sample(TODAY)
    monkeypatch.setattr("PySide6.QtWidgets.QMessageBox.information", lambda *args: None)
    main = show_main_window(qtbot, "test.db")
    main.show_page("submissions")
    page = main.current_page()
    assert main.nav.currentItem().text(0) == "Departments' submissions"
    page.year.setValue(2019)
    page.quarter.setCurrentIndex(3)
    page.write_templates_to(tmp_path / "out")
    written = sorted((tmp_path / "out").glob("*.xlsx"))
    assert len(written) == 20 and page.table.rowCount() == 20
    irs = unit("XATEX")
    filled = tmp_path / "returned" / "irs.xlsx"
    filled.parent.mkdir()
    fill_irs(next(p for p in written if p.name.endswith(f"({irs.id}).xlsx")), filled)
    page.read_from([filled.parent])
    assert page.tabs.currentWidget() is page.review
    rows = page.review.rows()
    by_sheet = {item.data(0, Qt.ItemDataRole.UserRole)[1].sheet: item for item in rows}
    trip = by_sheet["trips"]
    assert trip.checkState(0) == Qt.CheckState.Unchecked and "Nobody Known" in trip.text(4)
    exchange = by_sheet["exchange"]
    exchange.setCheckState(0, Qt.CheckState.Unchecked)  # rejected by the officer
    event = by_sheet["events"]
    _ret, proposal = event.data(0, Qt.ItemDataRole.UserRole)
    edited = dict(proposal.values, participants_total=45)
    page.review.apply_edit(event, edited)
    assert event.checkState(0) == Qt.CheckState.Checked
    before = Event.select().count()
    qtbot.mouseClick(page.review.confirm_button, Qt.MouseButton.LeftButton)
    assert Event.select().count() == before + 1
    assert Event.select().order_by(Event.id.desc()).first().participants_total == 45
    assert SubmissionRow.select().where(SubmissionRow.state == "rejected").count() == 2
    assert page.table.item(2, 0).text() == "International Relations Service"
    assert page.table.item(2, 1).text() == "Accepted"
    assert page.counts.text() == "1 of 20 have replied."
    assert PlanItem.select().where((PlanItem.year == 2019) & (PlanItem.status == "moved")).count() >= 1
