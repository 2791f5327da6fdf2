"""The kinds whose values are texts: one line, several lines, e-mail and web addresses, and a name written in
several languages."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import peewee as pw

from app.i18n import _
from app.services.registers.kinds.base import CellContext, Kind
from app.text.names import LANGS, localized_name, name_order_expression, name_reader
from app.text.search_keys import fold_for_compare

#: The languages of a multilingual name, as a form holds them.
LANG_KEYS = LANGS


class TextKind(Kind):
    """One line of text."""

    name = "text"
    bulk = True
    searched = True
    #: What a value must look like (None: anything), and what is said when it does not.
    pattern: re.Pattern | None = None

    def problem(self, fs: Any, value: Any) -> str | None:
        if self.pattern is not None and not self.pattern.match(value.strip()):
            return self.mismatch()
        return None

    def mismatch(self) -> str:
        """What is said about a value that does not look as it must (a kind with a `pattern` says it)."""
        raise NotImplementedError


class MultilineKind(TextKind):
    """Several lines of text."""

    name = "multiline"
    width = 45
    listed = False
    bulk = False
    searched = False

    # -- the submissions' template sheets -------------------------------------------------------------------------
    def template_entry(self, fs: Any, register: str) -> tuple[str, str, bool]:
        return "multiline", "", False


class EmailKind(TextKind):
    """An e-mail address."""

    name = "email"
    bulk = False
    searched = False
    pattern = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")

    def mismatch(self) -> str:
        return _("Not an e-mail address (name@example.org).")


class UrlKind(TextKind):
    """A web address."""

    name = "url"
    bulk = False
    searched = False
    pattern = re.compile(r"^(https?://)?([\w-]+\.)+[\w-]{2,}(:\d+)?(/\S*)?$", re.IGNORECASE)

    def mismatch(self) -> str:
        return _("Not a web address (https://example.org).")


class NamesKind(Kind):
    """A name in Uzbek, Russian, English and the original language (<name>_uz/_ru/_en/_orig columns), shown as one
    in the interface language; a form's value is a dict by language."""

    name = "names"
    width = 45
    multilingual = True
    searched = True

    def columns(self, fs: Any) -> tuple[str, ...]:
        return tuple(f"{fs.name}_{lang}" for lang in LANG_KEYS)

    def empty(self, fs: Any, model: type[pw.Model]) -> Any:
        return dict.fromkeys(LANG_KEYS, "")

    def load(self, fs: Any, record: Any) -> Any:
        return {lang: getattr(record, f"{fs.name}_{lang}", "") or "" for lang in LANG_KEYS}

    def assign(self, fs: Any, record: Any, value: Any) -> None:
        for lang in LANG_KEYS:
            if hasattr(type(record), f"{fs.name}_{lang}"):
                setattr(record, f"{fs.name}_{lang}", ((value or {}).get(lang) or "").strip())

    def is_empty(self, value: Any) -> bool:
        return not any((value or {}).get(lang, "").strip() for lang in LANG_KEYS)

    def required_problem(self) -> str:
        return _("Enter the name in at least one language.")

    def texts(self, value: Any) -> list[str]:
        return list(value.values())

    def cell_reader(self, fs: Any, at: Mapping[str, int], context: CellContext) -> Callable[[Sequence[Any]], Any]:
        return name_reader(fs.name, at, context.language)

    def label(self, fs: Any, record: Any, language: str) -> str:
        """The name of a record (a row or a dict of columns) in `language`."""
        return localized_name(record, fs.name, language)

    def sort_expression(self, fs: Any, model: type[pw.Model], language: str) -> tuple[pw.Node | None, list]:
        return name_order_expression(model, fs.name, language), []

    def title_expression(self, fs: Any, table: Any, language: str) -> pw.Node:
        return name_order_expression(table, fs.name, language)

    def value_expression(self, fs: Any, model: type[pw.Model], language: str) -> pw.Node:
        return name_order_expression(model, fs.name, language)

    def column_label(self, fs: Any, column: str) -> str:
        """A column of the name in words: the field and the column's language ('Name (English)')."""
        language = column.rsplit("_", 1)[-1]
        names = {"uz": "Oʻzbekcha", "ru": "Русский", "en": "English"}
        return _("{field} ({language})").format(field=_(fs.label), language=names.get(language) or _("Original"))

    # -- reading values given from outside ---------------------------------------------------------------------------
    def read_cell(self, fs: Any, part: str, raw: Any, reader: Any) -> Any:
        return reader.names(fs, part, raw)

    def stored_columns(self, fs: Any, value: Any) -> dict[str, Any]:
        return {f"{fs.name}_{lang}": text for lang, text in (value or {}).items()}

    def gather_cell(self, fs: Any, part: str, value: Any, row: Any, hint: str) -> None:
        lang, text = value
        names = row.given.setdefault(fs.name, {})
        if part:  # the column says the language
            names[lang] = text
            row.guessed[fs.name].discard(lang)
        elif lang not in names:
            names[lang] = text
            row.guessed[fs.name].add(lang)

    def merged_value(self, old: Any, new: Any, guessed: Any) -> Any:
        names = dict(old or {})
        known = {fold_for_compare(text) for text in names.values() if text}
        for lang, text in new.items():
            if lang in guessed and fold_for_compare(text) in known:
                continue  # a name whose language was guessed does not replace one already there
            names[lang] = text
        return names

    def imported_title(self, value: Any) -> str:
        return next((text for text in (value or {}).values() if text), "")

    # -- a form's value in words (two versions of a record side by side) -----------------------------------------
    def form_text(self, fs: Any, value: Any, shown: Callable[[Any], str]) -> str:
        return " / ".join(text for text in (value or {}).values() if text)
