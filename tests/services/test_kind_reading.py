"""Every kind of field says how its values are read from outside, and both readers (an imported workbook's cells,
the sample's data) can read it that way; a workbook's cells read through the kinds as the officer writes them."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from app.services.imports.reader import ValueReader
from app.services.imports.values import CellProblem
from app.services.registers.kinds import KINDS
from app.services.registers.specs import spec_of
from app.services.sample.loader import _Loader


class _Asked:
    """A reader that only says which of its readings a kind asked for."""

    def __getattr__(self, reading: str):  # noqa: ANN204
        return lambda *_arguments: reading


@pytest.mark.parametrize("name", sorted(KINDS))
def test_each_kind_is_read_by_a_reading_both_readers_have(name: str) -> None:
    kind = KINDS[name]
    readings = {kind.read_cell(None, part, "x", _Asked()) for part in ("", "currency")}
    for reading in readings:
        assert callable(getattr(ValueReader, reading, None)), (name, reading)
        assert callable(getattr(_Loader, reading, None)), (name, reading)


def test_cells_are_read_as_their_fields_kinds_say(database) -> None:  # noqa: ANN001
    reader = ValueReader("events")
    events = spec_of("events")
    assert reader.read(events.field("title"), "ru", "Книжная ярмарка") == ("ru", "Книжная ярмарка")
    assert reader.read(events.field("title"), "", "Book fair")[1] == "Book fair"
    assert reader.read(events.field("start_on"), "", dt.datetime(2019, 5, 3)) == dt.date(2019, 5, 3)
    assert reader.read(events.field("participants_total"), "", "120") == 120
    assert reader.read(events.field("country"), "", "Korea") == "KR"
    assert reader.read(events.field("countries"), "", "Latvia; Lithuania") == ["LV", "LT"]
    with pytest.raises(CellProblem):
        reader.read(events.field("start_on"), "", "not a date")
    funding = spec_of("funding")
    money = funding.field("amount")
    amount, _currency = reader.read(money, "", "1 500.50")
    assert amount == Decimal("1500.50")
    assert reader.read(money, "currency", "EUR") == "EUR"
    with pytest.raises(CellProblem):
        reader.read(money, "currency", "pebbles")
