"""The one-row record of which schema version a database holds."""

from __future__ import annotations

import peewee as pw

from app.models.base import BaseModel


class SchemaVersion(BaseModel):
    """The schema version of this database (one row)."""

    version = pw.IntegerField()


class RegistryIdentity(BaseModel):
    """Which registry this is (one row): a random identity kept for good, carried by every backup copy and restored
    with it, by which the copies of this registry are named and told apart from another's of the same file name."""

    identity = pw.CharField(max_length=32)

    class Meta:
        table_name = "registry_identity"
