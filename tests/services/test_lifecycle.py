"""Agreements' life cycle on the edge dates: leap days, the day of expiry, notice before and after the deadline, and
what `apply_lifecycle` stores and logs."""

from __future__ import annotations

import datetime as dt
import json

import peewee as pw
import pytest

from app.models import Agreement, AgreementParty, Partner
from app.models.base import ChangeLog, current_user
from app.services.lifecycle import SYSTEM_USER, Term, add_years, apply_lifecycle, term_on

D = dt.date


def agreement(**values: object) -> Agreement:
    """An agreement in force with one partner; `values` override the terms."""
    partner = Partner.get_or_none(Partner.name_en == "National Library of Latvia") or Partner.create(
        name_en="National Library of Latvia", kind="national_library", country="LV"
    )
    fields = {"title_en": "Memorandum of cooperation", "status": "in_force", "signed_on": D(2019, 1, 10)} | values
    created = Agreement.create(**fields)
    AgreementParty.create(agreement=created, partner=partner)
    return created


@pytest.mark.parametrize(
    ("day", "years", "expected"),
    [
        (D(2024, 2, 29), 1, D(2025, 2, 28)),
        (D(2024, 2, 29), 4, D(2028, 2, 29)),
        (D(2024, 2, 29), 100, D(2124, 2, 29)),
        (D(2023, 2, 28), 1, D(2024, 2, 28)),
        (D(2025, 12, 31), 3, D(2028, 12, 31)),
    ],
)
def test_years_are_added_on_the_calendar(day: dt.date, years: int, expected: dt.date) -> None:
    assert add_years(day, years) == expected


def test_a_term_ending_on_the_leap_day_renews_to_28_february_by_one_year(database: pw.Database) -> None:
    leap = agreement(valid_until=D(2024, 2, 29), auto_renewal=True, renewal_years=1, notice_days=30)
    term = term_on(leap, D(2024, 3, 1))
    assert (term.status, term.ends_on) == ("in_force", D(2025, 2, 28))
    assert term.notice_deadline == D(2025, 1, 29)


def test_a_term_ending_on_the_leap_day_renews_to_29_february_by_four_years(database: pw.Database) -> None:
    leap = agreement(valid_until=D(2024, 2, 29), auto_renewal=True, renewal_years=4, notice_days=30)
    assert term_on(leap, D(2024, 3, 1)).ends_on == D(2028, 2, 29)
    assert term_on(leap, D(2028, 2, 29)).ends_on == D(2028, 2, 29)  # its last day
    assert term_on(leap, D(2028, 3, 1)).ends_on == D(2032, 2, 29)


def test_yearly_renewals_return_to_the_leap_day_in_a_leap_year(database: pw.Database) -> None:
    leap = agreement(valid_until=D(2024, 2, 29), auto_renewal=True, renewal_years=1)
    assert term_on(leap, D(2027, 3, 1)).ends_on == D(2028, 2, 29)


def test_on_the_day_of_expiry_it_is_still_in_force_and_not_yet_renewed(database: pw.Database) -> None:
    renewing = agreement(valid_until=D(2026, 6, 30), auto_renewal=True, renewal_years=2, notice_days=60)
    term = term_on(renewing, D(2026, 6, 30))
    assert (term.status, term.ends_on, term.notice_deadline) == ("in_force", D(2026, 6, 30), D(2026, 5, 1))
    next_day = term_on(renewing, D(2026, 7, 1))
    assert (next_day.status, next_day.ends_on, next_day.notice_deadline) == ("in_force", D(2028, 6, 30), D(2028, 5, 1))


def test_renewals_roll_over_as_many_times_as_needed(database: pw.Database) -> None:
    renewing = agreement(valid_until=D(2010, 6, 30), auto_renewal=True, renewal_years=3, notice_days=0)
    term = term_on(renewing, D(2026, 1, 10))
    assert (term.status, term.ends_on, term.notice_deadline) == ("in_force", D(2028, 6, 30), D(2028, 6, 30))


