"""Lists sort by the shown script: uz-Cyrl in the Uzbek Cyrillic alphabet's order, ru in Russian order, uz and en in
Latin order, the same on SQLite and PostgreSQL (stored sort keys)."""

from __future__ import annotations

import pytest

from app.i18n import set_language
from app.models import ContactPerson, Partner
from app.services.registers.list_query import ListQuery, select_ids
from app.services.registers.list_rows import labels_of
from app.text.sort_keys import sort_key

#: Partners named in Uzbek (Latin; shown in Cyrillic in uz-Cyrl) and in Russian.
PARTNERS = [
    ("Oʻzbekiston Milliy kutubxonasi", "Национальная библиотека Узбекистана"),
    ("Yozuvchilar uyushmasi", "Союз писателей"),
    ("Gʻafur Gʻulom nashriyoti", "Издательство имени Гафура Гуляма"),
    ("Qoraqalpogʻiston kutubxonasi", "Библиотека Каракалпакстана"),
    ("Ҳамкор маркази", "Центр «Хамкор»"),  # stored in Cyrillic: shown as it is
    ("Shanghai kutubxonasi", "Шанхайская библиотека"),
    ("Ahmad Donish instituti", "Институт Ахмада Дониша"),
    ("Ellikqalʼa muzeyi", "Музей Элликкалы"),
    ("Chorsu kutubxonasi", "Ёлочная библиотека"),
    ("Xiva arxivi", "Архив Хивы"),
]

EXPECTED = {
    # Latin order (oʻ as o, gʻ as g; the Cyrillic-only name after the Latin ones)
    "uz": ["Ahmad Donish instituti", "Chorsu kutubxonasi", "Ellikqalʼa muzeyi", "Gʻafur Gʻulom nashriyoti",
           "Oʻzbekiston Milliy kutubxonasi", "Qoraqalpogʻiston kutubxonasi", "Shanghai kutubxonasi", "Xiva arxivi",
           "Yozuvchilar uyushmasi", "Ҳамкор маркази"],
    # the Uzbek Cyrillic alphabet: … х ц ч ш ъ ь э ю я ў қ ғ ҳ
    "uz-Cyrl": ["Аҳмад Дониш институти", "Ёзувчилар уюшмаси", "Хива архиви", "Чорсу кутубхонаси",
                "Шангҳаи кутубхонаси", "Элликқалъа музейи", "Ўзбекистон Миллий кутубхонаси",
                "Қорақалпоғистон кутубхонаси", "Ғафур Ғулом нашриёти", "Ҳамкор маркази"],
    # Russian order (ё as е)
    "ru": ["Архив Хивы", "Библиотека Каракалпакстана", "Ёлочная библиотека", "Издательство имени Гафура Гуляма",
           "Институт Ахмада Дониша", "Музей Элликкалы", "Национальная библиотека Узбекистана", "Союз писателей",
           "Центр «Хамкор»", "Шанхайская библиотека"],
}  # fmt: skip


@pytest.mark.parametrize("language", ["uz", "uz-Cyrl", "ru"])
def test_partners_sort_in_the_order_of_the_shown_script(any_database, language: str) -> None:  # noqa: ANN001
    for uz, ru in PARTNERS:
        Partner.create(name_uz=uz, name_ru=ru, kind="library", country="UZ")
    set_language(language)
    try:
        ids = select_ids(ListQuery("partners"))
        shown = [labels_of("partners", ids)[i] for i in ids]
        descending = select_ids(ListQuery("partners", order=("name", True)))
    finally:
        set_language("en")
    assert shown == EXPECTED[language]
    assert list(descending) == list(reversed(ids))


def test_people_sort_by_their_names_in_each_order(any_database) -> None:  # noqa: ANN001
    library = Partner.create(name_en="Library", kind="library").id
    for name in ("Ёқубов Ўткир", "Зиёев Ҳамид", "Яхёев Бахтиёр", "Ўринов Қосим", "Olimov Anvar", "Ёрматов"):
        ContactPerson.create(full_name=name, partner=library)
    orders = {}
    for language in ("en", "ru", "uz-Cyrl"):
        set_language(language)
        try:
            ids = select_ids(ListQuery("contacts"))
        finally:
            set_language("en")
        orders[language] = [ContactPerson.get_by_id(i).full_name for i in ids]
    assert orders["en"] == ["Olimov Anvar", "Ёқубов Ўткир", "Ёрматов", "Зиёев Ҳамид", "Ўринов Қосим", "Яхёев Бахтиёр"]
    assert orders["ru"] == ["Ёқубов Ўткир", "Ёрматов", "Зиёев Ҳамид", "Ўринов Қосим", "Яхёев Бахтиёр", "Olimov Anvar"]
    assert orders["uz-Cyrl"] == ["Ёрматов", "Ёқубов Ўткир", "Зиёев Ҳамид", "Яхёев Бахтиёр", "Ўринов Қосим",
                                 "Olimov Anvar"]  # қ is a letter of its own after я  # fmt: skip


def test_sort_keys_are_plain_letters_and_digits_that_any_collation_orders_alike() -> None:
    for text in ("Oʻzbekiston", "«Ёлка» 2", "東京 library", "Ҳ"):
        for language in ("uz", "uz-Cyrl", "ru", "en"):
            assert sort_key(text, language).isalnum() and sort_key(text, language).isascii()
