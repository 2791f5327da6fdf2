"""The calendar of deadlines and dates (.ics, RFC 5545): agreements' term ends and renewal notice deadlines, events,
delegation visits, business trips, trip reports, loan returns and membership fees due in the coming days — for
Outlook, Thunderbird or a phone. Each entry is an all-day event with a stable UID, so that importing the file again
updates rather than duplicates it."""

from __future__ import annotations

import datetime as dt
import logging
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import icalendar
import peewee as pw

from app import __version__
from app.i18n import N_, Translator, _, format_date, translator_for
from app.models import Agreement, BusinessTrip, DelegationVisit, Event, InterlibraryLoan, Membership
from app.services.lifecycle import term_on
from app.services.registers.list_rows import fetch_rows, value_text
from app.services.reports.agreement_register import until_text
from app.text.names import localized_name

logger = logging.getLogger(__name__)

#: What an entry is about: kind → the words its summary starts with.
KINDS = {
    "expiry": N_("Agreement expires"),
    "renewal": N_("Agreement renews automatically"),
    "notice": N_("Renewal notice deadline"),
    "event": N_("Event"),
    "visit": N_("Delegation visit"),
    "trip": N_("Business trip"),
    "report": N_("Trip report due"),
    "loan": N_("Interlibrary loan due back"),
    "dues": N_("Membership fee due"),
}

#: Records read from the database at once.
CHUNK = 1000

#: Deadlines get a reminder this many days before.
REMINDER_DAYS = {"expiry": 30, "renewal": 14, "notice": 14, "report": 3, "loan": 3, "dues": 14}


@dataclass(frozen=True)
class Entry:
    """One all-day entry of the calendar: which record, what kind, the first and last day, summary and details."""

    register: str
    record_id: int
    kind: str
    start: dt.date
    end: dt.date
    summary: str
    description: str

    @property
    def uid(self) -> str:
        """Stable across exports: the same record's deadline of the same kind is the same calendar entry."""
        return f"{self.register}-{self.record_id}-{self.kind}@hamkor"


def _lines(*pairs: tuple[str, Any]) -> str:
    return "\n".join(f"{label}: {value}" for label, value in pairs if value not in (None, ""))


def _day(value: Any) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def _details(register: str, ids: Sequence[int], fields: Sequence[str]) -> dict[int, dict[str, Any]]:
    """Display values (as the lists show them) of the records, by id and field name."""
    found: dict[int, dict[str, Any]] = {}
    ids = list(ids)
    for start in range(0, len(ids), CHUNK):
        for record_id, values in fetch_rows(register, ids[start : start + CHUNK], fields).items():
            found[record_id] = dict(zip(fields, values, strict=True))
    return found


def _summary(kind: str, name: str) -> str:
    return _("{what}: {name}").format(what=_(KINDS[kind]), name=name)


def _agreements(today: dt.date, limit: dt.date) -> Iterator[Entry]:
    columns = (Agreement.id, Agreement.reg_number, Agreement.title_uz, Agreement.title_ru, Agreement.title_en,
               Agreement.title_orig, Agreement.status, Agreement.valid_until, Agreement.auto_renewal,
               Agreement.renewal_years, Agreement.notice_days, Agreement.notice_given_on)  # fmt: skip
    query = Agreement.select(*columns).where(
        (Agreement.status == "in_force")
        & Agreement.valid_until.is_null(False)
        & (Agreement.auto_renewal | Agreement.valid_until.between(today, limit))
    )
    found = []
    for agreement in query.namedtuples():
        agreement = agreement._replace(
            valid_until=_day(agreement.valid_until), notice_given_on=_day(agreement.notice_given_on)
        )
        term = term_on(agreement, today)
        if term.status != "in_force" or term.ends_on is None:
            continue
        if today <= term.ends_on <= limit:
            found.append((agreement, "renewal" if term.notice_deadline is not None else "expiry", term.ends_on, term))
        if term.notice_deadline is not None and today <= term.notice_deadline <= limit:
            found.append((agreement, "notice", term.notice_deadline, term))
    parties = _details("agreements", {a.id for a, *_rest in found}, ["parties"])
    for agreement, kind, day, term in found:
        title = localized_name(agreement, "title")
        name = f"{agreement.reg_number} {title}" if agreement.reg_number else title
        description = _lines(
            (_("Registration number"), agreement.reg_number),
            (_("Title"), title),
            (_("Parties"), parties.get(agreement.id, {}).get("parties")),
            (_("Current term ends"), format_date(term.ends_on)),
            (_("In force until"), until_text(agreement, today)),
            (_("Notice deadline"), format_date(term.notice_deadline)),
        )
        yield Entry("agreements", agreement.id, kind, day, day, _summary(kind, name), description)


