"""A spreadsheet's autofilter on a list: a filter arrow in each header section, Shift+click to add a sort level, and
the pop-up with the column's values (with counts, a search box, '(empty)') and a date or number range."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPoint, QRect, Qt, Signal
from PySide6.QtGui import QKeySequence, QMouseEvent, QPainter, QShortcut
from PySide6.QtWidgets import (
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListView,
    QPushButton,
    QStyle,
    QStyleOption,
    QVBoxLayout,
    QWidget,
)

from app.i18n import _, format_date, format_number
from app.services.registers.column_filters import (
    ColumnFilter,
    FilterValue,
    filterable,
    search_values,
)
from app.services.registers.column_values import SHOWN_VALUES, listed_values
from app.services.registers.list_query import ListQuery
from app.services.registers.specs import FieldSpec
from app.ui.fields.kinds import INVALID, range_bound, range_hint, range_problem
from app.ui.shell.accessibility import name_clear_button
from app.ui.shell.colours import text_style

BUTTON = 16  # the width of the filter arrow at a section's right end


class FilterHeader(QHeaderView):
    """A horizontal header whose sections carry a filter arrow; Shift+click adds a sort level."""

    filter_requested = Signal(int)  # logical column
    sort_level_added = Signal(int)

    def __init__(self, fields: list[FieldSpec], parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)
        self.fields = fields
        self._swallowed = False
        self.setSectionsClickable(True)

    def button_rect(self, logical: int) -> QRect:
        """Where a section's filter arrow is, in the header's coordinates."""
        x = self.sectionViewportPosition(logical) + self.sectionSize(logical) - BUTTON - 2
        return QRect(x, 0, BUTTON, self.height())

    def paintSection(self, painter: QPainter, rect: QRect, logical: int) -> None:  # noqa: N802 - Qt's name
        painter.save()
        super().paintSection(painter, rect, logical)
        painter.restore()
        if 0 <= logical < len(self.fields) and filterable(self.fields[logical]):
            option = QStyleOption()
            option.initFrom(self)
            option.rect = QRect(rect.right() - BUTTON - 1, rect.top() + (rect.height() - 10) // 2, 10, 10)
            self.style().drawPrimitive(QStyle.PrimitiveElement.PE_IndicatorArrowDown, option, painter, self)

    def sectionSizeFromContents(self, logical: int):  # noqa: ANN201, N802 - Qt's name
        size = super().sectionSizeFromContents(logical)
        size.setWidth(size.width() + BUTTON)
        return size

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt's name
        logical = self.logicalIndexAt(event.position().toPoint())
        self._swallowed = False
        if event.button() == Qt.MouseButton.LeftButton and logical >= 0:
            if filterable(self.fields[logical]) and self.button_rect(logical).contains(event.position().toPoint()):
                self._swallowed = True
                self.filter_requested.emit(logical)
                return
            if event.modifiers() & Qt.KeyboardModifier.ShiftModifier:
                self._swallowed = True
                self.sort_level_added.emit(logical)
                return
        super().mousePressEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt's name
        if self._swallowed:
            self._swallowed = False
            return
        super().mouseReleaseEvent(event)


class ValuesModel(QAbstractListModel):
    """A column's values as a check list (fast for thousands of values). `all` holds the values listed when the
    pop-up opened; a search may show others, found in the database, ticked when `rest_checked` says so (no
    filter yet, or 'Select all' without a search)."""

    def __init__(self, values: list[FilterValue], checked: set[Any] | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.all = values
        self.shown = values
        self.checked = set(checked) if checked is not None else {v.value for v in values}
        self.rest_checked = checked is None
        self._seen = {v.value for v in values}

    def show_only(self, shown: list[FilterValue]) -> None:
        self.beginResetModel()
        for value in shown:
            if value.value not in self._seen:
                self._seen.add(value.value)
                if self.rest_checked:
                    self.checked.add(value.value)
        self.shown = shown
        self.endResetModel()

    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.shown)

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        value = self.shown[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{value.text} ({format_number(value.count)})"
        if role == Qt.ItemDataRole.CheckStateRole:
            return Qt.CheckState.Checked if value.value in self.checked else Qt.CheckState.Unchecked
        return None

    def flags(self, index: QModelIndex) -> Qt.ItemFlag:
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsSelectable

    def setData(self, index: QModelIndex, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        if role != Qt.ItemDataRole.CheckStateRole:
            return False
        item = self.shown[index.row()].value
        if Qt.CheckState(value) == Qt.CheckState.Checked:
            self.checked.add(item)
        else:
            self.checked.discard(item)
        self.dataChanged.emit(index, index)
        return True

    def set_all(self, checked: bool) -> None:
        """Tick (or clear) every value shown (without a search: the values not listed too)."""
        shown = {v.value for v in self.shown}
        self.checked = self.checked | shown if checked else self.checked - shown
        if self.shown is self.all:
            self.rest_checked = checked
        self.dataChanged.emit(self.index(0), self.index(max(0, len(self.shown) - 1)))


EMPTY = object()  # the '(empty)' entry of the values


class ColumnFilterPopup(QFrame):
    """The filter of one column: its values with counts and a search box, '(empty)', and a range for dates and
    numbers. `applied` carries the new filter (None: the column's filter removed)."""

    applied = Signal(object)

    def __init__(self, query: ListQuery, fs: FieldSpec, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Popup)
        self.setObjectName("column_filter")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.fs = fs
        current = query.column_filters.get(fs.name, ColumnFilter())
        self.query = query
        listed = listed_values(query, fs.name, limit=SHOWN_VALUES, chosen=current.values or ())
        self.complete = listed.complete
        items = list(listed.values)
        self.empty_entry = FilterValue(EMPTY, _("(empty)"), listed.empty) if listed.empty else None
        if self.empty_entry:
            items.insert(0, self.empty_entry)
        checked = None
        if current.values is not None:
            checked = set(current.values) | ({EMPTY} if current.empty else set())
        layout = QVBoxLayout(self)
        title = QLabel(f"<b>{_(fs.label)}</b>")
        layout.addWidget(title)
        self.search = QLineEdit()
        self.search.setObjectName("filter_search")
        self.search.setPlaceholderText(_("Search the values…"))
        self.search.setAccessibleName(_("Search the values"))
        self.search.setClearButtonEnabled(True)
        name_clear_button(self.search)
        layout.addWidget(self.search)
        buttons_row = QDialogButtonBox()
        self.all_button = buttons_row.addButton(_("Select all"), QDialogButtonBox.ButtonRole.ActionRole)
        self.none_button = buttons_row.addButton(_("Clear all"), QDialogButtonBox.ButtonRole.ActionRole)
        layout.addWidget(buttons_row)
        self.values = ValuesModel(items, checked, self)
        self.list = QListView()
        self.list.setObjectName("filter_values")
        self.list.setAccessibleName(_("Values of the column"))
        self.list.setUniformItemSizes(True)
        self.list.setModel(self.values)
        self.list.setMinimumWidth(280)
        layout.addWidget(self.list, 1)
        self.more = QLabel()
        self.more.setObjectName("filter_more")
        self.more.setWordWrap(True)
        layout.addWidget(self.more)
        self._say_more(self.complete, searching=False)
        self.low = self.high = None
        if fs.kind.ranged:
            form = QFormLayout()
            self.low, self.high = QLineEdit(), QLineEdit()
            for edit, text, value, name in ((self.low, _("From"), current.low, "filter_low"),
                                            (self.high, _("To"), current.high, "filter_high")):  # fmt: skip
                edit.setObjectName(name)
                edit.setPlaceholderText(range_hint(fs))
                if value is not None:
                    edit.setText(format_date(value) if isinstance(value, dt.date) else str(value))
                label = QLabel(text)
                label.setBuddy(edit)
                form.addRow(label, edit)
            layout.addLayout(form)
        self.error = QLabel()
        self.error.setObjectName("filter_error")
        self.error.setStyleSheet(text_style("error"))
        self.error.hide()
        layout.addWidget(self.error)
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.remove_button = QPushButton(_("Remove filter"))
        self.remove_button.setObjectName("filter_remove")
        box.addButton(self.remove_button, QDialogButtonBox.ButtonRole.ResetRole)
        self.ok_button = box.button(QDialogButtonBox.StandardButton.Ok)
        layout.addWidget(box)
        self.search.textChanged.connect(self._search)
        self.all_button.clicked.connect(lambda: self.values.set_all(True))
        self.none_button.clicked.connect(lambda: self.values.set_all(False))
        box.accepted.connect(self.apply)
        box.rejected.connect(self.close)
        self.remove_button.clicked.connect(self.remove)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, self.close)
        self.search.returnPressed.connect(self.apply)

    def _search(self, text: str) -> None:
        """Show the values matching `text`: among those listed when they are all there, else found by the
        database (the first SHOWN_VALUES of them)."""
        if not text.strip():
            self.values.show_only(self.values.all)
            self._say_more(self.complete, searching=False)
        elif self.complete:
            self.values.show_only(search_values(self.values.all, text))
        else:
            found = listed_values(self.query, self.fs.name, search=text, limit=SHOWN_VALUES)
            empty = search_values([self.empty_entry], text) if self.empty_entry else []
            self.values.show_only(empty + found.values)
            self._say_more(found.complete, searching=True)

    def _say_more(self, complete: bool, *, searching: bool) -> None:
        """Say whether more values exist than are listed, and how to find them."""
        count = format_number(SHOWN_VALUES)
        if searching:
            text = _("Only the first {count} matching values are listed: type more to narrow them.")
        else:
            text = _("Only the first {count} values are listed: type in the search box to find the others.")
        self.more.setText(text.format(count=count))
        self.more.setVisible(not complete)

    def chosen(self) -> ColumnFilter | None:
        """The filter as set in the pop-up (None when a range bound cannot be read). With a search, the values
        shown and ticked are kept; without one, the ticked ones (all of them ticked: no filter, even when only
        the first values are listed, as in a spreadsheet)."""
        shown_only = bool(self.search.text().strip())
        candidates = {v.value for v in (self.values.shown if shown_only else self.values.all)}
        checked = self.values.checked & candidates
        everything = {v.value for v in self.values.all}
        keep_all = checked == everything and (not shown_only or self.complete)
        values = None if keep_all else frozenset(checked - {EMPTY})
        bounds = []
        for edit in (self.low, self.high):
            bounds.append(None if edit is None else self._bound(edit.text()))
        if INVALID in bounds:
            return None
        return ColumnFilter(values=values, empty=values is not None and EMPTY in checked, low=bounds[0], high=bounds[1])

    def _bound(self, text: str) -> Any:
        return range_bound(self.fs, text)

    def apply(self) -> None:
        chosen = self.chosen()
        if chosen is None:
            self.error.setText(range_problem(self.fs))
            self.error.show()
            return
        self.applied.emit(chosen if chosen.active else None)
        self.close()

    def remove(self) -> None:
        self.applied.emit(None)
        self.close()

    def popup_at(self, position: QPoint) -> None:
        """Show the pop-up below a point of the screen, with the cursor in its search box."""
        self.adjustSize()
        self.move(position)
        self.show()
        self.search.setFocus()


