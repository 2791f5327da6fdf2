"""Icons of the platform's icon theme (freedesktop names; Qt maps them to the native ones where it can), with Qt's
own style icons as the fallback: native on every platform, and no files to ship."""

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
    "backup": SP.SP_DriveHDIcon,
    "import": SP.SP_ArrowDown,
}

_THEMED = {
    "new": QIcon.ThemeIcon.DocumentNew,
    "open": QIcon.ThemeIcon.DocumentOpen,
    "delete": QIcon.ThemeIcon.EditDelete,
    "save": QIcon.ThemeIcon.DocumentSave,
    "refresh": QIcon.ThemeIcon.ViewRefresh,
    "search": QIcon.ThemeIcon.EditFind,
    "settings": QIcon.ThemeIcon.DocumentProperties,
    "attach": QIcon.ThemeIcon.MailAttachment,
    "info": QIcon.ThemeIcon.DialogInformation,
    "warning": QIcon.ThemeIcon.DialogWarning,
    "computer": QIcon.ThemeIcon.Computer,
    "add": QIcon.ThemeIcon.ListAdd,
    "remove": QIcon.ThemeIcon.ListRemove,
    "quit": QIcon.ThemeIcon.ApplicationExit,
    "print": QIcon.ThemeIcon.DocumentPrint,
    "report": QIcon.ThemeIcon.DocumentPrintPreview,
    "backup": QIcon.ThemeIcon.DriveHarddisk,
}


def icon(name: str) -> QIcon:
    """The icon for an action: the theme's, else the style's."""
    fallback = QApplication.style().standardIcon(_NAMES[name])
    themed = _THEMED.get(name)
    return QIcon.fromTheme(themed, fallback) if themed is not None else fallback
