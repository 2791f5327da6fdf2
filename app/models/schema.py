"""The one-row record of which schema version a database holds."""

from __future__ import annotations

import peewee as pw

from app.models.base import BaseModel


class SchemaVersion(BaseModel):
    """The schema version of this database (one row)."""

    version = pw.IntegerField()
