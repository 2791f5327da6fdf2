"""A register's page: toolbar, quick search, filters, the lazy table and a preview of the selected record."""

from __future__ import annotations

import html
import logging
from pathlib import Path
from typing import Any

import peewee as pw
from PySide6.QtCore import QByteArray, QEvent, QItemSelectionModel, QObject, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QSplitter,
    QTextBrowser,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from app.i18n import _, format_number, ngettext
from app.services.registers import records
from app.services.registers.list_query import years_of
from app.services.registers.specs import FieldSpec, spec_of
from app.ui.fields.kinds import filter_options
from app.ui.registers.column_filter import FilterHeader
from app.ui.registers.list_menus import preview_shown
from app.ui.registers.list_tools import ListTools, RegisterTable
from app.ui.registers.record_form import RecordDialog, explain_database_error
from app.ui.registers.record_preview import record_preview_html
from app.ui.registers.table_model import RegisterTableModel
from app.ui.shell import settings as app_settings
from app.ui.shell.accessibility import name_list_page
from app.ui.shell.hub import hub
from app.ui.shell.icons import icon

logger = logging.getLogger(__name__)

ALL = object()


class RegisterPage(QWidget):
    """The list of one register with everything to find, open, create and delete its records."""

    open_partner_card = Signal(int)

    def __init__(self, register: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.register = register
        self.spec = spec_of(register)
        self.setObjectName(f"page_{register}")
        self.model = RegisterTableModel(register, self)
        self.filters: dict[str, QComboBox] = {}
        self._build()
        self.tools = ListTools(self)
        self.layout().insertWidget(2, self.tools.chips)
        self.layout().addWidget(self.tools.sums_label)
        restored = self._restore_columns()
        self._columns_timer = QTimer(self)  # column changes are written a moment after the last one
        self._columns_timer.setSingleShot(True)
        self._columns_timer.setInterval(400)
        self._columns_timer.timeout.connect(self.save_columns)
        header = self.table.horizontalHeader()  # remembered from now on, not while being restored
        header.sectionMoved.connect(self._columns_changed)
        header.sectionResized.connect(self._columns_changed)
        header.sortIndicatorChanged.connect(self._columns_changed)
        self.model.modelReset.connect(self._after_reload)
        self.model.rowsInserted.connect(self._after_reload)  # the rest of a long list, read after its first screen
        self._fill_filters()
        self.model.reload(first_screen_first=True)
        self._fit_on_show = not restored
        if not restored:
            self.tools.default_layout()
        hub.record_saved.connect(self._record_saved)
        hub.records_deleted.connect(self._records_deleted)
        hub.data_reset.connect(self.reload)

    # -- building ----------------------------------------------------------------------------------------------
    def _build(self) -> None:
        self.toolbar = QToolBar()
        self.toolbar.setObjectName("page_toolbar")
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.actions_by_name: dict[str, QAction] = {}
        for name, text, shortcut, slot, icon_name in (
            ("new", _("New"), "Ctrl+N", self.new_record, "new"),
            ("open", _("Open"), "Enter", self.open_selected, "open"),
            ("delete", _("Delete"), "Del", self.delete_selected, "delete"),
            ("export", _("Export to Excel"), "Ctrl+E", self.export_excel, "save"),
            ("print", _("Print"), "Ctrl+P", self.print_list, "print"),
        ):
            action = QAction(icon(icon_name), text, self)
            action.setObjectName(f"action_{name}")
            action.setToolTip(f"{text} ({QKeySequence(shortcut).toString(QKeySequence.SequenceFormat.NativeText)})")
            action.triggered.connect(slot)
            self.toolbar.addAction(action)
            self.actions_by_name[name] = action
        if self.register == "partners":
            card = QAction(icon("card"), _("Partner card"), self)
            card.setObjectName("action_card")
            card.triggered.connect(self._open_card)
            self.toolbar.addAction(card)
            self.actions_by_name["card"] = card

        self.search = QLineEdit()
        self.search.setObjectName("quick_search")
        self.search.setPlaceholderText(_("Search in this list…"))
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(140)
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(150)
        self._search_timer.timeout.connect(self._apply_search)
        self.search.textChanged.connect(lambda _text: self._search_timer.start())
        self.search.returnPressed.connect(self._apply_search)

        filters_row = QHBoxLayout()
        filters_row.setContentsMargins(0, 0, 0, 0)
        filters_row.addWidget(self.search, 2)
        # Each filter says what it filters in its own first item ('Status: all'), not in a label beside it: a row of
        # labels and combo boxes would make the window wider than the screen for registers with many filters.
        if self.spec.has_years:
            self.year = self._combo("year", _("Year"))
            filters_row.addWidget(self.year, 1)
        else:
            self.year = None
        for fs in self.spec.filter_fields:
            if fs.name == "year":
                continue
            combo = self._combo(fs.name, _(fs.label))
            self.filters[fs.name] = combo
            filters_row.addWidget(combo, 1)
        filters_row.addStretch(0)
        self.count_label = QLabel()
        self.count_label.setObjectName("count_label")
        filters_row.addWidget(self.count_label)

        self.table = RegisterTable()
        self.table.setObjectName("register_table")
        self.table.setHorizontalHeader(FilterHeader(self.model.fields, self.table))
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.table.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)  # the register's own order
        self.table.setSortingEnabled(True)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 8)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionsMovable(True)
        header.setHighlightSections(False)
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setTextElideMode(Qt.TextElideMode.ElideRight)
        header.setStretchLastSection(True)
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        header.customContextMenuRequested.connect(self._columns_menu)
        self.table.doubleClicked.connect(lambda _index: self.open_selected())
        for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            QShortcut(QKeySequence(key), self.table, self.open_selected, context=Qt.ShortcutContext.WidgetShortcut)
        QShortcut(
            QKeySequence.StandardKey.Delete, self.table, self.delete_selected, context=Qt.ShortcutContext.WidgetShortcut
        )
        self.search.returnPressed.connect(self.table.setFocus)
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self._selection_changed())

        self.preview = QTextBrowser()
        self.preview.setObjectName("preview")
        self.preview.setOpenLinks(False)
        self.preview.setMinimumWidth(200)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("preview_splitter")
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(self.preview)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setCollapsible(0, False)
        self.splitter.setSizes([820, 240])
        split = app_settings.get("lists/preview_split")
        if isinstance(split, QByteArray) and not split.isEmpty():
            self.splitter.restoreState(split)
        self.splitter.splitterMoved.connect(self._split_moved)
        self.preview.setVisible(preview_shown())

        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        title = QLabel(f"<h2>{html.escape(_(self.spec.title))}</h2>")
        title.setObjectName("page_title")
        top = QHBoxLayout()
        top.addWidget(title)
        top.addStretch(1)
        top.addWidget(self.toolbar)
        layout.addLayout(top)
        layout.addLayout(filters_row)
        layout.addWidget(self.splitter, 1)
        name_list_page(self.toolbar, self.search, self.table, self.preview, _(self.spec.title))

    def _combo(self, name: str, label: str) -> QComboBox:
        combo = QComboBox()
        combo.setObjectName(f"filter_{name}")
        combo.setToolTip(label)
        combo.setAccessibleName(label)
        combo.setProperty("all_text", _("{filter}: all").format(filter=label))
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.setMinimumContentsLength(6)
        combo.currentIndexChanged.connect(lambda _i, n=name: self._filter_changed(n))
        return combo

    def _fill_filters(self) -> None:
        """Offer in each filter the values the register holds."""
        if self.year is not None:
            self._refill(self.year, [(str(y), y) for y in years_of(self.register)])
        for name, combo in self.filters.items():
            self._refill(combo, self._options(self.spec.field(name)))

    def _options(self, fs: FieldSpec) -> list[tuple[str, Any]]:
        return filter_options(fs, self.register)

    def _refill(self, combo: QComboBox, options: list[tuple[str, Any]]) -> None:
        current = combo.currentData()
        combo.blockSignals(True)
        combo.clear()
        combo.addItem(combo.property("all_text"), ALL)
        for text, value in options:
            combo.addItem(text, value)
        index = combo.findData(current) if current is not None else 0
        combo.setCurrentIndex(max(index, 0))
        combo.blockSignals(False)

    # -- columns -----------------------------------------------------------------------------------------------
    def _settings_key(self) -> str:
        return f"lists/{self.register}/header"

    def _restore_columns(self) -> bool:
        """The columns as the officer left them; False when there is nothing to restore (the defaults then)."""
        header = self.table.horizontalHeader()
        state = app_settings.get(self._settings_key())
        return isinstance(state, QByteArray) and not state.isEmpty() and header.restoreState(state)

    def _split_moved(self, *_args: object) -> None:
        app_settings.put("lists/preview_split", self.splitter.saveState())

    def show_preview(self, shown: bool) -> None:
        """Show or fold the preview pane (remembered for every list)."""
        self.preview.setVisible(shown)
        app_settings.put("lists/preview", "true" if shown else "false")
        self._selection_changed()

    def status(self, text: str) -> None:
        """A message in the window's status bar."""
        if hasattr(self.window(), "statusBar"):
            self.window().statusBar().showMessage(text, 8000)

    def _columns_changed(self, *_args: object) -> None:
        self._columns_timer.start()

    def save_columns(self) -> None:
        """Remember the columns' order, widths, visibility and sort (now, not after the usual pause)."""
        self._columns_timer.stop()
        app_settings.put(self._settings_key(), self.table.horizontalHeader().saveState())

    def showEvent(self, event: QEvent) -> None:  # noqa: N802 - Qt's name
        """The first time the list is seen without remembered columns, fit them to the table's width."""
        super().showEvent(event)
        if self._fit_on_show:
            self._fit_on_show = False
            QTimer.singleShot(0, self.tools.fit_widths)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        """Once the rows are on screen, read the ids of the rest of a long list."""
        if event.type() == QEvent.Type.Paint and watched is self.table.viewport():
            self.table.viewport().removeEventFilter(self)
            reloads = self.model.reloads  # (read again meanwhile: its rest is read after its own first paint)
            QTimer.singleShot(0, lambda: self.model.load_all_ids() if self.model.reloads == reloads else None)
        return False

    def _columns_menu(self, position: QPoint) -> None:
        header = self.table.horizontalHeader()
        menu = QMenu(self)
        menu.setObjectName("columns_menu")
        for column, fs in enumerate(self.model.fields):
            action = menu.addAction(_(fs.label))
            action.setCheckable(True)
            action.setChecked(not header.isSectionHidden(column))
            action.toggled.connect(lambda checked, c=column: self.set_column_visible(c, checked))
        menu.exec(header.mapToGlobal(position))

    def set_column_visible(self, column: int, visible: bool) -> None:
        """Show or hide a column (at least one stays visible)."""
        header = self.table.horizontalHeader()
        if not visible and header.count() - header.hiddenSectionCount() <= 1:
            return
        header.setSectionHidden(column, not visible)
        self.save_columns()

    def visible_fields(self) -> list[str]:
        """The visible columns' fields in the order shown (what an export writes)."""
        header = self.table.horizontalHeader()
        ordered = sorted(range(header.count()), key=header.visualIndex)
        return [self.model.fields[c].name for c in ordered if not header.isSectionHidden(c)]

    # -- searching and filtering -------------------------------------------------------------------------------
    def _apply_search(self) -> None:
        self._search_timer.stop()
        self.model.set_search(self.search.text())

    def _filter_changed(self, name: str) -> None:
        combo = self.year if name == "year" else self.filters[name]
        value = combo.currentData()
        value = None if value is ALL else value
        if name == "year":
            self.model.set_year(value)
        else:
            self.model.set_filter(name, value)

    def reload(self) -> None:
        """Read the list again, keeping the selection where possible."""
        selected = self.selected_ids()
        self._fill_filters()
        self.model.reload()
        if selected:
            self.select_record(selected[0])

    def _after_reload(self) -> None:
        if self.model.pending:  # once the first screen is painted, the rest of the ids are read
            self.table.viewport().installEventFilter(self)
        shown, total = self.model.rowCount(), self.model.total
        if shown == total:
            text = ngettext("{count} record", "{count} records", total).format(count=format_number(total))
        else:
            text = ngettext("{shown} of {total} record", "{shown} of {total} records", total).format(
                shown=format_number(shown), total=format_number(total)
            )
        if self.model.similar:
            text += " · " + ngettext("{count} by a similar spelling", "{count} by a similar spelling",
                                     self.model.similar).format(count=format_number(self.model.similar))  # fmt: skip
        self.count_label.setText(text)
        self._selection_changed()
        self.tools.schedule_sums()

    def _record_saved(self, register: str, record_id: int) -> None:
        if register == self.register:
            self.reload()
            self.select_record(record_id)
        else:
            self.model.reload()  # a linked name may have changed

    def _records_deleted(self, register: str, _ids: list) -> None:
        self.reload()

    # -- selection and actions ---------------------------------------------------------------------------------
    def selected_rows(self) -> list[int]:
        """The positions of the selected rows in the list, in order."""
        rows: set[int] = set()
        for stretch in self.table.selectionModel().selection():  # ranges: 100,000 selected rows are read at once
            rows.update(range(stretch.top(), stretch.bottom() + 1))
        count = self.model.rowCount()
        return [row for row in sorted(rows) if row < count]

    def selected_ids(self) -> list[int]:
        """The ids of the selected records, in list order."""
        return [self.model.record_id(row) for row in self.selected_rows()]

    def select_record(self, record_id: int) -> bool:
        """Select and show the record, if the list shows it."""
        row = self.model.row_of(record_id)
        if row is None:
            return False
        index = self.model.index(row, 0)
        self.table.selectionModel().setCurrentIndex(
            index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
        )
        self.table.scrollTo(index)
        return True

    def _selection_changed(self) -> None:
        ids = self.selected_ids()
        self.actions_by_name["open"].setEnabled(len(ids) == 1)
        self.actions_by_name["delete"].setEnabled(bool(ids))
        if "card" in self.actions_by_name:
            self.actions_by_name["card"].setEnabled(len(ids) == 1)
        self.preview.setHtml(
            record_preview_html(self.register, ids[0]) if len(ids) == 1 and preview_shown() else ""
        )
        self.tools.schedule_sums()

    def new_record(self) -> None:
        """Open an empty form for a new record."""
        RecordDialog(self.register, parent=self.window()).exec()

    def open_selected(self) -> None:
        """Open the selected record's form."""
        ids = self.selected_ids()
        if len(ids) != 1:
            return
        RecordDialog(self.register, ids[0], parent=self.window()).exec()

    def show_history(self) -> None:
        """Who changed the selected record, when, and which fields from what to what."""
        ids = self.selected_ids()
        if len(ids) == 1:
            from app.ui.registers.history import HistoryDialog

            HistoryDialog(self.register, ids[0], parent=self.window()).exec()

    def write_letter(self) -> None:
        """Write letter… from the selected visit, trip or agreement."""
        from app.ui.dialogs.write_letter import WriteLetterDialog, can_write_letters

        ids = self.selected_ids()
        if len(ids) == 1 and can_write_letters(self.register):
            WriteLetterDialog(self.register, ids[0], parent=self.window()).exec()

    def _open_card(self) -> None:
        ids = self.selected_ids()
        if len(ids) == 1:
            from app.ui.pages.partner_card import PartnerCardDialog

            PartnerCardDialog(ids[0], parent=self.window()).exec()

    def delete_selected(self) -> None:
        """Delete the selected records after a confirmation that says what goes with them."""
        ids = self.selected_ids()
        if not ids:
            return
        message, allowed = records.deletion_summary(self.register, ids)
        if not allowed:
            QMessageBox.information(self, _("Cannot delete"), message)
            return
        answer = QMessageBox.question(
            self,
            _("Delete"),
            message,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            batch = records.delete_records(self.register, ids)
        except records.DeleteRefused as refused:
            QMessageBox.information(self, _("Cannot delete"), str(refused))
            return
        except pw.DatabaseError as error:
            QMessageBox.warning(self, _("Not deleted"), explain_database_error(error))
            return
        hub.records_deleted.emit(self.register, ids)
        self.tools.deleted(batch, len(ids))

    def _current_query(self):  # noqa: ANN202 - ListQuery
        from copy import deepcopy

        return deepcopy(self.model.query)

    def export_excel(self, target: Path | None = None, ids: list[int] | None = None) -> None:
        """Export the list as shown (`ids`: only those rows) to an Excel workbook (in the background, with progress
        and Cancel)."""
        from app.ui.registers.list_outputs import export_excel

        export_excel(self, target, ids)

    def print_list(self) -> None:
        """Preview and print the list as shown."""
        from app.ui.registers.list_outputs import print_list

        print_list(self)

    def focus_search(self) -> None:
        """Put the cursor in the quick search box."""
        self.search.setFocus()
        self.search.selectAll()
