"""Reading, checking, saving and deleting one record of any register, as its description says."""

from __future__ import annotations

import datetime as dt
import logging
import re
from decimal import Decimal, InvalidOperation
from typing import Any

import peewee as pw

from app.i18n import _, ngettext
from app.models import Attachment, Record, db
from app.services.registers.children import CHILD_TABLES
from app.services.registers.list_rows import record_label
from app.services.registers.specs import MANY_KINDS, SPECS, FieldSpec, RegisterSpec, spec_of, spec_of_model
from app.text.countries import is_country

logger = logging.getLogger(__name__)

EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
URL = re.compile(r"^(https?://)?([\w-]+\.)+[\w-]{2,}(:\d+)?(/\S*)?$", re.IGNORECASE)
CURRENCY = re.compile(r"^[A-Z]{3}$")
LANG_KEYS = ("uz", "ru", "en", "orig")


class DeleteRefused(Exception):
    """The records cannot be deleted because other records depend on them; the message says which."""


def empty_values(register: str) -> dict[str, Any]:
    """The values of a new record: every field empty or at its default."""
    spec = spec_of(register)
    model = spec.model
    values: dict[str, Any] = {}
    for fs in spec.fields:
        if fs.kind == "names":
            values[fs.name] = dict.fromkeys(LANG_KEYS, "")
        elif fs.kind in MANY_KINDS:
            values[fs.name] = []
        elif fs.kind == "money":
            currency_field = model._meta.fields[fs.currency] if fs.currency else None
            values[fs.name] = (None, _default(currency_field) if currency_field else "")
        else:
            values[fs.name] = _default(model._meta.fields[fs.columns[0] if fs.kind != "link" else fs.name])
    return values


def _default(field: pw.Field) -> Any:
    default = field.default
    value = default() if callable(default) else default
    if isinstance(field, pw.ForeignKeyField):
        return None
    if value is None and isinstance(field, (pw.CharField, pw.TextField)) and not field.null:
        return ""
    return value


def load_values(register: str, record_id: int) -> tuple[dict[str, Any], int]:
    """The values of a stored record for its form, and the version they were read at."""
    spec = spec_of(register)
    record = spec.model.get_by_id(record_id)
    values: dict[str, Any] = {}
    for fs in spec.fields:
        if fs.kind == "names":
            values[fs.name] = {lang: getattr(record, f"{fs.name}_{lang}", "") or "" for lang in LANG_KEYS}
        elif fs.kind == "link":
            values[fs.name] = getattr(record, f"{fs.name}_id")
        elif fs.kind in MANY_KINDS:
            values[fs.name] = child_values(spec, fs, record_id)
        elif fs.kind == "money":
            amount = getattr(record, fs.name)
            values[fs.name] = (Decimal(amount) if amount is not None else None, getattr(record, fs.currency) or "")
        else:
            values[fs.name] = getattr(record, fs.name)
    return values, record.version


def child_values(spec: RegisterSpec, fs: FieldSpec, record_id: int) -> list[Any]:
    """The stored values of a many-valued field: ids, (id, role) pairs, country codes or (name, position)."""
    child, parent_col, value_col = CHILD_TABLES[(spec.name, fs.name)]
    rows = child.select().where(getattr(child, parent_col) == record_id).order_by(child.id)
    if fs.kind == "members":
        return [(row.full_name, row.position) for row in rows]
    if fs.kind == "countries":
        return [row.country for row in rows]
    if fs.kind == "records":
        return [(row.register, row.record_id) for row in rows]
    column = f"{value_col}_id"
    if fs.role_choices is not None:
        return [(getattr(row, column), row.role) for row in rows]
    return [getattr(row, column) for row in rows]


#: The largest whole number an integer column holds (PostgreSQL's integer) and the amounts a money column holds
#: (14 digits, 2 of them decimals).
MAX_STORED_INTEGER = 2_147_483_647
MAX_STORED_AMOUNT = Decimal("1000000000000")


def validate(register: str, values: dict[str, Any], *, record_id: int | None = None) -> dict[str, str]:
    """Problems with the values, by field name, as sentences in the interface language (empty when valid)."""
    spec = spec_of(register)
    errors: dict[str, str] = {}
    for fs in spec.fields:
        problem = _field_problem(fs, values.get(fs.name))
        if problem:
            errors[fs.name] = problem
    for later, earlier in spec.date_order:
        late, early = values.get(later), values.get(earlier)
        if later not in errors and isinstance(late, dt.date) and isinstance(early, dt.date) and late < early:
            errors[later] = _("“{later}” cannot be before “{earlier}”.").format(
                later=_(spec.field(later).label), earlier=_(spec.field(earlier).label)
            )
    errors.update(_register_rules(spec, values, errors, record_id))
    return errors


def _is_empty(fs: FieldSpec, value: Any) -> bool:
    if fs.kind == "names":
        return not any((value or {}).get(lang, "").strip() for lang in LANG_KEYS)
    if fs.kind == "money":
        return value is None or value[0] is None
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, list):
        return not value
    return value is None


