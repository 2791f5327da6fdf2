"""The correspondence register's rules (numbers unique per year and direction, reply links, dates, approvals), the
journal's next number, replies due, and visit members' personal data kept out of lists, exports and the log."""

from __future__ import annotations

import datetime as dt

import pytest
from openpyxl import load_workbook

from app.models import DelegationVisit, Letter, Partner
from app.models.base import ChangeLog
from app.services import registry_settings
from app.services.correspondence.journal import letters_concerning, next_journal_number, replies_due, suggest_number
from app.services.dashboard import attention
from app.services.registers.list_export import export_list
from app.services.registers.list_query import ListQuery, select_ids
from app.services.registers.records import InvalidValues, load_values, save_values, validate

DAY = dt.date(2019, 3, 1)


def letter(**changes) -> dict:  # noqa: ANN003
    values = {"direction": "outgoing", "kind": "letter", "our_number": "01-12/1", "our_date": DAY,
              "subject": "Invitation of the delegation", "status": "sent"}  # fmt: skip
    values.update(changes)
    return values


@pytest.mark.parametrize(
    ("pattern", "used", "expected"),
    [
        ("01-12/{seq}", [], "01-12/1"),
        ("01-12/{seq}", ["01-12/7", "01-12/12", "01-12/9", "02-01/40", "x"], "01-12/13"),
        ("{year}/{seq:03}", ["2019/004", "2018/099"], "2019/005"),
        ("", ["3", "8"], "9"),
        ("XA-{year}", ["XA-2019/2"], "XA-2019/3"),
    ],
)
def test_the_journal_numbers_from_its_pattern(pattern: str, used: list[str], expected: str) -> None:
    assert next_journal_number(pattern, used, year=2019) == expected


def test_numbers_are_unique_per_year_and_direction(database) -> None:  # noqa: ANN001
    save_values("correspondence", letter())
    assert "our_number" in validate("correspondence", letter())
    assert validate("correspondence", letter(direction="incoming")) == {}
    assert validate("correspondence", letter(our_date=dt.date(2020, 1, 10))) == {}
    with pytest.raises(InvalidValues) as refused:
        save_values("correspondence", letter(subject="Another"))
    assert "already has this number" in refused.value.errors["our_number"]
    first = Letter.get()
    assert validate("correspondence", letter(subject="Changed"), record_id=first.id) == {}


def test_the_next_outgoing_number_follows_the_registry_pattern(database) -> None:  # noqa: ANN001
    assert suggest_number(on=DAY) == "01-12/1"
    save_values("correspondence", letter(our_number="01-12/41"))
    save_values("correspondence", letter(our_number="01-12/5", direction="incoming"))
    assert suggest_number(on=DAY) == "01-12/42"
    assert suggest_number(direction="incoming", on=DAY) == "01-12/6"
    assert suggest_number(on=dt.date(2020, 1, 1)) == "01-12/1"
    registry_settings.put({"number_pattern.correspondence": "{year}-{seq:03}"})
    assert suggest_number(on=DAY) == "2019-001"


def test_a_reply_goes_the_other_way_and_is_not_older(database) -> None:  # noqa: ANN001
    incoming = save_values("correspondence", letter(direction="incoming", our_number="112", reply_due=DAY))
    same_way = save_values("correspondence", letter(direction="incoming", our_number="113"))
    older = save_values("correspondence", letter(our_number="01-12/2", our_date=dt.date(2019, 2, 1)))
    answer = save_values("correspondence", letter(our_number="01-12/3", our_date=dt.date(2019, 3, 4)))
    values, _version = load_values("correspondence", incoming)

    def problem(reply: int) -> str:
        return validate("correspondence", {**values, "replied_by": reply}, record_id=incoming)["replied_by"]

    assert "other way" in problem(same_way)
    assert "before" in problem(older)
    assert "own reply" in problem(incoming)
    save_values("correspondence", {**values, "replied_by": answer, "status": "answered"}, record_id=incoming)
    assert Letter.get_by_id(incoming).replied_by.id == answer
    assert replies_due(dt.date(2019, 3, 10)) == []


