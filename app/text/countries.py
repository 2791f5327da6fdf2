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


def _spelling_key(text: str) -> str:
    """A country spelling folded for lookup: script, case, punctuation and ё/е ignored."""
    from app.text.search_keys import fold_for_compare

    return fold_for_compare(text.replace("ё", "е").replace("Ё", "Е"))


@functools.cache
def _iso_names() -> list[tuple[str, str]]:
    """(code, name) for ISO 3166's English names (short, official, common) and their Russian and Uzbek forms."""
    import gettext

    import pycountry

    catalogs = [gettext.NullTranslations()]
    for language in ("ru", "uz"):
        try:
            catalogs.append(gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=[language]))
        except OSError:
            pass
    found: list[tuple[str, str]] = []
    for country in pycountry.countries:
        english = {getattr(country, attribute, "") for attribute in ("name", "official_name", "common_name")}
        for name in english - {""}:
            found += [(country.alpha_2, catalog.gettext(name)) for catalog in catalogs]
    return found


@functools.cache
def _aliases() -> dict[str, str]:
    """Folded spelling → code, from resources/countries/aliases.tsv."""
    from app.paths import resources_dir

    found: dict[str, str] = {}
    for line in (resources_dir() / "countries" / "aliases.tsv").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        code, spelling = line.split("\t", 1)
        found[_spelling_key(spelling)] = code.strip().upper()
    return found


@functools.cache
def _spellings() -> dict[str, str]:
    """Folded spelling → code: the aliases first, then CLDR's and ISO's names (a name two countries share is left
    out)."""
    known = set(country_codes())
    names: dict[str, set[str]] = {}
    for code in known:
        for locale in SEARCH_LOCALES:
            names.setdefault(_spelling_key(country_name(code, locale)), set()).add(code)
    for code, name in _iso_names():
        if code in known:
            names.setdefault(_spelling_key(name), set()).add(code)
    found = {key: next(iter(codes)) for key, codes in names.items() if key and len(codes) == 1}
    found.update(_aliases())
    return found


@functools.cache
def _alpha3() -> dict[str, str]:
    import pycountry

    known = set(country_codes())
    return {c.alpha_3: c.alpha_2 for c in pycountry.countries if c.alpha_2 in known}


def country_code(text: str | None) -> str | None:
    """The code of the country `text` names, as officers write it: a code (KR, KOR), or a name in English, Russian
    or Uzbek (either script) — short or official, an abbreviation (РФ, США, UK), an older name (Белоруссия,
    Swaziland), "Korea, Republic of" — or None."""
    text = (text or "").strip().strip(".,;:").strip()
    if not text:
        return None
    if len(text) == 2 and text.isascii() and text.isalpha() and is_country(text):
        return text.upper()
    spellings = _spellings()
    key = _spelling_key(text)
    if key in spellings:
        return spellings[key]
    if len(text) == 3 and text.isascii() and text.isupper() and text in _alpha3():
        return _alpha3()[text]
    if "," in text:  # "Korea, Republic of" → "Republic of Korea"
        head, _comma, tail = text.partition(",")
        inverted = _spelling_key(f"{tail} {head}")
        if inverted in spellings:
            return spellings[inverted]
    if "(" in text:  # "Myanmar (Burma)", "Мьянма (Бирма)"
        return country_code(text.split("(", 1)[0])
    return None
