"""One description per register: its fields, how each is shown, edited, filtered, searched and exported."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from app.i18n import N_
from app.models import REGISTERS, Record
from app.models import choices as ch

FieldKind = Literal[
    "text",  # one line
    "multiline",  # several lines
    "names",  # multilingual: <name>_uz/_ru/_en/_orig columns shown as one, in the interface language
    "date",
    "country",  # ISO alpha-2 code, shown by its CLDR name
    "countries",  # several countries (a child table)
    "choice",  # one code of a Choices list
    "link",  # foreign key to another register's record
    "links",  # several records of another register (a child table)
    "members",  # delegation members: names and positions (a child table)
    "records",  # records of any register (a plan item's fulfilment: register and id, a child table)
    "int",
    "money",  # amount; its currency is the field named by `currency`
    "bool",
    "email",
    "url",
]


#: The kinds whose values live in a child table (several per record).
MANY_KINDS = ("links", "countries", "members", "records")


@dataclass(frozen=True)
class FieldSpec:
    """One field of a register: its column(s), label, kind and where it appears."""

    name: str
    label: str
    kind: FieldKind = "text"
    required: bool = False
    choices: ch.Choices | None = None
    link: str | None = None  # the register a link/links field points to
    role_choices: ch.Choices | None = None  # links with a role per linked record (project partners)
    currency: str | None = None  # for money: the field holding the currency code
    in_list: bool = True  # shown as a column of the list by default
    listable: bool = True  # can be shown as a list column at all
    filter: bool = False  # offered as a filter above the list
    section: str = "main"  # the form section: main, dates, links, notes
    max_length: int | None = None
    minimum: int | None = None  # for int fields
    maximum: int | None = None
    grouped: bool = True  # an int shown with its digits grouped (1 000); not a year
    also_headed: tuple[str, ...] = ()  # other labels an imported column of this field may carry

    @property
    def columns(self) -> tuple[str, ...]:
        """The database columns behind this field."""
        if self.kind == "names":
            return tuple(f"{self.name}_{lang}" for lang in ("uz", "ru", "en", "orig"))
        if self.kind == "link":
            return (f"{self.name}_id",)
        if self.kind in MANY_KINDS:
            return ()
        return (self.name,)


@dataclass(frozen=True)
class RegisterSpec:
    """A register: its table, names for people, fields, default order and the field that names a record."""

    name: str
    model: type[Record]
    title: str  # plural, for the navigation and the window title
    singular: str  # for "New …" and messages
    group: str  # the navigation group
    fields: tuple[FieldSpec, ...]
    title_field: str  # the field that names a record in lists, pickers and messages
    date_field: str | None = None  # the date that places a record in a year
    default_order: tuple[str, bool] = ("id", False)  # field name, descending
    date_order: tuple[tuple[str, str], ...] = ()  # (later, earlier): the later date may not be before the earlier
    fields_by_name: dict[str, FieldSpec] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "fields_by_name", {spec.name: spec for spec in self.fields})

    def field(self, name: str) -> FieldSpec:
        """The field called `name`."""
        return self.fields_by_name[name]

    @property
    def has_years(self) -> bool:
        """Whether its records fall in years (by their date or a year field), so a list can be limited to one."""
        return self.date_field is not None or "year" in self.fields_by_name

    @property
    def list_fields(self) -> tuple[FieldSpec, ...]:
        """The fields that can be list columns."""
        return tuple(spec for spec in self.fields if spec.listable)

    @property
    def filter_fields(self) -> tuple[FieldSpec, ...]:
        """The fields offered as filters above the list."""
        return tuple(spec for spec in self.fields if spec.filter)


F = FieldSpec
NOTES = F("notes", N_("Notes"), "multiline", in_list=False, listable=False, section="notes")

GROUP_PARTNERS = N_("Partners")
GROUP_AGREEMENTS = N_("Agreements")
GROUP_ACTIVITIES = N_("Activities")
GROUP_SERVICES = N_("Library services")
GROUP_FUNDING = N_("Funding and planning")
GROUP_REFERENCE = N_("Reference")

_SPECS = (
    RegisterSpec(
        "partners",
        REGISTERS["partners"],
        N_("Partners"),
        N_("Partner"),
        GROUP_PARTNERS,
        (
            F("name", N_("Name"), "names", required=True),
            F("short_name", N_("Short name"), max_length=100, in_list=False),
            F("kind", N_("Kind"), "choice", required=True, choices=ch.PARTNER_KINDS, filter=True),
            F("country", N_("Country"), "country", filter=True),
            F("city", N_("City"), max_length=100),
            F("address", N_("Address"), "multiline", in_list=False),
            F("website", N_("Website"), "url", max_length=300, in_list=False),
            F("email", N_("E-mail"), "email", max_length=200, in_list=False),
            F("phone", N_("Phone"), max_length=60, in_list=False),
            F("parent", N_("Parent organisation"), "link", link="partners", in_list=False),
            F("active", N_("Active"), "bool", filter=True),
            NOTES,
        ),
        title_field="name",
        default_order=("name", False),
    ),
    RegisterSpec(
        "contacts",
        REGISTERS["contacts"],
        N_("Contact people"),
        N_("Contact person"),
        GROUP_PARTNERS,
        (
            F("full_name", N_("Full name"), required=True, max_length=200, also_headed=(N_("Name"),)),
            F("position", N_("Position"), max_length=200),
            F("partner", N_("Partner"), "link", required=True, link="partners", filter=True),
            F("email", N_("E-mail"), "email", max_length=200),
            F("phone", N_("Phone"), max_length=60),
            F("languages", N_("Languages"), max_length=100, in_list=False),
            NOTES,
        ),
        title_field="full_name",
        default_order=("full_name", False),
    ),
    RegisterSpec(
        "agreements",
        REGISTERS["agreements"],
        N_("Agreements"),
        N_("Agreement"),
        GROUP_AGREEMENTS,
        (
            F("reg_number", N_("Registration number"), max_length=60),
            F("title", N_("Title"), "names", required=True),
            F("kind", N_("Kind"), "choice", required=True, choices=ch.AGREEMENT_KINDS, filter=True),
            F("parties", N_("Parties"), "links", required=True, link="partners", section="links"),
            F(
                "status",
                N_("Status"),
                "choice",
                required=True,
                choices=ch.AGREEMENT_STATUSES,
                filter=True,
                section="dates",
            ),
            F("signed_on", N_("Signed"), "date", section="dates"),
            F("effective_from", N_("In force from"), "date", in_list=False, section="dates"),
            F("valid_until", N_("Valid until"), "date", section="dates"),
            F("auto_renewal", N_("Automatic renewal"), "bool", in_list=False, section="dates"),
            F(
                "renewal_years",
                N_("Renewal period, years"),
                "int",
                in_list=False,
                section="dates",
                minimum=1,
                maximum=50,
            ),
            F("notice_days", N_("Notice period, days"), "int", in_list=False, section="dates", minimum=0, maximum=3650),
            F("notice_given_on", N_("Notice given"), "date", in_list=False, section="dates"),
            F("signatories", N_("Signatories"), "multiline", in_list=False),
            F("subjects", N_("Subject areas"), in_list=False),
            F("responsible", N_("Responsible officer"), "link", link="employees", in_list=False),
            NOTES,
        ),
        title_field="title",
        date_field="signed_on",
        default_order=("signed_on", True),
        date_order=(("valid_until", "effective_from"), ("valid_until", "signed_on")),
    ),
    RegisterSpec(
        "projects",
        REGISTERS["projects"],
        N_("Projects and programmes"),
        N_("Project"),
        GROUP_ACTIVITIES,
        (
            F("title", N_("Title"), "names", required=True),
            F("kind", N_("Kind"), "choice", required=True, choices=ch.PROJECT_KINDS, filter=True),
            F("status", N_("Status"), "choice", required=True, choices=ch.PROJECT_STATUSES, filter=True),
            F("partners", N_("Partners"), "links", link="partners", role_choices=ch.PROJECT_ROLES, section="links"),
            F("start_on", N_("Start"), "date", section="dates"),
            F("end_on", N_("End"), "date", section="dates"),
            F("department", N_("Responsible department"), "link", link="departments", filter=True),
            F("funding", N_("Funding"), "multiline", in_list=False),
            F("outcomes", N_("Outcomes"), "multiline", in_list=False, section="notes"),
            NOTES,
        ),
        title_field="title",
        date_field="start_on",
        default_order=("start_on", True),
        date_order=(("end_on", "start_on"),),
    ),
    RegisterSpec(
        "events",
        REGISTERS["events"],
        N_("Events"),
        N_("Event"),
        GROUP_ACTIVITIES,
        (
            F("title", N_("Title"), "names", required=True),
            F("kind", N_("Kind"), "choice", required=True, choices=ch.EVENT_KINDS, filter=True),
            F("start_on", N_("Start"), "date", required=True, section="dates"),
            F("end_on", N_("End"), "date", section="dates"),
            F("status", N_("Status"), "choice", required=True, choices=ch.EVENT_STATUSES, filter=True, section="dates"),
            F("place", N_("Place"), "choice", required=True, choices=ch.EVENT_PLACES, filter=True),
            F("country", N_("Country"), "country", filter=True),
            F("city", N_("City"), max_length=100),
            F("venue", N_("Venue"), max_length=200, in_list=False),
            F(
                "partners",
                N_("Organisers and partners"),
                "links",
                link="partners",
                role_choices=ch.EVENT_ROLES,
                section="links",
            ),
            F("countries", N_("Participating countries"), "countries", in_list=False, section="links"),
            F("participants_total", N_("Participants"), "int", minimum=0),
            F("participants_foreign", N_("Foreign participants"), "int", in_list=False, minimum=0),
            F("outcome", N_("Outcome"), "multiline", in_list=False, section="notes"),
            NOTES,
        ),
        title_field="title",
        date_field="start_on",
        default_order=("start_on", True),
        date_order=(("end_on", "start_on"),),
    ),
    RegisterSpec(
        "visits",
        REGISTERS["visits"],
        N_("Delegation visits"),
        N_("Delegation visit"),
        GROUP_ACTIVITIES,
        (
            F("title", N_("Delegation"), required=True),
            F("arrived_on", N_("Arrived"), "date", required=True, section="dates"),
            F("departed_on", N_("Departed"), "date", section="dates"),
            F("countries", N_("Countries"), "countries", required=True, section="links"),
            F("partners", N_("Organisations"), "links", link="partners", section="links"),
            F("members", N_("Members"), "members", in_list=False, section="links"),
            F("purpose", N_("Purpose"), "multiline"),
            F("programme", N_("Programme"), "multiline", in_list=False),
            F("host_department", N_("Hosting department"), "link", link="departments", filter=True),
            F("outcomes", N_("Outcomes"), "multiline", in_list=False, section="notes"),
            F("follow_ups", N_("Follow-ups"), "multiline", in_list=False, section="notes"),
            NOTES,
        ),
        title_field="title",
        date_field="arrived_on",
        default_order=("arrived_on", True),
        date_order=(("departed_on", "arrived_on"),),
    ),
    RegisterSpec(
        "trips",
        REGISTERS["trips"],
        N_("Business trips"),
        N_("Business trip"),
        GROUP_ACTIVITIES,
        (
            F("title", N_("Trip"), required=True),
            F("travellers", N_("Travellers"), "links", required=True, link="employees", section="links"),
            F("department", N_("Department"), "link", link="departments", filter=True),
            F("country", N_("Country"), "country", required=True, filter=True),
            F("city", N_("City"), max_length=100),
            F("host", N_("Host organisation"), "link", link="partners", in_list=False),
            F("host_name", N_("Host (if not a partner)"), max_length=300, in_list=False, listable=False),
            F("start_on", N_("Departure"), "date", required=True, section="dates"),
            F("end_on", N_("Return"), "date", section="dates"),
            F("purpose", N_("Purpose"), "choice", required=True, choices=ch.TRIP_PURPOSES, filter=True),
            F("paper_title", N_("Paper"), in_list=False),
            F(
                "funding_source",
                N_("Funded by"),
                "choice",
                required=True,
                choices=ch.FUNDING_SOURCES,
                in_list=False,
                filter=True,
            ),
            F("report_due_on", N_("Report due"), "date", in_list=False, section="dates"),
            F("report_submitted_on", N_("Report submitted"), "date", section="dates"),
            F("outcomes", N_("Outcomes"), "multiline", in_list=False, section="notes"),
            NOTES,
        ),
        title_field="title",
        date_field="start_on",
        default_order=("start_on", True),
        date_order=(("end_on", "start_on"), ("report_submitted_on", "start_on")),
    ),
    RegisterSpec(
        "exchange",
        REGISTERS["exchange"],
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
            NOTES,
        ),
        title_field="partner",
        date_field="exchanged_on",
        default_order=("exchanged_on", True),
    ),
    RegisterSpec(
        "loans",
        REGISTERS["loans"],
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
            NOTES,
        ),
        title_field="item_title",
        date_field="requested_on",
        default_order=("requested_on", True),
        date_order=(("sent_on", "requested_on"), ("due_on", "requested_on"), ("returned_on", "received_on")),
    ),
    RegisterSpec(
        "funding",
        REGISTERS["funding"],
        N_("Funding"),
        N_("Funding"),
        GROUP_FUNDING,
        (
            F("title", N_("Title"), required=True),
            F("donor", N_("Donor or sponsor"), "link", link="partners", filter=True),
            F("project", N_("Project"), "link", link="projects", in_list=False),
            F("kind", N_("Kind"), "choice", required=True, choices=ch.FUNDING_KINDS, filter=True),
            F("amount", N_("Amount"), "money", currency="currency"),
            F("status", N_("Status"), "choice", required=True, choices=ch.FUNDING_STATUSES, filter=True),
            F("applied_on", N_("Applied on"), "date", in_list=False, section="dates", also_headed=(N_("Applied"),)),
            F("awarded_on", N_("Awarded on"), "date", section="dates", also_headed=(N_("Awarded"),)),
            F("start_on", N_("Start"), "date", in_list=False, section="dates"),
            F("end_on", N_("End"), "date", in_list=False, section="dates"),
            NOTES,
        ),
        title_field="title",
        date_field="awarded_on",
        default_order=("awarded_on", True),
        date_order=(("end_on", "start_on"), ("awarded_on", "applied_on")),
    ),
    RegisterSpec(
        "plan",
        REGISTERS["plan"],
        N_("Annual plan"),
        N_("Plan item"),
        GROUP_FUNDING,
        (
            F("year", N_("Year"), "int", required=True, filter=True, minimum=1900, maximum=2200, grouped=False),
            F("quarter", N_("Quarter"), "int", minimum=1, maximum=4),
            F("department", N_("Department"), "link", link="departments", filter=True),
            F("activity", N_("Activity"), "choice", required=True, choices=ch.PLAN_ACTIVITIES, filter=True),
            F("description", N_("Description"), "multiline", required=True),
            F("target", N_("Target"), max_length=200),
            F("status", N_("Status"), "choice", required=True, choices=ch.PLAN_STATUSES, filter=True),
            F("fulfilled_by", N_("Fulfilled by"), "records", section="links"),
            NOTES,
        ),
        title_field="description",
        default_order=("year", True),
    ),
    RegisterSpec(
        "departments",
        REGISTERS["departments"],
        N_("Departments and centres"),
        N_("Department"),
        GROUP_REFERENCE,
        (
            F("name", N_("Name"), "names", required=True),
            F("short_name", N_("Short name"), max_length=60),
            F("kind", N_("Kind"), "choice", required=True, choices=ch.DEPARTMENT_KINDS, filter=True),
            F("region", N_("Region"), max_length=100),
            F("active", N_("Active"), "bool", in_list=False),
            NOTES,
        ),
        title_field="name",
        default_order=("name", False),
    ),
    RegisterSpec(
        "employees",
        REGISTERS["employees"],
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
        default_order=("full_name", False),
    ),
)

#: Every register's description, by register name, in navigation order.
SPECS: dict[str, RegisterSpec] = {spec.name: spec for spec in _SPECS}


def spec_of(register: str) -> RegisterSpec:
    """The description of the register called `register`."""
    return SPECS[register]


def spec_of_model(model: type) -> RegisterSpec | None:
    """The description of the register whose main table is `model` (None for a child table)."""
    return next((spec for spec in SPECS.values() if spec.model is model), None)
