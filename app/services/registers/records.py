"""Reading, checking, saving and deleting one record of any register, as its description says."""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

import peewee as pw

from app.i18n import _, ngettext
from app.models import Attachment, Record, db
from app.services.registers.list_rows import record_label
from app.services.registers.specs import SPECS, FieldSpec, RegisterSpec, spec_of, spec_of_model

logger = logging.getLogger(__name__)



class DeleteRefused(Exception):
    """The records cannot be deleted because other records depend on them; the message says which."""


def empty_values(register: str) -> dict[str, Any]:
    """The values of a new record: every field empty or at its default."""
    spec = spec_of(register)
    return {fs.name: fs.kind.empty(fs, spec.model) for fs in spec.fields}


def load_values(register: str, record_id: int) -> tuple[dict[str, Any], int]:
    """The values of a stored record for its form, and the version they were read at."""
    spec = spec_of(register)
    record = spec.model.get_by_id(record_id)
    return {fs.name: fs.kind.load(fs, record) for fs in spec.fields}, record.version


def child_values(spec: RegisterSpec, fs: FieldSpec, record_id: int) -> list[Any]:
    """The stored values of a many-valued field: ids, (id, role) pairs, country codes or (name, position)."""
    return fs.kind.child_values(fs, record_id)


def validate(register: str, values: dict[str, Any], *, record_id: int | None = None) -> dict[str, str]:
    """Problems with the values, by field name, as sentences in the interface language (empty when valid)."""
    spec = spec_of(register)
    errors: dict[str, str] = {}
    for fs in spec.fields:
        problem = fs.kind.validate(fs, values.get(fs.name))
        if problem:
            errors[fs.name] = problem
    for later, earlier in spec.date_order:
        late, early = values.get(later), values.get(earlier)
        if later not in errors and isinstance(late, dt.date) and isinstance(early, dt.date) and late < early:
            errors[later] = _("“{later}” cannot be before “{earlier}”.").format(
                later=_(spec.field(later).label), earlier=_(spec.field(earlier).label)
            )
    found = dict(errors)
    for rule in spec.rules:
        errors.update(rule(spec, values, found, record_id))
    return errors


class InvalidValues(Exception):
    """The values did not pass validation; `errors` says why, by field."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors


def save_values(
    register: str,
    values: dict[str, Any],
    *,
    record_id: int | None = None,
    version: int | None = None,
    is_sample: bool = False,
) -> int:
    """Validate and save a record with its many-valued fields, all or nothing; return its id.

    For an existing record, `version` is the one its values were read at: if someone saved it since,
    `ConflictError` is raised and nothing changes.
    """
    errors = validate(register, values, record_id=record_id)
    if errors:
        raise InvalidValues(errors)
    spec = spec_of(register)
    model = spec.model
    with db.atomic():
        if record_id is None:
            record: Record = model(is_sample=is_sample)
        else:
            record = model.get_by_id(record_id)
            if version is not None:
                record.version = version
        assign_values(spec, record, values)
        many = spec.many_fields
        old = {fs.name: fs.kind.child_values(fs, record_id) for fs in many} if record_id is not None else {}
        differs = [fs for fs in many if old.get(fs.name, []) != list(values.get(fs.name) or [])]
        logged = {fs.name: [fs.kind.logged(old.get(fs.name, [])), fs.kind.logged(values.get(fs.name) or [])]
                  for fs in differs}  # fmt: skip
        extra = {name: change for name, change in logged.items() if change[0] != change[1]}
        if record_id is None:
            record.extra_changes = extra
            record.save()
            for fs in many:
                fs.kind.replace_children(fs, record.id, values.get(fs.name) or [])
            if many:
                record.reindex()
        else:
            for fs in differs:
                fs.kind.replace_children(fs, record.id, values.get(fs.name) or [])
            record.extra_changes = extra
            record.save()
    return record.id


def assign_values(spec: RegisterSpec, record: Record, values: dict[str, Any]) -> None:
    """Put a form's values into the record (not saved; the many-valued fields are written with `replace_children`)."""
    for fs in spec.fields:
        if fs.name in values:
            fs.kind.assign(fs, record, values[fs.name])


def _references(spec: RegisterSpec, ids: list[int]) -> tuple[list[tuple[str, int]], list[tuple[str, int]]]:
    """What depends on the records: (blocking references, things deleted with them) as (description, count)."""
    model = spec.model
    blockers: list[tuple[str, int]] = []
    cascaded: list[tuple[str, int]] = []
    for fk in model._meta.backrefs:
        dependent = fk.model
        count = dependent.select().where(fk.in_(ids)).count()
        if not count:
            continue
        description = _dependent_description(dependent, spec.name)
        if fk.on_delete == "RESTRICT":
            blockers.append((description, count))
        elif fk.on_delete == "CASCADE" and description:
            cascaded.append((description, count))
    attachments = Attachment.select().where((Attachment.register == spec.name) & Attachment.record_id.in_(ids)).count()
    if attachments:
        cascaded.append((_("attachments"), attachments))
    return blockers, cascaded


def _dependent_description(model: type[pw.Model], deleted: str) -> str:
    """How a table depending on records of the register `deleted` is named in a message about deleting them: a list
    of their own (a visit's countries, members) by its field, another register's records by that register."""
    if (spec := spec_of_model(model)) is not None:
        return _(spec.title).lower()
    for register in SPECS.values():
        for fs in register.many_fields:
            if fs.child.model is model:
                return _(fs.label if register.name == deleted else register.title).lower()
    return ""


def deletion_summary(register: str, ids: list[int]) -> tuple[str, bool]:
    """What deleting the records means, in a sentence, and whether it is allowed."""
    spec = spec_of(register)
    blockers, cascaded = _references(spec, ids)
    labels = [record_label(register, record) for record in spec.model.select().where(spec.model.id.in_(ids)).limit(5)]
    names = "; ".join(labels) + ("; …" if len(ids) > 5 else "")
    if blockers:
        listed = ", ".join(f"{what} ({count})" for what, count in blockers)
        return _(
            "“{names}” cannot be deleted: other records refer to it — {listed}. Remove those references first."
        ).format(names=names, listed=listed), False
    text = ngettext("Delete {count} record: “{names}”?", "Delete {count} records: “{names}”?", len(ids)).format(
        count=len(ids), names=names
    )
    if cascaded:
        listed = ", ".join(f"{what} ({count})" for what, count in cascaded)
        text += " " + _("Also deleted: {listed}.").format(listed=listed)
    return text, True


def delete_records(register: str, ids: list[int]) -> str:
    """Delete the records with their attachments, all or nothing, keeping them in the store of deleted records;
    return the deletion's batch (what `deleted_records.restore` brings back)."""
    from app.services.registers.deleted_records import take_out

    spec = spec_of(register)
    message, allowed = deletion_summary(register, ids)
    if not allowed:
        raise DeleteRefused(message)
    with db.atomic():
        batch = take_out(register, ids)
        for record in spec.model.select().where(spec.model.id.in_(ids)):
            record.delete_instance()
    return batch
