"""Load sample data…: written on the task runner's pool with progress, the pages refreshed when it is in; a registry
that holds records is left as it was, and the window says why."""

from __future__ import annotations

import threading

import peewee as pw
import pytest
from PySide6.QtWidgets import QMessageBox

from app.models import DelegationVisit, Partner
from app.services.sample import loader
from app.ui.shell import tasks
from app.ui.shell.hub import hub


@pytest.fixture
def on_pool(monkeypatch: pytest.MonkeyPatch) -> None:
    """Background work really runs on the pool (not at once on the test's thread)."""
    monkeypatch.setattr(tasks, "_runner", tasks.on_thread_pool)


def test_the_sample_loads_on_the_pool_with_progress_and_the_pages_show_it(
    qtbot, window, on_pool, monkeypatch: pytest.MonkeyPatch  # noqa: ANN001
) -> None:
    seen: dict[str, object] = {}
    load_demo = loader.load_demo

    def watched(**arguments: object) -> dict[str, int]:
        seen["thread"] = threading.get_ident()
        reported = arguments["progress"]
        arguments["progress"] = lambda done, total: (seen.setdefault("progress", []).append((done, total)),
                                                     reported(done, total))  # fmt: skip
        return load_demo(**arguments)

    monkeypatch.setattr(loader, "load_demo", watched)
    window.show_page("partners")
    partners = window.page("partners")
    assert partners.model.rowCount() == 0
    with qtbot.waitSignal(hub.data_reset, timeout=60000):
        window.main_actions["sample"].trigger()
    assert tasks.wait_for_tasks(10000)
    assert seen["thread"] != threading.get_ident()  # not on the window's thread
    total = seen["progress"][-1][1]
    assert total > 100 and seen["progress"][-1] == (total, total)
    assert Partner.select().count() > 0 and DelegationVisit.select().count() > 0
    qtbot.waitUntil(lambda: partners.model.rowCount() == Partner.select().count(), timeout=10000)
    assert window.statusBar().currentMessage() == "Sample data loaded."
    assert not window.property("sample_loading")


def test_a_registry_with_records_is_left_as_it_was_and_the_window_says_why(
    qtbot, window, dialogs, database: pw.Database  # noqa: ANN001
) -> None:
    Partner.create(name_en="Some library", kind="library", country="FR")
    said: list[str] = []

    def answer(box: QMessageBox) -> None:
        said.append(box.text())
        box.accept()

    dialogs.expect(answer, kind=QMessageBox)
    window.main_actions["sample"].trigger()
    qtbot.waitUntil(lambda: bool(said), timeout=5000)
    assert "already holds records" in said[0]
    assert Partner.select().count() == 1 and DelegationVisit.select().count() == 0
    assert not window.property("sample_loading")  # it can be asked again
