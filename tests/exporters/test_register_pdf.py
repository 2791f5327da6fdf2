"""The register of agreements as PDF and Excel: read back, names exact in every script, fonts embedded."""

from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from app.i18n import _, set_language, translator_for
from app.models import Agreement, AgreementParty, Partner
from app.services.reports.agreement_register import build_register, write_register_pdf, write_register_xlsx

ROOT = Path(__file__).resolve().parents[2]


def pdf_text(path: Path) -> tuple[str, PdfReader]:
    reader = PdfReader(str(path))
    return "\n".join(page.extract_text() for page in reader.pages), reader


def fonts_of(reader: PdfReader) -> list[tuple[str, bool]]:
    """Every font used by the pages, and whether its program is embedded."""
    found = []
    for page in reader.pages:
        resources = page["/Resources"].get_object()
        for font in resources.get("/Font", {}).values():
            font = font.get_object()
            descendants = font.get("/DescendantFonts")
            described = descendants[0].get_object() if descendants else font
            descriptor = described.get("/FontDescriptor")
            embedded = bool(descriptor) and any(
                key in descriptor.get_object() for key in ("/FontFile", "/FontFile2", "/FontFile3")
            )
            found.append((str(font.get("/BaseFont")), embedded))
    return found


@pytest.fixture
def mixed_register(database):  # noqa: ANN001, ANN201
    korea = Partner.create(
        name_uz="Koreya Respublikasi Milliy kutubxonasi",
        name_ru="Национальная библиотека Кореи",
        name_orig="국립중앙도서관",
        kind="national_library",
        country="KR",
    )
    tashkent = Partner.create(
        name_uz="Oʻzbekiston Fanlar akademiyasi Qoʻlyozmalar instituti",
        name_ru="Институт рукописей Академии наук Узбекистана",
        kind="research_institute",
        country="UZ",
    )
    cyrillic = Partner.create(name_uz="Қорақалпоғистон ахборот-кутубхона маркази", kind="library", country="UZ")
    for number, partner, title_uz, title_ru in (
        ("XA-2013/02", korea, "Oʻzaro anglashuv memorandumi", "Меморандум о взаимопонимании"),
        ("XA-2015/01", tashkent, "Hamkorlik toʻgʻrisida shartnoma", "Соглашение о сотрудничестве"),
        ("XA-2016/03", cyrillic, "Ҳамкорлик тўғрисида шартнома", ""),
    ):
        agreement = Agreement.create(
            reg_number=number,
            title_uz=title_uz,
            title_ru=title_ru,
            kind="agreement",
            status="in_force",
            signed_on=dt.date(2015, 3, 1),
        )
        AgreementParty.create(agreement=agreement, partner=partner)
    return korea


@pytest.mark.parametrize("language", ["uz", "ru"])
def test_names_print_exactly_in_every_script_and_fonts_are_embedded(
    mixed_register,
    tmp_path: Path,
    language: str,  # noqa: ANN001
) -> None:
    set_language(language)
    path = tmp_path / "register.pdf"
    write_register_pdf(build_register(language=language), path, organisation="Oʻzbekiston Milliy kutubxonasi")
    text, reader = pdf_text(path)
    flat = re.sub(r"\s+", " ", text)
    if language == "uz":
        assert "Oʻzbekiston Fanlar akademiyasi Qoʻlyozmalar instituti" in flat  # U+02BB kept
        assert "Koreya Respublikasi Milliy kutubxonasi" in flat
        assert "Hamkorlik toʻgʻrisida shartnoma" in flat
    else:
        assert "Национальная библиотека Кореи" in flat
        assert "Институт рукописей Академии наук Узбекистана" in flat
    assert "Қорақалпоғистон ахборот-кутубхона маркази" in flat  # ў қ ғ ҳ
    assert "국립중앙도서관" not in flat and "?" not in flat  # no script the font lacks, no boxes
    assert "Oʻzbekiston Milliy kutubxonasi" in flat
    fonts = fonts_of(reader)
    assert fonts and all(embedded for _name, embedded in fonts)


def make_agreements(count: int) -> None:
    partner = Partner.create(
        name_en="National Library of Latvia",
        name_ru="Национальная библиотека Латвии",
        kind="national_library",
        country="LV",
    )
    rows = [
        dict(
            reg_number=f"XA-{2000 + i % 25}/{i:04d}",
            title_en=f"Agreement number {i} on cooperation in digitisation of manuscripts and exchange of publications",
            kind="agreement",
            status="in_force",
            signed_on=dt.date(2000 + i % 25, 1 + i % 12, 1 + i % 28),
            search_text="",
        )
        for i in range(1, count + 1)
    ]
    Agreement.insert_many(rows).execute()
    AgreementParty.insert_many([{"agreement": a.id, "partner": partner.id} for a in Agreement.select()]).execute()


