"""Exporting a register's list to Excel exactly as the list shows it: columns, order, filter, sort, language."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.exporters.sheet import Column, ExportResult, Sheet
from app.i18n import _, babel_locale, current_language, format_date, ngettext
from app.models.base import current_user, utc_now
from app.services.registers.list_query import ListQuery, build_select, select_ids
from app.services.registers.list_rows import fetch_rows, labels_of, stream_rows, value_text
from app.services.registers.specs import FieldSpec, RegisterSpec, spec_of
from app.services.registry_settings import organisation_name

if TYPE_CHECKING:
    from app.exporters.xlsx_format import WorkbookTexts

logger = logging.getLogger(__name__)

#: Rows read from the database at once while exporting.
CHUNK = 1000

#: The fields whose column is wide in an export though they are one line of text.
WIDE_FIELDS = ("title", "item_title", "description")


def workbook_texts(organisation: str | None = None, language: str | None = None) -> WorkbookTexts:
    """The words of a workbook besides its cells (footer, totals, yes/no) in the current language."""
    from app.exporters.xlsx import WorkbookTexts  # (the Excel writer: loaded when a workbook is written)

    return WorkbookTexts(
        organisation=organisation_name() if organisation is None else organisation,
        language=language or current_language(),
        page_of=_("Page {page} of {pages}"),
        total=_("Total"),
        yes_no=(_("Yes"), _("No")),
    )


def _width(fs: FieldSpec) -> int:
    """A field's column width in an export or a printed list."""
    return fs.kind.width or (45 if fs.name in WIDE_FIELDS else 22)


def columns_for(spec: RegisterSpec, fields: Sequence[str]) -> list[Column]:
    """The sheet's columns for the list's visible fields (money adds its currency column)."""
    columns = []
    for name in fields:
        fs = spec.field(name)
        for header, kind, width in fs.kind.sheet_columns(fs):
            columns.append(Column(_(fs.label) if header is None else header, kind, width or _width(fs)))
    return columns


def describe_filter(query: ListQuery) -> str:
    """The list's filter in words, for the title lines of an export or a report ('' when none)."""
    spec = query.spec
    parts = []
    for name, value in query.filters.items():
        if value is None or value == "":
            continue
        fs = spec.field(name)
        parts.append(f"{_(fs.label)}: {_value_text(fs, value)}")
    if query.year is not None and spec.has_years:
        parts.append(_("Year: {year}").format(year=query.year))
    if query.search.strip():
        parts.append(_("Search: “{text}”").format(text=query.search.strip()))
    return "; ".join(parts)


def _value_text(fs: FieldSpec, value: Any) -> str:
    return fs.kind.filter_text(fs, value, babel_locale(), lambda register, ids: labels_of(register, ids))


def split_cells(source: Iterable[list[Any]], specs: Sequence[FieldSpec]) -> Iterator[list[Any]]:
    """The list's rows with each value spread over its field's columns (money: an amount and a currency cell)."""
    split = [(index, fs.kind.split_cell) for index, fs in enumerate(specs) if len(fs.kind.sheet_columns(fs)) > 1]
    if not split:
        yield from source
        return
    for values in source:
        row = list(values)
        for index, cells in reversed(split):
            row[index : index + 1] = cells(row[index])
        yield row


def _by_ids(register: str, ids: Sequence[int], fields: Sequence[str]) -> Iterator[list[Any]]:
    """Display rows of the given records, in the given order (records deleted meanwhile are left out)."""
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        fetched = fetch_rows(register, chunk, fields)
        yield from (fetched[record_id] for record_id in chunk if record_id in fetched)


