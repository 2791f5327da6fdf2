"""The shape of a register's description: its fields (name, label, kind, where shown) and the register itself."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import peewee as pw

from app.i18n import N_
from app.models import Record
from app.models import choices as ch
from app.services.registers.kinds import DESCRIPTIONS, ChildTable, Kind, kind_named
from app.text.sort_keys import SORT_LANGUAGES

#: Register-specific checks of a form's values: (description, values, problems found so far, the record's id or
#: None) → more problems by field name.
Rule = Callable[["RegisterSpec", dict[str, Any], dict[str, str], "int | None"], dict[str, str]]


@dataclass(frozen=True)
class FieldSpec:
    """One field of a register: its column(s), label, kind and where it appears."""

    name: str
    label: str
    kind: Kind = "text"  # type: ignore[assignment] - a kind's short name becomes the kind
    required: bool = False
    choices: ch.Choices | None = None
    link: str | None = None  # the register a link/links field points to
    role_choices: ch.Choices | None = None  # links with a role per linked record (project partners)
    currency: str | None = None  # for money: the field holding the currency code
    in_list: bool = True  # shown as a column of the list by default
    listable: bool = True  # can be shown as a list column at all
    filter: bool = False  # offered as a filter above the list
    section: str = "main"  # the form section: main, dates, links, notes
    max_length: int | None = None
    minimum: int | None = None  # for int fields
    maximum: int | None = None
    grouped: bool = True  # an int shown with its digits grouped (1 000); not a year
    also_headed: tuple[str, ...] = ()  # other labels an imported column of this field may carry
    through: str | None = None  # a filter on linked records: "<links field>.<field of the linked register>"
    child: ChildTable | None = None  # the table holding a many-valued field's values

    def __post_init__(self) -> None:
        object.__setattr__(self, "kind", kind_named(self.kind))
        if self.kind.many and self.child is None:
            raise ValueError(f"the many-valued field {self.name} names no child table")

    @property
    def columns(self) -> tuple[str, ...]:
        """The database columns behind this field."""
        return self.kind.columns(self)

    @property
    def target(self) -> RegisterSpec:
        """The register a link or links field points to."""
        return DESCRIPTIONS[self.link]


@dataclass(frozen=True)
class RegisterSpec:
    """A register: its table, names for people, fields, default order and the field that names a record."""

    name: str
    model: type[Record]
    title: str  # plural, for the navigation and the window title
    singular: str  # for "New …" and messages
    group: str  # the navigation group
    fields: tuple[FieldSpec, ...]
    title_field: str  # the field that names a record in lists, pickers and messages
    date_field: str | None = None  # the date that places a record in a year
    default_order: tuple[str, bool] = ("id", False)  # field name, descending
    date_order: tuple[tuple[str, str], ...] = ()  # (later, earlier): the later date may not be before the earlier
    extra_filters: tuple[FieldSpec, ...] = ()  # filters on linked records' fields (agreements by the parties' kind)
    rules: tuple[Rule, ...] = ()  # the register's own checks of a form's values, beyond each field's
    shown: tuple[str, ...] = ()  # the list's columns at first, in order, for the officer's question (empty: all)
    summed: tuple[str, ...] = ()  # the numeric columns the list's status line sums (counts and amounts)
    mark: Callable[[Mapping[str, Any], dt.date], Any] | None = None  # a list row's mark on a deadline, if any
    fields_by_name: dict[str, FieldSpec] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "fields_by_name", {spec.name: spec for spec in self.fields})

    def field(self, name: str) -> FieldSpec:
        """The field (or the filter on linked records) called `name`."""
        if name in self.fields_by_name:
            return self.fields_by_name[name]
        for spec in self.extra_filters:
            if spec.name == name:
                return spec
        raise KeyError(name)

    @property
    def has_years(self) -> bool:
        """Whether its records fall in years (by their date or a year field), so a list can be limited to one."""
        return self.date_field is not None or "year" in self.fields_by_name

    @property
    def list_fields(self) -> tuple[FieldSpec, ...]:
        """The fields that can be list columns."""
        return tuple(spec for spec in self.fields if spec.listable)

    @property
    def filter_fields(self) -> tuple[FieldSpec, ...]:
        """The fields offered as filters above the list."""
        return tuple(spec for spec in self.fields if spec.filter) + self.extra_filters

    @property
    def many_fields(self) -> tuple[FieldSpec, ...]:
        """The fields whose values live in child tables."""
        return tuple(spec for spec in self.fields if spec.kind.many)

    def title_expression(self, table: Any, language: str) -> pw.Node:
        """The SQL of what names a record of the register (its name as shown, in the interface language)."""
        title = self.field(self.title_field)
        return title.kind.title_expression(title, table, language)

    def stored_sort_column(self, field_name: str, table: Any, language: str) -> pw.Node | None:
        """The stored sort key of the interface language when `field_name` is what the record's keys are made from."""
        source = self.model.sort_source()
        if source is None or source[0] != field_name:
            return None
        return getattr(table, f"sort_{SORT_LANGUAGES.get(language, 'en')}")


F = FieldSpec
NOTES = F("notes", N_("Notes"), "multiline", in_list=False, listable=False, section="notes")

GROUP_PARTNERS = N_("Partners")
GROUP_AGREEMENTS = N_("Agreements")
GROUP_ACTIVITIES = N_("Activities")
GROUP_SERVICES = N_("Library services")
GROUP_FUNDING = N_("Funding and planning")
GROUP_PROTOCOL = N_("Protocol and correspondence")
GROUP_REFERENCE = N_("Reference")
