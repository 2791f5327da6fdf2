"""The dashboard's figures (a year against the one before) and what needs attention today."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

import peewee as pw

from app.i18n import N_
from app.models import (
    Agreement,
    BookExchange,
    BusinessTrip,
    DelegationVisit,
    Event,
    Funding,
    InterlibraryLoan,
    Membership,
    PlanItem,
    Project,
    TripTraveller,
    VisitCountry,
)
from app.services.correspondence.journal import replies_due
from app.services.lifecycle import term_on
from app.services.registers.list_rows import record_label

#: The figures of a year, in the order the dashboard and the annual report show them: key and label.
FIGURES = (
    ("agreements_signed", N_("Agreements signed")),
    ("agreements_in_force", N_("Agreements in force at the end of the year")),
    ("visits", N_("Foreign delegations received")),
    ("visit_countries", N_("Countries the delegations came from")),
    ("trips", N_("Business trips abroad")),
    ("trip_countries", N_("Countries visited")),
    ("travellers", N_("Employees who travelled")),
    ("events", N_("Events held")),
    ("books_sent", N_("Books sent in exchange")),
    ("books_received", N_("Books received in exchange")),
    ("loans_borrowed", N_("Items borrowed by interlibrary loan")),
    ("loans_lent", N_("Items lent by interlibrary loan")),
)

#: The loan statuses of items that actually went out or came in (not a request still waiting or refused).
LOAN_CARRIED_OUT = ("sent", "received", "returned")

#: What needs attention: kind → label.
ATTENTION_KINDS = {
    "expiring": N_("Agreement expires"),
    "notice": N_("Renewal notice deadline"),
    "event": N_("Upcoming event"),
    "visit": N_("Upcoming delegation visit"),
    "trip": N_("Upcoming business trip"),
    "trip_report": N_("Trip report overdue"),
    "loan": N_("Loan return overdue"),
    "plan": N_("Plan item due this quarter"),
    "reply": N_("Reply due"),
    "dues": N_("Membership fee due"),
}


def _between(column: pw.Field, year: int) -> pw.Expression:
    return column.between(dt.date(year, 1, 1), dt.date(year, 12, 31))


@dataclass
class YearFigures:
    """A year's figures, and the amounts of funding awarded by currency."""

    year: int
    values: dict[str, int] = field(default_factory=dict)
    funding: dict[str, Decimal] = field(default_factory=dict)


def in_force_at_end(year: int) -> pw.Expression:
    """Agreements in force at the end of `year`: the condition the dashboard's and the annual report's figures use."""
    end = dt.date(year, 12, 31)
    return (
        Agreement.status.in_(("in_force", "expired"))
        & Agreement.signed_on.is_null(False)
        & (Agreement.signed_on <= end)
        & ((Agreement.valid_until.is_null()) | (Agreement.valid_until >= end) | Agreement.auto_renewal)
    )


