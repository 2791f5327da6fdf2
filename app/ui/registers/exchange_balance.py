"""The book exchange balance as a tree: each partner with its years (sent, received, balance, running balance), and
the totals; beside the exchange list (`exchange_page`), and on a partner's card (its years alone)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHeaderView, QTreeWidget, QTreeWidgetItem, QWidget

from app.i18n import _, format_number
from app.services.reports.exchange_balance import BalanceRow, Counts, exchange_balance
from app.ui.shell.hub import hub

#: The figures' columns after the first (partner or year).
FIGURE_COLUMNS = 4


def _signed(value: int) -> str:
    text = format_number(abs(value))
    return f"+{text}" if value > 0 else f"−{text}" if value < 0 else text


def _kinds(counts: Counts) -> str:
    return _("Books: {books}; periodicals: {periodicals}; electronic: {electronic}").format(
        books=format_number(counts.books),
        periodicals=format_number(counts.periodicals),
        electronic=format_number(counts.electronic),
    )


class ExchangeBalanceView(QTreeWidget):
    """Sent, received, balance (received less sent) and running balance per partner and year."""

    def __init__(self, partner_id: int | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.partner_id = partner_id
        self.setObjectName("exchange_balance")
        self.setAccessibleName(_("Book exchange balance"))
        first = _("Year") if partner_id is not None else _("Partner and year")
        self.setHeaderLabels([first, _("Sent"), _("Received"), _("Balance"), _("Running balance")])
        self.setToolTip(_("Balance: items received less items sent; running balance: all the years up to this one."))
        self.setRootIsDecorated(partner_id is None)
        self.setUniformRowHeights(True)
        self.setTextElideMode(Qt.TextElideMode.ElideMiddle)  # "National Library … of Korea": the end tells them apart
        header = self.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in range(1, FIGURE_COLUMNS + 1):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        hub.record_saved.connect(self._changed)
        hub.records_deleted.connect(self._changed)
        hub.data_reset.connect(self.refresh)
        self.refresh()

    def _changed(self, register: str, *_args: object) -> None:
        if register in ("exchange", "partners"):
            self.refresh()

    def _item(self, label: str, row: BalanceRow, running: int) -> QTreeWidgetItem:
        item = QTreeWidgetItem([label, format_number(row.sent.total), format_number(row.received.total),
                                _signed(row.balance), _signed(running)])  # fmt: skip
        item.setToolTip(0, label)
        item.setToolTip(1, _kinds(row.sent))
        item.setToolTip(2, _kinds(row.received))
        for column in range(1, FIGURE_COLUMNS + 1):
            item.setTextAlignment(column, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return item

    def refresh(self) -> None:
        """Read the balance again."""
        self.clear()
        ids = [self.partner_id] if self.partner_id is not None else None
        rows = exchange_balance(partner_ids=ids)
        if self.partner_id is not None:
            for row in rows:
                self.addTopLevelItem(self._item(str(row.year), row, row.running))
            return
        total = BalanceRow(None, _("Total"), None)
        sums: dict[int | None, BalanceRow] = {}
        for row in rows:
            summed = sums.setdefault(row.partner_id, BalanceRow(row.partner_id, row.partner, None))
            summed.sent.add(row.sent)
            summed.received.add(row.received)
            summed.running = row.running  # the rows come year by year: the last is the balance so far
        by_partner: dict[int | None, QTreeWidgetItem] = {}
        for partner_id, summed in sums.items():
            by_partner[partner_id] = self._item(summed.partner, summed, summed.running)
            self.addTopLevelItem(by_partner[partner_id])
            total.sent.add(summed.sent)
            total.received.add(summed.received)
            total.running += summed.running
        for row in rows:
            by_partner[row.partner_id].addChild(self._item(str(row.year), row, row.running))
        if rows:
            item = self._item(_("Total"), total, total.running)
            font = item.font(0)
            font.setBold(True)
            for column in range(FIGURE_COLUMNS + 1):
                item.setFont(column, font)
            self.addTopLevelItem(item)
