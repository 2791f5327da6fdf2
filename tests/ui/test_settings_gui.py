"""Settings: the registry's names per language, stored only where the officer edited them, shown by the window."""

from __future__ import annotations

from PySide6.QtWidgets import QLineEdit

from app.i18n import set_language
from app.services import registry_settings
from app.ui.dialogs.settings import SettingsDialog


def test_ok_stores_only_what_was_edited_and_the_dashboard_names_the_organisation_per_language(
    qtbot, window, dialogs  # noqa: ANN001
) -> None:
    registry_settings.put({"organisation.ru": "Библиотека имени Навои"})

    def edit_uzbek(dialog: SettingsDialog) -> None:
        dialog.tabs.setCurrentIndex(1)
        field = dialog.findChild(QLineEdit, "setting_organisation.uz")
        assert dialog.findChild(QLineEdit, "setting_organisation.ru").text() == "Библиотека имени Навои"
        assert dialog.findChild(QLineEdit, "setting_organisation.en").text() == "", "a default is not stored"
        field.setText("Navoiy kutubxonasi")
        dialog.findChild(QLineEdit, "setting_signatory.title.uz").setText("Direktor")
        dialog.accept()

    dialogs.expect(edit_uzbek, kind=SettingsDialog)
    window.main_actions["settings"].trigger()
    dialogs.check()
    assert registry_settings.stored() == {
        "organisation.ru": "Библиотека имени Навои",
        "organisation.uz": "Navoiy kutubxonasi",
        "signatory.title.uz": "Direktor",
    }
    for language, expected in (
        ("uz", "Navoiy kutubxonasi"),
        ("uz-Cyrl", "Навоий кутубхонаси"),
        ("ru", "Библиотека имени Навои"),
        ("en", "National Library of Uzbekistan named after Alisher Navoi"),
    ):
        set_language(language)
        window.build()
        window.show_page("start")
        assert expected in window.page("start").title.text(), language


def test_pressing_ok_untouched_changes_nothing(qtbot, window, dialogs) -> None:  # noqa: ANN001
    dialogs.expect(lambda dialog: dialog.accept(), kind=SettingsDialog)
    window.main_actions["settings"].trigger()
    dialogs.check()
    assert registry_settings.stored() == {}
