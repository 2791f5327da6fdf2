"""The app's remembered settings (QSettings): window geometry, columns, language, organisation name, database."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QByteArray, QSettings
from PySide6.QtWidgets import QWidget

ORGANISATION_KEY = "organisation_name"
LANGUAGE_KEY = "language"
DATABASE_KEY = "database"
BACKUP_FOLDER_KEY = "backup_folder"


def organisation_name() -> str:
    """The organisation named in report headers (Settings), by default the National Library."""
    from app.i18n import _
    from app.ui_texts import DEFAULT_ORGANISATION

    return get(ORGANISATION_KEY) or _(DEFAULT_ORGANISATION)


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
