"""The list as an officer's spreadsheet, driven with real widgets: select and copy, column filters in several scripts,
two sort levels, sums, bulk edit, delete and undo, and restoring deleted records after a restart."""

from __future__ import annotations

from pathlib import Path

import peewee as pw
from PySide6.QtCore import QItemSelectionModel, QPoint, Qt
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox, QToolButton

from app.models import Agreement, AgreementParty, BookExchange, Partner
from app.models.base import ChangeLog
from app.models.database import close_database, open_database
from app.services.attachments import add_attachment, attachment_bytes, attachments_of
from app.ui.registers.bulk_edit import BulkEditDialog
from app.ui.registers.deleted_view import DeletedRecordsDialog
from app.ui.registers.list_page import RegisterPage
from tests.ui.conftest import activate, click_message_button, show_main_window, type_text


def agreements_page(qtbot, window) -> RegisterPage:  # noqa: ANN001
    window.show_page("agreements")
    page: RegisterPage = window.current_page()
    page.model.load_all_ids()
    return page


def click_row(qtbot, page: RegisterPage, row: int, modifier=Qt.KeyboardModifier.NoModifier) -> None:  # noqa: ANN001
    rect = page.table.visualRect(page.model.index(row, page.table.horizontalHeader().logicalIndexAt(5)))
    qtbot.mouseClick(page.table.viewport(), Qt.MouseButton.LeftButton, modifier, rect.center())


def column_of(page: RegisterPage, name: str) -> int:
    return [fs.name for fs in page.model.fields].index(name)


