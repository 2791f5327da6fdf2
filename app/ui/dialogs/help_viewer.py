"""Help: the short guide in the interface language (resources/help/<lang>.md in a QTextBrowser, F1) and the sheet
of the window's keyboard shortcuts (Ctrl+/)."""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from app.i18n import _, current_language
from app.ui.shell import settings as app_settings

#: The marker before each section of a guide: every language's guide has the same ones in the same order.
SECTION = re.compile(r"<!--\s*section:\s*([\w-]+)\s*-->")


def guide_folder() -> Path:
    """Where the guides are (resources/help)."""
    from app.paths import resources_dir

    return resources_dir() / "help"


def guide_path(language: str | None = None) -> Path:
    """The guide of `language` (the interface's by default); English where a language has none."""
    path = guide_folder() / f"{language or current_language()}.md"
    return path if path.is_file() else guide_folder() / "en.md"


def guide_sections(text: str) -> list[str]:
    """The section markers of a guide, in order."""
    return SECTION.findall(text)


def guide_text(language: str | None = None) -> str:
    """The guide's Markdown without the section markers."""
    return SECTION.sub("", guide_path(language).read_text(encoding="utf-8"))


class GuideDialog(QDialog):
    """The guide, beside the window (not modal: the officer follows it while working)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("guide_dialog")
        self.setWindowTitle(_("Guide"))
        self.browser = QTextBrowser()
        self.browser.setObjectName("guide_browser")
        self.browser.setOpenExternalLinks(True)
        self.browser.setAccessibleName(_("Guide"))
        self.browser.setMarkdown(guide_text())
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser, 1)
        layout.addWidget(buttons)
        self.resize(720, 600)
        app_settings.restore_geometry(self, "guide")

    def done(self, result: int) -> None:
        app_settings.save_geometry(self, "guide")
        super().done(result)


class ShortcutsDialog(QDialog):
    """Every shortcut of the window, as its menus have them (so the sheet is never out of date)."""

    def __init__(self, rows: list[tuple[str, str]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("shortcuts_dialog")
        self.setWindowTitle(_("Keyboard shortcuts"))
        self.table = QTableWidget(len(rows), 2)
        self.table.setTabKeyNavigation(False)  # Tab leaves the list; the arrows move in it
        self.table.setObjectName("shortcuts_table")
        self.table.setAccessibleName(_("Keyboard shortcuts"))
        self.table.setHorizontalHeaderLabels([_("What"), _("Keys")])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        for row, (text, keys) in enumerate(rows):
            for column, value in enumerate((text, keys)):
                item = QTableWidgetItem(value)
                item.setToolTip(value)
                self.table.setItem(row, column, item)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(buttons)
        self.resize(520, 560)
