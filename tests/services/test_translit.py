"""Tests of Uzbek Latin <-> Cyrillic transliteration."""

from __future__ import annotations

import pytest

from app.text.translit import OKINA, TUTUQ, normalize_uz_latin_apostrophes, uz_cyrillic_to_latin, uz_latin_to_cyrillic

# (Latin with ʻ U+02BB / ʼ U+02BC, Cyrillic): each converts to the other exactly.
ROUND_TRIPS = [
    ("Oʻzbekiston Milliy kutubxonasi", "Ўзбекистон Миллий кутубхонаси"),
    ("Xalqaro aloqalarni tashkil etish xizmati", "Халқаро алоқаларни ташкил этиш хизмати"),
    ("Toshkent", "Тошкент"),
    ("yigʻma hisobot", "йиғма ҳисобот"),
    ("maʼruza", "маъруза"),
    ("Yevropa", "Европа"),
    ("Saqlash", "Сақлаш"),
    ("OʻCHIRISH", "ЎЧИРИШ"),
    ("yoʻq", "йўқ"),
    ("shartnoma", "шартнома"),
    ("Gʻalaba", "Ғалаба"),
    ("{count} ta yozuv", "{count} та ёзув"),
    ("%(name)s saqlandi", "%(name)s сақланди"),
    ("&Fayl", "&Файл"),
    ("Qoʻshma loyiha", "Қўшма лойиҳа"),
    ("sentabr", "сентябр"),
    ("Oktabr oyida", "Октябр ойида"),
    ("noyabr", "ноябр"),
    ("Isʼhoq", "Исҳоқ"),
    ("togʻ va bogʻ", "тоғ ва боғ"),
    ("yangi", "янги"),
    ("yuborish", "юбориш"),
    ("Aliyev", "Алиев"),
    ("poeziya", "поэзия"),
    ("obyekt", "объект"),
    ("sanʼat", "санъат"),
    ("Mamlakatlar roʻyxati", "Мамлакатлар рўйхати"),
    ("Hamkorlik shartnomasi muddati tugadi", "Ҳамкорлик шартномаси муддати тугади"),
    ("OʻZBEKISTON RESPUBLIKASI", "ЎЗБЕКИСТОН РЕСПУБЛИКАСИ"),
    ("Eksport", "Экспорт"),
    ("Sh", "Ш"),
    ("Yo", "Ё"),
    ("2024-yil 15-sentabr", "2024-йил 15-сентябр"),
    ("", ""),
]


@pytest.mark.parametrize(("latin", "cyrillic"), ROUND_TRIPS)
def test_latin_to_cyrillic(latin: str, cyrillic: str) -> None:
    assert uz_latin_to_cyrillic(latin) == cyrillic


@pytest.mark.parametrize(("latin", "cyrillic"), ROUND_TRIPS)
def test_cyrillic_to_latin(latin: str, cyrillic: str) -> None:
    assert uz_cyrillic_to_latin(cyrillic) == latin


@pytest.mark.parametrize(("latin", "cyrillic"), ROUND_TRIPS)
def test_round_trip(latin: str, cyrillic: str) -> None:
    assert uz_cyrillic_to_latin(uz_latin_to_cyrillic(latin)) == latin
    assert uz_latin_to_cyrillic(uz_cyrillic_to_latin(cyrillic)) == cyrillic


@pytest.mark.parametrize("mark", ["\u02bb", "\u02bc", "'", "\u2018", "\u2019", "`"])
@pytest.mark.parametrize(
    ("template", "cyrillic"),
    [
        ("O{}zbekiston", "Ўзбекистон"),
        ("o{}zbek", "ўзбек"),
        ("G{}alaba", "Ғалаба"),
        ("yo{}q", "йўқ"),
        ("ma{}ruza", "маъруза"),
        ("s{}h", "сҳ"),
    ],
)
def test_apostrophe_variants(mark: str, template: str, cyrillic: str) -> None:
    assert uz_latin_to_cyrillic(template.format(mark)) == cyrillic


@pytest.mark.parametrize(
    ("cyrillic", "latin"),
    [("Ўзбекистон", f"O{OKINA}zbekiston"), ("ғалаба", f"g{OKINA}alaba"), ("маъруза", f"ma{TUTUQ}ruza")],
)
def test_latin_output_uses_modifier_letters(cyrillic: str, latin: str) -> None:
    result = uz_cyrillic_to_latin(cyrillic)
    assert result == latin
    assert not set("'\u2018\u2019`") & set(result)


