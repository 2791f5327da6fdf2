"""What others changed: a cheap poll of the change log for the live view, and a record's history for people.

Every save and delete writes one `ChangeLog` row (app.models.base), so the newest row's id tells whether anything
changed; only then are the new rows read. On PostgreSQL ids are handed out before their transactions commit, so
an id can appear after a higher one: ids missing below the newest are looked at again for a few polls.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from dataclasses import dataclass, field
from typing import Any

import peewee as pw

from app.i18n import N_, _, babel_locale
from app.models.base import ChangeLog, db
from app.services.registers.specs import SPECS, spec_of

logger = logging.getLogger(__name__)

#: How many polls an id missing below the newest one is waited for (a transaction still open on the server).
GAP_POLLS = 5
#: More changes than this at once: tell the pages to read everything again instead of one record at a time.
MANY_CHANGES = 50

ATTACHMENT_TABLE = "attachment"
ACTIONS = {"create": N_("Created"), "update": N_("Changed"), "delete": N_("Deleted"), "restore": N_("Restored")}


def register_of_table(table: str) -> str | None:
    """The register whose main table is `table` (the change log names tables), or None."""
    for spec in SPECS.values():
        if spec.model._meta.table_name == table:
            return spec.name
    return None


# -- the live view -----------------------------------------------------------------------------------------------
@dataclass
class Changes:
    """What a poll found: records saved and deleted by register, who changed them, or "read everything again"."""

    saved: list[tuple[str, int]] = field(default_factory=list)
    deleted: dict[str, list[int]] = field(default_factory=dict)
    authors: dict[tuple[str, int], str] = field(default_factory=dict)
    reset: bool = False

    def __bool__(self) -> bool:
        return bool(self.saved or self.deleted or self.reset)


class ChangeWatcher:
    """Remembers the newest change-log entry seen; `poll()` says what was saved or deleted since."""

    def __init__(self, database: pw.Database | None = None) -> None:
        self.database = database
        self.reset()

    def _db(self) -> pw.Database:
        return self.database or db.obj

    def _newest(self) -> int:
        return int(ChangeLog.select(pw.fn.coalesce(pw.fn.max(ChangeLog.id), 0)).scalar(self._db()) or 0)

    def reset(self) -> None:
        """Start watching from now (after opening another database, or after the pages read everything)."""
        self.high = self._newest() if self._db() is not None else 0
        self.gaps: dict[int, int] = {}

    def poll(self) -> Changes:
        """The records others saved or deleted since the last poll (one indexed query when nothing changed)."""
        newest = self._newest()
        if newest < self.high:  # the log was emptied: another database, or a restore
            self.high, self.gaps = newest, {}
            return Changes(reset=True)
        if newest == self.high and not self.gaps:
            return Changes()
        low = min([self.high, *self.gaps])
        query = (
            ChangeLog.select(
                ChangeLog.id, ChangeLog.register, ChangeLog.record_id, ChangeLog.action, ChangeLog.changed_by
            )
            .where((ChangeLog.id > low) & (ChangeLog.id <= newest))
            .order_by(ChangeLog.id)
        )
        found = [row for row in query.execute(self._db()) if row.id > self.high or row.id in self.gaps]
        ids = {row.id for row in found}
        for gap in list(self.gaps):
            self.gaps[gap] -= 1
            if gap in ids or self.gaps[gap] <= 0:
                del self.gaps[gap]
        for missing in range(self.high + 1, newest + 1):
            if missing not in ids:
                self.gaps[missing] = GAP_POLLS
        self.high = newest
        return self._describe(found)

    def _describe(self, rows: list[ChangeLog]) -> Changes:
        changes = Changes()
        if len(rows) > MANY_CHANGES:
            changes.reset = True
            return changes
        for row in rows:
            register, record_id, action = register_of_table(row.register), row.record_id, row.action
            if row.register == ATTACHMENT_TABLE:  # a file added to or removed from a record: that record changed
                owner = self._attachment_owner(row.id)
                if owner is None:
                    changes.reset = True
                    continue
                (register, record_id), action = owner, "update"
            if register is None:
                continue
            changes.authors[(register, record_id)] = row.changed_by
            if action == "delete":
                changes.deleted.setdefault(register, []).append(record_id)
                if (register, record_id) in changes.saved:
                    changes.saved.remove((register, record_id))
            elif (register, record_id) not in changes.saved:
                changes.saved.append((register, record_id))
        return changes

    def _attachment_owner(self, log_id: int) -> tuple[str, int] | None:
        entry = ChangeLog.select(ChangeLog.changes).where(ChangeLog.id == log_id).execute(self._db())
        try:
            values = json.loads(next(iter(entry)).changes)
            return str(values["register"]), int(values["record_id"])
        except (StopIteration, ValueError, KeyError, TypeError):
            return None


# -- a record's history ------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class HistoryLine:
    """One field's change in one entry of a record's history, as people read it."""

    changed_at: dt.datetime
    changed_by: str
    action: str  # create, update, delete
    field: str  # the field's label in the interface language
    old: str
    new: str

    @property
    def action_label(self) -> str:
        """Created, changed or deleted, in the interface language."""
        return _(ACTIONS.get(self.action, self.action))


def record_history(register: str, record_id: int) -> list[HistoryLine]:
    """Every change of a record and of its attachments, newest first: who, when, which field, old → new."""
    spec = spec_of(register)
    table = spec.model._meta.table_name
    own = (ChangeLog.register == table) & (ChangeLog.record_id == record_id)
    files = (ChangeLog.register == ATTACHMENT_TABLE) & ChangeLog.changes.contains(
        f'"record_id": {int(record_id)}, "register": "{register}"'
    )
    query = ChangeLog.select().where(own | files).order_by(ChangeLog.changed_at.desc(), ChangeLog.id.desc())
    lines: list[HistoryLine] = []
    for entry in query:
        try:
            values = json.loads(entry.changes or "{}")
        except ValueError:
            values = {}
        if entry.register == ATTACHMENT_TABLE:
            name = str(values.get("file_name", values.get("notes", "")))
            if isinstance(values.get("file_name"), list):  # an update: [old, new]
                old, new = values["file_name"]
            else:
                old, new = (name, "") if entry.action == "delete" else ("", name)
            lines.append(HistoryLine(entry.changed_at, entry.changed_by, entry.action, _("Attachment"), old, new))
            continue
        if entry.action == "restore":  # brought back from the deleted records, as it was
            lines.append(HistoryLine(entry.changed_at, entry.changed_by, entry.action, "", "", ""))
            continue
        for key in sorted(values, key=lambda k: _field_order(spec, k)):
            if key == "id":
                continue
            value = values[key]
            if entry.action == "update" and isinstance(value, list) and len(value) == 2:
                old, new = value
            elif entry.action == "delete":
                old, new = value, None
            else:
                old, new = None, value
            old_text, new_text = shown_value(spec, key, old), shown_value(spec, key, new)
            if entry.action != "update" and not (old_text or new_text):
                continue
            lines.append(
                HistoryLine(
                    entry.changed_at, entry.changed_by, entry.action, field_label(spec, key), old_text, new_text
                )
            )
    return lines


def _field_order(spec: Any, key: str) -> int:
    names = [fs.name for fs in spec.fields]
    base = _field_of(spec, key)
    return names.index(base.name) if base is not None else len(names)


def _field_of(spec: Any, key: str) -> Any:
    """The register field behind a logged key (a column of a multilingual name, a currency, a field itself)."""
    if key in spec.fields_by_name:
        return spec.fields_by_name[key]
    for fs in spec.fields:
        if key in fs.columns or fs.currency == key:
            return fs
    return None


def field_label(spec: Any, key: str) -> str:
    """How a logged key is named for people: the form's label, with the language of a multilingual name."""
    if key == "is_sample":
        return _("Sample data")
    fs = _field_of(spec, key)
    if fs is None:
        return key
    if fs.kind.multilingual and key != fs.name:
        return fs.kind.column_label(fs, key)
    if fs.currency == key:
        return _("{field} (currency)").format(field=_(fs.label))
    return _(fs.label)


def shown_value(spec: Any, key: str, value: Any) -> str:
    """A logged value as people read it: choices, countries, linked records and dates in the interface language."""
    if value is None or value == "" or value == []:
        return ""
    from app.services.registers.list_rows import labels_of

    fs = _field_of(spec, key)
    if isinstance(value, bool) or key == "is_sample":
        return _("Yes") if value in (True, 1, "1", "True", "true") else _("No")
    if fs is None or fs.currency == key:
        return str(value)
    return fs.kind.logged_text(fs, value, babel_locale(), lambda register, ids: labels_of(register, ids))