def year_figures(year: int) -> YearFigures:
    """How much international work a year held (each figure one SQL count)."""
    visits = DelegationVisit.select().where(_between(DelegationVisit.arrived_on, year))
    trips = BusinessTrip.select().where(_between(BusinessTrip.start_on, year))
    in_force = Agreement.select().where(in_force_at_end(year)).count()
    exchange = {
        direction: int(
            BookExchange.select(pw.fn.COALESCE(pw.fn.SUM(BookExchange.books), 0))
            .where(_between(BookExchange.exchanged_on, year) & (BookExchange.direction == direction))
            .scalar()
        )
        for direction in ("sent", "received")
    }
    loans = dict(
        InterlibraryLoan.select(InterlibraryLoan.direction, pw.fn.COUNT(InterlibraryLoan.id))
        .where(_between(InterlibraryLoan.requested_on, year) & InterlibraryLoan.status.in_(LOAN_CARRIED_OUT))
        .group_by(InterlibraryLoan.direction)
        .tuples()
    )
    values = {
        "agreements_signed": Agreement.select().where(_between(Agreement.signed_on, year)).count(),
        "agreements_in_force": in_force,
        "visits": visits.count(),
        "visit_countries": VisitCountry.select(VisitCountry.country)
        .join(DelegationVisit)
        .where(_between(DelegationVisit.arrived_on, year))
        .distinct()
        .count(),
        "trips": trips.count(),
        "trip_countries": BusinessTrip.select(BusinessTrip.country)
        .where(_between(BusinessTrip.start_on, year))
        .distinct()
        .count(),
        "travellers": TripTraveller.select(TripTraveller.employee)
        .join(BusinessTrip)
        .where(_between(BusinessTrip.start_on, year))
        .distinct()
        .count(),
        "events": Event.select().where(_between(Event.start_on, year) & (Event.status != "cancelled")).count(),
        "books_sent": exchange["sent"],
        "books_received": exchange["received"],
        "loans_borrowed": int(loans.get("borrow", 0)),
        "loans_lent": int(loans.get("lend", 0)),
    }
    funding = {
        currency: Decimal(total or 0)
        for currency, total in Funding.select(Funding.currency, pw.fn.SUM(Funding.amount))
        .where(_between(Funding.awarded_on, year) & Funding.status.in_(("awarded", "completed")))
        .group_by(Funding.currency)
        .tuples()
    }
    return YearFigures(year, values, funding)


def visits_by_country(year: int) -> list[tuple[str, int]]:
    """Delegations received in a year, counted per country of origin, most first."""
    rows = (
        VisitCountry.select(VisitCountry.country, pw.fn.COUNT(VisitCountry.id))
        .join(DelegationVisit)
        .where(_between(DelegationVisit.arrived_on, year))
        .group_by(VisitCountry.country)
        .tuples()
    )
    return sorted(rows, key=lambda row: (-row[1], row[0]))


def activity_by_month(year: int) -> dict[str, list[int]]:
    """Visits, trips and events per month of a year (twelve counts each)."""
    counts: dict[str, list[int]] = {"visits": [0] * 12, "trips": [0] * 12, "events": [0] * 12}
    for key, model, column in (
        ("visits", DelegationVisit, DelegationVisit.arrived_on),
        ("trips", BusinessTrip, BusinessTrip.start_on),
        ("events", Event, Event.start_on),
    ):
        for (day,) in model.select(column).where(_between(column, year)).tuples():
            day = day if isinstance(day, dt.date) else dt.date.fromisoformat(str(day)[:10])
            counts[key][day.month - 1] += 1
    return counts


@dataclass(frozen=True)
class Attention:
    """One thing that needs attention: what, which record, by when (days from today; negative: overdue)."""

    kind: str
    register: str
    record_id: int
    label: str
    due: dt.date
    days: int


