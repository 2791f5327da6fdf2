"""Reading returned templates back: the file's identity checked against the period (and unit) asked for, then every
row of every sheet read with the import machinery into a proposal — a record to create, an existing record it
repeats (matched across scripts), a plan item's new status, a project's progress — with every problem, nothing
written. `decisions.write_return` writes what the officer accepts.
"""

from __future__ import annotations

import logging
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.i18n import _
from app.models import Department, Project
from app.services.imports.batch import workbook_paths
from app.services.imports.mapping import header_matcher, suggest_mapping
from app.services.imports.matching import plan_import
from app.services.imports.plan import CREATE, INVALID, MERGED, SKIPPED, ImportPlan
from app.services.imports.reader import LinkResolver
from app.services.imports.sheet import SheetRows, read_tables
from app.services.imports.values import CellProblem, as_choice, as_text, is_blank
from app.services.imports.workbook import ImportRefused, WorkbookInfo, inspect_workbook
from app.services.registers.specs import spec_of
from app.services.submissions.layout import (
    ACTIVITY_SHEETS,
    COMMENT,
    IDENTITY_MARK,
    IDENTITY_SHEET,
    ITEM_NUMBER,
    OWN_COLUMNS,
    PLAN,
    PLAN_ITEM,
    PROGRESS,
    PROJECT,
    PROJECTS,
    STATUS,
    TEMPLATE_VERSION,
    leading_number,
    own_key,
    own_matcher,
)
from app.services.submissions.templates import plan_items
from app.text.names import localized_name
from app.text.search_keys import fold_for_compare

logger = logging.getLogger(__name__)

CREATE_RECORD, LINK_RECORD, UPDATE_ITEM, UPDATE_PROJECT, PROBLEM = "create", "link", "plan", "project", "problem"


@dataclass
class Proposal:
    """One row of a returned sheet and what accepting it would do."""

    sheet: str  # plan, projects or an activity register
    row: int
    action: str  # create | link (the registry holds the record) | plan | project | problem
    title: str
    register: str = ""
    values: dict[str, Any] = field(default_factory=dict)
    record_id: int | None = None  # the record it repeats, the plan item or the project it changes
    plan_item: int | None = None  # the plan item the row fulfils
    problems: list[str] = field(default_factory=list)
    decision: str = "accept"  # accept | reject

    def __post_init__(self) -> None:
        if self.problems or self.action == PROBLEM:
            self.decision = "reject"

    @property
    def acceptable(self) -> bool:
        """Whether the row can be accepted as it stands."""
        return not self.problems and self.action != PROBLEM


@dataclass
class UnitReturn:
    """One returned workbook: whose it is, for which period, and its rows as proposals (or why it is refused)."""

    path: Path
    unit_id: int | None = None
    unit_name: str = ""
    year: int | None = None
    quarter: int | None = None
    version: int | None = None
    proposals: list[Proposal] = field(default_factory=list)
    refused: str = ""
    unreadable: bool = False  # the file could not be read at all (as opposed to refused for its period or unit)

    def problems(self) -> list[str]:
        """Every problem of the file, row by row, for the preview."""
        return [f"{p.sheet} {p.row}: {text}" for p in self.proposals for text in p.problems]


def read_identity(path: Path) -> dict[str, str]:
    """The hidden identity of a template (empty when the file has none)."""
    import openpyxl

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        book = openpyxl.load_workbook(path, read_only=True, data_only=True, keep_links=False)
    try:
        if IDENTITY_SHEET not in book.sheetnames:
            return {}
        found = {}
        for key, value, *_rest in book[IDENTITY_SHEET].iter_rows(min_row=1, max_row=60, max_col=2, values_only=True):
            if key is not None:
                found[str(key)] = "" if value is None else str(value)
        return found if found.get("mark") == IDENTITY_MARK else {}
    finally:
        book.close()


def _number(text: str | None) -> int | None:
    try:
        return int(float(text)) if text not in (None, "") else None
    except ValueError:
        return None


def read_returns(paths, *, year: int, quarter: int, unit_id: int | None = None) -> list[UnitReturn]:  # noqa: ANN001
    """Every returned workbook among `paths` (files or folders), read for the period (and the unit) asked for."""
    found = [read_return(path, year=year, quarter=quarter, unit_id=unit_id) for path in workbook_paths(paths)]
    seen: dict[int, UnitReturn] = {}
    for ret in found:
        if ret.refused or ret.unit_id is None:
            continue
        if ret.unit_id in seen:
            ret.refused = _("“{file}” repeats the return of {unit} already read from “{other}”.").format(
                file=ret.path.name, unit=ret.unit_name, other=seen[ret.unit_id].path.name
            )
            ret.proposals = []
        else:
            seen[ret.unit_id] = ret
    return found


