"""The store of deleted records: what is needed to bring a record back (its row, child rows, links, attachments)."""

from __future__ import annotations

import peewee as pw

from app.models.base import BaseModel, utc_now


class DeletedRecord(BaseModel):
    """One record taken out of its register, with everything that went with it, as JSON (`payload`).

    `operation` says why: a deletion, or a merge into the record `merged_into` (a merge is undone the same way:
    the record and its links are put back). Records taken out together share a `batch`, undone together.
    """

    batch = pw.CharField(max_length=32, index=True)
    operation = pw.CharField(max_length=10, default="delete")
    register = pw.CharField(max_length=20)
    record_id = pw.IntegerField()
    merged_into = pw.IntegerField(null=True)
    label = pw.TextField(default="")
    deleted_at = pw.DateTimeField(default=utc_now, index=True)
    deleted_by = pw.CharField(max_length=100)
    #: JSON: {"rows": [{"table", "values"}], parents first; "pointers": [{"table", "column", "ids", "value"}]}.
    payload = pw.TextField()

    class Meta:
        indexes = ((("register", "deleted_at"), False),)
        constraints = [pw.Check("operation IN ('delete', 'merge')")]


class DeletedContent(BaseModel):
    """The bytes of an attachment of a deleted record (kept apart: listing deleted records never reads them)."""

    entry = pw.ForeignKeyField(DeletedRecord, on_delete="CASCADE", backref="contents")
    attachment_id = pw.IntegerField()
    data = pw.BlobField()
