"""Merging two records that are one (the same partner typed twice): one is kept, every link to the other moves to
it, its empty fields are filled from the other, and the other is taken out into the store of deleted records with
the links it moved, so that undoing the merge is a restore."""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from typing import Any

import peewee as pw

from app.i18n import _
from app.models import db
from app.models.base import DERIVED_COLUMNS, ChangeLog, current_user, utc_now
from app.services.registers.deleted_records import take_out
from app.services.registers.list_rows import labels_of
from app.services.registers.record_links import LinkKind, link_kinds, pointing_ids, reindex_rows
from app.services.registers.specs import spec_of

logger = logging.getLogger(__name__)


class MergeRefused(Exception):
    """Two records cannot be merged; the message says why, in the interface language."""


@dataclass(frozen=True)
class Move:
    """Links of one kind that move from the merged record to the kept one (or stay with it: duplicates)."""

    kind: LinkKind
    ids: list[int]
    staying: list[int] = field(default_factory=list)  # already linked to the kept record: go with the other

    @property
    def label(self) -> str:
        """What moves, in words."""
        return self.kind.label()


@dataclass
class MergePlan:
    """What merging `other_id` into `keep_id` does: the links that move and the fields filled."""

    register: str
    keep_id: int
    other_id: int
    keep_label: str
    other_label: str
    moves: list[Move]
    filled: dict[str, tuple[Any, Any]]  # column → (kept record's empty value, the other's value)

    def lines(self) -> list[str]:
        """The plan in words, one line per kind of link and per filled field."""
        lines = [_("Keep “{keep}” ({keep_id}); merge “{other}” ({other_id}) into it.").format(
            keep=self.keep_label, keep_id=self.keep_id, other=self.other_label, other_id=self.other_id)]  # fmt: skip
        for move in self.moves:
            if move.ids:
                lines.append(_("Moves: {what}: {count}").format(what=move.label, count=len(move.ids)))
            if move.staying:
                lines.append(_("Already linked to the kept record, so not repeated: {what}: {count}").format(
                    what=move.label, count=len(move.staying)))  # fmt: skip
        spec = spec_of(self.register)
        for column, (_old, new) in self.filled.items():
            fs = next((fs for fs in spec.fields if column in fs.columns), None)
            what = (_(fs.label) + (f" ({column.rpartition('_')[2]})" if fs.kind.multilingual else "")) if fs else column
            lines.append(_("Filled from the other record: {field} = {value}").format(field=what, value=new))
        return lines


