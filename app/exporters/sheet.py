"""What a workbook is asked to hold: its sheets, their columns and rows, and what was written (no spreadsheet library
needed to say it: the list's copy and its export describe their columns alike)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class Column:
    """A column of the sheet: its header, the kind of its values and the widest it may grow (characters).

    Kinds: text, label (Hamkor's own words), date, datetime (a moment: date and time), int (a number such as a
    year), count and money (summed under the table), number, bool, currency (beside money)."""

    header: str
    kind: str = "text"
    width: float | None = None


@dataclass
class Sheet:
    """One sheet: a name, title lines above the table, the columns and the rows (typed values)."""

    name: str
    title: str
    info: Sequence[str]
    columns: Sequence[Column]
    rows: Iterable[Sequence[Any]]
    total: int | None = None  # how many rows will come (for progress)
    totals: bool = True  # a total row under the summable columns (count, money)


@dataclass
class ExportResult:
    """What was written: rows, and how many cells had to be cleaned of control characters or shortened."""

    path: Path
    rows: int = 0
    cleaned: int = 0
    shortened: int = 0
    sheets: list[str] = field(default_factory=list)
