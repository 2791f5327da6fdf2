"""Finding the tables of a sheet as offices draw them: header bands of one to three rows with merged cells, number
columns, title lines above, totals, notes and signatures below, several tables one under another.

Works on the sheet's non-blank rows as plain values (`grid`: (row number, values)) and its merged ranges; no
openpyxl here. A header band is the run of up to three rows whose cells, merged cells read as one and the texts of a
column joined top to bottom ("Контакты / Телефон"), name the most fields of a register (`matchers`). The rows under
it, up to the next band, are its records, except blank rows, rows holding only a number, totals ("Итого", "Jami"),
section and note lines (one cell merged across the table) and whatever follows a signature line. A merged value that
spans several data rows fills each of them, unless the rows are one record split in two (a Word table pasted into
Excel: a cell of several paragraphs becomes several rows, the other cells merged over them), which are joined.
The work is proportional to the rows in use, whatever ranges the file declares.
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from app.services.imports.words import in_list, starts_with_word

#: A parts-matcher: the joined texts of a column's header → the field it names, or None.
Matcher = Callable[[Sequence[str]], "str | None"]
Merge = tuple[int, int, int, int]  # first row, first column, last row, last column (1-based, as Excel)

#: Rows searched for the first header.
TOP_ROWS = 30
#: Rows a header band may have.
BAND_ROWS = 3
#: Cells that merged ranges may fill (a crafted file cannot make the import do more).
MAX_FILLED = 2_500_000
_SIGNATURE_LINE = re.compile(r"_{3,}|\.{6,}")


class Cancelled(Exception):
    """Raised when the `cancelled` callback says so."""


@dataclass
class Table:
    """One table of a sheet: its header band, the joined headers, the records, and what was left out and why."""

    header_rows: list[int]
    headers: list[str]
    scores: dict[str, int]
    rows: list[tuple[int, list[Any]]] = field(default_factory=list)
    number_columns: set[int] = field(default_factory=set)
    context: list[str] = field(default_factory=list)  # the texts above the header (the sheet's title lines)
    left_out: list[tuple[int, str]] = field(default_factory=list)  # (row, "total" | "section" | "signature")

    @property
    def header_row(self) -> int:
        """The band's last row."""
        return self.header_rows[-1]


def header_text(value: Any) -> str:
    """A header cell as text."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    return " ".join(str(value).split())


def _is_text(value: Any) -> bool:
    return isinstance(value, str) and bool(value.strip())


class _Merges:
    """The sheet's merged ranges, indexed by their first row (for header bands) and kept for the data rows."""

    def __init__(self, merged: Sequence[Merge]) -> None:
        self.all = [m for m in merged if m[0] <= m[2] and m[1] <= m[3]]
        self.by_first_row: dict[int, list[Merge]] = {}
        for merge in self.all:
            self.by_first_row.setdefault(merge[0], []).append(merge)

    def wide(self, row: int) -> bool:
        """Whether a range starting in `row` spans several columns."""
        return any(m[3] > m[1] for m in self.by_first_row.get(row, ()))


def _band_texts(
    rows: dict[int, list[Any]], band: Sequence[int], merges: _Merges, width: int
) -> list[list[str]]:
    """For each column, the band's texts top to bottom, merged cells read as one, repeats dropped."""
    grid = []
    for row in band:
        texts = [header_text(v) for v in (rows.get(row) or [])[:width]]
        grid.append(texts + [""] * (width - len(texts)))
    first, last = band[0], band[-1]
    for row in band:
        for r1, c1, r2, c2 in merges.by_first_row.get(row, ()):
            text = grid[row - first][c1 - 1] if c1 - 1 < width else ""
            for r in range(r1, min(r2, last) + 1):
                for c in range(c1 - 1, min(c2, width)):
                    if not grid[r - first][c]:
                        grid[r - first][c] = text
    columns: list[list[str]] = []
    for c in range(width):
        parts: list[str] = []
        for line in grid:
            if line[c] and (not parts or parts[-1] != line[c]):
                parts.append(line[c])
        columns.append(parts)
    return columns


def _score(columns: list[list[str]], matcher: Matcher) -> tuple[int, list[str | None]]:
    keys = [matcher(parts) if parts and not _is_number_header(parts) else None for parts in columns]
    return len({key for key in keys if key}), keys


def _is_number_header(parts: Sequence[str]) -> bool:
    return bool(parts) and all(in_list("number_headers", part) for part in parts)


