"""A record's history as a finished Excel workbook: when (local time), who, what, which field, before and after."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterator, Sequence
from pathlib import Path

from app.exporters.sheet import Column, ExportResult, Sheet
from app.i18n import _, format_date, ngettext
from app.models.base import current_user, utc_now
from app.services.changes import HistoryLine
from app.services.registers.list_export import workbook_texts

logger = logging.getLogger(__name__)


def local_moment(value: dt.datetime | str) -> dt.datetime | str:
    """A stored UTC time as the officer's clock showed it (without a zone: a spreadsheet holds none)."""
    if isinstance(value, str):
        try:
            value = dt.datetime.fromisoformat(value)
        except ValueError:
            return value
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    return value.astimezone().replace(tzinfo=None, microsecond=0)


def _zone() -> str:
    """The officer's time zone as an offset from UTC ("UTC+05:00")."""
    offset = dt.datetime.now().astimezone().utcoffset() or dt.timedelta()
    minutes = int(offset.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    return f"UTC{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def _rows(lines: Sequence[HistoryLine]) -> Iterator[list[object]]:
    for line in lines:
        yield [local_moment(line.changed_at), line.changed_by, line.action_label, line.field, line.old, line.new]


def write_history_xlsx(
    lines: Sequence[HistoryLine], path: Path, *, record: str, organisation: str | None = None
) -> ExportResult:
    """Write a record's history (newest first, one row per field) to an Excel workbook."""
    now = utc_now()
    saves = len({(line.changed_at, line.changed_by, line.action) for line in lines})
    title = _("History: {record}").format(record=record)
    info = [
        _("Exported {date} at {time} by {user}").format(
            date=format_date(now.date()), time=now.strftime("%H:%M") + " UTC", user=current_user()
        ),
        ngettext("{count} change recorded.", "{count} changes recorded.", saves).format(count=saves),
        _("Times are the local time ({zone}).").format(zone=_zone()),
    ]
    columns = [
        Column(_("When"), "datetime"),
        Column(_("Who"), "text", 20),
        Column(_("Action"), "label", 14),
        Column(_("Field"), "label", 28),
        Column(_("Before"), "text", 50),
        Column(_("After"), "text", 50),
    ]
    sheet = Sheet(name=_("History"), title=title, info=info, columns=columns, rows=_rows(lines), total=len(lines))
    from app.exporters.xlsx import write_workbook  # (the Excel writer: loaded when a workbook is written)

    return write_workbook(path, [sheet], texts=workbook_texts(organisation))
