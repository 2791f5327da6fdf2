"""Search everywhere (Ctrl+K): every register at once, results grouped by register, Enter opens one."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QDialog, QLabel, QLineEdit, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from app.i18n import _, ngettext
from app.services.registers import spec_of
from app.services.search import search_everywhere
from app.services.textsearch import search_problem
from app.ui import settings as app_settings


class GlobalSearchDialog(QDialog):
    """Finds records in every register as you type; choosing one opens it."""

    open_record = Signal(str, int)

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("global_search_dialog")
        self.setWindowTitle(_("Search everywhere"))
        self.query = QLineEdit(text)
        self.query.setObjectName("global_query")
        self.query.setPlaceholderText(_("Name, country, city, number… in any script"))
        self.query.setClearButtonEnabled(True)
        self.summary = QLabel()
        self.summary.setObjectName("global_summary")
        self.results = QTreeWidget()
        self.results.setObjectName("global_results")
        self.results.setHeaderHidden(True)
        self.results.itemActivated.connect(self._activated)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(200)
        self._timer.timeout.connect(self.run)
        self.query.textChanged.connect(lambda _t: self._timer.start())
        self.query.returnPressed.connect(self._enter)
        layout = QVBoxLayout(self)
        layout.addWidget(self.query)
        layout.addWidget(self.summary)
        layout.addWidget(self.results, 1)
        self.resize(620, 520)
        app_settings.restore_geometry(self, "global_search")
        self.run()

    def run(self) -> None:
        """Search for the box's text."""
        self._timer.stop()
        self.results.clear()
        problem = search_problem(self.query.text())
        if problem:
            self.summary.setText(problem)
            return
        hits = search_everywhere(self.query.text())
        groups: dict[str, QTreeWidgetItem] = {}
        for hit in hits:
            group = groups.get(hit.register)
            if group is None:
                group = QTreeWidgetItem([_(spec_of(hit.register).title)])
                font = group.font(0)
                font.setBold(True)
                group.setFont(0, font)
                group.setFlags(Qt.ItemFlag.ItemIsEnabled)
                self.results.addTopLevelItem(group)
                groups[hit.register] = group
            item = QTreeWidgetItem([hit.label])
            item.setData(0, Qt.ItemDataRole.UserRole, (hit.register, hit.record_id))
            group.addChild(item)
        self.results.expandAll()
        if self.query.text().strip():
            self.summary.setText(
                ngettext("{count} record found", "{count} records found", len(hits)).format(count=len(hits))
            )
        else:
            self.summary.setText(_("Type what you are looking for."))
        first = groups and next(iter(groups.values())).child(0)
        if first:
            self.results.setCurrentItem(first)

    def hits(self) -> list[tuple[str, int, str]]:
        """What the dialog shows, as (register, id, label)."""
        found = []
        for i in range(self.results.topLevelItemCount()):
            group = self.results.topLevelItem(i)
            for j in range(group.childCount()):
                register, record_id = group.child(j).data(0, Qt.ItemDataRole.UserRole)
                found.append((register, record_id, group.child(j).text(0)))
        return found

    def _enter(self) -> None:
        if self._timer.isActive():
            self.run()
        item = self.results.currentItem()
        if item is not None:
            self._activated(item)

    def _activated(self, item: QTreeWidgetItem) -> None:
        data = item.data(0, Qt.ItemDataRole.UserRole)
        if not data:
            return
        self.accept()
        self.open_record.emit(*data)

    def done(self, result: int) -> None:
        app_settings.save_geometry(self, "global_search")
        super().done(result)
