"""Forms an officer fills in without friction: focus, Tab, problems that lead to their field, Enter in pickers,
suggestions, one date style that reads back, and forms that fit and do not jump."""

from __future__ import annotations

import datetime as dt

import pytest
from PySide6.QtCore import QDate, Qt, QTimer
from PySide6.QtWidgets import QApplication

from app.i18n import format_date, set_language
from app.models import Agreement, AgreementParty, Partner
from app.ui.registers.record_form import RecordDialog
from tests.ui.conftest import activate, show_main_window, type_text

CTRL = Qt.KeyboardModifier.ControlModifier


def test_typing_right_after_ctrl_n_lands_in_the_first_field_and_ctrl_enter_saves(qtbot, window, dialogs) -> None:  # noqa: ANN001
    window.show_page("partners")
    seen: list[str] = []

    def type_at_once(dialog: RecordDialog) -> None:
        activate(qtbot, dialog)  # as the window system does with a new window
        focused = QApplication.focusWidget()
        seen.append(focused.objectName())
        qtbot.keyClicks(focused, "British Library")  # no click, no Tab: straight where the focus is
        qtbot.keyClick(focused, Qt.Key.Key_Return, CTRL)

    dialogs.expect(type_at_once, kind=RecordDialog)
    activate(qtbot, window)
    qtbot.keyClick(window, Qt.Key.Key_N, CTRL)
    dialogs.check()
    assert seen == ["name_en"]  # the name in the interface language
    assert Partner.get().name_en == "British Library"


def test_a_stray_enter_in_a_field_does_not_save(qtbot, form, window) -> None:  # noqa: ANN001
    dialog = form("partners")
    type_text(qtbot, dialog.widgets["name"].edits["en"], "British Library")
    qtbot.keyClick(dialog.widgets["name"].edits["en"], Qt.Key.Key_Return)
    assert dialog.isVisible() and Partner.select().count() == 0


def tab_through(qtbot, start, count: int) -> list[str]:  # noqa: ANN001
    start.setFocus()
    names = []
    for _step in range(count):
        focused = QApplication.focusWidget()
        names.append(focused.objectName() or type(focused).__name__)
        qtbot.keyClick(focused, Qt.Key.Key_Tab)
    return names


def tab_cycle(qtbot, start) -> list:  # noqa: ANN001
    """The widgets Tab visits from `start`, each once: until one comes round again."""
    start.setFocus()
    visited = [start]
    for _step in range(300):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        if QApplication.focusWidget() in visited:
            return visited
        visited.append(QApplication.focusWidget())
    raise AssertionError("Tab visits more than 300 widgets")


def test_tab_visits_every_name_language_in_order_then_the_fields_as_laid_out(qtbot, form, window) -> None:  # noqa: ANN001
    dialog = form("partners")
    visited = tab_through(qtbot, dialog.widgets["name"].edits["uz"], 8)
    assert visited[:4] == ["name_uz", "name_ru", "name_en", "name_orig"]
    assert visited[5] == "kind_combo" and visited[6] == "country_combo"
    reachable = [w.objectName() or type(w).__name__ for w in tab_cycle(qtbot, dialog.widgets["name"].edits["uz"])]
    assert reachable[:8] == visited
    assert "problem_name" in reachable  # the line saying what is missing comes before the buttons
    assert reachable.index("problem_name") < reachable.index("qt_tabwidget_tabbar")


def test_tab_in_an_agreement_goes_down_the_dates_before_the_parties(qtbot, form, window) -> None:  # noqa: ANN001
    dialog = form("agreements")
    visited = tab_through(qtbot, dialog.widgets["status"].combo, 12)
    assert visited[:4] == ["status_combo", "signed_on_date", "effective_from_date", "valid_until_date"]
    assert visited.index("parties_picker") > visited.index("notice_given_on_date") > visited.index("valid_until_date")
    order = tab_cycle(qtbot, dialog.widgets["status"].combo)
    assert order.index(dialog.widgets["valid_until"].edit) < order.index(dialog.widgets["parties"].picker.edit)
    assert dialog.widgets["signed_on"].button not in order  # the calendar opens with F4; Tab goes date to date


