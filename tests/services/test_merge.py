"""Merging two records that are one: every kind of link moves to the kept record, and the merge is undone by a
restore (on SQLite and PostgreSQL)."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path

import peewee as pw
import pytest

from app.models import (
    Agreement,
    AgreementParty,
    BookExchange,
    BusinessTrip,
    ContactPerson,
    DelegationVisit,
    Department,
    Employee,
    Event,
    EventPartner,
    Funding,
    InterlibraryLoan,
    Partner,
    PlanItem,
    PlanLink,
    Project,
    ProjectPartner,
    TripTraveller,
    VisitPartner,
)
from app.models.attachments import Attachment
from app.models.base import ChangeLog
from app.models.correspondence import Letter, LetterLink
from app.models.memberships import Membership
from app.models.protocol import ProtocolGift
from app.models.submissions import Submission, SubmissionRow
from app.services.attachments import add_attachment
from app.services.registers.deleted_records import deleted_records, entries_of_batch, restore
from app.services.registers.list_query import ListQuery, select_ids
from app.services.registers.merge import MergeRefused, merge_records, plan_merge
from app.services.registers.record_links import link_kinds

DAY = dt.date(2019, 5, 14)


def partner(en: str = "", ru: str = "", **values) -> int:  # noqa: ANN003
    return Partner.create(name_en=en, name_ru=ru, kind="national_library", country="RU", **values).id


def employee(name: str) -> int:
    return Employee.create(full_name=name).id


def _agreement(number: str) -> int:
    return Agreement.create(reg_number=number, title_en="Memorandum", kind="mou", status="in_force").id


# Each builder links a new row to record `target` and returns (model, the row's id, the column that links).
Builder = Callable[[int], tuple[type[pw.Model], int, str]]
PARTNER_LINKS: dict[str, Builder] = {
    "parent organisation": lambda p: (Partner, partner("Branch", parent=p), "parent_id"),
    "contact person": lambda p: (ContactPerson, ContactPerson.create(full_name="Anna", partner=p).id, "partner_id"),
    "agreement party": lambda p: (AgreementParty, AgreementParty.create(agreement=_agreement("XA-1"), partner=p).id,
                                  "partner_id"),
    "project role": lambda p: (ProjectPartner, ProjectPartner.create(
        project=Project.create(title_en="Window to Russia", start_on=DAY).id, partner=p, role="lead").id,
        "partner_id"),
    "event partner": lambda p: (EventPartner, EventPartner.create(
        event=Event.create(title_en="Conference", start_on=DAY).id, partner=p).id, "partner_id"),
    "visit partner": lambda p: (VisitPartner, VisitPartner.create(
        visit=DelegationVisit.create(title="Delegation", arrived_on=DAY).id, partner=p).id, "partner_id"),
    "trip host": lambda p: (BusinessTrip, BusinessTrip.create(title="Trip", country="RU", start_on=DAY,
                                                              host=p).id, "host_id"),
    "book exchange": lambda p: (BookExchange, BookExchange.create(partner=p, direction="sent",
                                                                  exchanged_on=DAY).id, "partner_id"),
    "interlibrary loan": lambda p: (InterlibraryLoan, InterlibraryLoan.create(
        partner=p, direction="borrow", item_title="Manuscript", requested_on=DAY).id, "partner_id"),
    "funding": lambda p: (Funding, Funding.create(title="Grant", donor=p).id, "donor_id"),
    "letter correspondent": lambda p: (Letter, Letter.create(direction="incoming", our_date=DAY, subject="Thanks",
                                                             partner=p).id, "partner_id"),
    "letter concerning": lambda p: (LetterLink, LetterLink.create(letter=Letter.create(
        direction="outgoing", our_date=DAY, subject="About the partner").id, register="partners", record_id=p).id,
        "record_id"),
    "submission row": lambda p: (SubmissionRow, SubmissionRow.create(submission=Submission.create(
        unit=Department.create(name_en="IT department").id, year=2019, quarter=4).id, sheet="exchange", row=5,
        register="partners", record_id=p, state="accepted").id, "record_id"),
    "protocol gift": lambda p: (ProtocolGift, ProtocolGift.create(item="Facsimile of a manuscript", given_on=DAY,
                                                                  partner=p).id, "partner_id"),
    "membership": lambda p: (Membership, Membership.create(organisation=p, level="Institutional member").id,
                             "organisation_id"),
    "plan item link": lambda p: (PlanLink, PlanLink.create(plan_item=PlanItem.create(
        year=2019, activity="agreement", description="Sign").id, register="partners", record_id=p).id, "record_id"),
}


def _attachment(tmp_path: Path) -> Builder:
    def build(p: int) -> tuple[type[pw.Model], int, str]:
        scan = tmp_path / "letter.pdf"
        scan.write_bytes(b"%PDF-1.4 letter")
        return Attachment, add_attachment("partners", p, scan).id, "record_id"

    return build


def _linked_to(model: type[pw.Model], row_id: int, column: str) -> int:
    return model.select(model._meta.columns[column]).where(model._meta.primary_key == row_id).scalar()


def test_every_kind_of_link_to_a_partner_is_covered_by_a_test(any_database, tmp_path: Path) -> None:  # noqa: ANN001
    kinds = {(kind.model.__name__, kind.column) for kind in link_kinds("partners")}
    target = partner("Library")
    built = {(model.__name__, column) for model, _row, column in
             (build(target) for build in [*PARTNER_LINKS.values(), _attachment(tmp_path)])}  # fmt: skip
    assert kinds == built | {("ChangeLog", "record_id")}  # the history has a test of its own


@pytest.mark.parametrize("link", [*PARTNER_LINKS, "attachment"])
def test_a_merge_moves_the_link_to_the_kept_partner_and_its_undo_moves_it_back(
    any_database, tmp_path: Path, link: str  # noqa: ANN001
) -> None:
    keep = partner("Russian National Library")
    other = partner(ru="Российская национальная библиотека", city="Saint Petersburg")
    build = _attachment(tmp_path) if link == "attachment" else PARTNER_LINKS[link]
    model, row_id, column = build(other)

    plan = plan_merge("partners", keep, other)
    assert any(move.kind.model is model and move.ids == [row_id] for move in plan.moves), plan.lines()
    batch = merge_records("partners", keep, other)

    assert Partner.get_or_none(Partner.id == other) is None
    assert _linked_to(model, row_id, column) == keep
    kept = Partner.get_by_id(keep)
    assert kept.name_ru == "Российская национальная библиотека" and kept.city == "Saint Petersburg"  # filled

    assert restore(entries_of_batch(batch)) == [("partners", other)]
    assert _linked_to(model, row_id, column) == other
    kept = Partner.get_by_id(keep)
    assert kept.name_ru == "" and kept.city == ""  # the filled fields are empty again
    assert Partner.get_by_id(other).name_ru == "Российская национальная библиотека"


def test_the_history_moves_both_histories_say_so_and_the_undo_gives_the_history_back(any_database) -> None:  # noqa: ANN001
    keep, other = partner("Korean National Library"), partner("National Library of Korea")
    record = Partner.get_by_id(other)
    record.city = "Seoul"
    record.save()
    other_history = [row.id for row in ChangeLog.select().where(ChangeLog.record_id == other,
                                                                 ChangeLog.register == "partner")]  # fmt: skip
    batch = merge_records("partners", keep, other)

    moved = ChangeLog.select().where(ChangeLog.id.in_(other_history))
    assert {row.record_id for row in moved} == {keep}
    merges = {row.record_id: json.loads(row.changes) for row in
              ChangeLog.select().where((ChangeLog.action == "merge") & (ChangeLog.register == "partner"))}  # fmt: skip
    assert merges[keep]["merged"] == other and merges[keep]["city"] == ["", "Seoul"]
    assert merges[other]["merged_into"] == keep
    assert [(e.operation, e.record_id) for e in deleted_records("partners")] == [("merge", other)]

    restore(entries_of_batch(batch))
    assert {row.record_id for row in ChangeLog.select().where(ChangeLog.id.in_(other_history))} == {other}


def test_a_link_both_records_have_is_not_repeated_and_comes_back_with_the_undo(any_database) -> None:  # noqa: ANN001
    keep, other = partner("National Library of Belarus"), partner(ru="Национальная библиотека Беларуси")
    shared = _agreement("XA-2019/03")
    AgreementParty.create(agreement=shared, partner=keep)
    AgreementParty.create(agreement=shared, partner=other)
    batch = merge_records("partners", keep, other)
    assert [row.partner_id for row in AgreementParty.select().where(AgreementParty.agreement == shared)] == [keep]

    restore(entries_of_batch(batch))
    parties = sorted(row.partner_id for row in AgreementParty.select().where(AgreementParty.agreement == shared))
    assert parties == sorted([keep, other])


def test_records_that_link_to_the_partner_are_found_by_the_kept_name_after_the_merge(any_database) -> None:  # noqa: ANN001
    keep, other = partner("Goethe-Institut"), partner(ru="Гёте-институт")
    contact = ContactPerson.create(full_name="Hans Weber", partner=other).id
    merge_records("partners", keep, other)
    assert list(select_ids(ListQuery("contacts", search="Goethe"))) == [contact]


@pytest.mark.parametrize("link", ["trip traveller", "responsible officer"])
def test_a_merge_of_employees_moves_their_trips_and_agreements(any_database, link: str) -> None:  # noqa: ANN001
    keep, other = employee("Karimov Alisher"), employee("Alisher Karimov")
    if link == "trip traveller":
        trip = BusinessTrip.create(title="Seoul", country="KR", start_on=DAY).id
        row = TripTraveller.create(trip=trip, employee=other).id
        model, column = TripTraveller, "employee_id"
    else:
        row = Agreement.create(reg_number="XA-7", title_en="Protocol", kind="mou", status="in_force",
                               responsible=other).id  # fmt: skip
        model, column = Agreement, "responsible_id"
    batch = merge_records("employees", keep, other)
    assert _linked_to(model, row, column) == keep
    restore(entries_of_batch(batch))
    assert _linked_to(model, row, column) == other


def test_a_merge_of_contacts_keeps_one_and_undoes(any_database) -> None:  # noqa: ANN001
    library = partner("National Library of Korea")
    keep = ContactPerson.create(full_name="Kim Min-jun", partner=library).id
    other = ContactPerson.create(full_name="Ким Мин Джун", partner=library, email="kim@nl.go.kr").id
    batch = merge_records("contacts", keep, other)
    assert ContactPerson.get_by_id(keep).email == "kim@nl.go.kr"
    restore(entries_of_batch(batch))
    assert ContactPerson.get_by_id(other).email == "kim@nl.go.kr" and ContactPerson.get_by_id(keep).email == ""


def test_a_record_is_not_merged_with_itself_or_with_one_that_is_not_there(any_database) -> None:  # noqa: ANN001
    keep = partner("Library")
    with pytest.raises(MergeRefused):
        plan_merge("partners", keep, keep)
    with pytest.raises(MergeRefused):
        plan_merge("partners", keep, keep + 1000)
