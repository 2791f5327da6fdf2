"""File dialogs: Qt's texts in the officer's language, the start folder (Documents, then the last one used) and a
suggested name that says what and when."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from openpyxl import load_workbook
from PySide6.QtWidgets import QComboBox, QFileDialog, QLabel, QLineEdit

from app.i18n import set_language
from app.ui.dialogs import file_dialogs
from app.ui.shell.application import install_qt_language

EXPECTED = {
    "ru": {"lookInLabel": "Перейти к:", "fileTypeLabel": "Типы файлов:", "fileNameLabel": "Имя файла:"},
    "uz": {"lookInLabel": "Qayerda:", "fileTypeLabel": "Fayl turi:", "fileNameLabel": "Fayl nomi:"},
    "uz-Cyrl": {"lookInLabel": "Қаерда:", "fileTypeLabel": "Файл тури:", "fileNameLabel": "Файл номи:"},
}
SUGGESTED = {"ru": "Сводный годовой отчёт 2019.xlsx", "uz": "Yillik yigʻma hisobot 2019.xlsx"}


def test_a_suggested_name_says_what_and_when() -> None:
    assert file_dialogs.suggested_name("Реестр соглашений", dt.date(2026, 12, 3), suffix=".pdf") == (
        "Реестр соглашений 2026-12-03.pdf"
    )
    assert file_dialogs.suggested_name("Yillik hisobot", 2019, suffix=".xlsx") == "Yillik hisobot 2019.xlsx"
    assert file_dialogs.suggested_name("History: A/B “x”", "", suffix=".csv") == "History A B “x”.csv"
    today = dt.date.today().isoformat()
    assert file_dialogs.suggested_name("Partners", suffix=".xlsx") == f"Partners {today}.xlsx"


@pytest.mark.parametrize("language", ["ru", "uz", "uz-Cyrl"])
def test_the_save_dialog_speaks_the_language_starts_in_documents_then_in_the_last_folder(
    qtbot,
    sample_window,
    dialogs,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    language: str,  # noqa: ANN001
) -> None:
    documents, elsewhere = tmp_path / "Documents", tmp_path / "reports"
    documents.mkdir()
    elsewhere.mkdir()
    monkeypatch.setattr(file_dialogs, "documents_folder", lambda: documents)
    set_language(language)
    install_qt_language(language)
    sample_window.build()
    sample_window.show_page("reports")
    reports = sample_window.current_page()
    year = reports.cards["annual"].options["year"]
    year.setCurrentIndex(year.findData(2019))
    seen: dict[str, object] = {}

    def answer(folder: Path):  # noqa: ANN202
        def fill(dialog: QFileDialog) -> None:
            seen["labels"] = {
                name: dialog.findChild(QLabel, name).text().replace("&", "") for name in EXPECTED[language]
            }
            seen["directory"] = Path(dialog.directory().absolutePath())
            seen["name"] = dialog.findChild(QLineEdit, "fileNameEdit").text()
            seen["type"] = dialog.findChild(QComboBox, "fileTypeCombo").currentText()
            dialog.findChild(QLineEdit, "fileNameEdit").setText(str(folder / "annual"))
            dialog.accept()

        return fill

    dialogs.expect(answer(elsewhere), kind=QFileDialog)
    reports.run("annual", "save_xlsx")
    dialogs.check()
    install_qt_language("en")
    assert seen["labels"] == EXPECTED[language]
    assert seen["directory"] == documents
    assert re.fullmatch(r"\D+ 2019\.xlsx", str(seen["name"]))
    if language in SUGGESTED:
        assert seen["name"] == SUGGESTED[language]
    assert load_workbook(elsewhere / "annual.xlsx").sheetnames, "the report went where the officer chose"

    dialogs.expect(answer(elsewhere), kind=QFileDialog)
    reports.run("register", "save_pdf")
    dialogs.check()
    assert seen["directory"] == elsewhere, "the next dialog opens in the last folder used"
    assert str(seen["name"]).endswith(f" {dt.date.today().isoformat()}.pdf")
