"""Acceptance: country spellings as officers write them (tests/data/country_spellings.tsv) are recognised."""

from __future__ import annotations

from pathlib import Path

from app.text.countries import country_code, country_name, country_search_names, is_country

TABLE = Path(__file__).resolve().parents[1] / "data" / "country_spellings.tsv"


def spellings() -> list[tuple[str, str, str]]:
    lines = TABLE.read_text(encoding="utf-8").splitlines()
    return [tuple(line.split("\t")) for line in lines if line.strip() and not line.startswith("#")]


def test_at_least_98_percent_of_the_spellings_are_recognised_and_none_wrongly() -> None:
    table = spellings()
    assert len(table) >= 150
    assert {language for language, _spelling, _code in table} == {"ru", "uz", "uz-Cyrl", "en"}
    found = {spelling: country_code(spelling) for _language, spelling, _code in table}
    wrong = [(spelling, found[spelling], code) for _l, spelling, code in table if found[spelling] not in (None, code)]
    missed = [spelling for _l, spelling, _code in table if found[spelling] is None]
    assert not wrong
    share = 1 - len(missed) / len(table)
    print(f"\n{len(table)} spellings, {share:.1%} recognised; missed: {missed}")
    assert share >= 0.98, missed


def test_the_existing_country_functions_keep_their_answers() -> None:
    assert country_name("KR", "ru") == "Республика Корея" and is_country("kr") and not is_country("EU")
    assert country_search_names("UZ")[0] == "UZ"
    assert country_code("") is None and country_code("Atlantis") is None
