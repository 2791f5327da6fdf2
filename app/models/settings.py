"""The registry's own settings (organisation, signatory, number patterns), shared by every workstation."""

from __future__ import annotations

import peewee as pw

from app.models.base import BaseModel, utc_now


class RegistrySetting(BaseModel):
    """One setting of the registry: a key (organisation.uz, number_pattern.agreements …) and its text."""

    key = pw.CharField(max_length=100, primary_key=True)
    value = pw.TextField(default="")
    updated_at = pw.DateTimeField(default=utc_now)
    updated_by = pw.CharField(max_length=100, default="")

    class Meta:
        table_name = "registry_setting"
