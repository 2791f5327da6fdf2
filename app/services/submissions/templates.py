"""Writing the quarterly templates: one workbook per department and regional centre, in the unit's language.

The first sheet explains what to do; then the unit's plan items of the quarter (to mark done, moved or cancelled),
a sheet per kind of activity, and the projects' progress. Kinds, countries, partners, employees and plan items are
offered by drop-down lists (data validation) that read named ranges of a hidden sheet; the lists warn but let a
value typed otherwise (another script, several values) stand, since the reader understands those. Dates are real
date cells. A hidden sheet carries the identity (unit, period, template version) that recognises the returned file.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Callable, Iterable
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.workbook.defined_name import DefinedName
from openpyxl.worksheet.datavalidation import DataValidation

from app.i18n import N_, babel_locale
from app.models import Department, Employee, Partner, PlanItem, Project, Submission, db
from app.models import choices as ch
from app.models.base import utc_now
from app.services.registers.specs import spec_of
from app.services.submissions.layout import (
    ACTIVITY_SHEETS,
    IDENTITY_MARK,
    IDENTITY_SHEET,
    LISTS_SHEET,
    PLAN,
    PROJECTS,
    READY_ROWS,
    SHEET_TITLES,
    SHEETS,
    TEMPLATE_VERSION,
    Column,
    in_language,
    item_label,
    quarter_bounds,
    sheet_columns,
)
from app.text.countries import country_codes, country_name
from app.text.names import localized_name

logger = logging.getLogger(__name__)

DATE_FORMAT = "DD.MM.YYYY"
HEADER_FILL = PatternFill("solid", fgColor="DDE7F0")
GIVEN_FILL = PatternFill("solid", fgColor="F2F2F2")  # cells the registry filled in: read, not to be changed
_UNSAFE = re.compile(r'[\\/:*?"<>|]+')


def units(unit_id: int | None = None) -> list[Department]:
    """The active departments and regional centres (or the one asked for), departments first."""
    query = Department.select().where(Department.active == True)  # noqa: E712 - SQL
    if unit_id is not None:
        query = Department.select().where(Department.id == unit_id)
    return sorted(query, key=lambda unit: (unit.kind != "department", localized_name(unit, "name", "en").casefold()))


def plan_items(unit_id: int, year: int, quarter: int) -> list[PlanItem]:
    """A unit's plan items for the quarter, with the year's items that name no quarter."""
    return list(
        PlanItem.select()
        .where(
            (PlanItem.department == unit_id)
            & (PlanItem.year == year)
            & ((PlanItem.quarter == quarter) | PlanItem.quarter.is_null())
        )
        .order_by(PlanItem.quarter.asc(nulls="LAST"), PlanItem.id)
    )


def unit_projects(unit_id: int, year: int, quarter: int) -> list[Project]:
    """The projects a unit answers for that run in the quarter (or have no dates)."""
    start, end = quarter_bounds(year, quarter)
    running = (Project.start_on.is_null() | (Project.start_on <= end)) & (
        Project.end_on.is_null() | (Project.end_on >= start)
    )
    return list(Project.select().where((Project.department == unit_id) & running).order_by(Project.id))


def file_name(unit: Department, year: int, quarter: int, language: str) -> str:
    """The workbook's name: period, then the unit's short name (or name) in its language."""
    name = unit.short_name or localized_name(unit, "name", language)
    return f"{year}-Q{quarter} {_UNSAFE.sub(' ', name).strip()} ({unit.id}).xlsx"


def write_templates(
    *,
    year: int,
    quarter: int,
    folder: Path,
    unit_id: int | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> list[Path]:
    """Write a template per unit into `folder` and note it as sent; return the paths written."""
    folder.mkdir(parents=True, exist_ok=True)
    chosen = units(unit_id)
    written: list[Path] = []
    for index, unit in enumerate(chosen):
        path = folder / file_name(unit, year, quarter, unit.language)
        write_template(unit, year=year, quarter=quarter, path=path)
        written.append(path)
        if progress is not None:
            progress(index + 1, len(chosen))
    _note_sent([unit.id for unit in chosen], year, quarter)
    return written


def _note_sent(unit_ids: list[int], year: int, quarter: int) -> None:
    now = utc_now()
    with db.atomic():
        for unit_id in unit_ids:
            found = Submission.get_or_none(
                (Submission.unit == unit_id) & (Submission.year == year) & (Submission.quarter == quarter)
            )
            if found is None:
                Submission.create(
                    unit=unit_id,
                    year=year,
                    quarter=quarter,
                    template_version=TEMPLATE_VERSION,
                    sent_at=now,
                    state="sent",
                    changed_at=now,
                )
            else:
                Submission.update(sent_at=now, changed_at=now).where(Submission.id == found.id).execute()


def write_template(unit: Department, *, year: int, quarter: int, path: Path) -> Path:
    """Write one unit's template for the quarter."""
    language = unit.language or "uz"
    tr = in_language(language)
    items = plan_items(unit.id, year, quarter)
    projects = unit_projects(unit.id, year, quarter)
    book = Workbook()
    instructions = book.active
    instructions.title = _sheet_title(tr(N_("Instructions")))
    names = {sheet: _sheet_title(tr(SHEET_TITLES[sheet])) for sheet in SHEETS}
    _instructions(instructions, tr, unit, language, year, quarter, names)
    lists = _Lists(book, tr, language)
    lists.add("plan_items", [item_label(item.id, item.description) for item in items])
    lists.add("projects", [item_label(p.id, localized_name(p, "title", language)) for p in _offered_projects(projects)])
    start, end = quarter_bounds(year, quarter)
    for sheet in SHEETS:
        target = book.create_sheet(names[sheet])
        columns = sheet_columns(sheet)
        rows = []
        if sheet == PLAN:
            rows = _plan_rows(items, tr)
        elif sheet == PROJECTS:
            rows = _project_rows(projects, language, tr)
        _table(target, columns, rows, tr, lists, (start, end), given=2 if sheet == PLAN else 0)
    _identity(book, unit, language, year, quarter, names)
    book.move_sheet(lists.sheet, offset=len(book.sheetnames))
    lists.sheet.sheet_state = "hidden"
    book.active = 0
    path = Path(path)
    book.save(path)
    logger.info("wrote the %d Q%d template of unit %s to %s", year, quarter, unit.id, path)
    return path


