"""Search keys that let one query find a record whatever its script (Latin/Cyrillic), case, apostrophes or spelling.

A record stores ``search_key(...)`` of its searchable fields; a query is cut into ``query_tokens(query)`` and a record
matches when every token is a substring of its key (SQL ``LIKE '%token%'``). Query and record go through the same
function, step by step:

1. NFKC, then casefold; every apostrophe-like character (ʻ ʼ ' ‘ ’ ` ´ ʹ ʾ ʿ ′) is removed.
2. One ``str.translate`` table, letter by letter:

   =====================================  ==========================================================
   Cyrillic (Russian and Uzbek)           а-a б-b в-v г-g д-d е-e ж-j з-z и-i й-y к-k л-l м-m н-n
                                          о-o п-p р-r с-s т-t у-u ф-f х-x ц-ts ч-ch ш-sh щ-sh ы-i
                                          э-e ў-o ғ-g ҳ-h; ъ and ь removed; ё-o ю-u я-a (the y of
                                          yo/yu/ya is already dropped, see the glide rule below)
   other Cyrillic                         і-i ї-i є-e ґ-g ј-j ә-a ө-o ү-u ұ-u ң-n һ-h ҷ-j ...
   q                                      k   (Xalqaro = Халқаро = xalkaro, Qatar = Катар)
   Latin diacritics                       stripped: é-e ö-o ç-c ş-s ğ-g; ı-i ł-l ø-o ə-e æ-ae ß-ss
   digits                                 kept; other scripts' digits become 0-9
   punctuation, symbols, % _ \\ ...       a space (so the key is safe inside LIKE)
   letters of other scripts               kept as they are (Hangul, CJK, Arabic, Georgian, ...)
   =====================================  ==========================================================

3. Spelling variants, after the table:

   ==============================  =================================================================
   shch -> sh                      Shchukin = Щукин = Shukin
   kh -> x                         Khabarovsk = Хабаровск
   zh -> j                         Zhukov = Жуков = Jukov
   y next to a vowel -> removed    the glide: Koreya = Корея = Korea, Yevropa = Европа,
                                   Gyote = Гёте, Milliy = Миллий = milli, Aliyev = Алиев = Aliev
   any other y -> i                y as a vowel: Kyrgyzstan = Кыргызстан = kirgizstan
   ==============================  =================================================================

4. Runs of spaces collapse to one; the key is stripped.

Known, accepted effects: oʻ/o and gʻ/g, q/k, i/y and е/э are not told apart (a few false positives); Uzbek Latin
ts and s for ц do not meet (Tsentr finds Центр, Sentr does not); different vowels in different romanisations
do not meet (Goethe does not find Гёте, Qirgʻiziston does not find Kyrgyzstan).
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["fold_for_compare", "matches", "query_tokens", "search_key"]

_APOSTROPHES = "\u02bb\u02bc'\u2018\u2019`\u00b4\u02b9\u02be\u02bf\u2032"

_CYRILLIC = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "o", "ж": "j", "з": "z", "и": "i",
    "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t",
    "у": "u", "ф": "f", "х": "x", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "sh", "ъ": "", "ы": "i", "ь": "",
    "э": "e", "ю": "u", "я": "a",
    # Uzbek
    "ў": "o", "қ": "k", "ғ": "g", "ҳ": "h",
    # Ukrainian, Belarusian, Kazakh, Kyrgyz, Tajik, Serbian, Macedonian
    "і": "i", "ї": "i", "є": "e", "ґ": "g", "ә": "a", "ө": "o", "ү": "u", "ұ": "u", "ң": "n", "һ": "h",
    "ҷ": "j", "ђ": "dj", "ј": "j", "љ": "l", "њ": "n", "ћ": "ch", "џ": "j", "ѓ": "g", "ќ": "k",
    "ѕ": "dz",
}  # fmt: skip
_LATIN = {
    "q": "k", "ı": "i", "ł": "l", "ø": "o", "đ": "d", "ð": "d", "þ": "th", "ħ": "h", "ŧ": "t", "ə": "e",
    "æ": "ae", "œ": "oe", "ß": "ss",
}  # fmt: skip
_EXPLICIT = {**_CYRILLIC, **_LATIN, **dict.fromkeys(_APOSTROPHES, "")}


def _is_diacritic(cp: int) -> bool:
    """Combining marks used over Latin, Greek and Cyrillic letters (not the vowel signs of other scripts)."""
    return 0x0300 <= cp <= 0x036F or 0x0483 <= cp <= 0x0489 or 0x1AB0 <= cp <= 0x1AFF or 0x1DC0 <= cp <= 0x1DFF


def _fold_char(ch: str) -> str:
    """What one (NFKC, casefolded) character becomes in a search key."""
    if ch in _EXPLICIT:
        return _EXPLICIT[ch]
    cp = ord(ch)
    category = unicodedata.category(ch)
    if category[0] == "L":
        if cp < 0x0530 or 0x1E00 <= cp <= 0x1EFF:  # Latin, Greek, Cyrillic: strip diacritics, then fold the base
            decomposed = unicodedata.normalize("NFD", ch)
            if decomposed != ch:
                return "".join(_fold_char(part) for part in decomposed)
        return ch
    if category[0] == "M":
        return "" if _is_diacritic(cp) else ch
    if category == "Nd":
        return str(unicodedata.decimal(ch))
    if category[0] == "N":
        return ch
    if category == "Cf":  # soft hyphen, zero-width joiners: invisible inside a word
        return ""
    return " "  # punctuation, symbols, separators, controls


class _FoldTable(dict):
    """A str.translate table that works out (and remembers) each character the first time it is met."""

    def __missing__(self, cp: int) -> str:
        value = self[cp] = _fold_char(chr(cp))
        return value


_TABLE = _FoldTable({cp: _fold_char(chr(cp)) for cp in [*range(128), *map(ord, _EXPLICIT)]})

_Y_GLIDE = re.compile(r"(?<=[aeiou])y|y(?=[aeiou])")

# Measured (Python 3.11, timeit, 60-character strings): ~3.5 µs Latin or English, ~4 µs Russian, ~6 µs Uzbek Cyrillic.


def _fold(text: str) -> str:
    """The normalised skeleton of one string."""
    if "\u00b4" in text:  # NFKC turns ´ into space + combining accent, which would split the word
        text = text.replace("\u00b4", "")
    text = unicodedata.normalize("NFKC", text).casefold().translate(_TABLE)
    if "h" in text:
        text = text.replace("shch", "sh").replace("kh", "x").replace("zh", "j")
    if "y" in text:
        text = _Y_GLIDE.sub("", text).replace("y", "i")
    return " ".join(text.split())


def search_key(*texts: str | None) -> str:
    """The search skeleton of the non-empty texts joined by spaces (safe inside SQL LIKE: no % _ or \\)."""
    text = " ".join(t for t in texts if t)
    return _fold(text) if text else ""


#: A search's bounds: so many words, so many characters in a word, so many characters in all. Longer searches are
#: refused with `search_problem`'s message (and cut to these bounds wherever one arrives unchecked), because every
#: word becomes a condition of the database's query, which has limits of its own.
MAX_SEARCH_WORDS = 20
MAX_WORD_LENGTH = 100
MAX_SEARCH_LENGTH = 1000


def search_problem(query: str | None) -> str | None:
    """Why a search is too long to run, in the interface language; None when it can run."""
    from app.i18n import _

    if not query:
        return None
    if len(query) > MAX_SEARCH_LENGTH:
        return _("The search is too long: at most {count} characters.").format(count=MAX_SEARCH_LENGTH)
    tokens = list(dict.fromkeys(search_key(query).split()))
    if len(tokens) > MAX_SEARCH_WORDS:
        return _("The search has too many words: at most {count}.").format(count=MAX_SEARCH_WORDS)
    if any(len(token) > MAX_WORD_LENGTH for token in tokens):
        return _("A word of the search is too long: at most {count} characters.").format(count=MAX_WORD_LENGTH)
    return None


def query_tokens(query: str | None) -> list[str]:
    """The normalised, de-duplicated tokens of a search query; a record matches when its key contains them all.

    Never more than the bounds: at most MAX_SEARCH_WORDS words of at most MAX_WORD_LENGTH characters."""
    tokens = dict.fromkeys(token[:MAX_WORD_LENGTH] for token in search_key((query or "")[:MAX_SEARCH_LENGTH]).split())
    return list(tokens)[:MAX_SEARCH_WORDS]


def matches(query: str | None, *texts: str | None) -> bool:
    """Whether every token of `query` occurs in the search key of `texts` (an empty query matches everything)."""
    tokens = query_tokens(query)
    if not tokens:
        return True
    key = search_key(*texts)
    return all(token in key for token in tokens)


def fold_for_compare(text: str | None) -> str:
    """A form of a whole name for duplicate detection: script, case, apostrophes, punctuation and spacing ignored."""
    return search_key(text)


# -- the looser key: spelling variants a person writes ------------------------------------------------------------
#
# Built on the exact key (so scripts, cases and apostrophes already meet), then, in this order:
#
#   ё -> е, and Latin yo after a consonant -> e     Потёмкин = Potemkin = Potyomkin, Фёдор = Fedor
#   sch -> sh; w -> v; sh, ch kept apart            Schmidt = Шмидт, Warszawa = Varshava
#   ts, tz -> s; c before e/i -> s, other c -> k    Sitsiliya = Sisiliya = Сицилия, College = Kolej
#   j written for й (before a consonant, in ija,    Rossija = Россия, Rossijskaja, Cheljabinsk,
#     lja, aja, oje, at a word's end) removed       Dostojevskij = Достоевский
#   ph -> f, th -> t, ngh -> nh, gh -> g, dj -> j   Shanghai = Шанхай, Goethe = Гёте, Dzhon = Джон
#   h -> x, then x -> ks                            Halqaro = Xalqaro, Maxim = Maksim, Kazakstan = Kazakhstan
#   eo, oe -> e; i after a, e, o, u removed (й)     Seoul = Сеул, Goethe = Гёте, Azerbaijan = Азербайджан
#   -der/-ter at a word's end -> -dr/-tr            Alexander = Александр, Peter = Петр
#   lia -> la; ie after a consonant -> e            Natalia = Наталья, Grigoriev = Grigoryev
#   o -> a                                          Uzbek o, Russian а: Olimjon = Алимжан, Toshkent = Ташкент
#   doubled letters -> one                          Rosiya = Rossiya, Kolej = Kollej, Jannat = Janat
#
# A record's loose key also holds, after its own words, the other forms of some words: those with oʻ/ў spelt with
# u (Uzbekiston = Oʻzbekiston, кулёзма = қўлёзма) and hyphenated words written as one (Minjun = Min-jun). A record
# matches loosely when every loose token of the query is in its loose key; exact matches come first.

#: Raised whenever the rules below change: a registry whose stored loose keys were made by older rules makes them
#: again when it is opened (a registry that says nothing was made by the first rules).
LOOSE_RULES = 1

_OKINA_O = re.compile(f"[oO][{_APOSTROPHES}]")  # oʻ (ў), which people also spell u
_HYPHENATED = re.compile(r"\w+(?:-\w+)+")
_LOOSE_YO = re.compile(r"(?<=[bcdfgjklmnpqrstvwxzбвгджзклмнпрстфхцчшщ])yo")
_LOOSE_STEPS = (
    (re.compile(r"sh"), "w"),  # w is free once w -> v has run
    (re.compile(r"ch"), "q"),  # q is free: the exact key makes every q a k
    (re.compile(r"t[sz]"), "s"),
    (re.compile(r"c(?=[eiy])"), "s"),
    (re.compile(r"c"), "k"),
    (re.compile(r"(?<=[aeiou])j(?=[bcdfgklmnpqrstvxz])|(?<=[^aeiou]i)j(?=[aeou])|(?<=l)j(?=[aeou])"
                r"|(?<=[aeou])j(?=[ae])|(?<=i)j\b"), ""),  # j written for й
    (re.compile(r"ph"), "f"),
    (re.compile(r"th"), "t"),
    (re.compile(r"ngh"), "nh"),
    (re.compile(r"gh"), "g"),
    (re.compile(r"dj"), "j"),
    (re.compile(r"h"), "x"),
    (re.compile(r"x"), "ks"),
    (re.compile(r"(?<=e)o|o(?=e)"), ""),  # Seoul = Сеул, Goethe = Гёте
    (re.compile(r"(?<=[aeou])i"), ""),
    (re.compile(r"(?<=[dt])er\b"), "r"),
    (re.compile(r"(?<=l)i(?=a)"), ""),
    (re.compile(r"o"), "a"),
    (re.compile(r"(?<=[bdfgjklmnprstvxzwq])ie"), "e"),
    (re.compile(r"([a-z])\1+"), r"\1"),
)


def _loose(text: str) -> str:
    """The looser skeleton of one text (the steps above)."""
    text = text.replace("ё", "е").replace("Ё", "Е")
    if "yo" in text.lower():
        text = _LOOSE_YO.sub("e", text.lower())
    key = _fold(text.replace("sch", "sh").replace("Sch", "Sh")).replace("w", "v")
    for pattern, replacement in _LOOSE_STEPS:
        key = pattern.sub(replacement, key)
    return key


def _other_forms(text: str) -> list[str]:
    """Other forms of some words of a record's text: oʻ/ў spelt u, hyphenated words written as one."""
    forms = []
    if "ў" in text or "Ў" in text or _OKINA_O.search(text):
        forms.append(_OKINA_O.sub("u", text).replace("ў", "у").replace("Ў", "У"))
    if "-" in text:
        forms.extend(match.group(0).replace("-", "") for match in _HYPHENATED.finditer(text))
    return forms


def loose_key(*texts: str | None) -> str:
    """The looser skeleton of a record's texts: the exact key with the spelling variants above folded together,
    followed by the other forms of the words that have them."""
    text = " ".join(t for t in texts if t)
    if not text:
        return ""
    key = _loose(text)
    words = set(key.split())
    more = [word for form in _other_forms(text) for word in _loose(form).split() if word not in words]
    return " ".join([key, *dict.fromkeys(more)]) if more else key


def loose_tokens(query: str | None) -> list[str]:
    """The de-duplicated loose tokens of a search query (compared with records' loose keys), within the same bounds
    as `query_tokens`: at most MAX_SEARCH_WORDS words of at most MAX_WORD_LENGTH characters."""
    if not query:
        return []
    tokens = dict.fromkeys(token[:MAX_WORD_LENGTH] for token in _loose(query[:MAX_SEARCH_LENGTH]).split())
    return list(tokens)[:MAX_SEARCH_WORDS]


def matches_loosely(query: str | None, *texts: str | None) -> bool:
    """Whether `query` finds `texts` exactly or by a spelling variant (an empty query matches everything)."""
    if matches(query, *texts):
        return True
    key = loose_key(*texts)
    return all(token in key for token in loose_tokens(query))
