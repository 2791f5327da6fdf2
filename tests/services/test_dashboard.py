"""The dashboard's figures equal plain SQL counts on generated data; attention lists exactly what each rule asks for."""

from __future__ import annotations

import datetime as dt

import peewee as pw
import pytest

from app.models import (
    Agreement,
    BusinessTrip,
    DelegationVisit,
    Employee,
    Event,
    InterlibraryLoan,
    Partner,
    PlanItem,
    Project,
    TripTraveller,
    db,
)
from app.services.dashboard import (
    activity_by_month,
    attention,
    countries_by_activity,
    opening_year,
    visits_by_country,
    year_figures,
)

D = dt.date


def sql_value(sql: str, *params: object) -> int:
    """One number from plain SQL (the placeholders written as ?; PostgreSQL's %s swapped in)."""
    if db.param != "?":
        sql = sql.replace("?", db.param)
    return int(db.execute_sql(sql, params).fetchone()[0] or 0)


def year_bounds(year: int) -> tuple[dt.date, dt.date]:
    return D(year, 1, 1), D(year, 12, 31)


def test_year_figures_equal_plain_sql_counts_on_generated_data(any_database: pw.Database, load_generated) -> None:  # noqa: ANN001
    load_generated(2000)
    for year in (1995, 2003, 2012, 2019, 2025, 2026):
        first, last = year_bounds(year)
        figures = year_figures(year).values
        expected = {
            "visits": sql_value("SELECT count(*) FROM delegation_visit WHERE arrived_on BETWEEN ? AND ?", first, last),
            "visit_countries": sql_value(
                "SELECT count(DISTINCT c.country) FROM visit_country c JOIN delegation_visit v ON v.id = c.visit_id "
                "WHERE v.arrived_on BETWEEN ? AND ?",
                first,
                last,
            ),
            "trips": sql_value("SELECT count(*) FROM business_trip WHERE start_on BETWEEN ? AND ?", first, last),
            "trip_countries": sql_value(
                "SELECT count(DISTINCT country) FROM business_trip WHERE start_on BETWEEN ? AND ?", first, last
            ),
            "travellers": sql_value(
                "SELECT count(DISTINCT tt.employee_id) FROM trip_traveller tt "
                "JOIN business_trip t ON t.id = tt.trip_id WHERE t.start_on BETWEEN ? AND ?",
                first,
                last,
            ),
            "agreements_signed": sql_value(
                "SELECT count(*) FROM agreement WHERE signed_on BETWEEN ? AND ?", first, last
            ),
            "agreements_in_force": sql_value(
                "SELECT count(*) FROM agreement WHERE status IN ('in_force', 'expired') AND signed_on <= ? "
                "AND (valid_until IS NULL OR valid_until >= ? OR auto_renewal)",
                last,
                last,
            ),
            "books_sent": sql_value(
                "SELECT sum(books) FROM book_exchange WHERE direction = 'sent' AND exchanged_on BETWEEN ? AND ?",
                first,
                last,
            ),
            "books_received": sql_value(
                "SELECT sum(books) FROM book_exchange WHERE direction = 'received' AND exchanged_on BETWEEN ? AND ?",
                first,
                last,
            ),
            "events": 0,
            "loans_borrowed": 0,
            "loans_lent": 0,
        }
        assert figures == expected, year
        if year >= 2000:  # visits, trips and exchange are generated from 2000 on
            assert figures["visits"] > 0 and figures["trips"] > 0 and figures["books_sent"] > 0


def test_by_country_and_by_month_add_up_to_the_year(any_database: pw.Database, load_generated) -> None:  # noqa: ANN001
    load_generated(2000)
    first, last = year_bounds(2019)
    per_country = visits_by_country(2019)
    assert [count for _code, count in per_country] == sorted((count for _code, count in per_country), reverse=True)
    rows = db.execute_sql(
        "SELECT c.country, count(*) FROM visit_country c JOIN delegation_visit v ON v.id = c.visit_id "
        f"WHERE v.arrived_on BETWEEN {db.param} AND {db.param} GROUP BY c.country",
        (first, last),
    ).fetchall()
    assert dict(per_country) == {code: count for code, count in rows}
    trips = {code: counts["trips"] for code, counts in countries_by_activity(2019).items() if counts["trips"]}
    rows = db.execute_sql(
        f"SELECT country, count(*) FROM business_trip WHERE start_on BETWEEN {db.param} AND {db.param} "
        "GROUP BY country",
        (first, last),
    ).fetchall()
    assert trips == {code: count for code, count in rows}
    months = activity_by_month(2019)
    figures = year_figures(2019).values
    assert sum(months["visits"]) == figures["visits"] and sum(months["trips"]) == figures["trips"]


