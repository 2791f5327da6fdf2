"""`hamkor backup` and `hamkor restore` as an administrator runs them: real processes, files and a real server."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import admin, pg_url, with_path
from tests.services.test_backup import damage
from tests.services.test_startup import HOLDER
from tests.test_cli import ROOT, hamkor


@pytest.fixture(scope="module")
def demo_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("backup-cli") / "demo.db"
    result = hamkor("--db", str(path), "demo")
    assert result.returncode == 0, result.stderr
    return path


@pytest.fixture
def registry(demo_copy: Path, tmp_path: Path) -> Path:
    """A registry with the sample data, of this test's own."""
    path = tmp_path / "hamkor.db"
    with sqlite3.connect(demo_copy) as source, sqlite3.connect(path) as target:
        source.backup(target)
    return path


def partners(path: Path) -> int:
    with sqlite3.connect(path) as connection:
        return connection.execute("SELECT count(*) FROM partner").fetchone()[0]


def test_backup_writes_a_checked_copy_beside_the_database_and_lists_it(registry: Path) -> None:
    result = hamkor("--db", str(registry), "backup")
    assert result.returncode == 0, result.stderr
    assert "Backup written and checked:" in result.stdout
    (copy,) = (registry.parent / "backups").glob("hamkor-*.db")
    assert partners(copy) == partners(registry)

    listed = hamkor("--db", str(registry), "backup", "--list")
    assert listed.returncode == 0, listed.stderr
    assert "checked" in listed.stdout and str(copy) in listed.stdout and "1 copy in" in listed.stdout

    damage(copy)
    listed = hamkor("--db", str(registry), "backup", "--list")
    assert listed.returncode == 1 and "damaged" in listed.stdout


def test_backup_to_a_file_and_restore_it_keeping_the_replaced_database(registry: Path, tmp_path: Path) -> None:
    copy = tmp_path / "before.db"
    made = hamkor("--db", str(registry), "backup", "-o", str(copy))
    assert made.returncode == 0, made.stderr
    count = partners(registry)
    with sqlite3.connect(registry) as connection:
        connection.execute("DELETE FROM contact_person")
        connection.execute(
            "DELETE FROM partner WHERE id NOT IN (SELECT partner_id FROM agreement_party)"
            " AND id NOT IN (SELECT partner_id FROM event_partner)"
        )
    assert partners(registry) < count

    restored = hamkor("--db", str(registry), "restore", str(copy))

    assert restored.returncode == 0, restored.stderr
    assert "The replaced database was kept as" in restored.stdout
    assert partners(registry) == count
    (aside,) = tmp_path.glob("hamkor.replaced-*.db")
    assert partners(aside) < count
    check = hamkor("--db", str(registry), "check")
    assert check.returncode == 0, check.stderr


def test_restore_refuses_a_damaged_copy_in_one_line_and_changes_nothing(registry: Path, tmp_path: Path) -> None:
    copy = tmp_path / "copy.db"
    assert hamkor("--db", str(registry), "backup", "-o", str(copy)).returncode == 0
    damage(copy)
    before = registry.read_bytes()

    result = hamkor("--db", str(registry), "restore", str(copy))

    assert result.returncode == 2
    assert "cannot be restored" in result.stderr and "damaged" in result.stderr
    assert "Traceback" not in result.stderr
    assert registry.read_bytes() == before
    assert not list(tmp_path.glob("*.replaced-*"))


def test_restore_refuses_while_the_app_has_the_database_open(registry: Path, tmp_path: Path) -> None:
    copy = tmp_path / "copy.db"
    assert hamkor("--db", str(registry), "backup", "-o", str(copy)).returncode == 0
    app = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(registry)],
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert app.stdout.readline().strip() == "held"
        result = hamkor("--db", str(registry), "restore", str(copy))
        assert result.returncode == 2
        assert "already open on this database" in result.stderr
        assert app.poll() is None
    finally:
        app.stdin.close()
        app.wait(timeout=30)


# -- PostgreSQL --------------------------------------------------------------------------------------------------
@pytest.fixture
def two_servers_databases() -> Iterator[tuple[str, str]]:
    """Two empty databases of this test's own on the test server."""
    server = pg_url()
    if not server:
        pytest.skip("no PostgreSQL server: set HAMKOR_TEST_PG")
    names = [f"hamkor_t8_{uuid.uuid4().hex[:12]}" for _ in range(2)]
    for name in names:
        admin(server, f"CREATE DATABASE {name}")
    yield tuple(with_path(server, database=name) for name in names)
    for name in names:
        admin(server, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.mark.postgres
def test_a_shared_registry_is_backed_up_to_a_portable_file_and_restored_elsewhere(
    two_servers_databases: tuple[str, str], tmp_path: Path
) -> None:
    source, target = two_servers_databases
    assert hamkor("--db", source, "demo").returncode == 0
    copy = tmp_path / "shared.db"

    made = hamkor("--db", source, "backup", "-o", str(copy))
    assert made.returncode == 0, made.stderr
    listed = hamkor("--db", str(copy), "list", "visits", "--year", "2019", "--format", "csv")
    assert listed.returncode == 0 and len(listed.stdout.strip().splitlines()) == 33  # header and 32 visits

    restored = hamkor("--db", target, "restore", str(copy))
    assert restored.returncode == 0, restored.stderr
    assert "Restored" in restored.stdout
    again = hamkor("--db", target, "restore", str(copy))
    assert again.returncode == 2 and "--replace" in again.stderr
    replaced = hamkor("--db", target, "restore", "--replace", str(copy))
    assert replaced.returncode == 0, replaced.stderr

    original = hamkor("--db", source, "list", "partners", "--format", "csv").stdout
    assert hamkor("--db", target, "list", "partners", "--format", "csv").stdout == original
    assert hamkor("--db", target, "check").returncode == 0
