"""Search everywhere (Ctrl+K): every register at once, as you type (debounced, on the thread pool).

The toolbar's box shows its results in a list that drops down under it (arrows choose, Enter opens, Esc closes);
the dialog shows them grouped by register. Each result says what tells it apart: its date, country, number.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPoint, Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.i18n import _, babel_locale, ngettext
from app.services.registers.search import Hit, search_everywhere
from app.services.registers.specs import spec_of
from app.text.countries import countries_matching, country_name
from app.text.search_keys import search_problem
from app.ui.shell import settings as app_settings
from app.ui.shell.accessibility import name_clear_button

#: How long the typing must pause before the search runs (ms).
DEBOUNCE_MS = 250


class LiveSearch(QObject):
    """Runs the search for an editor's text once the typing pauses, on the pool; the newest answer wins."""

    found = Signal(str, list)  # the text searched, its hits
    refused = Signal(str)  # why a text cannot be searched (too many words, too long)

    def __init__(self, editor: QLineEdit) -> None:
        super().__init__(editor)
        self.editor = editor
        self.asked = 0
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(DEBOUNCE_MS)
        self.timer.timeout.connect(self.run)
        editor.textChanged.connect(lambda _t: self.timer.start())

    def run(self) -> None:
        """Search now for the editor's text."""
        from app.ui.shell.tasks import run_quietly

        self.timer.stop()
        self.asked += 1
        ticket, text = self.asked, self.editor.text()
        problem = search_problem(text)
        if problem:
            self.refused.emit(problem)
            return

        def answer(hits: list[Hit]) -> None:
            if ticket == self.asked:  # an older search's answer arriving late is dropped
                self.found.emit(text, hits)

        run_quietly(lambda: search_everywhere(text), answer)


def _hit_item(hit: Hit, *, with_register: bool) -> QTreeWidgetItem:
    register = _(spec_of(hit.register).title) if with_register else ""
    similar = _("similar spelling") if hit.similar else ""
    details = " · ".join(part for part in (register, hit.details, similar) if part)
    item = QTreeWidgetItem([hit.label, details])
    item.setData(0, Qt.ItemDataRole.UserRole, (hit.register, hit.record_id))
    if hit.similar:  # after the register's exact matches, and told apart from them
        font = item.font(0)
        font.setItalic(True)
        item.setFont(0, font)
    item.setToolTip(0, hit.label)
    item.setToolTip(1, details)
    return item


class SearchPopup(QTreeWidget):
    """The results under the toolbar's search box; the box keeps the keyboard, arrows and Enter come here."""

    open_record = Signal(str, int)
    more = Signal()  # Enter with no list shown: the results in a window

    def __init__(self, editor: QLineEdit) -> None:
        super().__init__(editor.window())
        self.setObjectName("global_search_popup")
        self.editor = editor
        self.setWindowFlags(Qt.WindowType.Popup)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setFocusProxy(editor)
        self.setMouseTracking(True)
        self.setRootIsDecorated(False)
        self.setHeaderHidden(True)
        self.setColumnCount(2)
        self.setUniformRowHeights(True)
        self.setAccessibleName(_("Search results"))
        self.header().setStretchLastSection(False)
        self.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.header().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.installEventFilter(self)
        self.itemClicked.connect(lambda item, _c: self.choose(item))
        self.search = LiveSearch(editor)
        self.search.found.connect(self.show_hits)
        self.search.refused.connect(self.show_problem)
        editor.returnPressed.connect(self._enter)

    def show_problem(self, problem: str) -> None:
        """Say why the text cannot be searched, in place of the hits."""
        self.show_hits(problem, [], empty=problem)

    def show_hits(self, text: str, hits: list[Hit], empty: str | None = None) -> None:
        """Fill the list and show it under the box (hide it when the box is empty)."""
        self.clear()
        if not text.strip() or not self.editor.isVisible():
            self.hide()
            return
        for hit in hits:
            self.addTopLevelItem(_hit_item(hit, with_register=True))
        if not hits:
            nothing = QTreeWidgetItem([empty or _("Nothing found."), ""])
            nothing.setFlags(Qt.ItemFlag.NoItemFlags)
            self.addTopLevelItem(nothing)
        else:
            self.setCurrentItem(self.topLevelItem(0))
        window = self.editor.window()
        width = min(max(self.editor.width() * 2, 560), window.width() - 16)
        rows = min(self.topLevelItemCount(), 14)
        height = rows * max(self.sizeHintForRow(0), 18) + 6
        below = self.editor.mapToGlobal(QPoint(self.editor.width() - width, self.editor.height()))
        left = max(window.mapToGlobal(QPoint(8, 0)).x(), below.x())
        self.setGeometry(left, below.y(), width, height)
        self.show()
        self.editor.setFocus()

    def hits(self) -> list[tuple[str, int, str, str]]:
        """What the list shows, as (register, id, label, details)."""
        found = []
        for i in range(self.topLevelItemCount()):
            item = self.topLevelItem(i)
            data = item.data(0, Qt.ItemDataRole.UserRole)
            if data:
                found.append((*data, item.text(0), item.text(1)))
        return found

    def choose(self, item: QTreeWidgetItem | None) -> None:
        """Open the chosen record."""
        data = item.data(0, Qt.ItemDataRole.UserRole) if item is not None else None
        if data:
            self.hide()
            self.open_record.emit(*data)

    def _enter(self) -> None:
        if self.search.timer.isActive():
            self.search.run()
        if self.isVisible():
            self.choose(self.currentItem())
        elif self.editor.text().strip():
            self.more.emit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if watched is self and event.type() == QEvent.Type.KeyPress:
            key = event.key()
            if key in (Qt.Key.Key_Enter, Qt.Key.Key_Return):
                self.choose(self.currentItem())
                return True
            if key == Qt.Key.Key_Escape:
                self.hide()
                self.editor.setFocus()
                return True
            if key in (Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_PageUp, Qt.Key.Key_PageDown):
                return False  # the list moves its current row
            self.editor.setFocus()
            QApplication.sendEvent(self.editor, event)  # typing goes on in the box
            return True
        return super().eventFilter(watched, event)


