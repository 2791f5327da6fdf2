"""The change log: who changed which record, when, and which fields from what to what."""

from __future__ import annotations

import peewee as pw

from app.models.base import BaseModel, utc_now

#: What can happen to a record (a restore brings a deleted one back; a merge folds one record into another).
ACTIONS = ("create", "update", "delete", "restore", "merge")


class ChangeLog(BaseModel):
    """One change to one record: created, updated (with the changed fields), deleted, restored or merged."""

    changed_at = pw.DateTimeField(default=utc_now, index=True)
    changed_by = pw.CharField(max_length=100)
    register = pw.CharField(max_length=20)
    record_id = pw.IntegerField()
    action = pw.CharField(max_length=10)
    #: JSON: {"field": [old, new], ...} for updates; the saved values for creations and deletions.
    changes = pw.TextField(default="{}")

    class Meta:
        indexes = ((("register", "record_id"), False),)
        constraints = [pw.Check(f"action IN ({', '.join(repr(a) for a in ACTIONS)})")]
