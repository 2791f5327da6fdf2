"""The kinds that point to other records, and the many-valued kinds kept in a child table (one row per value):
a link, several links, several countries, delegation members, records of any register."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

import peewee as pw

from app.i18n import _
from app.services.registers.kinds.base import DESCRIPTIONS, CellContext, Kind, Labeller
from app.text.countries import country_name, is_country


class LinkKind(Kind):
    """A record of another register (`link`): a foreign key, shown by the linked record's name."""

    name = "link"
    width = 32
    blank_text = False
    bulk = True
    labelled = True

    def columns(self, fs: Any) -> tuple[str, ...]:
        return () if fs.through else (f"{fs.name}_id",)

    def load(self, fs: Any, record: Any) -> Any:
        return getattr(record, f"{fs.name}_id")

    def assign(self, fs: Any, record: Any, value: Any) -> None:
        setattr(record, f"{fs.name}_id", value)

    def cell_reader(self, fs: Any, at: Mapping[str, int], context: CellContext) -> Callable[[Sequence[Any]], Any]:
        index, labels = at.get(fs.name, -1), context.link_labels[fs.name]  # a link's id is kept under its name
        return lambda row: labels.get(row[index], "")

    def value_texts(self, fs: Any, values: list[Any], language: str, labels: Labeller) -> dict[Any, str]:
        return labels(fs.link, values) if fs.link else {value: str(value) for value in values}

    def filter_text(self, fs: Any, value: Any, language: str, labels: Labeller) -> str:
        if not fs.link:
            return super().filter_text(fs, value, language, labels)
        return labels(fs.link, [int(value)]).get(int(value), str(value))

    def logged_text(self, fs: Any, value: Any, language: str, labels: Labeller) -> str:
        return labels(fs.link, [int(value)]).get(int(value)) or f"#{value}"

    def sort_expression(self, fs: Any, model: type[pw.Model], language: str) -> tuple[pw.Node | None, list]:
        target = DESCRIPTIONS[fs.link]
        alias = target.model.alias()
        by = target.stored_sort_column(target.title_field, alias, language)
        if by is None:
            by = target.title_expression(alias, language)
        return by, [(alias, alias.id == getattr(model, f"{fs.name}_id"))]

    def value_expression(self, fs: Any, model: type[pw.Model], language: str) -> pw.Node:
        return getattr(model, f"{fs.name}_id")

    def filter_condition(self, fs: Any, model: type[pw.Model], value: Any) -> pw.Node:
        return model._meta.fields[fs.name] == int(value)

    def title_expression(self, fs: Any, table: Any, language: str) -> pw.Node:
        return getattr(table, f"{fs.name}_id")

    def names_by_sql(self) -> bool:
        return False

    def labelled_join(self, fs: Any, language: str) -> tuple[Any, pw.Node] | None:
        if not fs.link:
            return None
        target = DESCRIPTIONS[fs.link]
        if not target.field(target.title_field).kind.names_by_sql():
            return None
        alias = target.model.alias()
        return alias, target.title_expression(alias, language)

    # -- reading values given from outside ---------------------------------------------------------------------------
    def read_cell(self, fs: Any, part: str, raw: Any, reader: Any) -> Any:
        return reader.link(fs, raw)

    def imported_title(self, value: Any) -> str:
        return ""  # a record named by the record it links to: the preview shows its row

    # -- the submissions' template sheets -------------------------------------------------------------------------
    #: The registers a template sheet offers in a drop-down (the others' records are typed by name).
    listed_in_templates = ("partners", "employees")

    def template_entry(self, fs: Any, register: str) -> tuple[str, str, bool]:
        return ("list", fs.link, self.many) if fs.link in self.listed_in_templates else ("text", "", False)


