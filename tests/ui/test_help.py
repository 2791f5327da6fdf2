"""Help: F1 opens the guide in the interface language, Ctrl+/ the sheet of shortcuts; the window's title."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from app.i18n import set_language
from app.ui.dialogs.help_viewer import GuideDialog, ShortcutsDialog
from tests.ui.conftest import activate

HEADINGS = {
    "en": "What each register is for",
    "ru": "Для чего каждый реестр",
    "uz": "Har bir reestr nima uchun",
    "uz-Cyrl": "Ҳар бир реестр нима учун",
}


@pytest.mark.parametrize("language", list(HEADINGS))
def test_f1_opens_the_guide_in_the_interface_language(qtbot, window, language: str) -> None:  # noqa: ANN001
    set_language(language)
    window.build()
    activate(qtbot, window)
    qtbot.keyClick(window, Qt.Key.Key_F1)
    guide = window.guide
    assert isinstance(guide, GuideDialog) and guide.isVisible()
    text = guide.browser.toPlainText()
    assert HEADINGS[language] in text and "Ctrl+K" in text and "section:" not in text
    guide.close()


def test_ctrl_slash_shows_every_shortcut_of_the_window(qtbot, window, dialogs) -> None:  # noqa: ANN001
    seen: dict[str, str] = {}

    def look(dialog: ShortcutsDialog) -> None:
        table = dialog.table
        seen.update({table.item(r, 0).text(): table.item(r, 1).text() for r in range(table.rowCount())})
        dialog.reject()

    dialogs.expect(look, kind=ShortcutsDialog)
    activate(qtbot, window)
    qtbot.keyClick(window, Qt.Key.Key_Slash, Qt.KeyboardModifier.ControlModifier)
    dialogs.check()
    assert seen["Search everywhere"] == "Ctrl+K"
    assert seen["Guide"] == "F1"
    assert seen["Keyboard shortcuts"] == "Ctrl+/"
    assert "Ctrl+N" in seen.values() and "Ctrl+1" in seen.values()


def test_the_window_title_names_the_database_and_the_app_once(window) -> None:  # noqa: ANN001
    assert window.windowTitle() == "test.db"
    from PySide6.QtWidgets import QApplication

    assert QApplication.applicationDisplayName() == "Hamkor"
