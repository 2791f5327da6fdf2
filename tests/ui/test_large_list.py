"""A list of 100,000 records opens, scrolls to its end and searches, reading only what is on screen."""

from __future__ import annotations

import datetime as dt

from PySide6.QtWidgets import QApplication

from app.models import Agreement
from app.ui.registers.list_page import RegisterPage
from app.ui.registers.table_model import BLOCK, CACHE_LIMIT

COUNT = 100_000


def insert_agreements(count: int) -> None:
    """`count` agreements XA-000000…: the first through peewee (with its defaults), the others copied from it in one
    statement, each with its own number, title, date and search text (as the first's are made)."""
    i = 0
    Agreement.insert(reg_number=f"XA-{i:06d}", title_en=f"Agreement {i}", kind="agreement", status="in_force",
                     signed_on=dt.date(2000 + i % 26, 1 + i % 12, 1 + i % 28),
                     search_text=f"xa {i:06d} agreement {i}").execute()  # fmt: skip
    made = {
        "reg_number": "printf('XA-%06d', i)",
        "title_en": "'Agreement ' || i",
        "signed_on": "printf('%04d-%02d-%02d', 2000 + i % 26, 1 + i % 12, 1 + i % 28)",
        "search_text": "printf('xa %06d agreement %d', i, i)",
    }
    columns = [field.column_name for field in Agreement._meta.sorted_fields if not field.primary_key]
    Agreement._meta.database.execute_sql(
        f"WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {count - 1}) "
        f"INSERT INTO agreement ({', '.join(columns)}) "
        f"SELECT {', '.join(made.get(column, 'first.' + column) for column in columns)} "
        "FROM n, agreement AS first WHERE first.reg_number = 'XA-000000'"
    )


def test_a_100000_record_list_opens_scrolls_and_stays_small(qtbot, database) -> None:  # noqa: ANN001
    with database.atomic():
        insert_agreements(COUNT)
    copied = Agreement.get(Agreement.reg_number == "XA-054321")
    assert (copied.title_en, copied.signed_on, copied.status) == ("Agreement 54321", dt.date(2007, 10, 2), "in_force")
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


def test_a_second_sort_level_paints_its_first_screen_then_appends_the_rest(qtbot, database) -> None:  # noqa: ANN001
    from PySide6.QtCore import QItemSelectionModel, QPoint, Qt

    from app.services.registers.list_query import select_ids
    from app.ui.registers.table_model import FIRST_SCREEN

    count = 1000
    statuses = ["draft", "negotiation", "in_force", "expired", "terminated"]
    with database.atomic():
        Agreement.insert_many([
            {"reg_number": f"S-{i:04d}", "title_en": f"Agreement {i}", "kind": "agreement", "status": statuses[i % 5],
             "signed_on": dt.date(2000 + i % 20, 1 + i % 12, 1 + i % 28), "search_text": f"s {i:04d}"}
            for i in range(count)
        ]).execute()  # fmt: skip
    page = RegisterPage("agreements")
    qtbot.addWidget(page)
    page.resize(1200, 700)
    page.show()
    qtbot.waitExposed(page)
    qtbot.waitUntil(lambda: page.model.rowCount() == count, timeout=10000)
    header = page.table.horizontalHeader()
    names = [fs.name for fs in page.model.fields]

    def click_header(name: str, modifier=Qt.KeyboardModifier.NoModifier) -> None:  # noqa: ANN001
        point = QPoint(header.sectionViewportPosition(names.index(name)) + 10, header.height() // 2)
        qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, modifier, point)

    click_header("status")
    qtbot.waitUntil(lambda: page.model.rowCount() == count, timeout=10000)
    click_header("signed_on", Qt.KeyboardModifier.ShiftModifier)
    assert page.model.rowCount() == FIRST_SCREEN  # the new order's first screen, before it is painted
    flags = QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows
    page.table.selectionModel().select(page.model.index(5, 0), flags)
    qtbot.waitUntil(lambda: page.model.rowCount() == count, timeout=10000)  # the rest follows the first paint
    assert [index.row() for index in page.table.selectionModel().selectedRows()] == [5]  # appended: kept
    assert list(page.model.ids) == list(select_ids(page.model.query))
    assert page.count_label.text() == "1,000 records"
