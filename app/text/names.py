"""Multilingual names: which stored language a name is shown in, its fallbacks, and sorting by it."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

import peewee as pw

from app.i18n import current_language

#: The languages a multilingual name is stored in (the original-language form last).
LANGS = ("uz", "ru", "en", "orig")

#: Which stored language to show first, then the fallbacks, for each interface language.
NAME_FALLBACK = {
    "uz": ("uz", "en", "ru", "orig"),
    "uz-Cyrl": ("uz", "ru", "en", "orig"),
    "ru": ("ru", "uz", "en", "orig"),
    "en": ("en", "uz", "ru", "orig"),
}


def localized_name(values: dict[str, Any] | Any, base: str, language: str | None = None) -> str:
    """The multilingual name `base` in the interface language, falling back to the other languages."""
    language = language or current_language()
    get = values.get if isinstance(values, dict) else lambda key: getattr(values, key, "")
    for lang in NAME_FALLBACK.get(language, NAME_FALLBACK["en"]):
        text = get(f"{base}_{lang}") or ""
        if text.strip():
            return shown_name(text, lang, language)
    return ""


def name_alternatives(record: object, base: str, language: str) -> list[str]:
    """A multilingual name: the one for `language` first, then the other stored ones (a PDF falls back to them
    from a script its font lacks)."""
    preferred = localized_name(record, base, language)
    others = [getattr(record, f"{base}_{lang}", "") or "" for lang in LANGS]
    return [preferred, *[text for text in dict.fromkeys(others) if text and text != preferred]]


def shown_name(text: str, stored: str, language: str) -> str:
    """A stored name as the interface shows it: Uzbek Cyrillic shows the Latin Uzbek name transliterated."""
    if language == "uz-Cyrl" and stored == "uz":
        from app.text.translit import uz_latin_to_cyrillic

        return uz_latin_to_cyrillic(text)
    return text


def name_reader(base: str, at: Mapping[str, int], language: str) -> Callable[[Sequence[Any]], str]:
    """Reads the multilingual name `base` from a row whose columns `at` indexes (name_uz → 3, …): the first
    non-empty stored language in the interface language's fallback order."""
    positions = [(at[f"{base}_{lang}"], lang) for lang in NAME_FALLBACK.get(language, NAME_FALLBACK["en"])]

    def read(row: Sequence[Any]) -> str:
        for index, lang in positions:
            text = row[index]
            if text and text.strip():
                return shown_name(text, lang, language)
        return ""

    return read


def name_order_expression(table: pw.ModelAlias | type[pw.Model], base: str, language: str | None = None) -> pw.Node:
    """SQL for sorting by a multilingual name the way it is shown: the first non-empty language in fallback order."""
    language = language or current_language()
    columns = [getattr(table, f"{base}_{lang}") for lang in NAME_FALLBACK.get(language, NAME_FALLBACK["en"])]
    return pw.fn.COALESCE(*[pw.fn.NULLIF(column, "") for column in columns])
