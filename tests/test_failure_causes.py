"""After a failed write the officer reads the cause — a full disk, a lost server — not the error of the rollback."""

from __future__ import annotations

import io
import sqlite3
from pathlib import Path

import peewee as pw
import pytest

from app.cli import run
from app.models.database import SQLITE_PRAGMAS, close_database, connect, open_database, resolve_location
from app.services.storage.failures import explain_failure
from tests.conftest import pg_url, reset_postgresql
from tests.services.import_helpers import hamkor_layout


def test_an_import_onto_a_full_disk_says_the_disk_is_full(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "hamkor.db"
    open_database(str(path))
    close_database()
    with sqlite3.connect(path) as connection:
        pages = connection.execute("PRAGMA page_count").fetchone()[0]
    monkeypatch.setitem(SQLITE_PRAGMAS, "max_page_count", pages + 2)  # the disk fills up after two more pages
    rows = [[f"Library number {n} " + "x" * 200, "library", "KR", "Seoul"] for n in range(2000)]
    book = hamkor_layout(tmp_path / "partners.xlsx", ["Name", "Kind", "Country", "City"], rows)

    code = run(["--db", str(path), "import", "partners", str(book)], out=io.StringIO())

    error = capsys.readouterr().err
    close_database()
    assert code == 1
    assert "The disk is full." in error
    assert "rollback" not in error and "no transaction" not in error
    with sqlite3.connect(path) as connection:
        assert connection.execute("SELECT count(*) FROM partner").fetchone() == (0,)


def test_a_lost_server_is_named_as_such() -> None:
    url = pg_url()
    if not url:
        pytest.skip("no PostgreSQL server")
    reset_postgresql(url)
    database = open_database(url)
    try:
        (pid,) = database.execute_sql("SELECT pg_backend_pid()").fetchone()
        other = connect(resolve_location(url))
        other.execute_sql("SELECT pg_terminate_backend(%s)", (pid,))
        other.close()
        with pytest.raises(pw.DatabaseError) as raised, database.atomic():
            database.execute_sql("INSERT INTO schema_version (version) VALUES (99)")
        assert explain_failure(raised.value).startswith("The connection to the server was lost.")
    finally:
        close_database()