def test_what_blocks_saving_is_listed_and_each_line_goes_to_its_field(qtbot, form, window) -> None:  # noqa: ANN001
    dialog = form("agreements")
    lines = dialog.problems.lines
    assert dialog.problems.isVisible() and not dialog.save_button.isEnabled()
    assert list(lines) == ["title", "parties"]  # in the order of the form
    assert lines["parties"].text() == "Parties: Add at least one."
    type_text(qtbot, dialog.widgets["title"].edits["en"], "Memorandum with the British Library")
    assert list(lines) == ["parties"]
    qtbot.mouseClick(lines["parties"], Qt.MouseButton.LeftButton)
    assert QApplication.focusWidget() is dialog.widgets["parties"].picker.edit
    assert dialog.tabs.currentIndex() == 0


@pytest.fixture
def partners(database):  # noqa: ANN001, ANN201
    korea = Partner.create(name_uz="Koreya Milliy kutubxonasi", name_en="National Library of Korea", kind="library")
    latvia = Partner.create(name_en="National Library of Latvia", kind="library")
    return korea, latvia


def test_enter_in_the_party_picker_adds_the_highlighted_record(qtbot, form, window, partners) -> None:  # noqa: ANN001
    korea, latvia = partners
    dialog = form("agreements")
    parties = dialog.widgets["parties"]
    type_text(qtbot, parties.picker.edit, "National")
    popup = parties.picker.completer.popup()
    qtbot.waitUntil(lambda: popup.isVisible() and popup.model().rowCount() >= 2, timeout=3000)
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    with qtbot.waitSignal(parties.picker.chosen, timeout=3000):
        qtbot.keyClick(popup, Qt.Key.Key_Return)
    assert parties.value() == [latvia.id]
    assert parties.picker.edit.text() == ""  # ready for the next party
    type_text(qtbot, parties.picker.edit, "Korea")  # one record answers: Enter takes it without the popup
    qtbot.keyClick(parties.picker.edit, Qt.Key.Key_Return)
    assert parties.value() == [latvia.id, korea.id]
    assert dialog.isVisible()  # Enter added; it did not save


def test_a_name_not_found_offers_to_create_it(qtbot, form, window, partners) -> None:  # noqa: ANN001
    dialog = form("agreements")
    parties = dialog.widgets["parties"]
    type_text(qtbot, parties.picker.edit, "Bodleian Library")
    popup = parties.picker.completer.popup()
    qtbot.waitUntil(lambda: popup.isVisible(), timeout=3000)
    offered = [popup.model().index(row, 0).data() for row in range(popup.model().rowCount())]
    assert offered == ["Create “Bodleian Library”…"]

    done: list[str] = []

    def create() -> None:  # the partner's form, opened over the agreement's (itself modal, so found by register)
        partner_form = next((w for w in QApplication.topLevelWidgets() if isinstance(w, RecordDialog)
                             and w.register == "partners" and w.isVisible()), None)  # fmt: skip
        if partner_form is None:
            QTimer.singleShot(10, create)
            return
        activate(qtbot, partner_form)
        done.append(partner_form.widgets["name"].value()["en"])
        qtbot.keyClick(partner_form.focusWidget(), Qt.Key.Key_Return, CTRL)

    QTimer.singleShot(0, create)
    qtbot.keyClick(popup, Qt.Key.Key_Down)
    with qtbot.waitSignal(parties.picker.chosen, timeout=5000):
        qtbot.keyClick(popup, Qt.Key.Key_Return)
    assert done == ["Bodleian Library"]
    created = Partner.get(Partner.name_en == "Bodleian Library")
    assert parties.value() == [created.id]