def _sheet_title(text: str) -> str:
    for char in "[]:*?/\\'":
        text = text.replace(char, " ")
    return " ".join(text.split())[:31]


def _offered_projects(own: list[Project]) -> list[Project]:
    """The unit's projects first, then every other project still running (a unit may report on another's)."""
    others = Project.select().where(
        Project.status.in_(("planned", "preparation", "active")) & Project.id.not_in([p.id for p in own] or [0])
    )
    return [*own, *others.order_by(Project.id)]


def _plan_rows(items: list[PlanItem], tr: Callable[[str], str]) -> list[list]:
    return [
        [item.id, tr(ch.PLAN_ACTIVITIES.label(item.activity)), item.description, item.target,
         tr(ch.PLAN_STATUSES.label(item.status)), ""]
        for item in items
    ]  # fmt: skip


def _project_rows(projects: list[Project], language: str, tr: Callable[[str], str]) -> list[list]:
    return [
        [item_label(p.id, localized_name(p, "title", language)), tr(ch.PROJECT_STATUSES.label(p.status)), "", None]
        for p in projects
    ]


class _Lists:
    """The hidden sheet of drop-down lists, one column per list, each a workbook-wide name."""

    def __init__(self, book: Workbook, tr: Callable[[str], str], language: str) -> None:
        self.book, self.tr, self.language = book, tr, language
        self.sheet = book.create_sheet(LISTS_SHEET)
        self.refs: dict[str, str] = {}

    def add(self, name: str, values: Iterable[str]) -> None:
        values = [value for value in dict.fromkeys(values) if value]
        column = get_column_letter(len(self.refs) + 1)
        self.sheet.cell(1, len(self.refs) + 1, name)
        for row, value in enumerate(values, start=2):
            cell = self.sheet.cell(row, len(self.refs) + 1, value)
            cell.data_type = "s"
        last = max(len(values) + 1, 2)
        ref = f"{quote_sheetname(LISTS_SHEET)}!${column}$2:${column}${last}"
        self.book.defined_names[name] = DefinedName(name, attr_text=ref)
        self.refs[name] = name

    def ref(self, name: str) -> str:
        """The list's name for a validation formula, made on first use."""
        if name not in self.refs:
            self.add(name, self._values(name))
        return self.refs[name]

    def _values(self, name: str) -> list[str]:
        language, tr = self.language, self.tr
        if name == "countries":
            locale = babel_locale(language)
            return sorted((country_name(code, locale) for code in country_codes()), key=str.casefold)
        if name == "partners":
            query = Partner.select().where(Partner.active == True)  # noqa: E712 - SQL
            return sorted((localized_name(p, "name", language) for p in query), key=str.casefold)
        if name == "employees":
            query = Employee.select(Employee.full_name).where(Employee.active == True)  # noqa: E712 - SQL
            return sorted((e.full_name for e in query), key=str.casefold)
        if name == "plan_status":
            return [tr(label) for _code, label in ch.PLAN_STATUSES]
        register, field = name.split("_", 1)
        return [tr(label) for _code, label in spec_of(register).field(field).choices]