def _empty(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


#: Columns never copied from one record to the other.
_OWN = frozenset({"id", "created_at", "created_by", "updated_at", "updated_by", "version", "is_sample",
                  "search_text", "loose_text", "sort_uz", "sort_uz_cyrl", "sort_ru", "sort_en"})  # fmt: skip


def _duplicates(kind: LinkKind, ids: list[int], keep_id: int) -> list[int]:
    """The rows of `ids` that would repeat a row the kept record already has (a unique index says so)."""
    model = kind.model
    unique = [columns for columns, is_unique in model._meta.indexes if is_unique]
    unique = [[model._meta.fields[c].column_name for c in columns] for columns in unique]
    unique = [columns for columns in unique if kind.column in columns and len(columns) > 1]
    if not unique or not ids:
        return []
    staying = set()
    for columns in unique:
        others = [model._meta.columns[c] for c in columns if c != kind.column]
        kept = {tuple(row) for row in model.select(*others).where(kind.condition(keep_id)).tuples()}
        key = model._meta.primary_key
        for row in model.select(key, *others).where(key.in_(ids)).tuples():
            if tuple(row[1:]) in kept:
                staying.add(row[0])
    return sorted(staying)


def plan_merge(register: str, keep_id: int, other_id: int) -> MergePlan:
    """What merging record `other_id` of `register` into `keep_id` would do (nothing is changed)."""
    spec = spec_of(register)
    model = spec.model
    if keep_id == other_id:
        raise MergeRefused(_("A record cannot be merged with itself."))
    keep, other = model.get_or_none(model.id == keep_id), model.get_or_none(model.id == other_id)
    for record_id, record in ((keep_id, keep), (other_id, other)):
        if record is None:
            raise MergeRefused(_("{register} has no record {id}.").format(register=_(spec.title), id=record_id))
    moves = []
    for kind in link_kinds(register):
        ids = pointing_ids(kind, other_id)
        if kind.model is model and kind.column == "parent_id":  # the kept record itself does not become its own
            ids = [i for i in ids if i != keep_id]
        staying = _duplicates(kind, ids, keep_id)
        moved = [i for i in ids if i not in staying]
        if moved or staying:
            moves.append(Move(kind, moved, staying))
    filled = {}
    many = {fs.name for fs in spec.many_fields}
    for name, column in model._meta.columns.items():
        if name in _OWN or name in many or isinstance(column, pw.BooleanField):
            continue
        mine, theirs = keep.__data__.get(column.name), other.__data__.get(column.name)
        if column.name == "parent_id" and theirs == keep_id:
            continue
        if _empty(mine) and not _empty(theirs):
            filled[name] = (mine, theirs)
    labels = labels_of(register, [keep_id, other_id])
    return MergePlan(register, keep_id, other_id, labels.get(keep_id, ""), labels.get(other_id, ""), moves, filled)


def merge_records(register: str, keep_id: int, other_id: int) -> str:
    """Merge record `other_id` into `keep_id`, all or nothing; return the batch that undoes it (a restore)."""
    spec = spec_of(register)
    model = spec.model
    with db.atomic():
        plan = plan_merge(register, keep_id, other_id)
        moved = []
        for move in plan.moves:
            if not move.ids:
                continue
            key = move.kind.model._meta.primary_key
            move.kind.model.update({move.kind.field: keep_id}).where(key.in_(move.ids)).execute()
            moved.append({"table": move.kind.model._meta.table_name, "column": move.kind.column,
                          "ids": move.ids, "value": other_id, "now": keep_id})  # fmt: skip
        keep = model.get_by_id(keep_id)
        for column, (_old, new) in plan.filled.items():
            column_field = model._meta.columns[column]
            setattr(keep, getattr(column_field, "object_id_name", column_field.name), new)
        keep.refresh_search_text()
        values = {model._meta.columns[column]: new for column, (_old, new) in plan.filled.items()}
        derived = {model._meta.columns[name]: getattr(keep, name) for name in DERIVED_COLUMNS}
        model.update({**values, **derived, model.updated_at: utc_now(), model.updated_by: current_user(),
                      model.version: model.version + 1}).where(model.id == keep_id).execute()  # fmt: skip
        filled = {"table": model._meta.table_name, "id": keep_id,
                  "values": {column: [_plain(old), _plain(new)] for column, (old, new) in plan.filled.items()}}
        _log(model, keep_id, {"merged": other_id, "label": plan.other_label,
                              **{n: [o, v] for n, (o, v) in plan.filled.items()}})  # fmt: skip
        _log(model, other_id, {"merged_into": keep_id, "label": plan.keep_label})
        repeated = [(move.kind.model, move.staying) for move in plan.moves
                    if move.staying and move.kind.register_value is None and move.kind.field.on_delete != "CASCADE"]
        batch = take_out(register, [other_id], operation="merge", merged_into=keep_id, moved=moved, filled=filled,
                         also=repeated)  # fmt: skip
        for repeated_model, ids in repeated:
            repeated_model.delete().where(repeated_model._meta.primary_key.in_(list(ids))).execute()
        model.delete().where(model.id == other_id).execute()
        for move in plan.moves:
            reindex_rows(move.kind.model, move.ids)
    logger.info("merged %s %s into %s", register, other_id, keep_id)
    return batch


def _plain(value: Any) -> Any:
    return value if value is None or isinstance(value, int | float | str) else str(value)


def _log(model: type[pw.Model], record_id: int, changes: dict[str, Any]) -> None:
    ChangeLog.create(changed_by=current_user(), register=model._meta.table_name, record_id=record_id,
                     action="merge", changes=json.dumps(changes, ensure_ascii=False, default=str, sort_keys=True))
