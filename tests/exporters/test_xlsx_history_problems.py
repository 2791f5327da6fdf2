"""A record's history and an import's problems, written as finished workbooks and read back as a spreadsheet shows
them: the same font, header, grid, formats per language, footer and properties as every other workbook."""

from __future__ import annotations

import datetime as dt
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook

from app.exporters.xlsx_format import DATE_FORMATS
from app.i18n import _, pgettext, set_language
from app.services.changes import record_history
from app.services.imports.importer import plan_import, read_register_sheet
from app.services.imports.mapping import suggest_mapping
from app.services.imports.problem_report import problem_rows, write_problem_report
from app.services.registers import records
from app.services.registers.history_export import local_moment, write_history_xlsx
from tests.exporters.test_xlsx_finish import ORGANISATION, assert_finished, header_of
from tests.services.import_helpers import hamkor_layout
from tests.services.test_shared_postgres import partner_values

LANGUAGES = [("ru", "Страница"), ("uz", "bet"), ("en", "Page")]
LONG_NOTE = "Agreed at the meeting of the directors: " + "exchange of rare books and joint digitisation, " * 4


def assert_properties(path: Path, title: str) -> None:
    workbook = load_workbook(path)
    assert workbook._named_styles["Normal"].font.name == "Arial"
    assert workbook.properties.title == title and workbook.properties.creator == ORGANISATION
    with zipfile.ZipFile(path) as archive:
        assert f"<Company>{ORGANISATION}</Company>" in archive.read("docProps/app.xml").decode()


@pytest.mark.parametrize(("language", "page"), LANGUAGES)
def test_a_records_history_is_a_finished_workbook(database, tmp_path: Path, language: str, page: str) -> None:  # noqa: ANN001
    set_language(language)
    record_id = records.save_values("partners", partner_values(city="Seoul"))
    values, version = records.load_values("partners", record_id)
    records.save_values("partners", {**values, "city": "Busan", "notes": LONG_NOTE}, record_id=record_id,
                        version=version)  # fmt: skip
    lines = record_history("partners", record_id)
    path = tmp_path / "history.xlsx"
    result = write_history_xlsx(lines, path, record="National Library of Korea", organisation=ORGANISATION)
    assert result.rows == len(lines)

    title = _("History: {record}").format(record="National Library of Korea")
    assert_properties(path, title)
    sheet = load_workbook(path).active
    assert_finished(sheet, date_format=DATE_FORMATS[language] + " hh:mm")
    top = header_of(sheet)
    assert sheet["A1"].value == title
    assert [cell.value for cell in sheet[top]] == [_("When"), _("Who"), _("Action"), _("Field"), _("Before"),
                                                   _("After")]  # fmt: skip
    rows = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=top + 1)]
    assert len(rows) == len(lines)
    city = next(row for row in rows if row[3] == _("City"))
    assert city[1:] == ["tester", _("Changed"), _("City"), "Seoul", "Busan"]
    assert city[0] == local_moment(lines[0].changed_at)  # a real date and time, as the officer's clock showed it
    note = next(row for row in sheet.iter_rows(min_row=top + 1) if row[5].value == LONG_NOTE.strip())[5]
    assert note.alignment.wrap_text and sheet.row_dimensions[note.row].height >= 2 * 12.75
    assert page in sheet.oddFooter.right.text and ORGANISATION in sheet.oddFooter.left.text
    assert sheet.auto_filter.ref == f"A{top}:F{top + len(lines)}"


def agreements_workbook(path: Path) -> Path:
    rows = [
        ["A-1", "Good", "Memorandum", dt.date(2020, 3, 5), dt.date(2025, 3, 5)],
        ["A-2", LONG_NOTE, "Memorandum", dt.date(2020, 3, 5), dt.date(2019, 3, 5)],
        ["A-3", "Impossible day", "Memorandum", "31.02.2020", None],
        ["A-4", "Unknown kind", "Treaty of sorts", dt.date(2020, 3, 5), None],
    ]
    headers = ["Registration number", "Title", "Kind", "Signed", "Valid until"]
    return hamkor_layout(path, headers, rows, sheet="Agreements", title="Agreements")


def checked(path: Path, register: str = "agreements"):  # noqa: ANN201 - an ImportPlan
    sheet = read_register_sheet(path, register)
    return plan_import(register=register, sheet=sheet, mapping=suggest_mapping(register, sheet.headers))


@pytest.mark.parametrize(("language", "page"), LANGUAGES)
def test_an_imports_problems_are_a_finished_workbook(database, tmp_path: Path, language: str, page: str) -> None:  # noqa: ANN001
    source = agreements_workbook(tmp_path / "agreements 2020.xlsx")
    set_language(language)
    plan = checked(source)
    path = tmp_path / "problems.xlsx"
    unreadable = "broken.xlsx: cannot be read as an Excel workbook."
    result = write_problem_report([(source, plan)], path, notes=[unreadable], organisation=ORGANISATION)
    assert result.rows == len(plan.problems) + 1

    assert_properties(path, _("Import problems"))
    sheet = load_workbook(path).active
    assert_finished(sheet)
    top = header_of(sheet)
    assert [cell.value for cell in sheet[top]] == [_("Workbook"), _("Sheet"), _("Row"), _("Column"),
                                                   pgettext("a cell's content", "Value"),
                                                   _("Problem")]  # fmt: skip
    assert "agreements 2020.xlsx" in " ".join(str(cell.value) for row in sheet.iter_rows(max_row=top - 1)
                                              for cell in row)  # fmt: skip
    rows = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=top + 1)]
    assert len(rows) == len(list(problem_rows([(source, plan)], [unreadable])))
    by_row = {row[2]: row for row in rows}
    assert by_row[7][:5] == ["agreements 2020.xlsx", "Agreements", 7, "D “Signed”", "31.02.2020"]  # the file's header
    assert by_row[8][4] == "Treaty of sorts" and "Treaty of sorts" in by_row[8][5]
    ended = by_row[6][4]  # a date in the value column reads as the language writes dates
    assert ended == ("05.03.2019" if language != "en" else "5 Mar 2019")
    assert rows[-1] == [None, None, None, None, None, unreadable]
    row_cell = sheet.cell(row=top + 2, column=3)
    assert isinstance(row_cell.value, int) and row_cell.number_format == "0"  # a row number, not summed
    assert not any(isinstance(c.value, str) and c.value.startswith("=") for c in sheet[sheet.max_row])
    long_row = next(r for r in sheet.iter_rows(min_row=top + 1) if r[2].value == 6)
    assert long_row[5].alignment.wrap_text
    assert page in sheet.oddFooter.right.text and ORGANISATION in sheet.oddFooter.left.text


def test_a_report_with_no_problems_says_so(database, tmp_path: Path) -> None:  # noqa: ANN001
    source = hamkor_layout(tmp_path / "partners.xlsx", ["Name", "Kind", "Country"],
                           [["National Library of Korea", "National library", "KR"]])  # fmt: skip
    path = tmp_path / "problems.xlsx"
    write_problem_report([(source, checked(source, "partners"))], path)
    sheet = load_workbook(path).active
    top = header_of(sheet)
    assert "No problems were found." in [row[0].value for row in sheet.iter_rows(max_row=top - 1)]
    assert sheet.max_row == top