def test_a_500_agreement_register_has_every_row_across_pages(database, tmp_path: Path) -> None:  # noqa: ANN001
    make_agreements(500)
    path = tmp_path / "register.pdf"
    write_register_pdf(build_register(language="en"), path, organisation="National Library")
    text, reader = pdf_text(path)
    pages = len(reader.pages)
    assert pages > 5
    numbers = re.findall(r"XA-\d{4}/(\d{4})", text)
    assert len(numbers) == 500 and len(set(numbers)) == 500
    assert f"Page 1 of {pages}" in reader.pages[0].extract_text()
    assert f"Page {pages} of {pages}" in reader.pages[-1].extract_text()
    for page in reader.pages:  # the header row repeats on every page
        assert "Reg. number" in page.extract_text()
    assert "Total: 500 agreements" in text


def test_grouping_adds_subtotals(mixed_register, tmp_path: Path) -> None:  # noqa: ANN001
    path = tmp_path / "grouped.pdf"
    write_register_pdf(build_register(language="en", group_by="country"), path, organisation="National Library")
    flat = re.sub(r"\s+", " ", pdf_text(path)[0])
    assert "Uzbekistan (2)" in flat and "South Korea (1)" in flat
    assert "Subtotal: 2 agreements" in flat and "Subtotal: 1 agreement" in flat
    assert "Total: 3 agreements" in flat


def test_the_register_as_an_excel_sheet(mixed_register, tmp_path: Path) -> None:  # noqa: ANN001
    path = tmp_path / "register.xlsx"
    write_register_xlsx(build_register(language="ru", group_by="status"), path, organisation="НБУ")
    rows = list(load_workbook(path).active.iter_rows(values_only=True))
    header = next(i for i, row in enumerate(rows) if row[0] == "№ п/п")  # written in the register's language
    data = rows[header + 1 :]
    assert [row[0] for row in data] == [1, 2, 3]
    assert rows[header].count("Статус") == 1  # the group column says it; no second status column
    assert isinstance(data[0][6], dt.datetime)


def test_the_excel_register_gives_the_term_end_as_a_date_and_the_year_as_a_number(database, tmp_path: Path) -> None:  # noqa: ANN001
    Agreement.create(
        title_en="Renewing", kind="mou", status="in_force", signed_on=dt.date(2012, 5, 1),
        valid_until=dt.date(2017, 5, 1), auto_renewal=True, renewal_years=5,
    )  # fmt: skip
    Agreement.create(title_en="Open", kind="mou", status="in_force", signed_on=dt.date(2019, 2, 1))
    path = tmp_path / "register.xlsx"
    register = build_register(language="en", group_by="year", as_of=dt.date(2026, 11, 25))
    write_register_xlsx(register, path, organisation="National Library")
    rows = list(load_workbook(path).active.iter_rows(values_only=True))
    header = next(i for i, row in enumerate(rows) if row[0] == "No.")
    table = [dict(zip(rows[header], row, strict=True)) for row in rows[header + 1 :]]
    assert [(row["Year signed"], row["In force until"], row["Term"]) for row in table] == [
        (2012, dt.datetime(2027, 5, 1), "renews every 5 years"),
        (2019, None, "open-ended"),
    ]


def test_open_ended_and_renewing_agreements_say_so(database) -> None:  # noqa: ANN001
    Agreement.create(title_en="Open", kind="mou", status="in_force")
    Agreement.create(
        title_en="Renewing",
        kind="mou",
        status="in_force",
        valid_until=dt.date(2027, 5, 1),
        auto_renewal=True,
        renewal_years=5,
    )
    Agreement.create(title_en="Still a draft", kind="mou", status="draft")
    until = {row.title[0]: row.until for row in build_register(language="en").rows}
    assert until == {
        "Open": "open-ended",
        "Renewing": "01/05/2027, renews every 5 years",
        "Still a draft": "—",  # not signed: no term at all, certainly not an open-ended one
    }


def test_a_multilateral_agreement_is_listed_under_each_partners_country_and_counted_once(
    mixed_register,  # noqa: ANN001
    tmp_path: Path,
) -> None:
    tajik = Partner.create(name_en="National Library of Tajikistan", kind="national_library", country="TJ")
    AgreementParty.create(agreement=Agreement.get(Agreement.reg_number == "XA-2013/02"), partner=tajik)
    register = build_register(language="en", group_by="country")
    groups = {label: [row.reg_number for row in rows] for label, rows in register.groups}
    assert groups == {"South Korea": ["XA-2013/02"], "Tajikistan": ["XA-2013/02"],
                      "Uzbekistan": ["XA-2015/01", "XA-2016/03"]}  # fmt: skip
    assert len(register.rows) == 3 and sorted(row.number for row in register.rows) == [1, 2, 3]
    path = write_register_pdf(register, tmp_path / "countries.pdf", organisation="National Library")
    flat = re.sub(r"\s+", " ", pdf_text(path)[0])
    assert "Tajikistan (1)" in flat and "Total: 3 agreements" in flat
    assert "listed under each of them" in flat


