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


def search_everywhere(text: str, *, per_register: int = 20) -> list[Hit]:
    """Records of every register matching `text` (all its words, any script), at most `per_register` of each."""
    if not query_tokens(text):
        return []
    hits: list[Hit] = []
    for register in SPECS:
        ids = select_ids(ListQuery(register, search=text), limit=per_register)
        labels = labels_of(register, ids) if ids else {}
        hits += [Hit(register, record_id, labels.get(record_id, "")) for record_id in ids]
    return hits
