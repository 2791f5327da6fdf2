"""Uzbek Latin <-> Uzbek Cyrillic transliteration (official 1995 alphabet) that keeps placeholders and markup intact."""

from __future__ import annotations

import re
from collections.abc import Callable

__all__ = [
    "OKINA",
    "TUTUQ",
    "normalize_uz_latin_apostrophes",
    "uz_cyrillic_to_latin",
    "uz_latin_to_cyrillic",
]

# Rules (both directions work letter by letter, one output chunk per input character, so case and `&` survive):
#
#   Latin            Cyrillic        notes
#   a b d f g i j k  а б д ф г и ж к
#   l m n o p q r s  л м н о п қ р с
#   t u v x y z h    т у в х й з ҳ
#   e                е / э           э at the start of a word or after a vowel (or ʼ); Cyrillic э -> e
#   ye               е / ъе          е at the start of a word, after a vowel or ʼ; ъе after a consonant (obyekt)
#   yo yu ya         ё ю я           but y + oʻ is й + ў (yoʻq -> йўқ)
#   oʻ gʻ            ў ғ             any of ʻ ʼ ' ‘ ’ ` after o/g is the oʻ/gʻ mark
#   sh ch            ш ч             "sh" is always ш; write sʼh for с+ҳ (Isʼhoq <-> Исҳоқ)
#   ng               нг              just n + g
#   ʼ                ъ               an apostrophe between two letters; Cyrillic ъ before е ё ю я is dropped
#   s / ts           ц               Cyrillic only: ts after a vowel, s elsewhere
#   sh, i, (none)    щ, ы, ь         Cyrillic only; ь is dropped (its е becomes ye: пьеса -> pyesa)
#   c, w             (unchanged)     not Uzbek letters: left as they are
#
# Word-level exceptions of the official spelling: sentabr <-> сентябр, oktabr <-> октябр.
# Known, accepted ambiguities: Latin "sh" vs с+ҳ (use sʼh), Cyrillic йо/йу/йа come back as ё/ю/я,
# ц/ь/щ/ы do not survive a round trip, and an apostrophe used as a closing quote right after o/g reads as ʻ.

OKINA = "\u02bb"  # ʻ  the mark of oʻ and gʻ
TUTUQ = "\u02bc"  # ʼ  tutuq belgisi, Cyrillic ъ
_APOSTROPHES = frozenset("\u02bb\u02bc'\u2018\u2019`")

# Copied verbatim: str.format fields, %-placeholders (a bare %d after a digit is a percent sign: 50%dan),
# Qt %1/%n, HTML tags and entities, URLs and e-mail addresses, keyboard shortcuts (Ctrl+K, F5) and the names
# of file formats and programs that Uzbek Cyrillic text keeps in Latin letters.
_PROTECTED = re.compile(
    r"""
      \{[^{}]*\}
    | %\([^()]*\)[#0+\-]*(?:\d+|\*)?(?:\.(?:\d+|\*))?[A-Za-z]
    | (?<!\d)%[#0+\-]*(?:\d+|\*)?(?:\.(?:\d+|\*))?[sdiouxXeEfFgGcr%]
    | %L?\d+ | %n
    | </?[A-Za-z][^<>]*>
    | &(?:[A-Za-z][A-Za-z0-9]*|\#[0-9]+|\#x[0-9A-Fa-f]+);
    | (?:https?://|www\.)\S+
    | [\w.+-]+@[\w-]+(?:\.[\w-]+)+
    | \b(?:Ctrl|Shift|Alt|Meta|Cmd)\+\S+
    | \b[a-z][a-z0-9+]*://\S*
    | \*\.[A-Za-z0-9]+
    | (?<![\w.])\.[a-z]{2,4}\b
    | (?<![\w-])--[a-z][a-z-]*
    | “hamkor\s[^”]*”
    | \bbackups\b
    | \bF\d{1,2}\b
    | \b(?:Excel|PDF|SQLite|PostgreSQL|ISBN|ISSN|CSV|JSON|XLSX|ICS|URL|KB|MB|GB|A4|USD|EUR|UZS|UTC|Outlook|Windows)
    """,
    re.VERBOSE,
)

_Chunker = Callable[[str], list[str]]
_BOUNDARY, _VOWEL, _CONSONANT, _SIGN = range(4)

