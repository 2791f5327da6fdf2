"""The consolidated annual report: the 2019 sample shows the article's figures, names the partners and projects, in
Excel (read back with openpyxl, charts included) and PDF (text extracted with pypdf), in English and Russian."""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from pathlib import Path

import peewee as pw
import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from app.i18n import _, set_language
from app.models import Agreement, AgreementParty, Partner
from app.services.dashboard import visits_by_country
from app.services.registers.list_export import columns_for
from app.services.registers.specs import spec_of
from app.services.reports.annual_report import build_annual_report, write_annual_pdf, write_annual_xlsx

TODAY = dt.date(2026, 1, 10)
ORGANISATION = "National Library of Uzbekistan named after Alisher Navoi"
PROJECTS = ("Window to Korea", "Window to Shanghai", "Window to America", "Centre of Kazakh literature and culture",
            "SCO Knowledge Hall", "UNESCO Memory of the World Programme", "UNESCO Information for All Programme",
            "Libraries of the CIS countries during the Great Patriotic War")  # fmt: skip
PARTNERS = ("National Library of Russia", "National Library of Korea", "National Library of Belarus",
            "National Library of China", "National Library of Latvia", "National Library of Turkey",
            "Goethe-Institut", "Aichi University of the Arts", "IFLA/PAC Regional Centre",
            "Kekelidze Georgian National Centre of Manuscripts", "Embassy of the United States",
            "State Library of the State Cultural Centre of Turkmenistan")  # fmt: skip


def pdf_text(path: Path) -> str:
    """The PDF's text, whitespace collapsed (table cells come out separated by spaces)."""
    return re.sub(r"\s+", " ", "\n".join(page.extract_text() for page in PdfReader(str(path)).pages))


def sheet_rows(path: Path, name: str) -> list[tuple]:
    """A sheet's rows without the total row under its table (the sums are formulas)."""
    workbook = load_workbook(path)
    return [row for row in workbook[name].iter_rows(values_only=True)
            if not any(isinstance(value, str) and value.startswith(("=SUBTOTAL(", "=SUMIF(")) for value in row)]


def row_of(rows: list[tuple], label: str) -> tuple:
    return next(row for row in rows if row and row[0] == label)


@pytest.fixture
def sample(database: pw.Database, load_sample) -> pw.Database:  # noqa: ANN001
    load_sample(TODAY)
    return database


