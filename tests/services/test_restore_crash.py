"""A real `hamkor restore` killed (SIGKILL) at every write, fsync and replace: the registry's path always holds the
old or the new registry, sound, and what the killed restore left is found and settled, never lost."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from app.models import Partner
from app.models.database import close_database, open_database
from app.services.attachments import add_attachment
from app.services.storage import restore
from app.services.storage.backup import copy_sqlite_file

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")


def registry(path: Path, names: list[str], scan: Path) -> None:
    open_database(str(path))
    for name in names:
        partner = Partner.create(name_en=name, kind="university", country="KR")
    add_attachment("partners", partner.id, scan)
    close_database()


def child(kind: str, number: int, target: Path, copy: Path) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "LANG": "C.UTF-8"}
    environment.pop("HAMKOR_DB", None)
    return subprocess.run(
        [sys.executable, "-m", "tests.crash_child", kind, str(number), "--", "--db", str(target), "restore", str(copy)],
        cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120,
    )  # fmt: skip


def state_of(path: Path) -> tuple[str, ...]:
    """The partners' names, after SQLite's integrity and foreign key checks passed."""
    with sqlite3.connect(path) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
        return tuple(row[0] for row in connection.execute("SELECT name_en FROM partner ORDER BY id"))


@pytest.fixture(scope="module")
def originals(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("restore-crash")
    scan = folder / "scan.pdf"
    scan.write_bytes(os.urandom(3 * 1024 * 1024))  # several steps of the copy
    before, source = folder / "before.db", folder / "source.db"
    registry(before, ["Before A", "Before B", "Before C"], scan)
    registry(source, ["After A", "After B", "After C", "After D", "After E"], scan)
    copy = folder / "copy.db"
    copy_sqlite_file(source, copy)
    return before, copy


BEFORE = ("Before A", "Before B", "Before C")
AFTER = ("After A", "After B", "After C", "After D", "After E")


def test_the_count_of_kill_points(originals: tuple[Path, Path], tmp_path: Path) -> None:
    before, copy = originals
    target = tmp_path / "live.db"
    shutil.copyfile(before, target)
    result = child("count", 0, target, copy)
    assert result.returncode == 0, result.stderr
    counts = json.loads(result.stderr.strip().splitlines()[-1])
    assert counts["write"] >= 4 and counts["fsync"] >= 2 and counts["replace"] >= 1
    assert state_of(target) == AFTER
    assert len(list(tmp_path.glob("live.replaced-*.db"))) == 1
    assert not list(tmp_path.glob("live.db.restoring*"))


@pytest.mark.parametrize(
    ("kind", "number"),
    [*(("write", n) for n in range(1, 9)), *(("fsync", n) for n in range(1, 6)), *(("replace", n) for n in (1, 2, 3))],
)
def test_a_restore_killed_midway_leaves_the_old_or_the_new_registry(
    originals: tuple[Path, Path], tmp_path: Path, kind: str, number: int
) -> None:
    before, copy = originals
    target = tmp_path / "live.db"
    shutil.copyfile(before, target)

    result = child(kind, number, target, copy)

    if result.returncode == 0:  # this restore has fewer such steps: it finished
        assert state_of(target) == AFTER
        return
    assert result.returncode == -9, result.stderr
    assert state_of(target) in (BEFORE, AFTER)
    left = restore.interrupted_restore(target)
    if state_of(target) == BEFORE and left is None:  # killed before the restore began to write
        assert not restore.restoring_path(target).exists()
        return
    if state_of(target) == BEFORE:
        assert left.copy == copy.resolve()  # offered at the next start, not deleted
        restore.restore_again(target)
        assert state_of(target) == AFTER
    elif left is not None:
        kept = restore.keep_current(target)
        assert kept is None or kept.exists()
        assert state_of(target) == AFTER
    assert restore.interrupted_restore(target) is None
    asides = list(tmp_path.glob("live.replaced-*.db"))
    assert asides and all(state_of(path) in (BEFORE, AFTER) for path in asides)
    assert BEFORE in {state_of(path) for path in asides}  # the replaced registry is kept
