"""Every workbook Hamkor writes, read back as a manager's spreadsheet shows it: one font, a header set apart, real
dates in the language's format, wrapped long texts, a grid, totals, the printed page's footer and the properties."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

from app.exporters.xlsx import Column, Sheet, WorkbookTexts, write_workbook
from app.i18n import set_language, translator_for
from app.models import Agreement, Event, Funding
from app.services.registers.list_export import export_list
from app.services.registers.list_query import ListQuery
from app.services.reports.agreement_register import build_register, write_register_xlsx
from app.services.reports.annual_report import build_annual_report, write_annual_xlsx

ORGANISATION = "National Library of Uzbekistan"
LONG_TITLE = "Memorandum of understanding on the digitisation of manuscripts, joint exhibitions and staff exchange"


def header_of(sheet) -> int:  # noqa: ANN001 - an openpyxl sheet
    """The header row: the first row of the autofilter."""
    return int(re.match(r"[A-Z]+(\d+)", sheet.auto_filter.ref).group(1))


def assert_finished(sheet, *, date_format: str | None = None) -> None:  # noqa: ANN001 - an openpyxl sheet
    """What every sheet of every workbook has: the header's font, fill, border and height, the grid, the page."""
    top = header_of(sheet)
    header = [cell for cell in sheet[top] if cell.value is not None]
    assert header, "no header"
    for cell in header:
        assert cell.font.name == "Arial" and cell.font.b
        assert cell.fill.fill_type == "solid" and cell.border.bottom.style == "thin"
        assert cell.alignment.wrap_text
    assert sheet.row_dimensions[top].height >= 12.75
    assert sheet.freeze_panes == f"A{top + 1}"
    assert sheet.print_title_rows == f"${top}:${top}"
    assert sheet.page_setup.fitToWidth == 1 and sheet.sheet_properties.pageSetUpPr.fitToPage
    assert "&P" in sheet.oddFooter.right.text and "&N" in sheet.oddFooter.right.text
    first = sheet[top + 1]
    assert all(cell.border.left.style == "thin" for cell in first[: len(header)])
    assert all(cell.font.name == "Arial" for cell in first[: len(header)])
    if date_format:
        dates = [cell for row in sheet.iter_rows(min_row=top + 1) for cell in row if cell.is_date]
        assert dates and all(cell.number_format == date_format for cell in dates)


@pytest.mark.parametrize(("language", "date_format", "page"), [("ru", "dd.mm.yyyy", "Страница"),
                         ("uz", "dd.mm.yyyy", "bet"), ("uz-Cyrl", "dd.mm.yyyy", "бет"),
                         ("en", "d mmm yyyy", "Page")])  # fmt: skip
def test_a_list_export_is_a_finished_workbook_in_each_language(database, load_sample, tmp_path: Path, language: str,
                                                                date_format: str, page: str) -> None:  # noqa: ANN001
    load_sample()
    Agreement.create(reg_number="XA-2020/09", title_en=LONG_TITLE, kind="mou", status="in_force",
                     signed_on=dt.date(2020, 3, 5))  # fmt: skip
    set_language(language)
    path = tmp_path / "agreements.xlsx"
    fields = ["reg_number", "title", "status", "signed_on", "valid_until"]
    export_list(query=ListQuery("agreements", order=("signed_on", False)), fields=fields, path=path,
                organisation=ORGANISATION)  # fmt: skip
    workbook = load_workbook(path)
    sheet = workbook.active
    assert workbook._named_styles["Normal"].font.name == "Arial"  # one font: the Normal style's
    assert_finished(sheet, date_format=date_format)
    top = header_of(sheet)
    assert page in sheet.oddFooter.right.text and ORGANISATION in sheet.oddFooter.left.text
    long_row = next(row for row in sheet.iter_rows(min_row=top + 1) if row[0].value == "XA-2020/09")
    title = long_row[1]
    assert title.alignment.wrap_text and title.alignment.vertical == "top"
    assert sheet.row_dimensions[title.row].height >= 2 * 12.75  # the wrapped title's lines fit its row
    assert isinstance(long_row[3].value, dt.datetime) and long_row[3].value.date() == dt.date(2020, 3, 5)
    widths = {letter: sheet.column_dimensions[letter].width for letter in "ABCDE"}
    assert widths["B"] > widths["D"] and max(widths.values()) <= 60  # the title is wide, yet wraps
    assert workbook.properties.title and workbook.properties.creator == ORGANISATION
    with zipfile.ZipFile(path) as archive:
        assert f"<Company>{ORGANISATION}</Company>" in archive.read("docProps/app.xml").decode()


