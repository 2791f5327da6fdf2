"""Workbooks for the import tests, built on disk with openpyxl, and the lists to compare before and after."""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from app.i18n import _
from app.services.registers.list_query import ListQuery, select_ids
from app.services.registers.list_rows import Money, fetch_rows
from app.services.registers.specs import spec_of

#: Every register the import takes, in the order their links need (departments before employees before trips …).
IMPORT_ORDER = ("departments", "employees", "partners", "contacts", "agreements", "events", "visits", "trips")
IMPORT_ORDER += ("exchange", "loans", "memberships")


@dataclass(frozen=True)
class InFormat:
    """A number written with a number format of its own."""

    value: Any
    number_format: str


def hamkor_layout(
    path: Path,
    headers: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    title: str = "Partners",
    info: Sequence[str] = ("Exported 25 Nov 2026 at 10:00 UTC by tester",),
    sheet: str = "Partners",
    formats: dict[int, str] | None = None,
) -> Path:
    """A workbook laid out as Hamkor exports a list: title line(s), a blank row, a bold header, typed rows.

    A text starting with "=" is written as text (as the exporter writes it); `formats` gives number formats by column.
    """
    workbook = Workbook(write_only=True)
    worksheet = workbook.create_sheet(sheet)

    def cell(value: Any, column: int) -> Any:
        if isinstance(value, InFormat):  # an amount with its own currency's format (the column's may differ)
            written = WriteOnlyCell(worksheet, value=value.value)
            written.number_format = value.number_format
            return written
        if isinstance(value, str) and value.startswith("="):
            written = WriteOnlyCell(worksheet, value=value)
            written.data_type = "s"
            return written
        if isinstance(value, (dt.date, Decimal, float, int)) and not isinstance(value, bool):
            written = WriteOnlyCell(worksheet, value=value)
            if isinstance(value, dt.date):
                written.number_format = "dd.mm.yyyy"
            if formats and column in formats:
                written.number_format = formats[column]
            return written
        return value

    heading = WriteOnlyCell(worksheet, value=title)
    heading.font = Font(bold=True, size=14)
    worksheet.append([heading])
    for line in info:
        worksheet.append([line])
    worksheet.append([])
    bold = []
    for header in headers:
        written = WriteOnlyCell(worksheet, value=header)
        written.font = Font(bold=True)
        bold.append(written)
    worksheet.append(bold)
    for row in rows:
        worksheet.append([cell(value, column) for column, value in enumerate(row)])
    workbook.save(path)
    return path


def export_as_hamkor(register: str, path: Path, fields: Sequence[str] | None = None, *, money_in_format: bool = False):
    """The register's list written in the exporter's layout from `fetch_rows` (used when the exporter is absent, and
    for the money-in-the-number-format variant)."""
    spec = spec_of(register)
    fields = list(fields or [fs.name for fs in spec.list_fields])
    ids = select_ids(ListQuery(register, order=("id", False)))
    fetched = fetch_rows(register, ids, fields)
    headers: list[str] = []
    for name in fields:
        fs = spec.field(name)
        headers.append(_(fs.label))
        if fs.kind.name == "money" and not money_in_format:
            headers.append(_("Currency"))
    rows = []
    for record_id in ids:
        row: list[Any] = []
        for name, value in zip(fields, fetched[record_id], strict=True):
            if spec.field(name).kind.name == "money":
                if money_in_format:
                    money = isinstance(value, Money)
                    row.append(InFormat(value.amount, f'#,##0.00 "{value.currency}"') if money else None)
                else:
                    row += [value.amount, value.currency] if isinstance(value, Money) else [None, None]
            elif isinstance(value, bool):
                row.append(_("Yes") if value else _("No"))
            else:
                row.append(value if value != "" else None)
        rows.append(row)
    return hamkor_layout(path, headers, rows, title=_(spec.title), sheet=_(spec.title)[:31])


def shown_rows(register: str, fields: Sequence[str] | None = None) -> list[tuple]:
    """What the register's list shows in every listable column, as a sorted list of rows (ids left out)."""
    spec = spec_of(register)
    fields = list(fields or [fs.name for fs in spec.list_fields])
    ids = select_ids(ListQuery(register, order=("id", False)))
    fetched = fetch_rows(register, ids, fields)
    rows = [tuple((v.amount, v.currency) if isinstance(v, Money) else v for v in fetched[i]) for i in ids]
    return sorted(rows, key=repr)


def table_counts(path: Path) -> dict[str, int]:
    """Rows of every table of an SQLite file, read with sqlite3 (not through the app)."""
    with sqlite3.connect(path) as connection:
        names = [row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        return {name: connection.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0] for name in names}