def test_dates_of_a_letter_keep_their_order(database) -> None:  # noqa: ANN001
    errors = validate("correspondence", letter(reply_due=dt.date(2019, 2, 1), their_date=dt.date(2019, 3, 5)))
    assert set(errors) == {"reply_due", "our_date"}


def test_an_approval_letter_concerns_its_agreement(database) -> None:  # noqa: ANN001
    assert "concerns" in validate("correspondence", letter(approval="sent"))
    egypt = Partner.create(name_en="National Library of Egypt")
    agreement = save_values("agreements", {"title": {"en": "Draft with Egypt"}, "kind": "mou", "status": "draft",
                                           "parties": [egypt.id]})  # fmt: skip
    saved = save_values("correspondence", letter(approval="sent", concerns=[("agreements", agreement)]))
    assert [line.letter_id for line in letters_concerning("agreements", agreement)] == [saved]


def test_replies_due_and_overdue_are_on_the_dashboard(database) -> None:  # noqa: ANN001
    today = dt.date(2019, 12, 1)
    due = save_values("correspondence", letter(our_number="01-12/9", reply_due=dt.date(2019, 12, 10)))
    late = save_values("correspondence", letter(our_number="01-12/8", reply_due=dt.date(2019, 11, 20)))
    save_values("correspondence", letter(our_number="01-12/7", reply_due=dt.date(2019, 11, 1), status="closed"))
    save_values("correspondence", letter(our_number="01-12/6", reply_due=dt.date(2020, 3, 1)))
    items = [(item.kind, item.record_id, item.days) for item in attention(today) if item.register == "correspondence"]
    assert items == [("reply", late, -11), ("reply", due, 9)]


def test_a_search_finds_a_letter_by_its_correspondent_in_another_script(database) -> None:  # noqa: ANN001
    ministry = Partner.create(name_ru="Министерство культуры Республики Узбекистан", kind="government_body",
                              country="UZ")  # fmt: skip
    found = save_values("correspondence", letter(partner=ministry.id, subject="Проект соглашения"))
    assert list(select_ids(ListQuery("correspondence", search="ministerstvo kultury"))) == [found]
    assert list(select_ids(ListQuery("correspondence", search="proekt"))) == [found]


def test_members_personal_data_stays_in_the_form(database, tmp_path) -> None:  # noqa: ANN001
    visit = save_values("visits", {"title": "Delegation of the National Library of Korea", "arrived_on": DAY,
                                   "countries": ["KR"], "members": [
                                       ("Kim Min-jun", "Director", "KR", "M12345678", dt.date(1975, 6, 1)),
                                       ("Lee Ji-eun", "Librarian", None, "", None)]})  # fmt: skip
    values, version = load_values("visits", visit)
    assert values["members"][0] == ("Kim Min-jun", "Director", "KR", "M12345678", dt.date(1975, 6, 1))
    members = [(m[0], m[1]) for m in values["members"]]  # as an import gives them: names and positions
    save_values("visits", {**values, "members": members, "title": "Delegation of Korea"}, record_id=visit,
                version=version)  # fmt: skip
    assert load_values("visits", visit)[0]["members"][0][3] == "M12345678"  # kept
    target = tmp_path / "visits.xlsx"
    export_list(query=ListQuery("visits"), fields=["title", "members"], path=target)
    cells = " ".join(str(c.value) for row in load_workbook(target).active.iter_rows() for c in row)
    assert "Kim Min-jun" in cells and "M12345678" not in cells and "1975" not in cells
    log = " ".join(entry.changes for entry in ChangeLog.select())
    assert "Kim Min-jun" in log and "M12345678" not in log and "1975" not in log
    problem = validate("visits", {**values, "members": [("Kim", "", "KR", "", "31.02.1970")]})
    assert "date of birth" in problem["members"]
    assert DelegationVisit.get_by_id(visit).title == "Delegation of Korea"