def test_the_2019_workbook_shows_the_articles_figures(sample: pw.Database, tmp_path: Path) -> None:
    path = tmp_path / "annual.xlsx"
    report = build_annual_report(2019, language="en", today=TODAY)
    write_annual_xlsx(report, path, organisation=ORGANISATION)

    workbook = load_workbook(path)
    assert workbook.sheetnames[:7] == ["Summary", "By country", "By department", "Activity by month",
                                       "Plan vs actual", "Agreements in force", "Projects"]  # fmt: skip
    assert workbook.sheetnames[7:] == ["Delegations", "Business trips", "Events", "Agreements signed",
                                       "Book exchange", "Protocol gifts", "Loans", "Funding", "Exchange balance",
                                       "Memberships"]  # fmt: skip
    summary = sheet_rows(path, "Summary")
    assert summary[0][0] == f"{ORGANISATION} — Consolidated report on international activity for 2019"
    assert summary[3] == ("Figure", "2019", "2018", "Change")
    assert row_of(summary, "Foreign delegations received")[1:] == (32, 23, 9)  # 2018 plausible beside 2019
    assert row_of(summary, "Countries the delegations came from")[1] == 15
    assert row_of(summary, "Countries visited")[1] == 11
    assert row_of(summary, "Business trips abroad")[1] == 18
    assert row_of(summary, "Funding awarded, USD")[1] == 59000

    by_country = sheet_rows(path, "By country")
    header = by_country.index(("Country", "Code", "Delegations received", "Business trips", "Agreements in force",
                               "Events abroad", "Total"))  # fmt: skip
    countries = {row[1]: row for row in by_country[header + 1 :]}
    assert sum(row[2] for row in countries.values()) == sum(count for _code, count in visits_by_country(2019))
    assert len([row for row in countries.values() if row[2]]) == 15
    assert len([row for row in countries.values() if row[3]]) == 11
    assert countries["KR"][:3] == ("South Korea", "KR", 3)
    totals = [row[6] for row in countries.values()]
    assert totals == sorted(totals, reverse=True)
    assert all(row[6] == sum(row[2:6]) for row in countries.values())

    departments = sheet_rows(path, "By department")
    assert departments[1][0] == "Regional information-library centres that took part: 14 of 14"
    service = row_of(departments, "International Relations Service")
    assert service[1] == "Department" and service[4] == 8  # the delegations it hosted

    visits = sheet_rows(path, "Delegations")
    expected_headers = tuple(column.header for column in columns_for(spec_of("visits"), report.registers[0].fields))
    header = visits.index(expected_headers)
    assert len(visits) - header - 1 == 32
    assert all(isinstance(row[1], dt.datetime) and row[1].year == 2019 for row in visits[header + 1 :])
    funding = sheet_rows(path, "Funding")
    assert "Amount" in funding[3] and "Currency" in funding[3]  # money spread over amount and currency

    plan = sheet_rows(path, "Plan vs actual")
    assert plan[1][0] == "15 plan items, 13 done"
    visits_plan = row_of([row[3:] for row in plan], "Receive foreign delegations")
    assert visits_plan[-2:] == (32, "Yes")

    months = sheet_rows(path, "Activity by month")
    first = months.index(("Month", "Delegations received", "Business trips", "Events")) + 1
    assert [row[0] for row in months[first:]] == ["January", "February", "March", "April", "May", "June", "July",
                                                  "August", "September", "October", "November", "December"]  # fmt: skip
    assert sum(row[1] for row in months[first:]) == 32

    in_force = sheet_rows(path, "Agreements in force")
    assert len(in_force) - 5 == report.figure("agreements_in_force").value == 18
    assert in_force[2][0] == "On 31 December 2019 agreements were in force with 11 national libraries of 11 countries."
    with zipfile.ZipFile(path) as archive:
        charts = sorted(name for name in archive.namelist() if name.startswith("xl/charts/chart"))
        assert charts == ["xl/charts/chart1.xml", "xl/charts/chart2.xml"]
        by_country = archive.read("xl/charts/chart1.xml").decode()
        assert "By country" in by_country  # it references the sheet's cells
        assert '<grouping val="stacked"' in by_country and by_country.count("<ser>") == 4  # all activity
    assert len(workbook["By country"]._charts) == 1 and len(workbook["Activity by month"]._charts) == 1


def test_the_2019_pdf_shows_the_figures_names_and_charts(sample: pw.Database, tmp_path: Path) -> None:
    path = tmp_path / "annual.pdf"
    write_annual_pdf(build_annual_report(2019, language="en", today=TODAY), path, organisation=ORGANISATION)
    text = pdf_text(path)
    assert "Consolidated report on international activity for 2019" in text
    assert re.search(r"Foreign delegations received 32 23 \+9", text)
    assert "agreements were in force with 11 national libraries of 11 countries" in text
    for heading in ("Book exchange balance", "Memberships in international organisations", "Protocol gifts"):
        assert heading in text, heading
    assert "Library Assembly of Eurasia" in text and "Facsimile of an Ottoman manuscript" in text
    assert re.search(r"Countries the delegations came from 15 14 \+1", text)
    assert re.search(r"Countries visited 11 9 \+2", text)
    assert "Regional information-library centres that took part: 14 of 14" in text
    for name in PROJECTS + PARTNERS:
        assert name in text, name
    assert "XA-2013/02" in text and "XA-2019/01" in text
    assert "Delegations received by country" in text and "Activity by month" in text
    assert "South Korea" in text and "Jan" in text  # chart labels are text too
    assert "?" not in text  # no name in a script the font lacks
    reader = PdfReader(str(path))
    assert reader.pages[0].mediabox.width < reader.pages[0].mediabox.height  # A4 portrait
    assert reader.metadata.author == ORGANISATION
    from tests.exporters.test_register_pdf import fonts_of

    assert all(embedded for _name, embedded in fonts_of(reader)), fonts_of(reader)  # charts too: no Helvetica


