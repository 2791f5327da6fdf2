"""Countries: ISO 3166-1 alpha-2 codes with their CLDR names (babel) in the interface languages."""

from __future__ import annotations

import functools

from babel import Locale

#: Locales whose country names a search finds records by, whatever the interface language.
SEARCH_LOCALES = ("en", "ru", "uz", "uz_Cyrl")

#: CLDR territory codes that are not countries a record can name (continents, regions, pseudo-codes).
_NOT_COUNTRIES = {"AC", "CP", "DG", "EA", "EU", "EZ", "IC", "QO", "TA", "UN", "XA", "XB", "XK", "ZZ"}


@functools.cache
def _locale(code: str) -> Locale:
    return Locale.parse(code)


@functools.cache
def country_codes() -> tuple[str, ...]:
    """Every two-letter country code that CLDR names in all the interface languages."""
    named = [
        {code for code, name in _locale(locale).territories.items() if name and name != code}
        for locale in SEARCH_LOCALES
    ]
    return tuple(
        sorted(
            code
            for code in set.intersection(*named)
            if len(code) == 2 and code.isalpha() and code not in _NOT_COUNTRIES
        )
    )


def country_name(code: str | None, locale: str = "en") -> str:
    """The country's name in `locale` (the code itself when CLDR does not know it)."""
    if not code:
        return ""
    name = _locale(locale.replace("-", "_")).territories.get(code.upper(), code.upper())
    if locale.startswith("uz") and "Cyrl" not in locale:
        name = name.replace("‘", "ʻ").replace("’", "ʼ")  # CLDR's quotes → the official oʻ and tutuq letters
    return name


@functools.cache
def country_search_names(code: str | None) -> list[str]:
    """The country's names in every interface language, and its code: what a search finds it by."""
    if not code:
        return []
    return [code, *dict.fromkeys(country_name(code, locale) for locale in SEARCH_LOCALES)]


def is_country(code: str | None) -> bool:
    """Whether `code` is a known two-letter country code."""
    return bool(code) and code.upper() in country_codes()


def countries_matching(query: str | None, *, most: int = 5) -> list[str]:
    """The codes of the countries whose name (in any interface language, any script) or code matches `query`."""
    from app.text.search_keys import matches, query_tokens

    if not query_tokens(query):
        return []
    found = [code for code in country_codes() if matches(query, *country_search_names(code))]
    return found[:most]
