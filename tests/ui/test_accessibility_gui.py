"""A screen reader finds a name for every control it can reach, and Tab leaves every list: every page, form and
dialog, in each language."""

from __future__ import annotations

import peewee as pw
import pytest

from app.i18n import LANGUAGES, set_language
from tests.ui.accessibility_walker import every_window, tab_traps, unnamed_widgets
from tests.ui.conftest import show_main_window


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_control_of_every_window_has_a_name(qtbot, database: pw.Database, load_sample, language: str) -> None:  # noqa: ANN001
    set_language(language)
    load_sample()
    main = show_main_window(qtbot, "sample.db")
    unnamed: dict[str, str] = {}  # each nameless control once, with the first window it was seen in
    seen = 0
    for where, window in every_window(main):
        seen += 1
        for item in unnamed_widgets(window):
            unnamed.setdefault(str(item), where)
        for item in tab_traps(window):
            unnamed.setdefault(f"Tab cannot leave {item}", where)
    assert seen > 60  # pages, forms with their tabs, histories and dialogs
    problems = sorted(f"{where}: {item}" for item, where in unnamed.items())
    assert not problems, "\n".join(problems)
