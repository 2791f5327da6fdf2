"""The child tables behind a register's many-valued fields (parties, partners, countries, members, travellers …)."""

from __future__ import annotations

import peewee as pw

from app.models import (
    AgreementParty,
    EventCountry,
    EventPartner,
    LetterLink,
    MembershipDelegate,
    PlanLink,
    ProjectPartner,
    TripTraveller,
    VisitCountry,
    VisitMember,
    VisitPartner,
)

#: The child tables behind many-valued fields: (table, parent column, value column).
CHILD_TABLES: dict[tuple[str, str], tuple[type[pw.Model], str, str]] = {
    ("agreements", "parties"): (AgreementParty, "agreement", "partner"),
    ("projects", "partners"): (ProjectPartner, "project", "partner"),
    ("events", "partners"): (EventPartner, "event", "partner"),
    ("events", "countries"): (EventCountry, "event", "country"),
    ("visits", "partners"): (VisitPartner, "visit", "partner"),
    ("visits", "countries"): (VisitCountry, "visit", "country"),
    ("visits", "members"): (VisitMember, "visit", "full_name"),
    ("trips", "travellers"): (TripTraveller, "trip", "employee"),
    ("plan", "fulfilled_by"): (PlanLink, "plan_item", "record_id"),
    ("correspondence", "concerns"): (LetterLink, "letter", "record_id"),
    ("memberships", "delegates"): (MembershipDelegate, "membership", "employee"),
}
