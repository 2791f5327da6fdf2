"""Likely duplicates: names that meet under the looser key (other script, spelling, "im.", word order), with no
different country or kind between them."""

from __future__ import annotations

from app.models import Employee, Partner
from app.services.registers.duplicates import find_duplicates, name_keys


def pair_ids(register: str) -> set[frozenset[int]]:
    return {frozenset((pair.first_id, pair.second_id)) for pair in find_duplicates(register)}


def test_partners_written_in_two_scripts_with_and_without_im_are_paired(any_database) -> None:  # noqa: ANN001
    latin = Partner.create(name_uz="B. N. Yelsin nomidagi Prezident kutubxonasi", kind="national_library",
                           country="RU").id  # fmt: skip
    cyrillic = Partner.create(name_ru="Президентская библиотека им. Б.Н. Ельцина", name_uz="Prezident kutubxonasi "
                              "B. N. Yeltsin", kind="national_library", country="RU").id  # fmt: skip
    elsewhere = Partner.create(name_en="Prezident kutubxonasi B. N. Yelsin", kind="national_library",
                               country="KZ").id  # another country: not the same  # fmt: skip
    other_kind = Partner.create(name_en="B. N. Yelsin nomidagi Prezident kutubxonasi", kind="university",
                                country="RU").id  # fmt: skip
    assert pair_ids("partners") == {frozenset((latin, cyrillic))}
    assert elsewhere and other_kind


def test_a_kind_left_as_other_or_an_empty_country_does_not_keep_a_pair_apart(any_database) -> None:  # noqa: ANN001
    first = Partner.create(name_en="Goethe-Institut Taschkent", kind="cultural_centre", country="DE").id
    second = Partner.create(name_ru="Гёте-институт Ташкент", kind="other", country=None).id
    assert pair_ids("partners") == {frozenset((first, second))}
    assert find_duplicates("partners")[0].reason == "same name"


def test_employees_with_the_name_in_another_order_or_script_are_paired(any_database) -> None:  # noqa: ANN001
    first = Employee.create(full_name="Karimov Alisher").id
    second = Employee.create(full_name="Алишер Каримов").id
    Employee.create(full_name="Karimova Dilnoza")
    assert pair_ids("employees") == {frozenset((first, second))}


def test_name_keys_set_aside_the_words_a_name_is_written_with_or_without() -> None:
    assert name_keys("Alisher Navoiy nomidagi kutubxona") == name_keys("Alisher Navoiy kutubxona")
