"""`hamkor import` as an administrator runs it: real processes, real files, a real SQLite database — and killed."""

from __future__ import annotations

import json
import shutil
import signal
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
from openpyxl import Workbook

from tests.services.import_helpers import hamkor_layout, table_counts
from tests.services.test_import_hostile import csv_renamed, zip_bomb
from tests.services.test_record_jobs_crash import Case, child
from tests.test_cli import hamkor

#: Enough rows that the import's transaction outgrows SQLite's page cache: its pages reach the disk before it commits.
ROWS = 4_000


def partners_file(path: Path) -> Path:
    rows = [
        ["Национальная библиотека Кореи", "National library", "South Korea", "Seoul"],
        ["Natsionalnaya biblioteka Korei", "library", "KR", "Seoul"],  # the same library, in another script
        ["Atlantis Library", "library", "Atlantis", "Poseidonia"],
        ["Goethe-Institut Taschkent", "Cultural centre", "DE", "Tashkent"],
    ]
    return hamkor_layout(path, ["Name", "Kind", "Country", "City"], rows)


@pytest.fixture(scope="module")
def empty_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An empty registry made by the app itself (copied for each run)."""
    path = tmp_path_factory.mktemp("template") / "empty.db"
    result = hamkor("--db", str(path), "check")
    assert result.returncode == 0, result.stderr
    return path


def fresh(empty_db: Path, folder: Path, name: str = "hamkor.db") -> Path:
    target = folder / name
    shutil.copy(empty_db, target)
    return target


def test_problems_are_listed_and_nothing_is_written_unless_the_other_rows_are_wanted(
    empty_db: Path, tmp_path: Path
) -> None:
    db = fresh(empty_db, tmp_path)
    path = partners_file(tmp_path / "partners.xlsx")
    before = table_counts(db)
    result = hamkor("--db", str(db), "import", "partners", str(path))
    assert result.returncode == 1, result.stderr
    assert "header in row 4" in result.stdout
    assert "A “Name” → Name" in result.stdout
    assert "Row 7, column C “Country”: Unknown country “Atlantis”." in result.stdout
    assert "Row 6: Repeats row 5." in result.stdout
    assert "--skip-invalid" in result.stderr
    assert table_counts(db) == before

    dry = hamkor("--db", str(db), "import", "partners", str(path), "--dry-run", "--skip-invalid")
    assert dry.returncode == 1 and "Dry run: nothing was written." in dry.stdout
    assert table_counts(db) == before

    result = hamkor("--db", str(db), "import", "partners", str(path), "--skip-invalid")
    assert result.returncode == 0, result.stderr
    assert "2 records created." in result.stdout
    assert "1 duplicate skipped." in result.stdout
    assert "1 row with problems skipped." in result.stdout
    with sqlite3.connect(db) as connection:
        names = {row[0] for row in connection.execute("SELECT name_en FROM partner")}
        assert connection.execute("SELECT name_ru FROM partner WHERE country = 'KR'").fetchall() == [
            ("Национальная библиотека Кореи",)
        ]
    assert names == {"", "Goethe-Institut Taschkent"}


def test_on_duplicate_update_and_the_sheet_by_name(empty_db: Path, tmp_path: Path) -> None:
    db = fresh(empty_db, tmp_path)
    first = hamkor_layout(tmp_path / "first.xlsx", ["Name", "Kind"], [["Aichi University of the Arts", "University"]])
    assert hamkor("--db", str(db), "import", "partners", str(first)).returncode == 0
    workbook = Workbook()
    workbook.active.title = "Notes"
    sheet = workbook.create_sheet("Партнёры")
    sheet.append(["Наименование", "Город"])
    sheet.append(["AICHI UNIVERSITY OF THE ARTS", "Nagakute"])
    workbook.save(tmp_path / "second.xlsx")
    result = hamkor(
        "--db", str(db), "import", "partners", str(tmp_path / "second.xlsx"), "--sheet", "Партнёры",
        "--on-duplicate", "update",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "1 record updated." in result.stdout
    with sqlite3.connect(db) as connection:
        assert connection.execute("SELECT city, version FROM partner").fetchall() == [("Nagakute", 2)]
    missing = hamkor("--db", str(db), "import", "partners", str(tmp_path / "second.xlsx"), "--sheet", "Nope")
    assert missing.returncode == 2
    assert "“Nope”" in missing.stderr and "“Партнёры”" in missing.stderr


@pytest.mark.parametrize("language", ["ru", "uz"])
def test_the_problems_are_written_to_a_workbook_on_request(
    empty_db: Path, tmp_path: Path, language: str
) -> None:
    from openpyxl import load_workbook

    from app.i18n import load_translations
    from tests.exporters.test_xlsx_finish import assert_finished, header_of

    db = fresh(empty_db, tmp_path)
    path = partners_file(tmp_path / "partners.xlsx")
    target = tmp_path / "problems"  # the .xlsx is added
    result = hamkor("--lang", language, "--db", str(db), "import", "partners", str(path), "--dry-run",
                    "--problems", str(target))  # fmt: skip
    assert result.returncode == 1, result.stderr
    translate = load_translations(language).gettext
    written = tmp_path / "problems.xlsx"
    assert str(written) in result.stdout
    sheet = load_workbook(written).active
    assert_finished(sheet)
    top = header_of(sheet)
    headers = [translate(text) for text in ("Workbook", "Sheet", "Row", "Column")]
    headers += [load_translations(language).pgettext("a cell's content", "Value"), translate("Problem")]
    assert [cell.value for cell in sheet[top]] == headers
    rows = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=top + 1)]
    assert [row[:5] for row in rows] == [["partners.xlsx", "Partners", 7, "C “Country”", "Atlantis"]]
    assert "Atlantis" in rows[0][5] and rows[0][5] != "Unknown country “Atlantis”."  # in the language asked for
    assert translate("Page {page} of {pages}").split("{")[0].strip() in sheet.oddFooter.right.text
    assert sheet.title == translate("Problems")

    refused = hamkor("--db", str(db), "import", "partners", str(path), "--problems", str(tmp_path / "no" / "p.xlsx"))
    assert refused.returncode == 2 and "p.xlsx" in refused.stderr and "Traceback" not in refused.stderr


@pytest.mark.parametrize("build", [zip_bomb, csv_renamed], ids=["zip bomb", "csv renamed"])
def test_a_hostile_file_is_refused_with_one_line_and_the_database_unchanged(
    empty_db: Path, tmp_path: Path, build
) -> None:  # noqa: ANN001
    db = fresh(empty_db, tmp_path)
    path = build(tmp_path / "hostile.xlsx")
    before = table_counts(db)
    started = time.perf_counter()
    result = hamkor("--db", str(db), "import", "partners", str(path))
    assert time.perf_counter() - started < 20
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0 and "hostile.xlsx" in result.stderr
    assert "Traceback" not in result.stderr
    assert table_counts(db) == before


def test_an_unknown_register_is_refused(empty_db: Path, tmp_path: Path) -> None:
    result = hamkor("--db", str(fresh(empty_db, tmp_path)), "import", "presents", str(tmp_path / "x.xlsx"))
    assert result.returncode == 2 and "partners" in result.stderr


@dataclass(frozen=True)
class Killing:
    """The workbook the killed imports read, and how many writes and commits a whole import of it makes."""

    book: Path
    counts: dict[str, int]

    def case(self) -> Case:
        return Case(build=lambda: None, command=lambda db: ["--db", db, "import", "partners", str(self.book)])


def state(db: Path) -> tuple[str, int, int]:
    """(integrity check, partners, change log entries) read with plain sqlite3 after the process is gone."""
    with sqlite3.connect(db) as connection:
        check = connection.execute("PRAGMA integrity_check").fetchone()[0]
        partners = connection.execute("SELECT count(*) FROM partner").fetchone()[0]
        logged = connection.execute("SELECT count(*) FROM change_log").fetchone()[0]
    return check, partners, logged


@pytest.fixture(scope="module")
def killing(empty_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Killing:
    """A workbook of ROWS partners (in several scripts and country spellings), imported once to the end."""
    folder = tmp_path_factory.mktemp("killed-imports")
    countries = ["South Korea", "JP", "Россия", "Germaniya", "TR", "China"]
    rows = ([f"Library number {n}", "Library", countries[n % 6], "City"] for n in range(ROWS))
    book = hamkor_layout(folder / "big.xlsx", ["Name", "Kind", "Country", "City"], rows)
    killing = Killing(book, {})
    db = fresh(empty_db, folder, "finished.db")
    result = child("count", 0, killing.case(), db)
    assert result.returncode == 0 and f"{ROWS} records created." in result.stdout, result.stderr
    assert state(db) == ("ok", ROWS, ROWS)
    counts = json.loads(result.stderr.strip().splitlines()[-1])
    assert counts["commit"] == counts["committed"] == 1 and counts["write"] >= 6  # one transaction, several batches
    return Killing(book, counts)


@pytest.mark.parametrize(("kind", "share"), [("write", 0.0), ("write", 0.5), ("write", 1.0), ("commit", 1.0),
                                             ("committed", 1.0)])  # fmt: skip
def test_an_import_killed_at_any_write_leaves_all_rows_or_none(
    empty_db: Path, killing: Killing, tmp_path: Path, kind: str, share: float
) -> None:
    """Killed (SIGKILL) before its first write (the file read and checked), between its batches, before its last
    write, just before its commit or just after it: the registry is sound and holds all the rows or none of them.
    (bench/crash kills imports at random moments.)"""
    db = fresh(empty_db, tmp_path)
    result = child(kind, max(1, round(share * killing.counts[kind])), killing.case(), db)

    assert result.returncode == -signal.SIGKILL, result.stderr
    wal = Path(f"{db}-wal")
    pending = wal.stat().st_size if wal.exists() else 0  # pages the killed process had already written
    check, partners, logged = state(db)
    assert check == "ok"
    assert (partners, logged) == ((ROWS, ROWS) if kind == "committed" else (0, 0))
    if kind == "commit":  # the transaction outgrew the page cache: part of it was on disk, uncommitted, and is ignored
        assert pending > 0
