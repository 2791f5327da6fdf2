"""The command line as an administrator uses it: real processes on a real database file and a real server."""

from __future__ import annotations

import csv
import io
import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import pg_url, reset_postgresql

ROOT = Path(__file__).resolve().parent.parent
ARTICLE_VISIT_COUNTRIES = {"US", "JP", "TR", "CN", "DE", "KG", "PL", "KZ", "MN", "RO", "TJ", "IT", "GB", "KR", "EG"}
ARTICLE_TRIP_COUNTRIES = {"US", "IR", "KR", "JP", "RU", "KG", "TM", "TJ", "AM", "AZ", "BY"}


def hamkor(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run `python -m app ARGS` as a separate process, the way a scheduled job would."""
    environment = {key: value for key, value in os.environ.items() if key != "HAMKOR_DB"}
    environment.update({"LANG": "C.UTF-8", "LANGUAGE": "", **(env or {})})
    return subprocess.run(
        [sys.executable, "-m", "app", *args], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120
    )


@pytest.fixture(scope="module")
def sample_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("cli") / "S.db"
    result = hamkor("--db", str(path), "demo")
    assert result.returncode == 0, result.stderr
    return path


def listed_json(db: Path | str, register: str, *options: str) -> list[dict]:
    """`hamkor list REGISTER --format json OPTIONS`, parsed."""
    result = hamkor("--db", str(db), "list", register, "--format", "json", *options)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def rows_of(output: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(output)))


def test_the_2019_visits_are_32_from_the_15_countries_the_article_names(sample_db: Path) -> None:
    visits = listed_json(sample_db, "visits", "--year", "2019", "--columns", "title,arrived_on,countries")
    assert len(visits) == 32
    assert all(v["arrived_on"].startswith("2019-") for v in visits)
    with sqlite3.connect(sample_db) as connection:
        codes = {
            row[0]
            for row in connection.execute(
                "SELECT DISTINCT c.country FROM visit_country c JOIN delegation_visit v ON v.id = c.visit_id "
                "WHERE v.arrived_on BETWEEN '2019-01-01' AND '2019-12-31'"
            )
        }
    assert codes == ARTICLE_VISIT_COUNTRIES


def test_the_visits_csv_has_a_header_and_every_visit(sample_db: Path) -> None:
    result = hamkor("--db", str(sample_db), "list", "visits", "--format", "csv")
    assert result.returncode == 0, result.stderr
    rows = rows_of(result.stdout)
    assert list(rows[0].keys())[:3] == ["id", "Delegation", "Arrived"]
    in_2019 = [row for row in rows if row["Arrived"].startswith("2019-")]
    assert len(in_2019) == 32
    countries = {c.strip() for row in in_2019 for c in row["Countries"].split(";")}
    assert len(countries) == 15
    assert {"United States", "Japan", "Egypt", "South Korea"} <= countries


def test_the_2019_trips_went_to_the_eleven_countries(sample_db: Path) -> None:
    trips = listed_json(sample_db, "trips", "--year", "2019", "--columns", "title,country,start_on")
    names = {trip["country"] for trip in trips}
    assert len(names) == 11
    assert {"United States", "Iran", "Japan", "Russia", "Armenia", "Belarus"} <= names


def test_the_sample_gifts_and_memberships_are_listed(sample_db: Path) -> None:
    gifts = listed_json(sample_db, "gifts", "--year", "2019")
    assert len(gifts) >= 8 and {gift["direction"] for gift in gifts} == {"Given", "Received"}
    assert all(gift["given_on"].startswith("2019-") for gift in gifts)
    assert any("Baburnama" in gift["item"] for gift in gifts)
    result = hamkor("--db", str(sample_db), "list", "memberships")
    assert result.returncode == 0, result.stderr
    assert "International Federation of Library Ass" in result.stdout and "Library Assembly of Eurasia" in result.stdout
    assert result.stdout.rstrip().endswith("2 records")


def test_the_agreements_hold_the_signed_ones_and_the_two_in_preparation(sample_db: Path) -> None:
    result = hamkor("--db", str(sample_db), "list", "agreements", "--format", "csv")
    assert result.returncode == 0, result.stderr
    rows = rows_of(result.stdout)
    statuses = [row["Status"] for row in rows]
    assert statuses.count("Signed, in force") >= 17
    preparing = [row["Parties"] for row in rows if row["Status"] in ("Draft", "Under negotiation")]
    assert len(preparing) == 2
    assert any("Egypt" in parties for parties in preparing)
    assert any("Yakub Kolas" in parties for parties in preparing)


def test_the_table_format_and_search_across_scripts(sample_db: Path) -> None:
    for query in ("Koreya", "КОРЕЯ", "korea"):
        result = hamkor("--db", str(sample_db), "list", "partners", "--search", query)
        assert result.returncode == 0, result.stderr
        assert "National Library of Korea" in result.stdout, query


def test_demo_refuses_a_database_that_holds_records_and_changes_nothing(sample_db: Path) -> None:
    before = hamkor("--db", str(sample_db), "list", "partners", "--format", "csv").stdout
    result = hamkor("--db", str(sample_db), "demo")
    assert result.returncode != 0
    assert "already holds records" in result.stderr
    assert "Traceback" not in result.stderr
    assert hamkor("--db", str(sample_db), "list", "partners", "--format", "csv").stdout == before


def test_check_passes_on_a_sound_database(sample_db: Path) -> None:
    result = hamkor("--db", str(sample_db), "check")
    assert result.returncode == 0, result.stderr
    assert "in order" in result.stdout


def copy_of(database: Path, target: Path) -> Path:
    """A copy of an SQLite database made with SQLite's backup API."""
    with sqlite3.connect(database) as source, sqlite3.connect(target) as copy:
        source.backup(copy)
    return target


def test_check_fails_readably_on_a_damaged_file(sample_db: Path, tmp_path: Path) -> None:
    damaged = copy_of(sample_db, tmp_path / "damaged.db")
    with sqlite3.connect(damaged) as connection:
        connection.execute("PRAGMA journal_mode=DELETE")
        page_size = connection.execute("PRAGMA page_size").fetchone()[0]
        root = connection.execute("SELECT rootpage FROM sqlite_master WHERE name = 'delegation_visit'").fetchone()[0]
    data = bytearray(damaged.read_bytes())
    start = (root - 1) * page_size
    data[start + 8 : start + page_size] = b"\xa5" * (page_size - 8)  # scribble over the table's page
    damaged.write_bytes(bytes(data))
    result = hamkor("--db", str(damaged), "check")
    assert result.returncode != 0
    assert result.stderr.strip()
    assert "Traceback" not in result.stderr


def test_check_fails_on_a_dangling_link(sample_db: Path, tmp_path: Path) -> None:
    broken = copy_of(sample_db, tmp_path / "broken.db")
    with sqlite3.connect(broken) as connection:
        connection.execute("PRAGMA foreign_keys = OFF")
        connection.execute("UPDATE contact_person SET partner_id = 99999 WHERE id = 1")
    result = hamkor("--db", str(broken), "check")
    assert result.returncode == 1
    assert "contact_person" in result.stderr and "partner" in result.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["list", "presidents"], "Unknown register “presidents”"),
        (["list", "partners", "--columns", "salary"], "Unknown field “salary”"),
        (["--db", "postgresql://nobody:pw@127.0.0.1:9/none", "list", "partners"], "Cannot connect to the database"),
        (["--lang", "fr", "list", "partners"], "Unknown language “fr”"),
    ],
)
def test_errors_are_one_clear_line_and_a_non_zero_exit(tmp_path: Path, args: list[str], message: str) -> None:
    if "--db" not in args:
        args = ["--db", str(tmp_path / "x.db"), *args]
    result = hamkor(*args)
    assert result.returncode != 0
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_an_unreadable_file_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "letter.db"
    path.write_text("Dear colleagues, " * 300)
    result = hamkor("--db", str(path), "list", "partners")
    assert result.returncode != 0
    assert "cannot be opened as a Hamkor database" in result.stderr
    assert "Traceback" not in result.stderr


