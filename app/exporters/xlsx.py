"""Excel workbooks written row by row (openpyxl write-only) that look finished: a title, a header set apart, real
dates and numbers in the language's formats, wrapped long texts, a grid, an autofilter, totals and a footer.

Every cell refers to one of a few named styles made once per workbook (`xlsx_format.prepare`); each column keeps one
styled cell that is filled and handed to the writer row after row, so formatting costs next to nothing per cell.
"""

from __future__ import annotations

import datetime as dt
import itertools
import logging
import os
import zipfile
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import Cell, WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.utils import get_column_letter

from app.exporters import xlsx_format
from app.exporters.progress import ExportCancelled, Steps, steps_of
from app.exporters.sheet import Column, ExportResult, Sheet
from app.exporters.xlsx_format import BODY_STYLE, TOTAL_STYLE, WorkbookTexts

logger = logging.getLogger(__name__)

__all__ = ["CELL_LIMIT", "Column", "ExportCancelled", "ExportResult", "Sheet", "WorkbookTexts", "write_workbook"]

#: Excel keeps at most this many characters in a cell.
CELL_LIMIT = 32767
PROGRESS_EVERY = 500
#: Rows read ahead to size the columns from their content.
SAMPLE_ROWS = 300
#: Columns whose values are written as they come: dates, numbers and Hamkor's own translated labels.
#: Every other column is checked: text is kept text (never a formula) and within Excel's limits.
TRUSTED_KINDS = ("date", "datetime", "int", "count", "number", "money", "label", "currency")
WRAPPING_KINDS = ("text", "label", "bool")
FIRST_EXCEL_YEAR = 1900  # Excel holds no date before it


def header_row_of(spec: Sheet) -> int:
    """The 1-based row of a sheet's header: after the title, the info lines and a blank line."""
    return len(spec.info) + 3