def test_the_report_in_russian(sample: pw.Database, tmp_path: Path) -> None:
    set_language("ru")
    report = build_annual_report(2019, language="ru", today=TODAY)
    assert report.figure("visits").label == _("Foreign delegations received")
    pdf = tmp_path / "annual.pdf"
    write_annual_pdf(report, pdf, organisation="Национальная библиотека Узбекистана")
    text = pdf_text(pdf)
    for name in ("Окно в Корею", "Окно в Шанхай", "Зал знаний ШОС", "Национальная библиотека Кореи",
                 "Российская национальная библиотека", "Республика Корея"):  # fmt: skip
        assert name in text, name
    assert re.search(rf"{re.escape(_('Foreign delegations received'))} 32 23 \+9", text)
    assert "янв." in text  # babel's Russian month names on the chart
    first_lines = [line.strip() for line in PdfReader(str(pdf)).pages[0].extract_text().splitlines()]
    assert "год" not in first_lines and any(line.endswith("2019\u00a0год") or line.endswith("2019 год")
                                            for line in first_lines)  # 'год' never alone on a line  # fmt: skip
    xlsx = tmp_path / "annual.xlsx"
    write_annual_xlsx(report, xlsx, organisation="Национальная библиотека Узбекистана")
    workbook = load_workbook(xlsx)
    delegations = workbook[_("Delegations")]
    headers = [column.header for column in columns_for(spec_of("visits"), report.registers[0].fields)]
    assert headers[:2] == ["Делегация", "Прибытие"]  # the list's own columns, in Russian
    rows = list(delegations.iter_rows(values_only=True))
    assert tuple(headers) in rows
    assert any("Республика Корея" in (row[3] or "") for row in rows[4:])  # country names in Russian


def test_the_report_is_in_its_own_language_whatever_the_interface_speaks(sample: pw.Database, tmp_path: Path) -> None:
    set_language("en")
    report = build_annual_report(2019, language="ru", today=TODAY)
    path = tmp_path / "annual.pdf"
    write_annual_pdf(report, path, organisation="НБУ")
    assert "Окно в Корею" in pdf_text(path)
    assert _("Countries visited") == "Countries visited"  # the interface language is untouched


def test_on_every_database_kind(any_database: pw.Database, load_sample, tmp_path: Path) -> None:  # noqa: ANN001
    load_sample(TODAY)
    report = build_annual_report(2019, language="en", today=TODAY)
    assert [report.figure(key).value for key in ("visits", "visit_countries", "trip_countries")] == [32, 15, 11]
    assert {row.title[0] for row in report.projects} >= set(PROJECTS) - {
        "Libraries of the CIS countries during the Great Patriotic War"
    }
    write_annual_xlsx(report, tmp_path / "a.xlsx", organisation=ORGANISATION)
    write_annual_pdf(report, tmp_path / "a.pdf", organisation=ORGANISATION)
    assert row_of(sheet_rows(tmp_path / "a.xlsx", "Summary"), "Foreign delegations received")[1] == 32


def test_an_empty_year_writes_empty_tables_and_charts(database: pw.Database, tmp_path: Path) -> None:
    report = build_annual_report(1990, language="en", today=TODAY)
    assert all(row.value == 0 for row in report.figures) and not report.countries
    write_annual_xlsx(report, tmp_path / "a.xlsx", organisation=ORGANISATION)
    write_annual_pdf(report, tmp_path / "a.pdf", organisation=ORGANISATION)
    assert "Foreign delegations received 0 0 0" in pdf_text(tmp_path / "a.pdf")


