"""The import wizard driven as an officer drives it: path typed, sheet chosen, mapping checked, problems read."""

from __future__ import annotations

import json
from pathlib import Path

from openpyxl import Workbook
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QWizard

from app.i18n import load_translations
from app.models import Partner
from app.models.base import ChangeLog
from app.services.registers.records import empty_values, save_values
from app.ui.imports.wizard import ImportWizard, mapping_key
from app.ui.shell import settings as app_settings
from tests.ui.conftest import type_text

RU = load_translations("ru").gettext


def workbook(path: Path) -> Path:
    """Two sheets; the partners are on the second, in Russian, under a title line and a blank row."""
    book = Workbook()
    book.active.title = "Notes"
    book.active.append(["Nothing to import here"])
    sheet = book.create_sheet("Партнёры")
    sheet.append(["Партнёры — выгрузка 2019"])
    sheet.append([])
    sheet.append([RU("Name"), RU("Kind"), RU("Country"), RU("City"), "Тел. (раб.)", "Примечание"])
    sheet.append(["Natsionalnaya biblioteka Korei", RU("National library"), "KR", "Seoul", "+82 2 590 0500", "x"])
    sheet.append(["Государственная библиотека Туркменистана", RU("Library"), "Туркменистан", "Ашхабад", None, None])
    sheet.append(["Библиотека Атлантиды", RU("Library"), "Атлантида", "Посейдония", None, None])
    sheet.append(["Национальная библиотека Беларуси", "national library", "BY", "Минск  ", "+375 17 266 37 37", None])
    book.save(path)
    return path


