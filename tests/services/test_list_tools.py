"""The list's spreadsheet tools without widgets: column filters, sort levels, sums, copied rows and bulk edit."""

from __future__ import annotations

import datetime as dt

from app.models import Agreement, BookExchange, Funding
from app.models.base import ChangeLog
from app.services.registers.bulk_edit import read_versions, set_field
from app.services.registers.column_filters import ColumnFilter, search_values
from app.services.registers.column_values import column_values, listed_values
from app.services.registers.list_copy import copied_rows
from app.services.registers.list_query import ListQuery, select_ids
from app.services.registers.list_sums import list_sums
from app.text.search_keys import search_key


def test_column_values_count_the_rows_the_other_filters_leave(any_database, load_sample) -> None:  # noqa: ANN001
    load_sample()
    query = ListQuery("agreements")
    statuses, empty = column_values(query, "status")
    assert sum(v.count for v in statuses) + empty == Agreement.select().count()
    query.column_filters["status"] = ColumnFilter(values=frozenset({"in_force"}))
    in_force = Agreement.select().where(Agreement.status == "in_force").count()
    assert len(select_ids(query)) == in_force
    kinds, _empty = column_values(query, "kind")
    assert sum(v.count for v in kinds) == in_force  # counted within the other column's filter
    statuses_again, _ = column_values(query, "status")  # its own filter set aside
    assert {v.value for v in statuses_again} == {v.value for v in statuses}


def test_a_partner_value_is_found_in_any_script_and_filters_many_valued_columns(any_database, load_sample) -> None:  # noqa: ANN001
    load_sample()
    query = ListQuery("agreements")
    parties, _empty = column_values(query, "parties")
    korea = search_values(parties, "Корея")
    assert korea and all("Korea" in v.text for v in korea)
    query.column_filters["parties"] = ColumnFilter(values=frozenset({korea[0].value}))
    assert len(select_ids(query)) == korea[0].count


def test_date_and_number_ranges_and_empty_cells(any_database, load_sample) -> None:  # noqa: ANN001
    load_sample()
    query = ListQuery("agreements")
    query.column_filters["signed_on"] = ColumnFilter(low=dt.date(2019, 1, 1), high=dt.date(2019, 12, 31))
    expected = Agreement.select().where(Agreement.signed_on.between(dt.date(2019, 1, 1), dt.date(2019, 12, 31)))
    assert set(select_ids(query)) == {a.id for a in expected}
    query.column_filters["signed_on"] = ColumnFilter(values=frozenset(), empty=True)
    assert set(select_ids(query)) == {a.id for a in Agreement.select().where(Agreement.signed_on.is_null())}
    exchange = ListQuery("exchange", column_filters={"books": ColumnFilter(low=50)})
    assert set(select_ids(exchange)) == {e.id for e in BookExchange.select().where(BookExchange.books >= 50)}


def test_two_sort_levels(any_database, load_sample) -> None:  # noqa: ANN001
    load_sample()
    query = ListQuery("agreements", order=("kind", False), more_orders=[("signed_on", True)])
    query.column_filters["signed_on"] = ColumnFilter(low=dt.date(1900, 1, 1))  # where empty dates go differs by SQL
    ids = list(select_ids(query))
    records = {a.id: a for a in Agreement.select()}
    keys = [(records[i].kind, -records[i].signed_on.toordinal()) for i in ids]
    labels = {"agreement": 0, "memorandum_cooperation": 1, "mou": 2}  # English labels' order
    assert [(labels.get(k, 9), d) for k, d in keys] == sorted((labels.get(k, 9), d) for k, d in keys)