def test_without_automatic_renewal_the_day_after_the_end_it_is_expired(database: pw.Database) -> None:
    fixed = agreement(valid_until=D(2026, 6, 30))
    assert term_on(fixed, D(2026, 6, 30)) == term_on(fixed, D(2026, 1, 1))
    assert (term_on(fixed, D(2026, 6, 30)).status, term_on(fixed, D(2026, 6, 30)).notice_deadline) == ("in_force", None)
    expired = term_on(fixed, D(2026, 7, 1))
    assert (expired.status, expired.ends_on, expired.notice_deadline) == ("expired", D(2026, 6, 30), None)


def test_automatic_renewal_without_a_period_does_not_renew(database: pw.Database) -> None:
    odd = agreement(valid_until=D(2026, 6, 30), auto_renewal=False, renewal_years=2)
    assert term_on(odd, D(2026, 7, 1)).status == "expired"


def test_open_ended_and_other_statuses(database: pw.Database) -> None:
    assert term_on(agreement(valid_until=None), D(2090, 1, 1)) == Term("in_force", None, None)
    draft = agreement(status="draft", valid_until=D(2020, 1, 1))
    assert (term_on(draft, D(2026, 1, 1)).status, term_on(draft, D(2026, 1, 1)).ends_on) == ("draft", D(2020, 1, 1))
    terminated = agreement(status="terminated", valid_until=D(2030, 1, 1))
    assert term_on(terminated, D(2026, 1, 1)).status == "terminated"


@pytest.mark.parametrize("given", [D(2026, 3, 1), D(2026, 5, 1)])  # well before, and on the deadline itself
def test_notice_given_by_the_deadline_stops_the_renewal_at_the_term_end(database: pw.Database, given: dt.date) -> None:
    stopped = agreement(
        valid_until=D(2026, 6, 30), auto_renewal=True, renewal_years=2, notice_days=60, notice_given_on=given
    )
    term = term_on(stopped, D(2026, 6, 30))
    assert (term.status, term.ends_on, term.notice_deadline) == ("in_force", D(2026, 6, 30), None)
    after = term_on(stopped, D(2026, 7, 1))
    assert (after.status, after.ends_on) == ("expired", D(2026, 6, 30))


def test_notice_given_after_the_deadline_stops_the_renewal_one_term_later(database: pw.Database) -> None:
    late = agreement(
        valid_until=D(2026, 6, 30),
        auto_renewal=True,
        renewal_years=2,
        notice_days=60,
        notice_given_on=D(2026, 5, 2),  # a day after the deadline of 1 May
    )
    before = term_on(late, D(2026, 6, 30))
    assert (before.status, before.ends_on) == ("in_force", D(2026, 6, 30))
    renewed = term_on(late, D(2026, 7, 1))
    assert (renewed.status, renewed.ends_on, renewed.notice_deadline) == ("in_force", D(2028, 6, 30), None)
    assert term_on(late, D(2028, 6, 30)).status == "in_force"
    stopped = term_on(late, D(2028, 7, 1))
    assert (stopped.status, stopped.ends_on) == ("expired", D(2028, 6, 30))