_LAT_LETTERS = frozenset("abcdefghijklmnopqrstuvwxyz")
_LAT_VOWELS = frozenset("aeiou")
_LAT_SINGLE = {
    "a": "а", "b": "б", "d": "д", "e": "е", "f": "ф", "g": "г", "h": "ҳ", "i": "и", "j": "ж", "k": "к",
    "l": "л", "m": "м", "n": "н", "o": "о", "p": "п", "q": "қ", "r": "р", "s": "с", "t": "т", "u": "у",
    "v": "в", "x": "х", "y": "й", "z": "з", "c": "с", "w": "в",
}  # fmt: skip
_LAT_DIGRAPHS = {"sh": "ш", "ch": "ч", "yo": "ё", "yu": "ю", "ya": "я"}
_LAT_EXCEPTIONS = {
    "sentabr": "сентябр",
    "oktabr": "октябр",
    "reestr": "реестр",
}  # word starts; same length on both sides

_CYR = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "yo", "ж": "j", "з": "z", "и": "i",
    "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t",
    "у": "u", "ф": "f", "х": "x", "ц": "s", "ч": "ch", "ш": "sh", "щ": "sh", "ъ": TUTUQ, "ы": "i", "ь": "",
    "э": "e", "ю": "yu", "я": "ya", "ў": "o" + OKINA, "қ": "q", "ғ": "g" + OKINA, "ҳ": "h",
}  # fmt: skip
_CYR_VOWELS = frozenset("аеёиоуэюяўы")
_CYR_IOTATED = frozenset("еёюя")
_CYR_EXCEPTIONS = {"сентябр": "sentabr", "октябр": "oktabr"}


def _is_latin(ch: str) -> bool:
    return ch.lower() in _LAT_LETTERS


def _cased(chunk: str, upper: bool, all_caps: bool) -> str:
    """`chunk` (lower case) in the case of its source letter: Ш -> Sh in Word, SH in WORD."""
    if not upper or not chunk:
        return chunk
    return chunk.upper() if all_caps else chunk[0].upper() + chunk[1:]


def _caps_context(s: str, i: int, width: int) -> bool:
    """Whether the letters next to s[i:i+width] are upper case (the word is written in capitals)."""
    j = i + width
    if j < len(s) and s[j].isalpha():
        return s[j].isupper()
    return i > 0 and s[i - 1].isalpha() and s[i - 1].isupper()


def _exception(s: str, i: int, table: dict[str, str], out: list[str]) -> int:
    """Apply a word-start exception at s[i:]; return how many characters it consumed (0 if none)."""
    for source, target in table.items():
        end = i + len(source)
        if s[i:end].lower() == source:
            out.extend(t.upper() if c.isupper() else t for c, t in zip(s[i:end], target, strict=True))
            return len(source)
    return 0


def _latin_chunks(s: str) -> list[str]:
    """Cyrillic for Latin `s`, as one chunk per character of `s`."""
    out: list[str] = []
    n = len(s)
    i = 0
    prev = _BOUNDARY
    while i < n:
        ch = s[i]
        lo = ch.lower()
        if lo not in _LAT_LETTERS:
            elided = i >= 1 and (i == 1 or not s[i - 2].isalpha()) and i + 1 < n and s[i + 1].isupper()
            if ch in _APOSTROPHES and prev != _BOUNDARY and i + 1 < n and _is_latin(s[i + 1]) and _is_latin(s[i - 1]):
                if elided:  # a foreign elision (L’Orientale, D’Annunzio): the apostrophe stays one
                    out.append(ch)
                elif s[i - 1] in "sS" and s[i + 1] in "hH":
                    out.append("")  # the sʼh separator
                else:
                    out.append("Ъ" if s[i - 1].isupper() and s[i + 1].isupper() else "ъ")
                prev = _SIGN
            else:
                out.append(ch)
                prev = _BOUNDARY
            i += 1
            continue
        if prev == _BOUNDARY and (used := _exception(s, i, _LAT_EXCEPTIONS, out)):
            i += used
            prev = _CONSONANT
            continue
        upper = ch.isupper()
        nxt = s[i + 1] if i + 1 < n else ""
        pair = lo + nxt.lower()
        if lo in "og" and nxt in _APOSTROPHES:
            out += [("Ў" if upper else "ў") if lo == "o" else ("Ғ" if upper else "ғ"), ""]
            prev = _VOWEL if lo == "o" else _CONSONANT
            i += 2
            continue
        if pair == "ye":
            cyr = "е" if prev != _CONSONANT else "ъе"
            out += [_cased(cyr, upper, _caps_context(s, i, 2)), ""]
            prev = _VOWEL
            i += 2
            continue
        if pair == "ts" and (s[i + 2 : i + 4].lower() in ("iy", "io", "ia") or s[i + 2 : i + 3].lower() == "e"):
            # loanwords: delegatsiya, operatsion, assotsiatsiya, dotsent
            out += [_cased("ц", upper, False), ""]
            prev = _CONSONANT
            i += 2
            continue
        if pair in _LAT_DIGRAPHS and not (pair == "yo" and i + 2 < n and s[i + 2] in _APOSTROPHES):
            out += [_cased(_LAT_DIGRAPHS[pair], upper, False), ""]
            prev = _VOWEL if lo == "y" else _CONSONANT
            i += 2
            continue
        if lo == "e":
            cyr = "э" if prev != _CONSONANT else "е"
        else:
            cyr = _LAT_SINGLE[lo]
        out.append(cyr.upper() if upper else cyr)
        prev = _VOWEL if lo in _LAT_VOWELS else _CONSONANT
        i += 1
    return out