class ManyKind(Kind):
    """Several values per record, one row each in the child table the field names (`child`)."""

    many = True
    blank_text = False
    labelled = False
    bulk = False
    #: A list reads the values with each row, in the same query (the records of any register are read apart).
    inline = True

    def columns(self, fs: Any) -> tuple[str, ...]:
        return ()

    def empty(self, fs: Any, model: type[pw.Model]) -> Any:
        return []

    def load(self, fs: Any, record: Any) -> Any:
        return self.child_values(fs, record.id)

    def assign(self, fs: Any, record: Any, value: Any) -> None:
        """Written with the child table's rows (`replace_children`), once the record has an id."""

    def child_values(self, fs: Any, record_id: int) -> list[Any]:
        """The stored values of the record `record_id`."""
        return [getattr(row, fs.child.value_field.name) for row in fs.child.rows(record_id)]

    def child_row(self, fs: Any, item: Any) -> dict[str, Any]:
        """A value as a row of the child table (without the record's id)."""
        return {fs.child.value: item}

    def child_rows(self, fs: Any, record_id: int, items: list[Any]) -> list[dict[str, Any]]:
        """The child table's rows (without the record's id) for the values `items` of the record `record_id`."""
        return [self.child_row(fs, item) for item in items]

    def replace_children(self, fs: Any, record_id: int, items: list[Any]) -> None:
        """Write the record's values: its rows in the child table replaced by `items`."""
        child = fs.child
        rows = [{child.parent: record_id, **row} for row in self.child_rows(fs, record_id, items)]
        child.model.delete().where(child.parent_field == record_id).execute()
        if rows:
            child.model.insert_many(rows).execute()

    def logged(self, items: list[Any]) -> list[Any]:
        """Values as the change log keeps them."""
        return [list(item) if isinstance(item, tuple) else item for item in items]

    def cell_reader(self, fs: Any, at: Mapping[str, int], context: CellContext) -> Callable[[Sequence[Any]], Any]:
        values, id_at = context.many[fs.name], at["id"]
        return lambda row: "; ".join(values.get(row[id_at], ()))

    def child_columns(self, fs: Any) -> list[pw.Field]:
        """The child table's columns a list reads (after the record's id)."""
        return [fs.child.model._meta.fields[fs.child.value]]

    def many_texts(
        self, fs: Any, rows: Iterable[Sequence[Any]], language: str, labels: Labeller
    ) -> dict[int, list[str]]:
        """Rows (record id, stored value…) of the child table, in order, as each record's list of texts."""
        values: dict[int, list[Any]] = defaultdict(list)
        for parent_id, value in rows:
            values[parent_id].append(value)
        return self.texts_of(fs, values, language, labels)

    def texts_of(self, fs: Any, values: dict[int, list[Any]], language: str, labels: Labeller) -> dict[int, list[str]]:
        """Each record's stored values as texts."""
        return {key: [str(v) for v in vs] for key, vs in values.items()}

    def sort_expression(self, fs: Any, model: type[pw.Model], language: str) -> tuple[pw.Node | None, list]:
        return None, []

    def filter_condition(self, fs: Any, model: type[pw.Model], value: Any) -> pw.Node:
        child = fs.child
        return model.id.in_(child.model.select(child.parent_field).where(child.value_field == value))

    def logged_text(self, fs: Any, value: Any, language: str, labels: Labeller) -> str:
        return str(value)


class LinksKind(ManyKind, LinkKind):
    """Several records of another register (`link`), each with a role when the field has `role_choices`."""

    name = "links"
    width = 40
    bulk = False

    def required_problem(self) -> str:
        return _("Add at least one.")

    def child_values(self, fs: Any, record_id: int) -> list[Any]:
        column = f"{fs.child.value}_id"
        rows = fs.child.rows(record_id)
        if fs.role_choices is not None:
            return [(getattr(row, column), row.role) for row in rows]
        return [getattr(row, column) for row in rows]

    def child_row(self, fs: Any, item: Any) -> dict[str, Any]:
        if fs.role_choices is not None:
            return {fs.child.value: item[0], "role": item[1]}
        return {fs.child.value: item}

    def texts_of(self, fs: Any, values: dict[int, list[Any]], language: str, labels: Labeller) -> dict[int, list[str]]:
        if not fs.link:
            return super().texts_of(fs, values, language, labels)
        found = labels(fs.link, {v for vs in values.values() for v in vs})
        return {key: [found.get(v, "") for v in vs] for key, vs in values.items()}

    def logged_text(self, fs: Any, value: Any, language: str, labels: Labeller) -> str:
        pairs = [(item[0], item[1]) if isinstance(item, list) else (item, None) for item in value]
        found = labels(fs.link, [int(item) for item, _role in pairs])
        texts = []
        for item, role in pairs:
            text = found.get(int(item)) or f"#{item}"
            if role and fs.role_choices is not None:
                text += f" ({_(fs.role_choices.label(role)) or role})"
            texts.append(text)
        return "; ".join(texts)

    # -- reading values given from outside ---------------------------------------------------------------------------
    def read_cell(self, fs: Any, part: str, raw: Any, reader: Any) -> Any:
        return reader.links(fs, raw)

    # -- a form's value in words (two versions of a record side by side) -----------------------------------------
    def form_text(self, fs: Any, value: Any, shown: Callable[[Any], str]) -> str:
        return shown(self.logged(value))


class CountriesKind(ManyKind):
    """Several countries (ISO alpha-2 codes)."""

    name = "countries"
    width = 28
    few_values = True

    def required_problem(self) -> str:
        return _("Add at least one.")

    def problem(self, fs: Any, value: Any) -> str | None:
        return None if all(is_country(code) for code in value) else _("Unknown country.")

    def child_row(self, fs: Any, item: Any) -> dict[str, Any]:
        return {fs.child.value: item.upper()}

    def texts_of(self, fs: Any, values: dict[int, list[Any]], language: str, labels: Labeller) -> dict[int, list[str]]:
        return {key: [country_name(code, language) for code in codes] for key, codes in values.items()}

    def value_texts(self, fs: Any, values: list[Any], language: str, labels: Labeller) -> dict[Any, str]:
        return {value: country_name(value, language) for value in values}

    def filter_text(self, fs: Any, value: Any, language: str, labels: Labeller) -> str:
        return country_name(value, language)

    def logged_text(self, fs: Any, value: Any, language: str, labels: Labeller) -> str:
        return "; ".join(country_name(str(code), language) for code in value)

    # -- reading values given from outside ---------------------------------------------------------------------------
    def read_cell(self, fs: Any, part: str, raw: Any, reader: Any) -> Any:
        return reader.countries(fs, raw)

    # -- the submissions' template sheets -------------------------------------------------------------------------
    def template_entry(self, fs: Any, register: str) -> tuple[str, str, bool]:
        return "list", "countries", True