def _overlapping(start: pw.Field, end: pw.Field, today: dt.date, limit: dt.date) -> pw.Node:
    """Records whose days (start to end, or the start alone) meet the period."""
    return (start <= limit) & (pw.fn.COALESCE(end, start) >= today)


def _activities(today: dt.date, limit: dt.date) -> Iterator[Entry]:
    plans = (
        ("events", "event", Event, Event.start_on, Event.end_on, Event.status != "cancelled",
         ["title", "kind", "status", "place", "country", "city", "partners"],
         (("kind", N_("Kind")), ("status", N_("Status")), ("place", N_("Place")), ("country", N_("Country")),
          ("city", N_("City")), ("partners", N_("Organisers and partners")))),
        ("visits", "visit", DelegationVisit, DelegationVisit.arrived_on, DelegationVisit.departed_on, None,
         ["title", "countries", "partners", "purpose", "host_department"],
         (("countries", N_("Countries")), ("partners", N_("Organisations")), ("purpose", N_("Purpose")),
          ("host_department", N_("Hosting department")))),
        ("trips", "trip", BusinessTrip, BusinessTrip.start_on, BusinessTrip.end_on, None,
         ["title", "country", "city", "host", "travellers", "purpose"],
         (("country", N_("Country")), ("city", N_("City")), ("host", N_("Host organisation")),
          ("travellers", N_("Travellers")), ("purpose", N_("Purpose")))),
    )  # fmt: skip
    for register, kind, model, start, end, extra, fields, shown in plans:
        condition = _overlapping(start, end, today, limit)
        if extra is not None:
            condition &= extra
        rows = list(model.select(model.id, start, end).where(condition).order_by(start, model.id).tuples())
        details = _details(register, [row[0] for row in rows], fields)
        for record_id, first, last in rows:
            values = details.get(record_id)
            if values is None:
                continue
            first, last = _day(first), _day(last) or _day(first)
            description = _lines(*((_(label), values[name]) for name, label in shown))
            yield Entry(register, record_id, kind, first, last, _summary(kind, values["title"]), description)


def _due(today: dt.date, limit: dt.date) -> Iterator[Entry]:
    reports = (
        BusinessTrip.select(BusinessTrip.id, BusinessTrip.report_due_on)
        .where(BusinessTrip.report_due_on.between(today, limit) & BusinessTrip.report_submitted_on.is_null())
        .tuples()
    )
    reports = list(reports)
    details = _details("trips", [row[0] for row in reports], ["title", "travellers", "start_on", "end_on"])
    for record_id, due in reports:
        values = details[record_id]
        description = _lines(
            (_("Trip"), values["title"]),
            (_("Travellers"), values["travellers"]),
            (_("Departure"), format_date(values["start_on"])),
            (_("Return"), format_date(values["end_on"])),
        )
        yield Entry(
            "trips", record_id, "report", _day(due), _day(due), _summary("report", values["title"]), description
        )
    loans = list(
        InterlibraryLoan.select(InterlibraryLoan.id, InterlibraryLoan.due_on)
        .where(
            InterlibraryLoan.due_on.between(today, limit)
            & InterlibraryLoan.returned_on.is_null()
            & InterlibraryLoan.status.in_(("sent", "received"))
        )
        .tuples()
    )
    details = _details("loans", [row[0] for row in loans], ["item_title", "item_author", "direction", "partner"])
    for record_id, due in loans:
        values = details[record_id]
        description = _lines(
            (_("Item"), values["item_title"]),
            (_("Author"), values["item_author"]),
            (_("Direction"), values["direction"]),
            (_("Partner library"), values["partner"]),
        )
        yield Entry(
            "loans", record_id, "loan", _day(due), _day(due), _summary("loan", values["item_title"]), description
        )


