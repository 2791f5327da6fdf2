"""A form's links open other forms: 'New…' beside a link creates the record and chooses it; a partner's form opens
what is linked to it."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTreeWidget

from app.models import Agreement, ContactPerson, Partner
from app.ui.registers.record_form import RecordDialog
from tests.ui.conftest import type_text


def test_new_beside_a_link_creates_the_record_and_chooses_it(qtbot, database, form, dialogs) -> None:  # noqa: ANN001
    contact = form("contacts")
    picker = contact.widgets["partner"].picker
    type_text(qtbot, picker.edit, "Acme Library")

    def fill(partner_form: RecordDialog) -> None:
        assert partner_form.register == "partners"
        assert partner_form.widgets["name"].value()["en"] == "Acme Library"
        qtbot.mouseClick(partner_form.save_button, Qt.MouseButton.LeftButton)

    dialogs.expect(fill, kind=RecordDialog)
    qtbot.mouseClick(picker.new_button, Qt.MouseButton.LeftButton)
    dialogs.check()
    partner = Partner.get(Partner.name_en == "Acme Library")
    assert picker.record_id() == partner.id
    type_text(qtbot, contact.widgets["full_name"].edit, "Ann Smith")
    assert contact.save()
    assert ContactPerson.get(ContactPerson.full_name == "Ann Smith").partner_id == partner.id


def test_a_partners_form_opens_what_is_linked_to_it(qtbot, database, form, dialogs) -> None:  # noqa: ANN001
    from app.services.registers.records import save_values

    partner = Partner.create(name_en="Acme Library", kind="library", country="FR")
    agreement_id = save_values(
        "agreements",
        {"title": {"en": "Acme agreement"}, "kind": "agreement", "status": "in_force", "parties": [partner.id]},
    )
    partner_form = form("partners", partner.id)
    links = partner_form.findChild(QTreeWidget, "partner_links")
    item = links.topLevelItem(0).child(0)
    opened: list[tuple[str, int | None]] = []

    def look(record_form: RecordDialog) -> None:
        opened.append((record_form.register, record_form.record_id))
        record_form.reject()

    dialogs.expect(look, kind=RecordDialog)
    links.itemActivated.emit(item, 0)
    dialogs.check()
    assert opened == [("agreements", agreement_id)]
    assert Agreement.get_by_id(agreement_id).version == 1