def filters_to_json(filters: dict[str, ColumnFilter]) -> str:
    """Column filters as text for the settings (dates and numbers tagged so they come back as they were)."""

    def plain(value: Any) -> Any:
        if isinstance(value, dt.date):
            return {"date": value.isoformat()}
        if isinstance(value, Decimal):
            return {"decimal": str(value)}
        return value

    return json.dumps({
        name: {"values": None if f.values is None else [plain(v) for v in f.values], "empty": f.empty,
               "low": plain(f.low), "high": plain(f.high)}
        for name, f in filters.items()
    })  # fmt: skip


def filters_from_json(text: str, fields: dict[str, FieldSpec]) -> dict[str, ColumnFilter]:
    """Column filters read back from the settings (unknown columns and unreadable entries are dropped)."""

    def typed(value: Any) -> Any:
        if isinstance(value, dict) and "date" in value:
            return dt.date.fromisoformat(value["date"])
        if isinstance(value, dict) and "decimal" in value:
            return Decimal(value["decimal"])
        return value

    try:
        stored = json.loads(text or "{}")
        return {
            name: ColumnFilter(
                values=None if entry["values"] is None else frozenset(typed(v) for v in entry["values"]),
                empty=bool(entry["empty"]), low=typed(entry["low"]), high=typed(entry["high"]),
            )
            for name, entry in stored.items()
            if name in fields
        }  # fmt: skip
    except (ValueError, KeyError, TypeError, AttributeError):
        return {}
