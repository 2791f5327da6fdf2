"""The registers' tables (peewee models) and the order in which they are created."""

from __future__ import annotations

import sys

if "peewee" not in sys.modules and "psycopg2" not in sys.modules:
    # peewee imports every database driver it knows when it is imported; the PostgreSQL one (libpq, OpenSSL) costs
    # 15 ms and 10 MB that a registry on SQLite never uses. It is loaded when a shared registry is opened
    # (database.enable_postgresql_driver).
    sys.modules["psycopg2"] = None  # type: ignore[assignment]
    try:
        import peewee  # noqa: F401
    finally:
        del sys.modules["psycopg2"]

from app.models.agreements import Agreement, AgreementParty
from app.models.attachments import Attachment, AttachmentContent
from app.models.base import BaseModel, ConflictError, Record, db
from app.models.correspondence import Letter, LetterLink
from app.models.events import Event, EventCountry, EventPartner
from app.models.funding import Funding
from app.models.library_services import BookExchange, InterlibraryLoan
from app.models.memberships import Membership, MembershipDelegate
from app.models.partners import ContactPerson, Partner
from app.models.plan import PlanItem, PlanLink
from app.models.projects import Project, ProjectPartner
from app.models.protocol import ProtocolGift
from app.models.schema import SchemaVersion
from app.models.staff import Department, Employee
from app.models.submissions import Submission, SubmissionRow
from app.models.trips import BusinessTrip, TripTraveller
from app.models.visits import DelegationVisit, VisitCountry, VisitMember, VisitPartner

#: Each register's name (as the command line and the interface know it) and its main table, for the schema; what a
#: register holds and how it is shown is its description (app.services.registers.specs.SPECS).
REGISTERS: dict[str, type[Record]] = {
    "partners": Partner,
    "contacts": ContactPerson,
    "agreements": Agreement,
    "projects": Project,
    "events": Event,
    "visits": DelegationVisit,
    "trips": BusinessTrip,
    "exchange": BookExchange,
    "loans": InterlibraryLoan,
    "funding": Funding,
    "plan": PlanItem,
    "departments": Department,
    "employees": Employee,
    "correspondence": Letter,
    "gifts": ProtocolGift,
    "memberships": Membership,
}

#: Every table, parents before children (the order to create them in).
ALL_MODELS: list[type[BaseModel]] = [
    SchemaVersion,
    Department,
    Employee,
    Partner,
    ContactPerson,
    Agreement,
    AgreementParty,
    Project,
    ProjectPartner,
    Event,
    EventPartner,
    EventCountry,
    DelegationVisit,
    VisitPartner,
    VisitCountry,
    VisitMember,
    BusinessTrip,
    TripTraveller,
    BookExchange,
    InterlibraryLoan,
    ProtocolGift,
    Membership,
    MembershipDelegate,
    Funding,
    PlanItem,
    PlanLink,
    Letter,
    LetterLink,
    Attachment,
    AttachmentContent,
    Submission,
    SubmissionRow,
]


__all__ = [
    "ALL_MODELS",
    "REGISTERS",
    "Agreement",
    "AgreementParty",
    "Attachment",
    "AttachmentContent",
    "BaseModel",
    "BookExchange",
    "BusinessTrip",
    "ConflictError",
    "ContactPerson",
    "DelegationVisit",
    "Department",
    "Employee",
    "Event",
    "EventCountry",
    "EventPartner",
    "Funding",
    "InterlibraryLoan",
    "Letter",
    "LetterLink",
    "Membership",
    "MembershipDelegate",
    "Partner",
    "PlanItem",
    "PlanLink",
    "Project",
    "ProjectPartner",
    "ProtocolGift",
    "Record",
    "SchemaVersion",
    "Submission",
    "SubmissionRow",
    "TripTraveller",
    "VisitCountry",
    "VisitMember",
    "VisitPartner",
    "db",
]
