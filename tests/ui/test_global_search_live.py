"""Search everywhere as you type: the toolbar's box drops its results down once the typing pauses; each result
says what tells it apart; Enter opens the chosen one."""

from __future__ import annotations

from PySide6.QtCore import Qt

from app.ui.registers.record_form import RecordDialog
from tests.ui.conftest import activate


def test_results_appear_as_you_type_with_what_tells_them_apart(qtbot, sample_window, dialogs) -> None:  # noqa: ANN001
    activate(qtbot, sample_window)
    qtbot.keyClick(sample_window, Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier)
    popup = sample_window.search_popup
    with qtbot.waitSignal(popup.search.found, timeout=5000) as found:
        qtbot.keyClicks(sample_window.global_search, "delegation korea")
    assert found.args[0] == "delegation korea", "one search, for the whole text, once the typing paused"
    assert popup.isVisible()
    hits = popup.hits()
    visits = [hit for hit in hits if hit[0] == "visits"]
    assert len(visits) >= 2
    assert len({(label, details) for _r, _i, label, details in hits}) == len(hits), "no two results look alike"
    assert all("2019" in details or "2018" in details or "20" in details for *_rest, details in visits)
    register, record_id = hits[0][0], hits[0][1]
    opened: list[tuple[str, int]] = []

    def look(dialog: RecordDialog) -> None:
        opened.append((dialog.register, dialog.record_id))
        dialog.reject()

    dialogs.expect(look, kind=RecordDialog)
    qtbot.keyClick(sample_window.global_search, Qt.Key.Key_Return)
    dialogs.check()
    assert opened == [(register, record_id)]
    assert not popup.isVisible()


def test_an_older_answer_arriving_late_is_dropped(qtbot, sample_window, monkeypatch) -> None:  # noqa: ANN001
    pending: list = []
    monkeypatch.setattr("app.ui.shell.tasks.run_quietly", lambda work, done: pending.append((work, done)))
    popup = sample_window.search_popup
    shown: list[str] = []
    popup.search.found.connect(lambda text, _hits: shown.append(text))
    for text in ("korea", "latvia"):
        sample_window.global_search.setText(text)
        popup.search.run()
    for work, done in reversed(pending):  # the newer answer comes first, the older one late
        done(work())
    assert shown == ["latvia"]
    assert popup.hits() and all(register for register, *_rest in popup.hits())
