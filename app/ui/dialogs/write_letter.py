"""Write letter…: a letter from a visit, trip or agreement (template, language, addressee), saved as a Word document,
recorded in the correspondence and previewed (as PDF through LibreOffice when installed, else in Word's place)."""

from __future__ import annotations

import logging
import tempfile
from pathlib import Path

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from app.exporters.docx import TemplateProblem
from app.i18n import _, current_language, translator_for
from app.services.correspondence.letters import (
    LETTER_LANGUAGES,
    LetterProblem,
    WrittenLetter,
    templates_for,
    write_letter,
)
from app.services.correspondence.office import convert_to_pdf, libreoffice
from app.services.registers.list_rows import record_label
from app.services.registers.specs import spec_of
from app.ui.dialogs.file_dialogs import save_path
from app.ui.fields.pickers import RecordPicker
from app.ui.shell.accessibility import name_field
from app.ui.shell.hub import hub

logger = logging.getLogger(__name__)

#: The languages by their own names, as the officer chooses a letter's.
LANGUAGE_NAMES = {"uz": "Oʻzbekcha", "uz-Cyrl": "Ўзбекча", "ru": "Русский", "en": "English"}


def can_write_letters(register: str) -> bool:
    """Whether letters are written from records of `register`."""
    return bool(templates_for(register))


class WriteLetterDialog(QDialog):
    """Choose the letter and its language; Write saves it, records it and shows it."""

    def __init__(self, register: str, record_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.register, self.record_id = register, record_id
        self.written: WrittenLetter | None = None
        record = spec_of(register).model.get_by_id(record_id)
        self.setWindowTitle(_("Write letter — {record}").format(record=record_label(register, record)))
        self.template = QComboBox()
        self.template.setObjectName("letter_template")
        for template in templates_for(register):
            self.template.addItem(_(template.title), template.name)
        self.language = QComboBox()
        self.language.setObjectName("letter_language")
        for code in LETTER_LANGUAGES:
            self.language.addItem(LANGUAGE_NAMES[code], code)
        self.language.setCurrentIndex(max(0, self.language.findData(current_language())))
        self.addressee = RecordPicker("partners", allow_new=False)
        self.addressee.edit.setObjectName("letter_addressee")
        name_field(_("Addressee"), self.addressee)
        self.addressee.edit.setPlaceholderText(_("As usual: the delegation's organisation, the ministry …"))
        self.record_it = QCheckBox(_("&Record it in the correspondence (outgoing, numbered)"))
        self.record_it.setObjectName("letter_record")
        self.record_it.setChecked(True)
        form = QFormLayout()
        for text, widget in ((_("&Letter"), self.template), (_("L&anguage"), self.language),
                             (_("A&ddressee"), self.addressee)):  # fmt: skip
            label = QLabel(text)
            label.setBuddy(widget.edit if widget is self.addressee else widget)
            widget.setAccessibleName(text.replace("&", ""))
            form.addRow(label, widget)
        form.addRow("", self.record_it)
        preview = _("The letter opens as PDF (LibreOffice).") if libreoffice() else _("The letter opens in Word.")
        note = QLabel(preview)
        note.setObjectName("letter_preview_note")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.write_button = buttons.addButton(_("&Write…"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.write_button.setObjectName("letter_write")
        buttons.accepted.connect(self.write)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(buttons)

    def write(self, target: Path | None = None, *, preview: bool = True) -> WrittenLetter | None:
        """Ask where to save (unless `target` is given), write, record and show the letter."""
        template = self.template.currentData()
        if target is None:
            target = save_path(self, _("Save the letter"), what=template, suffix=".docx",
                               filters=_("Word document (*.docx)"))  # fmt: skip
            if target is None:
                return None
        try:
            self.written = write_letter(
                template=template, record_id=self.record_id, target=target,
                language=translator_for(self.language.currentData()),
                record=self.record_it.isChecked(), addressee_id=self.addressee.record_id(),
            )
        except (LetterProblem, TemplateProblem, OSError) as error:
            QMessageBox.warning(self, _("The letter was not written"), str(error))
            return None
        if self.written.letter_id is not None:
            hub.record_saved.emit("correspondence", self.written.letter_id)
        if preview:
            show_letter(self.written.path, self)
        self.accept()
        return self.written


def show_letter(path: Path, parent: QWidget | None = None) -> None:
    """Show a written letter: as PDF through LibreOffice when it is installed, else with the system's Word."""
    from app.ui.dialogs.pdf_preview import open_with_system_viewer, preview_dialog

    pdf = convert_to_pdf(path, Path(tempfile.mkdtemp(prefix="hamkor-letter-"))) if libreoffice() else None
    if pdf is None:
        open_with_system_viewer(path)
        return
    preview_dialog(pdf, parent).exec()
