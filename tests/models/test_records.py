"""The registers' tables on SQLite and PostgreSQL: constraints, delete rules, versions and the change log."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import peewee as pw
import pytest

from app.models import (
    Agreement,
    AgreementParty,
    BookExchange,
    BusinessTrip,
    ConflictError,
    ContactPerson,
    DelegationVisit,
    Department,
    Employee,
    Event,
    Funding,
    Partner,
    PlanItem,
    TripTraveller,
    VisitCountry,
)
from app.models.base import ChangeLog, set_current_user

D = dt.date


def korea() -> Partner:
    return Partner.create(
        name_uz="Koreya Respublikasi Milliy kutubxonasi",
        name_ru="Национальная библиотека Кореи",
        name_en="National Library of Korea",
        kind="national_library",
        country="KR",
        city="Seoul",
    )


def test_a_record_gets_its_bookkeeping(any_database: pw.Database) -> None:
    partner = korea()
    stored = Partner.get_by_id(partner.id)
    assert stored.version == 1
    assert stored.created_by == stored.updated_by == "tester"
    assert stored.created_at is not None and stored.updated_at >= stored.created_at
    assert stored.search_text  # computed on save


@pytest.mark.parametrize(
    "make",
    [
        pytest.param(lambda: Partner.create(kind="library"), id="partner without any name"),
        pytest.param(lambda: Partner.create(name_en="X", kind="shop"), id="unknown partner kind"),
        pytest.param(lambda: Partner.create(name_en="X", country="kr"), id="country not a code"),
        pytest.param(lambda: Partner.create(name_en="X", country="KOR"), id="three-letter country"),
        pytest.param(
            lambda: Agreement.create(title_en="A", effective_from=D(2020, 5, 1), valid_until=D(2020, 4, 30)),
            id="agreement ends before it starts",
        ),
        pytest.param(lambda: Agreement.create(title_en="A", auto_renewal=True), id="renewal without a period"),
        pytest.param(lambda: Agreement.create(title_en="A", status="signed"), id="unknown status"),
        pytest.param(lambda: Event.create(title_en="E"), id="event without a start date"),
        pytest.param(
            lambda: Event.create(title_en="E", start_on=D(2019, 1, 1), participants_total=10, participants_foreign=11),
            id="more foreign participants than participants",
        ),
        pytest.param(lambda: Funding.create(title="G", amount=-1), id="negative amount"),
        pytest.param(lambda: PlanItem.create(year=2019, quarter=5, description="x"), id="fifth quarter"),
        pytest.param(lambda: DelegationVisit.create(title="", arrived_on=D(2019, 1, 1)), id="visit without a title"),
        pytest.param(lambda: BusinessTrip.create(title="T", country="US"), id="trip without a departure"),
        pytest.param(lambda: Employee.create(full_name=""), id="employee without a name"),
    ],
)
def test_the_database_refuses_a_record_that_makes_no_sense(any_database: pw.Database, make) -> None:  # noqa: ANN001
    with pytest.raises((pw.IntegrityError, pw.DataError)):  # PostgreSQL reports an over-long code as DataError
        with any_database.atomic():
            make()


def test_a_link_to_a_missing_record_is_refused(any_database: pw.Database) -> None:
    with pytest.raises(pw.IntegrityError):
        with any_database.atomic():
            ContactPerson.create(full_name="Kim", partner=9999)


def test_the_same_registration_number_twice_is_refused(any_database: pw.Database) -> None:
    Agreement.create(title_en="One", reg_number="XA-1")
    with pytest.raises(pw.IntegrityError):
        with any_database.atomic():
            Agreement.create(title_en="Two", reg_number="XA-1")
    Agreement.create(title_en="Draft one")
    Agreement.create(title_en="Draft two")  # drafts without a number do not collide


def test_deleting_a_partner_with_an_agreement_is_refused_but_its_contacts_go_with_it(
    any_database: pw.Database,
) -> None:
    partner = korea()
    ContactPerson.create(full_name="Kim Min-jun", partner=partner)
    agreement = Agreement.create(title_en="MoU", kind="mou", status="in_force")
    AgreementParty.create(agreement=agreement, partner=partner)
    with pytest.raises(pw.IntegrityError):
        with any_database.atomic():
            partner.delete_instance()
    assert Partner.select().count() == 1

    agreement.delete_instance()
    assert AgreementParty.select().count() == 0  # the parties go with the agreement
    partner.delete_instance()
    assert ContactPerson.select().count() == 0  # the contacts go with the partner


def test_deleting_a_department_keeps_its_employees(any_database: pw.Database) -> None:
    department = Department.create(name_en="International Relations Service")
    employee = Employee.create(full_name="Muxtarama Muratova", department=department)
    department.delete_instance()
    assert Employee.get_by_id(employee.id).department_id is None


def test_an_employee_who_travelled_cannot_be_deleted(any_database: pw.Database) -> None:
    employee = Employee.create(full_name="Aziz Karimov")
    trip = BusinessTrip.create(title="IFLA WLIC", country="US", start_on=D(2019, 8, 24))
    TripTraveller.create(trip=trip, employee=employee)
    with pytest.raises(pw.IntegrityError):
        with any_database.atomic():
            employee.delete_instance()


def test_saving_over_someone_elses_change_is_a_conflict_not_a_lost_update(any_database: pw.Database) -> None:
    partner = korea()
    mine = Partner.get_by_id(partner.id)
    theirs = Partner.get_by_id(partner.id)
    set_current_user("colleague")
    theirs.city = "Sejong"
    theirs.save()
    set_current_user("tester")
    mine.city = "Busan"
    with pytest.raises(ConflictError):
        mine.save()
    stored = Partner.get_by_id(partner.id)
    assert (stored.city, stored.version, stored.updated_by) == ("Sejong", 2, "colleague")
    assert mine.version == 1  # still the version it was read with, so the officer can reload or overwrite

    fresh = Partner.get_by_id(partner.id)
    fresh.city = "Busan"
    fresh.save()
    assert Partner.get_by_id(partner.id).version == 3


def test_every_change_is_logged_with_old_and_new_values(any_database: pw.Database) -> None:
    partner = korea()
    partner.city = "Sejong"
    partner.save()
    partner.save()  # nothing changed: nothing logged
    partner.delete_instance()
    log = list(ChangeLog.select().where(ChangeLog.record_id == partner.id).order_by(ChangeLog.id))
    assert [entry.action for entry in log] == ["create", "update", "delete"]
    assert json.loads(log[0].changes)["name_en"] == "National Library of Korea"
    assert json.loads(log[1].changes) == {"city": ["Seoul", "Sejong"]}
    assert {entry.changed_by for entry in log} == {"tester"}
    assert {entry.register for entry in log} == {"partner"}


def test_money_dates_and_links_read_back_as_written(any_database: pw.Database) -> None:
    partner = korea()
    BookExchange.create(
        partner=partner, direction="received", exchanged_on=D(2019, 3, 1), books=120, value="1250.50", currency="USD"
    )
    row = BookExchange.get()
    assert row.exchanged_on == D(2019, 3, 1)
    assert row.value == Decimal("1250.50")
    assert row.partner.name_en == "National Library of Korea"


def test_visit_countries_are_unique_per_visit(any_database: pw.Database) -> None:
    visit = DelegationVisit.create(title="Delegation", arrived_on=D(2019, 4, 2))
    VisitCountry.create(visit=visit, country="JP")
    with pytest.raises(pw.IntegrityError):
        with any_database.atomic():
            VisitCountry.create(visit=visit, country="JP")


def test_the_delete_question_names_what_goes_with_a_record_by_what_it_is(database: pw.Database) -> None:  # noqa: ARG001
    from app.i18n import set_language
    from app.models import DelegationVisit, VisitCountry, VisitMember, VisitPartner
    from app.services.registers.records import deletion_summary

    visit = DelegationVisit.create(title="Delegation of the National Library of Korea", arrived_on=D(2019, 4, 2))
    VisitCountry.create(visit=visit, country="KR")
    VisitPartner.create(visit=visit, partner=korea())
    for name in ("Kim Min-jun", "Lee Seo-yeon"):
        VisitMember.create(visit=visit, full_name=name)
    set_language("ru")
    text, allowed = deletion_summary("visits", [visit.id])
    assert allowed
    assert "Также будут удалены:" in text
    assert "страны (1)" in text and "организации (1)" in text and "состав делегации (2)" in text, text