def export_list(
    *,
    query: ListQuery,
    fields: Sequence[str],
    path: Path,
    ids: list[int] | None = None,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
    organisation: str | None = None,
) -> ExportResult:
    """Write the list (its visible `fields`, in order, with its filter and sort) to an Excel workbook."""
    spec = query.spec
    total = build_select(query).count() if ids is None else len(ids)
    now = utc_now()
    info = [
        _("Exported {date} at {time} by {user}").format(
            date=format_date(now.date()), time=now.strftime("%H:%M") + " UTC", user=current_user()
        ),
        ngettext("{count} record", "{count} records", total).format(count=total),
    ]
    described = describe_filter(query)
    if described:
        info.insert(1, _("Filter: {filter}").format(filter=described))
    specs = [spec.field(name) for name in fields]
    sheet = Sheet(
        name=_(spec.title),
        title=_(spec.title),
        info=info,
        columns=columns_for(spec, fields),
        rows=split_cells(stream_rows(query, fields) if ids is None else _by_ids(spec.name, ids, fields), specs),
        total=total,
    )
    from app.exporters.xlsx import workbook_steps, write_workbook

    on_rows, cancelled = workbook_steps(progress, cancelled, total)
    return write_workbook(path, [sheet], texts=workbook_texts(organisation), progress=on_rows, cancelled=cancelled)


def cleaning_notes(result: ExportResult) -> list[str]:
    """What an export changed to fit Excel (cells shortened, control characters replaced), for the officer."""
    notes = []
    if result.shortened:
        notes.append(
            ngettext(
                "{count} cell was longer than Excel allows and was shortened.",
                "{count} cells were longer than Excel allows and were shortened.",
                result.shortened,
            ).format(count=result.shortened)
        )
    if result.cleaned:
        notes.append(
            ngettext(
                "{count} cell held control characters; they were replaced by spaces.",
                "{count} cells held control characters; they were replaced by spaces.",
                result.cleaned,
            ).format(count=result.cleaned)
        )
    return notes


def export_register(register: str, path: Path, *, search: str = "", year: int | None = None) -> ExportResult:
    """The command line's export: the register's usual columns and order, optionally searched and limited to a year."""
    spec = spec_of(register)
    fields = [fs.name for fs in spec.list_fields if fs.in_list]
    return export_list(query=ListQuery(register, search=search, year=year), fields=fields, path=path)


def print_list(
    *,
    query: ListQuery,
    fields: Sequence[str],
    path: Path,
    organisation: str,
    ids: list[int] | None = None,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> Path:
    """The list as shown (columns, order, filter, sort), as an A4 landscape PDF to preview and print (Cancel is asked
    while the rows are read and at every page)."""
    from reportlab.lib.units import mm

    from app.exporters.fonts import first_printable
    from app.exporters.pdf import PageTexts, build_pdf, column_widths, data_table, heading_block, wrap
    from app.exporters.progress import steps_of

    steps = steps_of(progress, cancelled)
    spec = query.spec
    ids = select_ids(query) if ids is None else ids
    weights = [max(spec.field(name).kind.width or 22, 10) for name in fields]
    cells = []
    for start in range(0, len(ids), CHUNK):
        steps.check()
        chunk = ids[start : start + CHUNK]
        fetched = fetch_rows(spec.name, chunk, fields)
        cells += [[first_printable(value_text(value)) for value in fetched[i]] for i in chunk if i in fetched]
    headers = [_(spec.field(name).label) for name in fields]
    widths = column_widths(headers, cells, weights, 297 * mm - 30 * mm)
    rows = [[wrap(text, width - 6) for text, width in zip(row, widths, strict=True)] for row in cells]
    texts = PageTexts(
        organisation=organisation,
        title=_(spec.title),
        printed=_("Printed {date}").format(date=format_date(utc_now().date())),
        page_of=_("Page {page} of {pages}"),
    )
    subtitle = [ngettext("{count} record", "{count} records", len(ids)).format(count=len(ids))]
    described = describe_filter(query)
    if described:
        subtitle.insert(0, _("Filter: {filter}").format(filter=described))
    numeric = [i for i, name in enumerate(fields) if spec.field(name).kind.numeric]
    story = heading_block(texts, subtitle)
    story.append(data_table(headers, rows, widths, numeric_columns=numeric))
    return build_pdf(path, story, texts, steps=steps)