def _consecutive(start: int, length: int, present: set[int]) -> list[int] | None:
    band = list(range(start, start + length))
    return band if all(r in present for r in band) else None


def _best_band(
    row: int, rows: dict[int, list[Any]], merges: _Merges, matchers: dict[str, Matcher], width: int, floor: int
) -> tuple[list[int], dict[str, int]] | None:
    """The band of up to three rows around `row` (from `floor` on) that names the most fields of some register."""
    present = set(rows)
    best: tuple[int, int, list[int], dict[str, int]] | None = None
    for start in range(max(floor, row - BAND_ROWS + 1), row + 1):
        for length in range(1, BAND_ROWS + 1):
            band = _consecutive(start, length, present)
            if band is None or row not in band:
                continue
            columns = _band_texts(rows, band, merges, width)
            scores = {name: _score(columns, matcher)[0] for name, matcher in matchers.items()}
            top = max(scores.values(), default=0)
            if best is None or top > best[0] or (top == best[0] and length < best[1]):
                best = (top, length, band, scores)
    if best is None or best[0] == 0:
        return None
    band, scores = best[2], best[3]
    # a group heading above ("Контакты" over "Телефон" and "E-mail") belongs to the band even when it names nothing
    while len(band) < BAND_ROWS and band[0] - 1 in present and band[0] - 1 >= floor and merges.wide(band[0] - 1):
        above = rows[band[0] - 1]
        spans = [m for m in merges.by_first_row.get(band[0] - 1, ()) if m[3] > m[1]]
        texts = [v for v in above if _is_text(v)]
        covers_all = any(m[1] <= 1 and m[3] >= width for m in spans)
        if covers_all or len(texts) == 0:
            break
        band = [band[0] - 1, *band]
    return band, scores


def _row_score(values: list[Any], matchers: dict[str, Matcher]) -> int:
    texts = [[header_text(v)] for v in values if _is_text(v)]
    if not texts:
        return 0
    return max((_score(texts, matcher)[0] for matcher in matchers.values()), default=0)


