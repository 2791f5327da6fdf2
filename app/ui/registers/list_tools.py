"""What makes a register's list an officer's spreadsheet: the columns that fit, column filters and sort levels, copy,
the row menu, sums in the status line, changing a field of many records, and undo of a deletion."""

from __future__ import annotations

import html
import logging

from PySide6.QtCore import QEvent, QMimeData, QObject, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMenu,
    QMessageBox,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QToolButton,
    QWidget,
)

from app.i18n import _, ngettext
from app.services.registers.column_filters import ColumnFilter, describe
from app.services.registers.column_values import value_texts
from app.services.registers.list_columns import default_columns
from app.services.registers.list_copy import copied_rows
from app.services.registers.list_sums import list_sums
from app.ui.fields.kinds import elides_in_the_middle, list_width_cap
from app.ui.registers.column_filter import ColumnFilterPopup, filters_from_json, filters_to_json
from app.ui.registers.deleted_view import DeletedRecordsDialog, announce_restored
from app.ui.shell import settings as app_settings
from app.ui.shell.icons import icon

logger = logging.getLogger(__name__)

#: The widest a column is made from its content, by kind (px); names and lists of names elide beyond it.
def shortcut_text(sequence: QKeySequence | str) -> str:
    """A key sequence as the platform writes it."""
    return QKeySequence(sequence).toString(QKeySequence.SequenceFormat.NativeText)


class NamesDelegate(QStyledItemDelegate):
    """Names of organisations elide in the middle: their end tells them apart ('National Library of … Korea')."""

    def initStyleOption(self, option: QStyleOptionViewItem, index) -> None:  # noqa: ANN001, N802 - Qt's name
        super().initStyleOption(option, index)
        option.textElideMode = Qt.TextElideMode.ElideMiddle


class RegisterTable(QTableView):
    """The list's table: Ctrl+C copies the selected rows (not one cell), Alt+Down opens the column's filter; the
    table keeps these keys while it has focus (the window's Copy and Select all act on it through the page)."""

    copy_requested = Signal()
    filter_requested = Signal()

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent):
            if event.matches(QKeySequence.StandardKey.Copy) or event.matches(QKeySequence.StandardKey.SelectAll):
                event.accept()
                return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        if event.matches(QKeySequence.StandardKey.Copy):
            self.copy_requested.emit()
            return
        if event.key() == Qt.Key.Key_Down and event.modifiers() == Qt.KeyboardModifier.AltModifier:
            self.filter_requested.emit()
            return
        super().keyPressEvent(event)


