"""The parts of a country dossier or partner card: each register's records linked to a set of partners (and, for a
country, what took place there), as tables of texts in the interface language."""

from __future__ import annotations

import datetime as dt
import logging
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import peewee as pw

from app.i18n import _, format_number, ngettext
from app.models import (
    Agreement,
    AgreementParty,
    BookExchange,
    BusinessTrip,
    ContactPerson,
    DelegationVisit,
    Event,
    EventCountry,
    EventPartner,
    Funding,
    InterlibraryLoan,
    Partner,
    Project,
    ProjectPartner,
    VisitCountry,
    VisitPartner,
)
from app.models.choices import AGREEMENT_STATUSES, PROJECT_ROLES
from app.services.lifecycle import term_on
from app.services.registers.list_rows import fetch_rows, labels_of
from app.services.registers.list_rows import value_text as _text
from app.services.reports.agreement_register import until_text
from app.text.names import name_alternatives, name_order_expression

logger = logging.getLogger(__name__)

#: Records read from the database at once.
CHUNK = 1000

Cell = str | Sequence[str]  # a text, or a name with its alternatives in other languages


@dataclass
class Section:
    """One part of the dossier: a register's records as a table of texts."""

    key: str
    title: str
    headers: list[str]
    weights: list[float]
    rows: list[list[Cell]] = field(default_factory=list)
    numeric: list[int] = field(default_factory=list)
    note: str = ""


def _period(start: dt.date | None, end: dt.date | None) -> str:
    if start and end and end != start:
        return f"{_text(start)} –\n{_text(end)}"
    return _text(start) if start else ""


def _ids(query: pw.Query) -> list[int]:
    return [row[0] for row in query.tuples()]


def _rows(register: str, ids: Sequence[int], fields: Sequence[str], language: str) -> list[dict[str, Any]]:
    """The records' display values (as the lists show them) by field name, in the order of `ids`."""
    found: list[dict[str, Any]] = []
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        fetched = fetch_rows(register, chunk, fields, language)
        found += [
            {"id": record_id, **dict(zip(fields, fetched[record_id], strict=True))}
            for record_id in chunk
            if record_id in fetched
        ]
    return found