def find_tables(
    grid: list[tuple[int, list[Any]]],
    merged: Sequence[Merge],
    matchers: dict[str, Matcher],
    *,
    header_row: int | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> list[Table]:
    """Every table of the sheet whose header names a field of one of `matchers`' registers, in sheet order.

    With `header_row`, one table whose band ends in that row.
    """
    rows = dict(grid)
    numbers = [number for number, _values in grid]
    merges = _Merges(merged)
    width = max((len(values) for _n, values in grid), default=0)
    bands: list[tuple[list[int], dict[str, int]]] = []
    if header_row is not None:
        found = _best_band(header_row, rows, merges, matchers, width, 1) if header_row in rows else None
        if found is not None:
            band = [r for r in found[0] if r <= header_row]
            bands.append((band, found[1]))
    else:
        floor = 1
        previous: int | None = None
        ended = False
        for index, number in enumerate(numbers):
            if index % 2000 == 0 and cancelled is not None and cancelled():
                raise Cancelled()
            if number < floor:
                previous = number
                continue
            eligible = number <= TOP_ROWS or previous is None or number - previous > 1 or ended
            previous = number
            if not eligible:
                continue
            score = _row_score(rows[number], matchers)
            needed = 1 if not bands and number <= TOP_ROWS else 2
            ended = _ends_table(rows[number])
            if score < needed and not (bands == [] and number <= TOP_ROWS and score >= 1):
                continue
            found = _best_band(number, rows, merges, matchers, width, floor)
            if found is None or max(found[1].values()) < needed:
                continue
            bands.append(found)
            floor = found[0][-1] + 1
            ended = False
    tables: list[Table] = []
    for index, (band, scores) in enumerate(bands):
        end = bands[index + 1][0][0] if index + 1 < len(bands) else None
        table = _table(band, scores, rows, numbers, merges, width, end, matchers, cancelled)
        start = bands[index - 1][0][-1] if index else 0
        table.context = [
            header_text(v) for n in numbers if start < n < band[0] for v in rows[n] if _is_text(v)
        ]
        tables.append(table)
    return tables


def _ends_table(values: list[Any]) -> bool:
    texts = [header_text(v) for v in values if v is not None]
    return bool(texts) and len(texts) <= 2 and (
        any(_SIGNATURE_LINE.search(t) for t in texts) or starts_with_word("signatures", texts[0])
    )


def _table(
    band: list[int],
    scores: dict[str, int],
    rows: dict[int, list[Any]],
    numbers: list[int],
    merges: _Merges,
    width: int,
    end: int | None,
    matchers: dict[str, Matcher],
    cancelled: Callable[[], bool] | None,
) -> Table:
    columns = _band_texts(rows, band, merges, width)
    headers = [" / ".join(parts) for parts in columns]
    while headers and not headers[-1]:
        headers.pop()
    table = Table(header_rows=band, headers=headers, scores=scores)
    table.number_columns = {c for c, parts in enumerate(columns[: len(headers)]) if _is_number_header(parts)}
    first = bisect.bisect_right(numbers, band[-1])
    last = bisect.bisect_left(numbers, end) if end is not None else len(numbers)
    data = [(n, list(rows[n][: len(headers)])) for n in numbers[first:last]]
    covered = _covered(data, merges, len(headers), cancelled)
    stopped = False
    records: list[tuple[int, list[Any]]] = []
    for number, values in data:
        written = [header_text(v) for v in values if v is not None and header_text(v)]
        for column in table.number_columns:
            if column < len(values):
                values[column] = None
        own = [c for c, v in enumerate(values) if v is not None and not (isinstance(v, str) and not v.strip())]
        if stopped:
            if own:
                table.left_out.append((number, "signature"))
            continue
        if not own:  # blank, or only a number, or only cells merged from above: nothing of its own
            continue
        texts = [header_text(values[c]) for c in own]
        if _ends_table(values):
            stopped = True
            table.left_out.append((number, "signature"))
            continue
        if starts_with_word("totals", written[0]):
            table.left_out.append((number, "total"))
            continue
        if len(own) == 1 and (merges.wide(number) and len(headers) > 1 or texts[0].startswith("*")):
            table.left_out.append((number, "section"))
            continue
        _join_or_fill(records, number, values, covered.get(number, {}), table.number_columns)
    table.rows = [(n, _trimmed(v)) for n, v in records if any(x is not None for x in v)]
    return table


def _trimmed(values: list[Any]) -> list[Any]:
    while values and values[-1] is None:
        values.pop()
    return values


def _covered(
    data: list[tuple[int, list[Any]]], merges: _Merges, width: int, cancelled: Callable[[], bool] | None
) -> dict[int, dict[int, Any]]:
    """Row → {column: value} of the cells that a range merged over several rows gives to the table's rows.

    Each range costs a binary search plus the table rows it covers; the total is bounded by MAX_FILLED.
    """
    if not data:
        return {}
    numbers = [n for n, _v in data]
    values_of = dict(data)
    lo, hi = numbers[0], numbers[-1]
    found: dict[int, dict[int, Any]] = {}
    filled = 0
    for index, (r1, c1, r2, _c2) in enumerate(merges.all):
        if index % 1000 == 0 and cancelled is not None and cancelled():
            raise Cancelled()
        if r2 <= r1 or r2 < lo or r1 > hi or c1 > width:
            continue
        top = values_of.get(r1)
        value = top[c1 - 1] if top is not None and c1 - 1 < len(top) else None
        if value is None:
            continue
        start = bisect.bisect_right(numbers, r1)
        stop = bisect.bisect_right(numbers, r2)
        for number in numbers[start:stop]:
            found.setdefault(number, {})[c1 - 1] = value
            filled += 1
        if filled > MAX_FILLED:
            break
    return found


def _join_or_fill(
    records: list[tuple[int, list[Any]]],
    number: int,
    values: list[Any],
    covered: dict[int, Any],
    number_columns: set[int],
) -> None:
    """A row under merged cells: the rest of the record above (most of its cells merged from it), or a record
    of its own that takes the merged values."""
    useful = {c for c in covered if c not in number_columns}
    if records and useful:
        above = records[-1][1]
        filled = [c for c, v in enumerate(above) if v is not None and c not in number_columns]
        if filled and len(useful & set(filled)) * 2 >= len(filled):
            for c, value in enumerate(values):
                if value is None or c in covered:
                    continue
                while len(above) <= c:
                    above.append(None)
                above[c] = value if above[c] is None else f"{above[c]}\n{value}"
            return
    for c, value in covered.items():
        while len(values) <= c:
            values.append(None)
        if values[c] is None and c not in number_columns:
            values[c] = value
    if any(v is not None for v in values):
        records.append((number, values))
