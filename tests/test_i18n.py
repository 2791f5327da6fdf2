"""The catalogs: complete, current, consistent; the interface languages; formatting with babel."""

from __future__ import annotations

import datetime as dt
import gettext
import re
from decimal import Decimal
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from app import catalogs
from app.i18n import (
    _,
    date_hint,
    format_date,
    format_datetime,
    format_money,
    ngettext,
    normalize_language,
    pgettext,
    set_language,
)
from app.text.countries import country_name
from app.text.names import localized_name

ROOT = Path(__file__).resolve().parent.parent
PLACEHOLDER = re.compile(r"\{\w*\}")


def load(language: str):  # noqa: ANN201
    with (ROOT / "translations" / language / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        return read_po(handle)


@pytest.mark.parametrize("language", ["uz", "ru"])
def test_every_message_is_translated_without_fuzzy_entries_and_with_the_same_placeholders(language: str) -> None:
    problems = []
    for message in load(language):
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        texts = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.fuzzy:
            problems.append(("fuzzy", ids[0]))
        if not all(texts):
            problems.append(("untranslated", ids[0]))
            continue
        wanted = set(PLACEHOLDER.findall(ids[0]))
        for text in texts:
            if set(PLACEHOLDER.findall(text)) != wanted:
                problems.append(("placeholders", ids[0], text))
            if ids[0].count("&") != text.count("&"):
                problems.append(("accelerator", ids[0], text))
    assert problems == []


def test_uzbek_uses_the_official_okina_and_tutuq_letters() -> None:
    wrong = [
        m.string for m in load("uz") if m.id and isinstance(m.string, str) and re.search(r"[oOgG]['‘’`ʼ]", m.string)
    ]
    assert wrong == []
    apostrophes = [m.string for m in load("uz") if isinstance(m.string, str) and re.search(r"\w['‘’`]\w", m.string)]
    assert apostrophes == []


def test_the_catalogs_hold_exactly_the_messages_of_the_code() -> None:
    template = {(m.context, m.id) for m in catalogs.extract() if m.id}
    for language in ("uz", "ru", "uz_Cyrl"):
        stored = {(m.context, m.id) for m in load(language) if m.id}
        assert stored == template, f"run: python -m app.catalogs ({language} differs)"


@pytest.mark.parametrize("language", ["uz", "ru"])
def test_the_compiled_catalog_matches_its_source(language: str) -> None:
    compiled = gettext.translation("messages", str(ROOT / "translations"), languages=[language])
    for message in load(language):
        if not message.id or isinstance(message.id, tuple):
            continue
        got = compiled.pgettext(message.context, message.id) if message.context else compiled.gettext(message.id)
        assert got == (message.string or message.id), f"run: python -m app.catalogs ({message.id!r})"


def test_russian_has_three_plural_forms() -> None:
    set_language("ru")
    forms = [ngettext("{count} record", "{count} records", n).format(count=n) for n in (1, 2, 5, 21, 22, 25, 11)]
    assert forms == ["1 запись", "2 записи", "5 записей", "21 запись", "22 записи", "25 записей", "11 записей"]


def test_uzbek_cyrillic_is_derived_from_the_uzbek_catalog() -> None:
    set_language("uz")
    latin = _("Partners")
    set_language("uz-Cyrl")
    cyrillic = _("Partners")
    assert latin == "Hamkorlar"
    assert cyrillic == "Ҳамкорлар"
    assert _("Search everywhere (Ctrl+K)") != "Search everywhere (Ctrl+K)"
    assert "Ctrl+K" in _("Search everywhere (Ctrl+K)")
    counted = ngettext("{count} record", "{count} records", 3).format(count=3)
    assert counted.startswith("3 ") and re.search("[а-яўқғҳ]", counted)
    assert pgettext("Qt", "Cancel") != "Cancel"
    assert (_("Seminar"), _("Grant")) == ("Семинар", "Грант")  # the Uzbek word reads as the English: still Cyrillic
    assert _("A message no catalog holds") == "A message no catalog holds"  # English, not English in Cyrillic


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("ru_RU.UTF-8", "ru"),
        ("uz_UZ", "uz"),
        ("uz_UZ@cyrillic", "uz-Cyrl"),
        ("uz-Cyrl", "uz-Cyrl"),
        ("en_GB", "en"),
        ("de_DE", None),
        ("", None),
    ],
)
def test_language_names_from_the_system_and_the_command_line(value: str, expected: str | None) -> None:
    assert normalize_language(value) == expected


@pytest.mark.parametrize(
    ("language", "korea", "date", "money"),
    [
        ("en", "South Korea", "01/03/2019", "$1,250.50"),
        ("ru", "Республика Корея", "01.03.2019", "1\u00a0250,50\u00a0$"),
        ("uz", "Janubiy Koreya", "01.03.2019", "1\u00a0250,50\u00a0US$"),
    ],
)
def test_countries_dates_and_money_come_from_cldr_in_the_interface_language(
    language: str, korea: str, date: str, money: str
) -> None:
    set_language(language)
    assert country_name("KR", language) == korea
    assert plain(format_date(dt.date(2019, 3, 1))) == plain(date)
    assert plain(format_money(Decimal("1250.50"), "USD")) == plain(money)


def plain(text: str) -> str:
    """Text with CLDR's no-break spaces as ordinary ones (their kind varies between CLDR versions)."""
    return text.replace("\u00a0", " ").replace("\u202f", " ")


