"""Access keys (Alt+letter) are unique within each menu and each dialog, in every language."""

from __future__ import annotations

import peewee as pw
import pytest
from PySide6.QtWidgets import QMenu

from app.i18n import LANGUAGES, set_language
from tests.ui.accessibility_walker import every_window
from tests.ui.conftest import show_main_window
from tests.ui.mnemonics import menu_texts, mnemonic, repeated, window_texts


def test_the_access_key_of_a_text() -> None:
    assert mnemonic("&Save") == "s"
    assert mnemonic("Save &as…\tCtrl+Shift+S") == "a"
    assert mnemonic("Tom && Jerry") is None
    assert mnemonic("&Ёлка") == "ё"
    assert repeated(["&File", "&Find", "&Edit"]) == {"f": ["&File", "&Find"]}


@pytest.mark.parametrize("language", LANGUAGES)
def test_access_keys_are_unique_in_each_menu_and_dialog(
    qtbot, database: pw.Database, load_sample, language: str  # noqa: ANN001
) -> None:
    set_language(language)
    load_sample()
    main = show_main_window(qtbot, "sample.db")
    clashes: dict[str, dict[str, list[str]]] = {}
    bar = main.menuBar()
    if found := repeated(menu_texts(bar)):
        clashes["menu bar"] = found
    for menu in bar.findChildren(QMenu):
        menu.aboutToShow.emit()  # menus filled when they open
        if found := repeated(menu_texts(menu)):
            clashes[f"menu {menu.title()}"] = found
    for where, window in every_window(main):
        if window is main:
            continue
        if found := repeated(window_texts(window)):
            clashes[where] = found
    assert clashes == {}
