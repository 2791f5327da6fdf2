"""What a register's list shows first: the columns for the officer's question (its description says which), and
the mark on a deadline (expired, ending soon, overdue) a list row carries."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from app.services.registers.register_rules import Mark
from app.services.registers.specs import spec_of

__all__ = ["Mark", "default_columns", "row_mark"]


def default_columns(register: str, available: list[str]) -> list[str]:
    """The default columns of a register that its list can show, in order."""
    wanted = spec_of(register).shown
    if not wanted:
        return available
    return [name for name in wanted if name in available]


def row_mark(register: str, values: Mapping[str, Any], today: dt.date | None = None) -> Mark | None:
    """The deadline mark of a list row (display values by field name), if its record needs attention."""
    mark = spec_of(register).mark
    return mark(values, today or dt.date.today()) if mark is not None else None
