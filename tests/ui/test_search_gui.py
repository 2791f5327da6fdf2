"""Searching across scripts, cases and apostrophes through the list's quick search box."""

from __future__ import annotations

import pytest

from app.models import Partner
from tests.ui.conftest import type_text

RECORDS = {
    "korea": dict(
        name_uz="Koreya Respublikasi Milliy kutubxonasi",
        name_ru="Национальная библиотека Кореи",
        name_en="National Library of Korea",
        country="KR",
        city="Seoul",
    ),
    "korea_cyrillic_only": dict(name_uz="Корея Республикаси Миллий кутубхонаси", country="KR"),
    "tashkent_uz": dict(name_uz="Тошкент шаҳар ахборот-кутубхона маркази", city="Тошкент", country="UZ"),
    "tashkent_ru": dict(name_ru="Ташкентский дом фотографии", city="Ташкент", country="UZ"),
    "okina": dict(name_uz="Qoʻqon adabiyot muzeyi"),
    "ascii_apostrophe": dict(name_uz="G'afur G'ulom nashriyoti"),
    "kazakh": dict(name_en="National Academic Library of Kazakhstan", country="KZ"),
}

CASES = [
    ("Koreya", {"korea", "korea_cyrillic_only"}),
    ("КОРЕЯ", {"korea", "korea_cyrillic_only"}),
    ("korea", {"korea", "korea_cyrillic_only"}),
    ("kOrEyA", {"korea", "korea_cyrillic_only"}),
    ("Toshkent", {"tashkent_uz"}),  # and, by a similar spelling, after it: Ташкент
    ("тошкент", {"tashkent_uz"}),
    ("Tashkent", {"tashkent_ru"}),
    ("ТАШКЕНТ", {"tashkent_ru"}),
    ("qoʻqon", {"okina"}),
    ("qo'qon", {"okina"}),
    ("QO‘QON", {"okina"}),
    ("qo`qon", {"okina"}),
    ("qoʼqon", {"okina"}),
    ("Қўқон", {"okina"}),
    ("Oʻzbekiston", {"tashkent_uz", "tashkent_ru"}),  # by their country's name
    ("Ўзбекистон", {"tashkent_uz", "tashkent_ru"}),
    ("gʻafur gʻulom", {"ascii_apostrophe"}),
    ("Ғафур", {"ascii_apostrophe"}),
    ("Kazakhstan", {"kazakh"}),
    ("kutubxona", {"korea", "korea_cyrillic_only", "tashkent_uz"}),
]


@pytest.fixture
def partners(database):  # noqa: ANN001, ANN201
    return {key: Partner.create(kind="library", **values).id for key, values in RECORDS.items()}


@pytest.mark.parametrize(("query", "expected"), CASES)
def test_the_quick_search_finds_across_scripts(qtbot, window, partners, query: str, expected: set[str]) -> None:  # noqa: ANN001
    window.show_page("partners")
    page = window.current_page()
    page.search.clear()
    type_text(qtbot, page.search, query)
    page._apply_search()  # the box also waits a moment after the last key; do not wait for it here
    exact = page.model.ids[: page.model.exact]  # the exact matches come first; similar spellings follow
    found = {key for key, record_id in partners.items() if record_id in exact}
    assert found == expected
