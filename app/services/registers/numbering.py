"""Registration numbers: the next number of a year, after an office's pattern or the one a register's numbers follow.

A pattern is text with two places: ``{year}`` and ``{seq}`` (the running number of the year; ``{seq:02}`` pads it to
two digits), e.g. ``XA-{year}/{seq:02}`` → ``XA-2026/01``, ``XA-2026/02`` … A pattern without ``{year}`` numbers
across the years. Given no pattern, the register's own numbers of the year show it (``XA-2026/01`` gives
``XA-{year}/{seq:02}``); in a year without numbers yet, the latest number's pattern starts the year at 1.
Agreements use it; letters and correspondence will too (any register with a number column).
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from app.services.registers.specs import spec_of

_PLACE = re.compile(r"\{(year|seq)(?::(\d+))?\}")
_DIGITS = re.compile(r"\d+")
_YEARS = range(1900, 2200)


@dataclass(frozen=True)
class _Number:
    """An existing number read as a pattern: its year (if it holds one) and its running number."""

    pattern: str
    year: int | None
    seq: int
    padded: bool  # written with leading zeros (05)
    width: int


def _escape(text: str) -> str:
    return text.replace("{", "{{").replace("}", "}}")


def _read(number: str) -> _Number | None:
    """`number` as a pattern with its year and running number, or None when it holds no running number."""
    runs = list(_DIGITS.finditer(number))
    year_run = next((run for run in runs if len(run.group()) == 4 and int(run.group()) in _YEARS), None)
    seq_run = next((run for run in reversed(runs) if run is not year_run), None)
    if seq_run is None:
        return None
    pieces, position = [], 0
    for run in sorted((r for r in (year_run, seq_run) if r is not None), key=lambda r: r.start()):
        pieces.append(_escape(number[position : run.start()]))
        pieces.append("{year}" if run is year_run else "{seq}")
        position = run.end()
    pieces.append(_escape(number[position:]))
    digits = seq_run.group()
    year = int(year_run.group()) if year_run is not None else None
    return _Number("".join(pieces), year, int(digits), digits.startswith("0") and len(digits) > 1, len(digits))


def format_number(pattern: str, *, year: int, seq: int) -> str:
    """The number `seq` of `year` written after `pattern`."""
    return pattern.format(year=year, seq=seq)


def _matcher(pattern: str, year: int) -> re.Pattern[str]:
    """A regular expression that finds the running number in numbers written after `pattern` in `year`."""
    parts, position = [], 0
    for place in _PLACE.finditer(pattern):
        parts.append(re.escape(pattern[position : place.start()].replace("{{", "{").replace("}}", "}")))
        parts.append(str(year) if place.group(1) == "year" else r"(?P<seq>\d+)")
        position = place.end()
    parts.append(re.escape(pattern[position:].replace("{{", "{").replace("}}", "}")))
    return re.compile("^" + "".join(parts) + "$")


def infer_pattern(numbers: Iterable[str], *, year: int) -> str | None:
    """The pattern the `numbers` (newest last) follow in `year` — the commonest among that year's, else the newest
    number's — with the padding they use; None when no number has a running number."""
    read = [found for found in (_read(number.strip()) for number in numbers if number) if found is not None]
    if not read:
        return None
    of_year = [found for found in read if found.year == year]
    if of_year:
        counts = Counter(found.pattern for found in of_year)
        newest = {found.pattern: i for i, found in enumerate(of_year)}
        pattern = max(counts, key=lambda p: (counts[p], newest[p]))
    else:
        pattern = read[-1].pattern
    alike = [found for found in read if found.pattern == pattern]
    width = max((found.width for found in alike if found.padded), default=0)
    return pattern.replace("{seq}", f"{{seq:0{width}}}") if width else pattern


def next_number(numbers: Iterable[str], *, year: int, pattern: str | None = None) -> str | None:
    """The number after `numbers` (the register's existing ones, newest last) in `year`: after `pattern` when the
    office set one, else after the pattern the numbers follow; None when neither says how numbers look."""
    numbers = [number.strip() for number in numbers if number and number.strip()]
    pattern = pattern or infer_pattern(numbers, year=year)
    if not pattern:
        return None
    matcher = _matcher(pattern, year)
    taken = set(numbers)
    seqs = [int(match["seq"]) for match in map(matcher.match, numbers) if match and match.groupdict().get("seq")]
    seq = max(seqs, default=0) + 1
    while format_number(pattern, year=year, seq=seq) in taken:
        seq += 1
    return format_number(pattern, year=year, seq=seq)


def suggest_number(
    register: str, *, year: int | None = None, pattern: str | None = None, column: str = "reg_number"
) -> str | None:
    """The next registration number of `register` in `year` (this year by default), for a new record's form: after
    `pattern` (an office's own, e.g. from the registry's settings) or the pattern of the register's numbers."""
    spec = spec_of(register)
    model = spec.model
    field = getattr(model, column)
    year = year or dt.date.today().year
    query = model.select(field).where(field.is_null(False) & (field != ""))
    if spec.date_field is not None:  # newest last: by date, then as entered
        query = query.order_by(getattr(model, spec.date_field).asc(nulls="FIRST"), model.id)
    else:
        query = query.order_by(model.id)
    return next_number((row[0] for row in query.tuples()), year=year, pattern=pattern)
