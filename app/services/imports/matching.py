"""Planning an import: each row's values read from its cells, checked by `records.validate`, and matched against
the register's records and the file's earlier rows.

A row repeats a record (or an earlier row) when its title, folded across scripts, cases, spaces and apostrophes
(`fold_for_compare`), is the same — and, for registers of dated activities, its date too (a conference held every
year is not one record); an agreement also when its registration number is the same; a book exchange when partner,
date and direction are. What happens to a repeat is the officer's choice: skip it, update the record with it, or
create a record anyway.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from app.i18n import _
from app.services.imports.mapping import Target, header_currency, importable_registers
from app.services.imports.mapping import target as target_of
from app.services.imports.plan import (
    CREATE,
    INVALID,
    MERGED,
    ON_DUPLICATE,
    SKIPPED,
    UNCHANGED,
    UPDATE,
    Group,
    ImportPlan,
    PlannedRow,
    Problem,
)
from app.services.imports.reader import LinkResolver, ValueReader, split_country
from app.services.imports.sheet import ImportCancelled, Progress, SheetRows
from app.services.imports.values import OPEN_ENDED, CellProblem, RowRef, Term, is_blank
from app.services.imports.words import choice_from_text
from app.services.registers.list_rows import labels_of
from app.services.registers.records import empty_values, load_values, validate
from app.services.registers.specs import RegisterSpec, spec_of
from app.text.search_keys import fold_for_compare

logger = logging.getLogger(__name__)


def _column_values(spec: RegisterSpec, values: dict[str, Any]) -> dict[str, Any]:
    """The values a duplicate key is made of, by database column."""
    columns: dict[str, Any] = {}
    title = spec.field(spec.title_field)
    columns.update(title.kind.stored_columns(title, values.get(title.name)))
    for name in (spec.date_field, "direction", "reg_number"):
        if name and name in spec.fields_by_name:
            columns[name] = values.get(name)
    return columns


def _key_columns(spec: RegisterSpec) -> list[str]:
    title = spec.field(spec.title_field)
    names = list(title.columns)
    for name in (spec.date_field, "direction", "reg_number"):
        if name and name in spec.fields_by_name:
            names.append(name)
    return names


def _keys(spec: RegisterSpec, columns: dict[str, Any]) -> list[tuple]:
    """The keys under which a record (or a row) counts as the same as another."""
    title = spec.field(spec.title_field)
    suffix: tuple = ()
    if spec.name == "exchange":
        suffix = (str(columns.get(spec.date_field) or ""), columns.get("direction") or "")
    elif spec.date_field and spec.name != "agreements":
        suffix = (str(columns.get(spec.date_field) or ""),)
    keys: list[tuple] = []
    for column in title.columns:
        value = columns.get(column)
        if isinstance(value, int):  # a record named by the record it links to (a row of the file: no key)
            keys.append((f"#{value}", *suffix))
        elif isinstance(value, str) and (folded := fold_for_compare(value)):
            keys.append((folded, *suffix))
    number = fold_for_compare(columns.get("reg_number") or "") if spec.name == "agreements" else ""
    if number:
        keys.append(("#reg", number))
    return list(dict.fromkeys(keys))


def _existing_index(spec: RegisterSpec) -> dict[tuple, int]:
    """Every key of the register's records → the first record with that key."""
    model = spec.model
    names = _key_columns(spec)
    fields = [model._meta.fields[name] if name in model._meta.fields else getattr(model, name) for name in names]
    index: dict[tuple, int] = {}
    for record_id, *row in model.select(model.id, *fields).order_by(model.id).tuples().iterator():
        columns = dict(zip(names, row, strict=True))
        for name in names:
            if spec.date_field == name and columns[name] is not None:
                columns[name] = str(columns[name])[:10]
        for key in _keys(spec, columns):
            index.setdefault(key, record_id)
    return index


def _row_keys(spec: RegisterSpec, given: dict[str, Any]) -> list[tuple]:
    columns = _column_values(spec, given)
    if spec.date_field and columns.get(spec.date_field) is not None:
        columns[spec.date_field] = columns[spec.date_field].isoformat()
    return _keys(spec, columns)


def _copy(values: dict[str, Any]) -> dict[str, Any]:
    """A copy of a record's values that shares nothing mutable with them (names are dicts, many-valued are lists)."""
    return {k: dict(v) if isinstance(v, dict) else list(v) if isinstance(v, list) else v for k, v in values.items()}


