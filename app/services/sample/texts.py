"""The sample data's single-language texts in the language it is loaded in.

Fields that hold one text (titles of visits and trips, purposes, outcomes, positions, cities, notes) are written in
English in `resources/sample/records.json`; the 'sample' catalogs translate them, so that a registry loaded in Russian
or Uzbek reads in Russian or Uzbek. The names of the library's own staff are written in Cyrillic letters for Russian
and Uzbek Cyrillic.
"""

from __future__ import annotations

import gettext as _gettext
import logging
from collections.abc import Callable

logger = logging.getLogger(__name__)

#: The gettext domain of the sample's texts (beside 'messages', the interface's).
DOMAIN = "sample"

#: Uzbek Cyrillic letters a Russian text writes with the nearest Russian one.
_RUSSIAN = str.maketrans("ўқғҳЎҚҒҲ", "укгхУКГХ")


class SampleTexts:
    """Translates the sample's English texts into `language` (and, for checking the catalogs, records them)."""

    def __init__(self, language: str, *, record: Callable[[str], None] | None = None) -> None:
        self.language = language
        self.record = record
        self.catalog = _catalog("uz" if language == "uz-Cyrl" else language)

    def text(self, english: str) -> str:
        """A text of the sample in the language."""
        if not english:
            return english
        if self.record is not None:
            self.record(english)
        translated = self.catalog.gettext(english)
        if self.language == "uz-Cyrl":
            from app.text.translit import uz_latin_to_cyrillic

            return uz_latin_to_cyrillic(translated)
        return translated

    def staff_name(self, latin: str) -> str:
        """An employee's name (Uzbek, in Latin letters) as the language writes it."""
        if self.language not in ("ru", "uz-Cyrl"):
            return latin
        from app.text.translit import uz_latin_to_cyrillic

        cyrillic = uz_latin_to_cyrillic(latin)
        return cyrillic.translate(_RUSSIAN) if self.language == "ru" else cyrillic


def _catalog(language: str) -> _gettext.NullTranslations:
    from app.paths import translations_dir

    if language == "en":
        return _gettext.NullTranslations()
    try:
        return _gettext.translation(DOMAIN, str(translations_dir()), languages=[language])
    except OSError:
        logger.warning("no sample catalog for %s; the sample's texts stay in English", language)
        return _gettext.NullTranslations()
