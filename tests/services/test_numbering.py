"""Registration numbers: the next one follows the office's pattern or the register's own numbers."""

from __future__ import annotations

import datetime as dt

import pytest

from app.models import Agreement
from app.services.registers.numbering import infer_pattern, next_number, suggest_number


def test_the_numbers_of_the_year_show_the_pattern_and_where_it_stands() -> None:
    numbers = ["XA-2014/03", "XA-2014/05", "XA-2025/07", "XA-2026/01"]
    assert infer_pattern(numbers, year=2026) == "XA-{year}/{seq:02}"
    assert next_number(numbers, year=2026) == "XA-2026/02"
    assert next_number(numbers, year=2014) == "XA-2014/06"  # the highest of the year, gaps left alone


def test_a_year_without_numbers_starts_at_one_after_the_newest_pattern() -> None:
    assert next_number(["12/2024", "13/2024", "XA-2025/09"], year=2027) == "XA-2027/01"
    assert next_number(["1", "2", "15"], year=2026) == "16"  # no year in the numbers: one count for all years
    assert next_number([], year=2026) is None  # nothing says how numbers look
    assert next_number(["draft", ""], year=2026) is None


def test_the_commonest_pattern_of_the_year_wins_over_a_stray_number() -> None:
    numbers = ["XA-2026/01", "MoU 2026-7", "XA-2026/02", "XA-2026/03"]
    assert next_number(numbers, year=2026) == "XA-2026/04"


def test_an_office_pattern_is_followed_and_counts_only_its_own_numbers() -> None:
    numbers = ["XA-2026/01", "XA-2026/02", "15-X/2026", "16-X/2026", "3-X/2025"]
    assert next_number(numbers, year=2026, pattern="{seq}-X/{year}") == "17-X/2026"
    assert next_number(numbers, year=2025, pattern="{seq}-X/{year}") == "4-X/2025"
    assert next_number([], year=2026, pattern="IR-{year}-{seq:03}") == "IR-2026-001"
    assert next_number(["A{2026}1"], year=2026, pattern="A{{{year}}}{seq}") == "A{2026}2"  # braces written doubled


def test_a_number_already_taken_is_skipped() -> None:
    assert next_number(["XA-2026/01", "XA-2026/03", "XA-2026/02"], year=2026) == "XA-2026/04"
    assert next_number(["7", "8"], year=2026, pattern="{seq}") == "9"


@pytest.mark.usefixtures("any_database")
def test_the_register_suggests_its_next_number() -> None:
    for number, signed in (("XA-2025/04", dt.date(2025, 5, 1)), ("XA-2026/01", dt.date(2026, 2, 1)),
                           ("XA-2026/02", None), (None, dt.date(2026, 3, 1))):  # fmt: skip
        Agreement.create(reg_number=number, title_en=f"Agreement {number}", signed_on=signed)
    assert suggest_number("agreements", year=2026) == "XA-2026/03"
    assert suggest_number("agreements", year=2027) == "XA-2027/01"
    assert suggest_number("agreements", year=2026, pattern="IR/{year}/{seq}") == "IR/2026/1"
