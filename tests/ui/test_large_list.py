"""A list of 100,000 records opens, scrolls to its end and searches, reading only what is on screen."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QApplication

from app.models import Agreement
from app.ui.registers.list_page import RegisterPage
from app.ui.registers.table_model import BLOCK, CACHE_LIMIT

COUNT = 100_000


def test_a_100000_record_list_opens_scrolls_and_stays_small(qtbot, database) -> None:  # noqa: ANN001
    rows = [
        {"reg_number": f"XA-{i:06d}", "title_en": f"Agreement {i}", "kind": "agreement", "status": "in_force",
         "signed_on": dt.date(2000 + i % 26, 1 + i % 12, 1 + i % 28), "search_text": f"xa {i:06d} agreement {i}"}
        for i in range(COUNT)
    ]  # fmt: skip
    with database.atomic():
        for start in range(0, COUNT, 5000):
            Agreement.insert_many(rows[start : start + 5000]).execute()
    page = RegisterPage("agreements")
    qtbot.addWidget(page)
    page.resize(1200, 700)
    page.show()
    qtbot.waitExposed(page)
    qtbot.waitUntil(lambda: page.model.rowCount() == COUNT, timeout=10000)  # the rest follows the first screen
    assert page.count_label.text() == "100,000 records"

    page.table.scrollToBottom()
    QApplication.processEvents()
    last = page.model.rowCount() - 1
    assert page.model.data(page.model.index(last, 0))  # the last row is read and shown
    assert len(page.model._cache) <= CACHE_LIMIT + BLOCK  # only what was on screen, not 100,000 rows

    for row in range(0, COUNT, COUNT // 20):  # jump through the list as a scrollbar drag does
        page.table.scrollTo(page.model.index(row, 0))
        QApplication.processEvents()
    assert len(page.model._cache) <= CACHE_LIMIT + BLOCK

    page.search.setText("xa 099999")
    page._apply_search()
    assert page.model.rowCount() == 1
    assert page.model.values(0)[0] == "XA-099999"