def _merge(spec: RegisterSpec, base: dict[str, Any], given: dict[str, Any], guessed: dict[str, set[str]]) -> dict:
    """`base` with the file's values on top; a name whose language was guessed does not replace one already there."""
    merged = _copy(base)
    for name, value in given.items():
        merged[name] = spec.field(name).kind.merged_value(merged.get(name), value, guessed.get(name, ()))
    return merged


@dataclass
class _RowValues:
    """What the cells of one imported row give, as the fields' kinds gather it (see `Kind.gather_cell`)."""

    given: dict[str, Any] = field(default_factory=dict)
    guessed: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))  # name languages guessed
    currencies: dict[str, str] = field(default_factory=dict)  # an amount's currency from a column of its own


class _Planner:
    """Builds an ImportPlan row by row."""

    def __init__(self, plan: ImportPlan) -> None:
        self.plan = plan
        self.register = plan.register
        self.spec = spec_of(plan.register)
        sheet = plan.sheet
        self.columns: dict[int, Target] = {
            column: target_of(plan.register, key) for column, key in plan.mapping.items() if column < len(sheet.headers)
        }
        self.hints = {column: header_currency(sheet.headers[column]) for column in self.columns}
        self.reader = ValueReader(self.register, epoch=sheet.epoch, links=LinkResolver(self.register, self._titles()))
        self.existing = _existing_index(self.spec)
        self.empty = {**empty_values(self.register), **plan.defaults}
        self.file_keys: dict[tuple, int] = {}
        self.by_record: dict[int, int] = {}
        self.numbers: set[str] = set()
        self.blocked_hits = 0
        self.blocked_labels = {_(self.spec.field(name).label) for name in plan.blocked}
        self.existing_of_row: dict[int, int] = {}
        self.by_row: dict[int, PlannedRow] = {}

    def header(self, column: int) -> tuple[str, str]:
        return self.plan.sheet.headers[column], self.plan.sheet.column_letter(column)

    def _titles(self) -> dict[str, list[int]]:
        """For a register that links to itself (a partner's parent): the folded titles of the file's rows."""
        if not any(fs.link == self.register and not fs.kind.many for fs in self.spec.fields):
            return {}
        title_columns = [c for c, t in self.columns.items() if t.field.name == self.spec.title_field]
        titles: dict[str, list[int]] = defaultdict(list)
        for number, cells in self.plan.sheet.rows:
            for column in title_columns:
                raw = cells[column] if column < len(cells) else None
                if not is_blank(raw):
                    titles[fold_for_compare(str(raw))].append(number)
        return {key: list(dict.fromkeys(rows)) for key, rows in titles.items()}

    def convert(
        self, number: int, cells: list[Any]
    ) -> tuple[dict[str, Any], dict[str, set[str]], list[Problem], set[str]]:
        """The values a row gives (by field), the name languages that were guessed, the cells' problems, and the
        fields whose cells could not be read."""
        failed: set[str] = set()
        row = _RowValues()
        given, guessed, currencies = row.given, row.guessed, row.currencies
        problems: list[Problem] = []
        for column, tgt in self.columns.items():
            raw = cells[column] if column < len(cells) else None
            if is_blank(raw):
                continue
            try:
                value = self.reader.read(tgt.field, tgt.part, raw)
            except CellProblem as problem:
                header, letter = self.header(column)
                problems.append(Problem(number, header, str(problem), letter))
                failed.add(tgt.field.name)
                continue
            tgt.field.kind.gather_cell(tgt.field, tgt.part, value, row, self.hints.get(column, ""))
        for name, code in currencies.items():
            if name in given:
                given[name] = (given[name][0], code)
        self._written_together(given)
        for later in dict.fromkeys(later for later, _earlier in self.spec.date_order):
            value = given.get(later)
            if value == OPEN_ENDED:
                del given[later]
            elif isinstance(value, Term):
                starts = [given.get(e) for other, e in self.spec.date_order if other == later]
                start = next((s for s in starts if isinstance(s, dt.date)), None)
                if isinstance(start, dt.date):
                    given[later] = value.after(start)
                else:
                    del given[later]
                    column = next((c for c, t in self.columns.items() if t.field.name == later), None)
                    header, letter = self.header(column) if column is not None else ("", "")
                    problems.append(
                        Problem(number, header, _("A term needs the date it runs from; none is given."), letter)
                    )
                    failed.add(later)
        return given, guessed, problems, failed

    def _written_together(self, given: dict[str, Any]) -> None:
        """A name written with its country in one cell gives the country; the kind, when no column gives it, is read
        from the name ("Национальная библиотека …" → national library, "Меморандум о …" → memorandum)."""
        title = self.spec.field(self.spec.title_field)
        names = given.get(title.name) if title.kind.multilingual else None
        if not names:
            return
        if "country" in self.spec.fields_by_name:
            for lang, text in list(names.items()):
                name, code = split_country(text)
                if code:
                    names[lang] = name
                    given.setdefault("country", code)
        if "kind" in self.spec.fields_by_name and "kind" not in given:
            key = f"{self.register}.kind"
            kind = next((k for text in names.values() if (k := choice_from_text(key, text))), None)
            if kind:
                given["kind"] = kind

    def problems_of(self, number: int, errors: dict[str, str]) -> list[Problem]:
        """validate()'s errors as problems at the columns that gave the fields (blocked fields are said once)."""
        found: list[Problem] = []
        for name, message in errors.items():
            if name in self.plan.blocked:
                self.blocked_hits += 1
                continue
            column = next((c for c, t in self.columns.items() if t.field.name == name), None)
            if column is None:
                found.append(Problem(number, _(self.spec.field(name).label), message))
            else:
                header, letter = self.header(column)
                found.append(Problem(number, header, message, letter))
        return found

    def add_row(self, number: int, cells: list[Any]) -> None:
        given, guessed, problems, failed = self.convert(number, cells)
        if not given and not problems:
            return
        values = _merge(self.spec, self.empty, given, {})
        planned = PlannedRow(number, INVALID, title=self._title(values))
        self.plan.rows.append(planned)
        keys = _row_keys(self.spec, values)
        record = next((self.existing[key] for key in keys if key in self.existing), None)
        earlier = next((self.file_keys[key] for key in keys if key in self.file_keys), None)
        if record is not None:
            planned.duplicate_record = record
        elif earlier is not None:
            planned.duplicate_row = self.plan.groups[earlier].rows[0]
        duplicate = record is not None or earlier is not None
        if duplicate and self.plan.on_duplicate == "skip":
            planned.action = SKIPPED
            return
        if problems:  # with the other fields' problems too, so that one look at the preview shows them all
            errors = validate(self.register, values)
            planned.problems = problems + self.problems_of(number, {k: v for k, v in errors.items() if k not in failed})
            return
        if record is not None and self.plan.on_duplicate == "update":
            if record not in self.by_record:
                stored, version = load_values(self.register, record)
                self.plan.groups.append(Group(stored, record_id=record, version=version, original=stored))
                self.by_record[record] = len(self.plan.groups) - 1
            self.join(planned, self.by_record[record], given, guessed)
        elif earlier is not None and self.plan.on_duplicate == "update":
            self.join(planned, earlier, given, guessed)
        else:
            self.create(planned, values)
        if planned.group is not None:
            for key in keys:
                self.file_keys.setdefault(key, planned.group)

    def _title(self, values: dict[str, Any]) -> str:
        title = self.spec.field(self.spec.title_field)
        return title.kind.imported_title(values.get(title.name))

    def create(self, planned: PlannedRow, values: dict[str, Any]) -> None:
        errors = validate(self.register, values)
        number = fold_for_compare(values.get("reg_number") or "") if self.register == "agreements" else ""
        if number and number in self.numbers and "reg_number" not in errors:
            errors["reg_number"] = _("Another agreement already has this registration number.")
        if errors:
            planned.problems = self.problems_of(planned.row, errors)
            return
        if number:
            self.numbers.add(number)
        self.plan.groups.append(Group(values, rows=[planned.row]))
        planned.group = len(self.plan.groups) - 1
        planned.action = CREATE

    def join(self, planned: PlannedRow, index: int, given: dict[str, Any], guessed: dict[str, set[str]]) -> None:
        group = self.plan.groups[index]
        merged = _merge(self.spec, group.values, given, guessed)
        errors = validate(self.register, merged, record_id=group.record_id)
        if errors:
            planned.problems = self.problems_of(planned.row, errors)
            return
        group.values = merged
        group.rows.append(planned.row)
        planned.group = index
        planned.action = MERGED if len(group.rows) > 1 else UPDATE

    def finish(self) -> None:
        """Links to rows not imported, circles of such links, updates that change nothing, duplicates' labels."""
        plan = self.plan
        if not self.blocked_hits:
            plan.general = [problem for problem in plan.general if problem.column not in self.blocked_labels]
        self.by_row = {row.row: row for row in plan.rows}
        group_of_row = {row: index for index, group in enumerate(plan.groups) for row in group.rows}
        for planned in plan.rows:  # a row left out as a repeat of a record: links to it go to that record
            if planned.action == SKIPPED and planned.duplicate_record is not None:
                self.existing_of_row[planned.row] = planned.duplicate_record
            elif planned.action == SKIPPED and planned.duplicate_row in group_of_row:
                group_of_row[planned.row] = group_of_row[planned.duplicate_row]
        for group in plan.groups:
            for name, value in group.values.items():
                if isinstance(value, RowRef) and value.row in self.existing_of_row:
                    group.values[name] = self.existing_of_row[value.row]
        changed = True
        while changed:
            changed = False
            for group in plan.groups:
                if not group.valid or not group.rows:
                    continue
                missing = [r for r in group.refs if r not in group_of_row or not plan.groups[group_of_row[r]].valid]
                if missing:
                    self.invalidate(group, _("Refers to row {row}, which is not imported.").format(row=missing[0]))
                    changed = True
        for group in plan.groups:
            for name, value in group.values.items():
                if isinstance(value, RowRef):
                    group.values[name] = RowRef(plan.groups[group_of_row[value.row]].rows[0])
        plan.order = self._link_order(group_of_row)
        for group in plan.groups:
            if group.valid and group.record_id is not None and group.rows and group.values == group.original:
                self.by_row[group.rows[0]].action = UNCHANGED
        labels = labels_of(self.register, [row.duplicate_record for row in plan.rows if row.duplicate_record])
        for row in plan.rows:
            if row.duplicate_record is not None:
                row.duplicate_label = labels.get(row.duplicate_record, "")

    def invalidate(self, group: Group, message: str) -> None:
        group.valid = False
        for number in group.rows:
            row = self.by_row[number]
            row.action = INVALID
            row.group = None
            row.problems.append(Problem(number, "", message))

    def _link_order(self, group_of_row: dict[int, int]) -> list[int]:
        """The groups that link to other rows' records, each after the groups it links to; circles are refused."""
        linking = [i for i, g in enumerate(self.plan.groups) if g.valid and g.rows and g.refs]
        waiting = {i: {group_of_row[row] for row in self.plan.groups[i].refs} & set(linking) for i in linking}
        order: list[int] = []
        while waiting:
            ready = [i for i, needs in waiting.items() if not needs - set(order)]
            if not ready:
                for i in waiting:
                    self.invalidate(self.plan.groups[i], _("The rows refer to each other in a circle."))
                break
            order += ready
            for i in ready:
                del waiting[i]
        return [i for i in order if self.plan.groups[i].valid]


