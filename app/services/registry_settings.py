"""The registry's settings kept in the registry itself, so that the window, the command line and every workstation
of a shared registry agree: the organisation's name and the signatory per language, registration-number patterns.

Keys: ``organisation.<lang>``, ``signatory.name.<lang>``, ``signatory.title.<lang>``, ``number_pattern.<register>``
(lang: uz, uz-Cyrl, ru, en). A missing value falls back to the default text (the organisation) or to the same
setting in Uzbek Latin transliterated (Uzbek Cyrillic).
"""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping
from dataclasses import dataclass

import peewee as pw

from app.i18n import LANGUAGES, _, current_language, language_context
from app.models.base import current_user, db, utc_now
from app.models.settings import RegistrySetting

logger = logging.getLogger(__name__)

#: One run's organisation name, whatever the registry holds (scheduled jobs, tests).
ORGANISATION_ENV = "HAMKOR_ORGANISATION"

ORGANISATION = "organisation"
SIGNATORY_NAME = "signatory.name"
SIGNATORY_TITLE = "signatory.title"
NUMBER_PATTERN = "number_pattern"

#: The registration-number pattern a register uses until the officer sets another ({year}, {seq} with a width).
DEFAULT_NUMBER_PATTERNS: dict[str, str] = {"agreements": "{year}/{seq:02}"}


@dataclass(frozen=True)
class Signatory:
    """Who signs the registry's documents: name and position, in one language."""

    name: str
    title: str


def key_for(setting: str, language: str) -> str:
    """The stored key of a per-language setting: organisation.ru, signatory.title.uz-Cyrl …"""
    return f"{setting}.{language}"


def stored() -> dict[str, str]:
    """Every stored setting, key → value (empty when the table does not exist yet)."""
    try:
        return {row.key: row.value for row in RegistrySetting.select()}
    except (pw.DatabaseError, pw.InterfaceError, AttributeError):  # an older schema, or no database: nothing
        logger.debug("registry settings unavailable", exc_info=True)
        return {}


def get(key: str, values: Mapping[str, str] | None = None) -> str:
    """The stored value of `key`, '' when none."""
    values = stored() if values is None else values
    return values.get(key, "")


def put(changes: Mapping[str, str]) -> list[str]:
    """Store the given settings (an empty value removes one), in one transaction; return the keys that changed.
    Keys not given are left as they are: saving one language's name leaves the others alone."""
    before = stored()
    changed = [key for key, value in changes.items() if before.get(key, "") != value.strip()]
    if not changed:
        return []
    with db.atomic():
        for key in changed:
            value = changes[key].strip()
            if value:
                row = {"value": value, "updated_at": utc_now(), "updated_by": current_user()}
                RegistrySetting.insert(key=key, **row).on_conflict(
                    conflict_target=[RegistrySetting.key],
                    update={getattr(RegistrySetting, k): v for k, v in row.items()},
                ).execute()
            else:
                RegistrySetting.delete().where(RegistrySetting.key == key).execute()
    return changed


def per_language(setting: str, language: str | None = None, values: Mapping[str, str] | None = None) -> str:
    """A per-language setting in `language` (default: the interface's); Uzbek Cyrillic falls back to the Latin
    value transliterated. '' when none is stored."""
    language = language or current_language()
    values = stored() if values is None else values
    found = values.get(key_for(setting, language), "")
    if not found and language == "uz-Cyrl":
        from app.text.translit import uz_latin_to_cyrillic

        latin = values.get(key_for(setting, "uz"), "")
        found = uz_latin_to_cyrillic(latin) if latin else ""
    return found


def default_organisation(language: str | None = None) -> str:
    """The organisation's name when none is set: the National Library, in `language`."""
    from app.ui_texts import DEFAULT_ORGANISATION

    with language_context(language):
        return _(DEFAULT_ORGANISATION)


def organisation_name(language: str | None = None) -> str:
    """The organisation named in reports and on the dashboard: $HAMKOR_ORGANISATION for one run, else the
    registry's name in `language`, else the National Library."""
    override = os.environ.get(ORGANISATION_ENV, "").strip()
    if override:
        return override
    return per_language(ORGANISATION, language) or default_organisation(language)


def signatory(language: str | None = None) -> Signatory:
    """Who signs, in `language` (empty texts when nobody is set)."""
    values = stored()
    return Signatory(per_language(SIGNATORY_NAME, language, values), per_language(SIGNATORY_TITLE, language, values))


def number_pattern(register: str) -> str:
    """The registration-number pattern of `register` (for the numbering of new records), '' when it has none."""
    return get(key_for(NUMBER_PATTERN, register)) or DEFAULT_NUMBER_PATTERNS.get(register, "")


def number_patterns() -> dict[str, str]:
    """Every register's pattern, stored or default, register → pattern."""
    values = stored()
    prefix = NUMBER_PATTERN + "."
    patterns = dict(DEFAULT_NUMBER_PATTERNS)
    patterns.update({key[len(prefix) :]: value for key, value in values.items() if key.startswith(prefix)})
    return patterns


def languages() -> tuple[str, ...]:
    """The languages a per-language setting is kept in."""
    return tuple(LANGUAGES)
