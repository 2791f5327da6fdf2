"""Reading cell values as field values: dates written every way, numbers stored as text, several values in a cell,
countries and choices by code or by name in any language, links by the linked record's name in any script."""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from app.i18n import _, current_language
from app.services.imports.mapping import currencies, translations
from app.services.imports.words import choice_from_text, fold, in_list
from app.services.imports.workbook import Amount, ExcelError
from app.services.registers.specs import FieldSpec
from app.text.countries import SEARCH_LOCALES, country_code
from app.text.search_keys import fold_for_compare

_DMY = re.compile(r"^(\d{1,2})\s*([./-])\s*(\d{1,2})\s*\2\s*(\d{4})(?:[ T]+\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$")
_YMD = re.compile(r"^(\d{4})([./-])(\d{1,2})\2(\d{1,2})(?:[ T]+\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$")
_YEAR_WORD = re.compile(r"\s*-?(?:г\.?|гг\.?|y\.?|yil|йил|года)$", re.IGNORECASE)
_TERM = re.compile(r"^(?:на\s+|for\s+)?(\d{1,2})\s*-?\s*([^\W\d_]+\.?)(?:\s.*)?$")
_INT_WITH_WORD = re.compile(r"^\s*(\d{1,4})\s*-?\s*([^\W\d_]+\.?)?\s*$")
_SPLIT = re.compile(r"\s*(?:;|\r?\n)\s*")
_ROLE = re.compile(r"^(.*?)\s*\(([^()]*)\)\s*$")
_MEMBER_DASH = re.compile(r"^(.*?)\s+[—–-]\s+(.+)$")
_CODE_AT_START = re.compile(r"^([A-Za-z]{3})\s*(.+)$")
_CODE_AT_END = re.compile(r"^(.+?)\s*([A-Za-z]{3})\.?$")
_FORMAT_BRACKET = re.compile(r"\[\$([^\]-]*)(?:-[0-9A-Fa-f]+)?\]")
_FORMAT_QUOTED = re.compile(r'"([^"]*)"')
_FORMAT_CODE = re.compile(r"(?<![A-Za-z])([A-Z]{3})(?![A-Za-z])")
_SPACES = re.compile(r"[\s\u00a0\u202f\u2009']")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_UZBEK_CYRILLIC = re.compile(r"[ўқғҳЎҚҒҲ]")
_UZBEK_LATIN = re.compile(r"[oOgG][\u02bb\u02bc'\u2018\u2019`]")

#: Currency signs and words → ISO code (where the sign is not shared by several currencies).
CURRENCY_SIGNS = {
    "$": "USD",
    "us$": "USD",
    "€": "EUR",
    "£": "GBP",
    "₽": "RUB",
    "руб": "RUB",
    "₩": "KRW",
    "₸": "KZT",
    "сум": "UZS",
    "сўм": "UZS",
    "so'm": "UZS",
    "soʻm": "UZS",
}


class CellProblem(Exception):
    """A cell's value cannot be read as the field needs it; the message says why, in the interface language."""


@dataclass(frozen=True)
class RowRef:
    """A link to a record that a row of the same file creates (a partner's parent organisation listed below it)."""

    row: int


def shown(raw: Any) -> str:
    """A cell's value as text for a message."""
    if isinstance(raw, dt.datetime):
        return raw.date().isoformat() if raw.time() == dt.time() else raw.isoformat(sep=" ")
    if isinstance(raw, dt.date):
        return raw.isoformat()
    if isinstance(raw, Amount):
        return f"{shown(raw.value)} {raw.currency}"
    if isinstance(raw, float) and raw.is_integer():
        return str(int(raw))
    return str(raw).strip()


def is_blank(raw: Any) -> bool:
    """Whether a cell holds nothing (None, or only spaces)."""
    return raw is None or (isinstance(raw, str) and not raw.strip())


def split_values(raw: Any) -> list[str]:
    """The values of a cell that holds several, separated by ';' or line breaks."""
    return [part for part in _SPLIT.split(as_text(raw)) if part]