_YEAR = re.compile(r"(?<!\d)(19\d\d|20\d\d)(?!\d)")


def _defaults_from_title(spec: RegisterSpec, sheet: SheetRows, mapped: set[str]) -> dict[str, Any]:
    """What the lines above the table say for every row: the year of a plan ("План … на 2024 год")."""
    if "year" not in spec.fields_by_name or "year" in mapped:
        return {}
    for line in sheet.context:
        match = _YEAR.search(line)
        if match:
            return {"year": int(match.group(1))}
    return {}


def plan_import(
    *,
    register: str,
    sheet: SheetRows,
    mapping: dict[int, str],
    on_duplicate: str = "skip",
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> ImportPlan:
    """What importing the sheet with this column mapping will do; reads the database, writes nothing."""
    if register not in importable_registers():
        raise ValueError(f"{register} cannot be imported")
    if on_duplicate not in ON_DUPLICATE:
        raise ValueError(on_duplicate)
    plan = ImportPlan(register=register, sheet=sheet, mapping=dict(mapping), on_duplicate=on_duplicate)
    spec = spec_of(register)
    mapped = {target_of(register, key).field.name for key in mapping.values()}
    plan.defaults = _defaults_from_title(spec, sheet, mapped)
    mapped |= set(plan.defaults)
    unfilled = validate(register, empty_values(register))  # required fields that have no default either
    for fs in spec.fields:
        if fs.required and fs.name not in mapped and fs.name in unfilled:
            plan.blocked.add(fs.name)
            plan.general.append(
                Problem(
                    None,
                    _(fs.label),
                    _(
                        "No column gives the required field “{field}”: "
                        "rows that would be new records cannot be imported."
                    ).format(field=_(fs.label)),
                )
            )
    planner = _Planner(plan)
    total = len(sheet.rows)
    for done, (number, cells) in enumerate(sheet.rows):
        if done % 500 == 0:
            if cancelled is not None and cancelled():
                raise ImportCancelled()
            if progress is not None:
                progress(done, total)
        planner.add_row(number, cells)
    planner.finish()
    return plan
