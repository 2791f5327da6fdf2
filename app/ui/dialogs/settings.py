"""Settings: interface language, the organisation named in reports, and which database to use."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.i18n import LANGUAGES, _, current_language
from app.models.database import resolve_location
from app.ui.shell import settings as app_settings


class SettingsDialog(QDialog):
    """The app's settings; OK applies them at once."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("settings_dialog")
        self.setWindowTitle(_("Settings"))
        self.language = QComboBox()
        self.language.setObjectName("language_combo")
        for code, name in LANGUAGES.items():
            self.language.addItem(name, code)
        self.language.setCurrentIndex(max(self.language.findData(current_language()), 0))

        self.organisation = QLineEdit(app_settings.organisation_name())
        self.organisation.setObjectName("organisation_edit")
        self.organisation.setCursorPosition(0)  # a long name shows its beginning
        self.initial_database = str(app_settings.get(app_settings.DATABASE_KEY) or "")
        self.database = QLineEdit(self.initial_database)
        self.database.setObjectName("database_edit")
        self.database.setPlaceholderText(str(resolve_location(None).display()))
        browse = QPushButton(_("Choose file…"))
        browse.clicked.connect(self._browse)
        shared = QPushButton(_("Shared registry…"))
        shared.setObjectName("shared_registry_button")
        shared.setToolTip(_("Connect to a PostgreSQL server that several officers share"))
        shared.clicked.connect(self._connect_shared)
        database_row = QHBoxLayout()
        database_row.addWidget(self.database, 1)
        database_row.addWidget(browse)
        database_row.addWidget(shared)
        hint = QLabel(
            _(
                "An SQLite file on this computer, or postgresql://user@server/name for a registry shared by "
                "several officers. Leave empty for the file in your data folder."
            )
        )
        hint.setWordWrap(True)
        hint.setObjectName("database_hint")

        form = QFormLayout()
        form.addRow(_("Interface language"), self.language)
        form.addRow(_("Organisation (in report headers)"), self.organisation)
        form.addRow(_("Database"), database_row)
        form.addRow("", hint)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.resize(640, self.sizeHint().height())

    def _browse(self) -> None:
        chosen, _filter = QFileDialog.getSaveFileName(
            self,
            _("Database file"),
            self.database.text(),
            _("Hamkor database (*.db);;All files (*)"),
            options=QFileDialog.Option.DontConfirmOverwrite,
        )
        if chosen:
            self.database.setText(chosen)

    def _connect_shared(self) -> None:
        from app.ui.dialogs.connection import ConnectionDialog

        dialog = ConnectionDialog(self.database.text(), self)
        if dialog.exec():
            self.database.setText(dialog.url())  # without the password: that stays in the keyring

    def accept(self) -> None:
        name = self.organisation.text().strip()
        app_settings.put(app_settings.ORGANISATION_KEY, name or None)
        super().accept()

    def language_value(self) -> str:
        """The chosen interface language."""
        return self.language.currentData()

    def language_changed(self) -> bool:
        """Whether another language was chosen."""
        return self.language_value() != current_language()

    def database_value(self) -> str:
        """The chosen database ('' for the default file)."""
        return self.database.text().strip()

    def database_changed(self) -> bool:
        """Whether another database was chosen."""
        return self.database_value() != self.initial_database