def as_text(raw: Any) -> str:
    """A cell as text: a formula's text as written, numbers without a trailing .0, dates as yyyy-mm-dd."""
    if raw is None:
        return ""
    if isinstance(raw, ExcelError):
        raise CellProblem(_("The cell holds the Excel error {value}.").format(value=raw))
    if isinstance(raw, str):
        return str(raw).strip()
    if isinstance(raw, bool):
        return _("yes") if raw else _("no")
    return shown(raw)


@functools.cache
def _month_words() -> dict[str, int]:
    """Folded month names (wide and abbreviated, format and stand-alone: "апреля", "aprel", "Apr") → month."""
    from babel import Locale

    found: dict[str, int] = {}
    for locale in SEARCH_LOCALES:
        months = Locale.parse(locale).months
        for context in ("format", "stand-alone"):
            for width in ("wide", "abbreviated"):
                for number, name in months.get(context, {}).get(width, {}).items():
                    found.setdefault(fold(name), number)
    return found


_DATE_FILLERS = ("г", "гг", "года", "год", "y", "yil", "yilning", "yilda", "йил", "йилда", "year", "of", "the")


@functools.cache
def _date_fillers() -> frozenset[str]:
    return frozenset(fold(word) for word in _DATE_FILLERS)


def _date_in_words(text: str) -> dt.date | None:
    """A date written with its month's name: "20 апреля 2010 г.", "2010 yil 20 aprel", "April 20, 2010"."""
    tokens = [fold(token) for token in re.findall(r"\d+|[^\W\d_]+", text)]
    day = month = year = None
    for token in tokens:
        if token.isdigit():
            if len(token) == 4 and year is None:
                year = int(token)
            elif len(token) <= 2 and day is None:
                day = int(token)
            else:
                return None
        elif token in _date_fillers():
            continue
        elif token in _month_words() and month is None:
            month = _month_words()[token]
        else:
            return None
    if day is None or month is None or year is None:
        return None
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def as_date(raw: Any, epoch: dt.datetime | None = None) -> dt.date:
    """A date from a date cell, an Excel day number, or text as dd.mm.yyyy (with "г." or "yil" after it),
    dd/mm/yyyy, yyyy-mm-dd, or with the month's name in any of the languages ("20 апреля 2010 г.")."""
    if isinstance(raw, dt.datetime):
        return raw.date()
    if isinstance(raw, dt.date):
        return raw
    value = raw.value if isinstance(raw, Amount) else raw
    if isinstance(value, (int, float)) and not isinstance(value, bool) and 10_000 <= value < 2_958_466:
        from openpyxl.utils.datetime import CALENDAR_WINDOWS_1900, from_excel

        return from_excel(value, epoch or CALENDAR_WINDOWS_1900).date()
    text = _YEAR_WORD.sub("", as_text(raw))
    match = _DMY.match(text)
    if match:
        day, month, year = int(match.group(1)), int(match.group(3)), int(match.group(4))
    elif match := _YMD.match(text):
        year, month, day = int(match.group(1)), int(match.group(3)), int(match.group(4))
    elif (found := _date_in_words(as_text(raw))) is not None:
        return found
    else:
        raise CellProblem(_("“{value}” is not a date; write it as dd.mm.yyyy.").format(value=shown(raw)))
    try:
        return dt.date(year, month, day)
    except ValueError as error:
        raise CellProblem(_("The date “{value}” does not exist.").format(value=shown(raw))) from error


def as_int(raw: Any) -> int:
    """A whole number from a number cell or from text such as "1 234"."""
    value = raw.value if isinstance(raw, Amount) else raw
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str):
        number = parse_number(as_text(value))
        if number is not None and number == number.to_integral_value():
            return int(number)
        match = _INT_WITH_WORD.match(as_text(value))  # "2024 год", "2024-yil", "25 чел."
        if match:
            return int(match.group(1))
    raise CellProblem(_("“{value}” is not a whole number.").format(value=as_text(raw)))


