"""Rows of a list as a spreadsheet pastes them: tab-separated text and an HTML table, a header line first, dates
and numbers as values (ISO dates, plain numbers, money as an amount and its currency)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import replace
from typing import Any, NamedTuple

from app.i18n import _
from app.services.registers.list_export import columns_for
from app.services.registers.list_query import ListQuery
from app.services.registers.list_rows import stream_rows
from app.services.registers.specs import spec_of


class CopiedRows(NamedTuple):
    """What goes on the clipboard: the same cells as tab-separated text and as an HTML table."""

    text: str
    html: str
    rows: int


#: Characters HTML needs escaped (the cells hold no tabs or line breaks: those became spaces).
_HTML = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"})


#: Records read at once when only some rows of a list are copied.
CHUNK = 2000


def _rows(query: ListQuery, fields: Sequence[str], ids: Sequence[int] | None) -> Iterator[list[Any]]:
    """The display rows of the list, or of the records `ids` (in the list's order), read by chunks of ids: the
    same query narrowed to a chunk gives its rows in the list's order, and nothing beyond them is read."""
    if ids is None:
        yield from stream_rows(query, fields)
        return
    for start in range(0, len(ids), CHUNK):
        yield from stream_rows(replace(query, only_ids=ids[start : start + CHUNK]), fields)


def copied_rows(query: ListQuery, fields: Sequence[str], ids: Sequence[int] | None = None) -> CopiedRows:
    """The list's rows (`ids`: only those records, in the list's order; None: the whole list as filtered and
    sorted) with the visible columns' headers."""
    spec = spec_of(query.register)
    headers = [column.header for column in columns_for(spec, fields)]
    yes, no = _("Yes"), _("No")
    writers = [spec.field(name).kind.paste_writer(yes, no) for name in fields]
    lines = ["\t".join(headers)]
    for row in _rows(query, fields, ids):
        lines.append("\t".join([write(value) for write, value in zip(writers, row, strict=True)]))
    text = "\n".join(lines) + "\n"
    body = "\n".join(lines[1:]).translate(_HTML).replace("\t", "</td><td>").replace("\n", "</td></tr>\n<tr><td>")
    table = (
        "<html><head><meta charset='utf-8'></head><body><table border='1'><thead><tr><th>"
        + "</th><th>".join(header.translate(_HTML) for header in headers)
        + "</th></tr></thead><tbody>"
        + (f"<tr><td>{body}</td></tr>" if len(lines) > 1 else "")
        + "</tbody></table></body></html>"
    )
    return CopiedRows(text, table, len(lines) - 1)
