"""The descriptions of the library services (book exchange, interlibrary loans) and of the reference registers
(departments, employees)."""

from __future__ import annotations

from app.i18n import N_
from app.models import BookExchange, Department, Employee, InterlibraryLoan
from app.models import choices as ch
from app.services.registers.register_rules import loan_mark
from app.services.registers.spec_types import GROUP_REFERENCE, GROUP_SERVICES, NOTES, F, RegisterSpec

EXCHANGE = RegisterSpec(
    "exchange",
    BookExchange,
    N_("Book exchange"),
    N_("Book exchange"),
    GROUP_SERVICES,
    (
        F("exchanged_on", N_("Date"), "date", required=True),
        F("partner", N_("Partner"), "link", required=True, link="partners", filter=True),
        F("direction", N_("Direction"), "choice", required=True, choices=ch.EXCHANGE_DIRECTIONS, filter=True),
        F("books", N_("Books"), "int", minimum=0),
        F("periodicals", N_("Periodicals"), "int", minimum=0),
        F("electronic", N_("Electronic"), "int", minimum=0),
        F("description", N_("List or note"), "multiline", in_list=False),
        F("value", N_("Value"), "money", currency="currency", in_list=False),
        F("department", N_("Department"), "link", link="departments", filter=True, in_list=False),
        NOTES,
    ),
    title_field="partner",
    shown=("exchanged_on", "partner", "direction", "books", "periodicals", "electronic", "value"),
    summed=("books", "periodicals", "electronic", "value"),
    date_field="exchanged_on",
    default_order=("exchanged_on", True),
)

LOANS = RegisterSpec(
    "loans",
    InterlibraryLoan,
    N_("Interlibrary loans"),
    N_("Interlibrary loan"),
    GROUP_SERVICES,
    (
        F("item_title", N_("Item"), required=True),
        F("item_author", N_("Author"), max_length=300),
        F("item_year", N_("Year"), "int", in_list=False, minimum=1000, maximum=2200, grouped=False),
        F("item_isbn", N_("ISBN/ISSN"), max_length=40, in_list=False),
        F("direction", N_("Direction"), "choice", required=True, choices=ch.LOAN_DIRECTIONS, filter=True),
        F("partner", N_("Partner library"), "link", required=True, link="partners", filter=True),
        F("requester", N_("Requested by"), max_length=200, in_list=False),
        F("form", N_("Form"), "choice", required=True, choices=ch.LOAN_FORMS, in_list=False),
        F("status", N_("Status"), "choice", required=True, choices=ch.LOAN_STATUSES, filter=True),
        F(
            "requested_on",
            N_("Requested on"),
            "date",
            required=True,
            section="dates",
            also_headed=(N_("Requested"),),
        ),
        F("sent_on", N_("Sent on"), "date", in_list=False, section="dates", also_headed=(N_("Sent"),)),
        F("received_on", N_("Received on"), "date", in_list=False, section="dates", also_headed=(N_("Received"),)),
        F("due_on", N_("Due"), "date", section="dates"),
        F("returned_on", N_("Returned on"), "date", in_list=False, section="dates", also_headed=(N_("Returned"),)),
        F("department", N_("Department"), "link", link="departments", filter=True, in_list=False),
        NOTES,
    ),
    title_field="item_title",
    shown=("requested_on", "item_title", "partner", "direction", "status", "due_on"),
    mark=loan_mark,
    date_field="requested_on",
    default_order=("requested_on", True),
    date_order=(("sent_on", "requested_on"), ("due_on", "requested_on"), ("returned_on", "received_on")),
)

DEPARTMENTS = RegisterSpec(
    "departments",
    Department,
    N_("Departments and centres"),
    N_("Department"),
    GROUP_REFERENCE,
    (
        F("name", N_("Name"), "names", required=True),
        F("short_name", N_("Short name"), max_length=60),
        F("kind", N_("Kind"), "choice", required=True, choices=ch.DEPARTMENT_KINDS, filter=True),
        F("region", N_("Region"), max_length=100),
        F("language", N_("Working language"), "choice", required=True, choices=ch.UNIT_LANGUAGES, in_list=False),
        F("active", N_("Active"), "bool", in_list=False),
        NOTES,
    ),
    title_field="name",
    shown=("name", "short_name", "kind", "region"),
    default_order=("name", False),
)

EMPLOYEES = RegisterSpec(
    "employees",
    Employee,
    N_("Employees"),
    N_("Employee"),
    GROUP_REFERENCE,
    (
        F("full_name", N_("Full name"), required=True, max_length=200, also_headed=(N_("Name"),)),
        F("position", N_("Position"), max_length=200),
        F("department", N_("Department"), "link", link="departments", filter=True),
        F("email", N_("E-mail"), "email", max_length=200),
        F("phone", N_("Phone"), max_length=60, in_list=False),
        F("active", N_("Active"), "bool", in_list=False),
        NOTES,
    ),
    title_field="full_name",
    shown=("full_name", "position", "department", "email"),
    default_order=("full_name", False),
)
