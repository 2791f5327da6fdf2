"""The two ways a list's rows are read agree: by id (the screen, a print) and in one pass (an export)."""

from __future__ import annotations

import pytest

from app.models import DelegationVisit, VisitMember
from app.services.registers.list_query import ListQuery, registers, select_ids
from app.services.registers.list_rows import fetch_rows, stream_rows


@pytest.mark.parametrize("language", ["en", "uz-Cyrl", "ru"])
def test_streamed_rows_are_the_rows_shown_by_id_for_every_register(any_database, load_sample, language: str) -> None:  # noqa: ANN001
    load_sample()
    visit = DelegationVisit.select().first()
    for name in ['Said "Ali"; \x1e [1,2]', "Ольга Петрова", "Oʻgʻiloy Rahimova"]:  # stored order, odd text kept
        VisitMember.create(visit=visit, full_name=name)
    for spec in registers():
        fields = [fs.name for fs in spec.list_fields]  # every field a list can show, hidden ones included
        query = ListQuery(spec.name, order=(spec.default_order[0], True))
        ids = list(select_ids(query, language))
        by_id = fetch_rows(spec.name, ids, fields, language)
        streamed = list(stream_rows(query, fields, language, batch=7))  # several batches
        assert streamed == [by_id[i] for i in ids], spec.name
    members = ListQuery("visits", order=("id", False))
    rows = dict(zip(select_ids(members), stream_rows(members, ["members"], language), strict=True))
    assert rows[visit.id][0].endswith('Said "Ali"; \x1e [1,2]; Ольга Петрова; Oʻgʻiloy Rahimova')


def test_a_search_streams_only_the_matches_in_the_lists_order(any_database, load_sample) -> None:  # noqa: ANN001
    load_sample()
    query = ListQuery("agreements", search="kutubxona")
    fields = ["reg_number", "parties", "signed_on"]
    streamed = list(stream_rows(query, fields))
    ids = list(select_ids(query))
    assert 0 < len(streamed) == len(ids)
    by_id = fetch_rows("agreements", ids, fields)
    assert streamed == [by_id[i] for i in ids]


def test_years_are_numbers_shown_without_grouped_digits(database) -> None:  # noqa: ANN001
    from app.i18n import set_language
    from app.models import PlanItem
    from app.services.registers.list_rows import value_text

    item = PlanItem.create(year=2019, quarter=2, kind="event", description="Round table")
    set_language("ru")
    year, quarter = fetch_rows("plan", [item.id], ["year", "quarter"])[item.id]
    assert year == 2019 and isinstance(year, int)  # Excel gets a number
    assert value_text(year) == "2019" and value_text(12500) == "12\u00a0500"


def test_a_person_is_headed_full_name_and_an_old_name_column_still_imports(database) -> None:  # noqa: ANN001
    from app.i18n import set_language
    from app.services.imports.mapping import match_header
    from app.services.registers.specs import spec_of

    set_language("ru")
    assert _label(spec_of("contacts").field("full_name").label) == "ФИО"
    for header in ("Full name", "ФИО", "F.I.Sh.", "Name", "Наименование", "Nomi"):
        assert match_header("contacts", header) == "full_name", header


def _label(msgid: str) -> str:
    from app.i18n import _

    return _(msgid)
