"""Find duplicates and merge, driven with real widgets: the Edit menu's view of likely pairs, the merge dialog that
asks which record stays, the list's Ctrl+Z that undoes the merge; and the quick search's similar spellings."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QRadioButton

from app.models import AgreementParty, ContactPerson, Partner
from app.ui.registers.duplicates_view import DuplicatesDialog, MergeDialog
from app.ui.registers.list_page import RegisterPage
from tests.ui.conftest import activate, type_text


def partners_page(window) -> RegisterPage:  # noqa: ANN001
    window.show_page("partners")
    page: RegisterPage = window.current_page()
    page.model.load_all_ids()
    return page


def test_a_duplicate_found_in_the_other_script_is_merged_and_the_merge_undone(qtbot, sample_window, dialogs) -> None:  # noqa: ANN001
    russian = Partner.get(Partner.name_en == "National Library of Russia")
    twin = Partner.create(name_ru="Российская национальная библиотека", kind="national_library", country="RU",
                          website="https://nlr.ru")  # fmt: skip
    ContactPerson.create(full_name="Ivan Petrov", partner=twin)
    parties_before = AgreementParty.select().where(AgreementParty.partner == russian.id).count()
    page = partners_page(sample_window)

    def merge(dialog: MergeDialog) -> None:
        assert any("Contact people" in dialog.plan_list.item(i).text() for i in range(dialog.plan_list.count()))
        keep = next(b for b in dialog.findChildren(QRadioButton) if f"({russian.id})" in b.text())
        keep.click()
        qtbot.mouseClick(dialog.merge_button, Qt.MouseButton.LeftButton)

    def find(dialog: DuplicatesDialog) -> None:
        rows = [r for r, pair in enumerate(dialog.pairs) if {pair.first_id, pair.second_id} == {russian.id, twin.id}]
        assert rows, [(p.first_label, p.second_label) for p in dialog.pairs]
        dialog.table.selectRow(rows[0])
        dialogs.expect(merge, kind=MergeDialog)
        qtbot.mouseClick(dialog.merge_button, Qt.MouseButton.LeftButton)
        assert all({p.first_id, p.second_id} != {russian.id, twin.id} for p in dialog.pairs)
        dialog.accept()

    dialogs.expect(find, kind=DuplicatesDialog)
    sample_window.main_actions["duplicates"].trigger()
    dialogs.check()

    assert Partner.get_or_none(Partner.id == twin.id) is None
    kept = Partner.get_by_id(russian.id)
    assert kept.website == (russian.website or "https://nlr.ru")  # filled only where it was empty
    assert ContactPerson.get(ContactPerson.full_name == "Ivan Petrov").partner_id == russian.id
    assert twin.id not in page.model.ids

    activate(qtbot, sample_window)
    page.table.setFocus()
    qtbot.keyClick(page.table, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert Partner.get_by_id(twin.id).name_ru == "Российская национальная библиотека"
    assert ContactPerson.get(ContactPerson.full_name == "Ivan Petrov").partner_id == twin.id
    assert AgreementParty.select().where(AgreementParty.partner == russian.id).count() == parties_before


def test_the_quick_search_lists_similar_spellings_after_exact_matches_in_italics(qtbot, sample_window) -> None:  # noqa: ANN001
    Partner.create(name_en="Rosiya Friendship Society", kind="other", country="RU")
    page = partners_page(sample_window)
    type_text(qtbot, page.search, "Rosiya")
    qtbot.waitUntil(lambda: page.model.query.search == "Rosiya")
    model = page.model
    names = [model.data(model.index(row, 0)) for row in range(model.rowCount())]
    assert names[0] == "Rosiya Friendship Society" and model.exact == 1
    assert len(names) > 1 and "National Library of Russia" in names[1:]  # Rossiya: a similar spelling
    assert model.data(model.index(1, 0), Qt.ItemDataRole.FontRole).italic()
    assert not model.data(model.index(0, 0), Qt.ItemDataRole.FontRole)
    assert "similar spelling" in page.count_label.text()
