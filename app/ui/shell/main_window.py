"""The main window: the navigation column grouped as the service thinks, the pages, menus, search and status bar."""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QSizePolicy,
    QSplitter,
    QStackedWidget,
    QToolBar,
    QTreeWidget,
    QTreeWidgetItem,
    QWidget,
)

from app.i18n import _
from app.services.registers.specs import GROUP_FUNDING, SPECS
from app.ui.shell import settings as app_settings
from app.ui.shell.accessibility import name_clear_button, name_toolbar_extension
from app.ui.shell.hub import hub
from app.ui.shell.icons import icon
from app.ui.shell.page_factory import COUNTRY, REPORTS, START, SUBMISSIONS, WORLD_MAP, create_page

logger = logging.getLogger(__name__)



def window_title(database: str) -> str:
    """The window's title: the database; Qt adds the application's name ("sample.db — Hamkor") where the platform
    shows it, so the name is not written here a second time."""
    return database or _("Hamkor — international relations registry")


def _is_register_page(page: object) -> bool:
    """Whether a page is a register's list (without loading the list module for the question)."""
    return hasattr(page, "register") and hasattr(page, "model")


class MainWindow(QMainWindow):
    """Hamkor's window."""

    def __init__(self, database_display: str = "") -> None:
        super().__init__()
        self.setObjectName("main_window")
        self.database_display = database_display
        self.pages: dict[str, QWidget] = {}
        self.current = str(app_settings.get("last_page") or START)
        if self.current not in (START, REPORTS, WORLD_MAP) and self.current not in SPECS:
            self.current = START
        self.build()
        app_settings.restore_geometry(self, "main_window")
        if not app_settings.get("main_window/geometry"):
            self.resize(1280, 800)
        hub.record_saved.connect(self._status_saved)
        hub.open_country.connect(self.show_country)

    # -- building (again after a language switch) --------------------------------------------------------------
    def build(self) -> None:
        """Create menus, toolbar, navigation and the open page in the current language."""
        self.setWindowTitle(window_title(self.database_display))
        self.menuBar().clear()
        for menu in self.menuBar().findChildren(QMenu):
            menu.setParent(None)
            menu.deleteLater()
        for toolbar in self.findChildren(QToolBar, "main_toolbar"):
            self.removeToolBar(toolbar)
            toolbar.deleteLater()
        for page in self.pages.values():
            page.deleteLater()
        self.pages.clear()
        self._build_actions()
        self._build_menus()
        self._build_toolbar()
        self._build_central()
        self.statusBar().showMessage("")
        self.db_label = QLabel(_("Database: {location}").format(location=self.database_display))
        self.db_label.setObjectName("db_label")
        for old in self.statusBar().findChildren(QLabel, "db_label"):
            self.statusBar().removeWidget(old)
            old.deleteLater()
        self.statusBar().addPermanentWidget(self.db_label)
        self.show_page(self.current)

    def _action(self, name: str, text: str, slot, shortcut=None, icon_name: str | None = None) -> QAction:  # noqa: ANN001
        action = QAction(text, self)
        if icon_name:
            action.setIcon(icon(icon_name))
        action.setObjectName(f"main_{name}")
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        self.main_actions[name] = action
        return action

    def _build_actions(self) -> None:
        self.main_actions: dict[str, QAction] = {}
        self._action("new", _("&New record"), lambda: self._on_page("new_record"), QKeySequence.StandardKey.New, "new")
        self._action("open", _("&Open record"), lambda: self._on_page("open_selected"), QKeySequence("Ctrl+O"), "open")
        delete = self._action("delete", _("&Delete record…"), lambda: self._on_page("delete_selected"), None, "delete")
        # Del deletes in the list itself (not everywhere: it edits text in fields); the menu shows it as a hint.
        delete.setText(f"{delete.text()}\t{QKeySequence(QKeySequence.StandardKey.Delete).toString()}")
        self._action(
            "export", _("&Export to Excel…"), lambda: self._on_page("export_excel"), QKeySequence("Ctrl+E"), "save"
        )
        self._action(
            "print", _("&Print…"), lambda: self._on_page("print_list"), QKeySequence.StandardKey.Print, "print"
        )
        self._action("reports", _("&Reports…"), lambda: self.show_page(REPORTS), QKeySequence("Ctrl+R"), "report")
        self._action("sample", _("Load sa&mple data"), self.load_sample_data)
        self._action("backup", _("&Backup and restore…"), self.open_backups, None, "backup")
        self._action("import", _("&Import from Excel…"), self.open_import, QKeySequence("Ctrl+I"), "import")
        self._action(
            "history", _("&History of the record…"), lambda: self._on_page("show_history"), QKeySequence("Ctrl+H")
        )
        self._action("letter", _("&Write letter…"), lambda: self._on_page("write_letter"), QKeySequence("Ctrl+Shift+L"))
        self._action("settings", _("&Settings…"), self.open_settings, QKeySequence.StandardKey.Preferences, "settings")
        if self.main_actions["settings"].shortcut().isEmpty():
            self.main_actions["settings"].setShortcut(QKeySequence("Ctrl+,"))
        self._action("quit", _("&Quit"), self.close, QKeySequence.StandardKey.Quit, "quit")
        if self.main_actions["quit"].shortcut().isEmpty():
            self.main_actions["quit"].setShortcut(QKeySequence("Ctrl+Q"))
        self._action(
            "find", _("&Find in this list"), lambda: self._on_page("focus_search"), QKeySequence.StandardKey.Find
        )
        self._action("search", _("Search &everywhere"), self.focus_global_search, QKeySequence("Ctrl+K"), "search")
        self._action("refresh", _("&Refresh"), self.refresh, QKeySequence.StandardKey.Refresh, "refresh")
        if self.main_actions["refresh"].shortcut().isEmpty():
            self.main_actions["refresh"].setShortcut(QKeySequence("F5"))
        self._action("card", _("Partner &card"), self.open_partner_card, None, "card")
        self._action("about", _("&About Hamkor"), self.about)
        self._action("guide", _("&Guide"), self.open_guide, QKeySequence.StandardKey.HelpContents)
        if self.main_actions["guide"].shortcut().isEmpty():
            self.main_actions["guide"].setShortcut(QKeySequence("F1"))
        self._action("shortcuts", _("&Keyboard shortcuts"), self.open_shortcuts, QKeySequence("Ctrl+/"))

        from app.ui.registers.list_menus import add_list_actions

        add_list_actions(self)

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu(_("&File"))
        file_menu.setObjectName("menu_file")
        for name in ("new", "open", "delete", "history", "letter", None, "import", "export", "print", None, "backup",
                     "sample", "settings", None, "quit"):  # fmt: skip
            file_menu.addSeparator() if name is None else file_menu.addAction(self.main_actions[name])
        edit_menu = bar.addMenu(_("&Edit"))
        edit_menu.setObjectName("menu_edit")
        from app.ui.registers.list_menus import add_view_menu, fill_edit_menu

        fill_edit_menu(self, edit_menu)
        add_view_menu(self, bar)
        go_menu = bar.addMenu(_("&Go"))
        go_menu.setObjectName("menu_go")
        overview = go_menu.addAction(_("Overview"))
        overview.setShortcut(QKeySequence("Ctrl+0"))
        overview.triggered.connect(lambda: self.show_page(START))
        world_map = go_menu.addAction(_("World map"))
        world_map.setObjectName("go_world_map")
        world_map.setShortcut(QKeySequence("Ctrl+Shift+M"))
        world_map.triggered.connect(lambda: self.show_page(WORLD_MAP))
        group = None
        for i, (name, spec) in enumerate(SPECS.items()):
            if spec.group != group:
                go_menu.addSeparator()
                group = spec.group
            action = go_menu.addAction(_(spec.title))
            action.setObjectName(f"go_{name}")
            if i < 9:
                action.setShortcut(QKeySequence(f"Ctrl+{i + 1}"))
            action.triggered.connect(lambda _c=False, n=name: self.show_page(n))
        go_menu.addSeparator()
        go_menu.addAction(self.main_actions["card"])
        go_menu.addAction(self.main_actions["refresh"])
        reports_menu = bar.addMenu(_("&Reports"))
        reports_menu.setObjectName("menu_reports")
        reports_menu.addAction(self.main_actions["reports"])
        help_menu = bar.addMenu(_("&Help"))
        help_menu.setObjectName("menu_help")
        for name in ("guide", "shortcuts", None, "about"):
            help_menu.addSeparator() if name is None else help_menu.addAction(self.main_actions[name])

    def _build_toolbar(self) -> None:
        if getattr(self, "search_popup", None) is not None:
            self.search_popup.deleteLater()
        toolbar = QToolBar(_("Main toolbar"))
        toolbar.setObjectName("main_toolbar")
        toolbar.setMovable(False)
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        toolbar.addAction(self.main_actions["new"])
        toolbar.addSeparator()
        spacer = QWidget()
        spacer.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        toolbar.addWidget(spacer)
        self.global_search = QLineEdit()
        self.global_search.setObjectName("global_search")
        self.global_search.setPlaceholderText(_("Search everywhere (Ctrl+K)"))
        self.global_search.setClearButtonEnabled(True)
        name_clear_button(self.global_search)
        self.global_search.setMinimumWidth(220)
        self.global_search.setMaximumWidth(420)
        self.global_search.setAccessibleName(_("Search everywhere"))
        from app.ui.shell.global_search import SearchPopup

        self.search_popup = SearchPopup(self.global_search)  # results as you type, under the box
        self.search_popup.open_record.connect(self.open_record)
        self.search_popup.more.connect(self.run_global_search)
        toolbar.addWidget(self.global_search)
        self.addToolBar(Qt.ToolBarArea.TopToolBarArea, toolbar)
        name_toolbar_extension(toolbar)

    def _build_central(self) -> None:
        self.nav = QTreeWidget()
        self.nav.setObjectName("navigation")
        self.nav.setHeaderHidden(True)
        self.nav.setRootIsDecorated(False)
        self.nav.setIndentation(14)
        self.nav.setMinimumWidth(160)
        self.nav.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)  # long names elide instead
        self.nav.header().setStretchLastSection(False)
        self.nav.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)  # as wide as the column: "…"
        self.nav.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.nav.setAccessibleName(_("Navigation"))
        self.nav_items: dict[str, QTreeWidgetItem] = {}
        start = QTreeWidgetItem([_("Overview")])
        start.setData(0, Qt.ItemDataRole.UserRole, START)
        self.nav.addTopLevelItem(start)
        self.nav_items[START] = start
        world_map = QTreeWidgetItem([_("World map")])
        world_map.setData(0, Qt.ItemDataRole.UserRole, WORLD_MAP)
        start.addChild(world_map)
        self.nav_items[WORLD_MAP] = world_map
        groups: dict[str, QTreeWidgetItem] = {}
        for name, spec in SPECS.items():
            parent = groups.get(spec.group)
            if parent is None:
                parent = QTreeWidgetItem([_(spec.group)])
                parent.setFlags(Qt.ItemFlag.ItemIsEnabled)
                font = parent.font(0)
                font.setBold(True)
                parent.setFont(0, font)
                self.nav.addTopLevelItem(parent)
                groups[spec.group] = parent
            item = QTreeWidgetItem([_(spec.title)])
            item.setToolTip(0, _(spec.title))
            item.setData(0, Qt.ItemDataRole.UserRole, name)
            parent.addChild(item)
            self.nav_items[name] = item
        submissions = QTreeWidgetItem([_("Departments' submissions")])
        submissions.setData(0, Qt.ItemDataRole.UserRole, SUBMISSIONS)
        groups[GROUP_FUNDING].addChild(submissions)
        self.nav_items[SUBMISSIONS] = submissions
        reports = QTreeWidgetItem([_("Reports")])
        reports.setData(0, Qt.ItemDataRole.UserRole, REPORTS)
        font = reports.font(0)
        font.setBold(True)
        reports.setFont(0, font)
        self.nav.addTopLevelItem(reports)
        self.nav_items[REPORTS] = reports
        self.nav.expandAll()
        self.nav.currentItemChanged.connect(self._nav_changed)
        self.stack = QStackedWidget()
        self.stack.setObjectName("pages")
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.setObjectName("main_splitter")
        splitter.addWidget(self.nav)
        splitter.addWidget(self.stack)
        splitter.setStretchFactor(1, 1)
        self.nav.resizeColumnToContents(0)
        nav_width = min(230, max(180, self.nav.columnWidth(0) + 24))  # long names elide; the list gets the room
        splitter.setSizes([nav_width, max(600, self.width() - nav_width)])
        from app.ui.registers.list_menus import remember_split

        remember_split(self, splitter)
        old = self.centralWidget()
        self.setCentralWidget(splitter)
        if old is not None:
            old.deleteLater()

    # -- pages -------------------------------------------------------------------------------------------------
    def page(self, name: str) -> QWidget:
        """The page `name`, created when first needed."""
        page = self.pages.get(name)
        if page is None:
            page = create_page(name, self)
            self.pages[name] = page
            self.stack.addWidget(page)
        return page

    def show_page(self, name: str) -> None:
        """Show a page and select it in the navigation."""
        page = self.page(name)
        self.stack.setCurrentWidget(page)
        self.current = name
        app_settings.put("last_page", name)
        item = self.nav_items.get(name)
        if item is not None and self.nav.currentItem() is not item:
            self.nav.blockSignals(True)
            self.nav.setCurrentItem(item)
            self.nav.blockSignals(False)
        is_register = _is_register_page(page)
        for action in ("open", "delete", "find", "export", "print", "history"):
            self.main_actions[action].setEnabled(is_register)
        self.main_actions["card"].setEnabled(name == "partners")

    def current_page(self) -> QWidget:
        """The page on screen."""
        return self.stack.currentWidget()

    def _nav_changed(self, item: QTreeWidgetItem | None, _previous: QTreeWidgetItem | None) -> None:
        name = item.data(0, Qt.ItemDataRole.UserRole) if item is not None else None
        if name:
            self.show_page(name)

    def _on_page(self, method: str) -> None:
        page = self.current_page()
        if method == "new_record" and not _is_register_page(page):
            page = self.page("partners")
        if _is_register_page(page):
            getattr(page, method)()

    # -- actions -----------------------------------------------------------------------------------------------
    def refresh(self) -> None:
        """Read everything again (another officer may have changed the registry)."""
        hub.data_reset.emit()

    def focus_global_search(self) -> None:
        """Put the cursor in the search-everywhere box."""
        self.global_search.setFocus()
        self.global_search.selectAll()

    def run_global_search(self) -> None:
        """Search every register for the box's text and show what was found."""
        from app.ui.shell.global_search import GlobalSearchDialog

        dialog = GlobalSearchDialog(self.global_search.text(), parent=self)
        dialog.open_record.connect(self.open_record)
        dialog.open_country.connect(self.show_country)
        dialog.exec()

    def show_country(self, code: str) -> None:
        """Show a country's page (its records, the year's figures, the map zoomed to it)."""
        self.page(COUNTRY).show_country(code)
        self.show_page(COUNTRY)

    def open_record(self, register: str, record_id: int) -> None:
        """Show a record's register, select the record and open its form."""
        self.show_page(register)
        page = self.page(register)
        if _is_register_page(page):
            if not page.select_record(record_id):
                page.search.clear()
                page.model.query.filters.clear()
                page.model.query.year = None
                page._fill_filters()
                page.reload()
                page.select_record(record_id)
        from app.ui.registers.record_form import RecordDialog

        RecordDialog(register, record_id, parent=self).exec()

    def open_partner_card(self) -> None:
        """Open the card of the partner selected in the partners list."""
        page = self.page("partners")
        if self.current != "partners":
            self.show_page("partners")
        ids = page.selected_ids() if _is_register_page(page) else []
        if len(ids) != 1:
            self.statusBar().showMessage(_("Select a partner in the list first."), 5000)
            return
        from app.ui.pages.partner_card import PartnerCardDialog

        PartnerCardDialog(ids[0], parent=self).exec()

    def new_partner(self) -> None:
        """Open the partners' list and a new partner's form."""
        self.show_page("partners")
        self._on_page("new_record")

    def load_sample_data(self) -> None:
        """Load the sample data into an empty registry (in the background, with progress)."""
        from app.ui.shell.sample_data import load_sample_data

        load_sample_data(self)

    def open_import(self) -> None:
        """Bring records in from an Excel workbook (into the register on screen, if it is one)."""
        from app.ui.imports.wizard import ImportWizard

        page = self.current_page()
        register = page.register if _is_register_page(page) else None
        self.import_wizard = ImportWizard(register=register, parent=self)
        self.import_wizard.open()

    def open_backups(self) -> None:
        """The backups of the registry: make one now, or restore one."""
        from app.ui.dialogs.backup import BackupDialog

        BackupDialog(parent=self).exec()

    def open_settings(self) -> None:
        """Open the settings dialog; apply a new language at once, without a restart."""
        from app.ui.dialogs.settings import SettingsDialog

        dialog = SettingsDialog(self)
        if dialog.exec():
            self.apply_settings(dialog)

    def apply_settings(self, dialog) -> None:  # noqa: ANN001 - SettingsDialog
        """Act on what the settings dialog changed."""
        from app.ui.shell.language import switch_language
        from app.ui.shell.startup_checks import switch_session

        if dialog.database_changed():
            display = switch_session(dialog.database_value(), self)
            if display is not None:
                self.database_display = display
                hub.data_reset.emit()
        if dialog.language_changed():
            switch_language(dialog.language_value())
        self.build()

    def open_guide(self) -> None:
        """The short guide in the interface language (F1)."""
        from app.ui.dialogs.help_viewer import GuideDialog

        self.guide = GuideDialog(self)
        self.guide.show()

    def open_shortcuts(self) -> None:
        """Every keyboard shortcut of the window on one sheet (Ctrl+/)."""
        from app.ui.dialogs.help_viewer import ShortcutsDialog

        ShortcutsDialog(self.shortcut_rows(), self).exec()

    def shortcut_rows(self) -> list[tuple[str, str]]:
        """(what, keys) for every action with a shortcut: the menus' and the Go menu's."""
        rows, seen = [], set()
        for menu in self.menuBar().findChildren(QMenu):
            for action in menu.actions():
                keys = action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
                text = action.text().split("\t")[0].replace("&", "")
                if keys and (text, keys) not in seen:
                    seen.add((text, keys))
                    rows.append((text, keys))
        return rows

    def about(self) -> None:
        """Say what Hamkor is and what it is built with, under which licences."""
        from app.ui.dialogs.about import AboutDialog

        AboutDialog(self).exec()

    def _status_saved(self, *_args: object) -> None:
        self.statusBar().showMessage(_("Saved."), 3000)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt's name
        app_settings.save_geometry(self, "main_window")
        for page in self.pages.values():
            if _is_register_page(page):
                page.save_columns()
        super().closeEvent(event)