def test_counts_and_money_are_totalled_per_currency(database, tmp_path: Path) -> None:  # noqa: ANN001
    Funding.create(title="Corner", kind="grant", amount=Decimal("12500.50"), currency="USD", status="awarded")
    Funding.create(title="Books", kind="grant", amount=Decimal("1000"), currency="USD", status="awarded")
    Funding.create(title="Exhibition", kind="grant", amount=Decimal("3200"), currency="EUR", status="awarded")
    path = tmp_path / "funding.xlsx"
    export_list(query=ListQuery("funding", order=("id", False)), fields=["title", "amount"], path=path)
    sheet = load_workbook(path).active
    top = header_of(sheet)
    assert sheet.auto_filter.ref == f"A{top}:C{top + 3}"  # the totals stay out of the filter
    amount = sheet.cell(row=top + 1, column=2)
    assert amount.value == 12500.5 and amount.number_format == "#,##0.00"
    totals = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=top + 4)]
    assert totals == [["Total, EUR", f'=SUMIF(C{top + 1}:C{top + 3},"EUR",B{top + 1}:B{top + 3})', "EUR"],
                      ["Total, USD", f'=SUMIF(C{top + 1}:C{top + 3},"USD",B{top + 1}:B{top + 3})', "USD"]]  # fmt: skip
    assert sheet.cell(row=top + 4, column=1).font.b

    Event.create(title_en="Book fair", kind="exhibition", start_on=dt.date(2019, 5, 1), participants_total=120)
    Event.create(title_en="Seminar", kind="seminar", start_on=dt.date(2019, 6, 1), participants_total=30)
    path = tmp_path / "events.xlsx"
    export_list(query=ListQuery("events"), fields=["title", "participants_total"], path=path)
    sheet = load_workbook(path).active
    top = header_of(sheet)
    assert [cell.value for cell in sheet[top + 3]] == ["Total", f"=SUBTOTAL(109,B{top + 1}:B{top + 2})"]
    assert sheet.cell(row=top + 1, column=2).number_format == "#,##0"


def test_dates_excel_cannot_hold_are_written_as_text(tmp_path: Path) -> None:
    path = tmp_path / "old.xlsx"
    sheet = Sheet(name="Old", title="Old books", info=[], columns=[Column("Title"), Column("Published", "date")],
                  rows=[["Alpomish", dt.date(1899, 5, 1)], ["Boburnoma", dt.date(1905, 5, 1)]])  # fmt: skip
    write_workbook(path, [sheet], texts=WorkbookTexts(language="ru"))
    read = load_workbook(path).active
    assert read["B4"].value == "01.05.1899"
    assert read["B5"].value == dt.datetime(1905, 5, 1) and read["B5"].number_format == "dd.mm.yyyy"


def test_the_register_and_the_annual_workbook_are_finished(database, load_sample, tmp_path: Path) -> None:  # noqa: ANN001
    load_sample()
    with translator_for("ru").in_use():
        path = tmp_path / "register.xlsx"
        write_register_xlsx(build_register(language="ru"), path, organisation=ORGANISATION)
        sheet = load_workbook(path).active
        assert_finished(sheet, date_format="dd.mm.yyyy")
        top = header_of(sheet)
        assert sheet.cell(row=top + 1, column=1).number_format == "0"  # the row's number is not summed
        assert not any(isinstance(c.value, str) and c.value.startswith("=") for c in sheet[sheet.max_row])
    path = tmp_path / "annual.xlsx"
    write_annual_xlsx(build_annual_report(2019, language="uz"), path, organisation=ORGANISATION)
    workbook = load_workbook(path)
    for sheet in workbook.worksheets:
        assert_finished(sheet)
        assert sheet.oddFooter.left.text.count(ORGANISATION) == 1
    by_country = workbook.worksheets[1]
    last = [cell.value for cell in by_country[by_country.max_row]]
    assert last[0] == "Jami" and last[2].startswith("=SUBTOTAL(109,C")
    summary = workbook.worksheets[0]
    assert not any(isinstance(c.value, str) and c.value.startswith("=") for row in summary for c in row)
    assert_finished(workbook["Delegatsiyalar"] if "Delegatsiyalar" in workbook else workbook.worksheets[7],
                    date_format="dd.mm.yyyy")  # fmt: skip


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed")
def test_libreoffice_shows_the_dates_as_the_language_writes_them(database, load_sample, tmp_path: Path) -> None:  # noqa: ANN001
    load_sample()
    set_language("ru")
    path = tmp_path / "agreements.xlsx"
    export_list(query=ListQuery("agreements"), fields=["reg_number", "title", "signed_on"], path=path)
    signed = {a.reg_number: a.signed_on for a in Agreement.select() if a.signed_on}
    subprocess.run(["soffice", f"-env:UserInstallation=file://{tmp_path / 'profile'}", "--headless",
                    "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76", "--outdir", str(tmp_path), str(path)],
                   check=True, capture_output=True, timeout=180)  # fmt: skip
    shown = (tmp_path / "agreements.csv").read_text(encoding="utf-8")
    number, day = next(iter(signed.items()))
    line = next(line for line in shown.splitlines() if line.startswith(number + ","))
    assert line.endswith("," + day.strftime("%d.%m.%Y"))
    assert re.search(r",\d\d\.\d\d\.\d{4}$", line)
