"""Deleted records kept for 90 days: what a deletion takes out, how it is put back with its original id.

A record is kept as the rows it took with it, parents first (its own row, the child rows a foreign key cascades to,
its attachments and their bytes, plan items' links to it) and the pointers that were emptied (another record's link
to it, set to NULL by the database). A merge takes a record out the same way (`operation="merge"`, with the
pointers it moved to the surviving record), so undoing a merge is a restore.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import peewee as pw

from app.i18n import _
from app.models import Attachment, AttachmentContent, PlanLink, db
from app.models.base import ChangeLog, current_user, utc_now
from app.models.deleted import DeletedContent, DeletedRecord
from app.services.registers.specs import SPECS, spec_of, spec_of_model

logger = logging.getLogger(__name__)

#: How long a deleted record can be brought back.
KEEP_DAYS = 90


class RestoreRefused(Exception):
    """A deleted record cannot be put back; the message says why."""


@dataclass(frozen=True)
class DeletedEntry:
    """A deleted record as the 'Deleted records' view lists it."""

    entry_id: int
    batch: str
    register: str
    record_id: int
    label: str
    deleted_at: dt.datetime
    deleted_by: str
    operation: str


def _plain(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat(sep=" ") if isinstance(value, dt.datetime) else value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, bytes | memoryview):
        raise TypeError("bytes are kept apart")
    return value


def _rows_of(model: type[pw.Model], condition: pw.Node) -> list[dict[str, Any]]:
    columns = [field.column_name for field in model._meta.sorted_fields]
    cursor = model.select(*model._meta.sorted_fields).where(condition).order_by(model._meta.primary_key).tuples()
    return [{name: _plain(value) for name, value in zip(columns, row, strict=True)} for row in cursor]


class _Snapshot:
    """The rows and pointers a deletion of some records of one model takes out."""

    def __init__(self) -> None:
        self.rows: list[dict[str, Any]] = []
        self.pointers: list[dict[str, Any]] = []
        self.attachments: list[int] = []

    def take(self, model: type[pw.Model], ids: Sequence[int]) -> None:
        """Records `ids` of `model` and everything that goes with them, parents first."""
        if not ids:
            return
        table = model._meta.table_name
        for values in _rows_of(model, model._meta.primary_key.in_(list(ids))):
            self.rows.append({"table": table, "values": values})
        spec = spec_of_model(model)
        if spec is not None:
            condition = (Attachment.register == spec.name) & Attachment.record_id.in_(list(ids))
            for values in _rows_of(Attachment, condition):
                self.rows.append({"table": Attachment._meta.table_name, "values": values})
                self.attachments.append(values["id"])
            for values in _rows_of(PlanLink, (PlanLink.register == spec.name) & PlanLink.record_id.in_(list(ids))):
                self.rows.append({"table": PlanLink._meta.table_name, "values": values})
        for fk in model._meta.backrefs:
            dependent = fk.model
            key = dependent._meta.primary_key
            if fk.on_delete == "CASCADE":
                self.take(dependent, [row[0] for row in dependent.select(key).where(fk.in_(list(ids))).tuples()])
            elif fk.on_delete == "SET NULL":
                for target in ids:
                    pointing = [row[0] for row in dependent.select(key).where(fk == target).tuples()]
                    if pointing:
                        self.pointers.append({"table": dependent._meta.table_name, "column": fk.column_name,
                                              "ids": pointing, "value": target})  # fmt: skip


_MODELS_BY_TABLE: dict[str, type[pw.Model]] = {}


def _model_of_table(table: str) -> type[pw.Model]:
    if not _MODELS_BY_TABLE:
        from app.models.migrations import current_models

        _MODELS_BY_TABLE.update((model._meta.table_name, model) for model in current_models())
    return _MODELS_BY_TABLE[table]


def take_out(register: str, ids: Sequence[int], *, operation: str = "delete", merged_into: int | None = None) -> str:
    """Store what deleting the records `ids` takes out, and remove what the database would not remove with them
    (attachments, plan items' links); call inside the deletion's transaction, before deleting. Return the batch."""
    from app.services.registers.list_rows import labels_of

    spec = spec_of(register)
    batch = uuid.uuid4().hex
    labels = labels_of(register, ids)
    user, now = current_user(), utc_now()
    for record_id in ids:
        snapshot = _Snapshot()
        snapshot.take(spec.model, [record_id])
        if not snapshot.rows:
            continue
        entry = DeletedRecord.create(
            batch=batch, operation=operation, register=register, record_id=record_id, merged_into=merged_into,
            label=labels.get(record_id, ""), deleted_at=now, deleted_by=user,
            payload=json.dumps({"rows": snapshot.rows, "pointers": snapshot.pointers}, ensure_ascii=False),
        )  # fmt: skip
        for attachment_id in snapshot.attachments:
            content = AttachmentContent.get_or_none(AttachmentContent.attachment == attachment_id)
            if content is not None:
                DeletedContent.create(entry=entry, attachment_id=attachment_id, data=bytes(content.data))
        links = [row["values"]["id"] for row in snapshot.rows if row["table"] == PlanLink._meta.table_name]
        if links:
            PlanLink.delete().where(PlanLink.id.in_(links)).execute()
        if snapshot.attachments:
            Attachment.delete().where(Attachment.id.in_(snapshot.attachments)).execute()
    purge_expired()
    return batch


def purge_expired(now: dt.datetime | None = None) -> int:
    """Forget deleted records older than KEEP_DAYS; return how many were forgotten."""
    limit = (now or utc_now()) - dt.timedelta(days=KEEP_DAYS)
    old = DeletedRecord.select(DeletedRecord.id).where(DeletedRecord.deleted_at < limit)
    DeletedContent.delete().where(DeletedContent.entry.in_(old)).execute()
    return DeletedRecord.delete().where(DeletedRecord.deleted_at < limit).execute()


def deleted_records(register: str | None = None) -> list[DeletedEntry]:
    """The deleted records that can still be brought back, newest first (of one register, or of all)."""
    query = DeletedRecord.select(
        DeletedRecord.id, DeletedRecord.batch, DeletedRecord.register, DeletedRecord.record_id, DeletedRecord.label,
        DeletedRecord.deleted_at, DeletedRecord.deleted_by, DeletedRecord.operation,
    ).order_by(DeletedRecord.deleted_at.desc(), DeletedRecord.id.desc())  # fmt: skip
    if register is not None:
        query = query.where(DeletedRecord.register == register)
    return [
        DeletedEntry(r.id, r.batch, r.register, r.record_id, r.label, r.deleted_at, r.deleted_by, r.operation)
        for r in query
    ]


def entries_of_batch(batch: str) -> list[int]:
    """The store's entries taken out together (one deletion of several records)."""
    query = DeletedRecord.select(DeletedRecord.id).where(DeletedRecord.batch == batch).order_by(DeletedRecord.id)
    return [row.id for row in query]


def restore(entry_ids: Iterable[int]) -> list[tuple[str, int]]:
    """Put deleted records back with their original ids, children, links and attachments, all or nothing.

    Return (register, id) of each restored record; raise RestoreRefused with a clear message when one cannot be."""
    restored: list[tuple[str, int]] = []
    with db.atomic() as transaction:
        entries = list(DeletedRecord.select().where(DeletedRecord.id.in_(list(entry_ids))).order_by(DeletedRecord.id))
        pointers: list[dict[str, Any]] = []
        for entry in entries:
            pointers.extend(_put_back(entry))
            restored.append((entry.register, entry.record_id))
        for pointer in pointers:  # after every row is back: a pointer may go from one restored record to another
            model = _model_of_table(pointer["table"])
            column = model._meta.columns[pointer["column"]]
            model.update({column: pointer["value"]}).where(
                model._meta.primary_key.in_(pointer["ids"]) & column.is_null()
            ).execute()
        for entry in entries:
            ChangeLog.create(
                changed_by=current_user(), register=spec_of(entry.register).model._meta.table_name,
                record_id=entry.record_id, action="restore",
                changes=json.dumps({"deleted_at": str(entry.deleted_at), "deleted_by": entry.deleted_by}),
            )  # fmt: skip
        ids = [entry.id for entry in entries]
        DeletedContent.delete().where(DeletedContent.entry.in_(ids)).execute()
        DeletedRecord.delete().where(DeletedRecord.id.in_(ids)).execute()
        if not entries:
            transaction.rollback()
    return restored


def _put_back(entry: DeletedRecord) -> list[dict[str, Any]]:
    spec = spec_of(entry.register)
    model = spec.model
    label = entry.label or str(entry.record_id)
    if model.select().where(model.id == entry.record_id).exists():
        raise RestoreRefused(
            _("“{label}” cannot be restored: its number {id} has been taken by another record since it was deleted.")
            .format(label=label, id=entry.record_id)
        )
    payload = json.loads(entry.payload)
    contents = {c.attachment_id: bytes(c.data) for c in DeletedContent.select().where(DeletedContent.entry == entry)}
    try:
        with db.atomic():
            for row in payload["rows"]:
                target = _model_of_table(row["table"])
                values = {target._meta.columns[name]: value for name, value in row["values"].items()}
                target.insert(values).execute()
                attachment_id = row["values"].get("id")
                if target is Attachment and attachment_id in contents:
                    AttachmentContent.insert(attachment=attachment_id, data=contents[attachment_id]).execute()
    except pw.IntegrityError as error:
        logger.info("restoring %s %s refused: %s", entry.register, entry.record_id, error)
        raise RestoreRefused(
            _("“{label}” cannot be restored: a record it refers to no longer exists, or another record now holds "
              "the same unique value.").format(label=label)
        ) from error
    # Original ids need no sequence change: PostgreSQL's sequence has passed them already, SQLite hands out max + 1.
    return payload.get("pointers", [])


def registers_with_deleted() -> set[str]:
    """The registers that have deleted records to bring back."""
    return {row[0] for row in DeletedRecord.select(DeletedRecord.register).distinct().tuples() if row[0] in SPECS}