def read_return(path: Path, *, year: int, quarter: int, unit_id: int | None = None) -> UnitReturn:
    """One returned workbook read as proposals, or refused with a clear reason."""
    path = Path(path)
    ret = UnitReturn(path)
    try:
        info = inspect_workbook(path)
        identity = read_identity(path)
    except ImportRefused as error:
        ret.refused, ret.unreadable = str(error), True
        return ret
    except Exception as error:  # noqa: BLE001 - whatever a damaged file makes openpyxl raise
        logger.info("could not read %s: %s", path, error)
        ret.refused, ret.unreadable = _("“{name}” cannot be read as an Excel workbook.").format(name=path.name), True
        return ret
    if not identity:
        ret.refused = _(
            "“{name}” is not a Hamkor quarterly template (its hidden identity sheet is missing): send the unit "
            "its template and ask for it back."
        ).format(name=path.name)
        return ret
    ret.unit_id, ret.year = _number(identity.get("unit")), _number(identity.get("year"))
    ret.quarter = _number(identity.get("quarter"))
    ret.version = _number(identity.get("version"))
    unit = Department.get_or_none(Department.id == ret.unit_id) if ret.unit_id else None
    ret.unit_name = localized_name(unit, "name") if unit is not None else identity.get("unit_name", "")
    if (ret.year, ret.quarter) != (year, quarter):
        ret.refused = _(
            "“{name}” is the template of {unit} for {their_year}, quarter {their_quarter}, not for {year}, "
            "quarter {quarter}: it is not read."
        ).format(name=path.name, unit=ret.unit_name, their_year=ret.year, their_quarter=ret.quarter, year=year,
                 quarter=quarter)  # fmt: skip
    elif unit is None or (identity.get("unit_name") and identity["unit_name"] not in _names(unit)):
        ret.refused = _("“{name}” was made for a unit this registry does not know ({unit}): it is not read.").format(
            name=path.name, unit=identity.get("unit_name", "")
        )
    elif unit_id is not None and unit.id != unit_id:
        chosen = Department.get_or_none(Department.id == unit_id)
        ret.refused = _("“{name}” is the template of {unit}, not of {chosen}: it is not read.").format(
            name=path.name, unit=ret.unit_name, chosen=localized_name(chosen, "name") if chosen else unit_id
        )
    elif (ret.version or 0) > TEMPLATE_VERSION:
        ret.refused = _("“{name}” was made by a newer Hamkor; update Hamkor to read it.").format(name=path.name)
    if ret.refused:
        return ret
    try:
        _SheetReader(ret, info, identity, unit).read()
    except ImportRefused as error:
        ret.refused, ret.unreadable, ret.proposals = str(error), True, []
    return ret


def _names(unit: Department) -> set[str]:
    return {localized_name(unit, "name", lang) for lang in ("en", "uz", "ru", "uz-Cyrl")}


