"""Help → About: Hamkor's version and the licences of what it is built with, in the interface's language."""

from __future__ import annotations

from PySide6.QtWidgets import QDialogButtonBox

from app import __version__
from app.i18n import set_language
from app.ui.dialogs.about import COMPONENTS, AboutDialog


def test_about_from_the_help_menu_lists_every_component_with_its_licence(qtbot, dialogs, window) -> None:  # noqa: ANN001
    seen: dict[str, str] = {}

    def read(about: AboutDialog) -> None:
        seen["text"] = about.text.toPlainText()
        about.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Close).click()

    dialogs.expect(read, kind=AboutDialog)
    window.main_actions["about"].trigger()
    text = seen["text"]
    assert f"Hamkor {__version__}" in text
    for name in ("Python", "Qt 6, PySide6", "ReportLab, rl_accel", "DejaVu Sans", "PyInstaller"):
        assert name in text
    for component in COMPONENTS:
        assert component.licence in text
    assert "LGPL-3.0-only" in text and "Bitstream-Vera" in text


def test_about_speaks_the_interface_language(qtbot) -> None:  # noqa: ANN001
    set_language("ru")
    about = AboutDialog()
    qtbot.addWidget(about)
    text = about.text.toPlainText()
    assert "О программе Hamkor" == about.windowTitle()
    assert "шрифт PDF-документов" in text  # DejaVu Sans's role
    assert "the font of PDF documents" not in text
    set_language("uz")
    assert "PDF hujjatlari shrifti" in AboutDialog().text.toPlainText()