class SectionBuilder:
    """Collects the sections for a set of partners (and, for a country, what happened in the country itself)."""

    def __init__(self, language: str, today: dt.date, partners: pw.Query, country: str | None) -> None:
        self.language = language
        self.today = today
        self.partners = partners  # a subquery of partner ids
        self.country = country

    def sections(self, *, with_partners: bool) -> list[Section]:
        parts = [self.partner_list()] if with_partners else []
        parts += [self.contacts(), self.agreements(), self.projects(), self.events(), self.visits(), self.trips(),
                  self.exchange(), self.loans(), self.funding()]  # fmt: skip
        return parts

    def partner_list(self) -> Section:
        ids = _ids(
            Partner.select(Partner.id)
            .where(Partner.id.in_(self.partners))
            .order_by(name_order_expression(Partner, "name", self.language), Partner.id)
        )
        headers = [_("Name"), _("Kind"), _("City"), _("Contacts"), _("Active")]
        section = Section("partners", _("Partner organisations"), headers, [40, 16, 12, 36, 7])
        full = {
            row.id: row
            for start in range(0, len(ids), CHUNK)
            for row in Partner.select(
                Partner.id, Partner.name_uz, Partner.name_ru, Partner.name_en, Partner.name_orig
            ).where(Partner.id.in_(ids[start : start + CHUNK]))
        }
        for row in _rows("partners", ids, ["kind", "city", "website", "email", "phone", "active"], self.language):
            reach = "\n".join(text for text in (row["website"], row["email"], row["phone"]) if text)
            names = name_alternatives(full[row["id"]], "name", self.language)
            section.rows.append([names, row["kind"], row["city"], reach, _text(row["active"])])
        return section

    def contacts(self) -> Section:
        ids = _ids(
            ContactPerson.select(ContactPerson.id)
            .where(ContactPerson.partner.in_(self.partners))
            .order_by(ContactPerson.full_name, ContactPerson.id)
        )
        section = Section("contacts", _("Contact people"),
                          [_("Name"), _("Position"), _("Organisation"), _("E-mail"), _("Phone"), _("Languages")],
                          [22, 22, 30, 22, 16, 12])  # fmt: skip
        fields = ["full_name", "position", "partner", "email", "phone", "languages"]
        section.rows = [[row[name] or "" for name in fields] for row in _rows("contacts", ids, fields, self.language)]
        return section

    def agreements(self) -> Section:
        query = Agreement.select().where(
            Agreement.id.in_(
                AgreementParty.select(AgreementParty.agreement).where(AgreementParty.partner.in_(self.partners))
            )
        )
        agreements = list(query.order_by(Agreement.signed_on.desc(nulls="LAST"), Agreement.id.desc()))
        section = Section("agreements", _("Agreements"),
                          [_("Reg. number"), _("Title"), _("Parties"), _("Kind"), _("Signed"), _("In force until"),
                           _("Status today"), _("Current term ends"), _("Notice deadline")],
                          [12, 32, 28, 14, 13, 17, 13, 12, 12])  # fmt: skip
        rows = {row["id"]: row for row in _rows("agreements", [a.id for a in agreements], ["parties", "kind"],
                                                self.language)}  # fmt: skip
        in_force = 0
        for agreement in agreements:
            term = term_on(agreement, self.today)
            in_force += term.status == "in_force"
            row = rows.get(agreement.id, {})
            section.rows.append([
                agreement.reg_number or "", name_alternatives(agreement, "title", self.language),
                (row.get("parties") or "").replace("; ", "\n"), row.get("kind", ""), _text(agreement.signed_on),
                until_text(agreement, self.today), _(AGREEMENT_STATUSES.label(term.status)),
                _text(term.ends_on) if term.status == "in_force" else "", _text(term.notice_deadline),
            ])  # fmt: skip
        section.note = ngettext("{count} in force today", "{count} in force today", in_force).format(count=in_force)
        return section

    def projects(self) -> Section:
        projects = ProjectPartner.select(ProjectPartner.project).where(ProjectPartner.partner.in_(self.partners))
        roles: dict[int, list[tuple[int, str]]] = defaultdict(list)
        for project, partner, role in (
            ProjectPartner.select(ProjectPartner.project, ProjectPartner.partner, ProjectPartner.role)
            .where(ProjectPartner.project.in_(projects))
            .order_by(ProjectPartner.id)
            .tuples()
        ):
            roles[project].append((partner, role))
        partner_names = labels_of("partners", {p for pairs in roles.values() for p, _r in pairs}, self.language)
        query = Project.select().where(Project.id.in_(projects))
        full = {row.id: row for row in query.order_by(Project.start_on.desc(nulls="LAST"), Project.id.desc())}
        section = Section("projects", _("Projects and programmes"),
                          [_("Title"), _("Kind"), _("Status"), _("Partners and roles"), _("Period"),
                           _("Responsible department")], [36, 18, 12, 44, 17, 20])  # fmt: skip
        fields = ["kind", "status", "start_on", "end_on", "department"]
        for row in _rows("projects", list(full), fields, self.language):
            partners = "\n".join(
                f"{partner_names.get(partner, '')} ({_(PROJECT_ROLES.label(role))})"
                for partner, role in roles[row["id"]]
            )
            titles = name_alternatives(full[row["id"]], "title", self.language)
            section.rows.append([titles, row["kind"], row["status"], partners, _period(row["start_on"], row["end_on"]),
                                 row["department"] or ""])  # fmt: skip
        return section

    def events(self) -> Section:
        condition = Event.id.in_(EventPartner.select(EventPartner.event).where(EventPartner.partner.in_(self.partners)))
        if self.country:
            condition |= (Event.country == self.country) | Event.id.in_(
                EventCountry.select(EventCountry.event).where(EventCountry.country == self.country)
            )
        ids = _ids(Event.select(Event.id).where(condition).order_by(Event.start_on.desc(), Event.id.desc()))
        section = Section("events", _("Events"),
                          [_("Dates"), _("Title"), _("Kind"), _("Place"), _("Organisers and partners"), _("Status"),
                           _("Participants")], [17, 40, 16, 20, 34, 15, 13], numeric=[6])  # fmt: skip
        fields = ["start_on", "end_on", "title", "kind", "place", "country", "city", "partners", "status",
                  "participants_total"]  # fmt: skip
        for row in _rows("events", ids, fields, self.language):
            where = ", ".join(text for text in (row["city"], row["country"]) if text)
            section.rows.append([_period(row["start_on"], row["end_on"]), row["title"], row["kind"],
                                 f"{row['place']}\n{where}" if where else row["place"],
                                 (row["partners"] or "").replace("; ", "\n"), row["status"],
                                 _text(row["participants_total"])])  # fmt: skip
        return section

    def visits(self) -> Section:
        condition = DelegationVisit.id.in_(
            VisitPartner.select(VisitPartner.visit).where(VisitPartner.partner.in_(self.partners))
        )
        if self.country:
            condition |= DelegationVisit.id.in_(
                VisitCountry.select(VisitCountry.visit).where(VisitCountry.country == self.country)
            )
        ids = _ids(
            DelegationVisit.select(DelegationVisit.id)
            .where(condition)
            .order_by(DelegationVisit.arrived_on.desc(), DelegationVisit.id.desc())
        )
        section = Section("visits", _("Delegations received"),
                          [_("Dates"), _("Delegation"), _("Organisations"), _("Members"), _("Purpose"),
                           _("Hosting department")], [17, 36, 36, 28, 36, 18])  # fmt: skip
        fields = ["arrived_on", "departed_on", "title", "partners", "members", "purpose", "host_department"]
        for row in _rows("visits", ids, fields, self.language):
            section.rows.append([_period(row["arrived_on"], row["departed_on"]), row["title"],
                                 (row["partners"] or "").replace("; ", "\n"),
                                 (row["members"] or "").replace("; ", "\n"), row["purpose"] or "",
                                 row["host_department"] or ""])  # fmt: skip
        return section

    def trips(self) -> Section:
        condition = BusinessTrip.host.in_(self.partners)
        if self.country:
            condition |= BusinessTrip.country == self.country
        ids = _ids(
            BusinessTrip.select(BusinessTrip.id)
            .where(condition)
            .order_by(BusinessTrip.start_on.desc(), BusinessTrip.id.desc())
        )
        section = Section("trips", _("Business trips"),
                          [_("Dates"), _("Trip"), _("Travellers"), _("City"), _("Host organisation"), _("Purpose"),
                           _("Report")], [17, 40, 30, 14, 30, 18, 18])  # fmt: skip
        fields = ["start_on", "end_on", "title", "travellers", "city", "host", "purpose", "report_due_on",
                  "report_submitted_on"]  # fmt: skip
        for row in _rows("trips", ids, fields, self.language):
            if row["report_submitted_on"]:
                report = _("submitted {date}").format(date=_text(row["report_submitted_on"]))
            elif row["report_due_on"]:
                report = _("due {date}").format(date=_text(row["report_due_on"]))
            else:
                report = ""
            section.rows.append([_period(row["start_on"], row["end_on"]), row["title"],
                                 (row["travellers"] or "").replace("; ", "\n"), row["city"] or "", row["host"] or "",
                                 row["purpose"], report])  # fmt: skip
        return section

    def exchange(self) -> Section:
        ids = _ids(
            BookExchange.select(BookExchange.id)
            .where(BookExchange.partner.in_(self.partners))
            .order_by(BookExchange.exchanged_on.desc(), BookExchange.id.desc())
        )
        section = Section("exchange", _("Book exchange"),
                          [_("Date"), _("Partner"), _("Direction"), _("Books"), _("Periodicals"), _("Electronic")],
                          [14, 50, 16, 12, 12, 12], numeric=[3, 4, 5])  # fmt: skip
        fields = ["exchanged_on", "partner", "direction", "books", "periodicals", "electronic"]
        totals = dict(
            BookExchange.select(BookExchange.direction, pw.fn.SUM(BookExchange.books))
            .where(BookExchange.partner.in_(self.partners))
            .group_by(BookExchange.direction)
            .tuples()
        )
        section.rows = [[_text(row[name]) for name in fields] for row in _rows("exchange", ids, fields, self.language)]
        section.note = _("Books sent: {sent}; received: {received}").format(
            sent=format_number(int(totals.get("sent") or 0)), received=format_number(int(totals.get("received") or 0))
        )
        return section

    def loans(self) -> Section:
        ids = _ids(
            InterlibraryLoan.select(InterlibraryLoan.id)
            .where(InterlibraryLoan.partner.in_(self.partners))
            .order_by(InterlibraryLoan.requested_on.desc(), InterlibraryLoan.id.desc())
        )
        section = Section("loans", _("Interlibrary loans"),
                          [_("Requested"), _("Item"), _("Direction"), _("Partner library"), _("Status"), _("Due"),
                           _("Returned")], [13, 50, 14, 36, 13, 12, 12])  # fmt: skip
        fields = [
            "requested_on",
            "item_title",
            "item_author",
            "direction",
            "partner",
            "status",
            "due_on",
            "returned_on",
        ]
        for row in _rows("loans", ids, fields, self.language):
            item = f"{row['item_title']}\n{row['item_author']}" if row["item_author"] else row["item_title"]
            section.rows.append([_text(row["requested_on"]), item, row["direction"], row["partner"], row["status"],
                                 _text(row["due_on"]), _text(row["returned_on"])])  # fmt: skip
        return section

    def funding(self) -> Section:
        ids = _ids(
            Funding.select(Funding.id)
            .where(Funding.donor.in_(self.partners))
            .order_by(Funding.awarded_on.desc(nulls="LAST"), Funding.id.desc())
        )
        section = Section("funding", _("Funding"),
                          [_("Awarded"), _("Title"), _("Donor or sponsor"), _("Kind"), _("Amount"), _("Status"),
                           _("Project")], [13, 40, 34, 13, 16, 13, 28], numeric=[4])  # fmt: skip
        fields = ["awarded_on", "title", "donor", "kind", "amount", "status", "project"]
        section.rows = [[_text(row[name]) for name in fields] for row in _rows("funding", ids, fields, self.language)]
        return section
