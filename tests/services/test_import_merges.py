"""A tiny workbook that merges A2:A1048576 a hundred thousand times is answered at once and Cancel stops it;
a number too large for the database is a problem of the preview; a workbook under another name is said to be one."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile
from decimal import Decimal
from pathlib import Path

import peewee as pw
import pytest

from app.services.imports.importer import read_register_sheet
from app.services.imports.sheet import ImportCancelled
from app.services.imports.workbook import ImportRefused
from app.services.registers.records import validate
from tests.services.import_helpers import hamkor_layout
from tests.test_cli import ROOT


def merge_heavy(path: Path, merges: int) -> Path:
    """A partners workbook whose sheet merges A2:A1048576 `merges` times, stored without compression."""
    plain = path.with_name("plain.xlsx")
    hamkor_layout(plain, ["Name", "Kind", "Country"], [[f"Library {n}", "library", "KR"] for n in range(5)])
    with zipfile.ZipFile(plain) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename.startswith("xl/worksheets/sheet"):
                cells = b'<mergeCell ref="A2:A1048576"/>' * merges
                block = b'<mergeCells count="%d">%s</mergeCells>' % (merges, cells)
                data = data.replace(b"</sheetData>", b"</sheetData>" + block, 1)
            target.writestr(item.filename, data)
    return path


def test_a_hundred_thousand_merges_over_every_row_are_answered(tmp_path: Path) -> None:
    book = merge_heavy(tmp_path / "merges.xlsx", 100_000)
    assert 2_500_000 < book.stat().st_size < 4_000_000
    try:  # a guard against the old hours-long loop, not a measure: the figures are in bench/
        result = subprocess.run(
            [sys.executable, "-m", "app", "--db", str(tmp_path / "x.db"), "import", "partners", str(book),
             "--dry-run"],
            cwd=ROOT, capture_output=True, text=True, timeout=120,
        )  # fmt: skip
    except subprocess.TimeoutExpired:
        pytest.fail("the merged cells kept the import busy")
    assert "Traceback" not in result.stderr
    assert result.returncode in (0, 1, 2)


def test_cancel_stops_the_merged_cells(database: pw.Database, tmp_path: Path) -> None:
    book = merge_heavy(tmp_path / "merges.xlsx", 100)
    asked: list[bool] = []

    def cancelled() -> bool:
        asked.append(True)
        return True

    with pytest.raises(ImportCancelled):
        read_register_sheet(book, "partners", cancelled=cancelled)
    assert asked


def test_merged_values_still_fill_the_rows_they_span(database: pw.Database, tmp_path: Path) -> None:
    book = tmp_path / "merged.xlsx"
    hamkor_layout(book, ["Name", "Kind", "Country"], [["Library A", "library", "KR"], ["Library B", None, "KR"]])
    from openpyxl import load_workbook

    workbook = load_workbook(book)
    sheet = workbook.active
    header = next(row[0].row for row in sheet.iter_rows() if row[0].value == "Name")
    sheet.merge_cells(start_row=header + 1, start_column=2, end_row=header + 2, end_column=2)
    workbook.save(book)
    read = read_register_sheet(book, "partners")
    assert [values[1] for _number, values in read.rows] == ["library", "library"]


def test_a_workbook_named_txt_is_not_called_damaged(database: pw.Database, tmp_path: Path) -> None:
    book = hamkor_layout(tmp_path / "partners.xlsx", ["Name", "Kind", "Country"], [["Library A", "library", "KR"]])
    renamed = tmp_path / "partners.txt"
    shutil.copyfile(book, renamed)
    with pytest.raises(ImportRefused, match=r"is not an \.xlsx file"):
        read_register_sheet(renamed, "partners")


def test_numbers_too_large_for_the_database_are_problems_before_writing(database: pw.Database) -> None:
    assert validate("funding", {"amount": (Decimal("1e15"), "USD")}).get("amount") == (
        "The amount is too large: at most 999999999999.99."
    )
    assert validate("events", {"participants_total": 10**30}).get("participants_total") == "At most 2147483647."