def _cyrillic_chunks(s: str) -> list[str]:
    """Latin for Cyrillic `s`, as one chunk per character of `s`."""
    out: list[str] = []
    n = len(s)
    i = 0
    prev = _BOUNDARY
    while i < n:
        ch = s[i]
        lo = ch.lower()
        if lo not in _CYR:
            out.append(ch)
            prev = _CONSONANT if ch.isalpha() else _BOUNDARY
            i += 1
            continue
        if prev == _BOUNDARY and (used := _exception(s, i, _CYR_EXCEPTIONS, out)):
            i += used
            prev = _CONSONANT
            continue
        nxt = s[i + 1].lower() if i + 1 < n else ""
        if lo == "е":
            lat = "ye" if prev != _CONSONANT else "e"
        elif lo == "ц":
            lat = "ts" if prev == _VOWEL else "s"
        elif lo == "ъ" and nxt in _CYR_IOTATED:
            lat = ""
        elif lo == "с" and nxt == "ҳ":
            lat = "s" + TUTUQ
        else:
            lat = _CYR[lo]
        out.append(_cased(lat, ch.isupper(), _caps_context(s, i, 1)))
        prev = _VOWEL if lo in _CYR_VOWELS else _SIGN if lo in "ъь" else _CONSONANT
        i += 1
    return out


def _convert_plain(text: str, chunker: _Chunker) -> str:
    """Convert text without placeholders; `&` accelerators are taken out, the rest converted, then put back."""
    chars: list[str] = []
    accelerators: set[int] = set()
    i = 0
    n = len(text)
    while i < n:
        ch = text[i]
        if ch == "&" and i + 1 < n:
            if text[i + 1] == "&":  # "&&" is a literal ampersand
                chars += "&&"
                i += 2
                continue
            if text[i + 1].isalpha():
                accelerators.add(len(chars))
                i += 1
                continue
        chars.append(ch)
        i += 1
    chunks = chunker("".join(chars))
    if not accelerators:
        return "".join(chunks)
    return "".join(("&" + chunk if k in accelerators else chunk) for k, chunk in enumerate(chunks))


def _convert(text: str, chunker: _Chunker) -> str:
    """Convert `text` outside its protected spans (placeholders, markup, URLs)."""
    if not text:
        return text
    parts: list[str] = []
    pos = 0
    for match in _PROTECTED.finditer(text):
        parts.append(_convert_plain(text[pos : match.start()], chunker))
        parts.append(match.group())
        pos = match.end()
    parts.append(_convert_plain(text[pos:], chunker))
    return "".join(parts)


def uz_latin_to_cyrillic(text: str) -> str:
    """Uzbek Latin text in Uzbek Cyrillic; placeholders, markup, digits and `&` accelerators are kept."""
    return _convert(text, _latin_chunks)


def uz_cyrillic_to_latin(text: str) -> str:
    """Uzbek (or Russian) Cyrillic text in Uzbek Latin with ʻ (U+02BB) and ʼ (U+02BC); placeholders are kept."""
    return _convert(text, _cyrillic_chunks)


def _apostrophe_chunks(s: str) -> list[str]:
    """Uzbek Latin `s` with its apostrophes normalised, one chunk per character."""
    out: list[str] = []
    for i, ch in enumerate(s):
        if ch in _APOSTROPHES and i > 0:
            before = s[i - 1]
            if before in "oOgG":
                out.append(OKINA)
                continue
            if _is_latin(before) and i + 1 < len(s) and _is_latin(s[i + 1]):
                out.append(TUTUQ)
                continue
        out.append(ch)
    return out


def normalize_uz_latin_apostrophes(text: str) -> str:
    """Uzbek Latin text with oʻ/gʻ written with U+02BB and the tutuq belgisi with U+02BC."""
    return _convert(text, _apostrophe_chunks)
