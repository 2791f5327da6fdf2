"""Importing from real .xlsx files into a real SQLite file: mapping, real-world cells, problems, duplicates, writing."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import Workbook

from app.i18n import _, load_translations, set_language
from app.models import Agreement, BookExchange, DelegationVisit, Event, EventCountry, Partner, VisitCountry
from app.models.base import ChangeLog
from app.services.imports.importer import (
    CREATE,
    INVALID,
    MERGED,
    SKIPPED,
    UNCHANGED,
    UPDATE,
    ImportCancelled,
    ImportRefused,
    plan_import,
    read_register_sheet,
    run_import,
)
from app.services.imports.mapping import remembered_key, suggest_mapping, targets
from app.services.registers.list_query import ListQuery, select_ids
from app.services.registers.records import empty_values, save_values
from tests.services.import_helpers import hamkor_layout


def plan_file(path: Path, register: str, on_duplicate: str = "skip", **options):  # noqa: ANN003, ANN201
    sheet = read_register_sheet(path, register, **options)
    return plan_import(
        register=register, sheet=sheet, mapping=suggest_mapping(register, sheet.headers), on_duplicate=on_duplicate
    )


def import_file(path: Path, register: str, on_duplicate: str = "skip", skip_invalid: bool = False):  # noqa: ANN201
    return run_import(plan_file(path, register, on_duplicate), skip_invalid=skip_invalid)


def add_partner(**names: str) -> int:
    values = empty_values("partners")
    values["name"].update(names)
    values["kind"] = "national_library"
    return save_values("partners", values)


def test_the_header_is_found_under_title_lines_and_mapped_from_headers_in_every_language(
    any_database,  # noqa: ANN001
    tmp_path: Path,
) -> None:
    ru, uz, cyrl = (load_translations(language).gettext for language in ("ru", "uz", "uz-Cyrl"))
    headers = [
        ru("Name"),
        "Name (en)",
        "name_orig",
        "short_name",
        uz("Kind"),
        cyrl("Country"),
        "  " + ru("City").upper() + " ",
        "Something else",
    ]
    path = hamkor_layout(
        tmp_path / "p.xlsx",
        headers,
        [["Национальная библиотека Кореи", "National Library of Korea", "국립중앙도서관", "NLK", "Milliy kutubxona"]],
        info=["Exported by tester", "1 record", "Filter: Country: South Korea"],
    )
    sheet = read_register_sheet(path, "partners")
    assert sheet.header_row == 6  # a title line, three info lines, a blank row
    mapping = suggest_mapping("partners", sheet.headers)
    assert mapping == {0: "name", 1: "name:en", 2: "name:orig", 3: "short_name", 4: "kind", 5: "country", 6: "city"}
    run_import(plan_import(register="partners", sheet=sheet, mapping=mapping))
    partner = Partner.get()
    assert (partner.name_ru, partner.name_en, partner.name_orig, partner.short_name, partner.kind) == (
        "Национальная библиотека Кореи",
        "National Library of Korea",
        "국립중앙도서관",
        "NLK",
        "national_library",
    )


def test_a_remembered_mapping_wins_over_the_suggestion_and_can_leave_a_column_out() -> None:
    headers = ["Name", "Locality", "Kind"]
    assert suggest_mapping("partners", headers) == {0: "name", 2: "kind"}
    remembered = {remembered_key("Locality"): "city", remembered_key("Kind"): ""}
    assert suggest_mapping("partners", headers, remembered) == {0: "name", 1: "city"}
    assert {t.key for t in targets("exchange")} >= {"value", "value:currency", "partner", "exchanged_on"}


def test_real_world_cells_dates_numbers_merged_cells_blank_rows_and_several_values(
    any_database,  # noqa: ANN001
    tmp_path: Path,
) -> None:
    partner = add_partner(en="National Library of Korea", ru="Национальная библиотека Кореи")
    ru = load_translations("ru").gettext
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Мероприятия"
    sheet.append(["Events 2019"])
    sheet.append([])
    sheet.append(["Title", "Kind", "Start", "End", "Status", "Place", "Country", "Participating countries"])
    sheet.cell(row=3, column=9, value="Participants")
    sheet.cell(row=3, column=10, value="Organisers and partners")
    rows = [
        ["Book fair  ", ru("Exhibition"), dt.datetime(2019, 3, 1), "05.03.2019", "held", "abroad"]
        + ["Janubiy Koreya", "KR; Япония", "1 200", "Natsionalnaya biblioteka Korei"],
        ["Seminar", "seminar", "2019-04-02", "02/04/2019", ru("Held"), ru("Abroad"), None, "uz; Germany", 40.0],
        [None] * 10,
        ["Round table", "Round table", "7.5.2019", None, "Held", "Abroad", "Россия", None, "35", None],
    ]
    for row in rows:
        sheet.append(row)
    sheet.append(["Lecture", "other", dt.date(2019, 6, 1), None, "held", "abroad", None])
    sheet.merge_cells("G7:G8")  # "Россия" merged down over the Round table row and the Lecture row
    workbook.save(tmp_path / "events.xlsx")

    plan = plan_file(tmp_path / "events.xlsx", "events")
    assert plan.sheet.header_row == 3
    assert [row.action for row in plan.rows] == [CREATE] * 4  # the blank row is not a row
    run_import(plan)
    events = {event.title_en or event.title_uz or event.title_ru: event for event in Event.select()}
    fair = events["Book fair"]
    assert (fair.kind, fair.start_on, fair.end_on, fair.country, fair.participants_total) == (
        "exhibition",
        dt.date(2019, 3, 1),
        dt.date(2019, 3, 5),
        "KR",
        1200,
    )
    assert [
        row.country for row in EventCountry.select().where(EventCountry.event == fair).order_by(EventCountry.id)
    ] == ["KR", "JP"]
    assert [link.partner_id for link in fair.partner_links] == [partner]
    seminar = events["Seminar"]
    assert (seminar.start_on, seminar.end_on, seminar.status, seminar.participants_total) == (
        dt.date(2019, 4, 2),
        dt.date(2019, 4, 2),
        "held",
        40,
    )
    assert {row.country for row in seminar.countries} == {"UZ", "DE"}
    assert events["Round table"].start_on == dt.date(2019, 5, 7)
    assert events["Round table"].country == "RU"
    assert events["Lecture"].country == "RU"  # the merged cell's value applies to every row it covers


def test_every_problem_is_listed_by_row_column_and_reason_in_the_officers_language(
    any_database,  # noqa: ANN001
    tmp_path: Path,
) -> None:
    set_language("ru")
    headers = ["Title", "Kind", "Start", "End", "Status", "Place", "Country", "Organisers and partners"]
    rows = [
        [None, "conference", "01.03.2019", None, "held", "library", None, None],
        ["Atlantis forum", "conference", "01.03.2019", None, "held", "abroad", "Atlantis", None],
        ["Leap day", "conference", "29.02.2019", None, "held", "library", None, None],
        ["Backwards", "conference", "10.03.2019", "01.03.2019", "held", "library", None, None],
        ["Unknown partner", "conference", "01.03.2019", None, "held", "library", None, "Nobody Library"],
        ["Fine", "conference", "01.03.2019", None, "held", "library", None, None],
    ]
    plan = plan_file(hamkor_layout(tmp_path / "e.xlsx", headers, rows), "events")
    found = {(p.row, p.letter, p.column): p.message for p in plan.problems}
    assert found == {
        (5, "A", "Title"): _("Enter the name in at least one language."),
        (6, "G", "Country"): _("Unknown country “{value}”.").format(value="Atlantis"),
        (7, "C", "Start"): _("The date “{value}” does not exist.").format(value="29.02.2019"),
        (8, "D", "End"): _("“{later}” cannot be before “{earlier}”.").format(later=_("End"), earlier=_("Start")),
        (9, "H", "Organisers and partners"): _("Unknown partner “{value}”.").format(value="Nobody Library"),
    }
    assert "Окончание" in found[(8, "D", "End")]  # the field rules' messages come in Russian
    assert plan.problems[0].text() == _("Row {row}, column {letter} “{column}”: {problem}").format(
        row=5, letter="A", column="Title", problem=_("Enter the name in at least one language.")
    )
    assert [row.action for row in plan.rows] == [INVALID] * 5 + [CREATE]
    assert Event.select().count() == 0  # nothing is written by the preview
    with pytest.raises(ImportRefused):
        run_import(plan)
    assert Event.select().count() == 0
    summary = run_import(plan, skip_invalid=True)
    assert (summary.created, summary.skipped_invalid) == (1, 5)
    assert Event.get().title_en == "Fine"


def test_duplicates_are_found_across_scripts_cases_spaces_and_apostrophes(any_database, tmp_path: Path) -> None:  # noqa: ANN001
    korea = add_partner(ru="Национальная библиотека Кореи")
    rows = [
        ["Natsionalnaya biblioteka Korei", "KR", "Seoul"],
        ["  НАЦИОНАЛЬНАЯ   библиотека  кореи ", "KR", "Seoul"],
        ["Oʻzbekiston Milliy kutubxonasi", "UZ", "Tashkent"],
        ["O'zbekiston milliy kutubxonasi", "UZ", "Toshkent"],
        ["O‘ZBEKISTON MILLIY KUTUBXONASI", "UZ", None],
        ["Ўзбекистон Миллий кутубхонаси", "UZ", None],
    ]
    path = hamkor_layout(tmp_path / "p.xlsx", ["Name", "Country", "City"], rows)
    plan = plan_file(path, "partners")
    assert [row.action for row in plan.rows] == [SKIPPED, SKIPPED, CREATE, SKIPPED, SKIPPED, SKIPPED]
    assert [row.duplicate_record for row in plan.rows[:2]] == [korea, korea]
    assert [row.duplicate_row for row in plan.rows[3:]] == [7, 7, 7]
    assert plan.rows[0].duplicate_text() == _("Already in the register: “{title}”.").format(
        title="Национальная библиотека Кореи"
    )
    summary = run_import(plan)
    assert (summary.created, summary.skipped_duplicates) == (1, 5)
    assert Partner.select().count() == 2

    update = plan_file(path, "partners", on_duplicate="update")
    assert [row.action for row in update.rows] == [UPDATE, MERGED, UPDATE, MERGED, MERGED, MERGED]
    summary = run_import(update)
    assert summary.updated == 2  # Korea got its city; Uzbekistan got "Toshkent" from the later row
    stored = Partner.get_by_id(korea)
    assert (stored.city, stored.country, stored.version, stored.name_ru) == (
        "Seoul",
        "KR",
        2,
        "Национальная библиотека Кореи",
    )
    assert stored.name_en == ""  # a name in another script that folds the same is the same name, not a new one
    log = ChangeLog.select().where((ChangeLog.record_id == korea) & (ChangeLog.action == "update")).get()
    assert json.loads(log.changes)["city"] == ["", "Seoul"]

    again = plan_file(path, "partners", on_duplicate="update")
    assert [row.action for row in again.rows] == [UNCHANGED, MERGED, UNCHANGED, MERGED, MERGED, MERGED]
    summary = run_import(again)
    assert (summary.updated, summary.unchanged) == (0, 2)
    assert Partner.get_by_id(korea).version == 2

    created = plan_file(path, "partners", on_duplicate="create")
    assert [row.action for row in created.rows] == [CREATE] * 6
    assert run_import(created).created == 6


def test_agreements_repeat_by_registration_number_as_well_as_by_title(any_database, tmp_path: Path) -> None:  # noqa: ANN001
    partner = add_partner(en="State Library of Turkmenistan")
    values = empty_values("agreements")
    values.update(reg_number="12/2019", kind="agreement", status="in_force", parties=[partner])
    values["title"]["en"] = "Agreement on cooperation"
    save_values("agreements", values)
    headers = ["Registration number", "Title", "Kind", "Parties", "Status"]
    rows = [
        [" 12/2019 ", "A renamed agreement", "Agreement", "State Library of Turkmenistan", "Signed, in force"],
        ["13/2019", "AGREEMENT  ON COOPERATION", "agreement", "State Library of Turkmenistan", "draft"],
        ["14/2019", "Memorandum", "mou", "State Library of Turkmenistan", "draft"],
        ["14/2019", "Memorandum, second copy", "mou", "State Library of Turkmenistan", "draft"],
    ]
    path = hamkor_layout(tmp_path / "a.xlsx", headers, rows)
    plan = plan_file(path, "agreements")
    assert [row.action for row in plan.rows] == [SKIPPED, SKIPPED, CREATE, SKIPPED]
    created = plan_file(path, "agreements", on_duplicate="create")
    messages = {(p.row, p.column): p.message for p in created.problems}
    assert messages[(5, "Registration number")] == _("Another agreement already has this registration number.")
    assert messages[(8, "Registration number")] == _("Another agreement already has this registration number.")


def test_text_that_starts_with_equals_and_formulas_import_as_their_text(any_database, tmp_path: Path) -> None:  # noqa: ANN001
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Name", "Kind", "City", "Notes"])
    sheet.append(['=HYPERLINK("http://evil.example")', "library", "Tashkent", "=1+2"])
    sheet.append(["Plain library", "library", '=A2&"x"', None])
    sheet["A2"].data_type = "s"  # typed text that merely starts with "="
    sheet["D2"].data_type = "s"
    workbook.save(tmp_path / "f.xlsx")
    plan = plan_file(tmp_path / "f.xlsx", "partners")
    assert plan.formulas == 1  # C3 is a real formula; A2 and D2 are text
    summary = run_import(plan)
    assert any("formula" in line for line in summary.lines())
    stored = {p.name_en: p for p in Partner.select()}
    assert stored['=HYPERLINK("http://evil.example")'].notes == "=1+2"
    assert stored["Plain library"].city == '=A2&"x"'  # the formula's text, never its result


def test_imported_records_have_search_text_a_first_version_and_a_change_log(any_database, tmp_path: Path) -> None:  # noqa: ANN001
    add_partner(en="Kekelidze Centre of Manuscripts")
    rows = [["Korea window", "Kekelidze Centre of Manuscripts", "sent", dt.date(2019, 5, 1), 12, 3, 0]]
    headers = ["Description", "Partner", "Direction", "Date", "Books", "Periodicals", "Electronic"]
    run_import(plan_file(hamkor_layout(tmp_path / "x.xlsx", headers, rows), "exchange"))
    exchange = BookExchange.get()
    assert (exchange.version, exchange.created_by, exchange.books) == (1, "tester", 12)
    found = list(select_ids(ListQuery("exchange", search="КЕКЕЛИДЗЕ")))  # the partner's name, across scripts
    assert found == [exchange.id]
    log = ChangeLog.get((ChangeLog.register == "book_exchange") & (ChangeLog.record_id == exchange.id))
    assert log.action == "create" and json.loads(log.changes)["books"] == 12


def test_the_import_is_all_or_nothing(any_database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # noqa: ANN001
    rows = [[f"Library {n}", "library", "Parent library" if n % 2 else None] for n in range(50)]
    rows.append(["Parent library", "library", None])
    path = hamkor_layout(tmp_path / "p.xlsx", ["Name", "Kind", "Parent organisation"], rows)
    plan = plan_file(path, "partners")
    assert len(plan.order) == 25  # the children written after their parent (a row below them)
    calls = []

    def failing(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        calls.append(args)
        if len(calls) == 3:
            raise RuntimeError("disk full")
        from app.services.registers.records import save_values as real

        return real(*args, **kwargs)

    monkeypatch.setattr("app.services.imports.importer.save_values", failing)
    with pytest.raises(RuntimeError):
        run_import(plan)
    assert Partner.select().count() == 0
    assert ChangeLog.select().count() == 0
    monkeypatch.undo()
    assert run_import(plan).created == 51
    parent = Partner.get(Partner.name_en == "Parent library")
    assert Partner.select().where(Partner.parent == parent).count() == 25


def test_a_cancelled_import_writes_nothing(any_database, tmp_path: Path) -> None:  # noqa: ANN001
    rows = [[f"Library {n}", "library"] for n in range(1500)]
    plan = plan_file(hamkor_layout(tmp_path / "p.xlsx", ["Name", "Kind"], rows), "partners")
    seen = []
    with pytest.raises(ImportCancelled):
        run_import(plan, progress=lambda done, total: seen.append(done), cancelled=lambda: len(seen) >= 1)
    assert Partner.select().count() == 0


def test_money_takes_its_currency_from_the_number_format_a_column_or_the_header(any_database, tmp_path: Path) -> None:  # noqa: ANN001
    add_partner(en="Goethe-Institut")
    base = ["Goethe-Institut", "received", dt.date(2019, 5, 1)]
    headers = ["Partner", "Direction", "Date", "Value"]
    hamkor_layout(tmp_path / "format.xlsx", headers, [[*base, 1500.5]], formats={3: '#,##0.00 "EUR"'})
    hamkor_layout(tmp_path / "column.xlsx", [*headers, "Currency"], [[*base, "1 250,75", "usd"]])
    hamkor_layout(tmp_path / "header.xlsx", [*headers[:3], "Value (UZS)"], [[*base, "2,000,000"]])
    hamkor_layout(tmp_path / "none.xlsx", headers, [[*base, 10]])
    for name in ("format", "column", "header"):
        run_import(plan_file(tmp_path / f"{name}.xlsx", "exchange", on_duplicate="create"))
    stored = [(exchange.value, exchange.currency) for exchange in BookExchange.select().order_by(BookExchange.id)]
    assert stored == [(Decimal("1500.50"), "EUR"), (Decimal("1250.75"), "USD"), (Decimal("2000000.00"), "UZS")]
    plan = plan_file(tmp_path / "none.xlsx", "exchange", on_duplicate="create")
    assert [p.message for p in plan.problems] == [_("Choose the currency.")]


def test_an_update_changes_only_what_the_file_gives(any_database, tmp_path: Path) -> None:  # noqa: ANN001
    values = empty_values("partners")
    values["name"].update(en="Aichi University of the Arts", orig="愛知県立芸術大学")
    values.update(kind="university", country="JP", city="Nagakute", website="https://www.aichi-fam-u.ac.jp")
    record = save_values("partners", values)
    path = hamkor_layout(
        tmp_path / "p.xlsx",
        ["Name", "Name (ru)", "City", "Website", "Kind"],
        [["AICHI UNIVERSITY OF THE ARTS", "Университет искусств Айти", "Nagakute-shi", None, None]],
    )
    assert run_import(plan_file(path, "partners", on_duplicate="update")).updated == 1
    stored = Partner.get_by_id(record)
    assert (stored.name_en, stored.name_ru, stored.name_orig) == (
        "Aichi University of the Arts",
        "Университет искусств Айти",
        "愛知県立芸術大学",
    )
    assert (stored.city, stored.website, stored.kind) == ("Nagakute-shi", "https://www.aichi-fam-u.ac.jp", "university")


def test_a_required_column_that_is_missing_is_said_once(any_database, tmp_path: Path) -> None:  # noqa: ANN001
    rows = [[f"Delegation {n}", "KR"] for n in range(30)]
    plan = plan_file(hamkor_layout(tmp_path / "v.xlsx", ["Delegation", "Countries"], rows), "visits")
    assert len(plan.problems) == 1 and plan.problems[0].row is None
    assert _("Arrived") in plan.problems[0].message
    assert plan.count(INVALID) == 30


def test_visits_with_members_countries_and_partners(any_database, tmp_path: Path) -> None:  # noqa: ANN001
    add_partner(en="Kekelidze Georgian National Centre of Manuscripts", short_name="")
    headers = ["Delegation", "Arrived", "Countries", "Organisations", "Members"]
    rows = [
        [
            "Georgian manuscripts delegation",
            "12.09.2019",
            "Georgia;\nГрузия; GE",
            "Kekelidze Georgian National Centre of Manuscripts",
            "Zaza Abashidze (Director); Nino Kavtaradze — curator",
        ]
    ]
    run_import(plan_file(hamkor_layout(tmp_path / "v.xlsx", headers, rows), "visits"))
    visit = DelegationVisit.get()
    assert [row.country for row in VisitCountry.select()] == ["GE"]
    assert [(m.full_name, m.position) for m in visit.members] == [
        ("Zaza Abashidze", "Director"),
        ("Nino Kavtaradze", "curator"),
    ]
    assert Agreement.select().count() == 0


def test_the_officer_can_name_the_header_row(any_database, tmp_path: Path) -> None:  # noqa: ANN001
    workbook = Workbook()
    workbook.active.append(["Entity", "Sort"])  # headers Hamkor does not know
    workbook.active.append(["Name", "Kind"])  # … and the real ones below them, as a second header line
    workbook.active.append(["Goethe-Institut", "Cultural centre"])
    workbook.save(tmp_path / "p.xlsx")
    assert read_register_sheet(tmp_path / "p.xlsx", "partners").header_row == 2
    sheet = read_register_sheet(tmp_path / "p.xlsx", "partners", header_row=1)
    assert (sheet.header_row, sheet.headers, len(sheet.rows)) == (1, ["Entity", "Sort"], 2)
    assert suggest_mapping("partners", sheet.headers) == {}
