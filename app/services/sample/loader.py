"""Sample data: the seed article's facts loaded into an empty registry (``hamkor demo``).

`load_demo` fills every register from the tables in `app.services.demo_data` in one transaction, through the models'
own ``create``/``save`` (so search texts and the change log are written as for an officer's records), and marks
every record as sample data. It refuses a database that already holds records. The data are the same on every run;
only the dates that the reminders need (agreements about to expire, overdue loans, the current year's plan, an
upcoming event) are counted from `today`.
"""

from __future__ import annotations

import datetime as dt
import functools
import random
import unicodedata
from decimal import Decimal
from typing import Any

import peewee as pw

from app.i18n import _, current_language, format_date
from app.models import (
    REGISTERS,
    Agreement,
    AgreementParty,
    BookExchange,
    BusinessTrip,
    ContactPerson,
    DelegationVisit,
    Department,
    Employee,
    Event,
    EventCountry,
    EventPartner,
    Funding,
    InterlibraryLoan,
    Partner,
    PlanItem,
    PlanLink,
    Project,
    ProjectPartner,
    Record,
    TripTraveller,
    VisitCountry,
    VisitMember,
    VisitPartner,
    db,
)
from app.services.sample import data
from app.services.sample.texts import SampleTexts

__all__ = ["DemoRefused", "database_is_empty", "load_demo"]

#: The seed of the only randomness in the sample (book exchange counts): the year of the article's figures.
SEED = 2019

#: Days between a trip's return and the day its report is due.
REPORT_DAYS = 10

#: Fixed-term agreements are shown extended past this many days from today, so that only the ones meant to expire
#: soon appear among the reminders.
SAFE_DAYS = 90


#: The fields whose single text the sample writes in the interface language (see sample_texts).
SAMPLE_TEXT_FIELDS = frozenset({
    "title", "purpose", "programme", "outcomes", "outcome", "position", "city", "notes", "description", "target",
    "signatories", "subjects", "paper_title", "requester",
})  # fmt: skip


class _Written(str):
    """A text already written in the interface language."""


@functools.cache
def _holds_text(model: type[pw.Model], name: str) -> bool:
    """Whether the field `name` of `model` holds a text the sample writes in the interface language (not a code: a
    trip's purpose is one of a few codes)."""
    from app.services.registers.specs import spec_of_model

    if name not in SAMPLE_TEXT_FIELDS:
        return False
    spec = spec_of_model(model)
    if spec is None:  # a record's own list (a delegation member's position)
        return True
    field = spec.fields_by_name.get(name)
    return field is not None and field.kind in ("text", "multiline")


class DemoRefused(Exception):
    """The database already holds records; sample data is loaded only into an empty database."""


def database_is_empty() -> bool:
    """Whether no register holds a single record."""
    return not any(model.select().exists() for model in REGISTERS.values())


def load_demo(*, today: dt.date | None = None, texts: SampleTexts | None = None) -> dict[str, int]:
    """Fill an empty database with the sample data; return the number of records per register. Its single-language
    texts are written in the interface language (`texts`).

    Raises `DemoRefused`, writing nothing, when any register already holds a record. Everything is written in one
    transaction: on any error nothing stays behind.
    """
    today = today or dt.date.today()
    with db.atomic():
        if not database_is_empty():
            raise DemoRefused(
                _("The database already holds records; sample data is loaded only into an empty database.")
            )
        _Loader(today, texts or SampleTexts(current_language())).load()
    return {name: model.select().count() for name, model in REGISTERS.items()}


# --------------------------------------------------------------------------------------------------------------------
# Small helpers
# --------------------------------------------------------------------------------------------------------------------


def _day(value: str | int | None, today: dt.date) -> dt.date | None:
    """An ISO date, or a number of days from today."""
    if value is None:
        return None
    if isinstance(value, int):
        return today + dt.timedelta(days=value)
    return dt.date.fromisoformat(value)


def _add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a common year
        return day.replace(year=day.year + years, day=28)


def _term_end_after(start: dt.date, years: int, after: dt.date) -> dt.date:
    """The first end of a `years`-long term counted from `start` that falls after `after`."""
    terms = 1
    while (end := _add_years(start, years * terms)) <= after:
        terms += 1
    return end


