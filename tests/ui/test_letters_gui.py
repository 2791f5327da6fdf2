"""Write letter… from a visit's form: the letter lands in the correspondence with its document attached, and the
visit's Letters tab lists it."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from app.models import Attachment, Letter, Partner
from app.services.registers.records import save_values
from app.ui.dialogs.write_letter import WriteLetterDialog
from app.ui.registers.record_form import RecordDialog


def test_a_letter_written_from_the_window_lands_in_the_register(qtbot, database, tmp_path: Path, monkeypatch) -> None:  # noqa: ANN001
    shown: list[Path] = []
    monkeypatch.setattr("app.ui.dialogs.write_letter.show_letter", lambda path, parent=None: shown.append(path))
    korea = Partner.create(name_en="National Library of Korea", kind="national_library", country="KR")
    visit = save_values("visits", {"title": "Delegation of Korea", "arrived_on": dt.date(2019, 3, 26),
                                   "countries": ["KR"], "partners": [korea.id]})  # fmt: skip
    form = RecordDialog("visits", visit)
    qtbot.addWidget(form)
    assert form.tabs.tabText(form.tabs.count() - 1) == "Letters"
    assert form.letters.letter_ids() == []
    dialog = WriteLetterDialog("visits", visit)
    qtbot.addWidget(dialog)
    assert [dialog.template.itemData(i) for i in range(dialog.template.count())] == ["invitation", "thanks"]
    dialog.template.setCurrentIndex(1)
    dialog.language.setCurrentIndex(dialog.language.findData("ru"))
    written = dialog.write(tmp_path / "thanks.docx")
    assert written is not None and shown == [tmp_path / "thanks.docx"]
    letter = Letter.get()
    assert (letter.direction, letter.language, letter.partner_id) == ("outgoing", "ru", korea.id)
    assert letter.our_number == written.number and letter.our_number.startswith("01-12/")
    attached = Attachment.get((Attachment.register == "correspondence") & (Attachment.record_id == letter.id))
    assert attached.file_name == "thanks.docx"
    assert form.letters.letter_ids() == [letter.id]  # the form heard of the new letter
    assert form.letters.tree.topLevelItem(0).text(1) == letter.our_number
