"""Hamkor in a real window, walked through AT-SPI as Orca reads it: the menus, the dashboard, every register page
(also with text in its search box), each register's new-record form and its first record's form, with their tabs,
have no interactive element without a name, in each language. tests/ui/atspi_walk.py does the walk (Xvfb, its own
D-Bus session, Qt's AT-SPI bridge)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from app.i18n import LANGUAGES

WALKER = Path(__file__).with_name("atspi_walk.py")
SYSTEM_PYTHON = "/usr/bin/python3"  # pyatspi comes with the system's Python (python3-pyatspi), not from PyPI


def _missing() -> str:
    programs = [p for p in ("Xvfb", "dbus-run-session", "xdotool") if shutil.which(p) is None]
    if programs:
        return f"needs {', '.join(programs)} (apt-get install xvfb dbus xdotool)"
    if not Path("/usr/libexec/at-spi-bus-launcher").exists() and shutil.which("at-spi-bus-launcher") is None:
        return "needs the accessibility bus (apt-get install at-spi2-core)"
    if (
        not Path(SYSTEM_PYTHON).exists()
        or subprocess.run([SYSTEM_PYTHON, "-c", "import pyatspi"], capture_output=True).returncode != 0
    ):
        return f"needs pyatspi for {SYSTEM_PYTHON} (apt-get install python3-pyatspi)"
    return ""


MISSING = _missing()
pytestmark = [pytest.mark.atspi, pytest.mark.skipif(bool(MISSING), reason=MISSING)]


def test_every_interactive_element_is_named_over_atspi(tmp_path: Path) -> None:
    report = tmp_path / "walk.json"
    languages = [argument for language in LANGUAGES for argument in ("--lang", language)]
    command = [SYSTEM_PYTHON, str(WALKER), "--python", sys.executable, *languages, "--json", str(report)]
    done = subprocess.run(command, capture_output=True, text=True, timeout=1200)
    if done.returncode == 2:  # the X server or the bus failed to come up (a loaded machine): once more
        done = subprocess.run(command, capture_output=True, text=True, timeout=1200)
    assert done.returncode in (0, 1), f"the walk could not be made:\n{done.stderr[-3000:]}"
    walked = json.loads(report.read_text(encoding="utf-8"))
    assert sorted(walked) == sorted(LANGUAGES)
    for language, places in walked.items():
        pages = [place for place in places if place.startswith("page ") and "," not in place]
        forms = [place for place in places if place.startswith("form ") and "," not in place]
        assert len(pages) == len(forms) == 16, (language, sorted(places))
        records = [place for place in places if place.startswith("record ") and "," not in place]
        assert len(records) == 16, (language, sorted(places))  # the sample has records in every register
        assert all(places[place] for place in places), "a place with nothing to act on: the walk saw nothing"
        tables = [e for place in pages for e in places[place] if e["role"] == "table"]
        assert len(tables) == 16  # each page's list, named after its register (checked below with the rest)
    unnamed = [
        f"{language} {place}: {element['role']} {element['name']!r} ({element['id']})"
        for language, places in walked.items()
        for place, elements in places.items()
        for element in elements
        if not element["named"]
    ]
    assert not unnamed, "\n".join(unnamed)