def parse_number(text: str) -> Decimal | None:
    """A number written as text: spaces or apostrophes between thousands, a decimal comma or point."""
    compact = _SPACES.sub("", text.strip())
    if "," in compact and "." in compact:
        if compact.rfind(",") > compact.rfind("."):
            compact = compact.replace(".", "").replace(",", ".")
        else:
            compact = compact.replace(",", "")
    elif "," in compact:
        groups = compact.split(",")
        thousands = len(groups) > 1 and all(len(group) == 3 for group in groups[1:]) and groups[0].lstrip("+-")
        compact = compact.replace(",", "") if thousands else compact.replace(",", ".")
    elif compact.count(".") > 1:
        groups = compact.split(".")
        if all(len(group) == 3 for group in groups[1:]):
            compact = compact.replace(".", "")
    if not re.fullmatch(r"[+-]?(\d+(\.\d*)?|\.\d+)", compact):
        return None
    try:
        return Decimal(compact)
    except InvalidOperation:
        return None


def currency_of(token: str) -> str:
    """The ISO code a currency code, sign or word stands for, or ''."""
    token = token.strip().strip(".")
    if token.upper() in currencies() and len(token) == 3:
        return token.upper()
    return CURRENCY_SIGNS.get(token.lower(), "")


@functools.lru_cache(maxsize=256)
def currency_of_format(number_format: str) -> str:
    """The currency a cell's number format shows ("#,##0.00 [$USD]", '#,##0.00 "UZS"', '"$"#,##0'), or ''."""
    if not number_format or number_format == "General":
        return ""
    for pattern in (_FORMAT_BRACKET, _FORMAT_QUOTED):
        for match in pattern.finditer(number_format):
            code = currency_of(match.group(1))
            if code:
                return code
    plain = _FORMAT_QUOTED.sub("", _FORMAT_BRACKET.sub("", number_format))
    for match in _FORMAT_CODE.finditer(plain):
        if match.group(1) in currencies():
            return match.group(1)
    for sign in ("$", "€", "£", "₽", "₩", "₸"):
        if sign in number_format:
            return CURRENCY_SIGNS[sign]
    return ""


def as_amount(raw: Any) -> tuple[Decimal, str]:
    """An amount and the currency the cell names ('' when it names none)."""
    if isinstance(raw, Amount):
        return Decimal(str(raw.value)), raw.currency
    if isinstance(raw, (int, float)) and not isinstance(raw, bool):
        return Decimal(str(raw)), ""
    text = as_text(raw)
    currency = ""
    for pattern, number_group, code_group in ((_CODE_AT_START, 2, 1), (_CODE_AT_END, 1, 2)):
        match = pattern.match(text)
        if match and currency_of(match.group(code_group)):
            currency, text = currency_of(match.group(code_group)), match.group(number_group)
            break
    else:
        for sign, code in CURRENCY_SIGNS.items():
            if text.lower().startswith(sign) or text.lower().endswith(sign):
                currency = code
                text = text[len(sign) :] if text.lower().startswith(sign) else text[: -len(sign)]
                break
    number = parse_number(text)
    if number is None:
        raise CellProblem(_("“{value}” is not an amount.").format(value=shown(raw)))
    return number, currency


def _is_latin(ch: str) -> bool:
    code = ord(ch)
    return code < 0x0250 or 0x1E00 <= code <= 0x1EFF or 0x02B0 <= code <= 0x02FF


def guess_name_language(text: str, language: str | None = None) -> str:
    """Which stored language a name written in a single column most likely is, from its script.

    Uzbek Cyrillic letters (ў қ ғ ҳ) → uz; other Cyrillic → ru; any other non-Latin script → the original-language
    name; Latin with oʻ/gʻ, or Latin typed by an officer working in Uzbek → uz; other Latin → en.
    """
    language = language or current_language()
    if _UZBEK_CYRILLIC.search(text):
        return "uz"
    if _CYRILLIC.search(text):
        return "ru"
    if any(ch.isalpha() and not _is_latin(ch) for ch in text):
        return "orig"
    if _UZBEK_LATIN.search(text) or language == "uz":
        return "uz"
    return "en"


