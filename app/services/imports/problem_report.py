"""Every problem an import's preview found, as a finished Excel workbook the officer corrects the files from:
the file, the sheet, the row, the column, the cell's value and what is wrong with it."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

from openpyxl.utils import column_index_from_string

from app.exporters.xlsx import Column, ExportResult, Sheet, workbook_steps, write_workbook
from app.i18n import _, format_date, ngettext, pgettext
from app.models.base import current_user, utc_now
from app.services.imports.plan import ImportPlan
from app.services.registers.list_export import workbook_texts

logger = logging.getLogger(__name__)

#: A checked table: the workbook it came from and its plan (the plan knows its sheet).
CheckedTable = tuple[Path | str, ImportPlan]


def problem_count(tables: Sequence[CheckedTable], notes: Sequence[str] = ()) -> int:
    """How many lines the report will have."""
    return sum(len(plan.problems) for _path, plan in tables) + len(notes)


def _cells_of(plan: ImportPlan) -> dict[int, list[Any]]:
    return dict(plan.sheet.rows)


def problem_rows(tables: Sequence[CheckedTable], notes: Sequence[str] = ()) -> Iterator[list[Any]]:
    """The report's rows: file, sheet, row, column (letter and header), the cell's value, the problem; then the
    `notes` about files that could not be read at all."""
    for path, plan in tables:
        name, sheet = Path(path).name, plan.sheet.label
        cells: dict[int, list[Any]] | None = None
        for problem in plan.problems:
            value = None
            if problem.row is not None and problem.letter:
                cells = _cells_of(plan) if cells is None else cells
                row = cells.get(problem.row, [])
                index = column_index_from_string(problem.letter) - 1
                value = row[index] if index < len(row) else None
            column = f"{problem.letter} “{problem.column}”" if problem.letter else problem.column
            yield [name, sheet, problem.row, column, value, problem.message]
    for note in notes:
        yield [None, None, None, None, None, note]


def write_problem_report(
    tables: Sequence[CheckedTable],
    path: Path,
    *,
    notes: Sequence[str] = (),
    organisation: str | None = None,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> ExportResult:
    """Write every problem of the checked tables (and the `notes` about unreadable files) to an Excel workbook."""
    now = utc_now()
    total = problem_count(tables, notes)
    files = list(dict.fromkeys(Path(path).name for path, _plan in tables))
    info = [
        _("Checked {date} at {time} by {user}").format(
            date=format_date(now.date()), time=now.strftime("%H:%M") + " UTC", user=current_user()
        ),
        ngettext("{count} problem.", "{count} problems.", total).format(count=total)
        if total
        else _("No problems were found."),
    ]
    if files:
        info.insert(0, ngettext("Workbook: {names}", "Workbooks: {names}", len(files)).format(names=", ".join(files)))
    columns = [
        Column(_("Workbook"), "text", 30),
        Column(_("Sheet"), "text", 24),
        Column(_("Row"), "int", 8),
        Column(_("Column"), "text", 28),
        Column(pgettext("a cell's content", "Value"), "text", 32),
        Column(_("Problem"), "text", 60),
    ]
    sheet = Sheet(name=_("Problems"), title=_("Import problems"), info=info, columns=columns,
                  rows=problem_rows(tables, notes), total=total, totals=False)  # fmt: skip
    on_rows, cancelled = workbook_steps(progress, cancelled, total)
    return write_workbook(path, [sheet], texts=workbook_texts(organisation), progress=on_rows, cancelled=cancelled)
