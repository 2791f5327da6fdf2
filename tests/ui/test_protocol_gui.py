"""Protocol gifts, memberships and the exchange balance in the window: a gift typed into its form as an officer
would, a membership with a delegate, the balance beside the exchange list, agreements filtered by their parties'
kind — then the database is checked."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from PySide6.QtCore import Qt

from app.models import (
    Agreement,
    AgreementParty,
    BookExchange,
    DelegationVisit,
    Employee,
    Membership,
    Partner,
    ProtocolGift,
)
from app.ui.registers.exchange_page import ExchangePage
from app.ui.registers.list_page import RegisterPage
from app.ui.registers.record_form import RecordDialog
from tests.ui.conftest import activate
from tests.ui.test_registers_gui import pick, type_into


def test_a_gift_handed_over_during_a_visit_is_typed_in_and_saved(qtbot, window, form) -> None:  # noqa: ANN001
    korea = Partner.create(name_en="National Library of Korea", name_uz="Koreya Milliy kutubxonasi",
                           kind="national_library", country="KR")  # fmt: skip
    visit = DelegationVisit.create(title="Delegation of the National Library of Korea", arrived_on=dt.date(2019, 3, 26))
    employee = Employee.create(full_name="Muxtarama Muratova")
    window.show_page("gifts")
    page: RegisterPage = window.current_page()

    dialog: RecordDialog = form("gifts")
    direction = dialog.widgets["direction"].combo
    direction.setCurrentIndex(direction.findText("Given"))
    type_into(qtbot, dialog.widgets["item"].edit, "Facsimile edition of the Baburnama")
    kind = dialog.widgets["kind"].combo
    kind.setCurrentIndex(kind.findText("Facsimile"))
    value = dialog.widgets["value"]
    type_into(qtbot, value.amount, "350")
    value.currency.setCurrentIndex(value.currency.findText("USD"))
    type_into(qtbot, dialog.widgets["given_on"].edit, "26.03.2019")
    pick(qtbot, dialog.widgets["partner"].picker, "Koreya")
    pick(qtbot, dialog.widgets["visit"].picker, "Delegation of the National")
    pick(qtbot, dialog.widgets["employee"].picker, "Муратова")  # found across scripts
    assert dialog.current_errors() == {}
    activate(qtbot, dialog)
    qtbot.keyClick(dialog, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=3000)
    gift = ProtocolGift.get()
    assert (gift.direction, gift.kind, gift.quantity, gift.value, gift.currency) == (
        "given", "facsimile", 1, Decimal("350"), "USD")  # fmt: skip
    assert (gift.given_on, gift.partner_id, gift.visit_id, gift.employee_id) == (
        dt.date(2019, 3, 26), korea.id, visit.id, employee.id)  # fmt: skip
    assert list(page.model.ids) == [gift.id]


def test_a_membership_with_a_delegate(qtbot, window, form) -> None:  # noqa: ANN001
    ifla = Partner.create(name_en="IFLA", kind="international_organisation", country="NL")
    employee = Employee.create(full_name="Dilnoza Karimova")
    window.show_page("memberships")

    dialog: RecordDialog = form("memberships")
    pick(qtbot, dialog.widgets["organisation"].picker, "IFLA")
    type_into(qtbot, dialog.widgets["since"].edit, "2007")
    fee = dialog.widgets["annual_fee"]
    type_into(qtbot, fee.amount, "1400")
    fee.currency.setCurrentIndex(fee.currency.findText("EUR"))
    type_into(qtbot, dialog.widgets["next_due_on"].edit, "31.01.2020")
    delegates = dialog.widgets["delegates"]
    pick(qtbot, delegates.picker, "Karimova")
    qtbot.mouseClick(delegates.add_button, Qt.MouseButton.LeftButton)
    assert dialog.current_errors() == {}
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=3000)
    membership = Membership.get()
    assert (membership.organisation_id, membership.since, membership.status) == (ifla.id, 2007, "active")
    assert (membership.annual_fee, membership.currency, membership.next_due_on) == (
        Decimal("1400"), "EUR", dt.date(2020, 1, 31))  # fmt: skip
    assert [link.employee_id for link in membership.delegate_links] == [employee.id]


def test_the_exchange_page_shows_the_balance_per_partner_and_year(qtbot, window) -> None:  # noqa: ANN001
    korea = Partner.create(name_en="National Library of Korea", kind="national_library", country="KR")
    BookExchange.create(partner=korea, direction="sent", exchanged_on=dt.date(2018, 5, 1), books=40)
    BookExchange.create(partner=korea, direction="received", exchanged_on=dt.date(2019, 3, 1), books=30, periodicals=5)
    window.show_page("exchange")
    page = window.current_page()
    assert isinstance(page, ExchangePage)
    tree = page.balance
    assert tree.topLevelItemCount() == 2  # the partner, and the total
    partner_item = tree.topLevelItem(0)
    assert [partner_item.text(c) for c in range(5)] == ["National Library of Korea", "40", "35", "−5", "−5"]
    years = [[partner_item.child(i).text(c) for c in range(5)] for i in range(partner_item.childCount())]
    assert years == [["2018", "40", "0", "−40", "−40"], ["2019", "0", "35", "+35", "−5"]]
    assert partner_item.child(1).toolTip(2) == "Books: 30; periodicals: 5; electronic: 0"
    BookExchange.create(partner=korea, direction="received", exchanged_on=dt.date(2020, 1, 9), books=10)
    from app.ui.shell.hub import hub

    hub.record_saved.emit("exchange", 3)  # another officer's save arrives
    assert tree.topLevelItem(0).text(4) == "+5" and tree.topLevelItem(1).text(0) == "Total"


def test_agreements_filter_by_their_parties_kind(qtbot, window) -> None:  # noqa: ANN001
    library = Partner.create(name_en="National Library of Latvia", kind="national_library", country="LV")
    university = Partner.create(name_en="Aichi University of the Arts", kind="university", country="JP")
    for title, party in (("With the library", library), ("With the university", university)):
        agreement = Agreement.create(title_en=title, status="in_force", signed_on=dt.date(2018, 6, 7))
        AgreementParty.create(agreement=agreement, partner=party)
    window.show_page("agreements")
    page: RegisterPage = window.current_page()
    combo = page.filters["party_kind"]
    assert combo.accessibleName() == "Parties' kind"
    combo.setCurrentIndex(combo.findText("University"))
    qtbot.waitUntil(lambda: len(page.model.ids) == 1, timeout=3000)
    assert Agreement.get_by_id(page.model.ids[0]).title_en == "With the university"
