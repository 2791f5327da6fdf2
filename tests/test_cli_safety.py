"""The command line under attack: formula text in CSV, consoles that cannot show Uzbek letters, absurd arguments."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from app.models import Partner
from app.models.database import close_database, open_database
from tests.test_cli import hamkor

HOSTILE = ["=cmd|' /C calc'!A0", '=HYPERLINK("http://x","y")', "-2+3", "@SUM(1)", "\tTab"]
KEPT = ["+998 71 232-83-94", "-12.5", "Oʻzbekiston Milliy kutubxonasi"]


@pytest.fixture
def hostile_db(tmp_path: Path) -> Path:
    path = tmp_path / "hostile.db"
    open_database(str(path))
    for name in HOSTILE + KEPT:
        Partner.create(name_en=name, name_uz="Oʻzbek", kind="university", country="UZ")
    close_database()
    return path


def listed_names(output: str) -> list[str]:
    rows = list(csv.reader(io.StringIO(output)))
    column = rows[0].index("Name")
    return [row[column] for row in rows[1:]]


def test_csv_output_neutralises_formula_text_unless_raw(hostile_db: Path) -> None:
    result = hamkor("--db", str(hostile_db), "list", "partners", "--format", "csv", "--columns", "name")
    assert result.returncode == 0, result.stderr
    names = set(listed_names(result.stdout))
    assert {"'" + name for name in HOSTILE} <= names
    assert set(KEPT) <= names
    raw = hamkor("--db", str(hostile_db), "list", "partners", "--format", "csv", "--columns", "name", "--raw")
    assert set(HOSTILE) <= set(listed_names(raw.stdout))


def test_a_carriage_return_or_a_sign_before_text_is_neutralised_but_numbers_are_not() -> None:
    from app.commands.records import neutral_cell

    assert neutral_cell("\rReturn") == "'\rReturn"
    assert neutral_cell("+cmd") == "'+cmd" and neutral_cell("-") == "'-"
    assert neutral_cell("+1 (555) 010-0199") == "+1 (555) 010-0199"
    assert neutral_cell(-12) == -12 and neutral_cell("") == ""


def test_a_console_that_cannot_show_uzbek_letters_does_not_fail(hostile_db: Path) -> None:
    for encoding in ("cp1251", "ascii"):
        result = hamkor(
            "--db", str(hostile_db), "--lang", "uz", "list", "partners", env={"PYTHONIOENCODING": encoding}
        )
        assert result.returncode == 0, result.stderr
        assert "Oʻzbekiston" in result.stdout  # written as UTF-8 to a file or pipe
        assert "codec" not in result.stderr


def test_the_console_fallback_replaces_what_a_code_page_cannot_show() -> None:
    from app.__main__ import safe_output

    class Console(io.TextIOWrapper):
        def isatty(self) -> bool:
            return True

    raw = io.BytesIO()
    console = Console(raw, encoding="cp1251")
    safe_output(console)
    console.write("Oʻzbekiston — Узбекистан")
    console.flush()
    assert raw.getvalue().decode("cp1251") == "O?zbekiston — Узбекистан"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["report", "register", "-o", "r.pdf", "--status", ""], "Unknown value “”; use one of:"),
        (["report", "register", "-o", "r.pdf", "--status", "nonsense"], "Unknown value “nonsense”"),
        (["report", "annual", "-o", "a.xlsx", "--year", "9" * 40], "The year must be between 1900 and 2200."),
        (["list", "visits", "--year", "9" * 40], "The year must be between 1900 and 2200."),
        (["export", "visits", "-o", "v.xlsx", "--year", "-5"], "The year must be between 1900 and 2200."),
        (["report", "dossier", "-o", "d.pdf", "--partner", "9" * 40], "is not a whole number of 0 or more"),
        (["report", "calendar", "-o", "c.ics", "--days", "9" * 40], "is not a whole number of 0 or more"),
    ],
)
def test_absurd_arguments_get_a_clear_message(tmp_path: Path, args: list[str], message: str) -> None:
    result = hamkor("--db", str(tmp_path / "x.db"), *args)
    assert result.returncode == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr and "too large" not in result.stderr


def on_a_read_only_mount(folder: Path, *args: str):  # noqa: ANN201 - CompletedProcess
    """`hamkor ARGS` in a private mount namespace where `folder` is mounted read-only."""
    import os
    import shlex
    import shutil
    import subprocess
    import sys

    if not shutil.which("unshare"):
        pytest.skip("no unshare")
    command = " ".join(shlex.quote(part) for part in (sys.executable, "-m", "app", *args))
    script = f"mount --bind {folder} {folder} && mount -o remount,ro,bind {folder} && {command}"
    environment = {key: value for key, value in os.environ.items() if key != "HAMKOR_DB"}
    environment.update(LANG="C.UTF-8", LANGUAGE="")
    result = subprocess.run(
        ["unshare", "-m", "sh", "-c", script], cwd=Path(__file__).resolve().parent.parent, env=environment,
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    if "mount:" in result.stderr and "permission denied" in result.stderr.lower():
        pytest.skip("no permission to mount")
    return result


def test_a_registry_on_a_read_only_mount_can_be_listed_and_backed_up(hostile_db: Path, tmp_path: Path) -> None:
    import hashlib

    before = hashlib.sha256(hostile_db.read_bytes()).hexdigest()
    listed = on_a_read_only_mount(hostile_db.parent, "--db", str(hostile_db), "list", "partners")
    assert listed.returncode == 0, listed.stderr
    assert "+998 71 232-83-94" in listed.stdout
    elsewhere = tmp_path.parent / f"{tmp_path.name}-copies"
    elsewhere.mkdir()
    copy = elsewhere / "copy.db"
    backed_up = on_a_read_only_mount(hostile_db.parent, "--db", str(hostile_db), "backup", "-o", str(copy))
    assert backed_up.returncode == 0, backed_up.stderr
    assert hashlib.sha256(hostile_db.read_bytes()).hexdigest() == before
    import sqlite3

    with sqlite3.connect(copy) as connection:
        assert connection.execute("SELECT count(*) FROM partner").fetchone()[0] == len(HOSTILE) + len(KEPT)
