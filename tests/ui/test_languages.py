"""Every page and dialog in Russian and Uzbek shows no English source text; the language switches live."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QPushButton,
    QTableView,
    QTabWidget,
    QToolButton,
    QTreeWidget,
    QWidget,
)

from app.i18n import current_language, set_language
from app.services.registers.specs import SPECS
from app.ui.registers.list_page import RegisterPage
from app.ui.shell.language import install_qt_language

ROOT = Path(__file__).resolve().parents[2]


def english_sources(language: str) -> set[str]:
    """The English messages whose translation in `language` differs from them: seeing one means a miss."""
    with (ROOT / "translations" / language / "LC_MESSAGES" / "messages.po").open("rb") as handle:
        catalog = read_po(handle)
    sources = set()
    for message in catalog:
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        texts = message.string if isinstance(message.string, tuple) else (message.string,)
        for source, text in zip(ids, texts, strict=False):
            if "{" in source or source == text:
                continue
            sources.add(normal(source))
    return sources - {""}


def normal(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("&", "").replace(" *", "").replace("…", "").strip())


def visible_texts(widget: QWidget) -> list[str]:
    """Every text a person can see or hover in a window: titles, labels, buttons, headers, menus, tooltips."""
    texts = [widget.windowTitle()]
    for child in [widget, *widget.findChildren(QWidget)]:
        if child is not widget and not child.isVisibleTo(widget) and not isinstance(child, QMenu):
            continue
        texts.append(child.toolTip())
        if isinstance(child, QLabel):
            texts.append(child.text())
        elif isinstance(child, (QAbstractButton, QToolButton)):
            texts.append(child.text())
        elif isinstance(child, QGroupBox):
            texts.append(child.title())
        elif isinstance(child, QLineEdit):
            texts.append(child.placeholderText())
        elif isinstance(child, QComboBox):
            texts += [child.itemText(i) for i in range(child.count())]
        elif isinstance(child, QTabWidget):
            texts += [child.tabText(i) for i in range(child.count())]
        elif isinstance(child, QTableView) and child.model() is not None:
            model = child.model()
            texts += [str(model.headerData(c, Qt.Orientation.Horizontal)) for c in range(model.columnCount())]
        elif isinstance(child, QTreeWidget):
            texts += [child.headerItem().text(c) for c in range(child.columnCount())]
            texts += [child.topLevelItem(i).text(0) for i in range(child.topLevelItemCount())]
        for action in child.actions():
            texts += [action.text(), action.toolTip()]
        if isinstance(child, QMenu):
            texts.append(child.title())
    if isinstance(widget, QMainWindow):
        for menu in widget.menuBar().findChildren(QMenu):
            texts.append(menu.title())
            texts += [action.text() for action in menu.actions()]
    return [text for text in texts if text]


def leftovers(widget: QWidget, sources: set[str]) -> list[str]:
    """English texts left in the window, and buttons that show nothing at all."""
    found = {text for text in visible_texts(widget) if normal(text) in sources}
    for button in widget.findChildren(QPushButton):
        if button.isVisibleTo(widget) and not button.text().strip() and button.icon().isNull():
            found.add(f"<a button without text: {button.objectName() or type(button.parent()).__name__}>")
    return sorted(found)


@pytest.mark.parametrize("language", ["ru", "uz"])
def test_no_english_is_left_on_any_page_or_dialog(qtbot, sample_window, form, language: str) -> None:  # noqa: ANN001
    sources = english_sources(language)
    set_language(language)
    install_qt_language(language)
    sample_window.build()
    found: dict[str, list[str]] = {}
    for name in ("start", *SPECS):
        sample_window.show_page(name)
        page = sample_window.current_page()
        if isinstance(page, RegisterPage) and page.model.ids:
            page.select_record(page.model.ids[0])
        found[f"page {name}"] = leftovers(sample_window, sources)
        if isinstance(page, RegisterPage):
            found[f"form {name}"] = leftovers(form(name, page.model.ids[0]), sources)
            found[f"new {name}"] = leftovers(form(name), sources)

    from app.ui.dialogs.settings import SettingsDialog
    from app.ui.pages.partner_card import PartnerCardDialog
    from app.ui.shell.global_search import GlobalSearchDialog

    for dialog in (SettingsDialog(), GlobalSearchDialog("Koreya"), PartnerCardDialog(1)):
        qtbot.addWidget(dialog)
        found[type(dialog).__name__] = leftovers(dialog, sources)
    install_qt_language("en")
    missed = {where: texts for where, texts in found.items() if texts}
    assert not missed, "\n".join(f"{where}: {texts}" for where, texts in missed.items())


def test_switching_the_language_keeps_the_open_page(qtbot, sample_window, dialogs) -> None:  # noqa: ANN001
    from app.ui.dialogs.settings import SettingsDialog

    sample_window.show_page("visits")

    def choose_russian(dialog: SettingsDialog) -> None:
        dialog.language.setCurrentIndex(dialog.language.findData("ru"))
        dialog.accept()

    dialogs.expect(choose_russian, kind=SettingsDialog)
    sample_window.main_actions["settings"].trigger()
    dialogs.check()
    assert current_language() == "ru"
    assert sample_window.current == "visits"
    page = sample_window.current_page()
    assert isinstance(page, RegisterPage) and page.register == "visits"
    assert sample_window.menuBar().actions()[0].text() == "&Файл"
    assert page.model.headerData(0, Qt.Orientation.Horizontal) != "Delegation"
    assert "записей" in page.count_label.text() or "записи" in page.count_label.text()
    install_qt_language("en")


def test_names_show_in_the_interface_language(qtbot, sample_window) -> None:  # noqa: ANN001
    for language, expected in (("ru", "Национальная библиотека Кореи"), ("en", "National Library of Korea")):
        set_language(language)
        sample_window.build()
        sample_window.show_page("partners")
        page = sample_window.current_page()
        names = {page.model.values(row)[0] for row in range(len(page.model.ids))}
        assert expected in names
    set_language("uz-Cyrl")
    sample_window.build()
    sample_window.show_page("partners")
    page = sample_window.current_page()
    names = {page.model.values(row)[0] for row in range(len(page.model.ids))}
    assert any(re.search("[А-Яа-яЎўҚқҒғҲҳ]", name) and "Корея" in name for name in names)


@pytest.mark.parametrize("language", ["ru", "uz", "uz-Cyrl", "en"])
def test_no_page_makes_the_window_wider_than_an_office_screen(qtbot, sample_window, language: str) -> None:  # noqa: ANN001
    set_language(language)
    install_qt_language(language)
    sample_window.build()
    sample_window.resize(1024, 680)
    widths = {}
    for name in ("start", *SPECS):
        sample_window.show_page(name)
        qtbot.wait(1)  # let the layout settle
        widths[name] = sample_window.width()
    install_qt_language("en")
    assert all(width <= 1024 for width in widths.values()), widths


@pytest.mark.parametrize(("language", "word"), [("uz", "Keyingi"), ("uz-Cyrl", "Кейинги"), ("ru", "Далее")])
def test_the_wizards_own_buttons_speak_the_language(qtbot, language: str, word: str) -> None:  # noqa: ANN001
    from PySide6.QtWidgets import QWizard

    set_language(language)
    install_qt_language(language)
    wizard = QWizard()
    qtbot.addWidget(wizard)
    texts = {wizard.buttonText(button) for button in (QWizard.WizardButton.NextButton, QWizard.WizardButton.BackButton)}
    install_qt_language("en")
    assert any(word in text for text in texts), texts


def test_every_action_icon_exists_and_import_and_backup_have_their_own(qtbot) -> None:  # noqa: ANN001, ARG001
    from app.ui.shell.icons import _NAMES, icon

    assert all(not icon(name).isNull() for name in _NAMES)
    drawn = {name: icon(name).pixmap(16, 16).toImage() for name in ("open", "import", "save", "backup")}
    assert drawn["open"] == icon("open").pixmap(16, 16).toImage()  # the same icon draws the same
    assert drawn["import"] != drawn["open"] and drawn["backup"] != drawn["save"]