def test_help_is_there_for_hamkor_and_every_command() -> None:
    result = hamkor("--help")
    assert result.returncode == 0
    for command in ("demo", "list", "check"):
        assert command in result.stdout
        sub = hamkor(command, "--help")
        assert sub.returncode == 0, sub.stderr
        assert "usage:" in sub.stdout


def test_the_environment_variable_names_the_database(sample_db: Path) -> None:
    result = hamkor("list", "departments", "--format", "csv", env={"HAMKOR_DB": str(sample_db)})
    assert result.returncode == 0, result.stderr
    assert len(rows_of(result.stdout)) == 20


@pytest.mark.postgres
def test_demo_and_list_on_a_real_postgresql_server() -> None:
    url = pg_url()
    if not url:
        pytest.skip("no PostgreSQL server: set HAMKOR_TEST_PG")
    reset_postgresql(url)
    assert hamkor("--db", url, "demo").returncode == 0
    visits = listed_json(url, "visits", "--year", "2019", "--columns", "countries")
    assert len(visits) == 32
    assert len({c.strip() for v in visits for c in v["countries"].split(";")}) == 15
    search = hamkor("--db", url, "list", "partners", "--search", "КОРЕЯ")
    assert "National Library of Korea" in search.stdout
    assert hamkor("--db", url, "check").returncode == 0
    assert hamkor("--db", url, "demo").returncode != 0


