"""The kinds of field a register's description is made of, one class each, and the one map from a kind's short name
(as the descriptions write it) to its object."""

from __future__ import annotations

from app.services.registers.kinds.base import DESCRIPTIONS, CellContext, ChildTable, Kind, Labeller, one_line
from app.services.registers.kinds.links import (
    CountriesKind,
    LinkKind,
    LinksKind,
    ManyKind,
    MembersKind,
    RecordsKind,
)
from app.services.registers.kinds.text import LANG_KEYS, EmailKind, MultilineKind, NamesKind, TextKind, UrlKind
from app.services.registers.kinds.values import (
    MAX_STORED_AMOUNT,
    MAX_STORED_INTEGER,
    BoolKind,
    ChoiceKind,
    CountryKind,
    DateKind,
    IntKind,
    Money,
    MoneyKind,
    Year,
    as_date,
)

__all__ = [
    "DESCRIPTIONS",
    "KINDS",
    "LANG_KEYS",
    "MAX_STORED_AMOUNT",
    "MAX_STORED_INTEGER",
    "BoolKind",
    "CellContext",
    "ChildTable",
    "ChoiceKind",
    "CountriesKind",
    "CountryKind",
    "DateKind",
    "EmailKind",
    "IntKind",
    "Kind",
    "Labeller",
    "LinkKind",
    "LinksKind",
    "ManyKind",
    "MembersKind",
    "Money",
    "MoneyKind",
    "MultilineKind",
    "NamesKind",
    "RecordsKind",
    "TextKind",
    "UrlKind",
    "Year",
    "as_date",
    "kind_named",
    "one_line",
]

#: Every kind by its short name: the one place a description's word for a kind becomes the kind.
KINDS: dict[str, Kind] = {
    kind.name: kind
    for kind in (
        TextKind(),
        MultilineKind(),
        EmailKind(),
        UrlKind(),
        NamesKind(),
        DateKind(),
        IntKind(),
        MoneyKind(),
        BoolKind(),
        ChoiceKind(),
        CountryKind(),
        LinkKind(),
        LinksKind(),
        CountriesKind(),
        MembersKind(),
        RecordsKind(),
    )
}


def kind_named(kind: str | Kind) -> Kind:
    """The kind a description names (a kind object is itself)."""
    return kind if isinstance(kind, Kind) else KINDS[kind]
