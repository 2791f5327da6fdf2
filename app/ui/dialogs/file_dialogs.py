"""The file dialogs every page uses: they start in the last folder used (Documents the first time) and suggest a
name that says what and when ("Реестр соглашений 2026-12-03.pdf", "Yillik hisobot 2019.xlsx")."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import QFileDialog, QWidget

from app.ui.shell import settings as app_settings

#: Where the last folder a file was saved to or opened from is remembered (per workstation).
LAST_FOLDER_KEY = "files/last_folder"

_NOT_IN_NAMES = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')


def documents_folder() -> Path:
    """The officer's Documents folder (the home folder where the system has none)."""
    found = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(found) if found and Path(found).is_dir() else Path.home()


def start_folder() -> Path:
    """Where a file dialog opens: the last folder used while it still exists, else Documents."""
    remembered = app_settings.get(LAST_FOLDER_KEY)
    if remembered and Path(str(remembered)).is_dir():
        return Path(str(remembered))
    return documents_folder()


def remember_folder(path: Path) -> None:
    """Remember the folder of a file just chosen (or the folder itself)."""
    folder = path if path.is_dir() else path.parent
    app_settings.put(LAST_FOLDER_KEY, str(folder))


def suggested_name(what: str, when: int | dt.date | str | None = None, *, suffix: str) -> str:
    """A file name that says what and when: "Register of agreements 2026-12-03.pdf" (today when `when` is None),
    "Annual report 2019.xlsx" (a year), without the characters file systems refuse."""
    stamp = dt.date.today().isoformat() if when is None else when.isoformat() if isinstance(when, dt.date) else when
    name = _NOT_IN_NAMES.sub(" ", f"{what} {stamp}".strip())
    return re.sub(r"\s+", " ", name).strip(" .") + suffix


def _dialog(parent: QWidget | None, title: str, filters: str, *, saving: bool) -> QFileDialog:
    dialog = QFileDialog(parent, title, str(start_folder()), filters)
    dialog.setObjectName("file_dialog")
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave if saving else QFileDialog.AcceptMode.AcceptOpen)
    return dialog


def save_path(
    parent: QWidget | None,
    title: str,
    *,
    what: str,
    suffix: str,
    filters: str,
    when: int | dt.date | str | None = None,
    confirm_overwrite: bool = True,
) -> Path | None:
    """Ask where to save a file; the chosen path (with `suffix` added when missing), or None when cancelled."""
    dialog = _dialog(parent, title, filters, saving=True)
    if suffix:
        dialog.setDefaultSuffix(suffix.lstrip("."))
    if not confirm_overwrite:
        dialog.setOption(QFileDialog.Option.DontConfirmOverwrite)
    dialog.selectFile(suggested_name(what, when, suffix=suffix) if what else "")
    if not dialog.exec() or not dialog.selectedFiles():
        return None
    chosen = Path(dialog.selectedFiles()[0])
    if suffix and chosen.suffix.lower() != suffix.lower():
        chosen = chosen.with_name(chosen.name + suffix)
    remember_folder(chosen)
    return chosen


def open_paths(parent: QWidget | None, title: str, *, filters: str = "", many: bool = False) -> list[Path]:
    """Ask for a file to open (or several); [] when cancelled."""
    dialog = _dialog(parent, title, filters, saving=False)
    dialog.setFileMode(QFileDialog.FileMode.ExistingFiles if many else QFileDialog.FileMode.ExistingFile)
    if not dialog.exec():
        return []
    chosen = [Path(name) for name in dialog.selectedFiles()]
    if chosen:
        remember_folder(chosen[0])
    return chosen


def open_path(parent: QWidget | None, title: str, *, filters: str = "") -> Path | None:
    """Ask for one file to open; None when cancelled."""
    chosen = open_paths(parent, title, filters=filters)
    return chosen[0] if chosen else None
