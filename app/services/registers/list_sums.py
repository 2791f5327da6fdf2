"""The figures a list's status line shows, as a spreadsheet's status bar does: how many rows, and the sums of its
counts and amounts (money per currency), for the selected rows or else the whole filtered list."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from decimal import Decimal

import peewee as pw

from app.i18n import _, format_money, format_number
from app.services.registers.list_query import ListQuery, build_select

#: Ids per query when summing a selection (well under every database's limit of parameters).
CHUNK = 5000


@dataclass
class ListSums:
    """The count of rows and each summed column's total ('Books' → 1 250; 'Amount' → 'USD 5,000; EUR 200')."""

    count: int = 0
    totals: list[tuple[str, str]] = field(default_factory=list)

    def text(self) -> str:
        """The figures as the status line writes them."""
        parts = [_("Count: {count}").format(count=format_number(self.count))]
        parts += [_("{label}: {total}").format(label=label, total=total) for label, total in self.totals]
        return "   ".join(parts)


def list_sums(query: ListQuery, fields: Sequence[str], ids: Sequence[int] | None = None) -> ListSums:
    """The figures of the list (`ids`: only those selected rows), for the summed columns among `fields`."""
    spec = query.spec
    model = spec.model
    summed = [spec.field(name) for name in spec.summed if name in fields]
    chunks: list[ListQuery] = (
        [replace(query, only_ids=list(ids[i : i + CHUNK])) for i in range(0, len(ids), CHUNK)]
        if ids is not None
        else [query]
    )
    count = 0
    numbers: dict[str, int] = defaultdict(int)
    money: dict[str, dict[str, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    plain = [fs for fs in summed if not fs.kind.per_currency]
    for part in chunks:
        columns = [pw.fn.COUNT(model.id), *(pw.fn.SUM(model._meta.fields[fs.name]) for fs in plain)]
        row = build_select(part, ordered=False, columns=columns).tuples().get()
        count += row[0] or 0
        for fs, total in zip(plain, row[1:], strict=True):
            numbers[fs.name] += int(total or 0)
        for fs in summed:
            if not fs.kind.per_currency:
                continue
            currency = model._meta.fields[fs.currency]
            amount = model._meta.fields[fs.name]
            select = build_select(part, ordered=False, columns=[currency, pw.fn.SUM(amount)])
            for code, total in select.where(amount.is_null(False)).group_by(currency).tuples():
                money[fs.name][code or ""] += Decimal(str(total or 0))
    totals = []
    for fs in summed:
        if fs.kind.per_currency:
            by_currency = sorted(money.get(fs.name, {}).items())
            if by_currency:
                totals.append((_(fs.label), "; ".join(format_money(total, code) for code, total in by_currency)))
        else:
            totals.append((_(fs.label), format_number(numbers[fs.name])))
    return ListSums(count, totals)