#: What a member given by name and position only holds of the personal data.
NO_PERSONAL_DATA = (None, "", None)


class MembersKind(ManyKind):
    """Delegation members: each a name and position, then the personal data for visa support (citizenship,
    passport number, date of birth)."""

    name = "members"
    width = 40
    listed = False

    def child_values(self, fs: Any, record_id: int) -> list[Any]:
        return [(row.full_name, row.position, row.citizenship, row.passport_number, row.birth_date)
                for row in fs.child.rows(record_id)]  # fmt: skip

    def problem(self, fs: Any, value: Any) -> str | None:
        if any(not (member[0] or "").strip() for member in value):
            return _("Every member needs a name.")
        for member in value:
            citizenship, _passport, born = (tuple(member[2:]) + NO_PERSONAL_DATA)[:3]
            if citizenship and not is_country(citizenship):
                return _("{name}: unknown citizenship.").format(name=member[0])
            if born is not None and (not isinstance(born, dt.date) or born > dt.date.today()):
                return _("{name}: the date of birth is not a past date (such as 31.12.1970).").format(name=member[0])
        return None

    def child_rows(self, fs: Any, record_id: int, items: list[Any]) -> list[dict[str, Any]]:
        kept = {row[0]: row[2:] for row in self.child_values(fs, record_id)}  # a member given by name and position
        rows = []  # only (an import) keeps their personal data
        for item in items:
            name = item[0].strip()
            personal = (tuple(item[2:]) + NO_PERSONAL_DATA)[:3] if len(item) > 2 else kept.get(name)
            personal = personal or NO_PERSONAL_DATA
            rows.append({"full_name": name, "position": (item[1] or "").strip(), "citizenship": personal[0] or None,
                         "passport_number": (personal[1] or "").strip(), "birth_date": personal[2]})  # fmt: skip
        return rows

    def logged(self, items: list[Any]) -> list[Any]:
        # a member by name and position only: personal data is not logged
        return [list(item[:2]) if isinstance(item, tuple) else item for item in items]

    def logged_text(self, fs: Any, value: Any, language: str, labels: Labeller) -> str:
        return "; ".join(f"{name} ({position})" if position else str(name) for name, position in value)

    # -- reading values given from outside ---------------------------------------------------------------------------
    def read_cell(self, fs: Any, part: str, raw: Any, reader: Any) -> Any:
        return reader.members(fs, raw)

    # -- a form's value in words (two versions of a record side by side) -----------------------------------------
    def form_text(self, fs: Any, value: Any, shown: Callable[[Any], str]) -> str:
        return shown([list(item[:2]) for item in value])  # name and position: personal data stays in the form


class RecordsKind(ManyKind):
    """Records of any register (a plan item's fulfilment, what a letter concerns): register and id."""

    name = "records"
    listed = False
    inline = False

    def child_values(self, fs: Any, record_id: int) -> list[Any]:
        return [(row.register, row.record_id) for row in fs.child.rows(record_id)]

    def child_row(self, fs: Any, item: Any) -> dict[str, Any]:
        return {"register": item[0], "record_id": int(item[1])}

    def problem(self, fs: Any, value: Any) -> str | None:
        missing = [item for item in value if item[0] not in DESCRIPTIONS or not DESCRIPTIONS[item[0]].model.get_or_none(
            DESCRIPTIONS[item[0]].model.id == item[1])]  # fmt: skip
        return _("A linked record no longer exists.") if missing else None

    def child_columns(self, fs: Any) -> list[pw.Field]:
        return [fs.child.model.register, fs.child.model.record_id]

    def many_texts(
        self, fs: Any, rows: Iterable[Sequence[Any]], language: str, labels: Labeller
    ) -> dict[int, list[str]]:
        """'Register: record' for each record of any register linked to the parents."""
        rows = list(rows)
        by_register: dict[str, set[int]] = defaultdict(set)
        for _parent_id, register, record_id in rows:
            by_register[register].add(record_id)
        found = {register: labels(register, wanted) for register, wanted in by_register.items()
                 if register in DESCRIPTIONS}  # fmt: skip
        values: dict[int, list[str]] = defaultdict(list)
        for parent_id, register, record_id in rows:
            if register in found:
                values[parent_id].append(f"{_(DESCRIPTIONS[register].singular)}: {found[register].get(record_id, '?')}")
        return values

    # -- reading values given from outside ---------------------------------------------------------------------------
    importable = False

    def read_cell(self, fs: Any, part: str, raw: Any, reader: Any) -> Any:
        return reader.records(fs, raw)
