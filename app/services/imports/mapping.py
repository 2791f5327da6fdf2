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
from app.services.imports.words import fold, header_aliases
from app.services.registers.specs import FieldSpec, spec_of

logger = logging.getLogger(__name__)

#: The languages a header may be written in.
HEADER_LANGUAGES = ("en", "ru", "uz", "uz-Cyrl")
#: The stored languages of a multilingual name.
NAME_LANGUAGES = ("uz", "ru", "en", "orig")
#: The registers the import accepts (departments and employees too, since trips and agreements point to them).
IMPORTABLE = ("partners", "contacts", "agreements", "projects", "events", "visits", "trips", "exchange", "loans")
IMPORTABLE += ("funding", "plan", "memberships", "gifts")
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
        if not fs.kind.importable:  # links to records of any register: made in the form, not from a cell
            continue
        found.append(Target(fs.name, fs))
        if fs.kind.multilingual:
            found += [Target(f"{fs.name}:{lang}", fs, lang) for lang in NAME_LANGUAGES]
        elif fs.kind.per_currency and fs.currency:
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
        words[fold(code)] = code
    words[fold("original")] = "orig"
    for text in translations("original language"):
        words[fold(text)] = "orig"
    for locale in ("en", "ru", "uz", "uz_Cyrl"):
        names = Locale.parse(locale).languages
        for code in ("uz", "ru", "en"):
            if names.get(code):
                words.setdefault(fold(names[code]), code)
    return words


@functools.cache
def _header_index(register: str) -> dict[str, str]:
    """Folded header text → target key, for every way a column of `register` may be headed."""
    index: dict[str, str] = {}

    def add(text: str, key: str) -> None:
        folded = fold(text)
        if folded:
            index.setdefault(folded, key)

    languages = _language_words()
    for fs in spec_of(register).fields:
        labels = translations(fs.label)
        for text in [*labels, *(t for other in fs.also_headed for t in translations(other)), fs.name]:
            add(text, fs.name)
        if fs.kind.multilingual:
            for word, lang in languages.items():
                for text in labels:
                    add(f"{text} {word}", f"{fs.name}:{lang}")
            for lang in NAME_LANGUAGES:
                add(f"{fs.name}_{lang}", f"{fs.name}:{lang}")
        elif fs.kind.per_currency and fs.currency:
            key = f"{fs.name}:{CURRENCY_PART}"
            for text in [*translations("Currency"), "Валюта", "Valyuta", fs.currency]:
                add(text, key)
                for label in labels:
                    add(f"{label} {text}", key)
    known = {fs.name for fs in spec_of(register).fields if fs.kind.importable}
    for folded, name in header_aliases(register).items():
        if name in known and folded:
            index.setdefault(folded, name)
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
    key = index.get(fold(text))
    if key is not None:
        return key
    base, ending = split_suffix(text)
    if not ending:
        return None
    key = index.get(fold(base))
    if key is None:
        return None
    language = _language_words().get(fold(ending))
    if language and target(register, key).field.kind.multilingual and ":" not in key:
        return f"{key}:{language}"
    return key


@functools.lru_cache(maxsize=20_000)
def match_header_parts(register: str, parts: tuple[str, ...]) -> str | None:
    """The target a header of several rows names ("Местонахождение / Страна" → country): the texts joined, else
    the lowest text that names a field; a name's language may be given by another row ("Наименование / на русском")."""
    if not parts:
        return None
    key = match_header(register, " ".join(parts))
    if key is not None or len(parts) == 1:
        return key
    languages = _language_words()
    for index in range(len(parts) - 1, -1, -1):
        key = match_header(register, parts[index])
        if key is None:
            continue
        if ":" not in key and target(register, key).field.kind.multilingual:
            for other in parts:
                words = [w for w in fold(other).split() if w in languages]
                language = languages.get(fold(other)) or (languages[words[-1]] if words else None)
                if language:
                    return f"{key}:{language}"
        return key
    return None


def header_matcher(register: str):  # noqa: ANN201 - an import_layout.Matcher
    """The function that tells which target of `register` a header's texts name."""
    return lambda parts: match_header_parts(register, tuple(parts))


def header_matchers(registers: tuple[str, ...] | None = None) -> dict:
    """Register → its header matcher, for every importable register (or those given)."""
    return {name: header_matcher(name) for name in registers or importable_registers()}


def propose_register(scores: dict[str, int], headers: list[str]) -> str | None:
    """The register a table's headers fit best: the most fields named, then the fewest required fields missing,
    then the navigation order; None when no register's fields are named."""
    from app.services.registers.records import empty_values, validate

    best: tuple[int, int, int] | None = None
    chosen = None
    order = importable_registers()
    for register, score in scores.items():
        if score <= 0 or register not in order:
            continue
        mapped = {target(register, key).field.name for key in suggest_mapping(register, headers).values()}
        unfilled = validate(register, empty_values(register))
        required = [fs.name for fs in spec_of(register).fields if fs.required and fs.name in unfilled]
        missing = sum(1 for name in required if name not in mapped)
        rank = (len(mapped) - 2 * missing, -missing, -order.index(register))
        if best is None or rank > best:
            best, chosen = rank, register
    return chosen


def remembered_key(header: object) -> str:
    """The key under which a mapping of this header is remembered."""
    return fold(str(header or ""))


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
            key = match_header_parts(register, tuple(str(header).split(" / ")))
        if key and key not in used:
            mapping[column] = key
            used.add(key)
    return mapping