def test_status_groups_follow_an_agreements_life_in_every_language(database) -> None:  # noqa: ANN001
    for status in ("in_force", "draft", "negotiation", "expired"):
        Agreement.create(title_en=status, kind="mou", status=status)
    for language in ("en", "ru", "uz"):
        set_language(language)
        labels = [rows[0].title[0] for _label, rows in build_register(language=language, group_by="status").groups]
        assert labels == ["draft", "negotiation", "in_force", "expired"], language


def test_the_report_command_writes_the_register(tmp_path: Path) -> None:
    database = tmp_path / "S.db"
    assert (
        subprocess.run(
            [sys.executable, "-m", "app", "--db", str(database), "demo"], cwd=ROOT, capture_output=True
        ).returncode
        == 0
    )
    for name, extra in (("register.pdf", ["--group-by", "country"]), ("register.xlsx", ["--status", "in_force"])):
        result = subprocess.run(
            [
                sys.executable,
                "-m",
                "app",
                "--db",
                str(database),
                "--lang",
                "ru",
                "report",
                "register",
                "-o",
                str(tmp_path / name),
                *extra,
            ],
            cwd=ROOT,
            capture_output=True,
            text=True,
        )
        assert result.returncode == 0, result.stderr
        assert (tmp_path / name).stat().st_size > 1000
    text, _reader = pdf_text(tmp_path / "register.pdf")
    assert "Национальная библиотека Кореи" in re.sub(r"\s+", " ", text)
    refused = subprocess.run(
        [sys.executable, "-m", "app", "--db", str(database), "report", "register", "-o", str(tmp_path / "x.docx")],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert refused.returncode != 0 and "Traceback" not in refused.stderr


def _footer_pieces(page) -> list[tuple[float, str, float]]:  # noqa: ANN001
    """The footer's texts on a page as (x, text, font size), found by their height above the page's bottom."""
    pieces: list[tuple[float, str, float]] = []

    def visit(text: str, cm, tm, font, size) -> None:  # noqa: ANN001
        if text.strip() and abs(tm[5] * cm[3] + cm[5] - 9 * 72 / 25.4) < 1:
            pieces.append((tm[4] * cm[0] + cm[4], text.strip(), size))

    page.extract_text(visitor_text=visit)
    return sorted(pieces)


@pytest.mark.parametrize("language", ["uz", "ru", "en"])
def test_a_long_organisation_name_does_not_run_into_the_footers_date(
    database,  # noqa: ANN001
    tmp_path: Path,
    language: str,
) -> None:
    from reportlab.pdfbase.pdfmetrics import stringWidth

    from app.exporters.fonts import REGULAR

    set_language(language)
    organisation = "Alisher Navoiy nomidagi Oʻzbekiston Milliy kutubxonasi — Xalqaro aloqalar xizmati " * 3
    path = write_register_pdf(build_register(language=language), tmp_path / "long.pdf", organisation=organisation)
    pieces = _footer_pieces(PdfReader(str(path)).pages[0])
    assert len(pieces) >= 2, pieces
    (left_x, left, size), (right_x, right, _size) = pieces[0], pieces[-1]
    assert left.endswith("…")  # shortened, and says so
    assert left_x + stringWidth(left, REGULAR, size) < right_x
    assert re.search(r"1\b.*1\b", right)  # "page 1 of 1" stays whole


@pytest.mark.parametrize("language", ["uz", "ru", "en"])
def test_a_group_heading_is_never_left_alone_at_the_foot_of_a_page(tmp_path: Path, load_sample, language: str) -> None:  # noqa: ANN001
    from app.models.database import close_database, open_database

    open_database(str(tmp_path / "demo.db"))
    try:
        set_language(language)
        load_sample()
        register = build_register(language=language, group_by="country")
        path = write_register_pdf(register, tmp_path / "grouped.pdf", organisation="National Library")
        labels = [f"{label} ({len(rows)})" for label, rows in register.groups]
        for number, page in enumerate(PdfReader(str(path)).pages, start=1):
            lines = [line.strip() for line in page.extract_text().splitlines()]
            headings = [i for i, line in enumerate(lines) if line in labels]
            if headings:  # a table row (a numbered one) follows the page's last heading on the same page
                assert any(re.fullmatch(r"\d+", line) for line in lines[headings[-1] + 1 :]), (number, lines[-8:])
    finally:
        close_database()


def test_the_register_is_written_in_its_translator_s_language_whatever_the_interface_speaks(
    mixed_register,  # noqa: ANN001
    tmp_path: Path,
) -> None:
    set_language("en")
    register = build_register(language=translator_for("ru"), group_by="status")
    assert register.language == "ru"
    text, _reader = pdf_text(write_register_pdf(register, tmp_path / "register.pdf", organisation="НБУ"))
    assert "Реестр соглашений" in text and "Register of agreements" not in text
    write_register_xlsx(register, tmp_path / "register.xlsx", organisation="НБУ")
    sheet = load_workbook(tmp_path / "register.xlsx").active
    assert "Статус" in [cell for row in sheet.iter_rows(values_only=True) for cell in row]
    assert _("Register of agreements") == "Register of agreements"  # the interface still speaks English