class ListTools(QObject):
    """The spreadsheet tools of one register page."""

    def __init__(self, page: QWidget) -> None:
        super().__init__(page)
        self.page = page
        self.model = page.model
        self.last_batch: str | None = None  # the last deletion, while Ctrl+Z can still undo it
        self.chips = QWidget()
        self.chips.setObjectName("active_filters")
        self._chips_layout = QHBoxLayout(self.chips)
        self._chips_layout.setContentsMargins(0, 0, 0, 0)
        self.chips.hide()
        self.sums_label = QLabel()
        self.sums_label.setObjectName("list_sums")
        self.sums_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self._sums_timer = QTimer(self)
        self._sums_timer.setSingleShot(True)
        self._sums_timer.setInterval(120)
        self._sums_timer.timeout.connect(self.update_sums)
        header = page.table.horizontalHeader()
        header.filter_requested.connect(self.open_filter)
        header.sort_level_added.connect(self.model.add_sort_level)
        page.table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        page.table.customContextMenuRequested.connect(self.row_menu)
        page.table.copy_requested.connect(self.copy_selected)
        page.table.filter_requested.connect(lambda: self.open_filter(max(page.table.currentIndex().column(), 0)))
        self._names = NamesDelegate(page.table)
        for column, fs in enumerate(self.model.fields):
            if elides_in_the_middle(fs) and column != self.model._at.get(page.spec.title_field):
                page.table.setItemDelegateForColumn(column, self._names)
        stored = app_settings.get(f"lists/{page.register}/column_filters")
        self.model.query.column_filters.update(filters_from_json(str(stored or ""), page.spec.fields_by_name))
        self.refresh_chips()

    # -- columns -----------------------------------------------------------------------------------------------
    def default_layout(self) -> None:
        """The register's default columns in their order, each as wide as its content needs (capped)."""
        header = self.page.table.horizontalHeader()
        names = [fs.name for fs in self.model.fields]
        shown = default_columns(self.page.register, names)
        for visual, name in enumerate(shown):
            header.moveSection(header.visualIndex(names.index(name)), visual)
        for column, fs in enumerate(self.model.fields):
            header.setSectionHidden(column, fs.name not in shown)
        if self.page.isVisible():  # else when the page is first shown, to the width it has then
            self.fit_widths()

    def fit_widths(self, available: int | None = None) -> None:
        """Widths from the first screen's content, capped by kind, then narrowed (the widest text columns first,
        never below a floor) until every shown column fits the table's width; long texts elide."""
        table = self.page.table
        header = table.horizontalHeader()
        metrics = table.fontMetrics()
        rows = min(self.model.rowCount(), 60)
        shown = [column for column in range(len(self.model.fields)) if not header.isSectionHidden(column)]
        natural: dict[int, int] = {}
        floors: dict[int, int] = {}
        for column in shown:
            fs = self.model.fields[column]
            widest = max((metrics.horizontalAdvance(str(self.model.data(self.model.index(row, column))))
                          for row in range(rows)), default=0)  # fmt: skip
            if self.model._marks:
                widest += 20  # room for a deadline mark's icon
            title = header.fontMetrics().horizontalAdvance(_(fs.label)) + 34
            cap = list_width_cap(fs)
            content = min(widest + 16, cap or 160)
            natural[column] = max(content, min(title, 110))  # a long header elides (its tooltip says it whole)
            flexible = cap is not None
            floors[column] = max(90, min(content, 120)) if flexible else max(content, 70)
        available = available or table.viewport().width()
        excess = sum(natural.values()) - available
        if excess > 0 and available > 200:
            cap = max(natural.values())
            while excess > 0 and cap > 60:  # lower a common cap on the widest columns, step by step
                cap -= 4
                excess = sum(max(floors[c], min(w, cap)) for c, w in natural.items()) - available
            natural = {c: max(floors[c], min(w, cap)) for c, w in natural.items()}
        for column, width in natural.items():
            header.resizeSection(column, width)

    # -- column filters ----------------------------------------------------------------------------------------
    def open_filter(self, column: int) -> None:
        """The filter pop-up of a column, under its header."""
        fs = self.model.fields[column]
        if not fs.kind.listed:  # several lines, people, records of any register: nothing to pick from
            return
        header = self.page.table.horizontalHeader()
        self.popup = ColumnFilterPopup(self.model.query, fs, self.page)
        self.popup.applied.connect(lambda chosen, name=fs.name: self.set_filter(name, chosen))
        x = header.sectionViewportPosition(column)
        self.popup.popup_at(header.mapToGlobal(QPoint(max(0, x), header.height())))

    def set_filter(self, name: str, chosen: ColumnFilter | None) -> None:
        """Filter a column (None: remove its filter) and remember the register's filters."""
        self.model.set_column_filter(name, chosen)
        app_settings.put(f"lists/{self.page.register}/column_filters", filters_to_json(self.model.query.column_filters))
        self.refresh_chips()

    def clear_filters(self) -> None:
        """Remove every column filter."""
        for name in list(self.model.query.column_filters):
            self.model.query.column_filters.pop(name)
        self.set_filter("", None)

    def refresh_chips(self) -> None:
        """One button per active column filter (a click removes it), and one removing them all."""
        while self._chips_layout.count():
            item = self._chips_layout.takeAt(0)
            if item.widget():
                item.widget().deleteLater()
        filters = self.model.query.column_filters
        label = QLabel(_("Filters:"))
        self._chips_layout.addWidget(label)
        for name, chosen in filters.items():
            fs = self.page.spec.field(name)
            texts = value_texts(self.model.query, name, chosen.values) if chosen.values else {}
            chip = QToolButton()
            chip.setObjectName(f"chip_{name}")
            chip.setText(f"{describe(fs, chosen, texts)}  ✕")
            chip.setToolTip(_("Remove this filter"))
            chip.setAccessibleName(_("Remove the filter “{filter}”").format(filter=describe(fs, chosen, texts)))
            chip.clicked.connect(lambda _c=False, n=name: self.set_filter(n, None))
            self._chips_layout.addWidget(chip)
        if len(filters) > 1:
            clear = QToolButton()
            clear.setObjectName("chips_clear")
            clear.setText(_("Remove all filters"))
            clear.clicked.connect(self.clear_filters)
            self._chips_layout.addWidget(clear)
        self._chips_layout.addStretch(1)
        self.chips.setVisible(bool(filters))

    # -- copy --------------------------------------------------------------------------------------------------
    def copy_selected(self) -> int:
        """Put the selected rows (with a header line) on the clipboard as tab-separated text and an HTML table."""
        rows = self.page.selected_rows()
        if not rows:
            return 0
        everything = len(rows) == self.model.rowCount()
        ids = None if everything else [self.model.record_id(row) for row in rows]  # the list's ids, in its order
        copied = copied_rows(self.page._current_query(), self.page.visible_fields(), ids)
        data = QMimeData()
        data.setText(copied.text)
        data.setHtml(copied.html)
        QGuiApplication.clipboard().setMimeData(data)
        self.page.status(ngettext("{count} row copied.", "{count} rows copied.", copied.rows).format(count=copied.rows))
        return copied.rows

    # -- the row menu ------------------------------------------------------------------------------------------
    def row_menu(self, position: QPoint) -> None:
        """Open, partner card, copy, export, change a field, delete — for the rows under and around the click."""
        table = self.page.table
        index = table.indexAt(position)
        if index.isValid() and not table.selectionModel().isRowSelected(index.row()):
            table.selectRow(index.row())
        ids = self.page.selected_ids()
        menu = QMenu(self.page)
        menu.setObjectName("row_menu")
        self.add_row_actions(menu, ids)
        menu.popup(table.viewport().mapToGlobal(position))
        self.menu = menu

    def add_row_actions(self, menu: QMenu, ids: list[int]) -> None:
        """The row menu's entries for the selected records."""
        page = self.page
        entries = [
            ("open", icon("open"), _("Open"), "Enter", page.open_selected, len(ids) == 1),
            ("card", icon("card"), _("Partner card"), None, self.open_partner_card, self._partner_of(ids) is not None),
            None,
            ("copy", None, _("Copy"), QKeySequence.StandardKey.Copy, self.copy_selected, bool(ids)),
            ("export", icon("save"), _("Export the selected to Excel…"), None, self.export_selected, bool(ids)),
            ("bulk", None, _("Change a field of the selected…"), "F2", self.bulk_edit, bool(ids)),
            None,
            ("delete", icon("delete"), _("Delete the selected…"), QKeySequence.StandardKey.Delete, page.delete_selected,
             bool(ids)),
            ("deleted", None, _("Deleted records…"), None, self.deleted_view, True),
            None,
            ("merge", None, _("Merge the two selected…"), None, self.merge_selected, len(ids) == 2),
            ("duplicates", None, _("Find duplicates…"), None, self.duplicates_view, True),
        ]  # fmt: skip
        for entry in entries:
            if entry is None:
                menu.addSeparator()
                continue
            name, entry_icon, text, shortcut, slot, enabled = entry
            action = menu.addAction(text)
            action.setObjectName(f"row_{name}")
            if entry_icon is not None:
                action.setIcon(entry_icon)
            if shortcut is not None:
                action.setShortcut(QKeySequence(shortcut))
            action.setEnabled(enabled)
            action.triggered.connect(slot)

    def _partner_of(self, ids: list[int]) -> int | None:
        """The partner whose card the row menu opens: the selected partner, or the selected record's partner."""
        if len(ids) != 1:
            return None
        if self.page.register == "partners":
            return ids[0]
        record = self.page.spec.model.get_or_none(self.page.spec.model.id == ids[0])
        for fs in self.page.spec.fields:
            if fs.link == "partners" and record is not None:
                if not fs.kind.many and getattr(record, f"{fs.name}_id", None):
                    return getattr(record, f"{fs.name}_id")
                if fs.kind.many:
                    from app.services.registers.records import child_values

                    linked = child_values(self.page.spec, fs, ids[0])
                    if linked:
                        first = linked[0]
                        return first[0] if isinstance(first, tuple) else first
        return None

    def open_partner_card(self) -> None:
        partner = self._partner_of(self.page.selected_ids())
        if partner is not None:
            from app.ui.pages.partner_card import PartnerCardDialog

            PartnerCardDialog(partner, parent=self.page.window()).exec()

    def export_selected(self) -> None:
        """Export only the selected rows, as shown, to an Excel workbook."""
        self.page.export_excel(ids=self.page.selected_ids())

    def bulk_edit(self) -> None:
        """Set one field for every selected record."""
        ids = self.page.selected_ids()
        if ids:
            from app.ui.registers.bulk_edit import BulkEditDialog

            BulkEditDialog(self.page.register, ids, parent=self.page.window()).exec()

    def deleted_view(self) -> None:
        """The register's deleted records, to bring some back."""
        DeletedRecordsDialog(self.page.register, parent=self.page.window()).exec()

    def duplicates_view(self) -> None:
        """The register's likely duplicates, to merge a pair."""
        from app.ui.registers.duplicates_view import DuplicatesDialog

        dialog = DuplicatesDialog(self.page.register, parent=self.page.window())
        dialog.merged.connect(self.merged)
        dialog.exec()

    def merge_selected(self) -> None:
        """Merge the two selected records (the dialog asks which one stays)."""
        from app.ui.registers.duplicates_view import MergeDialog

        ids = self.page.selected_ids()
        if len(ids) == 2:
            dialog = MergeDialog(self.page.register, ids[0], ids[1], parent=self.page.window())
            if dialog.exec() and dialog.batch:
                self.merged(dialog.batch)

    def merged(self, batch: str) -> None:
        """Remember a merge for Ctrl+Z (its undo is a restore), and say how to undo it."""
        self.last_batch = batch
        self.page.status(_("Merged. Undo: {key}.").format(key=shortcut_text(QKeySequence.StandardKey.Undo)))

    # -- undo of a deletion ------------------------------------------------------------------------------------
    def deleted(self, batch: str, count: int) -> None:
        """Remember a deletion for Ctrl+Z, and say how to undo it."""
        self.last_batch = batch
        key = shortcut_text(QKeySequence.StandardKey.Undo)
        self.page.status(ngettext("{count} record deleted. Undo: {key}.", "{count} records deleted. Undo: {key}.",
                                  count).format(count=count, key=key))  # fmt: skip

    def can_undo(self) -> bool:
        """Whether the last deletion can still be undone from this list."""
        return self.last_batch is not None

    def undo_delete(self) -> bool:
        """Bring back the records of the last deletion."""
        from app.services.registers.deleted_records import RestoreRefused, entries_of_batch, restore

        if self.last_batch is None:
            return False
        batch, self.last_batch = self.last_batch, None
        try:
            restored = restore(entries_of_batch(batch))
        except RestoreRefused as refused:
            QMessageBox.warning(self.page, _("Undo"), str(refused))
            return False
        announce_restored(restored)
        self.page.status(ngettext("{count} record restored.", "{count} records restored.", len(restored)).format(
            count=len(restored)))  # fmt: skip
        if restored:
            self.page.select_record(restored[0][1])
        return True

    # -- sums --------------------------------------------------------------------------------------------------
    def schedule_sums(self) -> None:
        self._sums_timer.start()

    def update_sums(self) -> None:
        """The status line: count and sums of the selection, else of the whole filtered list."""
        self._sums_timer.stop()
        ids = self.page.selected_ids()
        query = self.page._current_query()
        everything = len(ids) <= 1 or len(ids) == self.model.rowCount()
        sums = list_sums(query, self.page.visible_fields(), None if everything else ids)
        prefix = _("Selected") if not everything else _("In the list")
        self.sums_label.setText(f"{html.escape(prefix)}: {html.escape(sums.text())}")