# --------------------------------------------------------------------------------------------------------------------
# attention(): each rule on records made at its edges
# --------------------------------------------------------------------------------------------------------------------

TODAY = D(2026, 1, 10)  # first quarter; +90 days: 10 April; +30 days: 9 February


@pytest.fixture
def edges(database: pw.Database) -> dict[str, int]:
    """Records on both sides of every rule's edge; name → id."""
    ids: dict[str, int] = {}

    def agreement(name: str, **values: object) -> None:
        ids[name] = Agreement.create(title_en=name, signed_on=D(2020, 1, 1), **{"status": "in_force", **values}).id

    agreement("ends on the horizon", valid_until=D(2026, 4, 10))
    agreement("ends a day after the horizon", valid_until=D(2026, 4, 11))
    agreement("ends today", valid_until=TODAY)
    agreement("ended yesterday", valid_until=D(2026, 1, 9))
    agreement("draft ending soon", status="draft", valid_until=D(2026, 2, 1))
    agreement("open-ended")
    agreement("renews, notice due soon", valid_until=D(2026, 3, 1), auto_renewal=True, renewal_years=1, notice_days=30)
    agreement(
        "renews, notice deadline passed", valid_until=D(2026, 1, 20), auto_renewal=True, renewal_years=1, notice_days=30
    )
    agreement(
        "renews, notice given",
        valid_until=D(2026, 3, 1),
        auto_renewal=True,
        renewal_years=1,
        notice_days=30,
        notice_given_on=D(2025, 12, 1),
    )

    def event(name: str, start: dt.date, status: str = "planned") -> None:
        ids[name] = Event.create(title_en=name, start_on=start, status=status).id

    event("event on the last upcoming day", D(2026, 2, 9))
    event("event a day too late", D(2026, 2, 10))
    event("cancelled event", D(2026, 1, 15), status="cancelled")
    event("event yesterday", D(2026, 1, 9), status="held")
    ids["visit today"] = DelegationVisit.create(title="visit today", arrived_on=TODAY).id
    ids["visit too late"] = DelegationVisit.create(title="visit too late", arrived_on=D(2026, 2, 10)).id
    ids["trip soon"] = BusinessTrip.create(title="trip soon", country="KR", start_on=D(2026, 1, 20)).id
    traveller = Employee.create(full_name="Dilnoza Karimova")

    def trip(name: str, due: dt.date, submitted: dt.date | None = None) -> None:
        record = BusinessTrip.create(
            title=name, country="JP", start_on=D(2025, 12, 1), report_due_on=due, report_submitted_on=submitted
        )
        TripTraveller.create(trip=record, employee=traveller)
        ids[name] = record.id

    trip("report overdue", D(2026, 1, 9))
    trip("report submitted", D(2026, 1, 9), D(2026, 1, 8))
    trip("report due today", TODAY)
    partner = Partner.create(name_en="National Diet Library", kind="national_library", country="JP")

    def loan(name: str, due: dt.date, status: str, returned: dt.date | None = None) -> None:
        ids[name] = InterlibraryLoan.create(
            direction="borrow", partner=partner, item_title=name, requested_on=D(2025, 11, 1), due_on=due,
            status=status, returned_on=returned, received_on=D(2025, 11, 20) if returned else None,
        ).id  # fmt: skip

    loan("loan overdue", D(2026, 1, 5), "received")
    loan("loan returned", D(2026, 1, 5), "returned", D(2026, 1, 4))
    loan("loan only requested", D(2026, 1, 5), "requested")
    loan("loan due today", TODAY, "sent")

    def plan(name: str, year: int, quarter: int, status: str = "planned") -> None:
        ids[name] = PlanItem.create(year=year, quarter=quarter, description=name, status=status).id

    plan("plan this quarter", 2026, 1)
    plan("plan done", 2026, 1, "done")
    plan("plan next quarter", 2026, 2)
    plan("plan last year", 2025, 1)
    return ids


