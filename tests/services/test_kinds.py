"""Each kind of field on its own: the descriptions made of kind objects, checking a value, a record written and read
back through every kind, the values shown, the sort and filter SQL run on a real database, and the copied and
exported cells."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import openpyxl
import pytest

from app.models import DelegationVisit, Department, Event, Partner, ProtocolGift
from app.services.registers.column_filters import ColumnFilter
from app.services.registers.column_values import column_values
from app.services.registers.kinds import KINDS, ChildTable, Kind, Money, Year, kind_named
from app.services.registers.list_copy import copied_rows
from app.services.registers.list_export import export_list
from app.services.registers.list_query import ListQuery, select_ids
from app.services.registers.list_rows import fetch_rows
from app.services.registers.records import InvalidValues, empty_values, load_values, save_values, validate
from app.services.registers.specs import SPECS, FieldSpec, RegisterSpec, spec_of


def test_every_field_holds_a_kind_object_and_every_many_valued_field_names_its_child_table() -> None:
    assert set(KINDS) == {"text", "multiline", "email", "url", "names", "date", "int", "money", "bool", "choice",
                          "country", "link", "links", "countries", "members", "records"}  # fmt: skip
    for spec in SPECS.values():
        assert isinstance(spec, RegisterSpec)
        for fs in (*spec.fields, *spec.extra_filters):
            assert isinstance(fs.kind, Kind), (spec.name, fs.name)
            assert fs.kind is KINDS[fs.kind.name]  # one object per kind
            if fs.kind.many:
                assert isinstance(fs.child, ChildTable), (spec.name, fs.name)
                assert fs.child.parent_field.rel_model is spec.model
                assert fs.child.model._meta.fields[fs.child.value] is not None
            else:
                assert fs.child is None
                model_columns = spec.model._meta.columns
                assert all(column in model_columns for column in fs.columns), (spec.name, fs.name)
            if fs.link:
                assert fs.target is SPECS[fs.link]


def test_a_kind_is_named_once_and_a_many_valued_field_without_its_table_is_refused() -> None:
    assert kind_named("date") is KINDS["date"] is kind_named(KINDS["date"])
    with pytest.raises(KeyError):
        kind_named("colour")
    with pytest.raises(ValueError, match="child table"):
        FieldSpec("guests", "Guests", "links", link="partners")


@pytest.mark.parametrize(
    ("register", "field", "value", "problem"),
    [
        ("partners", "email", "not an address", "Not an e-mail address (name@example.org)."),
        ("partners", "website", "no such thing", "Not a web address (https://example.org)."),
        ("partners", "city", "x" * 101, "At most 100 characters."),
        ("partners", "name", {"uz": " ", "ru": "", "en": "", "orig": ""}, "Enter the name in at least one language."),
        ("partners", "name", {"uz": "x" * 5000, "ru": "", "en": "", "orig": ""}, None),
        ("partners", "country", "XX", "Unknown country."),
        ("partners", "kind", "", "Required."),
        ("events", "participants_total", -1, "At least 0."),
        ("events", "participants_total", 2_147_483_648, "At most 2147483647."),
        ("events", "participants_total", "many", "Enter a whole number."),
        ("events", "countries", ["UZ", "XX"], "Unknown country."),
        ("visits", "countries", [], "Add at least one."),
        ("gifts", "value", (Decimal(-1), "USD"), "The amount cannot be negative."),
        ("gifts", "value", (Decimal(5), "dollars"), "Choose the currency."),
        ("gifts", "value", ("five", "USD"), "Enter an amount, such as 1500.00."),
        ("gifts", "value", (None, "USD"), None),
        ("visits", "members", [("", "Director")], "Every member needs a name."),
        ("visits", "members", [("Ann Lee", "Director", "XX", "", None)], "Ann Lee: unknown citizenship."),
        ("plan", "fulfilled_by", [("events", 999_999)], "A linked record no longer exists."),
    ],
)
def test_each_kind_checks_its_values(database, register: str, field: str, value: object, problem: str | None) -> None:  # noqa: ANN001
    values = empty_values(register)
    values[field] = value
    assert validate(register, values).get(field) == problem


def test_a_registers_own_rules_come_from_its_description(database) -> None:  # noqa: ANN001
    values = empty_values("events")
    values.update(participants_total=10, participants_foreign=11)
    assert validate("events", values)["participants_foreign"] == "More foreign participants than participants in all."
    assert [rule.__name__ for rule in spec_of("events").rules] == ["event_rules"]
    assert spec_of("partners").rules == ()


def _partner(name: str, country: str = "UZ") -> int:
    values = empty_values("partners")
    values.update(name={"uz": "", "ru": "", "en": name, "orig": ""}, kind="university", country=country)
    return save_values("partners", values)


def test_a_record_goes_through_every_kind_and_comes_back_as_written(any_database) -> None:  # noqa: ANN001
    department = Department.create(name_en="Foreign relations", kind="department", language="uz")
    first, second = _partner("Seoul National Library", "KR"), _partner("Library of Congress", "US")
    event = empty_values("events")
    event.update(
        title={"uz": "Kitob", "ru": "Книга", "en": "Book fair", "orig": ""},
        kind="conference", start_on=dt.date(2024, 5, 2), end_on=dt.date(2024, 5, 4), status="held",
        place="library", country="uz", city=" Tashkent ", partners=[(first, "organiser"), (second, "partner")],
        countries=["kr", "US"], department=department.id, participants_total=120, participants_foreign=12,
    )  # fmt: skip
    event_id = save_values("events", event)
    stored, version = load_values("events", event_id)
    assert version == 1
    assert stored["title"] == {"uz": "Kitob", "ru": "Книга", "en": "Book fair", "orig": ""}
    assert stored["country"] == "UZ" and stored["city"] == "Tashkent"  # codes upper case, text trimmed
    assert stored["countries"] == ["KR", "US"]
    assert stored["partners"] == [(first, "organiser"), (second, "partner")]
    assert stored["department"] == department.id and stored["participants_total"] == 120

    visit = empty_values("visits")
    visit.update(title="Delegation of Korea", arrived_on=dt.date(2024, 6, 1), countries=["KR"],
                 members=[("Kim Min", "Director", "KR", "M123", dt.date(1970, 1, 2)), ("Lee Su", "", None, "", None)])
    visit_id = save_values("visits", visit)
    assert load_values("visits", visit_id)[0]["members"][0] == ("Kim Min", "Director", "KR", "M123",
                                                                  dt.date(1970, 1, 2))  # fmt: skip
    stored_visit, version = load_values("visits", visit_id)
    stored_visit["members"] = [("Kim Min", "Director"), ("Lee Su", "Deputy")]  # an import: names and positions
    save_values("visits", stored_visit, record_id=visit_id, version=version)
    assert load_values("visits", visit_id)[0]["members"] == [
        ("Kim Min", "Director", "KR", "M123", dt.date(1970, 1, 2)), ("Lee Su", "Deputy", None, "", None)]  # fmt: skip

    gift = empty_values("gifts")
    gift.update(given_on=dt.date(2024, 6, 2), direction="received", item="Vase", kind="souvenir",
                value=(Decimal("150.50"), "USD"), partner=first, visit=visit_id, declared=True)  # fmt: skip
    gift_id = save_values("gifts", gift)
    assert load_values("gifts", gift_id)[0]["value"] == (Decimal("150.50"), "USD")
    assert ProtocolGift.get_by_id(gift_id).currency == "USD"

    plan = empty_values("plan")
    plan.update(year=2024, activity="event", description="A book fair", status="done",
                fulfilled_by=[("events", event_id), ("visits", visit_id)])  # fmt: skip
    plan_id = save_values("plan", plan)
    assert load_values("plan", plan_id)[0]["fulfilled_by"] == [("events", event_id), ("visits", visit_id)]

    shown = fetch_rows("events", [event_id], ["title", "kind", "country", "countries", "partners", "department",
                                               "participants_total", "start_on"], "en")[event_id]  # fmt: skip
    assert shown == ["Book fair", "Conference", "Uzbekistan", "South Korea; United States",
                     "Seoul National Library; Library of Congress", "Foreign relations", 120, dt.date(2024, 5, 2)]
    gift_row = fetch_rows("gifts", [gift_id], ["value", "declared", "visit"], "en")[gift_id]
    assert gift_row == [Money(Decimal("150.50"), "USD"), True, "Delegation of Korea"]
    assert fetch_rows("plan", [plan_id], ["year", "fulfilled_by"], "en")[plan_id] == [
        Year(2024), "Event: Book fair; Delegation visit: Delegation of Korea"]  # fmt: skip


def test_a_bad_value_is_refused_and_nothing_is_written(database) -> None:  # noqa: ANN001
    values = empty_values("partners")
    values.update(name={"uz": "", "ru": "", "en": "X", "orig": ""}, kind="university", email="nobody")
    with pytest.raises(InvalidValues) as refused:
        save_values("partners", values)
    assert set(refused.value.errors) == {"email"}
    assert Partner.select().count() == 0


def test_sorting_and_filtering_by_each_kind_on_the_database(any_database) -> None:  # noqa: ANN001
    korea, usa, uzbek = _partner("Beta", "KR"), _partner("Alpha", "US"), _partner("Gamma", "UZ")
    Partner.update(kind="archive_museum").where(Partner.id == usa).execute()
    dates = {korea: dt.date(2024, 3, 1), usa: dt.date(2023, 1, 5), uzbek: dt.date(2024, 9, 9)}
    for partner, day in dates.items():
        Event.create(title_en=f"Event {partner}", start_on=day, country=Partner.get_by_id(partner).country,
                     participants_total=partner * 10)  # fmt: skip

    def ids(register: str, **query: object) -> list[int]:
        return list(select_ids(ListQuery(register, **query), "en"))

    by_name = [Partner.get_by_id(i).name_en for i in ids("partners", order=("name", False))]
    assert by_name == ["Alpha", "Beta", "Gamma"]  # names
    countries = [Partner.get_by_id(i).country for i in ids("partners", order=("country", False))]
    assert countries == ["KR", "US", "UZ"]  # South Korea, United States, Uzbekistan: by the countries' names
    kinds = [Partner.get_by_id(i).kind for i in ids("partners", order=("kind", False))]
    assert kinds == ["archive_museum", "university", "university"]  # choices: by their labels
    events = ids("events", order=("start_on", False))
    assert [Event.get_by_id(i).start_on for i in events] == sorted(dates.values())  # dates
    assert ids("events", column_filters={"start_on": ColumnFilter(low=dt.date(2024, 1, 1))}) == ids(
        "events", column_filters={"participants_total": ColumnFilter(values=frozenset({korea * 10, uzbek * 10}))})
    assert ids("partners", filters={"country": "US"}) == [usa]  # a country
    assert ids("partners", column_filters={"kind": ColumnFilter(values=frozenset({"archive_museum"}))}) == [usa]
    values, empty = column_values(ListQuery("events"), "country", "en")
    assert [(value.value, value.text, value.count) for value in values] == [
        ("KR", "South Korea", 1), ("US", "United States", 1), ("UZ", "Uzbekistan", 1)]  # fmt: skip
    assert empty == 0


def test_links_are_sorted_filtered_and_listed_by_the_linked_records_names(any_database) -> None:  # noqa: ANN001
    korea, usa = _partner("Seoul Library", "KR"), _partner("Boston Library", "US")
    for title, parties in (("One", [korea]), ("Two", [usa]), ("Three", [korea, usa])):
        values = empty_values("agreements")
        values.update(title={"uz": "", "ru": "", "en": title, "orig": ""}, kind="agreement", parties=parties,
                      status="in_force")  # fmt: skip
        save_values("agreements", values)
        exchange = empty_values("exchange")
        exchange.update(exchanged_on=dt.date(2024, 1, len(title)), partner=parties[-1], direction="sent")
        save_values("exchange", exchange)
    ordered = list(select_ids(ListQuery("exchange", order=("partner", False))))
    rows = fetch_rows("exchange", ordered, ["partner"])
    by_partner = [rows[i][0] for i in ordered]
    assert sorted(by_partner) == by_partner == ["Boston Library", "Boston Library", "Seoul Library"]
    with_korea = ListQuery("agreements", column_filters={"parties": ColumnFilter(values=frozenset({korea}))})
    titles = {row[0] for row in fetch_rows("agreements", list(select_ids(with_korea)), ["title"]).values()}
    assert titles == {"One", "Three"}
    parties, _empty = column_values(ListQuery("agreements"), "parties", "en")
    assert [(value.text, value.count) for value in parties] == [("Boston Library", 2), ("Seoul Library", 2)]
    assert list(select_ids(ListQuery("agreements", filters={"party_kind": "university"}))) != []


def test_copied_and_exported_cells_follow_each_kind(database, tmp_path) -> None:  # noqa: ANN001, ANN001
    partner = _partner("Seoul National Library", "KR")
    gift = empty_values("gifts")
    gift.update(given_on=dt.date(2024, 6, 2), direction="received", item="Vase\twith\nlines", kind="souvenir",
                value=(Decimal("150.50"), "USD"), partner=partner, declared=True, quantity=3)  # fmt: skip
    save_values("gifts", gift)
    fields = ["given_on", "item", "quantity", "value", "partner", "declared"]
    copied = copied_rows(ListQuery("gifts"), fields)
    header, line = copied.text.splitlines()
    assert header.split("\t") == ["Date", "Gift", "Quantity", "Value", "Currency", "Partner", "Declared"]
    cells = line.split("\t")  # an ISO date, one line of text, plain numbers, the currency apart, words for yes
    assert cells[:3] + [Decimal(cells[3])] + cells[4:] == [
        "2024-06-02", "Vase with lines", "3", Decimal("150.5"), "USD", "Seoul National Library", "Yes"]  # fmt: skip
    path = tmp_path / "gifts.xlsx"
    export_list(query=ListQuery("gifts"), fields=fields, path=path, organisation="Library")
    sheet = openpyxl.load_workbook(path).active
    rows = [tuple(row) for row in sheet.iter_rows(values_only=True)]
    header = rows.index(next(row for row in rows if row[0] == "Date"))
    assert rows[header][:7] == ("Date", "Gift", "Quantity", "Value", "Currency", "Partner", "Declared")
    written = rows[header + 1]
    assert written[0] in (dt.datetime(2024, 6, 2), dt.date(2024, 6, 2))
    assert written[2:7] == (3, Decimal("150.5") if isinstance(written[3], Decimal) else 150.5, "USD",
                            "Seoul National Library", "Yes")  # fmt: skip


def test_a_kind_is_an_object_not_its_name() -> None:
    assert KINDS["money"] != "money" and KINDS["money"].name == "money"
    visit_members = spec_of("visits").field("members")
    assert visit_members.kind.many and not visit_members.kind.listed and DelegationVisit is spec_of("visits").model
