"""Which column of a sheet feeds which field: the targets a column can have, header texts in every language, and the
suggested mapping.

A header is compared, folded across scripts and cases (`fold_for_compare`), with every field's label translated into
English, Russian, Uzbek and Uzbek Cyrillic, and with the field's own name (``short_name``, ``reg_number``). A
multilingual name can come as one column (its language is guessed from the text) or as one column per language
("Name (ru)", "name_en"); an amount can have its currency in a column of its own.
"""

from __future__ import annotations

import functools
import gettext
import logging
import re
from dataclasses import dataclass

from babel import Locale
from babel.numbers import list_currencies

from app.i18n import _, babel_locale, load_translations
from app.services.registers.specs import FieldSpec, spec_of
from app.text.search_keys import fold_for_compare

logger = logging.getLogger(__name__)

#: The languages a header may be written in.
HEADER_LANGUAGES = ("en", "ru", "uz", "uz-Cyrl")
#: The stored languages of a multilingual name.
NAME_LANGUAGES = ("uz", "ru", "en", "orig")
#: The registers the import accepts (departments and employees too, since trips and agreements point to them).
IMPORTABLE = ("partners", "contacts", "agreements", "visits", "trips", "events", "exchange", "loans")
REFERENCE = ("departments", "employees")

CURRENCY_PART = "currency"
_SUFFIX = re.compile(r"^(.*?)[\s,:;–—-]*[(\[]([^()\[\]]*)[)\]]\s*$")


@functools.cache
def catalog(language: str) -> gettext.NullTranslations:
    """The compiled catalog of an interface language (loaded once)."""
    return load_translations(language)


def translations(message: str) -> list[str]:
    """`message` in English and as every catalog translates it, without repeats."""
    return list(dict.fromkeys([message, *(catalog(language).gettext(message) for language in HEADER_LANGUAGES)]))


@functools.cache
def currencies() -> frozenset[str]:
    """Every ISO 4217 currency code CLDR knows."""
    return frozenset(list_currencies())


@dataclass(frozen=True)
class Target:
    """Where a column's values go: a field, or a part of one (a name's language, an amount's currency)."""

    key: str
    field: FieldSpec
    part: str = ""

    def label(self) -> str:
        """How the target is named in the interface language."""
        name = _(self.field.label)
        if self.part == CURRENCY_PART:
            return _("{field}: currency").format(field=name)
        if self.part:
            return _("{field} ({language})").format(field=name, language=language_name(self.part))
        return name


def language_name(code: str) -> str:
    """The name of a stored name's language in the interface language (CLDR), or “original language”."""
    if code == "orig":
        return _("original language")
    return Locale.parse(babel_locale()).languages.get(code, code)


def importable_registers() -> tuple[str, ...]:
    """The registers an officer can import into, in navigation order."""
    return IMPORTABLE + REFERENCE


@functools.cache
def targets(register: str) -> tuple[Target, ...]:
    """Every target a column of `register` can be mapped to, in form order."""
    found: list[Target] = []
    for fs in spec_of(register).fields:
        found.append(Target(fs.name, fs))
        if fs.kind == "names":
            found += [Target(f"{fs.name}:{lang}", fs, lang) for lang in NAME_LANGUAGES]
        elif fs.kind == "money" and fs.currency:
            found.append(Target(f"{fs.name}:{CURRENCY_PART}", fs, CURRENCY_PART))
    return tuple(found)


def target(register: str, key: str) -> Target:
    """The target called `key` of `register`."""
    for candidate in targets(register):
        if candidate.key == key:
            return candidate
    raise KeyError(key)


@functools.cache
def _language_words() -> dict[str, str]:
    """Folded names of the stored languages (codes, and names in every header language) → language code."""
    words: dict[str, str] = {}
    for code in NAME_LANGUAGES:
        words[fold_for_compare(code)] = code
    words[fold_for_compare("original")] = "orig"
    for text in translations("original language"):
        words[fold_for_compare(text)] = "orig"
    for locale in ("en", "ru", "uz", "uz_Cyrl"):
        names = Locale.parse(locale).languages
        for code in ("uz", "ru", "en"):
            if names.get(code):
                words.setdefault(fold_for_compare(names[code]), code)
    return words


@functools.cache
def _header_index(register: str) -> dict[str, str]:
    """Folded header text → target key, for every way a column of `register` may be headed."""
    index: dict[str, str] = {}

    def add(text: str, key: str) -> None:
        folded = fold_for_compare(text)
        if folded:
            index.setdefault(folded, key)

    languages = _language_words()
    for fs in spec_of(register).fields:
        labels = translations(fs.label)
        for text in [*labels, *(t for other in fs.also_headed for t in translations(other)), fs.name]:
            add(text, fs.name)
        if fs.kind == "names":
            for word, lang in languages.items():
                for text in labels:
                    add(f"{text} {word}", f"{fs.name}:{lang}")
            for lang in NAME_LANGUAGES:
                add(f"{fs.name}_{lang}", f"{fs.name}:{lang}")
        elif fs.kind == "money" and fs.currency:
            key = f"{fs.name}:{CURRENCY_PART}"
            for text in [*translations("Currency"), fs.currency]:
                add(text, key)
                for label in labels:
                    add(f"{label} {text}", key)
    return index


def split_suffix(header: str) -> tuple[str, str]:
    """A header's text before a bracketed ending and the ending: "Value (USD)" → ("Value", "USD")."""
    match = _SUFFIX.match(header.strip())
    if not match or not match.group(1).strip():
        return header.strip(), ""
    return match.group(1).strip(), match.group(2).strip()


def header_currency(header: str) -> str:
    """The currency a header names in brackets ("Amount (USD)"), or ''."""
    code = split_suffix(header)[1].upper()
    return code if code in currencies() else ""


def match_header(register: str, header: object) -> str | None:
    """The target a header names, or None."""
    if header is None:
        return None
    text = str(header).strip()
    if not text:
        return None
    index = _header_index(register)
    key = index.get(fold_for_compare(text))
    if key is not None:
        return key
    base, ending = split_suffix(text)
    if not ending:
        return None
    key = index.get(fold_for_compare(base))
    if key is None:
        return None
    language = _language_words().get(fold_for_compare(ending))
    if language and target(register, key).field.kind == "names" and ":" not in key:
        return f"{key}:{language}"
    return key


def remembered_key(header: object) -> str:
    """The key under which a mapping of this header is remembered."""
    return fold_for_compare(str(header or ""))


def suggest_mapping(register: str, headers: list[str], remembered: dict[str, str] | None = None) -> dict[int, str]:
    """Column index → target key, from what was chosen for these headers before, else from the headers' text.

    A remembered empty key means the officer chose not to import that column. Each target takes one column: the first.
    """
    known = {candidate.key for candidate in targets(register)}
    remembered = remembered or {}
    mapping: dict[int, str] = {}
    used: set[str] = set()
    for column, header in enumerate(headers):
        if header is None or not str(header).strip():
            continue
        folded = remembered_key(header)
        if folded in remembered:
            key = remembered[folded] if remembered[folded] in known else None
        else:
            key = match_header(register, header)
        if key and key not in used:
            mapping[column] = key
            used.add(key)
    return mapping
