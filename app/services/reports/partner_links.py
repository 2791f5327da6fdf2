"""Everything linked to one partner: agreements, projects, events, visits, trips, exchange, loans, funding, gifts,
memberships, contacts, letters."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import peewee as pw

from app.models import (
    AgreementParty,
    BookExchange,
    BusinessTrip,
    ContactPerson,
    EventPartner,
    Funding,
    InterlibraryLoan,
    Letter,
    Membership,
    ProjectPartner,
    ProtocolGift,
    VisitPartner,
)
from app.services.registers.list_rows import record_label
from app.services.registers.specs import spec_of


@dataclass(frozen=True)
class LinkedRecord:
    """One record linked to the partner, as the card lists it."""

    register: str
    record_id: int
    label: str
    date: dt.date | None


def _ids(query: pw.Query) -> list[int]:
    return [row[0] for row in query.tuples()]


def partner_links(partner_id: int) -> dict[str, list[LinkedRecord]]:
    """The partner's linked records by register (only registers with something linked), newest first."""
    queries: dict[str, list[int]] = {
        "agreements": _ids(AgreementParty.select(AgreementParty.agreement).where(AgreementParty.partner == partner_id)),
        "projects": _ids(ProjectPartner.select(ProjectPartner.project).where(ProjectPartner.partner == partner_id)),
        "events": _ids(EventPartner.select(EventPartner.event).where(EventPartner.partner == partner_id)),
        "visits": _ids(VisitPartner.select(VisitPartner.visit).where(VisitPartner.partner == partner_id)),
        "trips": _ids(BusinessTrip.select(BusinessTrip.id).where(BusinessTrip.host == partner_id)),
        "exchange": _ids(BookExchange.select(BookExchange.id).where(BookExchange.partner == partner_id)),
        "loans": _ids(InterlibraryLoan.select(InterlibraryLoan.id).where(InterlibraryLoan.partner == partner_id)),
        "funding": _ids(Funding.select(Funding.id).where(Funding.donor == partner_id)),
        "gifts": _ids(ProtocolGift.select(ProtocolGift.id).where(ProtocolGift.partner == partner_id)),
        "memberships": _ids(Membership.select(Membership.id).where(Membership.organisation == partner_id)),
        "contacts": _ids(ContactPerson.select(ContactPerson.id).where(ContactPerson.partner == partner_id)),
        "correspondence": _ids(Letter.select(Letter.id).where(Letter.partner == partner_id)),
    }
    result: dict[str, list[LinkedRecord]] = {}
    for register, ids in queries.items():
        if not ids:
            continue
        spec = spec_of(register)
        rows = []
        for record in spec.model.select().where(spec.model.id.in_(ids)):
            when = getattr(record, spec.date_field) if spec.date_field else None
            rows.append(LinkedRecord(register, record.id, record_label(register, record), when))
        rows.sort(key=lambda r: (r.date or dt.date.min, r.record_id), reverse=True)
        result[register] = rows
    return result
