"""Tests of script-, case- and apostrophe-insensitive search keys."""

from __future__ import annotations

import pytest

from app.text.search_keys import fold_for_compare, matches, query_tokens, search_key

KOREA_RECORDS = [
    "Корея Республикаси Миллий кутубхонаси",
    "Koreya Respublikasi Milliy kutubxonasi",
    "National Library of Korea",
]

REQUIRED_MATCHES = [
    *[(query, record) for query in ("Koreya", "КОРЕЯ", "korea", "Korea", "Корея") for record in KOREA_RECORDS],
    ("Toshkent", "Тошкент"),
    ("Tashkent", "Ташкент"),
    ("тошкент", "Toshkent"),
    *[
        (query, record)
        for query in ("oʻzbekiston", "o'zbekiston", "o‘zbekiston", "o`zbekiston", "oʼzbekiston", "ozbekiston")
        for record in ("Oʻzbekiston", "Ўзбекистон", "O'ZBEKISTON RESPUBLIKASI")
    ],
    ("Ўзбекистон", "O‘zbekiston"),
    ("Кыргызстан", "Kyrgyzstan"),
    ("Kyrgyzstan", "Кыргызстан"),
    ("Халқаро", "Xalqaro aloqalar"),
    ("xalqaro", "Халқаро алоқалар"),
    ("Khabarovsk", "Хабаровск"),
    ("Хабаровск", "Khabarovsk"),
    ("Центр", "Tsentr"),
    ("Tsentr", "Информационный центр"),
    ("Гёте", "Gyote instituti"),
    ("Gyote", "Институт Гёте"),
    ("Щукин", "Shchukin"),
    ("Shchukin", "Щукин"),
    ("Жуков", "Zhukov"),
    ("ШОС", "Зал знаний ШОС"),
    ("sco", "SCO Knowledge Hall"),
    ("ИФЛА", "ИФЛА/РАС"),
    ("ifla", "ИФЛА/РАС"),
    ("Yevropa", "Европа"),
    ("Европа", "Yevropa Ittifoqi"),
    ("Milliy", "Миллий кутубхона"),
    ("Aliyev", "Алиев Алишер"),
    ("maʼruza", "маъруза"),
    ("yoʻq", "йўқ"),
    ("Qatar", "Катар"),
    ("cafe", "Café Müller"),
    ("istanbul", "İstanbul"),
    ("Cagri", "Çağrı"),
    ("서울", "국립중앙도서관, 서울"),
    ("თბილისი", "Tbilisi / თბილისი"),
    ("مكتبة", "مكتبة الإسكندرية"),
    ("2024", "Shartnoma № 15/2024"),
    ("15", "Shartnoma № 15/2024"),
    ("milliy kutubxona", "Ўзбекистон Миллий кутубхонаси"),
    ("kutubxona milliy", "Ўзбекистон Миллий кутубхонаси"),
    ("kutub", "Ўзбекистон Миллий кутубхонаси"),
    ("Национальная библиотека", "Natsionalnaya biblioteka Respubliki Koreya"),
    ("ozbekiston milliy", "Oʻzbekiston Milliy kutubxonasi"),
]

REQUIRED_NON_MATCHES = [
    ("Korea", "Kazakhstan"),
    ("Корея", "Казахстан"),
    ("Toshkent", "Samarqand"),
    ("Тошкент", "Самарқанд"),
    ("Koreya", "Yaponiya Milliy parlament kutubxonasi"),
    ("ШОС", "ИФЛА/РАС"),
    ("Germaniya", "Fransiya"),
    ("Milliy kutubxona", "Milliy arxiv"),
    ("sco", "IFLA"),
    ("2024", "Shartnoma № 15/2023"),
    ("서울", "부산"),
]


@pytest.mark.parametrize(("query", "record"), REQUIRED_MATCHES)
def test_required_matches(query: str, record: str) -> None:
    assert matches(query, record)
    assert all(token in search_key(record) for token in query_tokens(query))