def test_attention_lists_exactly_the_records_each_rule_asks_for(edges: dict[str, int]) -> None:
    found = {(item.kind, item.register, item.record_id): (item.due, item.days) for item in attention(TODAY)}
    expected = {
        ("expiring", "agreements", edges["ends on the horizon"]): (D(2026, 4, 10), 90),
        ("expiring", "agreements", edges["ends today"]): (TODAY, 0),
        ("expiring", "agreements", edges["renews, notice given"]): (D(2026, 3, 1), 50),
        ("notice", "agreements", edges["renews, notice due soon"]): (D(2026, 1, 30), 20),
        ("event", "events", edges["event on the last upcoming day"]): (D(2026, 2, 9), 30),
        ("visit", "visits", edges["visit today"]): (TODAY, 0),
        ("trip", "trips", edges["trip soon"]): (D(2026, 1, 20), 10),
        ("trip_report", "trips", edges["report overdue"]): (D(2026, 1, 9), -1),
        ("loan", "loans", edges["loan overdue"]): (D(2026, 1, 5), -5),
        ("plan", "plan", edges["plan this quarter"]): (D(2026, 3, 31), 80),
    }
    assert found == expected
    items = attention(TODAY)
    assert [item.due for item in items] == sorted(item.due for item in items)  # soonest first
    assert {item.label for item in items} >= {"ends today", "visit today", "loan overdue", "plan this quarter"}


def test_attention_horizons_can_be_narrowed(edges: dict[str, int]) -> None:
    kinds = {(item.kind, item.record_id) for item in attention(TODAY, horizon=0, upcoming=0)}
    assert ("expiring", edges["ends today"]) in kinds
    assert ("expiring", edges["ends on the horizon"]) not in kinds
    assert ("visit", edges["visit today"]) in kinds and ("trip", edges["trip soon"]) not in kinds


def test_plan_items_of_the_fourth_quarter_are_due_on_31_december(database: pw.Database) -> None:
    item = PlanItem.create(year=2026, quarter=4, description="Review the agreements", status="planned")
    assert [(a.kind, a.record_id, a.due) for a in attention(D(2026, 11, 25))] == [("plan", item.id, D(2026, 12, 31))]


def test_loans_count_items_that_went_out_or_came_in_not_refused_or_waiting_requests(any_database: pw.Database) -> None:
    library = Partner.create(name_en="Library of Congress", kind="library", country="US")
    for direction, status in (("borrow", "received"), ("borrow", "returned"), ("borrow", "refused"),
                              ("borrow", "requested"), ("lend", "sent"), ("lend", "refused")):  # fmt: skip
        InterlibraryLoan.create(
            direction=direction, partner=library, item_title="Turkestanskii al'bom", requested_on=D(2019, 3, 4),
            status=status,
        )  # fmt: skip
    figures = year_figures(2019).values
    assert (figures["loans_borrowed"], figures["loans_lent"]) == (2, 1)


def test_the_opening_year_is_the_latest_in_which_work_was_done(any_database: pw.Database) -> None:
    today = D(2026, 3, 10)
    assert opening_year(today) == (2026, False)  # an empty registry opens on this year
    DelegationVisit.create(title="Old visit", arrived_on=D(2018, 5, 2))
    # none of these is work done this year: a loan, a plan item, a cancelled event, what is still to come
    library = Partner.create(name_en="National Library of Korea", kind="national_library", country="KR")
    InterlibraryLoan.create(direction="borrow", partner=library, item_title="Facsimile", requested_on=D(2026, 1, 5),
                            status="received")  # fmt: skip
    PlanItem.create(year=2026, quarter=1, description="Plan this year")
    Event.create(title_en="Called off", kind="conference", status="cancelled", start_on=D(2026, 2, 1))
    Event.create(title_en="Next month", kind="conference", start_on=D(2026, 4, 20))
    BusinessTrip.create(title="Next week", country="KR", start_on=D(2026, 3, 17))
    Agreement.create(title_en="Draft", kind="mou", status="draft")
    assert opening_year(today) == (2018, True)
    for year, create in (
        (2020, lambda: Agreement.create(title_en="Signed", kind="mou", status="in_force", signed_on=D(2020, 6, 1))),
        (2022, lambda: Project.create(title_en="Started", start_on=D(2022, 9, 1))),
        (2023, lambda: Event.create(title_en="Held", kind="conference", start_on=D(2023, 4, 1))),
        (2024, lambda: BusinessTrip.create(title="Begun", country="JP", start_on=D(2024, 12, 30))),
        (2026, lambda: DelegationVisit.create(title="Today", arrived_on=today)),
    ):
        create()
        assert opening_year(today) == (year, year != 2026), year
