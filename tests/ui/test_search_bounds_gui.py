"""Searches beyond the database's limits get a clear message, and an error nobody caught is logged and shown with
"Copy details" instead of escaping a slot."""

from __future__ import annotations

from pathlib import Path

import peewee as pw
import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from app.models import Partner
from app.services.registers.list_query import ListQuery, select_ids
from app.text.search_keys import MAX_SEARCH_WORDS, search_problem
from tests.test_cli import hamkor

LONG_SEARCHES = [" ".join(f"word{n}" for n in range(90)), " ".join(f"w{n}" for n in range(600)), "x" * 120_000]


@pytest.mark.parametrize("text", LONG_SEARCHES, ids=["90 words", "600 words", "120000 characters"])
def test_a_long_search_never_fails_the_query_and_has_a_message(any_database: pw.Database, text: str) -> None:
    Partner.create(name_en="National Library of Korea", kind="national_library", country="KR")
    assert list(select_ids(ListQuery("partners", search=text))) == []  # bounded: no parser or recursion limit
    assert search_problem(text)
    assert search_problem(" ".join(["korea"] * 100)) is None  # the same word again is one word
    assert search_problem(" ".join(f"w{n}" for n in range(MAX_SEARCH_WORDS))) is None


def test_the_command_line_says_the_search_is_too_long(tmp_path: Path) -> None:
    result = hamkor("--db", str(tmp_path / "x.db"), "list", "partners", "--search", LONG_SEARCHES[0])
    assert result.returncode == 2
    assert result.stderr.strip() == "The search has too many words: at most 20."


def test_the_global_search_shows_the_message(qtbot, database: pw.Database) -> None:  # noqa: ANN001
    from app.ui.shell.global_search import GlobalSearchDialog

    dialog = GlobalSearchDialog()
    qtbot.addWidget(dialog)
    dialog.query.setText(LONG_SEARCHES[2])
    dialog.run()  # the live search runs at once (no wait for the typing to pause)
    assert dialog.summary.text() == "The search is too long: at most 1000 characters."


@pytest.mark.qt_no_exception_capture
def test_an_error_in_a_slot_is_logged_and_shown_with_copy_details(qtbot, tmp_path: Path, dialogs) -> None:  # noqa: ANN001
    from app.ui.shell.error_report import LOG_NAME, install_error_reporter

    reporter = install_error_reporter(tmp_path / "data")
    copied: list[str] = []

    def answer(box: QMessageBox) -> None:
        assert box.objectName() == "error_report"
        box.findChild(type(box.buttons()[0]), "copy_details").click()
        copied.append(QApplication.clipboard().text())
        assert box.isVisible()  # copying does not close it
        box.button(QMessageBox.StandardButton.Close).click()

    def broken_slot() -> None:
        raise RuntimeError("the model reset went wrong")

    dialogs.expect(answer, kind=QMessageBox)
    try:
        with qtbot.waitSignal(reporter.reported, timeout=5000):
            QTimer.singleShot(0, broken_slot)
        qtbot.waitUntil(lambda: bool(copied), timeout=5000)
    finally:
        reporter.uninstall()
    log = (tmp_path / "data" / LOG_NAME).read_text(encoding="utf-8")
    assert "RuntimeError: the model reset went wrong" in log and "broken_slot" in log
    assert "RuntimeError: the model reset went wrong" in copied[0]