def click(qtbot, wizard: QWizard, which: QWizard.WizardButton) -> None:  # noqa: ANN001
    button = wizard.button(which)
    assert button.isVisible() and button.isEnabled(), which
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_an_officer_imports_a_sheet_through_the_wizard(qtbot, database, tmp_path: Path) -> None:  # noqa: ANN001
    values = empty_values("partners")
    values["name"]["ru"] = "Национальная библиотека Кореи"
    values["kind"] = "national_library"
    korea = save_values("partners", values)
    path = workbook(tmp_path / "partners 2019.xlsx")

    wizard = ImportWizard("partners")
    qtbot.addWidget(wizard)
    wizard.show()
    qtbot.waitExposed(wizard)
    source = wizard.source
    assert source.register_combo.currentData() == "partners"
    assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled()

    type_text(qtbot, source.path_edit, str(path))
    qtbot.waitUntil(lambda: source.sheet_combo.count() == 2, timeout=10_000)
    assert [source.sheet_combo.itemText(i) for i in range(2)] == ["Notes", "Партнёры"]
    source.sheet_combo.setFocus()
    qtbot.keyClick(source.sheet_combo, Qt.Key.Key_Down)
    assert source.sheet_combo.currentText() == "Партнёры"
    click(qtbot, wizard, QWizard.WizardButton.NextButton)

    mapping = wizard.mapping_page
    qtbot.waitUntil(lambda: mapping.sheet is not None, timeout=10_000)
    assert mapping.header_spin.value() == 3  # found under the title line and the blank row
    suggested = {mapping.table.item(row, 1).text(): mapping.combos[row].currentData() for row in mapping.combos}
    assert suggested == {
        RU("Name"): "name",
        RU("Kind"): "kind",
        RU("Country"): "country",
        RU("City"): "city",
        "Тел. (раб.)": "phone",  # the words offices head their columns with
        "Примечание": "notes",
    }
    notes = mapping.combos[5]
    notes.setFocus()
    notes.setCurrentIndex(notes.findData(""))  # the officer leaves a column out
    click(qtbot, wizard, QWizard.WizardButton.NextButton)

    preview = wizard.preview_page
    qtbot.waitUntil(lambda: preview.plan is not None, timeout=10_000)
    problems = [
        [preview.problems.item(row, column).text() for column in range(3)] for row in range(preview.problems.rowCount())
    ]
    assert problems == [["6", "C “" + RU("Country") + "”", "Unknown country “Атлантида”."]]
    assert preview.duplicates.rowCount() == 1
    assert preview.duplicates.item(0, 0).text() == "4"
    assert "Национальная библиотека Кореи" in preview.duplicates.item(0, 2).text()
    assert Partner.select().count() == 1  # nothing written yet
    commit = wizard.button(QWizard.WizardButton.CommitButton)
    assert commit.isVisible() and not commit.isEnabled()
    box = preview.skip_invalid  # clicked on its box, at the left
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(8, box.height() // 2))
    assert preview.skip_invalid.isChecked()
    click(qtbot, wizard, QWizard.WizardButton.CommitButton)

    result = wizard.result_page
    qtbot.waitUntil(lambda: result.done, timeout=20_000)
    assert result.summary.text().splitlines() == [
        "2 records created.",
        "1 duplicate skipped.",
        "1 row with problems skipped.",
    ]
    click(qtbot, wizard, QWizard.WizardButton.FinishButton)
    assert not wizard.isVisible()

    stored = {p.name_ru: p for p in Partner.select()}
    assert set(stored) == {
        "Национальная библиотека Кореи",
        "Государственная библиотека Туркменистана",
        "Национальная библиотека Беларуси",
    }
    belarus = stored["Национальная библиотека Беларуси"]
    assert (belarus.kind, belarus.country, belarus.city, belarus.phone) == (
        "national_library",
        "BY",
        "Минск",
        "+375 17 266 37 37",
    )
    assert stored["Государственная библиотека Туркменистана"].country == "TM"
    assert Partner.get_by_id(korea).version == 1 and Partner.get_by_id(korea).city == ""
    assert ChangeLog.select().where(ChangeLog.action == "create").count() == 3

    remembered = json.loads(app_settings.get(mapping_key("partners")))
    assert remembered["tel rab"] == "phone" and remembered["primechanie"] == ""


def test_the_wizard_remembers_the_mapping_and_says_why_a_file_is_refused(qtbot, database, tmp_path: Path) -> None:  # noqa: ANN001
    app_settings.put(mapping_key("partners"), json.dumps({"tel rab": "phone"}))
    wizard = ImportWizard("partners")
    qtbot.addWidget(wizard)
    wizard.show()
    (tmp_path / "list.xlsx").write_text("Name;Kind\nA;library\n", encoding="utf-8")
    type_text(qtbot, wizard.source.path_edit, str(tmp_path / "list.xlsx"))
    qtbot.waitUntil(lambda: "CSV" in wizard.source.status.text(), timeout=10_000)
    assert not wizard.button(QWizard.WizardButton.NextButton).isEnabled()

    wizard.source.path_edit.clear()
    type_text(qtbot, wizard.source.path_edit, str(workbook(tmp_path / "partners.xlsx")))
    qtbot.waitUntil(lambda: wizard.source.sheet_combo.count() == 2, timeout=10_000)
    wizard.source.sheet_combo.setCurrentIndex(1)
    click(qtbot, wizard, QWizard.WizardButton.NextButton)
    qtbot.waitUntil(lambda: wizard.mapping_page.sheet is not None, timeout=10_000)
    assert wizard.mapping_page.combos[4].currentData() == "phone"
    wizard.reject()
    assert Partner.select().count() == 0


# -- the problems, saved as a workbook ---------------------------------------------------------------------------
def saved_problems(qtbot, report, monkeypatch, target: Path) -> list[list[object]]:  # noqa: ANN001
    """Click “Save the problems…” (the file dialog answering `target`) and read the workbook back."""
    from openpyxl import load_workbook

    from tests.exporters.test_xlsx_finish import assert_finished, header_of

    asked: list[dict] = []
    monkeypatch.setattr("app.ui.dialogs.file_dialogs.save_path", lambda *args, **kwargs: asked.append(kwargs) or target)
    assert report.button.isEnabled()
    qtbot.mouseClick(report.button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: report.saved == target, timeout=10_000)
    assert asked[0]["suffix"] == ".xlsx" and asked[0]["what"].startswith("Import problems")
    assert target.name in report.note.text()
    sheet = load_workbook(target).active
    assert_finished(sheet)
    top = header_of(sheet)
    assert [cell.value for cell in sheet[top]] == ["Workbook", "Sheet", "Row", "Column", "Value", "Problem"]
    return [[cell.value for cell in row] for row in sheet.iter_rows(min_row=top + 1)]


def test_the_previews_problems_are_saved_as_a_workbook(qtbot, database, tmp_path: Path, monkeypatch) -> None:  # noqa: ANN001
    path = workbook(tmp_path / "partners 2019.xlsx")
    wizard = ImportWizard("partners")
    qtbot.addWidget(wizard)
    wizard.show()
    type_text(qtbot, wizard.source.path_edit, str(path))
    qtbot.waitUntil(lambda: wizard.source.sheet_combo.count() == 2, timeout=10_000)
    wizard.source.sheet_combo.setCurrentIndex(1)
    click(qtbot, wizard, QWizard.WizardButton.NextButton)
    qtbot.waitUntil(lambda: wizard.mapping_page.sheet is not None, timeout=10_000)
    click(qtbot, wizard, QWizard.WizardButton.NextButton)
    preview = wizard.preview_page
    qtbot.waitUntil(lambda: preview.plan is not None, timeout=10_000)

    rows = saved_problems(qtbot, preview.report, monkeypatch, tmp_path / "problems.xlsx")
    assert rows == [["partners 2019.xlsx", "Партнёры", 6, "C “" + RU("Country") + "”", "Атлантида",
                     "Unknown country “Атлантида”."]]  # fmt: skip
    assert Partner.select().count() == 0  # saving the problems writes nothing to the registry


def test_the_problems_of_several_workbooks_are_saved_in_one(qtbot, database, tmp_path: Path, monkeypatch) -> None:  # noqa: ANN001
    first = workbook(tmp_path / "partners 2019.xlsx")
    second = workbook(tmp_path / "partners 2020.xlsx")
    (tmp_path / "notes.xlsx").write_text("not a workbook", encoding="utf-8")
    wizard = ImportWizard("partners")
    qtbot.addWidget(wizard)
    wizard.show()
    type_text(qtbot, wizard.source.path_edit, f"{first}; {second}; {tmp_path / 'notes.xlsx'}")
    click(qtbot, wizard, QWizard.WizardButton.NextButton)
    sheets = wizard.sheets_page
    qtbot.waitUntil(lambda: len(sheets.combos) == 2, timeout=10_000)
    click(qtbot, wizard, QWizard.WizardButton.NextButton)
    preview = wizard.batch_preview
    qtbot.waitUntil(lambda: preview.plans is not None, timeout=10_000)

    rows = saved_problems(qtbot, preview.report, monkeypatch, tmp_path / "problems.xlsx")
    found = [row[:3] + row[4:5] for row in rows if row[0]]
    assert found == [["partners 2019.xlsx", "Партнёры", 6, "Атлантида"],
                     ["partners 2020.xlsx", "Партнёры", 6, "Атлантида"]]  # fmt: skip
    assert rows[-1][:5] == [None] * 5 and rows[-1][5].startswith("notes.xlsx: ")  # the file that cannot be read