def _dues(today: dt.date, limit: dt.date) -> Iterator[Entry]:
    dues = list(
        Membership.select(Membership.id, Membership.next_due_on)
        .where((Membership.status == "active") & Membership.next_due_on.between(today, limit))
        .tuples()
    )
    details = _details("memberships", [row[0] for row in dues], ["organisation", "level", "annual_fee", "paid_until"])
    for record_id, due in dues:
        values = details[record_id]
        description = _lines(
            (_("Organisation"), values["organisation"]),
            (_("Level or category"), values["level"]),
            (_("Annual fee"), value_text(values["annual_fee"])),
            (_("Paid until"), format_date(values["paid_until"])),
        )
        yield Entry("memberships", record_id, "dues", _day(due), _day(due), _summary("dues", values["organisation"]),
                    description)  # fmt: skip


def calendar_entries(*, today: dt.date, days: int = 365) -> list[Entry]:
    """Everything due or taking place from `today` to `days` days later, soonest first."""
    limit = today + dt.timedelta(days=days)
    entries = [*_agreements(today, limit), *_activities(today, limit), *_due(today, limit), *_dues(today, limit)]
    return sorted(entries, key=lambda entry: (entry.start, entry.kind, entry.register, entry.record_id))


def write_calendar(
    path: Path, *, today: dt.date, days: int = 365, language: str | Translator | None = None
) -> int:
    """Write the calendar of the next `days` days to `path` (an .ics file) in `language` (a translator or a code;
    None: the one in effect); return how many entries it holds."""
    if days < 1:
        raise ValueError(days)
    with translator_for(language).in_use():
        entries = calendar_entries(today=today, days=days)
        calendar = icalendar.Calendar()
        calendar.add("prodid", f"-//Hamkor//Hamkor {__version__}//EN")
        calendar.add("version", "2.0")
        calendar.add("calscale", "GREGORIAN")
        calendar.add("method", "PUBLISH")
        calendar.add("x-wr-calname", _("Hamkor: deadlines and dates"))
        stamp = dt.datetime.now(dt.UTC).replace(microsecond=0)
        for entry in entries:
            event = icalendar.Event()
            event.add("uid", entry.uid)
            event.add("dtstamp", stamp)
            event.add("dtstart", entry.start)
            event.add("dtend", entry.end + dt.timedelta(days=1))  # all-day: the end is the day after the last
            event.add("summary", entry.summary)
            if entry.description:
                event.add("description", entry.description)
            event.add("categories", [_(KINDS[entry.kind])])
            event.add("transp", "TRANSPARENT")
            if entry.kind in REMINDER_DAYS:
                alarm = icalendar.Alarm()
                alarm.add("action", "DISPLAY")
                alarm.add("description", entry.summary)
                alarm.add("trigger", dt.timedelta(days=-REMINDER_DAYS[entry.kind]))
                event.add_component(alarm)
            calendar.add_component(event)
    path = Path(path)
    partial = path.with_name(f".{path.name}.part")
    try:
        partial.write_bytes(calendar.to_ical())
        os.replace(partial, path)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    logger.info("calendar of %d entries written to %s", len(entries), path)
    return len(entries)
