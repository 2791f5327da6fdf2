"""The book exchange page: the register's list with the balance per partner and year beside it."""

from __future__ import annotations

from PySide6.QtWidgets import QSplitter, QTabWidget, QWidget

from app.i18n import _
from app.ui.registers.exchange_balance import ExchangeBalanceView
from app.ui.registers.list_page import RegisterPage


class ExchangePage(RegisterPage):
    """The book exchange list with the balance per partner and year beside it (a tab beside the record's preview)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("exchange", parent)
        self.balance = ExchangeBalanceView()
        self.side = QTabWidget()
        self.side.setObjectName("exchange_side")
        splitter: QSplitter = self.splitter
        index = splitter.indexOf(self.preview)
        self.side.addTab(self.preview, _("Record"))
        self.side.addTab(self.balance, _("Balance"))
        self.side.setTabToolTip(1, _("Book exchange balance per partner and year"))
        splitter.insertWidget(index, self.side)
        splitter.setSizes([640, 560])  # the balance needs room for the partners' names beside its four figures
        self.side.setCurrentIndex(1)
