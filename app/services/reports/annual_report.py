"""The consolidated annual report: a year's figures against the year before, by country, by department, what was in
force, the plan against what was done, and the year's records — built with SQL aggregates and plain rows.

The writers live beside it: `annual_report_xlsx` (the workbook) and `annual_report_pdf` (the document).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import Counter, defaultdict
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace

import peewee as pw

from app.i18n import N_, Translator, _, babel_locale, translator_for
from app.models import (
    Agreement,
    AgreementParty,
    BusinessTrip,
    DelegationVisit,
    Department,
    Employee,
    Event,
    Partner,
    PlanItem,
    PlanLink,
    Project,
    ProjectPartner,
    TripTraveller,
)
from app.models.choices import (
    AGREEMENT_KINDS,
    PLAN_ACTIVITIES,
    PLAN_STATUSES,
    PROJECT_KINDS,
    PROJECT_ROLES,
    PROJECT_STATUSES,
)
from app.services.dashboard import FIGURES, activity_by_month, countries_by_activity, in_force_at_end, year_figures
from app.services.registers.list_query import ListQuery, build_select
from app.services.registers.specs import spec_of
from app.services.reports.agreement_register import until_text
from app.services.reports.annual_report_partners import add_partner_parts
from app.services.reports.annual_report_rows import (
    AgreementRow,
    AnnualReport,
    CountryRow,
    DepartmentRow,
    FigureRow,
    PlanRow,
    ProjectRow,
    RegisterPart,
    department_kind,
)
from app.services.reports.world_map_counts import agreements_by_country
from app.text.countries import country_name
from app.text.names import localized_name, name_alternatives

logger = logging.getLogger(__name__)

__all__ = [
    "FIRST_YEAR",
    "LAST_YEAR",
    "YEAR_REGISTERS",
    "AgreementRow",
    "AnnualReport",
    "CountryRow",
    "DepartmentRow",
    "FigureRow",
    "PlanRow",
    "ProjectRow",
    "RegisterPart",
    "build_annual_report",
    "department_kind",
    "write_annual_pdf",
    "write_annual_xlsx",
]

#: The registers whose records of the year get a sheet of their own: register, the sheet's name (short: Excel
#: allows 31 characters) and its title.
YEAR_REGISTERS = (
    ("visits", N_("Delegations"), N_("Delegation visits")),
    ("trips", N_("Business trips"), N_("Business trips")),
    ("events", N_("Events"), N_("Events")),
    ("agreements", N_("Agreements signed"), N_("Agreements signed")),
    ("exchange", N_("Book exchange"), N_("Book exchange")),
    ("gifts", N_("Protocol gifts"), N_("Protocol gifts")),
    ("loans", N_("Loans"), N_("Interlibrary loans")),
    ("funding", N_("Funding"), N_("Funding")),
)

#: The years a report can be asked for (the plan's own limits).
FIRST_YEAR, LAST_YEAR = 1900, 2200


def _between(column: pw.Field, year: int) -> pw.Expression:
    return column.between(dt.date(year, 1, 1), dt.date(year, 12, 31))


def running_in(year: int) -> pw.Expression:
    """Projects that ran at some time in `year` (active or completed)."""
    return (
        Project.status.in_(("active", "completed"))
        & Project.start_on.is_null(False)
        & (Project.start_on <= dt.date(year, 12, 31))
        & (Project.end_on.is_null() | (Project.end_on >= dt.date(year, 1, 1)))
    )


def in_preparation_for(year: int) -> pw.Expression:
    """Projects being prepared in `year`: planned or in preparation, to start within the following year."""
    starts_soon = Project.start_on.between(dt.date(year, 1, 1), dt.date(year + 1, 12, 31))
    undated = Project.start_on.is_null() & (Project.created_at <= dt.datetime(year, 12, 31, 23, 59, 59))
    return Project.status.in_(("planned", "preparation")) & (starts_soon | undated)


def build_annual_report(year: int, *, language: str | Translator, today: dt.date | None = None) -> AnnualReport:
    """The consolidated report of `year` in `language` (a translator, or a language code): texts translated, names in
    that language first."""
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise ValueError(year)
    with translator_for(language).in_use() as tr:
        report = AnnualReport(year=year, language=tr.language, compiled_on=today or dt.date.today())
        _figures(report)
        _countries(report)
        _departments(report)
        report.months = activity_by_month(year)
        _agreements(report)
        _projects(report)
        _plan(report)
        add_partner_parts(report, in_force_at_end=in_force_at_end)
        for register, sheet, title in YEAR_REGISTERS:
            spec = spec_of(register)
            fields = [fs.name for fs in spec.list_fields if fs.in_list]
            count = build_select(ListQuery(register, year=year)).count()
            report.registers.append(RegisterPart(register, _(sheet), _(title), fields, count))
    return report


def _figures(report: AnnualReport) -> None:
    this, last = year_figures(report.year), year_figures(report.year - 1)
    report.figures = [
        FigureRow(key, _(label), this.values.get(key, 0), last.values.get(key, 0)) for key, label in FIGURES
    ]
    for currency in sorted(set(this.funding) | set(last.funding)):
        report.funding.append(
            FigureRow(
                currency,
                _("Funding awarded, {currency}").format(currency=currency),
                this.funding.get(currency, Decimal(0)),
                last.funding.get(currency, Decimal(0)),
            )
        )


def _countries(report: AnnualReport) -> None:
    year = report.year
    rows: dict[str, CountryRow] = {}
    locale = babel_locale(report.language)

    def row(code: str) -> CountryRow:
        if code not in rows:
            rows[code] = CountryRow(code, country_name(code, locale))
        return rows[code]

    for code, counts in countries_by_activity(year).items():
        row(code).visits = counts["visits"]
        row(code).trips = counts["trips"]
    for code, count in agreements_by_country(year).items():  # the world map counts them the same way
        row(code).agreements = count
    for code, count in (
        Event.select(Event.country, pw.fn.COUNT(Event.id))
        .where(
            _between(Event.start_on, year)
            & (Event.place == "abroad")
            & Event.country.is_null(False)
            & (Event.status != "cancelled")
        )
        .group_by(Event.country)
        .tuples()
    ):
        row(code).events = count
    report.countries = sorted(rows.values(), key=lambda r: (-r.total, -r.visits, r.name.casefold()))


def _departments(report: AnnualReport) -> None:
    year = report.year
    counts: dict[int | None, Counter] = defaultdict(Counter)
    for department, trips, travellers in (
        TripTraveller.select(
            Employee.department,
            pw.fn.COUNT(pw.fn.DISTINCT(TripTraveller.trip)),
            pw.fn.COUNT(pw.fn.DISTINCT(TripTraveller.employee)),
        )  # fmt: skip
        .join_from(TripTraveller, BusinessTrip)
        .join_from(TripTraveller, Employee)
        .where(_between(BusinessTrip.start_on, year))
        .group_by(Employee.department)
        .tuples()
    ):
        counts[department].update(trips=trips, travellers=travellers)
    for department, visits in (
        DelegationVisit.select(DelegationVisit.host_department, pw.fn.COUNT(DelegationVisit.id))
        .where(_between(DelegationVisit.arrived_on, year))
        .group_by(DelegationVisit.host_department)
        .tuples()
    ):
        counts[department]["visits"] += visits
    for department, projects in (
        Project.select(Project.department, pw.fn.COUNT(Project.id))
        .where(running_in(year))
        .group_by(Project.department)
        .tuples()
    ):
        counts[department]["projects"] += projects
    # events that fulfilled a unit's plan items, or that the unit reported (accepted from its quarterly return)
    events_of: dict[int | None, set[int]] = defaultdict(set)
    for department, event in (
        PlanLink.select(PlanItem.department, PlanLink.record_id)
        .join(PlanItem)
        .where((PlanItem.year == year) & (PlanLink.register == "events"))
        .tuples()
    ):
        events_of[department].add(event)
    for department, event in (
        Event.select(Event.department, Event.id).where(Event.department.is_null(False) & _between(Event.start_on, year))
    ).tuples():
        events_of[department].add(event)
    for department, events in events_of.items():
        counts[department]["events"] += len(events)
    done = pw.fn.SUM(pw.Case(None, [(PlanItem.status == "done", 1)], 0))
    for department, items, finished in (
        PlanItem.select(PlanItem.department, pw.fn.COUNT(PlanItem.id), done)
        .where(PlanItem.year == year)
        .group_by(PlanItem.department)
        .tuples()
    ):
        counts[department].update(plan_items=items, plan_done=int(finished or 0))
    rows = []
    for department in Department.select(
        Department.id, Department.name_uz, Department.name_ru, Department.name_en, Department.name_orig,
        Department.kind, Department.active,
    ).namedtuples():  # fmt: skip
        counted = counts.pop(department.id, Counter())
        if not department.active and not counted and department.kind != "regional_centre":
            continue
        rows.append(DepartmentRow(localized_name(department, "name", report.language), department.kind, **counted))
    if any(counts.values()):  # records whose department was not given (or was deleted)
        unassigned = sum(counts.values(), Counter())
        rows.append(DepartmentRow(_("No department given"), "", **unassigned))
    order = {"department": 0, "regional_centre": 1, "": 2}
    report.departments = sorted(rows, key=lambda r: (order.get(r.kind, 2), r.name.casefold()))
    centres = [row for row in report.departments if row.kind == "regional_centre"]
    report.centres_total = len(centres)
    report.centres_taking_part = sum(row.took_part for row in centres)


def _agreements(report: AnnualReport) -> None:
    language = report.language
    query = Agreement.select(
        Agreement.id, Agreement.reg_number, Agreement.title_uz, Agreement.title_ru, Agreement.title_en,
        Agreement.title_orig, Agreement.kind, Agreement.status, Agreement.signed_on, Agreement.valid_until,
        Agreement.auto_renewal, Agreement.renewal_years,
    ).where(in_force_at_end(report.year))  # fmt: skip
    agreements = [
        SimpleNamespace(**row)
        for row in query.order_by(Agreement.signed_on, Agreement.reg_number, Agreement.id).dicts()
    ]
    parties = _parties(AgreementParty, AgreementParty.agreement, query.select(Agreement.id), language)
    report.agreements = [
        AgreementRow(
            reg_number=agreement.reg_number or "",
            title=name_alternatives(agreement, "title", language),
            parties=[names_ for names_, _role in parties.get(agreement.id, [])],
            kind=_(AGREEMENT_KINDS.label(agreement.kind)),
            signed=agreement.signed_on,
            until=until_text(agreement, dt.date(report.year, 12, 31)),
        )
        for agreement in agreements
    ]


def _parties(
    link: type[pw.Model], owner: pw.Field, owners: pw.Query, language: str
) -> dict[int, list[tuple[list[str], str]]]:
    """The partners linked to each owner (agreement or project): their names with the country last, and a role."""
    role = getattr(link, "role", None)
    locale = babel_locale(language)
    columns = [owner, Partner.name_uz, Partner.name_ru, Partner.name_en, Partner.name_orig, Partner.country]
    if role is not None:
        columns.append(role)
    found: dict[int, list[tuple[list[str], str]]] = defaultdict(list)
    rows = link.select(*columns).join(Partner).where(owner.in_(owners)).order_by(link.id).dicts()
    for row in rows:
        partner = SimpleNamespace(**row)
        found[row[owner.name]].append(
            (
                [*name_alternatives(partner, "name", language), country_name(partner.country, locale)],
                row.get("role") or "",
            )
        )
    return found


def _projects(report: AnnualReport) -> None:
    language = report.language
    query = Project.select(
        Project.id, Project.title_uz, Project.title_ru, Project.title_en, Project.title_orig, Project.kind,
        Project.status, Project.start_on, Project.end_on, Project.department,
    ).where(running_in(report.year) | in_preparation_for(report.year))  # fmt: skip
    projects = [SimpleNamespace(**row) for row in query.order_by(Project.start_on, Project.id).dicts()]
    partners = _parties(ProjectPartner, ProjectPartner.project, query.select(Project.id), language)
    departments = {
        row.id: localized_name(row, "name", language)
        for row in Department.select(
            Department.id, Department.name_uz, Department.name_ru, Department.name_en, Department.name_orig
        ).namedtuples()
    }
    report.projects = [
        ProjectRow(
            title=name_alternatives(project, "title", language),
            kind=_(PROJECT_KINDS.label(project.kind)),
            status=_(PROJECT_STATUSES.label(project.status)),
            partners=[[*partner, _(PROJECT_ROLES.label(role))] for partner, role in partners.get(project.id, [])],
            department=departments.get(project.department, ""),
            start=project.start_on,
            end=project.end_on,
        )
        for project in projects
    ]


def _plan(report: AnnualReport) -> None:
    language = report.language
    linked = dict(
        PlanLink.select(PlanLink.plan_item, pw.fn.COUNT(PlanLink.id))
        .join(PlanItem)
        .where(PlanItem.year == report.year)
        .group_by(PlanLink.plan_item)
        .tuples()
    )
    departments = {
        row.id: localized_name(row, "name", language)
        for row in Department.select(
            Department.id, Department.name_uz, Department.name_ru, Department.name_en, Department.name_orig
        ).namedtuples()
    }
    rows = []
    for item in (
        PlanItem.select(
            PlanItem.id,
            PlanItem.quarter,
            PlanItem.department,
            PlanItem.activity,
            PlanItem.description,
            PlanItem.target,
            PlanItem.status,
        )  # fmt: skip
        .where(PlanItem.year == report.year)
        .namedtuples()
    ):
        rows.append(
            (
                item.id,
                PlanRow(
                    department=departments.get(item.department, _("No department given")),
                    quarter=item.quarter,
                    activity=_(PLAN_ACTIVITIES.label(item.activity)),
                    description=item.description,
                    target=item.target,
                    status=_(PLAN_STATUSES.label(item.status)),
                    linked=int(linked.get(item.id, 0)),
                    done=item.status == "done",
                ),
            )
        )
    rows.sort(key=lambda pair: (pair[1].department.casefold(), pair[1].quarter or 5, pair[0]))
    report.plan = [row for _id, row in rows]


def write_annual_xlsx(report: AnnualReport, path: Path, *, organisation: str, progress=None, cancelled=None):  # noqa: ANN001, ANN201 - ExportResult
    """The report as an Excel workbook: summary, by country, by department, the plan, by month, and the records."""
    from app.services.reports.annual_report_xlsx import write_workbook

    return write_workbook(report, Path(path), organisation=organisation, progress=progress, cancelled=cancelled)


def write_annual_pdf(report: AnnualReport, path: Path, *, organisation: str, progress=None, cancelled=None) -> Path:  # noqa: ANN001
    """The report as an A4 document for management, with its two charts."""
    from app.exporters.progress import steps_of
    from app.services.reports.annual_report_pdf import write_document

    return write_document(report, Path(path), organisation=organisation, steps=steps_of(progress, cancelled))
