"""At start, what a killed restore left is offered to the officer: restore again, or keep the current file."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest
from PySide6.QtWidgets import QMessageBox, QPushButton

from app.models import Partner
from app.models.database import close_database, open_database
from app.services.storage import restore
from app.services.storage.backup import copy_sqlite_file
from app.ui.shell.startup_checks import prepare_database


def names(path: Path) -> list[str]:
    with sqlite3.connect(path) as connection:
        return [row[0] for row in connection.execute("SELECT name_en FROM partner ORDER BY id")]


@pytest.fixture
def interrupted(tmp_path: Path) -> tuple[Path, Path]:
    """A registry holding "Before" and what a restore of a copy holding "After" left when it was killed."""
    live, source, copy = tmp_path / "live.db", tmp_path / "source.db", tmp_path / "copy.db"
    for path, name in ((live, "Before"), (source, "After")):
        open_database(str(path))
        Partner.create(name_en=name, kind="library", country="KR")
        close_database()
    copy_sqlite_file(source, copy)
    shutil.copyfile(copy, restore.restoring_path(live))  # the unfinished file, and its note
    live.with_name("live.db.restoring.json").write_text(json.dumps({"copy": str(copy), "started": "x"}))
    return live, copy


@pytest.mark.parametrize(("button", "expected"), [("restore_again", ["After"]), ("keep_current", ["Before"])])
def test_the_officer_restores_again_or_keeps_the_current_file(
    qtbot, dialogs, interrupted: tuple[Path, Path], button: str, expected: list[str]  # noqa: ANN001
) -> None:
    live, _copy = interrupted

    def answer(box: QMessageBox) -> None:
        assert box.objectName() == "interrupted_restore"
        box.findChild(QPushButton, button).click()

    dialogs.expect(answer, kind=QMessageBox)
    session = prepare_database(str(live))
    assert session is not None
    session.release()
    assert names(live) == expected
    assert restore.interrupted_restore(live) is None
    if button == "keep_current":  # set aside, not deleted
        assert len(list(live.parent.glob("live.db.restoring-*.interrupted"))) == 1