def test_apply_lifecycle_stores_expired_ones_and_logs_them_as_hamkor(database: pw.Database) -> None:
    fixed = agreement(valid_until=D(2025, 12, 31))
    renewing = agreement(valid_until=D(2025, 12, 31), auto_renewal=True, renewal_years=1, notice_days=30)
    stopped = agreement(
        valid_until=D(2025, 12, 31), auto_renewal=True, renewal_years=1, notice_days=30, notice_given_on=D(2025, 9, 1)
    )
    running = agreement(valid_until=D(2026, 1, 10))  # ends today: nothing to do yet
    open_ended = agreement(valid_until=None)
    draft = agreement(status="draft", valid_until=D(2020, 1, 1))
    assert current_user() == "tester"

    assert apply_lifecycle(D(2026, 1, 10)) == {"expired": 2}

    stored = {a.id: (a.status, a.valid_until) for a in Agreement.select()}
    assert stored[fixed.id] == ("expired", D(2025, 12, 31))
    assert stored[renewing.id] == ("in_force", D(2025, 12, 31))  # its first term's end stays; the rest is computed
    assert term_on(Agreement.get_by_id(renewing.id), D(2026, 1, 10)).ends_on == D(2026, 12, 31)
    assert stored[stopped.id] == ("expired", D(2025, 12, 31))
    assert stored[running.id] == ("in_force", D(2026, 1, 10))
    assert stored[open_ended.id] == ("in_force", None)
    assert stored[draft.id] == ("draft", D(2020, 1, 1))
    assert current_user() == "tester"  # the officer is the author of changes again
    updates = list(ChangeLog.select().where(ChangeLog.action == "update").order_by(ChangeLog.record_id))
    assert [(log.record_id, log.changed_by) for log in updates] == [
        (fixed.id, SYSTEM_USER),
        (stopped.id, SYSTEM_USER),
    ]
    assert json.loads(updates[0].changes)["status"] == ["in_force", "expired"]
    assert Agreement.get_by_id(fixed.id).updated_by == SYSTEM_USER

    assert apply_lifecycle(D(2026, 1, 10)) == {"expired": 0}  # nothing left to do
    assert ChangeLog.select().where(ChangeLog.action == "update").count() == 2


def test_a_renewing_agreement_runs_on_over_several_missed_terms(database: pw.Database) -> None:
    renewing = agreement(valid_until=D(2020, 3, 31), auto_renewal=True, renewal_years=2)
    assert apply_lifecycle(D(2026, 1, 10)) == {"expired": 0}
    stored = Agreement.get_by_id(renewing.id)
    assert (stored.status, stored.valid_until) == ("in_force", D(2020, 3, 31))
    assert term_on(stored, D(2026, 1, 10)).ends_on == D(2026, 3, 31)


def test_apply_lifecycle_stores_the_end_of_the_last_term_of_an_agreement_that_expired_after_renewing(
    database: pw.Database,
) -> None:
    late = agreement(
        valid_until=D(2024, 6, 30), auto_renewal=True, renewal_years=1, notice_days=60, notice_given_on=D(2024, 6, 1)
    )
    assert term_on(late, D(2026, 1, 10)) == Term("expired", D(2025, 6, 30), None)  # it ran one more term
    apply_lifecycle(D(2026, 1, 10))
    assert (Agreement.get_by_id(late.id).status, Agreement.get_by_id(late.id).valid_until) == (
        "expired",
        D(2025, 6, 30),
    )


def test_the_dates_of_a_form_suggest_the_status_and_say_why() -> None:
    from app.services.lifecycle import status_from_dates

    today = dt.date(2026, 3, 20)
    signed = {"status": "draft", "signed_on": dt.date(2026, 3, 15), "effective_from": dt.date(2026, 4, 1)}
    explained = "Status set to “Signed, in force”: it was signed on 15/03/2026."
    assert status_from_dates(signed, today) == ("in_force", explained)
    assert status_from_dates({**signed, "status": "in_force"}, today) == ("in_force", explained)
    assert status_from_dates({**signed, "status": "terminated"}, today) is None  # the officer's word stands
    assert status_from_dates({"status": "negotiation", "signed_on": None}, today) is None  # not signed yet
    assert status_from_dates({**signed, "signed_on": dt.date(2026, 5, 1)}, today) is None  # to be signed later
    ended = {**signed, "status": "in_force", "signed_on": dt.date(2020, 1, 1), "valid_until": dt.date(2025, 12, 31)}
    assert status_from_dates(ended, today) == ("expired", "Status set to “Expired”: its term ended on 31/12/2025.")
    renewing = {**ended, "auto_renewal": True, "renewal_years": 1, "notice_days": 30}
    assert status_from_dates(renewing, today)[0] == "in_force"  # it rolled over: still in force
