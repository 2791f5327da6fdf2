"""A report is written in its own language on the pool while the window switches its own: neither leaks into the
other (the report's translator is its own, not the interface's)."""

from __future__ import annotations

import re
import threading
from pathlib import Path

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QTreeWidget

from app.i18n import current_language, load_translations
from app.services.reports import annual_report_xlsx
from app.ui.shell import tasks
from app.ui.shell.language import install_qt_language, switch_language

CYRILLIC = re.compile("[А-Яа-яЁё]")
PAGES = ("partners", "agreements", "visits", "contacts", "reports")


def window_headers(window) -> list[str]:  # noqa: ANN001
    """Every header the window shows: menu titles, the navigation, every column header of every page's tables."""
    texts = [action.text() for action in window.menuBar().actions()]
    navigation = window.findChild(QTreeWidget, "navigation")
    stack = [navigation.topLevelItem(i) for i in range(navigation.topLevelItemCount())]
    while stack:
        item = stack.pop()
        texts.append(item.text(0))
        stack += [item.child(i) for i in range(item.childCount())]
    for page in window.pages.values():
        for view in page.findChildren(QAbstractItemView):
            model = view.model()
            if model is not None:
                texts += [
                    str(model.headerData(column, Qt.Orientation.Horizontal) or "")
                    for column in range(model.columnCount())
                ]
    return [text for text in texts if text]


@pytest.fixture
def on_pool(monkeypatch: pytest.MonkeyPatch) -> None:
    """Background work really runs on the pool (not at once on the test's thread)."""
    monkeypatch.setattr(tasks, "_runner", tasks.on_thread_pool)


def test_the_window_switches_to_english_while_a_russian_report_is_written(
    qtbot, sample_window, on_pool, monkeypatch: pytest.MonkeyPatch, tmp_path: Path  # noqa: ANN001
) -> None:
    switch_language("ru")
    for name in PAGES:
        sample_window.show_page(name)
    assert any(CYRILLIC.search(text) for text in window_headers(sample_window))

    inside, switched = threading.Event(), threading.Event()
    languages_seen: list[str] = []
    first_sheet = annual_report_xlsx._summary  # noqa: SLF001 - the writer is held inside, at its first sheet

    def held_summary(report, organisation):  # noqa: ANN001, ANN202
        languages_seen.append(current_language())
        inside.set()
        assert switched.wait(60)  # until the window has switched
        languages_seen.append(current_language())
        return first_sheet(report, organisation)

    monkeypatch.setattr(annual_report_xlsx, "_summary", held_summary)
    reports = sample_window.page("reports")
    reports.cards["annual"].options["year"].setCurrentIndex(reports.cards["annual"].options["year"].findData(2019))
    language = reports.cards["annual"].options["language"]
    language.setCurrentIndex(language.findData("ru"))
    target = tmp_path / "annual.xlsx"
    try:
        reports.run("annual", "save_xlsx", target)
        qtbot.waitUntil(inside.is_set, timeout=60000)
        switch_language("en")  # on the window's thread, while the report is being written in Russian
        headers = window_headers(sample_window)
    finally:
        switched.set()
    qtbot.waitUntil(lambda: str(target) in sample_window.statusBar().currentMessage(), timeout=120000)  # Saved …
    assert tasks.wait_for_tasks(30000)
    install_qt_language("en")

    assert current_language() == "en"
    russian_in_window = [text for text in headers if CYRILLIC.search(text)]
    assert russian_in_window == []
    assert "&File" in headers and "Partners" in headers
    assert languages_seen == ["ru", "ru"]

    russian = load_translations("ru")
    book = load_workbook(target)
    assert book.sheetnames[0] == russian.gettext("Summary") != "Summary"
    for sheet in book.worksheets:
        assert CYRILLIC.search(sheet.title), sheet.title
        texts = [cell for row in sheet.iter_rows(max_row=12, values_only=True) for cell in row if isinstance(cell, str)]
        assert any(CYRILLIC.search(text) for text in texts), sheet.title
        untranslated = [text for text in texts if russian.gettext(text) != text]  # an English message left as is
        assert untranslated == [], (sheet.title, untranslated)
