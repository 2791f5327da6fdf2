"""Jobs that write many records in one transaction — a bulk edit, a run of record saves — killed (SIGKILL) at chosen
writes, just before their commit and just after it: the registry is sound and holds exactly what it held before or
what the finished job leaves, never a part of it. The same jobs and checks as bench/crash, at deterministic points; on
PostgreSQL the server must roll back what a killed client left open."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from app.models.database import close_database, open_database
from bench import crash_jobs
from tests.conftest import PG_ENV, pg_url, reset_postgresql

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")


@dataclass(frozen=True)
class Case:
    """A job: the registry it starts from, and its arguments to tests.crash_child after `--` (given the registry)."""

    build: Callable[[], None]
    command: Callable[[str], list[str]]
    writes: int = 100  # at least this many writes, so the kill points fall at different moments


CASES = {
    "bulk_edit": Case(crash_jobs.generated(30), lambda registry: ["--job", "bulk_edit", registry]),
    "save": Case(crash_jobs.partners(5), lambda registry: ["--job", "save", registry]),
    "merge": Case(crash_jobs.partners_to_merge, lambda registry: ["--db", registry, "merge", "partners", "1", "2"],
                  writes=10),
}
#: Where the job is killed: before the write at this share of all its writes (the first, the last and between).
SHARES = (0.0, 0.1, 0.5, 0.9, 1.0)


@dataclass
class Reference:
    """A job's registry before it runs, its states before and after, and how many writes and commits it makes."""

    start: Path
    before: str
    after: str
    counts: dict[str, int]


def child(kind: str, number: int, case: Case, registry: Path | str) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "LANG": "C.UTF-8"}
    environment.pop("HAMKOR_DB", None)
    return subprocess.run(
        [sys.executable, "-m", "tests.crash_child", kind, str(number), "--", *case.command(str(registry))],
        cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120,
    )  # fmt: skip


def state_of(path: Path) -> str:
    """The registry's fingerprint, after SQLite's integrity and foreign key checks passed."""
    verdict, printed = crash_jobs.check(path)
    assert verdict == "ok", f"{path}: {verdict}"
    return printed


@pytest.fixture(scope="module")
def references(tmp_path_factory: pytest.TempPathFactory) -> Callable[[str], Reference]:
    folder = tmp_path_factory.mktemp("record-jobs-crash")
    made: dict[str, Reference] = {}

    def reference(name: str) -> Reference:
        if name not in made:
            start = folder / f"{name}.db"
            open_database(str(start))
            try:
                CASES[name].build()
            finally:
                close_database()
            finished = folder / f"{name}-finished.db"
            shutil.copyfile(start, finished)
            result = child("count", 0, CASES[name], finished)
            assert result.returncode == 0, result.stderr
            counts = json.loads(result.stderr.strip().splitlines()[-1])
            made[name] = Reference(start, state_of(start), state_of(finished), counts)
        return made[name]

    return reference


@pytest.mark.parametrize("name", list(CASES))
def test_the_job_changes_the_registry_in_one_transaction(references: Callable[[str], Reference], name: str) -> None:
    reference = references(name)
    assert reference.before != reference.after
    assert reference.counts["commit"] == reference.counts["committed"] == 1
    assert reference.counts["write"] > CASES[name].writes


@pytest.mark.parametrize("name", list(CASES))
@pytest.mark.parametrize(
    ("kind", "share"), [*(("write", share) for share in SHARES), ("commit", 1.0), ("committed", 1.0)]
)
def test_a_job_killed_midway_leaves_the_before_or_the_after_state(
    references: Callable[[str], Reference], tmp_path: Path, name: str, kind: str, share: float
) -> None:
    reference = references(name)
    number = max(1, round(share * reference.counts[kind]))
    registry = tmp_path / "hamkor.db"
    shutil.copyfile(reference.start, registry)

    result = child(kind, number, CASES[name], registry)

    assert result.returncode == -9, result.stderr
    if kind == "committed":
        assert state_of(registry) == reference.after
        return
    assert state_of(registry) == reference.before  # killed before its commit: nothing of it stays
    open_database(str(registry))  # the app opens it again, and the job then runs to its end
    close_database()
    assert child("count", 0, CASES[name], registry).returncode == 0
    assert state_of(registry) == reference.after


def postgresql_state(url: str) -> str:
    """A digest of every record of every table (as crash_jobs.fingerprint, timestamps aside) on the server."""
    import hashlib

    from playhouse.db_url import connect

    database = connect(url)
    digest = hashlib.sha256()
    try:
        for table in sorted(database.get_tables()):
            if table in crash_jobs.NOT_RECORDS:
                continue
            columns = [c.name for c in database.get_columns(table) if not c.name.endswith(crash_jobs.VOLATILE)]
            order = ", ".join(str(n) for n in range(1, len(columns) + 1))
            selected = ", ".join(f'"{column}"' for column in columns)
            digest.update(table.encode())
            for row in database.execute_sql(f'SELECT {selected} FROM "{table}" ORDER BY {order}'):
                digest.update(repr(row).encode())
    finally:
        database.close()
    return digest.hexdigest()


def fresh_postgresql(url: str) -> str:
    reset_postgresql(url)
    open_database(url)
    try:
        CASES["bulk_edit"].build()
    finally:
        close_database()
    return postgresql_state(url)


@pytest.mark.postgres
def test_a_bulk_edit_killed_midway_on_postgresql_leaves_the_before_or_the_after_state() -> None:
    url = pg_url()
    if not url:
        pytest.skip(f"no PostgreSQL server: set {PG_ENV}")
    before = fresh_postgresql(url)
    counted = child("count", 0, CASES["bulk_edit"], url)
    assert counted.returncode == 0, counted.stderr
    after = postgresql_state(url)
    assert after != before
    writes = json.loads(counted.stderr.strip().splitlines()[-1])["write"]
    for kind, number in (("write", 1), ("write", writes // 2), ("write", writes), ("commit", 1), ("committed", 1)):
        assert fresh_postgresql(url) == before
        result = child(kind, number, CASES["bulk_edit"], url)
        assert result.returncode == -9, result.stderr
        assert postgresql_state(url) == (after if kind == "committed" else before), (kind, number)
