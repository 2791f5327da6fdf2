"""The calendar (.ics) of the coming days, parsed back with icalendar: the right entries, all-day dates, stable UIDs,
and nothing outside the period."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import icalendar
import peewee as pw
import pytest

from app.i18n import _, set_language
from app.models import (
    Agreement,
    AgreementParty,
    BusinessTrip,
    DelegationVisit,
    Employee,
    Event,
    InterlibraryLoan,
    Partner,
    TripTraveller,
    VisitCountry,
)
from app.services.reports.calendar_export import write_calendar

D = dt.date
TODAY = D(2026, 1, 10)
DAYS = 90  # the period: 10 January to 10 April 2026


@pytest.fixture
def records(database: pw.Database) -> dict[str, int]:
    """Records inside and outside the period; name → id."""
    ids: dict[str, int] = {}
    latvia = Partner.create(name_en="National Library of Latvia", kind="national_library", country="LV")

    def agreement(name: str, **values: object) -> None:
        record = Agreement.create(
            reg_number=f"XA-{len(ids) + 1:02d}", title_en=name, status="in_force", signed_on=D(2020, 1, 1), **values
        )
        AgreementParty.create(agreement=record, partner=latvia)
        ids[name] = record.id

    agreement("expires in March", valid_until=D(2026, 3, 1))
    agreement("expires on the last day", valid_until=D(2026, 4, 10))
    agreement("expires after the period", valid_until=D(2026, 4, 11))
    agreement("expired last year", valid_until=D(2025, 12, 31))
    agreement("renews in February", valid_until=D(2026, 2, 15), auto_renewal=True, renewal_years=1, notice_days=30)
    agreement("renewed, next end in the period", valid_until=D(2025, 2, 20), auto_renewal=True, renewal_years=1,
              notice_days=60)  # fmt: skip
    agreement("notice given in time", valid_until=D(2026, 3, 20), auto_renewal=True, renewal_years=1, notice_days=30,
              notice_given_on=D(2025, 12, 1))  # fmt: skip
    agreement("renews far away", valid_until=D(2027, 6, 1), auto_renewal=True, renewal_years=5, notice_days=500)
    ids["draft"] = Agreement.create(title_en="draft", status="draft", valid_until=D(2026, 2, 1)).id

    def event(name: str, start: dt.date, end: dt.date | None = None, status: str = "planned") -> None:
        ids[name] = Event.create(title_en=name, start_on=start, end_on=end, status=status, city="Riga").id

    event("seminar in February", D(2026, 2, 3), D(2026, 2, 5))
    event("exhibition running now", D(2026, 1, 5), D(2026, 1, 20), status="held")
    event("event that ended yesterday", D(2026, 1, 2), D(2026, 1, 9), status="held")
    event("cancelled event", D(2026, 2, 10), status="cancelled")
    event("event in May", D(2026, 5, 1))
    visit = DelegationVisit.create(title="visit from Latvia", arrived_on=D(2026, 1, 20), departed_on=D(2026, 1, 22))
    VisitCountry.create(visit=visit, country="LV")
    ids["visit from Latvia"] = visit.id
    ids["visit in December"] = DelegationVisit.create(title="visit in December", arrived_on=D(2025, 12, 1)).id
    traveller = Employee.create(full_name="Dilnoza Karimova")

    def trip(name: str, start: dt.date, due: dt.date | None, submitted: dt.date | None = None) -> None:
        record = BusinessTrip.create(title=name, country="LV", city="Riga", start_on=start, end_on=start,
                                     report_due_on=due, report_submitted_on=submitted)  # fmt: skip
        TripTraveller.create(trip=record, employee=traveller)
        ids[name] = record.id

    trip("trip to Riga", D(2026, 3, 5), D(2026, 3, 20))
    trip("trip with its report in", D(2025, 12, 1), D(2026, 1, 15), D(2026, 1, 8))
    trip("trip with an overdue report", D(2025, 12, 1), D(2026, 1, 5))
    for name, due, status in (("loan due in February", D(2026, 2, 1), "received"),
                              ("loan returned", D(2026, 2, 1), "returned"),
                              ("loan due in June", D(2026, 6, 1), "sent")):  # fmt: skip
        ids[name] = InterlibraryLoan.create(
            direction="borrow", partner=latvia, item_title=name, requested_on=D(2025, 11, 1), due_on=due,
            status=status, received_on=D(2025, 11, 20), returned_on=D(2026, 1, 5) if status == "returned" else None,
        ).id  # fmt: skip
    return ids


def parsed(path: Path) -> dict[str, icalendar.Event]:
    calendar = icalendar.Calendar.from_ical(path.read_bytes())
    assert str(calendar["version"]) == "2.0" and "Hamkor" in str(calendar["prodid"])
    return {str(event["uid"]): event for event in calendar.walk("VEVENT")}


def test_the_calendar_holds_exactly_the_dates_of_the_period(records: dict[str, int], tmp_path: Path) -> None:
    path = tmp_path / "hamkor.ics"
    count = write_calendar(path, today=TODAY, days=DAYS)
    events = parsed(path)
    expected = {
        f"agreements-{records['expires in March']}-expiry@hamkor": (D(2026, 3, 1), D(2026, 3, 2)),
        f"agreements-{records['expires on the last day']}-expiry@hamkor": (D(2026, 4, 10), D(2026, 4, 11)),
        f"agreements-{records['renews in February']}-renewal@hamkor": (D(2026, 2, 15), D(2026, 2, 16)),
        f"agreements-{records['renews in February']}-notice@hamkor": (D(2026, 1, 16), D(2026, 1, 17)),
        f"agreements-{records['renewed, next end in the period']}-renewal@hamkor": (D(2026, 2, 20), D(2026, 2, 21)),
        f"agreements-{records['notice given in time']}-expiry@hamkor": (D(2026, 3, 20), D(2026, 3, 21)),
        f"agreements-{records['renews far away']}-notice@hamkor": (D(2026, 1, 17), D(2026, 1, 18)),
        f"events-{records['seminar in February']}-event@hamkor": (D(2026, 2, 3), D(2026, 2, 6)),
        f"events-{records['exhibition running now']}-event@hamkor": (D(2026, 1, 5), D(2026, 1, 21)),
        f"visits-{records['visit from Latvia']}-visit@hamkor": (D(2026, 1, 20), D(2026, 1, 23)),
        f"trips-{records['trip to Riga']}-trip@hamkor": (D(2026, 3, 5), D(2026, 3, 6)),
        f"trips-{records['trip to Riga']}-report@hamkor": (D(2026, 3, 20), D(2026, 3, 21)),
        f"loans-{records['loan due in February']}-loan@hamkor": (D(2026, 2, 1), D(2026, 2, 2)),
    }
    assert count == len(events) == len(expected)
    assert {uid: (event.decoded("dtstart"), event.decoded("dtend")) for uid, event in events.items()} == expected
    for event in events.values():
        start = event.decoded("dtstart")
        assert type(start) is dt.date  # all-day: VALUE=DATE, not a date-time
        assert event.decoded("dtend") > TODAY and start <= TODAY + dt.timedelta(days=DAYS)
        assert "dtstamp" in event


def test_summaries_and_details_say_what_and_which(records: dict[str, int], tmp_path: Path) -> None:
    path = tmp_path / "hamkor.ics"
    write_calendar(path, today=TODAY, days=DAYS)
    events = parsed(path)
    notice = events[f"agreements-{records['renews in February']}-notice@hamkor"]
    assert str(notice["summary"]) == "Renewal notice deadline: XA-05 renews in February"
    description = str(notice["description"])
    assert "Parties: National Library of Latvia" in description and "Current term ends: 15/02/2026" in description
    alarm = notice.subcomponents[0]
    assert alarm.name == "VALARM" and alarm.decoded("trigger") == -dt.timedelta(days=14)
    trip = events[f"trips-{records['trip to Riga']}-trip@hamkor"]
    assert str(trip["summary"]) == "Business trip: trip to Riga"
    assert "Travellers: Dilnoza Karimova" in str(trip["description"]) and "Country: Latvia" in str(trip["description"])
    report = events[f"trips-{records['trip to Riga']}-report@hamkor"]
    assert str(report["summary"]) == "Trip report due: trip to Riga"
    loan = events[f"loans-{records['loan due in February']}-loan@hamkor"]
    assert str(loan["summary"]) == "Interlibrary loan due back: loan due in February"


def test_a_longer_period_takes_in_more_and_uids_stay_the_same(records: dict[str, int], tmp_path: Path) -> None:
    first = set(parsed(_written(tmp_path / "a.ics", DAYS)))
    again = set(parsed(_written(tmp_path / "b.ics", DAYS)))
    assert again == first
    longer = set(parsed(_written(tmp_path / "c.ics", 365)))
    assert first < longer
    assert f"events-{records['event in May']}-event@hamkor" in longer
    assert f"loans-{records['loan due in June']}-loan@hamkor" in longer
    assert f"agreements-{records['expires after the period']}-expiry@hamkor" in longer


def _written(path: Path, days: int) -> Path:
    write_calendar(path, today=TODAY, days=days)
    return path


def test_the_calendar_in_russian(records: dict[str, int], tmp_path: Path) -> None:
    path = tmp_path / "ru.ics"
    write_calendar(path, today=TODAY, days=DAYS, language="ru")
    visit = parsed(path)[f"visits-{records['visit from Latvia']}-visit@hamkor"]
    set_language("ru")
    assert str(visit["summary"]) == f"{_('Delegation visit')}: visit from Latvia"
    assert _("Delegation visit") != "Delegation visit"
    assert str(visit["description"]) == f"{_('Countries')}: Латвия"
    set_language("en")
    assert write_calendar(tmp_path / "en.ics", today=TODAY, days=DAYS) == len(parsed(path))


def test_an_empty_registry_gives_an_empty_calendar(database: pw.Database, tmp_path: Path) -> None:
    path = tmp_path / "empty.ics"
    assert write_calendar(path, today=TODAY, days=DAYS) == 0
    assert parsed(path) == {}
    with pytest.raises(ValueError):
        write_calendar(path, today=TODAY, days=0)


def test_the_sample_on_every_database_kind(any_database: pw.Database, load_sample, tmp_path: Path) -> None:  # noqa: ANN001
    load_sample(TODAY)
    path = tmp_path / "sample.ics"
    count = write_calendar(path, today=TODAY, days=365)
    events = parsed(path)
    assert count == len(events) > 0
    assert all(TODAY <= event.decoded("dtstart") <= TODAY + dt.timedelta(days=365) for event in events.values())
    assert any(uid.startswith("agreements-") for uid in events)