@pytest.fixture(scope="module")
def mixed_scripts_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from app.models import Partner
    from app.models.database import close_database, open_database
    from tests.ui.test_search_gui import RECORDS

    path = tmp_path_factory.mktemp("scripts") / "scripts.db"
    open_database(str(path))
    for values in RECORDS.values():
        Partner.create(kind="library", **values)
    close_database()
    return path


def test_the_command_line_search_finds_across_scripts(mixed_scripts_db: Path) -> None:
    """Every case of the window's search, through `hamkor list --search` (run in this process: one real process
    would add nothing to the other tests' and costs a start per case)."""
    from app.cli import run
    from app.models.database import close_database
    from tests.ui.test_search_gui import CASES, RECORDS

    def label(values: dict) -> str:
        return values.get("name_en") or values.get("name_uz") or values.get("name_ru")

    def listed(query: str) -> list[dict]:
        out = io.StringIO()
        try:
            code = run(["--db", str(mixed_scripts_db), "list", "partners", "--format", "json", "--search", query,
                        "--columns", "name"], out=out)  # fmt: skip
        finally:
            close_database()
        assert code == 0, query
        return json.loads(out.getvalue())

    assert [row["name"] for row in listed("Koreya")] == [
        row["name"] for row in listed_json(mixed_scripts_db, "partners", "--search", "Koreya", "--columns", "name")
    ]  # as a real process lists them
    for query, expected in CASES:
        found = [row["name"] for row in listed(query)]
        # the exact matches come first; similar spellings (Toshkent: Ташкент) may follow them
        assert set(found[: len(expected)]) == {label(RECORDS[key]) for key in expected}, query


@pytest.mark.parametrize("command", ["list", "export"])
def test_a_year_for_a_register_without_dates_is_refused_in_the_users_language(
    sample_db: Path, tmp_path: Path, command: str
) -> None:
    output = ["-o", str(tmp_path / "partners.xlsx")] if command == "export" else []
    result = hamkor("--db", str(sample_db), "--lang", "ru", command, "partners", "--year", "2019", *output)
    assert result.returncode == 2  # a usage error
    assert "--year" in result.stderr and "Партнёры" in result.stderr, result.stderr
    assert not (tmp_path / "partners.xlsx").exists()
    dated = hamkor("--db", str(sample_db), command, "visits", "--year", "2019", *output)
    assert dated.returncode == 0, dated.stderr
