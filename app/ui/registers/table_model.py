"""A register's list as a lazy table model: the ordered ids from one SQL query, rows fetched by blocks on demand."""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import QApplication, QStyle

from app.i18n import _
from app.services.registers.column_filters import ColumnFilter
from app.services.registers.list_columns import row_mark
from app.services.registers.list_query import ListQuery, count_all, select_ids, select_ranked_ids
from app.services.registers.list_rows import fetch_rows, value_text
from app.services.registers.specs import FieldSpec, spec_of
from app.ui.fields.kinds import list_alignment
from app.ui.shell.colours import text_colour

logger = logging.getLogger(__name__)

#: Rows fetched at once when the view asks for one that is not cached yet.
BLOCK = 100
#: Rows kept in the cache; beyond that the cache starts over (scrolling a 100,000-row list stays flat in memory).
CACHE_LIMIT = 5000
#: Rows whose ids are read before a freshly opened list paints.
FIRST_SCREEN = 200

Index = QModelIndex | QPersistentModelIndex


def display_text(value: Any) -> str:
    """A cell value as the list shows it, in the interface language (a tick for yes, one line)."""
    if isinstance(value, bool):
        return "✓" if value else ""
    return value_text(value).replace("\n", " ")


class RegisterTableModel(QAbstractTableModel):
    """Every listable field of a register as a column; rows are the records the query selects."""

    def __init__(self, register: str, parent: Any = None) -> None:
        super().__init__(parent)
        self.spec = spec_of(register)
        self.query = ListQuery(register)
        self.fields: list[FieldSpec] = list(self.spec.list_fields)
        self._ids: list[int] = []  # all of them, or the first screen's until load_all_ids()
        self.total = 0
        self._rows = 0
        self._pending = False
        self.reloads = 0  # how many times the query ran
        self._cache: dict[int, list[Any]] = {}
        self._marks_of: dict[int, Any] = {}  # row → its deadline mark, worked out once per row read
        self._at = {fs.name: column for column, fs in enumerate(self.fields)}
        self._marks = self.spec.name in ("agreements", "trips", "loans")
        self.exact = 0  # the rows before it match the search exactly; the rest by a similar spelling

    @property
    def similar(self) -> int:
        """How many rows were found by a similar spelling only (listed after the exact matches)."""
        return self._rows - self.exact

    # -- the query ---------------------------------------------------------------------------------------------
    def reload(self, *, first_screen_first: bool = False) -> None:
        """Run the query again (after a change of search, filter, sort or data).

        With `first_screen_first`, only the first screen's ids are read before the list paints; the rest follow
        when `load_all_ids()` is called (the page does it right after its first paint) or a row beyond them is
        asked for: opening a 100,000-record list is then as quick as opening a short one.
        """
        self.beginResetModel()
        self.reloads += 1
        self._cache.clear()
        self._marks_of.clear()
        unfiltered = not self.query.narrowed
        if first_screen_first and unfiltered:
            self._ids = select_ids(self.query, limit=FIRST_SCREEN)
            self._pending = len(self._ids) == FIRST_SCREEN  # more may follow
            self.total = len(self._ids)  # counted exactly once the rest is read
        else:
            self._pending = False
            ranked = select_ranked_ids(self.query)
            self._ids = ranked.ids
            self.total = len(self._ids) if unfiltered else count_all(self.spec.name)
            self.exact = ranked.exact
        self._rows = len(self._ids)
        if first_screen_first and unfiltered:
            self.exact = self._rows
        self.endResetModel()

    @property
    def pending(self) -> bool:
        """Whether ids beyond the first screen are still to be read."""
        return self._pending

    def load_all_ids(self) -> None:
        """Read the ids beyond the first screen (if they are still to come): appended as new rows when the first
        screen's are still first (the selection and the scroll position stay), else the list starts over."""
        if self._pending:
            self._pending = False
            ids = select_ids(self.query)
            if len(ids) > self._rows and list(ids[: self._rows]) == list(self._ids):
                self.beginInsertRows(QModelIndex(), self._rows, len(ids) - 1)
                self._ids, self._rows, self.total = ids, len(ids), len(ids)
                self.exact = self._rows
                self.endInsertRows()
            elif len(ids) != self._rows or list(ids[: self._rows]) != list(self._ids):
                self.beginResetModel()
                self._ids, self._rows, self.total = ids, len(ids), len(ids)
                self.exact = self._rows
                self._cache.clear()
                self._marks_of.clear()
                self.endResetModel()

    def set_search(self, text: str) -> None:
        """Show only the records matching `text` (across scripts, cases and apostrophes)."""
        if text != self.query.search:
            self.query.search = text
            self.reload()

    def set_filter(self, field_name: str, value: Any) -> None:
        """Show only records whose `field_name` equals `value` (None: no filter on that field)."""
        if value is None:
            self.query.filters.pop(field_name, None)
        else:
            self.query.filters[field_name] = value
        self.reload()

    def set_column_filter(self, field_name: str, chosen: ColumnFilter | None) -> None:
        """Filter a column like a spreadsheet's autofilter (None or an inactive filter: none on that column)."""
        if chosen is None or not chosen.active:
            self.query.column_filters.pop(field_name, None)
        else:
            self.query.column_filters[field_name] = chosen
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, max(0, len(self.fields) - 1))
        self.reload()

    def set_year(self, year: int | None) -> None:
        """Show only records of `year` (None: every year)."""
        self.query.year = year
        self.reload()

    @property
    def ids(self) -> list[int]:
        """Every listed record's id, in order."""
        self.load_all_ids()
        return self._ids

    def record_id(self, row: int) -> int:
        """The id of the record on `row`."""
        return self._ids[row]

    def row_of(self, record_id: int) -> int | None:
        """The row showing `record_id`, if the list shows it."""
        self.load_all_ids()
        try:
            return self._ids.index(record_id)
        except ValueError:
            return None

    def refresh_record(self, record_id: int) -> None:
        """Forget the cached row of a record so that it is read again."""
        row = self.row_of(record_id)
        if row is not None:
            self._cache.pop(row, None)
            self._marks_of.pop(row, None)
            self.dataChanged.emit(self.index(row, 0), self.index(row, self.columnCount() - 1))

    def values(self, row: int) -> list[Any]:
        """The typed values of a row (dates as dates, numbers as numbers)."""
        cached = self._cache.get(row)
        if cached is None:
            self._fetch_block(row)
            cached = self._cache.get(row, [None] * len(self.fields))
        return cached

    def _fetch_block(self, row: int) -> None:
        if len(self._cache) > CACHE_LIMIT:
            self._cache.clear()
            self._marks_of.clear()
        start = max(0, row - BLOCK // 4)
        rows = range(start, min(len(self._ids), start + BLOCK))
        wanted = [self._ids[r] for r in rows if r not in self._cache]
        fetched = fetch_rows(self.spec.name, wanted, [fs.name for fs in self.fields])
        for r in rows:
            if r not in self._cache:
                self._cache[r] = fetched.get(self._ids[r], [None] * len(self.fields))

    # -- Qt's model interface ----------------------------------------------------------------------------------
    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802 - Qt's names
        return 0 if parent.isValid() else self._rows

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.fields)

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            text = display_text(self.values(index.row())[index.column()])
            if not text and self._marks and (mark := self.mark(index.row())) is not None:
                if mark.field == self.fields[index.column()].name:
                    return _("overdue")  # an empty cell past its deadline says so in words too
            return text
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(index.row(), index.column())
        if role == Qt.ItemDataRole.FontRole and index.row() >= self.exact:
            italic = QFont()
            italic.setItalic(True)
            return italic  # found by a similar spelling: told apart from the exact matches above it
        if role in (Qt.ItemDataRole.DecorationRole, Qt.ItemDataRole.ForegroundRole) and self._marks:
            mark = self.mark(index.row())
            if mark is None or self.fields[index.column()].name != mark.field:
                return None
            if role == Qt.ItemDataRole.ForegroundRole:
                return text_colour("overdue" if mark.level == "overdue" else "soon")
            pixmap = QStyle.StandardPixmap.SP_MessageBoxCritical if mark.level == "overdue" else (
                QStyle.StandardPixmap.SP_MessageBoxWarning)  # fmt: skip
            return QApplication.style().standardIcon(pixmap)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            alignment = list_alignment(self.fields[index.column()])
            if alignment is not None:
                return int(alignment)
        if role == Qt.ItemDataRole.UserRole:
            return self.record_id(index.row())
        return None

    def mark(self, row: int):  # noqa: ANN201 - Mark | None
        """The deadline mark of a row (expired, ending soon, overdue), if any; remembered while the row is (a
        repaint asks it of every cell)."""
        if row in self._marks_of and row in self._cache:
            return self._marks_of[row]
        values = self.values(row)
        mark = row_mark(self.spec.name, {name: values[column] for name, column in self._at.items()})
        self._marks_of[row] = mark
        return mark

    def _tooltip(self, row: int, column: int) -> str | None:
        """The record's title (a list may not show it), the cell's whole text, and what a mark means."""
        values = self.values(row)
        lines = []
        title = self._at.get(self.spec.title_field)
        if title is not None and title != column and values[title]:
            lines.append(display_text(values[title]))
        text = display_text(values[column])
        if len(text) > 30 or (lines and text):
            lines.append(f"{_(self.fields[column].label)}: {text}")
        if self._marks and (mark := self.mark(row)) is not None and self.fields[column].name == mark.field:
            lines.append(mark.explanation)
        if row >= self.exact:
            lines.append(_("Found by a similar spelling"))
        return "\n".join(lines) or None

    def sort_levels(self) -> list[tuple[str, bool]]:
        """The sort levels chosen (none: the register's usual order)."""
        return [self.query.order, *self.query.more_orders] if self.query.order else []

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:  # noqa: N802
        if orientation == Qt.Orientation.Horizontal:
            name = self.fields[section].name
            if role == Qt.ItemDataRole.DisplayRole:
                label = _(self.fields[section].label)
                levels = [field for field, _descending in self.sort_levels()]
                if len(levels) > 1 and name in levels:  # the sort levels numbered, as a spreadsheet's sort dialog
                    descending = self.sort_levels()[levels.index(name)][1]
                    label = f"{label} {levels.index(name) + 1}{'▼' if descending else '▲'}"
                return label
            if role == Qt.ItemDataRole.FontRole and name in self.query.column_filters:
                font = QFont()
                font.setBold(True)
                return font
            if role == Qt.ItemDataRole.ToolTipRole:
                label = _(self.fields[section].label)
                if name in self.query.column_filters:
                    hint = _("Filtered: click the arrow to change the filter.")
                else:
                    hint = _("Shift+click: sort by this column too.")
                return f"{label}\n{hint}"
            if role == Qt.ItemDataRole.ForegroundRole and name in self.query.column_filters:
                return QApplication.palette().color(QPalette.ColorRole.Link)
        if orientation == Qt.Orientation.Vertical and role == Qt.ItemDataRole.DisplayRole:
            return section + 1
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if column < 0 or column >= len(self.fields):
            if self.query.order is not None:
                self.query.order = None  # back to the register's usual order
                self.query.more_orders = []
                self.reload()
            return
        fs = self.fields[column]
        if fs.kind.many:
            return
        wanted = (fs.name, order == Qt.SortOrder.DescendingOrder)
        if wanted != self.query.order or self.query.more_orders:
            self.query.order = wanted
            self.query.more_orders = []
            self._levels_changed()

    def add_sort_level(self, column: int) -> None:
        """Sort by one more column after the others (a second click on it turns its direction round)."""
        fs = self.fields[column]
        if fs.kind.many:
            return
        if self.query.order is None:
            self.query.order = (fs.name, False)
        elif self.query.order[0] == fs.name:
            self.query.order = (fs.name, not self.query.order[1])
        else:
            names = [name for name, _descending in self.query.more_orders]
            if fs.name in names:
                at = names.index(fs.name)
                self.query.more_orders[at] = (fs.name, not self.query.more_orders[at][1])
            else:
                self.query.more_orders.append((fs.name, False))
        self._levels_changed()

    def _levels_changed(self) -> None:
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, max(0, len(self.fields) - 1))
        self.reload(first_screen_first=True)  # a new order paints its first screen, then reads the rest