def test_an_agreement_gets_its_status_from_its_dates_and_the_next_number(qtbot, form, window, partners) -> None:  # noqa: ANN001
    year = dt.date.today().year
    Agreement.create(reg_number=f"XA-{year}/01", title_en="First of the year", signed_on=dt.date(year, 1, 1))
    Agreement.create(reg_number=f"XA-{year - 1}/07", title_en="Last year's", signed_on=dt.date(year - 1, 6, 1))
    dialog = form("agreements")
    number, status = dialog.widgets["reg_number"], dialog.widgets["status"]
    assert number.value() == f"XA-{year}/02"
    assert dialog.notes["reg_number"].isVisible()
    assert QApplication.focusWidget() is dialog.widgets["title"].edits["en"]  # the suggestion is not in the way
    assert not dialog.is_dirty()  # a suggestion alone is no change to ask about
    type_text(qtbot, dialog.widgets["title"].edits["en"], "Memorandum with Korea")
    type_text(qtbot, dialog.widgets["signed_on"].edit, f"01.01.{year}")
    type_text(qtbot, dialog.widgets["effective_from"].edit, f"01.04.{year}")
    assert status.value() == "in_force"
    assert dialog.notes["status"].text() == f"Status set to “Signed, in force”: it was signed on 01/01/{year}."
    dialog.widgets["signed_on"].edit.clear()
    type_text(qtbot, dialog.widgets["signed_on"].edit, f"20.12.{year - 1}")  # signed last year: last year's next number
    assert number.value() == f"XA-{year - 1}/08"
    dialog.widgets["parties"].set_value([partners[0].id])
    qtbot.keyClick(dialog.widgets["title"].edits["en"], Qt.Key.Key_Return, CTRL)
    saved = Agreement.get(Agreement.title_en == "Memorandum with Korea")
    expected = (f"XA-{year - 1}/08", "in_force", dt.date(year - 1, 12, 20))
    assert (saved.reg_number, saved.status, saved.signed_on) == expected
    assert [link.partner_id for link in AgreementParty.select()] == [partners[0].id]


def test_a_status_and_a_number_chosen_by_hand_stay(qtbot, form, window) -> None:  # noqa: ANN001
    Agreement.create(reg_number="XA-2026/01", title_en="First", signed_on=dt.date(2026, 1, 20))
    dialog = form("agreements")
    number, status = dialog.widgets["reg_number"].edit, dialog.widgets["status"].combo
    number.clear()
    type_text(qtbot, number, "MoU-7")
    status.setCurrentIndex(status.findData("negotiation"))
    type_text(qtbot, dialog.widgets["signed_on"].edit, "15.03.2026")
    assert (dialog.widgets["reg_number"].value(), dialog.widgets["status"].value()) == ("MoU-7", "negotiation")
    assert not dialog.notes["status"].isVisible() and not dialog.notes["reg_number"].isVisible()


def test_typing_over_a_suggested_number_replaces_it_and_end_keeps_it_to_edit(qtbot, form, window) -> None:  # noqa: ANN001
    Agreement.create(reg_number="XA-2026/01", title_en="First", signed_on=dt.date(2026, 1, 20))
    dialog = form("agreements")
    number = dialog.widgets["reg_number"].edit
    assert number.text() == "XA-2026/02"  # suggested
    type_text(qtbot, number, "MoU-7")
    assert dialog.widgets["reg_number"].value() == "MoU-7"
    other = form("agreements")
    edit = other.widgets["reg_number"].edit
    edit.setFocus()
    qtbot.keyClick(edit, Qt.Key.Key_End)  # the officer moves into the suggestion to change it
    qtbot.keyClicks(edit, "a")
    assert other.widgets["reg_number"].value() == "XA-2026/02a"


@pytest.mark.parametrize(("language", "typed"), [("en", "03/04/2031"), ("ru", "03.04.2031"), ("uz", "03.04.2031"),
                                                 ("uz-Cyrl", "03.04.2031")])  # fmt: skip
def test_a_date_reads_back_as_the_list_shows_it_in_every_language(
    qtbot, database, load_sample, dialogs, language, typed  # noqa: ANN001
) -> None:
    load_sample()
    set_language(language)
    window = show_main_window(qtbot, "sample.db")
    window.show_page("agreements")
    page = window.current_page()
    column = [fs.name for fs in page.model.fields].index("signed_on")
    shown = page.model.data(page.model.index(0, column)).replace("\u00a0", " ")
    record_id = page.model.record_id(0)
    signed = Agreement.get_by_id(record_id).signed_on
    assert shown == format_date(signed)

    def retype(dialog: RecordDialog) -> None:
        activate(qtbot, dialog)
        signed_edit, until = dialog.widgets["signed_on"].edit, dialog.widgets["valid_until"].edit
        assert signed_edit.text() == shown  # the form writes the date as the list does
        signed_edit.selectAll()
        qtbot.keyClicks(signed_edit, shown)  # and reads back what the list shows
        until.selectAll()
        qtbot.keyClicks(until, typed)
        qtbot.keyClick(until, Qt.Key.Key_Return, CTRL)

    dialogs.expect(retype, kind=RecordDialog)
    page.select_record(record_id)
    activate(qtbot, window)
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_Return)
    dialogs.check()
    saved = Agreement.get_by_id(record_id)
    assert (saved.signed_on, saved.valid_until) == (signed, dt.date(2031, 4, 3))  # 3 April, day first everywhere
    column = [fs.name for fs in page.model.fields].index("valid_until")
    assert page.model.data(page.model.index(page.model.row_of(record_id), column)) == typed


