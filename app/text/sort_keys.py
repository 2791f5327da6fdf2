"""Sort keys: a text as a string of [0-9a-z] whose plain (byte) order is the order of the interface language's
alphabet, the same on SQLite and PostgreSQL whatever the server's collation.

Each character becomes a two-character code (its rank in the language's order, in base 36), or ``z`` and four
characters for a character of a script the order does not know (ranked by its code point after every known one).
Case, diacritics of Latin letters and apostrophes do not count; runs of spaces and punctuation count as one
separator, which sorts before any letter ("Ali Vali" before "Alibek").

=========  =======================================================================================================
uz, en     digits, Latin a-z (é as e, oʻ as o), then Cyrillic in Russian order
uz-Cyrl    digits, the Uzbek Cyrillic alphabet (А … Я Ў Қ Ғ Ҳ, Ё a letter after Е), then Latin a-z
ru         digits, the Russian alphabet (Ё as Е; Ў Қ Ғ Ҳ as У К Г Х), then Latin a-z
=========  =======================================================================================================
"""

from __future__ import annotations

import unicodedata

__all__ = ["SORT_LANGUAGES", "sort_key"]

#: The interface languages and the column suffix their stored sort key is kept under.
SORT_LANGUAGES = {"uz": "uz", "uz-Cyrl": "uz_cyrl", "ru": "ru", "en": "en"}

#: How many characters of a text its key keeps (what follows rarely decides an order; the id breaks ties).
KEPT = 48

_DIGITS = "0123456789"
_LATIN = "abcdefghijklmnopqrstuvwxyz"
_RUSSIAN = "абвгдеёжзийклмнопрстуфхцчшщъыьэюя"
_UZBEK_CYRILLIC = "абвгдеёжзийклмнопрстуфхцчшщъыьэюяўқғҳ"
_APOSTROPHES = "\u02bb\u02bc'\u2018\u2019`\u00b4\u02b9\u02be\u02bf\u2032"
_SEPARATOR = "00"


_BASE36 = _DIGITS + _LATIN


def _code(rank: int) -> str:
    """Two base-36 characters (the first never z, which marks an unknown character's longer code)."""
    return _BASE36[rank // 36] + _BASE36[rank % 36]


def _table(*alphabets: str, same: dict[str, str] | None = None) -> dict[str, str]:
    """Character → code: digits first, then the alphabets in turn; `same` ranks a letter as another one."""
    table: dict[str, str] = {}
    rank = 1
    for letters in (_DIGITS, *alphabets):
        for letter in letters:
            table.setdefault(letter, _code(rank))
            rank += 1
    for letter, like in (same or {}).items():
        table[letter] = table[like]
    table.update(dict.fromkeys(_APOSTROPHES, ""))
    return table


_TABLES = {
    "latin": _table(_LATIN, _RUSSIAN, same={"ё": "е", "ў": "у", "қ": "к", "ғ": "г", "ҳ": "х"}),
    "uz-Cyrl": _table(_UZBEK_CYRILLIC, _LATIN),
    "ru": _table(_RUSSIAN, _LATIN, same={"ё": "е", "ў": "у", "қ": "к", "ғ": "г", "ҳ": "х"}),
}
_ORDER_OF_LANGUAGE = {"uz": "latin", "en": "latin", "uz-Cyrl": "uz-Cyrl", "ru": "ru"}


def _other(ch: str, table: dict[str, str]) -> str:
    """The code of a character the table does not list: a Latin/Cyrillic letter by its base, else by code point."""
    if unicodedata.category(ch)[0] not in "LN":
        return _SEPARATOR if unicodedata.category(ch)[0] in "PSZC" else ""
    base = unicodedata.normalize("NFD", ch)[0]
    if base != ch and base in table:
        return table[base]
    digit = unicodedata.decimal(ch, None)
    if digit is not None:
        return table[str(digit)]
    return "z" + "".join(_BASE36[(ord(ch) // 36**power) % 36] for power in (3, 2, 1, 0))


def sort_key(text: str | None, language: str) -> str:
    """The key `text` sorts by in `language`'s lists (an empty text has the empty key: it sorts first)."""
    if not text:
        return ""
    table = _TABLES[_ORDER_OF_LANGUAGE.get(language, "latin")]
    codes: list[str] = []
    kept = 0
    for ch in text.casefold():
        code = table.get(ch)
        if code is None:
            code = _other(ch, table)
        if not code or (code == _SEPARATOR and (not codes or codes[-1] == _SEPARATOR)):
            continue
        codes.append(code)
        kept += 1
        if kept >= KEPT:
            break
    while codes and codes[-1] == _SEPARATOR:
        codes.pop()
    return "".join(codes)
