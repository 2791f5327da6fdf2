"""Changing one field of many records at once: one transaction, the form's validation and version check for each
record, one history entry per record, and what could not be changed (with why) kept for the summary."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import peewee as pw

from app.i18n import _
from app.models import ConflictError, db
from app.services.registers import records
from app.services.registers.list_rows import labels_of
from app.services.registers.specs import FieldSpec, spec_of

logger = logging.getLogger(__name__)

@dataclass
class BulkResult:
    """What a bulk edit did: the records changed, and those left as they were with the reason."""

    changed: list[int] = field(default_factory=list)
    failed: list[tuple[int, str, str]] = field(default_factory=list)  # (id, label, reason)


def bulk_fields(register: str) -> list[FieldSpec]:
    """The fields of a register that can be set for many records at once."""
    return [fs for fs in spec_of(register).fields if fs.kind.bulk]


def read_versions(register: str, ids: Sequence[int]) -> dict[int, int]:
    """The records' versions now (the ones a bulk edit checks against)."""
    model = spec_of(register).model
    found: dict[int, int] = {}
    for start in range(0, len(ids), 500):
        chunk = list(ids[start : start + 500])
        found.update(model.select(model.id, model.version).where(model.id.in_(chunk)).tuples())
    return found


def set_field(register: str, versions: dict[int, int], field_name: str, value: Any) -> BulkResult:
    """Set `field_name` to `value` for every record of `versions` (id → version read), in one transaction."""
    spec = spec_of(register)
    fs = spec.field(field_name)
    result = BulkResult()
    labels = labels_of(register, list(versions))
    with db.atomic():
        for record_id, version in versions.items():
            label = labels.get(record_id, str(record_id))
            try:
                values, stored_version = records.load_values(register, record_id)
            except pw.DoesNotExist:
                result.failed.append((record_id, label, _("It was deleted meanwhile.")))
                continue
            if stored_version != version:
                result.failed.append((record_id, label, _("Someone else changed it meanwhile.")))
                continue
            values[fs.name] = value
            try:
                with db.atomic():
                    records.save_values(register, values, record_id=record_id, version=version)
            except records.InvalidValues as invalid:
                reasons = "; ".join(f"{_(spec.field(name).label)}: {text}" for name, text in invalid.errors.items())
                result.failed.append((record_id, label, reasons))
                continue
            except ConflictError:
                result.failed.append((record_id, label, _("Someone else changed it meanwhile.")))
                continue
            except pw.IntegrityError as error:
                logger.info("bulk edit of %s %s refused by the database: %s", register, record_id, error)
                result.failed.append((record_id, label, _("The database refused the value.")))
                continue
            result.changed.append(record_id)
    return result