def _table(
    sheet, columns: tuple[Column, ...], rows: list[list], tr, lists: _Lists, period: tuple[dt.date, dt.date], given: int
) -> None:  # noqa: ANN001 - an openpyxl worksheet and a translator
    bold = Font(bold=True)
    for index, column in enumerate(columns, start=1):
        header = tr(column.label) + (" *" if column.required else "")
        cell = sheet.cell(1, index, header)
        cell.font, cell.fill = bold, HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    sheet.freeze_panes = "A2"
    sheet.row_dimensions[1].height = 32  # headers wrap over two lines
    _printable(sheet, f"A1:{get_column_letter(len(columns))}{max(len(rows) + 1, 25)}")
    for row_number, values in enumerate(rows, start=2):
        lines = max(-(-len(str(v or "")) // max(int(c.width) - 2, 1)) for v, c in zip(values, columns, strict=True))
        sheet.row_dimensions[row_number].height = 15 * max(lines, 1)  # wrapped texts: the row grows
        for index, value in enumerate(values, start=1):
            cell = sheet.cell(row_number, index, value)
            if index <= given:
                cell.fill = GIVEN_FILL
            if isinstance(value, str):
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    last = max(READY_ROWS, len(rows)) + 1
    for index, column in enumerate(columns, start=1):
        letter = get_column_letter(index)
        cells = f"{letter}2:{letter}{last}"
        if column.entry == "date":
            for row in range(2, last + 1):
                sheet.cell(row, index).number_format = DATE_FORMAT
            check = DataValidation(type="date", operator="greaterThan", formula1="DATE(1990,1,1)", allow_blank=True)
            check.error = tr(N_("Type a date, e.g. {example}.")).format(example=period[0].strftime("%d.%m.%Y"))
        elif column.entry == "int":
            check = DataValidation(type="whole", operator="greaterThanOrEqual", formula1="0", allow_blank=True)
            check.error = tr(N_("Type a whole number."))
        elif column.entry == "list":
            check = DataValidation(type="list", formula1=f"={lists.ref(column.list_name)}", allow_blank=True)
            check.error = tr(N_("Choose from the list, or type the value as you know it."))
            if column.several:
                check.prompt = tr(N_("Several values: separate them with “;”."))
                check.showInputMessage = True
        else:
            continue
        check.errorStyle = "warning"  # typed in another script, or several values: warned, kept, read back
        check.showErrorMessage = True
        check.add(cells)
        sheet.add_data_validation(check)


def _instructions(sheet, tr, unit: Department, language: str, year: int, quarter: int, names: dict) -> None:  # noqa: ANN001
    unit_name = localized_name(unit, "name", language)
    lines = [
        (tr(N_("Quarterly report on international activity")), True),
        (tr(N_("{unit}: {year}, quarter {quarter}")).format(unit=unit_name, year=year, quarter=quarter), True),
        ("", False),
        (tr(N_("1. On the sheet “{sheet}”, mark each plan item done, moved or cancelled and add a comment.")).format(
            sheet=names[PLAN]), False),
        (tr(N_("2. List what the unit did in the quarter on the sheets {sheets}: one row per trip, visit, event, "
            "dispatch or loan.")).format(sheets=", ".join(f"“{names[s]}”" for s in ACTIVITY_SHEETS)), False),
        (tr(N_("3. On the sheet “{sheet}”, write how each project went.")).format(sheet=names[PROJECTS]), False),
        (tr(N_("4. Choose kinds, countries, partners and plan items from the drop-down lists; type dates as dates. "
            "Columns marked * are required.")), False),
        (tr(N_("5. Rows may be added and columns moved; do not rename or delete the sheets.")), False),
        (tr(N_("6. Save the file as an Excel workbook (.xlsx) and send it back to the International Relations "
            "Service.")), False),
    ]  # fmt: skip
    for row, (text, bold) in enumerate(lines, start=1):
        cell = sheet.cell(row, 1, text)
        cell.font = Font(bold=bold, size=13 if row == 1 else 11)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.row_dimensions[row].height = 16 * max(1, -(-len(text) // 100))  # wrapped lines: the row grows
    sheet.column_dimensions["A"].width = 110
    _printable(sheet, f"A1:A{len(lines)}")


def _printable(sheet, area: str) -> None:  # noqa: ANN001 - an openpyxl worksheet
    """Landscape, as wide as the page, only the filled part printed (not the rows made ready)."""
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.print_area = area


def _identity(book: Workbook, unit: Department, language: str, year: int, quarter: int, names: dict) -> None:
    sheet = book.create_sheet(IDENTITY_SHEET)
    values = [
        ("mark", IDENTITY_MARK),
        ("unit", unit.id),
        ("unit_name", localized_name(unit, "name", "en") or localized_name(unit, "name", language)),
        ("year", year),
        ("quarter", quarter),
        ("version", TEMPLATE_VERSION),
        ("language", language),
        ("made", utc_now().isoformat(sep=" ")),
        *((f"sheet.{key}", name) for key, name in names.items()),
    ]
    for row, (key, value) in enumerate(values, start=1):
        sheet.cell(row, 1, key)
        sheet.cell(row, 2, value)
    sheet.sheet_state = "hidden"
    sheet.protection.sheet = True


__all__ = ["plan_items", "unit_projects", "units", "write_template", "write_templates"]