def write_workbook(
    path: Path,
    sheets: Sequence[Sheet],
    *,
    texts: WorkbookTexts | None = None,
    progress: Callable[[int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
    after_sheet: Callable[[int, Any, Sheet, int], None] | None = None,
) -> ExportResult:
    """Write the sheets to `path` (through a temporary file: a failure or a cancel leaves nothing half-written).

    `progress(rows)` counts the rows written so far (all sheets); `after_sheet(index, worksheet, sheet, rows)` is
    called once each sheet's rows are written (to add a chart)."""
    texts = texts or WorkbookTexts()
    path = Path(path)
    result = ExportResult(path)
    workbook = Workbook(write_only=True)
    xlsx_format.prepare(workbook, texts)
    title = sheets[0].title if sheets else ""
    workbook.properties.title = title
    workbook.properties.subject = title
    workbook.properties.creator = texts.organisation or "Hamkor"
    workbook.properties.keywords = "Hamkor"
    workbook.properties.language = texts.language
    steps = Steps(None, cancelled)
    try:
        for index, spec in enumerate(sheets):
            steps.check()
            before = result.rows
            _SheetWriter(workbook, spec, result, texts).write(progress, steps)
            if after_sheet is not None:
                after_sheet(index, workbook.worksheets[-1], spec, result.rows - before)
        steps.check()
        partial = path.with_name(f".{path.name}.part")
        try:
            _save(workbook, partial, texts.organisation)
            os.replace(partial, path)
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
    except BaseException:
        for sheet in workbook.worksheets:  # release the sheets' temporary files
            try:
                sheet.close()
            except Exception:  # noqa: BLE001 - already failing; the first error is the one to report
                logger.debug("closing a sheet after a failed export", exc_info=True)
        raise
    return result


def _save(workbook: Workbook, path: Path, organisation: str) -> None:
    """openpyxl's save, with the organisation as the document's Company (openpyxl's app.xml has no room for it)."""
    from xml.sax.saxutils import escape

    from openpyxl.writer.excel import ARC_APP, ExcelWriter

    if not workbook.worksheets:
        workbook.create_sheet()
    company = f"<Company>{escape(organisation)}</Company>" if organisation else ""
    app_xml = ('<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
               f"<Application>Hamkor</Application>{company}</Properties>")  # fmt: skip
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
        original = archive.writestr

        def writestr(name: Any, data: Any, *args: Any, **kwargs: Any) -> None:
            original(name, app_xml if name == ARC_APP else data, *args, **kwargs)

        archive.writestr = writestr  # type: ignore[method-assign]
        ExcelWriter(workbook, archive).save()


class _SheetWriter:
    """Writes one sheet: its title lines, the header, the rows through one styled cell per column, the totals."""

    def __init__(self, workbook: Workbook, spec: Sheet, result: ExportResult, texts: WorkbookTexts) -> None:
        self.spec, self.result, self.texts = spec, result, texts
        self.sheet = workbook.create_sheet(_sheet_name(spec.name))
        result.sheets.append(self.sheet.title)
        self.kinds = [column.kind for column in spec.columns]
        self.dates = [index for index, kind in enumerate(self.kinds) if kind in ("date", "datetime")]
        self.checked = [index for index, kind in enumerate(self.kinds) if kind not in TRUSTED_KINDS]

    def write(self, progress: Callable[[int], None] | None, steps: Steps) -> None:
        spec, sheet = self.spec, self.sheet
        header_row = header_row_of(spec)
        rows = iter(spec.rows)
        sample = [self._clean_row(row) for row in itertools.islice(rows, SAMPLE_ROWS)]
        headers = [column.header for column in spec.columns]
        widths = xlsx_format.column_widths(headers, self.kinds, [c.width for c in spec.columns], sample)
        for index, width in enumerate(widths, start=1):
            sheet.column_dimensions[get_column_letter(index)].width = width
        sheet.row_dimensions[header_row].height = xlsx_format.header_height(headers, widths)
        sheet.freeze_panes = f"A{header_row + 1}"
        xlsx_format.set_page(sheet, title=spec.title, texts=self.texts, header_row=header_row,
                             landscape=sum(widths) > 100)  # fmt: skip
        sheet.append([self._styled(spec.title, "Hamkor title")])
        for line in spec.info:
            sheet.append([self._styled(self._text(line), "Hamkor note")])
        sheet.append([])
        sheet.append([self._styled(header, "Hamkor header") for header in headers])
        rest = (self._clean_row(row) for row in rows)
        written = self._rows(itertools.chain(sample, rest), widths, progress, steps)
        last = get_column_letter(max(1, len(spec.columns)))
        sheet.auto_filter.ref = f"A{header_row}:{last}{header_row + max(written, 1)}"
        if spec.totals and written:
            self._totals(header_row + 1, header_row + written)
        self.result.rows += written
        if progress is not None:
            progress(self.result.rows)

    def _rows(
        self, rows: Iterable[list[Any]], widths: list[float], progress: Callable[[int], None] | None, steps: Steps
    ) -> int:
        sheet, width = self.sheet, len(self.kinds)
        # A row whose long text wraps is given the height of its lines: spreadsheets do not grow rows on opening.
        wrapping = [(index, widths[index] - 2) for index, kind in enumerate(self.kinds) if kind in WRAPPING_KINDS]
        heights = _RowHeights(sheet.row_dimensions)
        sheet.row_dimensions = heights
        cells = [_ColumnCell.of(sheet, BODY_STYLE.get(kind, "Hamkor text")) for kind in self.kinds]
        for index, cell in enumerate(cells, start=1):
            cell.column = index
        fast = hasattr(sheet, "_values_to_row")
        if fast:  # the cells are handed over as they are (openpyxl's own path would copy every styled cell)
            row_at = [header_row_of(self.spec) + 1]

            def as_row(values: list[Any], _row_idx: int) -> Iterable[Any]:
                for cell in values:
                    cell.row = row_at[0]
                    yield cell
                row_at[0] += 1

            sheet._values_to_row = as_row
        self._money = [(index, set()) for index, kind in enumerate(self.kinds)
                       if kind == "money" and index + 1 < width and self.kinds[index + 1] == "currency"]  # fmt: skip
        money = self._money
        written = 0
        try:
            for values in rows:
                try:
                    for cell, value in zip(cells, values, strict=False):
                        cell.value = value
                except ValueError:  # text that looks like a formula (a _Text)
                    _bind_text(cells, values)
                if len(values) < width:  # a shorter row (a summary line)
                    for cell in cells[len(values) :]:
                        cell.value = None
                for index, seen in money:
                    if index + 1 < len(values) and values[index] is not None:
                        seen.add(values[index + 1])
                lines = 1
                for index, room in wrapping:
                    value = values[index] if index < len(values) else None
                    if value.__class__ is str and (len(value) > room or "\n" in value):
                        lines = max(lines, xlsx_format.wrapped_lines(value, room + 2))
                heights.lines = lines
                sheet.append(cells)
                written += 1
                if written % PROGRESS_EVERY == 0:
                    steps.check()
                    if progress is not None:
                        progress(self.result.rows + written)
        finally:
            if fast:
                del sheet._values_to_row
            sheet.row_dimensions = heights.original
        return written

    def _clean_row(self, row: Sequence[Any]) -> list[Any]:
        """A row's values as the cells take them: text checked, dates Excel can hold, booleans in words."""
        values = list(row)
        width = len(values)
        for index in self.dates:  # inline, like the loop below: these run for every cell of the export
            if index < width:
                value = values[index]
                if value is not None and value.__class__ is not str and value.year < FIRST_EXCEL_YEAR:
                    values[index] = xlsx_format.date_text(value, self.texts.language)
        for index in self.checked:
            if index >= width:
                break
            value = values[index]
            if value.__class__ is str:
                if not value:
                    values[index] = None
                elif value[0] == "=" or len(value) > CELL_LIMIT or not value.isprintable():
                    values[index] = self._text(value)
            elif value is not None:
                values[index] = self._other(value)
        return values

    def _text(self, value: str) -> Any:
        if not value.isprintable() and ILLEGAL_CHARACTERS_RE.search(value):  # isprintable: the quick common case
            value = ILLEGAL_CHARACTERS_RE.sub(" ", value)
            self.result.cleaned += 1
        if len(value) > CELL_LIMIT:
            value = value[: CELL_LIMIT - 1] + "…"
            self.result.shortened += 1
        return _Text(value) if value.startswith("=") else value

    def _other(self, value: Any) -> Any:
        if isinstance(value, bool):
            return self.texts.yes_no[0] if value else self.texts.yes_no[1]
        if isinstance(value, dt.date):  # a date in a text column: as the language writes it
            return xlsx_format.date_text(value, self.texts.language)
        return value

    def _styled(self, value: Any, style: str) -> WriteOnlyCell:
        cell = WriteOnlyCell(self.sheet, value=value)
        cell.style = style
        return cell

    def _totals(self, first: int, last: int) -> None:
        """A total row under the table: the visible rows' sum of each count and money column (SUBTOTAL follows the
        autofilter); money in several currencies gets one row per currency."""
        summable = [index for index, kind in enumerate(self.kinds) if kind in TOTAL_STYLE]
        if not summable:
            return
        label_at = next((i for i in range(len(self.kinds)) if i not in summable), None)
        currencies = dict(self._money)
        several = sorted({c for seen in currencies.values() for c in seen if c}) if currencies else []
        lines: list[tuple[str, str | None]] = [(self.texts.total, None)]
        if len(several) > 1:
            lines = [(f"{self.texts.total}, {currency}", currency) for currency in several]
        for label, currency in lines:
            row: list[Any] = [self._styled(None, "Hamkor total") for _kind in self.kinds]
            if label_at is not None:
                row[label_at].value = label
            for index in summable:
                letter = get_column_letter(index + 1)
                cells = f"{letter}{first}:{letter}{last}"
                if index in currencies and currency is not None:
                    money_of = get_column_letter(index + 2)
                    formula = f'=SUMIF({money_of}{first}:{money_of}{last},"{currency}",{cells})'
                    row[index + 1].value = currency
                else:
                    formula = f"=SUBTOTAL(109,{cells})"
                    if index in currencies and len(several) == 1:
                        row[index + 1].value = several[0]
                row[index] = self._styled(formula, TOTAL_STYLE[self.kinds[index]])
            self.sheet.append(row)


class _ColumnCell(Cell):
    """The body cell of one column, filled and written row after row: the index of its named style is looked up
    once (openpyxl's own cell looks it up in the workbook's style list at every write)."""

    __slots__ = ("_style_index",)

    @classmethod
    def of(cls, sheet: Any, style: str) -> _ColumnCell:
        cell = cls(sheet)
        cell.style = style
        cell._style_index = Cell.style_id.fget(cell)
        return cell

    @property
    def style_id(self) -> int:
        return self._style_index


class _RowHeights:
    """The sheet's row dimensions as the row writer reads them, with the height of the row being written."""

    def __init__(self, original: Any) -> None:
        self.original = original
        self.lines = 1

    def get(self, row: int, default: Any = None) -> Any:
        if self.lines > 1:
            return {"ht": f"{self.lines * xlsx_format.LINE_HEIGHT + 2:g}", "customHeight": "1"}
        return self.original.get(row, default)


class _Text:
    """Text that looks like a formula and stays text (not a str: a cell refuses it, and `_bind_text` takes it)."""

    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        self.text = text

    def __str__(self) -> str:
        return self.text


def _bind_text(cells: Sequence[WriteOnlyCell], values: Sequence[Any]) -> None:
    for cell, value in zip(cells, values, strict=False):
        if isinstance(value, _Text):
            cell.value = value.text
            cell.data_type = "s"
        else:
            cell.value = value


def _sheet_name(name: str) -> str:
    """A name Excel accepts: at most 31 characters (cut at a word when longer), none of []:*?/\\."""
    for char in "[]:*?/\\":
        name = name.replace(char, " ")
    name = " ".join(name.split())
    if len(name) > 31:
        name = name[:31].rsplit(" ", 1)[0] if " " in name[:31] else name[:31]
    return name or "Sheet"


def workbook_steps(progress: Callable[[int, int], None] | None, cancelled: Callable[[], bool] | None,
                   total: int) -> tuple[Callable[[int], None] | None, Callable[[], bool] | None]:  # fmt: skip
    """The task runner's progress(done, total) and cancelled as write_workbook takes them."""
    steps = steps_of(progress, cancelled)
    return (lambda done: steps.progress(done, total)) if steps.progress else None, steps.cancelled
