"""The consolidated annual report as an Excel workbook: one sheet per view of the year, charts on their own cells."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from app.exporters.charts import SheetChart, write_workbook_with_charts
from app.exporters.xlsx import Column, ExportResult, Sheet, workbook_steps
from app.i18n import _, babel_locale, format_date, ngettext, translator_for
from app.services.registers.list_export import columns_for, split_cells, workbook_texts
from app.services.registers.list_rows import stream_rows
from app.services.registers.specs import spec_of
from app.services.reports.annual_report_partner_sheets import partner_sheets
from app.services.reports.annual_report_partners import national_libraries_line
from app.services.reports.annual_report_rows import AnnualReport, RegisterPart, department_kind


def month_names(language: str, width: str = "wide") -> list[str]:
    """The twelve months' names in `language` (wide or abbreviated), as a calendar heads its columns."""
    from babel.dates import get_month_names

    names = get_month_names(width, context="stand-alone", locale=babel_locale(language))
    return [str(names[month]) for month in range(1, 13)]


def _title(organisation: str, what: str) -> str:
    return f"{organisation} — {what}"


def _summary(report: AnnualReport, organisation: str) -> Sheet:
    year, previous = report.year, report.year - 1
    rows: list[list[Any]] = [[row.label, row.value, row.previous, row.change] for row in report.figures]
    if report.funding:
        rows.append([])
        rows += [[row.label, row.value, row.previous, row.change] for row in report.funding]
    return Sheet(
        name=_("Summary"),
        title=_title(organisation, report_title(report)),
        info=[_("Compiled {date}").format(date=format_date(report.compiled_on))],
        columns=[
            Column(_("Figure"), "text", 48),
            Column(str(year), "number", 14),
            Column(str(previous), "number", 14),
            Column(_("Change"), "number", 12),
        ],
        rows=rows,
        total=len(rows),
        totals=False,  # figures of different things: no sum
    )


def _by_country(report: AnnualReport, organisation: str) -> Sheet:
    rows = [
        [row.name, row.code, row.visits, row.trips, row.agreements, row.events, row.total] for row in report.countries
    ]
    return Sheet(
        name=_("By country"),
        title=_title(organisation, _("International activity by country, {year}").format(year=report.year)),
        info=[_("Sorted by the total; agreements: in force at the end of the year with partners of the country.")],
        columns=[
            Column(_("Country"), "text", 28),
            Column(_("Code"), "text", 7),
            Column(_("Delegations received"), "count", 13),
            Column(_("Business trips"), "count", 11),
            Column(_("Agreements in force"), "count", 12),
            Column(_("Events abroad"), "count", 10),
            Column(_("Total"), "count", 9),
        ],
        rows=rows,
        total=len(rows),
    )


def _by_department(report: AnnualReport, organisation: str) -> Sheet:
    rows = [
        [row.name, department_kind(row.kind), row.trips, row.travellers, row.visits, row.projects, row.events,
         row.plan_items, row.plan_done, row.took_part]
        for row in report.departments
    ]  # fmt: skip
    return Sheet(
        name=_("By department"),
        title=_title(organisation, _("Departments and regional centres, {year}").format(year=report.year)),
        info=[centres_line(report), departments_note()],
        columns=[
            Column(_("Department or centre"), "text", 48),
            Column(_("Kind"), "text", 22),
            Column(_("Business trips"), "count", 11),
            Column(_("Employees who travelled"), "count", 12),
            Column(_("Delegations hosted"), "count", 12),
            Column(_("Projects"), "count", 10),
            Column(_("Events"), "count", 9),
            Column(_("Plan items"), "count", 9),
            Column(_("Done"), "count", 8),
            Column(_("Took part"), "bool", 10),
        ],
        rows=rows,
        total=len(rows),
    )


def _months(report: AnnualReport, organisation: str) -> Sheet:
    names = month_names(report.language)
    months = report.months
    rows = [[names[i], months["visits"][i], months["trips"][i], months["events"][i]] for i in range(12)]
    return Sheet(
        name=_("Activity by month"),
        title=_title(organisation, _("Activity by month, {year}").format(year=report.year)),
        info=[],
        columns=[
            Column(_("Month"), "text", 14),
            Column(_("Delegations received"), "count", 13),
            Column(_("Business trips"), "count", 11),
            Column(_("Events"), "count", 9),
        ],
        rows=rows,
        total=12,
    )


def _plan(report: AnnualReport, organisation: str) -> Sheet:
    rows = [
        [row.department, row.quarter, row.activity, row.description, row.target, row.status, row.linked, row.done]
        for row in report.plan
    ]
    done = sum(row.done for row in report.plan)
    return Sheet(
        name=_("Plan vs actual"),
        title=_title(organisation, _("The plan of {year} and what was done").format(year=report.year)),
        info=[plan_line(len(report.plan), done)],
        columns=[
            Column(_("Department"), "text", 34),
            Column(_("Quarter"), "int", 8),
            Column(_("Activity"), "text", 18),
            Column(_("Description"), "text", 50),
            Column(_("Target"), "text", 18),
            Column(_("Status"), "text", 12),
            Column(_("Linked records"), "int", 10),
            Column(_("Done"), "bool", 8),
        ],
        rows=rows,
        total=len(rows),
    )


