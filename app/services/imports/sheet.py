"""Reading one sheet of a checked workbook: its rows as plain values, then its tables (`import_layout`).

openpyxl reads in read-only mode, with formulas as written (``data_only=False``) and the sheet's stated size ignored
(``reset_dimensions()``); rows are counted as they come, so a sheet cannot make the import read more than
`MAX_ROWS` rows; only the first MAX_COLUMNS columns are kept.
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
from app.services.imports.layout import Cancelled, Matcher, find_tables
from app.services.imports.workbook import (
    EXCEL_MAX_ROW,
    HEADER_SCAN_ROWS,
    MAX_CELLS,
    MAX_ROWS,
    Amount,
    ExcelError,
    Formula,
    ImportRefused,
    SheetPart,
    WorkbookInfo,
    inspect_workbook,
    too_many_cells,
    too_many_rows,
)

logger = logging.getLogger(__name__)

#: Columns kept from the header row (a sheet with more has its extra columns ignored).
MAX_COLUMNS = 256

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
    header_rows: list[int] = field(default_factory=list)  # the header band's rows (one to three)
    number_columns: set[int] = field(default_factory=set)  # "№" columns, never imported
    context: list[str] = field(default_factory=list)  # the texts above the header (title lines)
    left_out: list[tuple[int, str]] = field(default_factory=list)  # (row, why): totals, sections, signatures
    scores: dict[str, int] = field(default_factory=dict)  # register → how many of its fields the headers name
    table: int = 0  # which table of the sheet (0 = the first)
    tables: int = 1  # how many tables the sheet has

    @property
    def label(self) -> str:
        """The sheet's name, with the table's place when the sheet has several."""
        if self.tables <= 1:
            return self.sheet
        return _("{sheet}, table {number} (row {row})").format(
            sheet=self.sheet, number=self.table + 1, row=self.header_rows[0] if self.header_rows else self.header_row
        )

    def column_letter(self, column: int) -> str:
        """The Excel letter of a column index (0 → A)."""
        from openpyxl.utils import get_column_letter

        return get_column_letter(column + 1)


def _damaged(path: Path) -> ImportRefused:
    return ImportRefused(
        _("“{name}” is damaged or incomplete: it cannot be read as an Excel workbook.").format(name=path.name)
    )


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
                from app.services.imports.values import currency_of_format

                currency = self._currency_of_format[number_format] = currency_of_format(number_format)
            return Amount(value, currency) if currency else value
        return value


def _row_values(reader: _CellReader, cells: Iterable[Any], row: int) -> list[Any]:
    values = [reader.value(cell, row, column) for column, cell in enumerate(cells)]
    while values and values[-1] is None:
        values.pop()
    return values


def read_tables(
    path: str | Path,
    *,
    matchers: dict[str, Matcher],
    sheet: str | None = None,
    header_row: int | None = None,
    info: WorkbookInfo | None = None,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> list[SheetRows]:
    """The tables of `sheet` (the first sheet when None) whose headers name fields of `matchers`' registers.

    Raise ImportRefused when the file is unsafe or damaged, or the sheet is longer than MAX_ROWS; an empty list when
    no header is found.
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
        if type(error).__name__ == "InvalidFileException":  # a sound workbook under another file name ending
            raise ImportRefused(
                _("“{name}” is not an .xlsx file: its name must end in .xlsx. Rename it, then import it.").format(
                    name=path.name
                )
            ) from error
        raise _damaged(path) from error
    try:
        return _read(path, workbook, part, info, matchers, header_row, progress, cancelled)
    except (ImportRefused, ImportCancelled):
        raise
    except Cancelled as error:
        raise ImportCancelled() from error
    except Exception as error:
        logger.info("openpyxl could not read %s: %s", path, error)
        raise _damaged(path) from error
    finally:
        workbook.close()


def no_header(sheet: str) -> ImportRefused:
    """The refusal of a sheet where no header was found."""
    return ImportRefused(
        _(
            "No header row was found in the first {count} rows of the sheet “{sheet}”. "
            "The header row names the columns, as the columns of Hamkor's lists are named."
        ).format(count=HEADER_SCAN_ROWS, sheet=sheet)
    )


def _read(
    path: Path,
    workbook: Any,
    part: SheetPart,
    info: WorkbookInfo,
    matchers: dict[str, Matcher],
    header_row: int | None,
    progress: Progress | None,
    cancelled: Callable[[], bool] | None,
) -> list[SheetRows]:
    name = part.name
    worksheet = workbook[name]
    worksheet.reset_dimensions()
    reader = _CellReader()
    expected = max(part.rows_with_content, 1)
    grid: list[tuple[int, list[Any]]] = []
    for number, cells in enumerate(worksheet.iter_rows(), start=1):
        if number > EXCEL_MAX_ROW:
            raise _damaged(path)
        if number % 1000 == 0:
            if cancelled is not None and cancelled():
                raise ImportCancelled()
            if progress is not None:
                progress(len(grid), expected)
        if not any(cell.value is not None for cell in cells[:MAX_COLUMNS]):
            continue
        values = _row_values(reader, cells[:MAX_COLUMNS], number)
        if values:
            grid.append((number, values))
        if len(grid) > MAX_ROWS + HEADER_SCAN_ROWS:
            raise too_many_rows(name)
    tables = find_tables(grid, part.merged, matchers, header_row=header_row, cancelled=cancelled)
    found: list[SheetRows] = []
    for index, table in enumerate(tables):
        rows = table.rows
        if len(rows) > MAX_ROWS:
            raise too_many_rows(name)
        found.append(
            SheetRows(
                sheet=name,
                sheets=info.sheet_names,
                header_row=table.header_row,
                headers=table.headers,
                rows=rows,
                formulas=[(r, c) for r, c in reader.formulas if table.header_row < r and c < len(table.headers)],
                epoch=workbook.epoch,
                header_rows=table.header_rows,
                number_columns=table.number_columns,
                context=table.context,
                left_out=table.left_out,
                scores=table.scores,
                table=index,
                tables=len(tables),
            )
        )
    return found