def _quarter(day: dt.date) -> int:
    return (day.month - 1) // 3 + 1


def _email(full_name: str) -> str:
    """An obviously invented address for a contact person."""
    ascii_name = unicodedata.normalize("NFKD", full_name).encode("ascii", "ignore").decode().lower()
    return ".".join(part.replace("-", "") for part in ascii_name.split()) + "@example.org"


_HEAD_BY_KIND = {"diplomatic_mission": "Ambassador", "university": "Rector", "international_organisation": "Head"}


class _Loader:
    """Creates the records table by table, remembering them by their keys for the links that follow."""

    def __init__(self, today: dt.date, texts: SampleTexts) -> None:
        self.today = today
        self.texts = texts
        self.rng = random.Random(SEED)
        self.departments: dict[str, Department] = {}
        self.employees: dict[str, Employee] = {}
        self.partners: dict[str, Partner] = {}
        self.agreements: dict[str, Agreement] = {}
        self.projects: dict[str, Project] = {}
        self.events: dict[str, Event] = {}
        self.visits: dict[str, DelegationVisit] = {}
        self.visits_2019: list[DelegationVisit] = []
        self.trips: dict[str, BusinessTrip] = {}

    def load(self) -> None:
        """Every register, parents before the records that point to them."""
        self.load_staff()
        self.load_partners()
        self.load_agreements()
        self.load_projects()
        self.load_events()
        self.load_visits()
        self.load_trips()
        self.load_exchanges()
        self.load_loans()
        self.load_funding()
        self.load_plan()

    def new(self, model: type[Record], **values: Any) -> Any:
        """A sample record, created the normal way, its single-language texts in the interface language."""
        return model.create(is_sample=True, **self.localized(model, values))

    def localized(self, model: type[pw.Model], values: dict[str, Any]) -> dict[str, Any]:
        """`values` with the texts of the fields that hold one text translated (staff names in the script)."""
        done = dict(values)
        for name, value in values.items():
            if isinstance(value, str) and not isinstance(value, _Written) and _holds_text(model, name):
                done[name] = self.texts.text(value)
            elif name == "full_name" and model is Employee:
                done[name] = self.texts.staff_name(value)
        return done

    @staticmethod
    def relinked(record: Record) -> None:
        """Once the record's links exist, recompute its search text so that it includes the linked names."""
        record.reindex()

    # ---------------------------------------------------------------------------------------------------------------

    def load_staff(self) -> None:
        for key, kind, name_uz, name_ru, name_en, short_name, region in data.DEPARTMENTS:
            self.departments[key] = self.new(
                Department,
                kind=kind,
                name_uz=name_uz,
                name_ru=name_ru,
                name_en=name_en,
                short_name=short_name,
                region=region,
            )
        for key, full_name, position, department in data.EMPLOYEES:
            self.employees[key] = self.new(
                Employee, full_name=full_name, position=position, department=self.departments[department]
            )

    def load_partners(self) -> None:
        for row in data.PARTNERS:
            values = {name: value for name, value in row.items() if name not in ("key", "parent")}
            values["parent"] = self.partners[row["parent"]] if row["parent"] else None
            self.partners[row["key"]] = self.new(Partner, **values)
        for partner, full_name, position, languages in data.CONTACTS:
            self.new(
                ContactPerson,
                partner=self.partners[partner],
                full_name=full_name,
                position=position,
                languages=languages,
                email=_email(full_name),
            )

    def load_agreements(self) -> None:
        for row in data.AGREEMENTS:
            parties = [self.partners[key] for key in row["parties"]]
            if "title" in row:
                title_uz, title_ru, title_en = row["title"]
            else:
                base_uz, base_ru, base_en = data.AGREEMENT_TITLES[row["kind"]]
                title_uz = f"{parties[0].name_uz} bilan {base_uz}"
                title_ru = f"{base_ru} {row['with_ru']}"
                title_en = f"{base_en} {row['with_en']}"
            signed = _day(row.get("signed"), self.today)
            values: dict[str, Any] = {
                "reg_number": row.get("reg"),
                "title_uz": title_uz,
                "title_ru": title_ru,
                "title_en": title_en,
                "kind": row["kind"],
                "status": row.get("status", "in_force"),
                "signed_on": signed,
                "effective_from": signed,
                "subjects": row.get("subjects", data.SUBJECTS_LIBRARY),
                "responsible": self.employees[row["responsible"]],
                "notes": row.get("notes", ""),
            }
            if signed is not None:
                values["signatories"] = "; ".join(
                    ["Director, National Library of Uzbekistan named after Alisher Navoi"]
                    + [f"{_HEAD_BY_KIND.get(p.kind, 'Director')}, {p.name_en}" for p in parties]
                )
                validity = self.validity(signed, row["term"])
                notes = " ".join(filter(None, [self.texts.text(values["notes"]), validity.pop("notes", "")]))
                values.update(validity, notes=_Written(notes))  # each part already in the language
            agreement = self.new(Agreement, **values)
            for partner in parties:
                AgreementParty.create(agreement=agreement, partner=partner)
            self.relinked(agreement)
            self.agreements[row["key"]] = agreement

    def validity(self, signed: dt.date, term: tuple) -> dict[str, Any]:
        """Valid-until and renewal terms of a signed agreement (see `demo_data.AGREEMENTS`)."""
        rule = term[0]
        if rule == "open":
            return {"valid_until": None}
        if rule == "soon":
            return {"valid_until": max(self.today + dt.timedelta(days=term[1]), signed)}
        if rule == "auto":
            years, notice_days = term[1], term[2]
            return {
                "valid_until": _term_end_after(signed, years, self.today),
                "auto_renewal": True,
                "renewal_years": years,
                "notice_days": notice_days,
            }
        if rule == "fixed":
            first_end = _add_years(signed, term[1])
            end = _term_end_after(signed, term[1], self.today + dt.timedelta(days=SAFE_DAYS))
            values: dict[str, Any] = {"valid_until": end}
            if end != first_end:
                extended = self.texts.text("Extended by additional protocols (first term until {date}).")
                values["notes"] = extended.format(date=format_date(first_end))
            return values
        raise ValueError(f"unknown term rule {rule!r}")

    def load_projects(self) -> None:
        for row in data.PROJECTS:
            title_uz, title_ru, title_en, title_orig = row["title"]
            project = self.new(
                Project,
                title_uz=title_uz,
                title_ru=title_ru,
                title_en=title_en,
                title_orig=title_orig,
                kind=row["kind"],
                status=row["status"],
                start_on=_day(row.get("start"), self.today),
                end_on=_day(row.get("end"), self.today),
                department=self.departments[row["department"]],
                funding=row.get("funding", ""),
                outcomes=row.get("outcomes", ""),
                notes=row.get("notes", ""),
            )
            for partner, role in row["partners"]:
                ProjectPartner.create(project=project, partner=self.partners[partner], role=role)
            self.relinked(project)
            self.projects[row["key"]] = project

    def load_events(self) -> None:
        for row in data.EVENTS:
            title_uz, title_ru, title_en, title_orig = row["title"]
            event = self.new(
                Event,
                title_uz=title_uz,
                title_ru=title_ru,
                title_en=title_en,
                title_orig=title_orig,
                kind=row["kind"],
                start_on=_day(row["start"], self.today),
                end_on=_day(row.get("end"), self.today),
                place=row["place"],
                country=row.get("country"),
                city=row.get("city", ""),
                venue=row.get("venue", ""),
                status=row["status"],
                participants_total=row.get("total"),
                participants_foreign=row.get("foreign"),
                outcome=row.get("outcome", ""),
            )
            for partner, role in row["partners"]:
                EventPartner.create(event=event, partner=self.partners[partner], role=role)
            for country in row["countries"]:
                EventCountry.create(event=event, country=country)
            self.relinked(event)
            self.events[row["key"]] = event

    def load_visits(self) -> None:
        for row in data.VISITS:
            host = self.departments[row["host"]]
            visit = self.new(
                DelegationVisit,
                title=row["title"],
                arrived_on=_day(row["arrived"], self.today),
                departed_on=_day(row["departed"], self.today),
                purpose=row["purpose"],
                programme=f"Meeting with the management; tour of the library; talks at the {host.name_en}.",
                host_department=host,
                outcomes=row["outcomes"],
            )
            VisitCountry.create(visit=visit, country=row["country"])
            for partner in row["partners"]:
                VisitPartner.create(visit=visit, partner=self.partners[partner])
            for full_name, position in row["members"]:
                VisitMember.create(**self.localized(VisitMember, {"visit": visit, "full_name": full_name,
                                                                   "position": position}))  # fmt: skip
            self.relinked(visit)
            if row["key"]:
                self.visits[row["key"]] = visit
            if visit.arrived_on.year == 2019:
                self.visits_2019.append(visit)

    def load_trips(self) -> None:
        for row in data.TRIPS:
            travellers = [self.employees[key] for key in row["travellers"]]
            end = _day(row["end"], self.today)
            trip = self.new(
                BusinessTrip,
                title=row["title"],
                department=travellers[0].department,
                country=row["country"],
                city=row["city"],
                host=self.partners[row["host"]] if row["host"] else None,
                host_name=row["host_name"],
                start_on=_day(row["start"], self.today),
                end_on=end,
                purpose=row["purpose"],
                paper_title=row["paper"],
                funding_source=row["funding"],
                report_due_on=end + dt.timedelta(days=REPORT_DAYS),
                report_submitted_on=end + dt.timedelta(days=row["report"]) if row["report"] is not None else None,
                outcomes=row["outcomes"],
            )
            for employee in travellers:
                TripTraveller.create(trip=trip, employee=employee)
            self.relinked(trip)
            if row["key"]:
                self.trips[row["key"]] = trip

    def load_exchanges(self) -> None:
        for partner, direction, day, description in data.EXCHANGES:
            self.new(
                BookExchange,
                partner=self.partners[partner],
                direction=direction,
                exchanged_on=_day(day, self.today),
                books=self.rng.randint(12, 140),
                periodicals=self.rng.randint(0, 45),
                electronic=self.rng.randint(0, 12),
                description=description,
            )

    def load_loans(self) -> None:
        for row in data.LOANS:
            self.new(
                InterlibraryLoan,
                direction=row["direction"],
                partner=self.partners[row["partner"]],
                requester=row["requester"],
                item_title=row["title"],
                item_author=row["author"],
                item_year=row["year"],
                item_isbn=row.get("isbn", ""),
                form=row["form"],
                status=row["status"],
                requested_on=_day(row["requested"], self.today),
                sent_on=_day(row.get("sent"), self.today),
                received_on=_day(row.get("received"), self.today),
                due_on=_day(row.get("due"), self.today),
                returned_on=_day(row.get("returned"), self.today),
                notes=row.get("notes", ""),
            )

    def load_funding(self) -> None:
        for row in data.FUNDING:
            self.new(
                Funding,
                title=row["title"],
                donor=self.partners[row["donor"]],
                project=self.projects[row["project"]] if "project" in row else None,
                kind=row["kind"],
                amount=Decimal(row["amount"]),
                currency=row["currency"],
                applied_on=_day(row.get("applied"), self.today),
                awarded_on=_day(row.get("awarded"), self.today),
                start_on=_day(row.get("start"), self.today),
                end_on=_day(row.get("end"), self.today),
                status=row["status"],
            )

    def load_plan(self) -> None:
        self.plan_year(2019, data.PLAN_2019)
        if self.today.year != 2019:
            self.plan_year(self.today.year, data.PLAN_CURRENT)

    def plan_year(self, year: int, rows: list[dict]) -> None:
        for row in rows:
            quarter = _quarter(self.today) if row["quarter"] == 0 else row["quarter"]
            item = self.new(
                PlanItem,
                year=year,
                quarter=quarter,
                department=self.departments[row["department"]],
                activity=row["activity"],
                description=row["description"],
                target=row.get("target", ""),
                status=row["status"],
                notes=row.get("notes", ""),
            )
            for register, key in row.get("links", []):
                for record in self.linked(register, key):
                    PlanLink.create(plan_item=item, register=register, record_id=record.id)

    def linked(self, register: str, key: str) -> list[Record]:
        """The records a plan item's link names: one by its key, or every visit of 2019 for ``*2019``."""
        if register == "visits" and key == "*2019":
            return list(self.visits_2019)
        table: dict[str, dict[str, Any]] = {
            "agreements": self.agreements,
            "events": self.events,
            "visits": self.visits,
            "trips": self.trips,
        }
        return [table[register][key]]
