"""Rows of a list as a spreadsheet pastes them: tab-separated text and an HTML table, a header line first, dates
and numbers as values (ISO dates, plain numbers, money as an amount and its currency)."""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any, NamedTuple

from app.i18n import _
from app.services.exports import _by_ids, columns_for, split_money
from app.services.list_rows import stream_rows
from app.services.listing import ListQuery
from app.services.registers import spec_of


class CopiedRows(NamedTuple):
    """What goes on the clipboard: the same cells as tab-separated text and as an HTML table."""

    text: str
    html: str
    rows: int


def _cell(value: Any, yes: str, no: str) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return yes if value else no
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, int | Decimal):
        return str(value)
    return str(value).replace("\t", " ").replace("\r", " ").replace("\n", " ")


def copied_rows(query: ListQuery, fields: Sequence[str], ids: Sequence[int] | None = None) -> CopiedRows:
    """The list's rows (`ids`: only those, in that order; None: the whole list as filtered and sorted) with the
    visible columns' headers."""
    spec = spec_of(query.register)
    headers = [column.header for column in columns_for(spec, fields)]
    source: Iterable[list[Any]] = stream_rows(query, fields) if ids is None else _by_ids(query.register, ids, fields)
    money = [spec.field(name).kind == "money" for name in fields]
    yes, no = _("Yes"), _("No")
    lines = ["\t".join(headers)]
    cells: list[list[str]] = []
    for row in split_money(source, money):
        texts = [_cell(value, yes, no) for value in row]
        cells.append(texts)
        lines.append("\t".join(texts))
    escape = html.escape
    body = "".join("<tr>" + "".join(f"<td>{escape(text)}</td>" for text in texts) + "</tr>" for texts in cells)
    table = (
        "<html><head><meta charset='utf-8'></head><body><table border='1'><thead><tr>"
        + "".join(f"<th>{escape(header)}</th>" for header in headers)
        + f"</tr></thead><tbody>{body}</tbody></table></body></html>"
    )
    return CopiedRows("\n".join(lines) + "\n", table, len(cells))
