"""The registry's settings: per language, only what was changed, the environment's override, number patterns."""

from __future__ import annotations

import peewee as pw
import pytest

from app.services import registry_settings as rs


def test_the_organisation_per_language_with_the_library_as_default(any_database: pw.Database) -> None:
    assert rs.organisation_name("en") == "National Library of Uzbekistan named after Alisher Navoi"
    assert rs.organisation_name("ru") == "Национальная библиотека Узбекистана имени Алишера Навои"
    rs.put({"organisation.uz": "Navoiy kutubxonasi", "organisation.en": "Navoi Library"})
    assert rs.organisation_name("uz") == "Navoiy kutubxonasi"
    assert rs.organisation_name("uz-Cyrl") == "Навоий кутубхонаси"
    assert rs.organisation_name("en") == "Navoi Library"
    assert rs.organisation_name("ru") == "Национальная библиотека Узбекистана имени Алишера Навои"


def test_put_changes_only_the_given_keys_and_an_empty_value_removes(any_database: pw.Database) -> None:
    rs.put({"organisation.uz": "A", "organisation.ru": "Б"})
    assert rs.put({"organisation.uz": "A", "organisation.ru": "В"}) == ["organisation.ru"]
    assert rs.put({"organisation.uz": ""}) == ["organisation.uz"]
    assert rs.stored() == {"organisation.ru": "В"}


def test_the_environment_overrides_for_one_run(any_database: pw.Database, monkeypatch: pytest.MonkeyPatch) -> None:
    rs.put({"organisation.en": "Navoi Library"})
    monkeypatch.setenv("HAMKOR_ORGANISATION", "Test Library")
    assert rs.organisation_name("en") == "Test Library"
    assert rs.stored()["organisation.en"] == "Navoi Library"


def test_number_patterns(any_database: pw.Database) -> None:
    assert rs.number_pattern("agreements") == rs.DEFAULT_NUMBER_PATTERNS["agreements"]
    assert rs.number_pattern("trips") == ""
    rs.put({"number_pattern.agreements": "XA-{year}/{seq:03}", "number_pattern.trips": "T-{seq}"})
    assert rs.number_pattern("agreements") == "XA-{year}/{seq:03}"
    assert rs.number_patterns() == {"agreements": "XA-{year}/{seq:03}", "trips": "T-{seq}"}