class GlobalSearchDialog(QDialog):
    """Finds records in every register as you type; choosing one opens it."""

    open_record = Signal(str, int)
    open_country = Signal(str)  # a country's page

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("global_search_dialog")
        self.setWindowTitle(_("Search everywhere"))
        self.query = QLineEdit(text)
        self.query.setObjectName("global_query")
        self.query.setPlaceholderText(_("Name, country, city, number… in any script"))
        self.query.setClearButtonEnabled(True)
        name_clear_button(self.query)
        self.query.setAccessibleName(_("Search everywhere"))
        self.summary = QLabel()
        self.summary.setObjectName("global_summary")
        self.results = QTreeWidget()
        self.results.setObjectName("global_results")
        self.results.setHeaderHidden(True)
        self.results.setColumnCount(2)
        self.results.header().setStretchLastSection(False)
        self.results.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.results.header().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.results.setAccessibleName(_("Search results"))
        self.results.itemActivated.connect(self._activated)
        self.search = LiveSearch(self.query)
        self.search.found.connect(self._show)
        self.search.refused.connect(self._refuse)
        self.query.returnPressed.connect(self._enter)
        layout = QVBoxLayout(self)
        layout.addWidget(self.query)
        layout.addWidget(self.summary)
        layout.addWidget(self.results, 1)
        self.resize(760, 520)
        app_settings.restore_geometry(self, "global_search")
        self.run()

    def run(self) -> None:
        """Search for the box's text."""
        self.search.run()

    def _refuse(self, problem: str) -> None:
        self.results.clear()
        self.summary.setText(problem)

    def _show(self, text: str, hits: list[Hit]) -> None:
        self.results.clear()
        groups: dict[str, QTreeWidgetItem] = {}
        for hit in hits:
            group = groups.get(hit.register)
            if group is None:
                group = groups[hit.register] = self._group(_(spec_of(hit.register).title))
            group.addChild(_hit_item(hit, with_register=False))
        for code in countries_matching(self.query.text()):
            group = groups.get("")
            if group is None:
                group = groups[""] = self._group(_("Countries"))
            item = QTreeWidgetItem([country_name(code, babel_locale())])
            item.setData(0, Qt.ItemDataRole.UserRole, ("country", code))
            group.addChild(item)
        self.results.expandAll()
        if text.strip():
            self.summary.setText(
                ngettext("{count} record found", "{count} records found", len(hits)).format(count=len(hits))
            )
        else:
            self.summary.setText(_("Type what you are looking for."))
        first = groups and next(iter(groups.values())).child(0)
        if first:
            self.results.setCurrentItem(first)

    def _group(self, title: str) -> QTreeWidgetItem:
        group = QTreeWidgetItem([title])
        font = group.font(0)
        font.setBold(True)
        group.setFont(0, font)
        group.setFlags(Qt.ItemFlag.ItemIsEnabled)
        self.results.addTopLevelItem(group)
        return group

    def hits(self) -> list[tuple[str, int, str]]:
        """What the dialog shows, as (register, id, label)."""
        found = []
        for i in range(self.results.topLevelItemCount()):
            group = self.results.topLevelItem(i)
            for j in range(group.childCount()):
                register, record_id = group.child(j).data(0, Qt.ItemDataRole.UserRole)
                if register != "country":
                    found.append((register, record_id, group.child(j).text(0)))
        return found

    def countries(self) -> list[str]:
        """The codes of the countries the dialog offers (each opens the country's page)."""
        group = next((self.results.topLevelItem(i) for i in range(self.results.topLevelItemCount())
                      if self.results.topLevelItem(i).text(0) == _("Countries")), None)  # fmt: skip
        if group is None:
            return []
        return [group.child(j).data(0, Qt.ItemDataRole.UserRole)[1] for j in range(group.childCount())]

    def _enter(self) -> None:
        if self.search.timer.isActive():
            self.run()
        item = self.results.currentItem()
        if item is not None:
            self._activated(item)

    def _activated(self, item: QTreeWidgetItem) -> None:
        data = item.data(0, Qt.ItemDataRole.UserRole)
        if not data:
            return
        self.accept()
        if data[0] == "country":
            self.open_country.emit(data[1])
        else:
            self.open_record.emit(*data)

    def done(self, result: int) -> None:
        app_settings.save_geometry(self, "global_search")
        super().done(result)