def attention(today: dt.date | None = None, *, horizon: int = 90, upcoming: int = 30) -> list[Attention]:
    """What needs attention now: agreements ending within `horizon` days and renewal notice deadlines, events,
    visits and trips in the next `upcoming` days, overdue trip reports and loan returns, plan items due this
    quarter, replies to letters due in the next `upcoming` days or overdue, membership
    fees due within `horizon` days or unpaid past their day. Soonest first."""
    today = today or dt.date.today()
    items: list[Attention] = []

    def add(kind: str, register: str, record: pw.Model, due: dt.date) -> None:
        items.append(Attention(kind, register, record.id, record_label(register, record), due, (due - today).days))

    limit = today + dt.timedelta(days=horizon)
    longest_notice = Agreement.select(pw.fn.MAX(Agreement.notice_days)).scalar() or 0
    candidates = Agreement.select().where(
        (Agreement.status == "in_force")
        & Agreement.valid_until.is_null(False)
        & (Agreement.valid_until <= limit + dt.timedelta(days=longest_notice))  # a notice deadline can fall earlier
    )
    for agreement in candidates:
        term = term_on(agreement, today)
        if term.status != "in_force" or term.ends_on is None:
            continue
        if term.notice_deadline is not None:
            if today <= term.notice_deadline <= limit:
                add("notice", "agreements", agreement, term.notice_deadline)
        elif term.ends_on <= limit:
            add("expiring", "agreements", agreement, term.ends_on)
    soon = today + dt.timedelta(days=upcoming)
    for kind, register, model, column in (
        ("event", "events", Event, Event.start_on),
        ("visit", "visits", DelegationVisit, DelegationVisit.arrived_on),
        ("trip", "trips", BusinessTrip, BusinessTrip.start_on),
    ):
        query = model.select().where(column.between(today, soon))
        if model is Event:
            query = query.where(Event.status != "cancelled")
        for record in query:
            add(kind, register, record, getattr(record, column.name))
    for trip in BusinessTrip.select().where(
        BusinessTrip.report_due_on.is_null(False)
        & (BusinessTrip.report_due_on < today)
        & BusinessTrip.report_submitted_on.is_null()
    ):
        add("trip_report", "trips", trip, trip.report_due_on)
    for loan in InterlibraryLoan.select().where(
        InterlibraryLoan.due_on.is_null(False)
        & (InterlibraryLoan.due_on < today)
        & InterlibraryLoan.returned_on.is_null()
        & InterlibraryLoan.status.in_(("sent", "received"))
    ):
        add("loan", "loans", loan, loan.due_on)
    for membership in Membership.select().where(  # dues coming due within the horizon, or unpaid past their day
        (Membership.status == "active") & Membership.next_due_on.is_null(False) & (Membership.next_due_on <= limit)
    ):
        add("dues", "memberships", membership, membership.next_due_on)
    quarter = (today.month - 1) // 3 + 1
    next_quarter = dt.date(today.year + (quarter == 4), quarter * 3 % 12 + 1, 1)
    quarter_end = next_quarter - dt.timedelta(days=1)
    for item in PlanItem.select().where(
        (PlanItem.year == today.year) & (PlanItem.quarter == quarter) & (PlanItem.status == "planned")
    ):
        add("plan", "plan", item, quarter_end)
    for letter in replies_due(today, within_days=upcoming):  # letters awaiting a reply: due soon or overdue
        add("reply", "correspondence", letter, letter.reply_due)
    return sorted(items, key=lambda item: (item.due, item.kind, item.record_id))


def countries_by_activity(year: int) -> dict[str, Counter]:
    """For each country: how many visits came from it and trips went to it in a year."""
    result: dict[str, Counter] = defaultdict(Counter)
    for country, count in visits_by_country(year):
        result[country]["visits"] += count
    for country, count in (
        BusinessTrip.select(BusinessTrip.country, pw.fn.COUNT(BusinessTrip.id))
        .where(_between(BusinessTrip.start_on, year))
        .group_by(BusinessTrip.country)
        .tuples()
    ):
        result[country]["trips"] += count
    return dict(result)


def latest_year_of_activity(today: dt.date) -> int | None:
    """The latest year, up to `today`, in which the service did something the year's figures count: an agreement
    signed, a project started, an event held, a delegation received, a trip begun (None when nothing has happened).
    Loans, plan items and what is still to come do not count: they say nothing about a year's work done."""
    happened = (
        (Agreement, Agreement.signed_on, None),
        (Project, Project.start_on, None),
        (Event, Event.start_on, Event.status != "cancelled"),
        (DelegationVisit, DelegationVisit.arrived_on, None),
        (BusinessTrip, BusinessTrip.start_on, None),
    )
    latest = None
    for model, column, condition in happened:
        where = column <= today if condition is None else (column <= today) & condition
        found = model.select(pw.fn.MAX(column)).where(where).scalar()
        if isinstance(found, str):  # SQLite may hand back the ISO text
            found = dt.date.fromisoformat(found[:10])
        if found is not None and (latest is None or found.year > latest):
            latest = found.year
    return latest


def opening_year(today: dt.date) -> tuple[int, bool]:
    """The year the dashboard opens on: this year when something has happened in it, else the latest year in which
    something has; and whether that is another year than this one."""
    latest = latest_year_of_activity(today)
    if latest is None or latest == today.year:
        return today.year, False
    return latest, True
