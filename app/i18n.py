"""Languages: a `Translator` (one language's gettext catalog and babel formatting), the interface's translator,
marking helpers.

The interface's language is switched only by `set_language` (the window's thread, or the command line before it
does anything). A report, a letter or a template in another language is written with its own `Translator`, handed to
the code that writes it; `translator.in_use()` makes the module functions (`_`, `format_date` …) speak it on the
writing thread only, so a Russian report written on the pool leaves an English window English.
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime as dt
import functools
import gettext as _gettext
import logging
import re
from collections.abc import Callable, Iterator

logger = logging.getLogger(__name__)

_listeners: list[Callable[[str], None]] = []


class Translator:
    """One language's messages (gettext, ngettext, pgettext) and its babel formatting of dates, numbers, money and
    country names. Pass one to whatever writes in a language other than, or independent of, the interface's."""

    def __init__(self, language: str, translations: _gettext.NullTranslations | None = None) -> None:
        self.language = language
        self.translations = translations if translations is not None else load_translations(language)

    def __repr__(self) -> str:
        return f"Translator({self.language!r})"

    @property
    def locale(self) -> str:
        """The babel/CLDR locale identifier (uz-Cyrl → uz_Cyrl)."""
        return self.language.replace("-", "_")

    def gettext(self, message: str) -> str:
        """`message` in this language."""
        return self.translations.gettext(message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        """A message with a count in this language (Russian has three plural forms)."""
        return self.translations.ngettext(singular, plural, n)

    def pgettext(self, context: str, message: str) -> str:
        """A message in a context that tells apart two uses of the same English word."""
        return self.translations.pgettext(context, message)

    def format_date(self, value) -> str:  # noqa: ANN001 - a date (or datetime) or None
        """A date as this language writes it (the one style of the app: 25.11.2026; 25/11/2026 in English)."""
        if value is None:
            return ""
        if isinstance(value, dt.datetime):
            value = value.date()
        return _formatted_date(value, _date_style(self.language)[0], self.locale)

    def format_number(self, value) -> str:  # noqa: ANN001 - int, Decimal or float
        """A number in this language's notation."""
        from babel.numbers import format_decimal

        return format_decimal(value, locale=self.locale)

    def format_money(self, amount, currency: str) -> str:  # noqa: ANN001 - Decimal
        """An amount of money with its currency, in this language's notation."""
        from babel.numbers import format_currency

        if not currency:
            return self.format_number(amount)
        return format_currency(amount, currency, locale=self.locale)

    def country_name(self, code: str | None) -> str:
        """A country's name (ISO code) in this language."""
        return territory_name(code, self.locale)

    @contextlib.contextmanager
    def in_use(self) -> Iterator[Translator]:
        """Inside the block, on this thread only, `_`, `ngettext`, `format_date` … speak this translator's language
        (for the shared code a report calls: field labels, record names). Other threads are not affected."""
        token = _writing.set(self)
        try:
            yield self
        finally:
            _writing.reset(token)


#: The translator of the text being written on this thread (a report in its own language), if any.
_writing: contextvars.ContextVar[Translator | None] = contextvars.ContextVar("writing", default=None)
_interface = Translator("en", _gettext.NullTranslations())


def translator() -> Translator:
    """The translator in effect on this thread: the one a report is being written with, else the interface's."""
    return _writing.get() or _interface


def interface_translator() -> Translator:
    """The interface's translator (what the window speaks), whatever is being written on this thread."""
    return _interface


def translator_for(language: str | Translator | None) -> Translator:
    """A translator for `language` (a code, or a translator already): the catalogs are loaded once per language;
    None means the one in effect."""
    if isinstance(language, Translator):
        return language
    if not language or language == translator().language:
        return translator()
    return _cached_translator(language)


@functools.lru_cache(maxsize=8)
def _cached_translator(language: str) -> Translator:
    return Translator(language)


def N_(message: str) -> str:
    """Mark a string for extraction; it is translated later, where it is shown."""
    return message


def NP_(context: str, message: str) -> str:  # noqa: N802 - the gettext convention
    """Mark a string with a context for extraction; it is translated later with `pgettext(context, …)`."""
    return message


def _(message: str) -> str:
    """Translate a message into the language in effect (the interface's, or a report's on its writing thread)."""
    return translator().gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """Translate a message with a count (Russian has three plural forms)."""
    return translator().ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    """Translate a message in a context that tells apart two uses of the same English word."""
    return translator().pgettext(context, message)


def current_language() -> str:
    """The language code in effect: en, uz, uz-Cyrl or ru (the interface's, or a report's on its thread)."""
    return translator().language


def install_translations(language: str, translations: _gettext.NullTranslations) -> None:
    """Make `translations` the interface's catalog and tell listeners the language changed."""
    global _interface
    _interface = Translator(language, translations)
    for listener in list(_listeners):
        listener(language)


#: The interface languages: code → the language's own name.
LANGUAGES = {
    "uz": "Oʻzbekcha",
    "uz-Cyrl": "Ўзбекча",
    "ru": "Русский",
    "en": "English",
}


def babel_locale(language: str | None = None) -> str:
    """The babel/CLDR locale identifier of an interface language (uz-Cyrl → uz_Cyrl)."""
    return (language or translator().language).replace("-", "_")


def normalize_language(value: str | None) -> str | None:
    """An interface language code from a user's or the system's spelling (uz_UZ, ru-RU, uz_Cyrl …), or None."""
    if not value:
        return None
    text = value.replace("_", "-").split(".")[0].split("@")[0]
    lowered = text.lower()
    if lowered.startswith("uz") and ("cyrl" in lowered or "@cyrillic" in value.lower()):
        return "uz-Cyrl"
    for code in ("uz", "ru", "en"):
        if lowered == code or lowered.startswith(code + "-"):
            return code
    return None


def system_language() -> str:
    """The interface language the system's locale asks for (English when it is none of ours)."""
    import locale
    import os

    for variable in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        for part in os.environ.get(variable, "").split(":"):
            found = normalize_language(part)
            if found:
                return found
    try:
        found = normalize_language(locale.getlocale()[0])
    except ValueError:
        found = None
    return found or "en"


class _CyrillicFromLatin(_gettext.NullTranslations):
    """Uzbek Cyrillic derived from the Uzbek (Latin) catalog by transliteration, with an override catalog."""

    def __init__(self, latin: _gettext.NullTranslations, overrides: _gettext.NullTranslations | None) -> None:
        super().__init__()
        self._latin = latin
        self._overrides = overrides

    def _convert(self, original: str, translated: str, override: str, key: object) -> str:
        from app.text.translit import uz_latin_to_cyrillic

        if override != original:
            return override
        # Transliterated when the Uzbek catalog has the message (even when it reads as the English: Seminar, Grant);
        # a message it lacks stays the English original rather than becoming English in Cyrillic letters.
        return uz_latin_to_cyrillic(translated) if key in getattr(self._latin, "_catalog", {}) else original

    def gettext(self, message: str) -> str:
        override = self._overrides.gettext(message) if self._overrides else message
        return self._convert(message, self._latin.gettext(message), override, message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        fallback = singular if n == 1 else plural
        override = self._overrides.ngettext(singular, plural, n) if self._overrides else fallback
        return self._convert(fallback, self._latin.ngettext(singular, plural, n), override, (singular, 0))

    def pgettext(self, context: str, message: str) -> str:
        override = self._overrides.pgettext(context, message) if self._overrides else message
        return self._convert(message, self._latin.pgettext(context, message), override, f"{context}\x04{message}")


def load_translations(language: str) -> _gettext.NullTranslations:
    """The compiled catalog of `language` (English needs none; a missing catalog falls back to English)."""
    from app.paths import translations_dir

    folder = str(translations_dir())
    if language == "en":
        return _gettext.NullTranslations()
    if language == "uz-Cyrl":
        latin = load_translations("uz")
        path = translations_dir() / "uz_Cyrl" / "LC_MESSAGES" / "messages.mo"
        overrides = None
        if path.is_file():  # read directly: gettext's own lookup would fall back to the Latin catalog
            with path.open("rb") as handle:
                overrides = _gettext.GNUTranslations(handle)
        return _CyrillicFromLatin(latin, overrides)
    try:
        return _gettext.translation("messages", folder, languages=[language])
    except OSError:
        logger.warning("no catalog for %s in %s; using English", language, folder)
        return _gettext.NullTranslations()


def set_language(language: str | None) -> str:
    """Switch the interface to `language` (or the system's); return the code in effect."""
    chosen = normalize_language(language) or system_language()
    install_translations(chosen, load_translations(chosen))
    return chosen


def on_language_changed(listener: Callable[[str], None]) -> None:
    """Call `listener(language)` after every language switch."""
    _listeners.append(listener)


def unbroken(text: str) -> str:
    """`text` kept on one line where it can (a date in a table cell): its spaces made no-break spaces."""
    return text.replace(" ", "\u00a0")


#: How each interface language writes a date, for display and for typing alike (babel/CLDR pattern, separator).
#: Day first everywhere, English too (as in British usage): 03/04/2026 is 3 April in every language of the app.
DATE_STYLES = {"en": ("dd/MM/yyyy", "/")}
DEFAULT_DATE_STYLE = ("dd.MM.yyyy", ".")
_TYPED_DATE = re.compile(r"^(?P<d>\d{1,2})[./-](?P<m>\d{1,2})[./-](?P<y>\d{4})$")
_ISO_DATE = re.compile(r"^(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})$")


def _date_style(language: str | None = None) -> tuple[str, str]:
    return DATE_STYLES.get(language or translator().language, DEFAULT_DATE_STYLE)


def format_date(value) -> str:  # noqa: ANN001 - a date (or datetime) or None
    """A date as the language in effect writes it — the one style of lists, forms, history, dashboard and PDFs
    (25.11.2026; 25/11/2026 in English), '' for none. `parse_date` reads it back."""
    return translator().format_date(value)


def format_long_date(value) -> str:  # noqa: ANN001 - a date or None
    """A date written out as a letter dates it (20 April 2019, 20 апреля 2019 г.), in the language in effect."""
    return "" if value is None else _formatted_date(value, "long", translator().locale)


def territory_name(code: str | None, locale: str = "en") -> str:
    """A country's name (ISO code) in a babel locale (the code itself when CLDR does not know it)."""
    if not code:
        return ""
    name = _babel_locale_object(locale.replace("-", "_")).territories.get(code.upper(), code.upper())
    if locale.startswith("uz") and "Cyrl" not in locale:
        name = name.replace("‘", "ʻ").replace("’", "ʼ")  # CLDR's quotes → the official oʻ and tutuq letters
    return name


@functools.cache
def _babel_locale_object(code: str):  # noqa: ANN202 - a babel Locale
    from babel import Locale

    return Locale.parse(code)


@functools.lru_cache(maxsize=8192)
def _formatted_date(value, pattern: str, locale: str) -> str:  # noqa: ANN001 - a date
    """babel's formatting, remembered: a list or report formats the same few thousand dates again and again."""
    from babel.dates import format_date as babel_format_date

    return babel_format_date(value, pattern, locale=locale)


def format_datetime(value: dt.datetime) -> str:
    """A moment (already in local time) as the date style plus the 24-hour time: 25.11.2026 14:05."""
    from babel.dates import format_time

    return f"{format_date(value.date())} {format_time(value, 'HH:mm', locale=babel_locale())}"


def parse_date(text: str) -> dt.date | None:
    """A date typed in the interface language's order (day, month, four-digit year; '.', '/' or '-' between) or as
    yyyy-mm-dd → date; '' → None. Raises ValueError for anything else (a date half typed is no date)."""
    text = text.strip()
    if not text:
        return None
    match = _TYPED_DATE.match(text) or _ISO_DATE.match(text)
    if match is None:
        raise ValueError(f"not a date: {text!r}")
    return dt.date(int(match["y"]), int(match["m"]), int(match["d"]))  # ValueError for 31.02.2026


def date_hint() -> str:
    """How to type a date in the interface language (dd.mm.yyyy, дд.мм.гггг …)."""
    return _("dd/mm/yyyy") if _date_style()[1] == "/" else _("dd.mm.yyyy")


def format_number(value) -> str:  # noqa: ANN001 - int, Decimal or float
    """A number in the notation of the language in effect."""
    return translator().format_number(value)


def format_money(amount, currency: str) -> str:  # noqa: ANN001 - Decimal
    """An amount of money with its currency, in the notation of the language in effect."""
    return translator().format_money(amount, currency)
