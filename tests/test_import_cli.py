"""`hamkor import` as an administrator runs it: real processes, real files, a real SQLite database — and killed."""

from __future__ import annotations

import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from openpyxl import Workbook

from tests.services.import_helpers import hamkor_layout, table_counts
from tests.services.test_import_hostile import csv_renamed, zip_bomb
from tests.test_cli import ROOT, hamkor

ROWS = 20_000
KILLS = 8


def environment() -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if key != "HAMKOR_DB"}
    env.update(LANG="C.UTF-8", LANGUAGE="", PYTHONUNBUFFERED="1")
    return env


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


@pytest.fixture(scope="module")
def big_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    countries = ["South Korea", "JP", "Россия", "Germaniya", "TR", "China"]
    rows = ([f"Library number {n}", "Library", countries[n % 6], "City"] for n in range(ROWS))
    return hamkor_layout(tmp_path_factory.mktemp("big") / "big.xlsx", ["Name", "Kind", "Country", "City"], rows)


def state(db: Path) -> tuple[str, int, int]:
    """(integrity check, partners, change log entries) read with plain sqlite3 after the process is gone."""
    with sqlite3.connect(db) as connection:
        check = connection.execute("PRAGMA integrity_check").fetchone()[0]
        partners = connection.execute("SELECT count(*) FROM partner").fetchone()[0]
        logged = connection.execute("SELECT count(*) FROM change_log").fetchone()[0]
    return check, partners, logged


def start_import(db: Path, path: Path, stdout: int) -> subprocess.Popen:
    command = [sys.executable, "-m", "app", "--db", str(db), "import", "partners", str(path)]
    return subprocess.Popen(command, cwd=ROOT, env=environment(), stdout=stdout, stderr=subprocess.DEVNULL, text=True)


def wait_for_writing(process: subprocess.Popen) -> float:
    """Read the output until the preview's last line (writing starts right after it); return that moment."""
    for line in process.stdout:
        if "rows to create records" in line:
            return time.perf_counter()
    raise AssertionError("the import ended before writing")


def test_killing_the_import_at_any_moment_leaves_all_rows_or_none(
    empty_db: Path, big_file: Path, tmp_path: Path
) -> None:
    db = fresh(empty_db, tmp_path, "baseline.db")
    started = time.perf_counter()
    process = start_import(db, big_file, subprocess.PIPE)
    writing = wait_for_writing(process)
    output = process.stdout.read()
    assert process.wait() == 0 and f"{ROWS} records created." in output
    finished = time.perf_counter()
    total, write = finished - started, finished - writing
    assert state(db) == ("ok", ROWS, ROWS)
    print(f"\n{ROWS} rows: {total:.1f} s in all, {write:.1f} s writing")

    outcomes = []
    for attempt in range(KILLS):
        db = fresh(empty_db, tmp_path, f"killed{attempt}.db")
        during_write = attempt % 2 == 0
        if during_write:  # a random moment of the write transaction
            process = start_import(db, big_file, subprocess.PIPE)
            wait_for_writing(process)
            time.sleep(random.uniform(0, write))
        else:  # a random moment of the whole run: start, reading, checking or writing
            process = start_import(db, big_file, subprocess.DEVNULL)
            time.sleep(random.uniform(0, total))
        process.send_signal(signal.SIGKILL)
        process.wait()
        if process.stdout:
            process.stdout.close()
        wal = Path(f"{db}-wal")
        pending = wal.stat().st_size if wal.exists() else 0  # pages the killed transaction had already written
        check, partners, logged = state(db)
        assert check == "ok"
        assert (partners, logged) in ((0, 0), (ROWS, ROWS)), (partners, logged)
        outcomes.append((during_write, pending, partners))
    print("kills (during the write?, bytes in the WAL, rows after):", outcomes)
    interrupted = [o for o in outcomes if o[0] and o[1] > 0 and o[2] == 0]
    assert interrupted, "no kill interrupted a write that had reached the disk"
