"""Icons from Qt's own style, so that they look native on every platform and need no files."""

from __future__ import annotations

from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QStyle

SP = QStyle.StandardPixmap

_NAMES = {
    "new": SP.SP_FileIcon,
    "open": SP.SP_DialogOpenButton,
    "delete": SP.SP_TrashIcon,
    "save": SP.SP_DialogSaveButton,
    "cancel": SP.SP_DialogCancelButton,
    "refresh": SP.SP_BrowserReload,
    "search": SP.SP_FileDialogContentsView,
    "settings": SP.SP_FileDialogDetailedView,
    "attach": SP.SP_DirOpenIcon,
    "info": SP.SP_MessageBoxInformation,
    "warning": SP.SP_MessageBoxWarning,
    "folder": SP.SP_DirIcon,
    "computer": SP.SP_ComputerIcon,
    "add": SP.SP_FileDialogNewFolder,
    "remove": SP.SP_DialogDiscardButton,
    "card": SP.SP_FileDialogInfoView,
    "quit": SP.SP_DialogCloseButton,
    "print": SP.SP_FileDialogListView,
    "report": SP.SP_FileDialogContentsView,
}


def icon(name: str) -> QIcon:
    """The standard icon for an action."""
    return QApplication.style().standardIcon(_NAMES[name])
