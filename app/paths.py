"""Where Hamkor's resources and translations are: in a source checkout, an installed copy, or a frozen build."""

from __future__ import annotations

import sys
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent


def _find(name: str) -> Path:
    """The folder `name`: beside the package in a source checkout, inside it when installed or frozen."""
    candidates = [_PACKAGE.parent / name, _PACKAGE / name]
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        candidates.insert(0, Path(frozen) / name)
    for candidate in candidates:
        if candidate.is_dir():
            return candidate
    return candidates[-1]


def resources_dir() -> Path:
    """The folder of icons, fonts and sample files."""
    return _find("resources")


def translations_dir() -> Path:
    """The folder of the gettext catalogs (<lang>/LC_MESSAGES/messages.mo)."""
    return _find("translations")
