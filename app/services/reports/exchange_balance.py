"""The book exchange balance: per partner and year, what was sent and received (books, periodicals, electronic), the
balance (received less sent) and the running balance over the years up to that one."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

import peewee as pw

from app.i18n import current_language
from app.models import BookExchange, Partner
from app.text.names import localized_name

#: The kinds of items counted, in the order shown.
ITEM_KINDS = ("books", "periodicals", "electronic")


@dataclass
class Counts:
    """Items of each kind."""

    books: int = 0
    periodicals: int = 0
    electronic: int = 0

    @property
    def total(self) -> int:
        return self.books + self.periodicals + self.electronic

    def add(self, other: Counts) -> None:
        self.books += other.books
        self.periodicals += other.periodicals
        self.electronic += other.electronic


@dataclass
class BalanceRow:
    """One partner's exchange in one year (or, with `year` None, in all the years together)."""

    partner_id: int | None  # None: the totals of every partner
    partner: str
    year: int | None
    sent: Counts = field(default_factory=Counts)
    received: Counts = field(default_factory=Counts)
    running: int = 0  # the balance of every year up to and including this one

    @property
    def balance(self) -> int:
        """Items received less items sent: positive when the partner gave more than it got."""
        return self.received.total - self.sent.total


def _year_of(value: object) -> int:
    return value.year if isinstance(value, dt.date) else int(str(value)[:4])


def exchange_balance(*, partner_ids: Iterable[int] | None = None, language: str | None = None) -> list[BalanceRow]:
    """Every partner's balance per year (years with no exchange left out), ordered by partner name then year,
    with the running balance over the years."""
    language = language or current_language()
    year = pw.fn.SUBSTR(BookExchange.exchanged_on.cast("TEXT"), 1, 4)
    query = BookExchange.select(
        BookExchange.partner, year.alias("year"), BookExchange.direction,
        pw.fn.SUM(BookExchange.books), pw.fn.SUM(BookExchange.periodicals), pw.fn.SUM(BookExchange.electronic),
    ).group_by(BookExchange.partner, year, BookExchange.direction)  # fmt: skip
    if partner_ids is not None:
        query = query.where(BookExchange.partner.in_(list(partner_ids)))
    rows: dict[tuple[int, int], BalanceRow] = {}
    for partner_id, year_text, direction, books, periodicals, electronic in query.tuples():
        key = (partner_id, int(year_text))
        row = rows.setdefault(key, BalanceRow(partner_id, "", int(year_text)))
        counts = Counts(int(books or 0), int(periodicals or 0), int(electronic or 0))
        (row.sent if direction == "sent" else row.received).add(counts)
    names = {
        partner.id: localized_name(partner, "name", language)
        for partner in Partner.select().where(Partner.id.in_({partner_id for partner_id, _year in rows}))
    }
    ordered = sorted(rows.values(), key=lambda r: (names.get(r.partner_id, "").casefold(), r.partner_id, r.year))
    running: dict[int | None, int] = {}
    for row in ordered:
        row.partner = names.get(row.partner_id, "")
        running[row.partner_id] = running.get(row.partner_id, 0) + row.balance
        row.running = running[row.partner_id]
    return ordered


def balance_of_year(year: int, *, language: str | None = None) -> tuple[list[BalanceRow], BalanceRow]:
    """The partners' rows of one year (with their running balance up to its end) and the year's totals row, whose
    running balance counts every partner's balance up to the year's end (also of those with no exchange that year)."""
    rows: list[BalanceRow] = []
    total = BalanceRow(None, "", year)
    latest: dict[int | None, int] = {}
    for row in exchange_balance(language=language):
        if row.year is not None and row.year <= year:
            latest[row.partner_id] = row.running
        if row.year == year:
            rows.append(row)
            total.sent.add(row.sent)
            total.received.add(row.received)
    total.running = sum(latest.values())
    return rows, total