def as_country(raw: Any) -> str:
    """A country code from a code (KR) or a name in English, Russian or Uzbek (either script), as officers write it:
    official or short, an abbreviation or an older name (`countries.country_code`)."""
    text = as_text(raw)
    code = country_code(text)
    if code is None:
        raise CellProblem(_("Unknown country “{value}”.").format(value=text))
    return code


def as_countries(raw: Any) -> list[str]:
    """Country codes from a cell such as "KR; JP" or "South Korea; Япония"."""
    codes: list[str] = []
    for part in split_values(raw):
        try:
            codes.append(as_country(part))
        except CellProblem:
            if "," not in part:
                raise
            codes += [as_country(piece) for piece in part.split(",") if piece.strip()]
    return list(dict.fromkeys(codes))


@functools.cache
def _choice_index(choices: Any) -> dict[str, str]:
    index: dict[str, str] = {}
    for code, label in choices:
        for text in [code, code.replace("_", " "), *translations(label)]:
            index.setdefault(fold_for_compare(text), code)
    return index


def as_choice(fs: FieldSpec, raw: Any, register: str = "") -> str:
    """A choice's code from the code itself, its label in any language, or free text that names it
    ("национальная библиотека", "universitet", "посольство")."""
    text = as_text(raw)
    code = _choice_index(fs.choices).get(fold_for_compare(text)) or choice_from_text(f"{register}.{fs.name}", text)
    if code is None:
        listed = ", ".join(_(label) for _code, label in fs.choices)
        raise CellProblem(_("“{value}” is not one of: {choices}.").format(value=text, choices=listed))
    return code


@functools.cache
def _bool_words() -> tuple[frozenset[str], frozenset[str]]:
    yes = {*translations("yes"), *translations("Yes")}
    no = {*translations("no"), *translations("No")}
    return frozenset(fold(w) for w in yes), frozenset(fold(w) for w in no)


def as_bool(raw: Any) -> bool:
    """Yes or no from a checkbox cell, 1/0, or yes/no in any of the languages ("да", "ha", "йўқ", "+", "✓")."""
    if isinstance(raw, bool):
        return raw
    if isinstance(raw, (int, float)) and raw in (0, 1):
        return bool(raw)
    text = as_text(raw)
    yes, no = _bool_words()
    if in_list("yes", text) or fold(text) in yes:
        return True
    if in_list("no", text) or fold(text) in no:
        return False
    raise CellProblem(_("“{value}” is neither yes nor no.").format(value=text))


@dataclass(frozen=True)
class Term:
    """A validity written as a length ("5 лет", "3 yil"): the date is counted from the record's start."""

    years: int = 0
    months: int = 0

    def after(self, start: dt.date) -> dt.date:
        """The last day of the term begun on `start`."""
        import calendar

        month = start.month - 1 + self.months + 12 * self.years
        year, month = start.year + month // 12, month % 12 + 1
        day = min(start.day, calendar.monthrange(year, month)[1])
        return dt.date(year, month, day) - dt.timedelta(days=1)


#: An open-ended validity ("бессрочно"): the date is left empty.
OPEN_ENDED = "open-ended"


def as_term(raw: Any, epoch: dt.datetime | None = None) -> dt.date | Term | str:
    """A validity: a date, "до 20.04.2030", "20.04.2030 gacha", "5 лет", "3 yil", or "бессрочно" (OPEN_ENDED)."""
    text = as_text(raw)
    if in_list("open_ended", text):
        return OPEN_ENDED
    words = text.split()
    for count in (2, 1):
        if len(words) > count and in_list("until", " ".join(words[:count])):
            return as_date(" ".join(words[count:]), epoch)
        if len(words) > count and in_list("until", " ".join(words[-count:])):
            return as_date(" ".join(words[:-count]), epoch)
    match = _TERM.match(text.casefold())
    if match:
        unit = match.group(2)
        if in_list("years", unit):
            return Term(years=int(match.group(1)))
        if in_list("months", unit):
            return Term(months=int(match.group(1)))
    return as_date(raw, epoch)