def _in_force(report: AnnualReport, organisation: str) -> Sheet:
    rows = [
        [row.reg_number, "; ".join(party_text(party) for party in row.parties), row.kind,
         row.title[0] if row.title else "", row.signed, row.until]
        for row in report.agreements
    ]  # fmt: skip
    return Sheet(
        name=_("Agreements in force"),
        title=_title(organisation, agreements_heading(report)),
        info=[ngettext("{count} agreement", "{count} agreements", len(rows)).format(count=len(rows)),
              national_libraries_line(report)],  # fmt: skip
        columns=[
            Column(_("Registration number"), "text", 14),
            Column(_("Partner(s) and country"), "text", 45),
            Column(_("Kind"), "text", 22),
            Column(_("Title"), "text", 55),
            Column(_("Signed"), "date", 12),
            Column(_("In force until"), "text", 26),
        ],
        rows=rows,
        total=len(rows),
    )


def _projects(report: AnnualReport, organisation: str) -> Sheet:
    rows = [
        [row.title[0] if row.title else "", row.kind, row.status, "; ".join(party_text(p) for p in row.partners),
         row.department, row.start, row.end]
        for row in report.projects
    ]  # fmt: skip
    return Sheet(
        name=_("Projects"),
        title=_title(organisation, projects_heading(report)),
        info=[ngettext("{count} project", "{count} projects", len(rows)).format(count=len(rows))],
        columns=[
            Column(_("Title"), "text", 45),
            Column(_("Kind"), "text", 22),
            Column(_("Status"), "text", 14),
            Column(_("Partners"), "text", 50),
            Column(_("Responsible department"), "text", 30),
            Column(_("Start"), "date", 12),
            Column(_("End"), "date", 12),
        ],
        rows=rows,
        total=len(rows),
    )


def _register(report: AnnualReport, organisation: str, part: RegisterPart) -> Sheet:
    register, fields, count = part.register, part.fields, part.count
    spec = spec_of(register)
    specs = [spec.field(name) for name in fields]
    rows = split_cells(stream_rows(report.register_query(register), fields, report.language), specs)
    return Sheet(
        name=part.sheet,
        title=_title(organisation, f"{part.title}, {report.year}"),
        info=[ngettext("{count} record", "{count} records", count).format(count=count)],
        columns=columns_for(spec, fields),
        rows=rows,
        total=count,
    )


def report_title(report: AnnualReport) -> str:
    """The report's title."""
    return _("Consolidated report on international activity for {year}").format(year=report.year)


def departments_note() -> str:
    """How the departments' columns count, so that nobody expects them to add up to the year's totals."""
    return _(
        "A trip counts for each department whose staff travelled on it; projects count where the department is "
        "responsible; events count those linked to the department's plan items."
    )


def centres_line(report: AnnualReport) -> str:
    """How many regional information-library centres took part in the year's international work."""
    return ngettext(
        "Regional information-library centres that took part: {count} of {total}",
        "Regional information-library centres that took part: {count} of {total}",
        report.centres_taking_part,
    ).format(count=report.centres_taking_part, total=report.centres_total)


def plan_line(total: int, done: int) -> str:
    """'N plan items, M done'."""
    return ngettext("{count} plan item, {done} done", "{count} plan items, {done} done", total).format(
        count=total, done=done
    )


def agreements_heading(report: AnnualReport) -> str:
    """The heading of the agreements in force."""
    return _("Agreements in force at the end of {year}").format(year=report.year)


def projects_heading(report: AnnualReport) -> str:
    """The heading of the projects and programmes."""
    return _("Projects and programmes running or in preparation in {year}").format(year=report.year)


def party_text(party: Sequence[str]) -> str:
    """'Name (country or role)' from a party's names with its country (or role) last."""
    *names, last = party
    name = names[0] if names else ""
    return f"{name} ({last})" if last else name


def write_workbook(
    report: AnnualReport,
    path: Path,
    *,
    organisation: str,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> ExportResult:
    """Write the report's workbook to `path` (progress counts the rows written, Cancel is asked between them)."""
    with translator_for(report.language).in_use():
        sheets = [
            _summary(report, organisation),
            _by_country(report, organisation),
            _by_department(report, organisation),
            _months(report, organisation),
            _plan(report, organisation),
            _in_force(report, organisation),
            _projects(report, organisation),
        ]
        sheets += [_register(report, organisation, part) for part in report.registers]
        sheets += partner_sheets(report, organisation)
        charts = {
            1: [
                # every kind of activity stacked, in the table's order (by the total): no zero bars, no zig-zag
                SheetChart(
                    _("International activity by country"),
                    values=[3, 4, 5, 6],
                    categories=1,
                    anchor="I4",
                    horizontal=True,
                    stacked=True,
                )  # fmt: skip
            ],
            3: [SheetChart(_("Activity by month"), values=[2, 3, 4], categories=1, anchor="F4", width=20, height=9)],
        }
        # The world map of the year's activity, under the chart of the sheet by country (a picture: Excel has no map).
        from app.services.reports.world_map_counts import activity_picture
        from app.services.reports.world_map_drawing import png_bytes

        picture = activity_picture(report)
        pictures = {1: [(png_bytes(picture, 170 * 72 / 25.4), "I22", 20.0)]} if picture.counts else {}
        on_rows, cancelled = workbook_steps(progress, cancelled, sum(sheet.total or 0 for sheet in sheets))
        texts = workbook_texts(organisation, report.language)
        return write_workbook_with_charts(
            path, sheets, charts, texts=texts, progress=on_rows, cancelled=cancelled, pictures=pictures
        )
