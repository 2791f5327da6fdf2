"""The desktop app used as an officer uses it: typing, clicking and shortcuts, then the database is checked."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QTreeWidget

from app.models import Agreement, AgreementParty, Event, Partner
from app.services.registers.specs import SPECS
from app.ui.registers.list_page import RegisterPage
from app.ui.registers.record_form import RecordDialog
from tests.ui.conftest import activate, click_message_button, type_text


def type_into(qtbot, widget, text: str) -> None:  # noqa: ANN001
    type_text(qtbot, widget, text)


def pick(qtbot, picker, text: str) -> None:  # noqa: ANN001
    """Type into a record picker and choose the first suggestion with the keyboard (a list of records adds it)."""
    type_into(qtbot, picker.edit, text)
    popup = picker.completer.popup()
    qtbot.waitUntil(lambda: popup.isVisible() and popup.model().rowCount() > 0, timeout=3000)
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    with qtbot.waitSignal(picker.chosen, timeout=3000):
        qtbot.keyClick(popup, Qt.Key.Key_Return)


def choose_country(qtbot, combo, name: str) -> None:  # noqa: ANN001
    combo.setFocus()
    combo.lineEdit().selectAll()
    qtbot.keyClicks(combo.lineEdit(), name)
    qtbot.keyClick(combo.lineEdit(), Qt.Key.Key_Return)


def fill_partner(qtbot, dialog: RecordDialog) -> None:  # noqa: ANN001
    names = dialog.widgets["name"]
    type_into(qtbot, names.edits["uz"], "Koreya Milliy kutubxonasi")
    type_into(qtbot, names.edits["ru"], "Национальная библиотека Кореи")
    type_into(qtbot, names.edits["en"], "National Library of Korea")
    kind = dialog.widgets["kind"].combo
    kind.setCurrentIndex(kind.findText("National library"))
    choose_country(qtbot, dialog.widgets["country"].combo, "South Korea")
    type_into(qtbot, dialog.widgets["city"].edit, "Seoul")
    type_into(qtbot, dialog.widgets["email"].edit, "intl@nl.go.kr")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)


def test_create_a_partner_then_an_agreement_with_it_edit_and_delete(qtbot, window, dialogs) -> None:  # noqa: ANN001
    window.show_page("partners")
    page: RegisterPage = window.current_page()
    dialogs.expect(lambda d: fill_partner(qtbot, d), kind=RecordDialog)
    page.actions_by_name["new"].trigger()
    dialogs.check()
    partner = Partner.get()
    assert (partner.name_en, partner.country, partner.kind, partner.city) == (
        "National Library of Korea",
        "KR",
        "national_library",
        "Seoul",
    )
    assert list(page.model.ids) == [partner.id]

    def fill_agreement(dialog: RecordDialog) -> None:
        type_into(qtbot, dialog.widgets["reg_number"].edit, "XA-2019/07")
        type_into(qtbot, dialog.widgets["title"].edits["en"], "Memorandum of understanding")
        kind = dialog.widgets["kind"].combo
        kind.setCurrentIndex(kind.findText("Memorandum of understanding"))
        parties = dialog.widgets["parties"]
        pick(qtbot, parties.picker, "Koreya")
        qtbot.mouseClick(parties.add_button, Qt.MouseButton.LeftButton)
        status = dialog.widgets["status"].combo
        status.setCurrentIndex(status.findText("Signed, in force"))
        type_into(qtbot, dialog.widgets["signed_on"].edit, "15.10.2019")
        type_into(qtbot, dialog.widgets["valid_until"].edit, "15.10.2024")
        assert dialog.current_errors() == {}
        qtbot.keyClick(dialog, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
        assert not dialog.isVisible()

    window.show_page("agreements")
    dialogs.expect(fill_agreement, kind=RecordDialog)
    activate(qtbot, window)
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    dialogs.check()
    agreement = Agreement.get()
    assert (agreement.reg_number, agreement.kind, agreement.status) == ("XA-2019/07", "mou", "in_force")
    assert (agreement.signed_on, agreement.valid_until) == (dt.date(2019, 10, 15), dt.date(2024, 10, 15))
    assert [link.partner_id for link in AgreementParty.select()] == [partner.id]
    agreements_page: RegisterPage = window.current_page()
    assert list(agreements_page.model.ids) == [agreement.id]
    assert "National Library of Korea" in agreements_page.model.values(0)

    from app.ui.pages.partner_card import PartnerCardDialog

    card = PartnerCardDialog(partner.id)
    qtbot.addWidget(card)
    assert [(r, i) for r, i, _label in card.links.linked()] == [("agreements", agreement.id)]

    # Edit: select the row, Enter opens the form, change the end date, save.
    agreements_page.select_record(agreement.id)

    def edit(dialog: RecordDialog) -> None:
        until = dialog.widgets["valid_until"].edit
        until.selectAll()
        qtbot.keyClicks(until, "15.10.2029")
        qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)

    dialogs.expect(edit, kind=RecordDialog)
    activate(qtbot, window)
    agreements_page.table.setFocus()
    qtbot.keyClick(agreements_page.table, Qt.Key.Key_Return)
    dialogs.check()
    agreement = Agreement.get_by_id(agreement.id)
    assert agreement.valid_until == dt.date(2029, 10, 15)
    assert agreement.version == 2

    # The partner cannot go while an agreement names it: the message says so and nothing is deleted.
    window.show_page("partners")
    page.select_record(partner.id)
    messages: list[str] = []

    def refused(box: QMessageBox) -> None:
        messages.append(box.text())
        box.accept()

    dialogs.expect(refused, kind=QMessageBox)
    activate(qtbot, window)
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_Delete)
    dialogs.check()
    assert "cannot be deleted" in messages[0] and "agreements (1)" in messages[0]
    assert Partner.select().count() == 1

    # Deleting the agreement asks first; No keeps it, Yes deletes it with its parties.
    window.show_page("agreements")
    agreements_page.select_record(agreement.id)
    dialogs.expect(lambda box: click_message_button(box, QMessageBox.StandardButton.No), kind=QMessageBox)
    agreements_page.actions_by_name["delete"].trigger()
    assert Agreement.select().count() == 1
    questions: list[str] = []

    def confirm(box: QMessageBox) -> None:
        questions.append(box.text())
        click_message_button(box, QMessageBox.StandardButton.Yes)

    dialogs.expect(confirm, kind=QMessageBox)
    agreements_page.actions_by_name["delete"].trigger()
    dialogs.check()
    assert "Memorandum of understanding" in questions[0]
    assert Agreement.select().count() == 0 and AgreementParty.select().count() == 0
    assert list(agreements_page.model.ids) == []


def test_an_end_before_the_start_is_shown_and_cannot_be_saved(qtbot, form, window) -> None:  # noqa: ANN001
    dialog = form("events")
    type_into(qtbot, dialog.widgets["title"].edits["en"], "Round table on manuscripts")
    type_into(qtbot, dialog.widgets["start_on"].edit, "10.05.2019")
    type_into(qtbot, dialog.widgets["end_on"].edit, "01.05.2019")
    error = dialog.errors["end_on"]
    assert not error.isVisible()  # not while typing: the form does not jump
    qtbot.keyClick(dialog.widgets["end_on"].edit, Qt.Key.Key_Tab)
    assert error.isVisible()
    assert error.text() == "“End” cannot be before “Start”."
    assert not dialog.save_button.isEnabled()
    assert dialog.save() is False
    assert Event.select().count() == 0

    end = dialog.widgets["end_on"].edit
    end.selectAll()
    qtbot.keyClicks(end, "12.05.2019")
    assert not error.isVisible()
    assert dialog.save_button.isEnabled()
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert Event.get().end_on == dt.date(2019, 5, 12)


@pytest.mark.parametrize("typed", ["31.02.2019", "2019-13-01", "yesterday"])
def test_a_date_that_does_not_exist_is_named_and_blocks_saving(qtbot, form, window, typed: str) -> None:  # noqa: ANN001
    dialog = form("events")
    type_into(qtbot, dialog.widgets["title"].edits["en"], "Seminar")
    type_into(qtbot, dialog.widgets["start_on"].edit, typed)
    qtbot.keyClick(dialog.widgets["start_on"].edit, Qt.Key.Key_Tab)
    assert dialog.errors["start_on"].isVisible()
    assert "Not a date that exists" in dialog.errors["start_on"].text()
    assert not dialog.save_button.isEnabled()


def test_required_fields_and_malformed_addresses_are_named_next_to_the_field(qtbot, form, window) -> None:  # noqa: ANN001
    dialog = form("partners")
    assert not dialog.save_button.isEnabled()
    type_into(qtbot, dialog.widgets["email"].edit, "not-an-address")
    type_into(qtbot, dialog.widgets["website"].edit, "just words")
    assert "Not an e-mail address" in dialog.errors["email"].text()
    assert "Not a web address" in dialog.errors["website"].text()
    dialog.save()
    assert dialog.errors["name"].isVisible()
    assert dialog.errors["name"].text() == "Enter the name in at least one language."
    assert Partner.select().count() == 0


def test_a_duplicate_registration_number_is_refused_in_the_form(qtbot, form, sample_window) -> None:  # noqa: ANN001
    taken = Agreement.select().where(Agreement.reg_number.is_null(False)).first().reg_number
    dialog = form("agreements")
    number = dialog.widgets["reg_number"].edit
    number.clear()  # the suggested next number, replaced by a taken one
    type_into(qtbot, number, taken)
    qtbot.keyClick(number, Qt.Key.Key_Tab)
    assert dialog.errors["reg_number"].isVisible()
    assert dialog.errors["reg_number"].text() == "Another agreement already has this registration number."


def test_closing_a_changed_form_asks_and_cancel_keeps_it_open(qtbot, form, window, dialogs) -> None:  # noqa: ANN001
    dialog = form("partners")
    type_into(qtbot, dialog.widgets["name"].edits["en"], "British Library")
    assert dialog.windowTitle().startswith("•")
    asked: list[str] = []

    def cancel(box: QMessageBox) -> None:
        asked.append(box.text())
        click_message_button(box, QMessageBox.StandardButton.Cancel)

    dialogs.expect(cancel, kind=QMessageBox)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    dialogs.check()
    assert asked == ["This record has changes that are not saved. Save them?"]
    assert dialog.isVisible()

    dialogs.expect(lambda box: click_message_button(box, QMessageBox.StandardButton.Discard), kind=QMessageBox)
    dialog.close()
    dialogs.check()
    assert not dialog.isVisible()
    assert Partner.select().count() == 0


def test_closing_a_changed_form_can_save_it(qtbot, form, window, dialogs) -> None:  # noqa: ANN001
    dialog = form("departments")
    type_into(qtbot, dialog.widgets["name"].edits["en"], "Department of Foreign Literature")
    dialogs.expect(lambda box: click_message_button(box, QMessageBox.StandardButton.Save), kind=QMessageBox)
    dialog.reject()
    dialogs.check()
    from app.models import Department

    assert Department.get().name_en == "Department of Foreign Literature"


def test_the_quick_search_narrows_the_list_across_scripts(qtbot, sample_window) -> None:  # noqa: ANN001
    sample_window.show_page("partners")
    page: RegisterPage = sample_window.current_page()
    everyone = len(page.model.ids)
    for query in ("koreya", "КОРЕЯ", "Korea"):
        page.search.clear()
        type_into(qtbot, page.search, query)
        qtbot.waitUntil(lambda: 0 < len(page.model.ids) < everyone, timeout=3000)
        korean = Partner.get(Partner.name_en == "National Library of Korea").id
        assert korean in page.model.ids
        assert all(Partner.get_by_id(i).country == "KR" for i in page.model.ids)
        assert page.count_label.text() == f"{len(page.model.ids)} of {everyone} records"
    page.search.clear()
    qtbot.waitUntil(lambda: len(page.model.ids) == everyone, timeout=3000)


def test_filters_narrow_the_list(qtbot, sample_window) -> None:  # noqa: ANN001
    sample_window.show_page("visits")
    page: RegisterPage = sample_window.current_page()
    page.year.setCurrentIndex(page.year.findText("2019"))
    assert len(page.model.ids) == 32
    sample_window.show_page("agreements")
    agreements: RegisterPage = sample_window.current_page()
    status = agreements.filters["status"]
    status.setCurrentIndex(status.findText("Under negotiation"))
    assert [Agreement.get_by_id(i).status for i in agreements.model.ids] == ["negotiation"]


def test_sorting_a_column_happens_in_the_database(qtbot, sample_window) -> None:  # noqa: ANN001
    sample_window.show_page("visits")
    page: RegisterPage = sample_window.current_page()
    column = [fs.name for fs in page.model.fields].index("arrived_on")
    page.table.sortByColumn(column, Qt.SortOrder.AscendingOrder)
    dates = [page.model.values(row)[column] for row in range(len(page.model.ids))]
    assert dates == sorted(dates)
    page.table.sortByColumn(column, Qt.SortOrder.DescendingOrder)
    dates = [page.model.values(row)[column] for row in range(len(page.model.ids))]
    assert dates == sorted(dates, reverse=True)


def test_columns_can_be_hidden_and_moved_and_are_remembered(qtbot, sample_window) -> None:  # noqa: ANN001
    sample_window.show_page("partners")
    page: RegisterPage = sample_window.current_page()
    fields = [fs.name for fs in page.model.fields]
    page.set_column_visible(fields.index("city"), False)
    header = page.table.horizontalHeader()
    header.moveSection(header.visualIndex(fields.index("country")), 0)
    assert page.visible_fields()[0] == "country"
    assert "city" not in page.visible_fields()
    qtbot.waitUntil(lambda: not page._columns_timer.isActive(), timeout=3000)  # written a moment after the change
    again = RegisterPage("partners")
    qtbot.addWidget(again)
    assert again.visible_fields() == page.visible_fields()


def test_every_page_opens_and_shows_its_sample_records(qtbot, sample_window) -> None:  # noqa: ANN001
    for register in SPECS:
        sample_window.show_page(register)
        page = sample_window.current_page()
        assert isinstance(page, RegisterPage)
        assert page.model.rowCount() > 0, register
        assert page.model.data(page.model.index(0, 0)) is not None
        page.select_record(page.model.ids[0])
        assert page.preview.toPlainText().strip(), register
        dialog = RecordDialog(register, page.model.ids[0])
        qtbot.addWidget(dialog)
        assert not dialog.is_dirty(), register  # loading a record does not count as a change
        assert not dialog.current_errors(), (register, dialog.current_errors())


def test_the_global_search_finds_records_of_every_register(qtbot, sample_window) -> None:  # noqa: ANN001
    from app.ui.shell.global_search import GlobalSearchDialog

    dialog = GlobalSearchDialog("Koreya")
    qtbot.addWidget(dialog)
    registers = {register for register, _id, _label in dialog.hits()}
    assert {"partners", "agreements", "visits", "projects"} <= registers
    type_into(qtbot, dialog.query, " Seoul")
    qtbot.waitUntil(
        lambda: all(
            r
            in (
                "partners",
                "contacts",
                "visits",
                "trips",
                "events",
                "agreements",
                "projects",
                "exchange",
                "loans",
                "funding",
            )
            for r, _i, _l in dialog.hits()
        ),
        timeout=3000,
    )


def test_ctrl_k_puts_the_cursor_in_the_global_search(qtbot, sample_window) -> None:  # noqa: ANN001
    activate(qtbot, sample_window)
    qtbot.keyClick(sample_window, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.focusWidget() is sample_window.global_search


def test_the_last_page_is_remembered(qtbot, database) -> None:  # noqa: ANN001
    from app.ui.shell.main_window import MainWindow

    first = MainWindow("x")
    qtbot.addWidget(first)
    first.show_page("trips")
    first.close()
    second = MainWindow("x")
    qtbot.addWidget(second)
    assert second.current == "trips"
    assert isinstance(second.current_page(), RegisterPage)


def test_a_plan_item_is_linked_to_the_records_that_fulfilled_it(qtbot, form, sample_window) -> None:  # noqa: ANN001
    from app.models import DelegationVisit, PlanItem, PlanLink

    item = PlanItem.select().where(PlanItem.year == 2019).first()
    dialog = form("plan", item.id)
    field = dialog.widgets["fulfilled_by"]
    before = len(field.value())
    field.register_combo.setCurrentIndex(field.register_combo.findData("visits"))
    visit = DelegationVisit.get(DelegationVisit.title == "Delegation of the Goethe-Institut")
    type_into(qtbot, field.picker.edit, "Goethe")
    field.picker.fill_candidates("Goethe")
    field.picker.choose(visit.id)
    qtbot.mouseClick(field.add_button, Qt.MouseButton.LeftButton)
    assert field.value()[-1] == ("visits", visit.id)
    assert dialog.save()
    links = [(link.register, link.record_id) for link in PlanLink.select().where(PlanLink.plan_item == item.id)]
    assert len(links) == before + 1 and ("visits", visit.id) in links
    from app.services.registers.list_rows import fetch_rows

    shown = fetch_rows("plan", [item.id], ["fulfilled_by"])[item.id][0]
    assert "Delegation visit: Delegation of the Goethe-Institut" in shown


def test_ctrl_o_opens_the_selected_record_even_from_the_search_box(qtbot, sample_window, dialogs) -> None:  # noqa: ANN001
    sample_window.show_page("agreements")
    page: RegisterPage = sample_window.current_page()
    page.select_record(page.model.ids[0])
    opened: list[int | None] = []

    def look(dialog: RecordDialog) -> None:
        opened.append(dialog.record_id)
        dialog.reject()

    dialogs.expect(look, kind=RecordDialog)
    activate(qtbot, sample_window)
    page.search.setFocus()
    qtbot.keyClick(page.search, Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier)
    dialogs.check()
    assert opened == [page.model.ids[0]]
    assert "Del" in sample_window.main_actions["delete"].text()  # the menu tells where Delete works


def test_the_partner_cards_groups_span_the_row_and_records_get_the_room(qtbot, sample_window) -> None:  # noqa: ANN001
    from app.ui.pages.partner_card import PartnerCardDialog

    card = PartnerCardDialog(1)
    qtbot.addWidget(card)
    card.resize(900, 600)
    card.show()
    view = card.findChild(QTreeWidget, "partner_links")
    qtbot.waitUntil(lambda: view.topLevelItemCount() > 0)
    groups = [view.topLevelItem(i) for i in range(view.topLevelItemCount())]
    assert all(view.isFirstColumnSpanned(i, view.rootIndex()) for i in range(len(groups)))
    assert view.columnWidth(0) > 2 * view.columnWidth(1)


def test_the_partner_card_saves_everything_with_the_partner_as_a_pdf(qtbot, sample_window, tmp_path, monkeypatch):  # noqa: ANN001, ANN201
    from pypdf import PdfReader
    from PySide6.QtWidgets import QPushButton

    from app.ui.pages.partner_card import PartnerCardDialog

    partner = Partner.get(Partner.name_en == "National Library of Korea")
    card = PartnerCardDialog(partner.id)
    qtbot.addWidget(card)
    card.show()
    target = tmp_path / "korea.pdf"
    monkeypatch.setattr("app.ui.dialogs.file_dialogs.save_path", lambda *a, **k: target)
    qtbot.mouseClick(card.findChild(QPushButton, "card_save_pdf"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(target.exists, timeout=10000)
    text = " ".join(" ".join(page.extract_text().split()) for page in PdfReader(str(target)).pages)
    assert "National Library of Korea" in text
    assert "Window to Korea" in text  # its project is in the card


def test_money_is_typed_and_shown_as_the_language_writes_it(qtbot, form, window) -> None:  # noqa: ANN001
    from decimal import Decimal

    from app.i18n import set_language
    from app.models import Funding

    set_language("ru")
    funding = Funding.create(title="Window to America corner", kind="grant", status="awarded")
    dialog = form("funding", funding.id)
    amount = dialog.widgets["amount"].amount
    amount.clear()
    type_text(qtbot, amount, "15 000,50")
    assert dialog.save_button.isEnabled()
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert Funding.get_by_id(funding.id).amount == Decimal("15000.50")
    again = form("funding", funding.id)
    assert again.widgets["amount"].amount.text() == "15\u00a0000,50"  # as the list shows it
    again.widgets["amount"].amount.setText("пятнадцать")
    assert again.widgets["amount"].problem() == "Введите сумму, например 1\u00a0500,00."