@pytest.mark.parametrize(
    ("latin", "cyrillic"),
    [
        ("Shartnoma", "Шартнома"),
        ("SHARTNOMA", "ШАРТНОМА"),
        ("ShARTNOMA", "ШАРТНОМА"),
        ("Choy", "Чой"),
        ("CHOY", "ЧОЙ"),
        ("Yangi", "Янги"),
        ("YANGI", "ЯНГИ"),
        ("YEVROPA", "ЕВРОПА"),
        ("OʻZBEK", "ЎЗБЕК"),
        ("oʻzbek", "ўзбек"),
    ],
)
def test_case_latin_to_cyrillic(latin: str, cyrillic: str) -> None:
    assert uz_latin_to_cyrillic(latin) == cyrillic


@pytest.mark.parametrize(
    ("cyrillic", "latin"),
    [
        ("Шартнома", "Shartnoma"),
        ("ШАРТНОМА", "SHARTNOMA"),
        ("ШОС", "SHOS"),
        ("Ш", "Sh"),
        ("ЧОЙ", "CHOY"),
        ("Ёзув", "Yozuv"),
        ("ЁЗУВ", "YOZUV"),
        ("ЮНЕСКОнинг", "YUNESKOning"),
        ("Европа", "Yevropa"),
        ("ЕВРОПА", "YEVROPA"),
        ("ЎЧИРИШ", "OʻCHIRISH"),
    ],
)
def test_case_cyrillic_to_latin(cyrillic: str, latin: str) -> None:
    assert uz_cyrillic_to_latin(cyrillic) == latin


@pytest.mark.parametrize(
    ("cyrillic", "latin"),
    [
        ("Центр", "Sentr"),
        ("ЦЕНТР", "SENTR"),
        ("Франция", "Fransiya"),
        ("милиция", "militsiya"),
        ("поэзия", "poeziya"),
        ("Щукин", "Shukin"),
        ("Кыргызстан", "Kirgizstan"),
        ("пьеса", "pyesa"),
        ("объект", "obyekt"),
        ("сентябрь", "sentabr"),
        ("Национальная библиотека", "Natsionalnaya biblioteka"),
    ],
)
def test_cyrillic_only_letters(cyrillic: str, latin: str) -> None:
    assert uz_cyrillic_to_latin(cyrillic) == latin


@pytest.mark.parametrize(
    ("latin", "cyrillic"),
    [
        ("{count} ta yozuv", "{count} та ёзув"),
        ("{name} saqlandi", "{name} сақланди"),
        ("{0} dan {1} gacha", "{0} дан {1} гача"),
        ("{count:d} ta", "{count:d} та"),
        ("{{yozuv}}", "{{yozuv}}"),
        ("%(name)s saqlandi", "%(name)s сақланди"),
        ("%(count)d ta yozuv", "%(count)d та ёзув"),
        ("%(sum).2f soʻm", "%(sum).2f сўм"),
        ("%s ta yozuv", "%s та ёзув"),
        ("%d ta", "%d та"),
        ("%sni saqlash", "%sни сақлаш"),
        ("%n ta yozuv", "%n та ёзув"),
        ("%1 dan %2 gacha", "%1 дан %2 гача"),
        ("50%dan koʻp", "50%дан кўп"),
        ("100%% tayyor", "100%% тайёр"),
        ("<b>Saqlash</b>", "<b>Сақлаш</b>"),
        ('<a href="https://natlib.uz">sayt</a>', '<a href="https://natlib.uz">сайт</a>'),
        ("Fayl &amp; papka", "Файл &amp; папка"),
        ("Manzil: www.natlib.uz", "Манзил: www.natlib.uz"),
        ("Pochta: info@natlib.uz", "Почта: info@natlib.uz"),
    ],
)
def test_placeholders_and_markup_survive(latin: str, cyrillic: str) -> None:
    assert uz_latin_to_cyrillic(latin) == cyrillic
    assert uz_cyrillic_to_latin(cyrillic) == latin


