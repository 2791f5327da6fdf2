"""The shape of a register's description: its fields (name, label, kind, where shown) and the register itself."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from app.i18n import N_
from app.models import Record
from app.models import choices as ch

FieldKind = Literal[
    "text",  # one line
    "multiline",  # several lines
    "names",  # multilingual: <name>_uz/_ru/_en/_orig columns shown as one, in the interface language
    "date",
    "country",  # ISO alpha-2 code, shown by its CLDR name
    "countries",  # several countries (a child table)
    "choice",  # one code of a Choices list
    "link",  # foreign key to another register's record
    "links",  # several records of another register (a child table)
    "members",  # delegation members: names and positions (a child table)
    "records",  # records of any register (a plan item's fulfilment: register and id, a child table)
    "int",
    "money",  # amount; its currency is the field named by `currency`
    "bool",
    "email",
    "url",
]


#: The kinds whose values live in a child table (several per record).
MANY_KINDS = ("links", "countries", "members", "records")


@dataclass(frozen=True)
class FieldSpec:
    """One field of a register: its column(s), label, kind and where it appears."""

    name: str
    label: str
    kind: FieldKind = "text"
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

    @property
    def columns(self) -> tuple[str, ...]:
        """The database columns behind this field."""
        if self.kind == "names":
            return tuple(f"{self.name}_{lang}" for lang in ("uz", "ru", "en", "orig"))
        if self.kind == "link":
            return (f"{self.name}_id",)
        if self.kind in MANY_KINDS or self.through:
            return ()
        return (self.name,)


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


F = FieldSpec
NOTES = F("notes", N_("Notes"), "multiline", in_list=False, listable=False, section="notes")

GROUP_PARTNERS = N_("Partners")
GROUP_AGREEMENTS = N_("Agreements")
GROUP_ACTIVITIES = N_("Activities")
GROUP_SERVICES = N_("Library services")
GROUP_FUNDING = N_("Funding and planning")
GROUP_PROTOCOL = N_("Protocol and correspondence")
GROUP_REFERENCE = N_("Reference")
