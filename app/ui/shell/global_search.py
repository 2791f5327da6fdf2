"""Search everywhere (Ctrl+K): every register at once, results grouped by register, Enter opens one."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QDialog, QLabel, QLineEdit, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget

from app.i18n import _, babel_locale, ngettext
from app.services.registers.search import search_everywhere
from app.services.registers.specs import spec_of
from app.text.countries import countries_matching, country_name
from app.ui.shell import settings as app_settings


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
        hits = search_everywhere(self.query.text())
        groups: dict[str, QTreeWidgetItem] = {}
        for hit in hits:
            group = groups.get(hit.register)
            if group is None:
                group = groups[hit.register] = self._group(_(spec_of(hit.register).title))
            item = QTreeWidgetItem([hit.label])
            item.setData(0, Qt.ItemDataRole.UserRole, (hit.register, hit.record_id))
            group.addChild(item)
        for code in countries_matching(self.query.text()):
            group = groups.get("")
            if group is None:
                group = groups[""] = self._group(_("Countries"))
            item = QTreeWidgetItem([country_name(code, babel_locale())])
            item.setData(0, Qt.ItemDataRole.UserRole, ("country", code))
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
        if data[0] == "country":
            self.open_country.emit(data[1])
        else:
            self.open_record.emit(*data)

    def done(self, result: int) -> None:
        app_settings.save_geometry(self, "global_search")
        super().done(result)
