"""This workstation's remembered settings (QSettings): window geometry, columns, language, database, folders.

The organisation's name, the signatory and the number patterns are the registry's (app.services.registry_settings).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QByteArray, QSettings
from PySide6.QtWidgets import QWidget

LANGUAGE_KEY = "language"
DATABASE_KEY = "database"
BACKUP_FOLDER_KEY = "backup_folder"


def organisation_name() -> str:
    """The organisation named in report headers, in the interface language (kept in the registry)."""
    from app.services.registry_settings import organisation_name as registry_organisation

    return registry_organisation()


def configured_backup_folder() -> str | None:
    """The backup folder chosen in the settings, if any."""
    return get(BACKUP_FOLDER_KEY) or None


def settings() -> QSettings:
    """The app's settings store."""
    return QSettings()


def get(key: str, default: Any = None) -> Any:
    """A remembered value."""
    return settings().value(key, default)


def put(key: str, value: Any) -> None:
    """Remember a value."""
    store = settings()
    if value is None:
        store.remove(key)
    else:
        store.setValue(key, value)
    store.sync()


def restore_geometry(widget: QWidget, key: str) -> None:
    """Give a window or dialog the size and place it had last time."""
    value = settings().value(f"{key}/geometry")
    if isinstance(value, QByteArray) and not value.isEmpty():
        widget.restoreGeometry(value)


def save_geometry(widget: QWidget, key: str) -> None:
    """Remember a window's or dialog's size and place."""
    put(f"{key}/geometry", widget.saveGeometry())