def test_a_multilingual_name_falls_back_to_another_language() -> None:
    partner = {
        "name_uz": "Koreya Milliy kutubxonasi",
        "name_ru": "",
        "name_en": "National Library of Korea",
        "name_orig": "국립중앙도서관",
    }
    assert localized_name(partner, "name", "en") == "National Library of Korea"
    assert localized_name(partner, "name", "ru") == "Koreya Milliy kutubxonasi"
    assert localized_name(partner, "name", "uz") == "Koreya Milliy kutubxonasi"
    assert localized_name(partner, "name", "uz-Cyrl") == "Корея Миллий кутубхонаси"
    assert localized_name({"name_orig": "국립중앙도서관"}, "name", "ru") == "국립중앙도서관"


@pytest.mark.parametrize(("language", "cancel"), [("uz", "Bekor qilish"), ("uz-Cyrl", "Бекор қилиш"), ("ru", "Отмена")])
def test_qts_own_texts_are_compiled_for_every_language(qapp, language: str, cancel: str) -> None:  # noqa: ANN001
    from app.ui.shell.qt_texts import load_qt_texts

    translator = load_qt_texts(qapp, language)
    assert translator is not None
    assert translator.translate("QPlatformTheme", "Cancel") == cancel
    assert translator.translate("QPlatformTheme", "Nothing of ours") == ""


def load_sample(language: str):  # noqa: ANN201
    with (ROOT / "translations" / language / "LC_MESSAGES" / "sample.po").open("rb") as handle:
        return read_po(handle)


@pytest.mark.parametrize("language", ["uz", "ru"])
def test_the_sample_datas_texts_are_all_translated_with_their_placeholders(language: str) -> None:
    from app.services.sample.loader import sample_messages

    catalog = load_sample(language)
    assert {m.id for m in catalog if m.id} == set(sample_messages()), "run: python -m app.catalogs"
    problems = [
        (m.id, m.string)
        for m in catalog
        if m.id and (not m.string or m.fuzzy or set(PLACEHOLDER.findall(m.string)) != set(PLACEHOLDER.findall(m.id)))
    ]
    assert problems == []
    if language == "uz":
        assert [m.string for m in catalog if re.search(r"[oOgG]['‘’`ʼ]|\w['‘’`]\w", m.string or "")] == []


@pytest.mark.parametrize(
    ("language", "shown", "hint"),
    [("en", "03/04/2026", "dd/mm/yyyy"), ("ru", "03.04.2026", "дд.мм.гггг"), ("uz", "03.04.2026", "kk.oo.yyyy"),
     ("uz-Cyrl", "03.04.2026", "кк.оо.йййй")],
)
def test_one_date_style_per_language_that_reads_back_what_it_writes(language: str, shown: str, hint: str) -> None:
    from app.i18n import parse_date

    set_language(language)
    april_3 = dt.date(2026, 4, 3)
    assert format_date(april_3) == shown
    assert parse_date(shown) == april_3  # day first in every language: what a list shows can be typed back
    assert parse_date("3/4/2026") == parse_date("3-4-2026") == parse_date("2026-04-03") == april_3
    assert format_datetime(dt.datetime(2026, 4, 3, 14, 5)) == f"{shown} 14:05"
    assert date_hint() == hint
    for wrong in ("31.02.2026", "2026", "tomorrow", "03.04.20"):  # half typed is no date
        with pytest.raises(ValueError):
            parse_date(wrong)
    assert parse_date("  ") is None


def test_the_guide_exists_in_every_language_with_the_same_sections() -> None:
    from app.i18n import LANGUAGES
    from app.ui.dialogs.help_viewer import guide_folder, guide_sections

    english = guide_sections((guide_folder() / "en.md").read_text(encoding="utf-8"))
    assert english == ["registers", "daily", "settings", "accessibility", "shortcuts"]
    for language in LANGUAGES:
        text = (guide_folder() / f"{language}.md").read_text(encoding="utf-8")
        assert guide_sections(text) == english, language
        assert text.count("\n## ") == len(english), f"{language}: one heading per section"
        assert text.count("\n|") == (guide_folder() / "en.md").read_text(encoding="utf-8").count("\n|"), language
        if language == "uz":
            assert not re.search(r"[oOgG]['‘’`ʼ]|\w['‘’`]\w", text), "Uzbek uses ʻ and ʼ"
        if language in ("ru", "uz-Cyrl"):
            assert not re.search(r"\b(the|and|with|for)\b", text), f"{language}: English left in the guide"


def test_a_translator_speaks_its_language_on_its_own_thread_only() -> None:
    import threading

    from app.i18n import Translator, translator_for

    set_language("en")
    russian = translator_for("ru")
    assert isinstance(russian, Translator) and translator_for(russian) is russian
    assert russian.gettext("Partners") != "Partners" and russian.country_name("KR") == "Республика Корея"
    assert russian.format_date(dt.date(2024, 3, 5)) == "05.03.2024"
    inside, release, seen = threading.Event(), threading.Event(), []

    def write() -> None:
        with russian.in_use():
            inside.set()
            release.wait(10)
            seen.append((_("Partners"), format_date(dt.date(2024, 3, 5))))

    worker = threading.Thread(target=write)
    worker.start()
    assert inside.wait(10)
    assert _("Partners") == "Partners" and format_date(dt.date(2024, 3, 5)) == "05/03/2024"
    set_language("uz")  # the interface switches while the worker writes Russian
    release.set()
    worker.join(10)
    assert seen == [(russian.gettext("Partners"), "05.03.2024")]
    assert _("Partners") == translator_for("uz").gettext("Partners")