def test_selected_rows_are_copied_with_a_header_as_text_and_html(qtbot, sample_window) -> None:  # noqa: ANN001
    page = agreements_page(qtbot, sample_window)
    page.table.setFocus()
    click_row(qtbot, page, 0)
    click_row(qtbot, page, 2, Qt.KeyboardModifier.ShiftModifier)
    click_row(qtbot, page, 5, Qt.KeyboardModifier.ControlModifier)
    assert len(page.selected_ids()) == 4
    qtbot.keyClick(page.table, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    data = QApplication.clipboard().mimeData()
    lines = data.text().splitlines()
    headers = lines[0].split("\t")
    assert headers == ["Registration number", "Parties", "Kind", "Signed", "Valid until", "Status"]
    assert len(lines) == 5
    first = Agreement.get_by_id(page.selected_ids()[0])
    assert lines[1].split("\t")[0] == first.reg_number and lines[1].split("\t")[3] == first.signed_on.isoformat()
    assert "<table" in data.html() and "<th>Registration number</th>" in data.html() and data.html().count("<tr>") == 5

    qtbot.keyClick(page.table, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(page.table, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert len(QApplication.clipboard().text().splitlines()) == 1 + Agreement.select().count()

    type_text(qtbot, page.search, "XA")  # the search box keeps its own Ctrl+A and Ctrl+C
    qtbot.keyClick(page.search, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(page.search, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.clipboard().text() == "XA"


def test_column_filters_in_several_scripts_with_the_quick_search_and_kept_per_register(
    qtbot, sample_window  # noqa: ANN001
) -> None:
    page = agreements_page(qtbot, sample_window)
    korean = {
        link.agreement_id for link in AgreementParty.select().join(Partner).where(Partner.country == "KR")
    }
    page.tools.open_filter(column_of(page, "status"))
    popup = page.tools.popup
    qtbot.waitExposed(popup)
    type_text(qtbot, popup.search, "SIGNED")  # with a search, the values shown are the ones kept
    assert [v.value for v in popup.values.shown] == ["in_force"]
    qtbot.keyClick(popup.search, Qt.Key.Key_Return)
    in_force = {a.id for a in Agreement.select().where(Agreement.status == "in_force")}
    assert set(page.model.ids) == in_force

    page.tools.open_filter(column_of(page, "parties"))
    popup = page.tools.popup
    type_text(qtbot, popup.search, "Koreya")  # Uzbek Latin and Cyrillic find the English names
    latin = list(popup.values.shown)
    popup.search.clear()
    type_text(qtbot, popup.search, "Корея")
    assert popup.values.shown == latin and latin and all("Korea" in value.text for value in latin)
    qtbot.keyClick(popup.search, Qt.Key.Key_Return)
    expected = korean & in_force
    assert set(page.model.ids) == expected
    assert page.tools.chips.isVisibleTo(page)
    type_text(qtbot, page.search, "kutubxona")  # the quick search narrows further
    page._apply_search()
    assert set(page.model.ids) <= expected

    # Kept for the register: a new window shows the same filters.
    sample_window.close()
    again = show_main_window(qtbot, "again")
    page2 = agreements_page(qtbot, again)
    assert set(page2.model.query.column_filters) == {"parties", "status"}
    assert set(page2.model.ids) == expected
    qtbot.mouseClick(page2.tools.chips.findChild(QToolButton, "chip_status"), Qt.MouseButton.LeftButton)
    assert set(page2.model.ids) == korean
    qtbot.mouseClick(page2.tools.chips.findChild(QToolButton, "chip_parties"), Qt.MouseButton.LeftButton)
    assert not page2.model.query.column_filters and not page2.tools.chips.isVisibleTo(page2)


def test_a_date_range_and_empty_cells(qtbot, sample_window) -> None:  # noqa: ANN001
    page = agreements_page(qtbot, sample_window)
    page.tools.open_filter(column_of(page, "signed_on"))
    popup = page.tools.popup
    type_text(qtbot, popup.low, "01.01.2018")
    type_text(qtbot, popup.high, "31.12.2019")
    popup.ok_button.click()  # (a mouse click on a pop-up is not delivered offscreen)
    import datetime as dt

    between = Agreement.signed_on.between(dt.date(2018, 1, 1), dt.date(2019, 12, 31))
    expected = {a.id for a in Agreement.select().where(between)}
    assert set(page.model.ids) == expected
    page.tools.open_filter(column_of(page, "signed_on"))
    popup = page.tools.popup
    popup.remove_button.click()
    page.tools.open_filter(column_of(page, "signed_on"))
    popup = page.tools.popup
    assert popup.values.shown[0].text == "(empty)"
    popup.values.set_all(False)
    popup.values.setData(popup.values.index(0), Qt.CheckState.Checked, Qt.ItemDataRole.CheckStateRole)
    popup.apply()
    assert set(page.model.ids) == {a.id for a in Agreement.select().where(Agreement.signed_on.is_null())}


def test_shift_click_on_a_header_adds_a_sort_level(qtbot, sample_window) -> None:  # noqa: ANN001
    page = agreements_page(qtbot, sample_window)
    header = page.table.horizontalHeader()

    def click_header(name: str, modifier=Qt.KeyboardModifier.NoModifier) -> None:  # noqa: ANN001
        column = column_of(page, name)
        point = QPoint(header.sectionViewportPosition(column) + 10, header.height() // 2)
        qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, modifier, point)

    click_header("status")
    click_header("signed_on", Qt.KeyboardModifier.ShiftModifier)
    click_header("signed_on", Qt.KeyboardModifier.ShiftModifier)  # again: the other direction
    assert page.model.query.order == ("status", False)
    assert page.model.query.more_orders == [("signed_on", True)]
    assert page.model.headerData(column_of(page, "signed_on"), Qt.Orientation.Horizontal).endswith("2▼")
    rows = [Agreement.get_by_id(i) for i in page.model.ids]
    labels = {"draft": "Draft", "in_force": "Signed, in force", "negotiation": "Under negotiation"}
    keys = [(labels.get(a.status, a.status), -(a.signed_on.toordinal() if a.signed_on else 0)) for a in rows]
    dated = [k for k in keys if k[1] != 0]
    assert dated == sorted(dated)
    click_header("kind")  # a plain click starts over with one level
    assert page.model.query.more_orders == []


def test_the_status_line_sums_the_selection_else_the_list(qtbot, sample_window) -> None:  # noqa: ANN001
    sample_window.show_page("exchange")
    page: RegisterPage = sample_window.current_page()
    page.tools.update_sums()
    total = sum(e.books for e in BookExchange.select())
    assert f"Books: {total:,}" in page.tools.sums_label.text()
    assert f"Count: {BookExchange.select().count()}" in page.tools.sums_label.text()
    page.table.setFocus()
    click_row(qtbot, page, 0)
    click_row(qtbot, page, 1, Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: "Selected" in page.tools.sums_label.text(), timeout=3000)
    picked = sum(BookExchange.get_by_id(i).books for i in page.selected_ids())
    assert f"Books: {picked:,}" in page.tools.sums_label.text() and "Count: 2" in page.tools.sums_label.text()


def test_bulk_edit_of_the_selected_records(qtbot, sample_window, dialogs) -> None:  # noqa: ANN001
    page = agreements_page(qtbot, sample_window)
    page.table.setFocus()
    click_row(qtbot, page, 0)
    click_row(qtbot, page, 2, Qt.KeyboardModifier.ShiftModifier)
    ids = page.selected_ids()
    logged = ChangeLog.select().where(ChangeLog.action == "update").count()

    def change(dialog: BulkEditDialog) -> None:
        dialog.choose("status", "terminated")
        qtbot.keyClick(dialog, Qt.Key.Key_Return)

    dialogs.expect(change, kind=BulkEditDialog)
    qtbot.keyClick(page.table, Qt.Key.Key_F2)
    dialogs.check()
    assert {Agreement.get_by_id(i).status for i in ids} == {"terminated"}
    assert ChangeLog.select().where(ChangeLog.action == "update").count() == logged + len(ids)


def test_delete_many_then_undo_with_ctrl_z(qtbot, sample_window, dialogs) -> None:  # noqa: ANN001
    page = agreements_page(qtbot, sample_window)
    page.table.setFocus()
    click_row(qtbot, page, 0)
    click_row(qtbot, page, 2, Qt.KeyboardModifier.ShiftModifier)
    ids = page.selected_ids()
    def parties_of(i: int) -> list[int]:
        return sorted(p.partner_id for p in AgreementParty.select().where(AgreementParty.agreement == i))

    parties = {i: parties_of(i) for i in ids}
    dialogs.expect(lambda box: click_message_button(box, QMessageBox.StandardButton.Yes), kind=QMessageBox)
    qtbot.keyClick(page.table, Qt.Key.Key_Delete)
    dialogs.check()
    assert not Agreement.select().where(Agreement.id.in_(ids)).exists()
    activate(qtbot, sample_window)
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert Agreement.select().where(Agreement.id.in_(ids)).count() == 3
    assert {i: parties_of(i) for i in ids} == parties
    assert set(ids) <= set(page.model.ids)


def test_restore_from_deleted_records_after_a_restart(qtbot, sample_window, dialogs, sqlite_path: Path,
                                                      tmp_path: Path) -> None:  # noqa: ANN001  # fmt: skip
    page = agreements_page(qtbot, sample_window)
    agreement_id = page.model.ids[0]
    scan = tmp_path / "scan.pdf"
    scan.write_bytes(bytes(range(256)) * 40)
    add_attachment("agreements", agreement_id, scan)
    parties = sorted(p.partner_id for p in AgreementParty.select().where(AgreementParty.agreement == agreement_id))
    page.select_record(agreement_id)
    dialogs.expect(lambda box: click_message_button(box, QMessageBox.StandardButton.Yes), kind=QMessageBox)
    page.delete_selected()
    dialogs.check()
    sample_window.close()
    close_database()
    database: pw.Database = open_database(str(sqlite_path))  # a restart
    assert Agreement.get_or_none(Agreement.id == agreement_id) is None
    again = show_main_window(qtbot, "again")
    page = agreements_page(qtbot, again)

    def restore(dialog: DeletedRecordsDialog) -> None:
        assert dialog.table.rowCount() == 1 and dialog.table.item(0, 2).text() == "tester"
        dialog.table.selectionModel().select(dialog.table.model().index(0, 0),
                                             QItemSelectionModel.SelectionFlag.Select
                                             | QItemSelectionModel.SelectionFlag.Rows)  # fmt: skip
        qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)
        assert dialog.table.rowCount() == 0
        dialog.accept()

    dialogs.expect(restore, kind=DeletedRecordsDialog)
    again.main_actions["deleted"].trigger()
    dialogs.check()
    assert Agreement.get_by_id(agreement_id)
    restored = AgreementParty.select().where(AgreementParty.agreement == agreement_id)
    assert sorted(p.partner_id for p in restored) == parties
    files = attachments_of("agreements", agreement_id)
    assert [f.file_name for f in files] == ["scan.pdf"] and attachment_bytes(files[0].id) == scan.read_bytes()
    assert agreement_id in page.model.ids
    assert database is not None



def test_a_long_values_list_shows_its_first_values_and_the_search_finds_the_others(
    qtbot, sample_window, monkeypatch  # noqa: ANN001
) -> None:
    import app.ui.registers.column_filter as column_filter

    monkeypatch.setattr(column_filter, "SHOWN_VALUES", 2)
    page = agreements_page(qtbot, sample_window)
    korean = {
        link.agreement_id for link in AgreementParty.select().join(Partner).where(Partner.country == "KR")
    }
    page.tools.open_filter(column_of(page, "parties"))
    popup = page.tools.popup
    qtbot.waitExposed(popup)
    more = popup.findChild(QLabel, "filter_more")
    assert more.isVisibleTo(popup) and "2" in more.text()
    assert len([v for v in popup.values.all if v.text != "(empty)"]) == 2
    type_text(qtbot, popup.search, "Корея")  # found by the database beyond the first two, all of them ticked
    found = [v for v in popup.values.shown if v.text != "(empty)"]
    assert found and all("Korea" in v.text for v in found)
    assert all(v.value in popup.values.checked for v in found)
    qtbot.keyClick(popup.search, Qt.Key.Key_Return)
    shown_partners = {v.value for v in found}
    expected = {link.agreement_id for link in AgreementParty.select().where(AgreementParty.partner.in_(shown_partners))}
    assert set(page.model.ids) == expected and expected <= korean