def test_the_calendar_button_has_an_icon_and_a_tooltip_and_fills_the_date(qtbot, form, window) -> None:  # noqa: ANN001
    dialog = form("events")
    start = dialog.widgets["start_on"]
    assert start.button.text() != "…" and not start.button.icon().isNull()
    assert start.button.toolTip() == "Choose the date in a calendar (F4)"
    start.calendar.clicked.emit(QDate(2026, 4, 3))
    assert start.edit.text() == "03/04/2026" and start.value() == dt.date(2026, 4, 3)


def test_a_dates_calendar_is_made_when_first_opened_and_shows_the_typed_date(qtbot, form, window) -> None:  # noqa: ANN001
    from PySide6.QtWidgets import QCalendarWidget

    dialog = form("agreements")
    signed = dialog.widgets["signed_on"]
    assert signed.findChild(QCalendarWidget) is None and dialog.findChild(QCalendarWidget) is None
    type_text(qtbot, signed.edit, "12/05/2021")
    signed.button.menu().aboutToShow.emit()  # what opening it (F4, Alt+Down, a click) does first
    assert signed.calendar.selectedDate() == QDate(2021, 5, 12)
    assert len(signed.button.menu().actions()) == 1
    signed.button.menu().aboutToShow.emit()  # opened again: the same calendar
    assert len(signed.button.menu().actions()) == 1 and signed.calendar is signed.findChild(QCalendarWidget)


def test_errors_and_pop_ups_do_not_resize_other_boxes(qtbot, form, window) -> None:  # noqa: ANN001
    dialog = form("agreements")
    signatories, parties = dialog.widgets["signatories"], dialog.widgets["parties"].list
    heights = (signatories.height(), parties.height(), dialog.size())
    type_text(qtbot, dialog.widgets["signed_on"].edit, "31.02")
    assert not dialog.errors["signed_on"].isVisible()  # not while typing
    qtbot.keyClick(dialog.widgets["signed_on"].edit, Qt.Key.Key_Tab)
    assert dialog.errors["signed_on"].isVisible()
    partner_form = form("partners")
    address = partner_form.widgets["address"]
    before = address.height()
    country = partner_form.widgets["country"].combo
    type_text(qtbot, country.lineEdit(), "Kor")
    QApplication.processEvents()
    assert address.height() == before and not partner_form.errors["country"].isVisible()
    assert (signatories.height(), parties.height(), dialog.size()) == heights


def test_forms_fit_their_content_within_the_screen_and_remember_their_size(qtbot, form, window) -> None:  # noqa: ANN001
    screen = QApplication.primaryScreen().availableGeometry()
    contacts = form("contacts")
    assert contacts.height() <= screen.height() and contacts.width() <= screen.width()
    assert not contacts.scroll.verticalScrollBar().isVisible()  # a short form shows everything without scrolling
    assert contacts.isSizeGripEnabled()
    contacts.resize(contacts.width() + 40, contacts.height() - 20)
    size = contacts.size()
    contacts.done(0)
    assert form("contacts").size() == size


def test_the_number_follows_the_office_pattern_when_the_registry_has_one(qtbot, form, window) -> None:  # noqa: ANN001
    from app.services import registry_settings

    dialog = form("agreements")
    assert dialog.widgets["reg_number"].value() == f"{dt.date.today().year}/01"  # no numbers yet: the default pattern
    dialog.done(0)
    Agreement.create(reg_number="XA-2026/01", title_en="First", signed_on=dt.date(2026, 1, 20))
    registry_settings.put({"number_pattern.agreements": "IR-{year}-{seq:03}"})
    dialog = form("agreements")
    assert dialog.widgets["reg_number"].value() == f"IR-{dt.date.today().year}-001"
