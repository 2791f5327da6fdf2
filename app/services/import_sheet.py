"""Reading one sheet of a checked workbook: the header row (found under title lines), then the rows as plain values.

openpyxl reads in read-only mode, with formulas as written (``data_only=False``) and the sheet's stated size ignored
(``reset_dimensions()``); rows are counted as they come, so a sheet cannot make the import read more than
`MAX_ROWS` rows, and only the header's columns are kept. A value merged over several rows applies to each of them.
"""

from __future__ import annotations

import datetime as dt
import logging
import warnings
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from app.i18n import _
from app.services.import_files import (
    EXCEL_MAX_ROW,
    HEADER_SCAN_ROWS,
    MAX_CELLS,
    MAX_ROWS,
    Amount,
    ExcelError,
    Formula,
    ImportRefused,
    WorkbookInfo,
    inspect_workbook,
    too_many_cells,
    too_many_rows,
)

logger = logging.getLogger(__name__)

#: Columns kept from the header row (a sheet with more has its extra columns ignored).
MAX_COLUMNS = 256
#: The highest header row an officer may name.
MAX_HEADER_ROW = 100

Progress = Callable[[int, int], None]


class ImportCancelled(Exception):
    """The officer cancelled the import; nothing was written."""


@dataclass
class SheetRows:
    """What a sheet holds under its header: the header texts and every non-blank row's values."""

    sheet: str
    sheets: list[str]
    header_row: int  # as Excel numbers rows
    headers: list[str]
    rows: list[tuple[int, list[Any]]]  # (row number, values by column)
    formulas: list[tuple[int, int]] = field(default_factory=list)  # (row number, column index) of formula cells
    epoch: dt.datetime | None = None

    def column_letter(self, column: int) -> str:
        """The Excel letter of a column index (0 → A)."""
        from openpyxl.utils import get_column_letter

        return get_column_letter(column + 1)


def _damaged(path: Path) -> ImportRefused:
    return ImportRefused(
        _("“{name}” is damaged or incomplete: it cannot be read as an Excel workbook.").format(name=path.name)
    )


def _header_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    return str(value).strip()


class _CellReader:
    """Plain values from openpyxl's read-only cells: formulas as Formula, errors as ExcelError, currencies noted."""

    def __init__(self) -> None:
        self.formulas: list[tuple[int, int]] = []
        self._currency_of_format: dict[str, str] = {}

    def value(self, cell: Any, row: int, column: int) -> Any:
        value = cell.value
        if value is None:
            return None
        kind = cell.data_type
        if kind == "f":
            self.formulas.append((row, column))
            text = value if isinstance(value, str) else getattr(value, "text", None) or str(value)
            return Formula(text)
        if kind == "e":
            return ExcelError(value)
        if kind == "s" or isinstance(value, str):
            return value if value.strip() else None
        if kind == "n" and not isinstance(value, bool):
            number_format = cell.number_format
            currency = self._currency_of_format.get(number_format)
            if currency is None:
                from app.services.import_values import currency_of_format

                currency = self._currency_of_format[number_format] = currency_of_format(number_format)
            return Amount(value, currency) if currency else value
        return value


#: How the total row under a table Hamkor exported begins its sums (app.exporters.xlsx).
TOTAL_FORMULAS = ("=SUBTOTAL(109,", "=SUMIF(")


def _is_total_row(values: list[Any]) -> bool:
    """Whether a row is the total row of an exported table: it sums a column, and holds nothing but sums and words."""
    sums = [value for value in values if isinstance(value, Formula) and value.upper().startswith(TOTAL_FORMULAS)]
    return bool(sums) and all(value is None or isinstance(value, str) for value in values)


def _score(cells: list[str], matches: Callable[[str], bool]) -> int:
    return sum(1 for text in cells if text and matches(text))


def _row_values(reader: _CellReader, cells: Iterable[Any], row: int) -> list[Any]:
    values = [reader.value(cell, row, column) for column, cell in enumerate(cells)]
    while values and values[-1] is None:
        values.pop()
    return values