def _field_problem(fs: FieldSpec, value: Any) -> str | None:
    if _is_empty(fs, value):
        if fs.required:
            if fs.kind == "names":
                return _("Enter the name in at least one language.")
            if fs.kind in ("links", "countries"):
                return _("Add at least one.")
            return _("Required.")
        return None
    texts = list(value.values()) if fs.kind == "names" else [value] if isinstance(value, str) else []
    if fs.max_length and any(len(text) > fs.max_length for text in texts):
        return ngettext("At most {n} character.", "At most {n} characters.", fs.max_length).format(n=fs.max_length)
    if fs.kind == "email" and not EMAIL.match(value.strip()):
        return _("Not an e-mail address (name@example.org).")
    if fs.kind == "url" and not URL.match(value.strip()):
        return _("Not a web address (https://example.org).")
    if fs.kind == "country" and not is_country(value):
        return _("Unknown country.")
    if fs.kind == "countries" and not all(is_country(code) for code in value):
        return _("Unknown country.")
    if fs.kind == "int":
        if not isinstance(value, int):
            return _("Enter a whole number.")
        if fs.minimum is not None and value < fs.minimum:
            return _("At least {n}.").format(n=fs.minimum)
        if fs.maximum is not None and value > fs.maximum:
            return _("At most {n}.").format(n=fs.maximum)
        if abs(value) > MAX_STORED_INTEGER:  # what both databases' integer columns hold
            return _("At most {n}.").format(n=MAX_STORED_INTEGER)
    if fs.kind == "money":
        amount, currency = value
        try:
            if Decimal(amount) < 0:
                return _("The amount cannot be negative.")
            if Decimal(amount) >= MAX_STORED_AMOUNT:
                return _("The amount is too large: at most {n}.").format(n=MAX_STORED_AMOUNT - Decimal("0.01"))
        except (InvalidOperation, TypeError):
            return _("Enter an amount, such as 1500.00.")
        if not CURRENCY.match(currency or ""):
            return _("Choose the currency.")
    if fs.kind == "records":
        missing = [item for item in value if item[0] not in SPECS or not SPECS[item[0]].model.get_or_none(
            SPECS[item[0]].model.id == item[1])]  # fmt: skip
        if missing:
            return _("A linked record no longer exists.")
    if fs.kind == "members" and any(not (name or "").strip() for name, _position in value):
        return _("Every member needs a name.")
    return None


def _register_rules(spec: RegisterSpec, values: dict[str, Any], found: dict[str, str], record_id: int | None) -> dict:
    errors: dict[str, str] = {}
    if spec.name == "agreements":
        number = (values.get("reg_number") or "").strip()
        if number and "reg_number" not in found:
            model = spec.model
            clash = model.select(model.id).where(model.reg_number == number)
            if record_id is not None:
                clash = clash.where(model.id != record_id)
            if clash.exists():
                errors["reg_number"] = _("Another agreement already has this registration number.")
        if values.get("auto_renewal") and values.get("renewal_years") is None and "renewal_years" not in found:
            errors["renewal_years"] = _("An agreement that renews automatically needs the renewal period.")
    if spec.name == "events":
        total, foreign = values.get("participants_total"), values.get("participants_foreign")
        if isinstance(total, int) and isinstance(foreign, int) and foreign > total:
            errors.setdefault("participants_foreign", _("More foreign participants than participants in all."))
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
        _assign(spec, record, values)
        many = [fs for fs in spec.fields if fs.kind in MANY_KINDS]
        old = {fs.name: child_values(spec, fs, record_id) for fs in many} if record_id is not None else {}
        extra = {
            fs.name: [_loggable(old.get(fs.name, [])), _loggable(values.get(fs.name) or [])]
            for fs in many
            if old.get(fs.name, []) != list(values.get(fs.name) or [])
        }
        if record_id is None:
            record.extra_changes = extra
            record.save()
            for fs in many:
                _replace_children(spec, fs, record.id, values.get(fs.name) or [])
            if many:
                record.reindex()
        else:
            for fs in many:
                if fs.name in extra:
                    _replace_children(spec, fs, record.id, values.get(fs.name) or [])
            record.extra_changes = extra
            record.save()
    return record.id


def _loggable(items: list[Any]) -> list[Any]:
    return [list(item) if isinstance(item, tuple) else item for item in items]


def _assign(spec: RegisterSpec, record: Record, values: dict[str, Any]) -> None:
    for fs in spec.fields:
        if fs.name not in values or fs.kind in MANY_KINDS:
            continue
        value = values[fs.name]
        if fs.kind == "names":
            for lang in LANG_KEYS:
                if hasattr(type(record), f"{fs.name}_{lang}"):
                    setattr(record, f"{fs.name}_{lang}", ((value or {}).get(lang) or "").strip())
        elif fs.kind == "link":
            setattr(record, f"{fs.name}_id", value)
        elif fs.kind == "money":
            amount, currency = value if value else (None, "")
            setattr(record, fs.name, Decimal(amount) if amount not in (None, "") else None)
            setattr(record, fs.currency, currency or "")
        elif fs.kind == "country":
            setattr(record, fs.name, value.upper() if value else None)
        elif isinstance(value, str):
            field = type(record)._meta.fields[fs.name]
            text = value.strip()
            setattr(record, fs.name, None if (not text and field.null) else text)
        else:
            setattr(record, fs.name, value)


def _replace_children(spec: RegisterSpec, fs: FieldSpec, record_id: int, items: list[Any]) -> None:
    child, parent_col, value_col = CHILD_TABLES[(spec.name, fs.name)]
    child.delete().where(getattr(child, parent_col) == record_id).execute()
    rows = []
    for item in items:
        row = {parent_col: record_id}
        if fs.kind == "members":
            row.update(full_name=item[0].strip(), position=(item[1] or "").strip())
        elif fs.kind == "countries":
            row[value_col] = item.upper()
        elif fs.kind == "records":
            row.update(register=item[0], record_id=int(item[1]))
        elif fs.role_choices is not None:
            row.update({value_col: item[0], "role": item[1]})
        else:
            row[value_col] = item
        rows.append(row)
    if rows:
        child.insert_many(rows).execute()


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
    for (register, field_name), (child, _parent, _value) in CHILD_TABLES.items():
        if child is model:
            named = spec_of(register).field(field_name).label if register == deleted else spec_of(register).title
            return _(named).lower()
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
