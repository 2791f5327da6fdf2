"""The registry's page of Settings: the organisation and the signatory per language, registration-number patterns.

These are stored in the registry (app.services.registry_settings), so every workstation sees them; OK stores only
the fields the officer edited.
"""

from __future__ import annotations

from PySide6.QtWidgets import QGridLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from app.i18n import LANGUAGES, _
from app.services import registry_settings as rs
from app.services.registers.specs import SPECS


class RegistrySettingsPage(QWidget):
    """The per-language names and the number patterns, each field remembering what it held when opened."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("registry_settings_page")
        values = rs.stored()
        self.fields: dict[str, QLineEdit] = {}
        self.initial: dict[str, str] = {}
        names = QGridLayout()
        headers = (_("Organisation (in report headers)"), _("Signatory"), _("Signatory's position"))
        for column, text in enumerate(headers, start=1):
            names.addWidget(QLabel(f"<b>{text}</b>"), 0, column)
        for row, (language, language_name) in enumerate(LANGUAGES.items(), start=1):
            label = QLabel(language_name)
            names.addWidget(label, row, 0)
            for column, (setting, header) in enumerate(
                zip((rs.ORGANISATION, rs.SIGNATORY_NAME, rs.SIGNATORY_TITLE), headers, strict=True), start=1
            ):
                key = rs.key_for(setting, language)
                edit = self._field(key, values)
                edit.setAccessibleName(f"{header} ({language_name})")
                if setting == rs.ORGANISATION:
                    edit.setPlaceholderText(rs.default_organisation(language))
                    edit.setToolTip(edit.placeholderText())
                    label.setBuddy(edit)
                names.addWidget(edit, row, column)
        names.setColumnStretch(1, 3)
        names.setColumnStretch(2, 2)
        names.setColumnStretch(3, 2)

        patterns = QGridLayout()
        registers = sorted(set(rs.DEFAULT_NUMBER_PATTERNS) | set(rs.number_patterns()), key=list(SPECS).index)
        for row, register in enumerate(registers):
            key = rs.key_for(rs.NUMBER_PATTERN, register)
            edit = self._field(key, values)
            edit.setPlaceholderText(rs.DEFAULT_NUMBER_PATTERNS.get(register, ""))
            label = QLabel(_(SPECS[register].title))
            label.setBuddy(edit)
            edit.setAccessibleName(_("Registration number pattern: {register}").format(register=label.text()))
            patterns.addWidget(label, row, 0)
            patterns.addWidget(edit, row, 1)
        patterns.setColumnStretch(1, 1)
        hint = QLabel(
            _(
                "These settings are kept in the registry: every workstation that uses it sees them. An empty field "
                "takes the grey default. Registration numbers: {year} is the year, {seq:03} the sequence number "
                "with three digits."
            )
        )
        hint.setWordWrap(True)
        hint.setObjectName("registry_settings_hint")
        layout = QVBoxLayout(self)
        layout.addLayout(names)
        patterns_title = _("Registration number patterns")
        numbers = QLabel(f"<b>{patterns_title}</b>")
        layout.addWidget(numbers)
        layout.addLayout(patterns)
        layout.addWidget(hint)
        layout.addStretch(1)

    def _field(self, key: str, values: dict[str, str]) -> QLineEdit:
        edit = QLineEdit(values.get(key, ""))
        edit.setObjectName(f"setting_{key}")
        edit.setCursorPosition(0)  # a long name shows its beginning
        self.fields[key] = edit
        self.initial[key] = edit.text()
        return edit

    def edited(self) -> dict[str, str]:
        """The fields the officer changed, key → new text."""
        return {key: edit.text().strip() for key, edit in self.fields.items() if edit.text() != self.initial[key]}

    def save(self) -> list[str]:
        """Store what was edited (nothing else); return the keys that changed."""
        return rs.put(self.edited())
