"""The desktop interface (PySide6 widgets)."""

from __future__ import annotations

import sys
from types import ModuleType

import PySide6.QtCore  # noqa: F401 - loads PySide6's import hook, answered more cheaply below


def _read_sources_without_keeping_them() -> None:
    """PySide6 asks of every module imported after it whether its source names PySide6 (for the opt-in
    `from __feature__ import …` switches, which Hamkor does not use). It asks with `inspect.getsource`, which keeps
    every module's lines in `linecache` for the life of the process: 6 MB and a third of the import time of a
    register's list. The same question answered from the file's bytes keeps nothing. (Left as it is if a PySide6
    version answers it otherwise.)"""
    feature = sys.modules.get("shibokensupport.feature")
    asks = getattr(feature, "_mod_uses_pyside", None)
    if asks is None or getattr(asks, "reads_bytes", False):
        return

    def uses_pyside(module: ModuleType) -> bool:
        path = getattr(module, "__file__", None)
        if not isinstance(path, str) or not path.endswith(".py"):
            return asks(module)
        try:
            with open(path, "rb") as source:
                return b"PySide6" in source.read()
        except OSError:
            return asks(module)

    uses_pyside.reads_bytes = True  # type: ignore[attr-defined]
    feature._mod_uses_pyside = uses_pyside  # type: ignore[union-attr]


_read_sources_without_keeping_them()
