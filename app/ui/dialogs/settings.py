"""Settings: this computer's interface language and database; the registry's organisation, signatory, numbering."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QTabWidget,
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

        computer = QWidget()
        computer.setObjectName("computer_settings_page")
        form = QFormLayout(computer)
        form.addRow(_("Interface language"), self.language)
        form.addRow(_("Database"), database_row)
        form.addRow("", hint)
        self.language.setAccessibleName(_("Interface language"))
        self.database.setAccessibleName(_("Database"))
        from app.ui.dialogs.settings_registry import RegistrySettingsPage

        self.registry = RegistrySettingsPage()
        self.tabs = QTabWidget()
        self.tabs.setObjectName("settings_tabs")
        self.tabs.addTab(computer, _("This computer"))
        self.tabs.addTab(self.registry, _("Registry (every workstation)"))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(buttons)
        self.resize(760, self.sizeHint().height())

    def _browse(self) -> None:
        from app.ui.dialogs.file_dialogs import save_path

        chosen = save_path(
            self,
            _("Database file"),
            what="Hamkor",
            when="",
            suffix=".db",
            filters=_("Hamkor database (*.db);;All files (*)"),
            confirm_overwrite=False,
        )
        if chosen:
            self.database.setText(str(chosen))

    def _connect_shared(self) -> None:
        from app.ui.dialogs.connection import ConnectionDialog

        dialog = ConnectionDialog(self.database.text(), self)
        if dialog.exec():
            self.database.setText(dialog.url())  # without the password: that stays in the keyring

    def accept(self) -> None:
        self.registry.save()  # only what the officer edited: the other languages' names stay as they are
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
