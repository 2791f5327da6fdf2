"""Files attached to any record (signed scans, programmes, reports), stored in the database itself."""

from __future__ import annotations

import peewee as pw

from app.models.base import BaseModel, Record, non_negative

#: The largest file a record can carry: big enough for a scanned agreement, small enough for backups.
MAX_ATTACHMENT_BYTES = 25 * 1024 * 1024


class Attachment(Record):
    """A file attached to a record of some register; its bytes live in `AttachmentContent`."""

    register = pw.CharField(max_length=20)
    record_id = pw.IntegerField()
    file_name = pw.CharField(max_length=255)
    mime_type = pw.CharField(max_length=100, default="application/octet-stream")
    size = pw.IntegerField()
    sha256 = pw.CharField(max_length=64)
    notes = pw.TextField(default="")

    search_fields = ("file_name", "notes")

    class Meta:
        indexes = ((("register", "record_id"), False),)
        constraints = [
            pw.Check("file_name <> ''"),
            non_negative("size"),
            pw.Check(f"size <= {MAX_ATTACHMENT_BYTES}"),
            pw.Check("length(sha256) = 64"),
        ]


class AttachmentContent(BaseModel):
    """The bytes of an attachment, apart so that listing attachments never reads them."""

    attachment = pw.ForeignKeyField(Attachment, primary_key=True, on_delete="CASCADE", backref="content_row")
    data = pw.BlobField()