@pytest.mark.parametrize(("query", "record"), REQUIRED_NON_MATCHES)
def test_required_non_matches(query: str, record: str) -> None:
    assert not matches(query, record)


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("Корея Республикаси Миллий кутубхонаси", "korea respublikasi milli kutubxonasi"),
        ("Koreya Respublikasi Milliy kutubxonasi", "korea respublikasi milli kutubxonasi"),
        ("Oʻzbekiston", "ozbekiston"),
        ("Ўзбекистон", "ozbekiston"),
        ("O´zbekiston", "ozbekiston"),
        ("Кыргызстан", "kirgizstan"),
        ("Kyrgyzstan", "kirgizstan"),
        ("Хабаровск", "xabarovsk"),
        ("Khabarovsk", "xabarovsk"),
        ("Гёте", "gote"),
        ("Gyote", "gote"),
        ("Центр", "tsentr"),
        ("ИФЛА/РАС", "ifla ras"),
        ("  Many   spaces\t\nhere ", "mani spaces here"),
        ("Straße", "strasse"),
        ("ＡＢＣ１２３", "abc123"),
        ("ﬁle", "file"),
        ("١٢٣", "123"),
        ("soft\u00adhyphen", "softhiphen"),
        ("e\u0301te\u0301", "ete"),
        ("Łódź Ørsted Þór", "lodz orsted thor"),
        ("서울 국립중앙도서관", "서울 국립중앙도서관"),
    ],
)
def test_search_key(text: str, key: str) -> None:
    assert search_key(text) == key


def test_search_key_joins_texts_and_skips_empty() -> None:
    assert search_key("Toshkent", None, "", "Seul") == "toshkent seul"
    assert search_key("Toshkent", "Seul") == search_key("Toshkent Seul")


@pytest.mark.parametrize("texts", [(), (None,), ("",), (None, ""), ("   ",), ("%_\\",), ("ʻʼ'",)])
def test_search_key_empty(texts: tuple[str | None, ...]) -> None:
    assert search_key(*texts) == ""


@pytest.mark.parametrize(
    "text",
    [
        "50%_off\\",
        "%",
        "_",
        "\\",
        "a_b%c\\d",
        "100 % foiz",
        "snake_case_name",
        "C:\\Users\\%USERNAME%",
        "＿％＼",
        "Ю_Я%Ш\\Ц",
        "﹪﹨",
    ],
)
def test_search_key_is_like_safe(text: str) -> None:
    key = search_key(text)
    assert not set(key) & {"%", "_", "\\"}
    assert key == key.strip()
    assert "  " not in key


def test_like_safe_for_every_bmp_character() -> None:
    text = "".join(chr(cp) for cp in range(0x20, 0x3000) if not 0xD800 <= cp <= 0xDFFF)
    key = search_key(text)
    assert not set(key) & {"%", "_", "\\"}


@pytest.mark.parametrize(
    ("query", "tokens"),
    [
        ("", []),
        (None, []),
        ("   ", []),
        ("Koreya", ["korea"]),
        ("Milliy  kutubxona", ["milli", "kutubxona"]),
        ("Корея korea KOREYA", ["korea"]),
        ("ИФЛА/РАС", ["ifla", "ras"]),
        ("50%_off", ["50", "off"]),
        ("o'zbekiston, Ўзбекистон", ["ozbekiston"]),
    ],
)
def test_query_tokens(query: str | None, tokens: list[str]) -> None:
    assert query_tokens(query) == tokens


def test_empty_query_matches_everything() -> None:
    assert matches("", "anything")
    assert matches(None, None)
    assert matches("  ", "Korea")


def test_matches_none_record() -> None:
    assert not matches("Korea", None)
    assert not matches("Korea")


def test_all_tokens_must_match() -> None:
    assert matches("Koreya milliy", "Корея Республикаси Миллий кутубхонаси")
    assert not matches("Koreya arxiv", "Корея Республикаси Миллий кутубхонаси")


def test_matches_across_several_fields() -> None:
    assert matches("Koreya Seul", "Корея Республикаси Миллий кутубхонаси", None, "Сеул")


@pytest.mark.parametrize(
    "names",
    [
        ("Национальная библиотека Кореи", "Natsionalnaya biblioteka  Korei ", "natsional'naya biblioteka korei"),
        ("Oʻzbekiston", "O'zbekiston", "Ўзбекистон", "O‘ZBEKISTON", "oʼzbekiston"),
        ("ИФЛА/РАС", "ifla ras", "IFLA - RAS"),
        ("Koreya Respublikasi", "Корея Республикаси", "KOREA RESPUBLIKASI"),
    ],
)
def test_fold_for_compare_equal(names: tuple[str, ...]) -> None:
    assert len({fold_for_compare(name) for name in names}) == 1


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Toshkent", "Samarqand"),
        ("Национальная библиотека Кореи", "Национальная библиотека Японии"),
        ("Koreya Respublikasi", "Koreya"),
    ],
)
def test_fold_for_compare_different(a: str, b: str) -> None:
    assert fold_for_compare(a) != fold_for_compare(b)


def test_fold_for_compare_empty() -> None:
    assert fold_for_compare(None) == ""
    assert fold_for_compare("") == ""
