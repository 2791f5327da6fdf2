"""The database proxy, the base classes every register's model shares, and the change log their saves write."""

from __future__ import annotations

import datetime as dt
import getpass
import json
import logging
from collections.abc import Iterable, Sequence

import peewee as pw

from app.text.search_keys import search_key

logger = logging.getLogger(__name__)

db = pw.DatabaseProxy()

_current_user = ""


def current_user() -> str:
    """The name recorded as the author of changes: the officer's login unless set otherwise."""
    global _current_user
    if not _current_user:
        try:
            _current_user = getpass.getuser()
        except Exception:  # no login name on this system (e.g. a service account without one)
            _current_user = "hamkor"
    return _current_user


def set_current_user(name: str) -> None:
    """Record changes under `name` (the shared registry's user, or a test's)."""
    global _current_user
    _current_user = name


def utc_now() -> dt.datetime:
    """The current time in UTC, without tzinfo, as both databases store it."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)


class DatabaseError(Exception):
    """A database cannot be opened or used; the message is for the officer, in the interface language."""


class ConflictError(Exception):
    """The record was changed by someone else since it was read."""

    def __init__(self, model: type[pw.Model], record_id: int) -> None:
        super().__init__(f"{model.__name__} {record_id} was changed by someone else")
        self.model = model
        self.record_id = record_id


def one_of(column: str, choices: Iterable[str], *, nullable: bool = False) -> pw.Check:
    """A CHECK that `column` holds one of the known codes."""
    listed = ", ".join("'" + code.replace("'", "''") + "'" for code in choices)
    check = f"{column} IN ({listed})"
    return pw.Check(f"{column} IS NULL OR {check}" if nullable else check)


def not_before(later: str, earlier: str) -> pw.Check:
    """A CHECK that date `later` is not before date `earlier` when both are given."""
    return pw.Check(f"{later} IS NULL OR {earlier} IS NULL OR {later} >= {earlier}")


def non_negative(column: str) -> pw.Check:
    """A CHECK that a count or amount is not negative."""
    return pw.Check(f"{column} IS NULL OR {column} >= 0")


def some_name(*columns: str) -> pw.Check:
    """A CHECK that at least one of the multilingual name columns is filled."""
    return pw.Check(" OR ".join(f"{c} <> ''" for c in columns))


def country_code(column: str, *, nullable: bool = True) -> pw.Check:
    """A CHECK that a country is an ISO 3166-1 alpha-2 code (two capital letters)."""
    check = f"(length({column}) = 2 AND upper({column}) = {column})"
    return pw.Check(f"{column} IS NULL OR {check}" if nullable else check)


class BaseModel(pw.Model):
    """Every table of Hamkor lives in the one database behind `db`."""

    class Meta:
        database = db
        legacy_table_names = False


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


class Record(BaseModel):
    """A register's record: who created and changed it, when, and a version counter against lost updates.

    Saving an existing record succeeds only if nobody saved it in between (its version is unchanged);
    otherwise `ConflictError` is raised and nothing is written.
    """

    created_at = pw.DateTimeField(default=utc_now)
    created_by = pw.CharField(max_length=100, default=current_user)
    updated_at = pw.DateTimeField(default=utc_now)
    updated_by = pw.CharField(max_length=100, default=current_user)
    version = pw.IntegerField(default=1, constraints=[pw.Check("version >= 1")])
    is_sample = pw.BooleanField(default=False)
    search_text = pw.TextField(default="")

    #: The fields whose text a search finds this record by (besides `search_parts` additions).
    search_fields: Sequence[str] = ()

    def search_parts(self) -> list[str]:
        """The texts this record is found by: its own search fields and, in subclasses, linked names."""
        return [str(getattr(self, name) or "") for name in self.search_fields]

    def linked(self, name: str) -> pw.Model | None:
        """The record a link field points to, or None when it is empty or points nowhere (the database says so)."""
        if getattr(self, f"{name}_id", None) is None:
            return None
        try:
            return getattr(self, name)
        except pw.DoesNotExist:
            return None

    def linked_names(self, name: str) -> list[str]:
        """The names of the partner a link field points to (empty when none)."""
        partner = self.linked(name)
        return partner.name_parts() if partner is not None else []

    def refresh_search_text(self) -> None:
        """Recompute the normalised search text from the record's current values."""
        self.search_text = search_key(*self.search_parts())

    def reindex(self) -> None:
        """Recompute the stored search text after linked records changed (derived data: no new version, no log)."""
        self.refresh_search_text()
        model = type(self)
        model.update(search_text=self.search_text).where(model._meta.primary_key == self._pk).execute()

    #: Bookkeeping columns left out of the change log.
    _unlogged = frozenset({"created_at", "created_by", "updated_at", "updated_by", "version", "search_text"})

    def _logged_values(self, values: dict) -> dict:
        return {name: value for name, value in values.items() if name not in self._unlogged}

    def _log(self, action: str, changes: dict) -> None:
        ChangeLog.create(
            changed_by=current_user(),
            register=self._meta.table_name,
            record_id=self._pk,
            action=action,
            changes=json.dumps(changes, ensure_ascii=False, default=str, sort_keys=True),
        )

    #: Changes made outside the row itself (parties, countries, members) to log with the next save.
    extra_changes: dict | None = None

    def save(self, force_insert: bool = False, only=None) -> int:  # noqa: ANN001 - peewee's signature
        """Insert, or update only if the stored version is the one this record was read with; log the change."""
        extra, self.extra_changes = self.extra_changes or {}, None
        self.refresh_search_text()
        now = utc_now()
        user = current_user()
        model = type(self)
        if self._pk is None or force_insert:
            self.created_at = self.created_at or now
            self.updated_at = now
            self.created_by = self.created_by or user
            self.updated_by = user
            self.version = 1
            with self._meta.database.atomic():
                result = super().save(force_insert=True)
                self._log("create", {**self._logged_values(self.__data__), **{k: v[1] for k, v in extra.items()}})
            return result
        read_version = self.version
        data = {field.name: getattr(self, field.name) for field in model._meta.sorted_fields if not field.primary_key}
        data.update(updated_at=now, updated_by=user, version=read_version + 1)
        with self._meta.database.atomic():
            stored = model.select().where(model._meta.primary_key == self._pk).dicts().first()
            count = (
                model.update(data)
                .where((model._meta.primary_key == self._pk) & (model.version == read_version))
                .execute()
            )
            if count != 1:
                raise ConflictError(model, self._pk)
            changes = {
                name: [stored[name], value]
                for name, value in self._logged_values(data).items()
                if _differs(stored.get(name), value)
            }
            changes.update(extra)
            if changes:
                self._log("update", changes)
        self.updated_at, self.updated_by, self.version = now, user, read_version + 1
        self._dirty.clear()
        return count

    def delete_instance(self, recursive: bool = False, delete_nullable: bool = False) -> int:
        """Delete the record and log what it held."""
        with self._meta.database.atomic():
            self._log("delete", self._logged_values(self.__data__))
            return super().delete_instance(recursive=recursive, delete_nullable=delete_nullable)


def _differs(old: object, new: object) -> bool:
    """Whether a stored value and a new one differ (a date read back as text or a number as Decimal counts as equal)."""
    if old == new:
        return False
    return str(old if old is not None else "") != str(new if new is not None else "")
