"""Everything linked to a partner, grouped by register: the partner card's body and a tab of the partner's form."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHeaderView, QTreeWidget, QTreeWidgetItem, QWidget

from app.i18n import _, format_date
from app.services.registers.specs import spec_of
from app.services.reports.partner_links import partner_links
from app.ui.shell.hub import hub


class PartnerLinksView(QTreeWidget):
    """The partner's linked records grouped by register; double-click or Enter asks to open one."""

    #: Open this record (register, id): the form or card showing the view opens it.
    open_requested = Signal(str, int)

    def __init__(self, partner_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.partner_id = partner_id
        self.setObjectName("partner_links")
        self.setAccessibleName(_("Everything linked"))
        self.setHeaderLabels([_("Record"), _("Date")])
        self.header().setStretchLastSection(False)  # the record takes the room; the date only what it needs
        self.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.header().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.itemActivated.connect(self._open)
        hub.record_saved.connect(self._data_changed)
        hub.records_deleted.connect(self._data_changed)
        self.refresh()

    def _data_changed(self, *_args: object) -> None:
        self.refresh()

    def refresh(self) -> None:
        """Read the links again."""
        self.clear()
        links = partner_links(self.partner_id)
        for register, rows in links.items():
            group = QTreeWidgetItem([f"{_(spec_of(register).title)} ({len(rows)})", ""])
            font = group.font(0)
            font.setBold(True)
            group.setFont(0, font)
            self.addTopLevelItem(group)
            group.setFirstColumnSpanned(True)  # only once it is in the tree does spanning take effect
            for row in rows:
                item = QTreeWidgetItem([row.label, format_date(row.date)])
                item.setData(0, Qt.ItemDataRole.UserRole, (row.register, row.record_id))
                group.addChild(item)
            group.setExpanded(True)
        if not links:
            empty = QTreeWidgetItem([_("Nothing is linked to this partner yet."), ""])
            empty.setFlags(Qt.ItemFlag.NoItemFlags)
            self.addTopLevelItem(empty)
            empty.setFirstColumnSpanned(True)

    def linked(self) -> list[tuple[str, int, str]]:
        """Every listed record as (register, id, label)."""
        found = []
        for i in range(self.topLevelItemCount()):
            group = self.topLevelItem(i)
            for j in range(group.childCount()):
                child = group.child(j)
                register, record_id = child.data(0, Qt.ItemDataRole.UserRole)
                found.append((register, record_id, child.text(0)))
        return found

    def _open(self, item: QTreeWidgetItem) -> None:
        data = item.data(0, Qt.ItemDataRole.UserRole)
        if not data:
            return
        register, record_id = data
        self.open_requested.emit(register, record_id)