@pytest.mark.parametrize(
    ("latin", "cyrillic"),
    [
        ("&Fayl", "&Файл"),
        ("Sa&qlash", "Са&қлаш"),
        ("&Eksport", "&Экспорт"),
        ("&Yordam", "&Ёрдам"),
        ("&Oʻchirish", "&Ўчириш"),
        ("Oʻ&chirish", "Ў&чириш"),
        ("Tom & Jerri", "Том & Жерри"),
        ("R&&D", "Р&&Д"),
    ],
)
def test_accelerators_stay_in_place(latin: str, cyrillic: str) -> None:
    assert uz_latin_to_cyrillic(latin) == cyrillic
    assert uz_cyrillic_to_latin(cyrillic) == latin


@pytest.mark.parametrize(
    "text",
    ["2024", "12:30, 15.09.2024", "— … «» () [] !?", "Корея", "한국"],
)
def test_non_uzbek_latin_passes_through(text: str) -> None:
    assert uz_latin_to_cyrillic(text) == text


@pytest.mark.parametrize("text", ["2024", "Koreya", "한국", "O'zbekiston 12:30"])
def test_non_cyrillic_passes_through(text: str) -> None:
    assert uz_cyrillic_to_latin(text) == text


def test_quotes_are_not_tutuq() -> None:
    assert uz_latin_to_cyrillic("'Saqlash' tugmasi") == "'Сақлаш' тугмаси"


def test_sh_is_always_one_letter() -> None:
    assert uz_latin_to_cyrillic("Ishxona") == "Ишхона"
    assert uz_latin_to_cyrillic("Isʼhoq") == "Исҳоқ"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("O'zbekiston", "Oʻzbekiston"),
        ("g`alaba", "gʻalaba"),
        ("ma'ruza", "maʼruza"),
        ("ma’ruza", "maʼruza"),
        ("'Saqlash'", "'Saqlash'"),
        ("{o'} o'zbek", "{o'} oʻzbek"),
    ],
)
def test_normalize_latin_apostrophes(text: str, expected: str) -> None:
    assert normalize_uz_latin_apostrophes(text) == expected


@pytest.mark.parametrize(
    ("latin", "cyrillic"),
    [
        ("Hamma joyda qidirish (Ctrl+K)", "Ҳамма жойда қидириш (Ctrl+K)"),
        ("Saqlash (Ctrl+S)", "Сақлаш (Ctrl+S)"),
        ("Yangilash (F5)", "Янгилаш (F5)"),
        ("Excelga eksport", "Excelга экспорт"),
        ("PDF faylni ochish", "PDF файлни очиш"),
        ("SQLite yoki PostgreSQL", "SQLite ёки PostgreSQL"),
    ],
)
def test_shortcuts_and_format_names_stay_in_latin_letters(latin: str, cyrillic: str) -> None:
    assert uz_latin_to_cyrillic(latin) == cyrillic


@pytest.mark.parametrize(
    ("latin", "cyrillic"),
    [
        ("IFLA/PAC", "ИФЛА/ПАС"),  # letters outside the Uzbek alphabet still become Cyrillic: no mixed words
        ("Xorijiy delegatsiyalar", "Хорижий делегациялар"),
        ("operatsion tizim", "операцион тизим"),
        ("Shartnomalar reestri", "Шартномалар реестри"),
        ("«L’Orientale» universiteti", "«Л’Ориэнтале» университети"),  # a foreign elision is not a tutuq
    ],
)
def test_loanwords_and_foreign_letters(latin: str, cyrillic: str) -> None:
    assert uz_latin_to_cyrillic(latin) == cyrillic


@pytest.mark.parametrize(
    ("latin", "cyrillic"),
    [
        ("Excel fayllari (*.xlsx *.xlsm)", "Excel файллари (*.xlsx *.xlsm)"),  # a file chooser's filter must match
        ("Excel fayli (.xlsx) kerak", "Excel файли (.xlsx) керак"),
        (
            "nusxani “hamkor restore FILE --replace” bilan tiklang",
            "нусхани “hamkor restore FILE --replace” билан тикланг",
        ),
        ("bitta hamkor boʻyicha", "битта ҳамкор бўйича"),  # the Uzbek word outside a quoted command
        ("Masalan: postgresql://user@server/name", "Масалан: postgresql://user@server/name"),
        ("Qachon (UTC)", "Қачон (UTC)"),
        ("standart: “backups” jildi", "стандарт: “backups” жилди"),
    ],
)
def test_technical_text_is_kept_as_it_is(latin: str, cyrillic: str) -> None:
    assert uz_latin_to_cyrillic(latin) == cyrillic
