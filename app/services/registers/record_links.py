"""Every link to a record, found from the schema itself: foreign keys of other tables (registers and child tables)
and the tables that name a record by register and id (attachments, plan links, history). A new register or child
table is covered without being listed here."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import peewee as pw

from app.i18n import _
from app.models import Record
from app.models.base import ChangeLog
from app.services.registers.specs import SPECS, spec_of, spec_of_model


@dataclass(frozen=True)
class LinkKind:
    """One way a record is pointed to: `table.column` holds its id (and, for a generic link, `register_column`
    holds `register_value`)."""

    model: type[pw.Model]
    column: str
    register_value: str | None = None  # set for the tables that name a record by register and id

    @property
    def field(self) -> pw.Field:
        """The column holding the pointed-to id."""
        return self.model._meta.columns[self.column]

    def condition(self, record_id: int) -> pw.Node:
        """The SQL that picks the rows pointing to `record_id`."""
        found = self.field == record_id
        if self.register_value is not None:
            found &= self.model._meta.columns["register"] == self.register_value
        return found

    def label(self) -> str:
        """What the rows are, in words ('Agreements: Parties', 'Attachments', 'History')."""
        if self.model is ChangeLog:
            return _("History")
        for spec in SPECS.values():
            for fs in spec.many_fields:
                if fs.child.model is self.model:
                    return f"{_(spec.title)}: {_(fs.label)}"
        spec = spec_of_model(self.model)
        if spec is not None:
            by = next((fs for fs in spec.fields if f"{fs.name}_id" == self.column or fs.name == self.column), None)
            return f"{_(spec.title)}: {_(by.label)}" if by is not None else _(spec.title)
        return _("Attachments") if self.model.__name__ == "Attachment" else self.model.__name__


def _all_models() -> list[type[pw.Model]]:
    from app.models.migrations import current_models

    return current_models()


def link_kinds(register: str) -> list[LinkKind]:
    """Every kind of link that can point to a record of `register`."""
    spec = spec_of(register)
    kinds = [LinkKind(fk.model, fk.column_name) for fk in spec.model._meta.backrefs]
    for model in _all_models():
        columns = model._meta.columns
        if "register" in columns and "record_id" in columns and model.__name__ != "DeletedRecord":
            named = spec.model._meta.table_name if model is ChangeLog else spec.name
            kinds.append(LinkKind(model, "record_id", named))
    return kinds


def pointing_ids(kind: LinkKind, record_id: int) -> list[int]:
    """The ids of the rows of `kind` that point to `record_id`."""
    key = kind.model._meta.primary_key
    return [row[0] for row in kind.model.select(key).where(kind.condition(record_id)).order_by(key).tuples()]


def reindex_rows(model: type[pw.Model], ids: Sequence[int]) -> None:
    """Recompute the search keys of the records whose rows `ids` of `model` are (or, for a child table's rows, of
    the records they belong to): their texts include the names of what they link to."""
    if not ids:
        return
    if issubclass(model, Record):
        for record in model.select().where(model._meta.primary_key.in_(list(ids))):
            record.reindex()
        return
    for fk in model._meta.refs:
        if issubclass(fk.rel_model, Record) and fk.rel_model is not ChangeLog:
            parents = {row[0] for row in model.select(fk).where(model._meta.primary_key.in_(list(ids))).tuples()}
            reindex_records(fk.rel_model, parents)


def reindex_records(model: type[Record], ids: Iterable[int]) -> None:
    """Recompute the stored search keys of records `ids` of `model`."""
    wanted = [i for i in ids if i is not None]
    for record in model.select().where(model.id.in_(wanted)) if wanted else []:
        record.reindex()