def test_agreements_in_force_count_multilateral_parties_once_per_country(database: pw.Database) -> None:
    korea = Partner.create(name_en="National Library of Korea", kind="national_library", country="KR")
    seoul = Partner.create(name_en="Seoul National University", kind="university", country="KR")
    latvia = Partner.create(name_en="National Library of Latvia", kind="national_library", country="LV")
    multilateral = Agreement.create(title_en="Consortium", status="in_force", signed_on=dt.date(2018, 1, 1))
    for partner in (korea, seoul, latvia):
        AgreementParty.create(agreement=multilateral, partner=partner)
    Agreement.create(
        title_en="Old one", status="expired", signed_on=dt.date(2010, 1, 1), valid_until=dt.date(2015, 1, 1)
    )
    report = build_annual_report(2019, language="en")
    assert {(row.code, row.agreements) for row in report.countries} == {("KR", 1), ("LV", 1)}
    assert [row.title[0] for row in report.agreements] == ["Consortium"]
    assert [party[0] for party in report.agreements[0].parties] == [
        "National Library of Korea",
        "Seoul National University",
        "National Library of Latvia",
    ]


def test_the_year_must_be_a_real_one(database: pw.Database) -> None:
    with pytest.raises(ValueError):
        build_annual_report(1899, language="en")
    with pytest.raises(ValueError):
        build_annual_report(2201, language="en")


def test_generated_data_adds_up(database: pw.Database, load_generated, tmp_path: Path) -> None:  # noqa: ANN001
    load_generated(500)
    report = build_annual_report(2019, language="en")
    figures = {row.key: row.value for row in report.figures}
    assert sum(row.visits for row in report.countries) == figures["visits"]  # one country per generated visit
    assert sum(row.trips for row in report.countries) == figures["trips"]
    assert len(report.agreements) == figures["agreements_in_force"]
    assert sum(row.travellers for row in report.departments) == figures["travellers"]
    assert sum(report.months["visits"]) == figures["visits"]
    assert [part.count for part in report.registers][:2] == [figures["visits"], figures["trips"]]
    write_annual_xlsx(report, tmp_path / "a.xlsx", organisation=ORGANISATION)
    rows = sheet_rows(tmp_path / "a.xlsx", "Business trips")
    assert len(rows) - 4 == figures["trips"]


def test_long_tables_keep_every_row_in_order_with_the_header_on_every_page(tmp_path: Path) -> None:
    from app.exporters.pdf import PageTexts, build_pdf
    from app.services.reports.annual_report_pdf import PagedTable, table

    rows = [
        [f"row-{number:04d}", "Lorem ipsum dolor sit amet " * (number % 3), str(number)] for number in range(1, 501)
    ]
    long_table = table(["Marker", "Text", "Number"], [20, 60, 20], rows, numeric=[2])
    assert isinstance(long_table, PagedTable)
    texts = PageTexts(organisation="Org", title="Rows", printed="", page_of="Page {page} of {pages}")
    build_pdf(tmp_path / "rows.pdf", [long_table], texts, landscape_pages=False)
    pages = [page.extract_text() for page in PdfReader(str(tmp_path / "rows.pdf")).pages]
    assert len(pages) > 5
    assert all(text.split()[:3] == ["Marker", "Text", "Number"] for text in pages)  # the header on every page, once
    assert all(text.count("Marker") == 1 for text in pages)
    markers = re.findall(r"row-(\d{4})", "\n".join(pages))
    assert [int(marker) for marker in markers] == list(range(1, 501))


def test_cells_are_broken_to_fit_their_column() -> None:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    from app.exporters.fonts import REGULAR
    from app.exporters.pdf import BODY_SIZE
    from app.services.reports.annual_report_pdf import fit

    for text in ("Scientific-Methodical Department", "Международный межбиблиотечный абонемент", "XA-2013/02",
                 "Qoraqalpogʻiston Respublikasi axborot-kutubxona markazi"):  # fmt: skip
        lines = fit(text, 40).split("\n")
        assert all(stringWidth(line, REGULAR, BODY_SIZE) <= 40 for line in lines), lines
        assert "".join(lines).replace("-", "") == text.replace(" ", "").replace("-", "")
    assert fit("Short", 40) == "Short"
