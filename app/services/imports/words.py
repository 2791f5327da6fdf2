"""How officers write in their own sheets: the words of resources/import/vocabulary.json, folded and ready to match.

Headers named in other words than Hamkor's labels, number columns ("№ п/п"), totals and signature lines under a
table, yes and no, open-ended terms, quarters, and choices written as free text ("национальная библиотека" →
national library). Everything is compared folded across scripts and cases (`fold_for_compare`).
"""

from __future__ import annotations

import functools
import json
import re
from typing import Any

from app.paths import resources_dir
from app.text.search_keys import fold_for_compare


def fold(text: str) -> str:
    """`text` folded for comparison (ё and е alike)."""
    return fold_for_compare(text.replace("ё", "е").replace("Ё", "Е"))


@functools.cache
def vocabulary() -> dict[str, Any]:
    """The vocabulary file, as it is written."""
    return json.loads((resources_dir() / "import" / "vocabulary.json").read_text(encoding="utf-8"))


@functools.cache
def _folded_set(name: str) -> frozenset[str]:
    return frozenset(fold(text) or text.strip() for text in vocabulary()[name])


def in_list(name: str, text: str) -> bool:
    """Whether `text` is one of the words of the list `name` (number_headers, yes, no, open_ended …)."""
    folded = fold(text) or text.strip()
    return bool(folded) and folded in _folded_set(name)


def starts_with_word(name: str, text: str) -> bool:
    """Whether `text` begins with one of the words of the list `name` (totals, signatures)."""
    folded = fold(text)
    if not folded:
        return False
    return any(folded == word or folded.startswith(word + " ") for word in _folded_set(name) if word)


@functools.cache
def header_aliases(register: str) -> dict[str, str]:
    """Folded header text → field name, for the words offices head `register`'s columns with."""
    found: dict[str, str] = {}
    headers = vocabulary()["headers"]
    for table in (headers.get(register, {}), headers["*"]):
        for name, texts in table.items():
            for text in texts:
                found.setdefault(fold(text), name)
    return found


@functools.cache
def _stems(key: str) -> tuple[tuple[str, tuple[tuple[str, bool], ...], int], ...]:
    """(code, ((stem, whole word), …), weight) for the choice list `key`, heaviest first."""
    table = vocabulary()["choices"].get(key, {})
    found = []
    for code, alternatives in table.items():
        for stems in alternatives:
            parts = tuple((fold(stem.lstrip("=")), stem.startswith("=")) for stem in stems)
            found.append((code, parts, sum(len(stem) for stem, _whole in parts)))
    return tuple(sorted(found, key=lambda item: -item[2]))


def choice_from_text(key: str, text: str) -> str | None:
    """The choice of list `key` ("partners.kind") that free text names, by the longest set of stems it holds."""
    folded = fold(text)
    if not folded:
        return None
    words = set(folded.split())
    for code, stems, _weight in _stems(key):
        if all((stem in words) if whole else (stem in folded) for stem, whole in stems):
            return code
    return None


@functools.cache
def _quarters() -> dict[str, int]:
    return {fold(text) or text: int(number) for number, texts in vocabulary()["quarters"].items() for text in texts}


_ROMAN_QUARTER = re.compile(r"^(i{1,3}|iv|[1-4])\b")


def quarter_from_text(text: str) -> int | None:
    """A quarter written as "II квартал", "2-chorak", "Q3", "IV кв." (None when the text names none)."""
    folded = fold(text)
    if folded in _quarters():
        return _quarters()[folded]
    match = _ROMAN_QUARTER.match(folded)
    if match and any(word in folded for word in ("kvartal", "kv", "chorak", "quarter")):
        return {"i": 1, "ii": 2, "iii": 3, "iv": 4}.get(match.group(1)) or int(match.group(1))
    return None