def read_sheet(
    path: str | Path,
    *,
    header_matches: Callable[[str], bool],
    sheet: str | None = None,
    header_row: int | None = None,
    info: WorkbookInfo | None = None,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> SheetRows:
    """The header and rows of `sheet` (the first sheet when None).

    The header row is the one among the first rows that names the most known columns (`header_matches`), unless
    `header_row` names it. Raise ImportRefused when the file is unsafe or damaged, no header is found, or the sheet
    is longer than MAX_ROWS.
    """
    path = Path(path)
    info = info or inspect_workbook(path)
    part = info.sheet(sheet)
    if part.rows_with_content > MAX_ROWS + HEADER_SCAN_ROWS:
        raise too_many_rows(part.name)
    if part.cells > MAX_CELLS:
        raise too_many_cells(part.name)
    import openpyxl

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            workbook = openpyxl.load_workbook(path, read_only=True, data_only=False, keep_links=False)
    except ImportRefused:
        raise
    except Exception as error:  # whatever openpyxl raises on a broken part
        logger.info("openpyxl could not open %s: %s", path, error)
        raise _damaged(path) from error
    try:
        return _read(path, workbook, part.name, info, header_matches, header_row, part.merged, progress, cancelled)
    except (ImportRefused, ImportCancelled):
        raise
    except Exception as error:
        logger.info("openpyxl could not read %s: %s", path, error)
        raise _damaged(path) from error
    finally:
        workbook.close()


def _read(
    path: Path,
    workbook: Any,
    name: str,
    info: WorkbookInfo,
    header_matches: Callable[[str], bool],
    header_row: int | None,
    merged: list[tuple[int, int, int, int]],
    progress: Progress | None,
    cancelled: Callable[[], bool] | None,
) -> SheetRows:
    worksheet = workbook[name]
    worksheet.reset_dimensions()
    reader = _CellReader()
    scan = max(HEADER_SCAN_ROWS, min(header_row or 0, MAX_HEADER_ROW))
    top: list[tuple[int, list[str]]] = []
    for number, cells in enumerate(worksheet.iter_rows(max_row=scan), start=1):
        top.append((number, [_header_text(cell.value) for cell in cells[:MAX_COLUMNS]]))
    if header_row is None:
        best = max(top, key=lambda item: (_score(item[1], header_matches), -item[0]), default=None)
        if best is None or _score(best[1], header_matches) == 0:
            raise ImportRefused(
                _(
                    "No header row was found in the first {count} rows of the sheet “{sheet}”. "
                    "The header row names the columns, as the columns of Hamkor's lists are named."
                ).format(count=HEADER_SCAN_ROWS, sheet=name)
            )
        header_row = best[0]
    headers = next((cells for number, cells in top if number == header_row), [])
    while headers and not headers[-1]:
        headers = headers[:-1]
    if not headers:
        raise ImportRefused(
            _("Row {row} of the sheet “{sheet}” is empty: it cannot be the header.").format(row=header_row, sheet=name)
        )
    width = len(headers)
    expected = max(info.sheet(name).rows_with_content - header_row, 1)
    rows: list[tuple[int, list[Any]]] = []
    number = header_row
    for number, cells in enumerate(worksheet.iter_rows(min_row=header_row + 1, max_col=width), start=header_row + 1):
        if number > EXCEL_MAX_ROW:
            raise _damaged(path)
        if number % 1000 == 0:
            if cancelled is not None and cancelled():
                raise ImportCancelled()
            if progress is not None:
                progress(len(rows), expected)
        if not any(cell.value is not None for cell in cells):
            continue
        values = _row_values(reader, cells, number)
        if not values:
            continue
        if _is_total_row(values):  # the sums Hamkor writes under an exported table are not a record
            reader.formulas = [(row, column) for row, column in reader.formulas if row != number]
            continue
        rows.append((number, values))
        if len(rows) > MAX_ROWS:
            raise too_many_rows(name)
    _fill_merged(rows, merged, header_row, width)
    if not rows:
        raise ImportRefused(_("The sheet “{sheet}” has no rows under its header.").format(sheet=name))
    return SheetRows(
        sheet=name,
        sheets=info.sheet_names,
        header_row=header_row,
        headers=headers,
        rows=rows,
        formulas=reader.formulas,
        epoch=workbook.epoch,
    )


def _fill_merged(
    rows: list[tuple[int, list[Any]]], merged: list[tuple[int, int, int, int]], header_row: int, width: int
) -> None:
    """Give each row a value merged over several rows; a value merged over several columns stays in the first."""
    if not merged or not rows:
        return
    by_number = {number: values for number, values in rows}
    for first_row, first_col, last_row, _last_col in merged:
        if last_row <= header_row or first_row == last_row or first_col > width or first_row <= header_row:
            continue
        top = by_number.get(first_row)
        value = top[first_col - 1] if top is not None and first_col - 1 < len(top) else None
        if value is None:
            continue
        for number in range(first_row + 1, last_row + 1):
            values = by_number.get(number)
            if values is None:
                continue
            while len(values) < first_col:
                values.append(None)
            if values[first_col - 1] is None:
                values[first_col - 1] = value
