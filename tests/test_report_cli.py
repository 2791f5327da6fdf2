"""`hamkor report annual | dossier | calendar` as an administrator runs them: real processes on the sample database,
the files read back, and one clear line for every mistake."""

from __future__ import annotations

import re
from pathlib import Path

import icalendar
import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from tests.test_cli import hamkor


@pytest.fixture(scope="module")
def sample_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("report-cli") / "sample.db"
    result = hamkor("--db", str(path), "demo")
    assert result.returncode == 0, result.stderr
    return path


def pdf_text(path: Path) -> str:
    return re.sub(r"\s+", " ", "\n".join(page.extract_text() for page in PdfReader(str(path)).pages))


def test_annual_report_as_workbook_and_pdf(sample_db: Path, tmp_path: Path) -> None:
    workbook = tmp_path / "annual-2019.xlsx"
    result = hamkor("--db", str(sample_db), "report", "annual", "--year", "2019", "-o", str(workbook))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"Annual report for 2019 written to {workbook}"
    summary = load_workbook(workbook)["Summary"]
    values = {row[0]: row[1] for row in summary.iter_rows(values_only=True) if row and row[0]}
    assert values["Foreign delegations received"] == 32
    assert values["Countries the delegations came from"] == 15 and values["Countries visited"] == 11
    assert values["National libraries with an agreement in force at the end of the year"] == 11


def test_annual_workbook_in_english_has_the_exchange_balance_and_eleven_national_libraries(
    sample_db: Path, tmp_path: Path
) -> None:
    workbook = tmp_path / "annual-2019-en.xlsx"
    result = hamkor("--db", str(sample_db), "--lang", "en", "report", "annual", "--year", "2019", "-o", str(workbook))
    assert result.returncode == 0, result.stderr
    book = load_workbook(workbook)
    in_force = [row[0] for row in book["Agreements in force"].iter_rows(values_only=True)]
    assert "On 31 December 2019 agreements were in force with 11 national libraries of 11 countries." in in_force
    rows = list(book["Exchange balance"].iter_rows(values_only=True))
    header = rows.index(("Partner", "Sent: books", "Sent: periodicals", "Sent: electronic", "Sent in all",
                         "Received: books", "Received: periodicals", "Received: electronic", "Received in all",
                         "Balance", "Running balance"))  # fmt: skip
    partners, total = rows[header + 1 : -1], rows[-1]
    assert total[0] == "Total" and len(partners) == 6
    for column in range(1, 10):
        assert total[column] == sum(row[column] for row in partners)
    for row in rows[header + 1 :]:
        assert row[4] == sum(row[1:4]) and row[8] == sum(row[5:8]) and row[9] == row[8] - row[4]
    russia = next(row for row in partners if row[0] == "National Library of Russia")
    assert russia[4:] == (73, 53, 15, 10, 78, 5, 2)  # 2019: sent 73, received 78; 2018's −3 carried over
    assert [row[0] for row in book["Memberships"].iter_rows(values_only=True)][4:] == [
        "International Federation of Library Associations and Institutions", "Library Assembly of Eurasia"]  # fmt: skip
    assert "Protocol gifts" in book.sheetnames

    document = tmp_path / "annual-2019.pdf"
    result = hamkor("--db", str(sample_db), "--lang", "ru", "report", "annual", "--year", "2019", "-o", str(document))
    assert result.returncode == 0, result.stderr
    text = pdf_text(document)
    assert "Окно в Корею" in text and "Национальная библиотека Узбекистана имени Алишера Навои" in text


def test_dossier_of_a_country_and_card_of_a_partner(sample_db: Path, tmp_path: Path) -> None:
    path = tmp_path / "korea.pdf"
    result = hamkor("--db", str(sample_db), "report", "dossier", "--country", "kr", "-o", str(path))
    assert result.returncode == 0, result.stderr
    assert "Country dossier: South Korea" in result.stdout
    text = pdf_text(path)
    assert "National Library of Korea" in text and "XA-2013/02" in text and "Window to Korea" in text

    card = tmp_path / "partner.pdf"
    result = hamkor("--db", str(sample_db), "report", "dossier", "--partner", "3", "-o", str(card))
    assert result.returncode == 0, result.stderr
    assert "Partner card:" in result.stdout and "Partner card:" in pdf_text(card)


def test_calendar(sample_db: Path, tmp_path: Path) -> None:
    path = tmp_path / "hamkor.ics"
    result = hamkor("--db", str(sample_db), "report", "calendar", "-o", str(path), "--days", "400")
    assert result.returncode == 0, result.stderr
    count = int(result.stdout.split()[0])
    events = icalendar.Calendar.from_ical(path.read_bytes()).walk("VEVENT")
    assert count == len(events) > 0
    assert f"of the next 400 days written to {path}" in result.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["dossier", "--country", "XX", "-o", "{tmp}/x.pdf"], "Unknown country code “XX”."),
        (["dossier", "--partner", "99999", "-o", "{tmp}/x.pdf"], "There is no partner with the number 99999."),
        (["annual", "--year", "1800", "-o", "{tmp}/x.pdf"], "The year must be between 1900 and 2200."),
        (["annual", "--year", "2019", "-o", "{tmp}/x.docx"], "The file must end in .xlsx / .pdf."),
        (["dossier", "--country", "KR", "-o", "{tmp}/x.xlsx"], "The file must end in .pdf."),
        (["calendar", "-o", "{tmp}/x.txt"], "The file must end in .ics."),
        (["calendar", "-o", "{tmp}/x.ics", "--days", "0"], "The number of days must be between 1 and 3660."),
        (["annual", "--year", "2019", "-o", "{tmp}/missing/x.pdf"], "The folder “{tmp}/missing” does not exist."),
    ],
)
def test_mistakes_get_one_clear_line(sample_db: Path, tmp_path: Path, args: list[str], message: str) -> None:
    result = hamkor("--db", str(sample_db), "report", *(arg.format(tmp=tmp_path) for arg in args))
    assert result.returncode == 2
    assert result.stderr.strip() == message.format(tmp=tmp_path)
    assert "Traceback" not in result.stderr and not list(tmp_path.glob("x.*"))


def test_dossier_needs_a_country_or_a_partner(sample_db: Path, tmp_path: Path) -> None:
    result = hamkor("--db", str(sample_db), "report", "dossier", "-o", str(tmp_path / "x.pdf"))
    assert result.returncode == 2 and "--country" in result.stderr and "--partner" in result.stderr
    both = hamkor("--db", str(sample_db), "report", "dossier", "--country", "KR", "--partner", "3", "-o", "x.pdf")
    assert both.returncode == 2 and "not allowed with" in both.stderr
