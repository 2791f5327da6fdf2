"""Search across every register at once (the toolbar's search, Ctrl+K)."""

from __future__ import annotations

from dataclasses import dataclass

from app.services.registers.list_query import ListQuery, select_ids
from app.services.registers.list_rows import labels_of
from app.services.registers.specs import SPECS
from app.text.search_keys import query_tokens


@dataclass(frozen=True)
class Hit:
    """A record found by the global search."""

    register: str
    record_id: int
    label: str
    details: str = ""  # what tells it apart from a namesake: date, country, number


def search_everywhere(text: str, *, per_register: int = 20) -> list[Hit]:
    """Records of every register matching `text` (all its words, any script), at most `per_register` of each."""
    if not query_tokens(text):
        return []
    hits: list[Hit] = []
    for register in SPECS:
        ids = select_ids(ListQuery(register, search=text), limit=per_register)
        labels = labels_of(register, ids) if ids else {}
        details = details_of(register, ids) if ids else {}
        for record_id in ids:
            label = labels.get(record_id, "")
            told = [part for part in details.get(record_id, "").split(" · ") if part and part not in label]
            hits.append(Hit(register, record_id, label, " · ".join(told)))
    return hits


#: The columns that tell records apart, in the order they are shown (the register's date comes first).
DETAIL_COLUMNS = ("reg_number", "country", "city")


def details_of(register: str, ids: list[int]) -> dict[int, str]:
    """For each record: its date, country, city and number, joined with " · " (what the register has of them)."""
    from app.i18n import babel_locale, format_date
    from app.text.countries import country_name

    spec = SPECS[register]
    model = spec.model
    names = [name for name in (spec.date_field, *DETAIL_COLUMNS) if name and name in model._meta.columns]
    if not names:
        return {}
    columns = [model.id, *(model._meta.columns[name] for name in names)]
    found: dict[int, str] = {}
    for row in model.select(*columns).where(model.id.in_([int(i) for i in ids])).tuples():
        parts = []
        for name, value in zip(names, row[1:], strict=True):
            if value in (None, ""):
                continue
            if name == spec.date_field:
                parts.append(format_date(value))
            elif name == "country":
                parts.append(country_name(value, babel_locale()))
            else:
                parts.append(str(value))
        found[row[0]] = " · ".join(parts)
    return found
