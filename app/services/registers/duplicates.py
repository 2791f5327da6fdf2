"""Likely duplicates in a register: records whose names meet under the looser search key (any script, spelling
variants, "im."/"named after" and word order set aside) and whose country and kind do not tell them apart."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

from app.i18n import _
from app.services.registers.list_rows import labels_of
from app.services.registers.specs import spec_of
from app.text.search_keys import loose_tokens

#: Words that a name is written with or without ("im." = imeni, "nomidagi", "named after").
_SKIPPED = frozenset(loose_tokens("im imeni nomidagi named after the of"))
#: A kind that does not tell two records apart (the importer's and the form's default).
_ANY_KIND = "other"
#: At most this many pairs are listed (the likeliest come first).
LIMIT = 1000


@dataclass(frozen=True)
class DuplicatePair:
    """Two records of a register that are likely one."""

    register: str
    first_id: int
    second_id: int
    first_label: str
    second_label: str
    reason: str


def name_keys(*names: str) -> set[str]:
    """The keys a record's names are compared by: each name's loose key without the skipped words, and the same
    words in alphabetical order (Karimov Alisher = Alisher Karimov)."""
    keys = set()
    for name in names:
        words = [word for word in loose_tokens(name) if word not in _SKIPPED]
        if words:
            keys.add(" ".join(words))
            keys.add(" ".join(sorted(words)))
    return keys


def _rows(register: str) -> Iterator[tuple[int, set[str], str | None, str | None]]:
    """Each record's id, name keys, country and kind (None where the register has none)."""
    spec = spec_of(register)
    model = spec.model
    title = spec.field(spec.title_field)
    columns = model._meta.columns
    names = list(title.columns) if title.kind.names_by_sql() else []  # a link names no record by itself
    if title.kind.multilingual and "short_name" in columns:
        names.append("short_name")
    extra = [name for name in ("country", "kind") if name in columns]
    selected = [model.id, *(columns[name] for name in names if name in columns), *(columns[n] for n in extra)]
    width = len(selected) - len(extra)
    for row in model.select(*selected).tuples().iterator():
        found = dict(zip(extra, row[width:], strict=True))
        yield row[0], name_keys(*(text for text in row[1:width] if text)), found.get("country"), found.get("kind")


def find_duplicates(register: str, *, limit: int = LIMIT) -> list[DuplicatePair]:
    """The likely duplicate pairs of `register`: same name key, and no different country or kind between them."""
    by_key: dict[str, list[int]] = defaultdict(list)
    facts: dict[int, tuple[str | None, str | None]] = {}
    for record_id, keys, country, kind in _rows(register):
        facts[record_id] = (country, kind)
        for key in keys:
            by_key[key].append(record_id)
    pairs: dict[tuple[int, int], str] = {}
    for key, ids in by_key.items():
        if len(ids) < 2 or len(ids) > 50:  # a name shared by dozens ("Library") says nothing
            continue
        for at, first in enumerate(ids):
            for second in ids[at + 1 :]:
                if (first, second) not in pairs and _compatible(facts[first], facts[second]):
                    pairs[(first, second)] = key
    ordered = sorted(pairs)[:limit]
    labels = labels_of(register, {i for pair in ordered for i in pair})
    result = []
    for first, second in ordered:
        country, kind = facts[first]
        reasons = [_("same name")]
        if country and country == facts[second][0]:
            reasons.append(_("same country"))
        if kind and kind != _ANY_KIND and kind == facts[second][1]:
            reasons.append(_("same kind"))
        result.append(DuplicatePair(register, first, second, labels.get(first, ""), labels.get(second, ""),
                                    ", ".join(reasons)))  # fmt: skip
    result.sort(key=lambda pair: (pair.first_label.casefold(), pair.second_label.casefold()))
    return result


def _compatible(first: tuple[str | None, str | None], second: tuple[str | None, str | None]) -> bool:
    """Whether country and kind leave two records possibly one (an empty country or the kind 'other' does)."""
    (country_a, kind_a), (country_b, kind_b) = first, second
    if country_a and country_b and country_a != country_b:
        return False
    return not (kind_a and kind_b and _ANY_KIND not in (kind_a, kind_b) and kind_a != kind_b)