class _SheetReader:
    """Reads each sheet of one returned workbook into proposals."""

    def __init__(self, ret: UnitReturn, info: WorkbookInfo, identity: dict[str, str], unit: Department) -> None:
        self.ret, self.info, self.identity, self.unit = ret, info, identity, unit
        items = plan_items(unit.id, ret.year, ret.quarter)
        self.items = {item.id: item for item in items}
        self.item_titles = {fold_for_compare(item.description): item.id for item in items}

    def _sheet_name(self, key: str) -> str | None:
        name = self.identity.get(f"sheet.{key}")
        return name if name in self.info.sheet_names else None

    def _table(self, key: str, matchers: dict) -> SheetRows | None:
        name = self._sheet_name(key)
        if name is None:
            return None
        tables = read_tables(self.ret.path, matchers=matchers, sheet=name, info=self.info)
        return max(tables, key=lambda t: sum(t.scores.values())) if tables else None

    def read(self) -> None:
        self._plan()
        for register in ACTIVITY_SHEETS:
            self._activities(register)
        self._projects()

    def plan_item_of(self, raw: Any) -> tuple[int | None, str]:
        """The plan item a cell names (by its number or its text), or a problem."""
        if is_blank(raw):
            return None, ""
        number = leading_number(raw)
        if number is None:
            number = self.item_titles.get(fold_for_compare(as_text(raw)))
        if number in self.items:
            return number, ""
        return None, _("“{value}” is not one of this unit's plan items for the quarter.").format(value=as_text(raw))

    def _own_rows(self, key: str) -> tuple[SheetRows, dict[str, int]] | None:
        rows = self._table(key, {key: own_matcher(OWN_COLUMNS[key])})
        if rows is None:
            return None
        columns = {}
        for index, header in enumerate(rows.headers):
            found = own_key(str(header or "").replace(" *", "").strip(), OWN_COLUMNS[key])
            if found and found not in columns:
                columns[found] = index
        return rows, columns

    def _plan(self) -> None:
        read = self._own_rows(PLAN)
        if read is None:
            return
        rows, columns = read
        status_field = spec_of("plan").field("status")
        for number, cells in rows.rows:
            cell = _cell_reader(cells, columns)
            item_id = leading_number(cell(ITEM_NUMBER))
            item = self.items.get(item_id)
            if item is None:
                if not is_blank(cell(STATUS)) or not is_blank(cell(COMMENT)):
                    self.ret.proposals.append(
                        Proposal(
                            PLAN,
                            number,
                            PROBLEM,
                            as_text(cell(ITEM_NUMBER)),
                            problems=[_("This row names no plan item of the unit for the quarter.")],
                        )
                    )
                continue
            problems, status = [], item.status
            if not is_blank(cell(STATUS)):
                try:
                    status = as_choice(status_field, cell(STATUS), "plan")
                except CellProblem as problem:
                    problems.append(str(problem))
            comment = as_text(cell(COMMENT)) if not is_blank(cell(COMMENT)) else ""
            if status == item.status and not comment and not problems:
                continue
            self.ret.proposals.append(Proposal(
                PLAN, number, UPDATE_ITEM, item.description, "plan", {"status": status, "comment": comment},
                record_id=item.id, plan_item=item.id, problems=problems,
            ))  # fmt: skip

    def _projects(self) -> None:
        read = self._own_rows(PROJECTS)
        if read is None:
            return
        rows, columns = read
        status_field = spec_of("projects").field("status")
        links = LinkResolver("projects")
        for number, cells in rows.rows:
            cell = _cell_reader(cells, columns)
            if is_blank(cell(PROGRESS)) and is_blank(cell(STATUS)) and is_blank(cell(PLAN_ITEM)):
                continue
            problems: list[str] = []
            project_id = leading_number(cell(PROJECT))
            if project_id is None and not is_blank(cell(PROJECT)):
                try:
                    found = links.resolve("projects", as_text(cell(PROJECT)))
                    project_id = found if isinstance(found, int) else None
                except CellProblem as problem:
                    problems.append(str(problem))
            project = Project.get_or_none(Project.id == project_id) if project_id else None
            if project is None and not problems:
                problems.append(_("This row names no project of the registry."))
            values: dict[str, Any] = {"progress": as_text(cell(PROGRESS)) if not is_blank(cell(PROGRESS)) else ""}
            values["status"] = project.status if project else ""
            if not is_blank(cell(STATUS)):
                try:
                    values["status"] = as_choice(status_field, cell(STATUS), "projects")
                except CellProblem as problem:
                    problems.append(str(problem))
            item_id, problem = self.plan_item_of(cell(PLAN_ITEM))
            problems += [problem] if problem else []
            if project is not None and values["status"] == project.status and not values["progress"] and not item_id:
                continue
            title = localized_name(project, "title") if project else as_text(cell(PROJECT))
            self.ret.proposals.append(
                Proposal(
                    PROJECTS,
                    number,
                    UPDATE_PROJECT,
                    title,
                    "projects",
                    values,
                    record_id=project_id,
                    plan_item=item_id,
                    problems=problems,
                )
            )

    def _activities(self, register: str) -> None:
        keys = (PLAN_ITEM,)
        matcher, own = header_matcher(register), own_matcher(keys)
        rows = self._table(register, {register: lambda parts: matcher(parts) or own(parts)})
        if rows is None or not rows.rows:
            return
        headers = [str(h or "").removesuffix(" *") for h in rows.headers]
        mapping = suggest_mapping(register, headers)
        item_column = next((i for i, h in enumerate(headers) if own_key(h, keys) == PLAN_ITEM), None)
        mapping.pop(item_column, None)
        plan = plan_import(register=register, sheet=rows, mapping=mapping, on_duplicate="skip")
        cells_of = dict(rows.rows)
        for planned in plan.rows:
            cells = cells_of.get(planned.row, [])
            raw = cells[item_column] if item_column is not None and item_column < len(cells) else None
            item_id, problem = self.plan_item_of(raw)
            self.ret.proposals.append(_activity_proposal(plan, planned, item_id, problem))
        self.ret.proposals += [
            Proposal(register, p.row or 0, PROBLEM, "", register, problems=[p.text()]) for p in plan.general
        ]


def _activity_proposal(plan: ImportPlan, planned, item_id: int | None, problem: str) -> Proposal:  # noqa: ANN001
    register = plan.register
    problems = [p.text() for p in planned.problems] + ([problem] if problem else [])
    if planned.action == CREATE:
        values = dict(plan.groups[planned.group].values)
        return Proposal(
            register, planned.row, CREATE_RECORD, planned.title, register, values, plan_item=item_id, problems=problems
        )
    if planned.action == SKIPPED and planned.duplicate_record is not None:
        return Proposal(
            register,
            planned.row,
            LINK_RECORD,
            planned.duplicate_label or planned.title,
            register,
            record_id=planned.duplicate_record,
            plan_item=item_id,
            problems=problems,
        )
    if planned.action in (SKIPPED, MERGED):
        problems.append(planned.duplicate_text() or _("Repeats an earlier row."))
    elif planned.action != INVALID:
        problems.append(planned.action)
    return Proposal(register, planned.row, PROBLEM, planned.title, register, problems=problems)


def _cell_reader(cells: list[Any], columns: dict[str, int]):  # noqa: ANN202 - key → the row's cell
    return lambda key: cells[columns[key]] if key in columns and columns[key] < len(cells) else None


__all__ = ["Proposal", "UnitReturn", "read_identity", "read_return", "read_returns"]