def test_sums_of_the_list_and_of_a_selection_money_per_currency(any_database, load_sample) -> None:  # noqa: ANN001
    load_sample()
    exchange = ListQuery("exchange")
    sums = list_sums(exchange, ["books", "periodicals"])
    assert sums.count == BookExchange.select().count()
    assert dict(sums.totals)["Books"] == f"{sum(e.books or 0 for e in BookExchange.select()):,}"
    first_two = list(select_ids(exchange))[:2]
    picked = list_sums(exchange, ["books"], ids=first_two)
    assert picked.count == 2
    assert dict(picked.totals)["Books"] == f"{sum(BookExchange.get_by_id(i).books or 0 for i in first_two):,}"
    funding = dict(list_sums(ListQuery("funding"), ["amount"]).totals)["Amount"]
    currencies = {f.currency for f in Funding.select() if f.amount is not None}
    assert len(funding.split("; ")) == len(currencies)


def test_copied_rows_have_a_header_and_values_a_spreadsheet_reads(any_database, load_sample) -> None:  # noqa: ANN001
    load_sample()
    query = ListQuery("funding")
    copied = copied_rows(query, ["title", "amount", "awarded_on"])
    lines = copied.text.splitlines()
    assert lines[0] == "Title\tAmount\tCurrency\tAwarded on"
    assert len(lines) == 1 + Funding.select().count() == 1 + copied.rows
    first = Funding.get_by_id(select_ids(query)[0])
    assert lines[1].split("\t")[1:] == [
        str(first.amount) if first.amount is not None else "", first.currency if first.amount is not None else "",
        first.awarded_on.isoformat() if first.awarded_on else "",
    ]  # fmt: skip
    assert "<th>Currency</th>" in copied.html and copied.html.count("<tr>") == len(lines)


def test_bulk_edit_changes_the_valid_records_once_each_and_reports_the_others(any_database, load_sample) -> None:  # noqa: ANN001
    load_sample()
    ids = [a.id for a in Agreement.select().order_by(Agreement.id).limit(4)]
    versions = read_versions("agreements", ids)
    stale = Agreement.get_by_id(ids[0])
    stale.notes = "changed by someone else"
    stale.save()
    logged = ChangeLog.select().count()
    result = set_field("agreements", versions, "status", "terminated")
    assert result.changed == ids[1:]
    assert [(i, reason) for i, _label, reason in result.failed] == [(ids[0], "Someone else changed it meanwhile.")]
    assert {Agreement.get_by_id(i).status for i in ids[1:]} == {"terminated"}
    assert ChangeLog.select().count() == logged + 3
    bad = set_field("agreements", read_versions("agreements", ids[1:2]), "status", None)
    assert bad.changed == [] and "Status: Required." in bad.failed[0][2]


def test_a_long_column_lists_its_first_values_and_the_database_finds_the_others(any_database, load_sample) -> None:  # noqa: ANN001
    load_sample()
    query = ListQuery("agreements")
    every, empty = column_values(query, "parties")
    first = listed_values(query, "parties", limit=3)
    assert not first.complete and len(first.values) == 3 and first.empty == empty
    assert {v.value for v in first.values} <= {v.value for v in every}
    counts = {v.value: v.count for v in every}
    assert all(v.count == counts[v.value] for v in first.values)  # counted over the whole list, not the first rows
    later = next(v for v in every if v.value not in {f.value for f in first.values})
    kept = listed_values(query, "parties", limit=3, chosen=[later.value])  # a filter reopened keeps its values
    assert later in kept.values
    for text in ("Корея", "Koreya", "KOREA"):  # the search goes to the database, any script
        found = listed_values(query, "parties", search=text, limit=3)
        expected = search_values(every, text)
        assert len(found.values) == min(3, len(expected)) and set(found.values) <= set(expected)
        assert found.complete == (len(expected) <= 3) and found.empty is None
    whole = listed_values(query, "parties", search="Korea", limit=None)
    assert whole.complete and whole.values == search_values(every, "Korea")
    titles = listed_values(query, "title", search="library", limit=2)  # the register's own keys narrow a text
    assert titles.values and all("librari" in search_key(v.text) for v in titles.values)
