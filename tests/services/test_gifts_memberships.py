"""Protocol gifts, memberships and the book exchange balance: the balance per partner and year with its running total,
dues reminders (dashboard and calendar), agreements filtered by their parties' kind, search across scripts, the
change history, and the national libraries counted by the annual report — on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import icalendar
import peewee as pw
import pytest
from openpyxl import load_workbook

from app.models import Agreement, AgreementParty, BookExchange, Employee, Partner
from app.models.base import ChangeLog
from app.services.changes import record_history
from app.services.dashboard import attention
from app.services.registers.list_export import export_list
from app.services.registers.list_query import ListQuery, select_ids
from app.services.registers.records import InvalidValues, save_values
from app.services.reports.annual_report import build_annual_report, in_force_at_end
from app.services.reports.annual_report_partners import national_libraries_with_agreements
from app.services.reports.calendar_export import write_calendar
from app.services.reports.exchange_balance import balance_of_year, exchange_balance

D = dt.date
TODAY = D(2026, 3, 2)


def partner(name: str, kind: str = "national_library", country: str = "KR", **names: str) -> Partner:
    return Partner.create(name_en=name, kind=kind, country=country, **names)


def exchange(who: Partner, direction: str, day: dt.date, books: int, periodicals: int = 0, electronic: int = 0) -> None:
    BookExchange.create(partner=who, direction=direction, exchanged_on=day, books=books, periodicals=periodicals,
                        electronic=electronic)  # fmt: skip


def test_the_balance_per_partner_and_year_with_its_running_total(any_database: pw.Database) -> None:
    korea, china = partner("National Library of Korea"), partner("National Library of China", country="CN")
    exchange(korea, "sent", D(2017, 5, 1), 10, 5, 1)
    exchange(korea, "received", D(2017, 9, 1), 30, 2)
    exchange(korea, "sent", D(2018, 2, 1), 40)  # 2018: only sent
    exchange(korea, "received", D(2020, 3, 1), 7, 0, 3)  # 2019: nothing
    exchange(korea, "sent", D(2020, 12, 31), 1)
    exchange(china, "received", D(2018, 1, 1), 12)

    rows = exchange_balance(language="en")
    assert [(r.partner, r.year) for r in rows] == [
        ("National Library of China", 2018),
        ("National Library of Korea", 2017), ("National Library of Korea", 2018), ("National Library of Korea", 2020),
    ]  # fmt: skip
    korea_2017 = rows[1]
    assert (korea_2017.sent.books, korea_2017.sent.periodicals, korea_2017.sent.electronic) == (10, 5, 1)
    assert (korea_2017.received.total, korea_2017.sent.total, korea_2017.balance) == (32, 16, 16)
    assert [(r.balance, r.running) for r in rows[1:]] == [(16, 16), (-40, -24), (9, -15)]
    assert (rows[0].balance, rows[0].running) == (12, 12)

    year, total = balance_of_year(2018, language="en")
    assert [(r.partner, r.balance, r.running) for r in year] == [("National Library of China", 12, 12),
                                                                 ("National Library of Korea", -40, -24)]  # fmt: skip
    assert (total.sent.total, total.received.total, total.balance, total.running) == (40, 12, -28, -12)
    year, total = balance_of_year(2019, language="en")  # no exchange that year: the balance so far still counts
    assert year == [] and total.running == -12
    assert [r.year for r in exchange_balance(partner_ids=[china.id])] == [2018]


def membership(organisation: Partner, **values: object) -> int:
    base = {"organisation": organisation.id, "status": "active", "annual_fee": (Decimal("1400"), "EUR"),
            "delegates": []}  # fmt: skip
    return save_values("memberships", {**base, **values})


def test_dues_coming_due_and_unpaid_are_reminded(any_database: pw.Database, tmp_path: Path) -> None:
    ifla = partner("IFLA", "international_organisation", "NL")
    eurasia = partner("Library Assembly of Eurasia", "international_organisation", "RU")
    cdnl = partner("CDNL", "international_organisation", "NL")
    issn = partner("ISSN International Centre", "international_organisation", "FR")
    due_soon = membership(ifla, next_due_on=TODAY + dt.timedelta(days=20), paid_until=TODAY + dt.timedelta(days=20))
    unpaid = membership(eurasia, next_due_on=TODAY - dt.timedelta(days=15))  # past its day, not paid
    membership(cdnl, next_due_on=TODAY + dt.timedelta(days=200))  # far off
    membership(issn, next_due_on=TODAY + dt.timedelta(days=5), status="ended")  # no longer a member

    dues = [item for item in attention(TODAY) if item.kind == "dues"]
    assert [(item.record_id, item.days, item.label) for item in dues] == [
        (unpaid, -15, "Library Assembly of Eurasia"), (due_soon, 20, "IFLA")]  # fmt: skip
    assert all(item.register == "memberships" for item in dues)

    path = tmp_path / "dates.ics"
    write_calendar(path, today=TODAY, days=365, language="en")
    entries = icalendar.Calendar.from_ical(path.read_bytes()).walk("VEVENT")
    fees = {str(e["summary"]): e for e in entries if str(e["uid"]).startswith("memberships-")}
    assert set(fees) == {"Membership fee due: IFLA", "Membership fee due: CDNL"}
    assert fees["Membership fee due: IFLA"].decoded("dtstart") == TODAY + dt.timedelta(days=20)
    assert "€1,400.00" in str(fees["Membership fee due: IFLA"]["description"])


def test_a_membership_needs_its_organisation_and_a_fee_needs_its_currency(any_database: pw.Database) -> None:
    ifla = partner("IFLA", "international_organisation", "NL")
    with pytest.raises(InvalidValues) as refused:
        save_values("memberships", {"organisation": None, "status": "active", "annual_fee": (Decimal(5), "")})
    assert set(refused.value.errors) == {"organisation", "annual_fee"}
    employee = Employee.create(full_name="Muxtarama Muratova")
    record_id = membership(ifla, delegates=[employee.id], since=2007)
    assert list(select_ids(ListQuery("memberships", search="муратова"))) == [record_id]  # a delegate, across scripts


def test_gifts_are_listed_found_across_scripts_exported_and_logged(any_database: pw.Database, tmp_path: Path) -> None:
    korea = partner("National Library of Korea", name_ru="Национальная библиотека Кореи")
    values = {"direction": "given", "item": "Faksimile «Boburnoma»", "kind": "facsimile", "quantity": 1,
              "value": (Decimal("350"), "USD"), "given_on": D(2019, 3, 26), "partner": korea.id,
              "kept_at": "", "declared": False}  # fmt: skip
    gift = save_values("gifts", values)
    save_values("gifts", {**values, "item": "Books on Korean history", "direction": "received", "kind": "books",
                          "quantity": 45, "value": (None, ""), "given_on": D(2018, 5, 15)})  # fmt: skip
    assert list(select_ids(ListQuery("gifts", search="факсимиле бобурнома"))) == [gift]  # Cyrillic finds Latin
    assert list(select_ids(ListQuery("gifts", search="кореи", filters={"direction": "given"}))) == [gift]
    assert len(select_ids(ListQuery("gifts", year=2018))) == 1
    with pytest.raises(InvalidValues) as refused:
        save_values("gifts", {**values, "declared": True, "declared_on": D(2019, 3, 1)})  # before it was given
    assert set(refused.value.errors) == {"declared_on"}

    save_values("gifts", {**values, "declared": True, "declared_on": D(2019, 4, 2)}, record_id=gift, version=1)
    history = record_history("gifts", gift)
    assert {line.field for line in history if line.action == "update"} == {"Declared", "Declared on"}
    assert ChangeLog.select().where(ChangeLog.register == "protocol_gift").count() == 3

    path = tmp_path / "gifts.xlsx"
    export_list(query=ListQuery("gifts", order=("given_on", False)), fields=["given_on", "item", "quantity", "value"],
                path=path)  # fmt: skip
    rows = list(load_workbook(path).active.iter_rows(values_only=True))
    header = rows.index(("Date", "Gift", "Quantity", "Value", "Currency"))
    assert rows[header + 1][1:] == ("Books on Korean history", 45, None, None)
    assert rows[header + 2][1:] == ("Faksimile «Boburnoma»", 1, 350, "USD")


def test_agreements_filter_by_the_kind_of_their_parties(any_database: pw.Database) -> None:
    national, university = partner("National Library of Latvia", country="LV"), partner("Aichi", "university", "JP")
    library = Agreement.create(title_en="With the library", status="in_force", signed_on=D(2018, 6, 7))
    AgreementParty.create(agreement=library, partner=national)
    both = Agreement.create(title_en="Consortium", status="in_force", signed_on=D(2018, 1, 1))
    for member in (national, university):
        AgreementParty.create(agreement=both, partner=member)
    alone = Agreement.create(title_en="With the university", status="in_force", signed_on=D(2018, 2, 1))
    AgreementParty.create(agreement=alone, partner=university)

    def found(kind: str) -> set[int]:
        return set(select_ids(ListQuery("agreements", filters={"party_kind": kind})))

    assert found("national_library") == {library.id, both.id}
    assert found("university") == {both.id, alone.id}
    assert found("archive_museum") == set()


def test_national_libraries_are_counted_once_across_agreements_bilateral_and_multilateral(
    any_database: pw.Database,
) -> None:
    kazakh_astana, kazakh_almaty = partner("NABRK", country="KZ"), partner("NLRK", country="KZ")
    korea, centre = partner("NLK", country="KR"), partner("IFLA/PAC", "international_organisation", "KZ")
    for number, (parties, signed, until) in enumerate(
        (([kazakh_astana], D(2018, 3, 16), None), ([kazakh_astana, kazakh_almaty, centre], D(2018, 10, 4), None),
         ([korea], D(2013, 9, 26), D(2019, 6, 30)), ([korea], D(2020, 1, 10), None))  # fmt: skip
    ):
        agreement = Agreement.create(reg_number=f"X-{number}", title_en=f"A{number}", status="in_force",
                                     signed_on=signed, valid_until=until)  # fmt: skip
        for party in parties:
            AgreementParty.create(agreement=agreement, partner=party)
    assert national_libraries_with_agreements(in_force_at_end(2019)) == (2, 1)  # Korea's ended, the next not yet
    assert national_libraries_with_agreements(in_force_at_end(2018)) == (3, 2)  # Korea's first still in force
    assert national_libraries_with_agreements(in_force_at_end(2020)) == (3, 2)
    report = build_annual_report(2020, language="en", today=TODAY)
    assert (report.national_libraries.value, report.national_libraries.previous) == (3, 2)
    assert report.national_library_countries.value == 2
