"""Excel workbooks written row by row (openpyxl write-only): titles, a bold frozen header, autofilter, real types."""

from __future__ import annotations

import datetime as dt
import logging
import os
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

logger = logging.getLogger(__name__)

#: Excel keeps at most this many characters in a cell.
CELL_LIMIT = 32767
MONEY_FORMAT = "#,##0.00"
PROGRESS_EVERY = 500
#: Columns whose values are written as they come: dates, whole numbers, and Hamkor's own translated labels.
#: Every other column goes by the value's type, and its text is kept text and within Excel's limits.
TRUSTED_KINDS = ("date", "int", "label")


class ExportCancelled(Exception):
    """The officer cancelled the export; no file was left behind."""


@dataclass(frozen=True)
class Column:
    """A column of the sheet: its header and the kind of its values (text, label, date, int, number, bool)."""

    header: str
    kind: str = "text"
    width: float = 18


@dataclass
class Sheet:
    """One sheet: a name, title lines above the table, the columns and the rows (typed values)."""

    name: str
    title: str
    info: Sequence[str]
    columns: Sequence[Column]
    rows: Iterable[Sequence[Any]]
    total: int | None = None  # how many rows will come (for the autofilter range and progress)


@dataclass
class ExportResult:
    """What was written: rows, and how many cells had to be cleaned of control characters or shortened."""

    path: Path
    rows: int = 0
    cleaned: int = 0
    shortened: int = 0
    sheets: list[str] = field(default_factory=list)


class _Cells:
    """Turns values into cells, keeping text text (never a formula) and within Excel's limits."""

    def __init__(self, sheet: Any, result: ExportResult, yes_no: tuple[str, str]) -> None:
        self.sheet = sheet
        self.result = result
        self.yes, self.no = yes_no

    def text(self, value: str) -> Any:
        if not value.isprintable() and ILLEGAL_CHARACTERS_RE.search(value):  # isprintable: the quick common case
            value = ILLEGAL_CHARACTERS_RE.sub(" ", value)
            self.result.cleaned += 1
        if len(value) > CELL_LIMIT:
            value = value[: CELL_LIMIT - 1] + "…"
            self.result.shortened += 1
        if value.startswith("="):
            cell = WriteOnlyCell(self.sheet, value=value)
            cell.data_type = "s"  # text that looks like a formula stays text
            return cell
        return value

    def value(self, value: Any) -> Any:
        if isinstance(value, str):
            return self.text(value) if value else None
        if isinstance(value, bool):
            return self.yes if value else self.no
        if isinstance(value, dt.date):
            return value  # a real date; openpyxl gives it the unambiguous yyyy-mm-dd format
        if isinstance(value, Decimal):
            cell = WriteOnlyCell(self.sheet, value=value)
            cell.number_format = MONEY_FORMAT
            return cell
        return value


def _styled(sheet: Any, value: str, font: Font) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet, value=value)
    cell.font = font
    return cell


def write_workbook(
    path: Path,
    sheets: Sequence[Sheet],
    *,
    yes_no: tuple[str, str] = ("yes", "no"),
    progress: Callable[[int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
    after_sheet: Callable[[int, Any, Sheet, int], None] | None = None,
) -> ExportResult:
    """Write the sheets to `path` (through a temporary file: a failure or a cancel leaves nothing half-written).

    `after_sheet(index, worksheet, sheet, rows)` is called once each sheet's rows are written (to add a chart).
    """
    path = Path(path)
    result = ExportResult(path)
    workbook = Workbook(write_only=True)
    workbook.properties.creator = "Hamkor"
    workbook.properties.title = sheets[0].title if sheets else ""
    try:
        for index, spec in enumerate(sheets):
            before = result.rows
            _write_sheet(workbook, spec, result, yes_no, progress, cancelled)
            if after_sheet is not None:
                after_sheet(index, workbook.worksheets[-1], spec, result.rows - before)
    except BaseException:
        for sheet in workbook.worksheets:  # release the sheets' temporary files
            try:
                sheet.close()
            except Exception:  # noqa: BLE001 - already failing; the first error is the one to report
                logger.debug("closing a sheet after a failed export", exc_info=True)
        raise
    partial = path.with_name(f".{path.name}.part")
    try:
        workbook.save(partial)
        os.replace(partial, path)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return result


def _write_sheet(
    workbook: Workbook,
    spec: Sheet,
    result: ExportResult,
    yes_no: tuple[str, str],
    progress: Callable[[int], None] | None,
    cancelled: Callable[[], bool] | None,
) -> None:
    sheet = workbook.create_sheet(_sheet_name(spec.name))
    result.sheets.append(sheet.title)
    cells = _Cells(sheet, result, yes_no)
    for index, column in enumerate(spec.columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    header_row = len(spec.info) + 3  # title, info lines, a blank line, then the header
    last_column = get_column_letter(max(1, len(spec.columns)))
    sheet.freeze_panes = f"A{header_row + 1}"
    # Printed as the officers file it: landscape, as wide as the page, the header row on every page.
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = f"{header_row}:{header_row}"
    if spec.total is not None:
        sheet.auto_filter.ref = f"A{header_row}:{last_column}{header_row + max(spec.total, 1)}"
    sheet.append([_styled(sheet, spec.title, Font(bold=True, size=14))])
    for line in spec.info:
        sheet.append([cells.text(line)])
    sheet.append([])
    bold = Font(bold=True)
    header = []
    for column in spec.columns:
        cell = _styled(sheet, column.header, bold)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        header.append(cell)
    sheet.append(header)
    checked = [index for index, column in enumerate(spec.columns) if column.kind not in TRUSTED_KINDS]
    written = 0
    for row in spec.rows:
        values = list(row)
        for index in checked:  # inline: this loop runs for every cell of a 100,000-row export
            if index >= len(values):  # a shorter row (a summary line)
                break
            value = values[index]
            plain = value.__class__ is str and value and value[0] != "=" and len(value) <= CELL_LIMIT
            if not (plain and value.isprintable()):
                values[index] = cells.value(value)
        sheet.append(values)
        written += 1
        if written % PROGRESS_EVERY == 0:
            if cancelled is not None and cancelled():
                raise ExportCancelled
            if progress is not None:
                progress(written)
    if spec.total is None and written:
        sheet.auto_filter.ref = f"A{header_row}:{last_column}{header_row + written}"
    result.rows += written
    if progress is not None:
        progress(written)


def _sheet_name(name: str) -> str:
    """A name Excel accepts: at most 31 characters (cut at a word when longer), none of []:*?/\\."""
    for char in "[]:*?/\\":
        name = name.replace(char, " ")
    name = " ".join(name.split())
    if len(name) > 31:
        name = name[:31].rsplit(" ", 1)[0] if " " in name[:31] else name[:31]
    return name or "Sheet"
