"""Agreements' life cycle without bookkeeping: the status follows the dates, automatic renewals roll over.

Rules (a term's end date is its last day in force):
- an agreement in force whose term ended (valid until < today) is expired — unless it renews automatically and no
  notice was given before that end: then it runs for another `renewal_years`, as many times as needed;
- notice given on or before a term's notice deadline (end − notice days) stops the renewal at that term's end;
  notice given later stops it at the end of the next term;
- years are added on the calendar: a term ending on 29 February ends on 28 February in a year without one.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from types import SimpleNamespace

from app.i18n import _, format_date
from app.models import Agreement, db
from app.models.base import current_user, set_current_user
from app.models.choices import AGREEMENT_STATUSES

logger = logging.getLogger(__name__)

#: The name the change log shows for changes the life cycle makes by itself.
SYSTEM_USER = "hamkor"


def add_years(day: dt.date, years: int) -> dt.date:
    """The same day `years` later (28 February for a 29 February in a year without one)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


@dataclass(frozen=True)
class Term:
    """Where an agreement stands on a given day."""

    status: str
    ends_on: dt.date | None  # the current term's last day (None: open-ended, or not in force)
    notice_deadline: dt.date | None  # the last day to give notice against the next renewal (None: none due)


def term_on(agreement: Agreement, today: dt.date) -> Term:
    """The agreement's status, current term end and next notice deadline on `today` (a plain row with only some of
    the columns will do: a missing status counts as in force, missing notice as none)."""
    status = getattr(agreement, "status", "in_force")
    if status != "in_force":
        return Term(status, agreement.valid_until, None)
    end = agreement.valid_until
    if end is None:
        return Term("in_force", None, None)
    renews = bool(agreement.auto_renewal and agreement.renewal_years)
    notice_days = getattr(agreement, "notice_days", None) or 0
    anchor, renewals = end, 0  # every term end is counted from the first: 29 February comes back in leap years
    while end < today:
        if not renews or _notice_stops(agreement, end, notice_days):
            return Term("expired", end, None)
        renewals += 1
        end = add_years(anchor, renewals * agreement.renewal_years)
    if not renews or _notice_stops(agreement, end, notice_days):
        return Term("in_force", end, None)
    return Term("in_force", end, end - dt.timedelta(days=notice_days))


def _notice_stops(agreement: Agreement, end: dt.date, notice_days: int) -> bool:
    """Whether the notice given stops the renewal at the term ending on `end`."""
    given = getattr(agreement, "notice_given_on", None)
    return given is not None and given <= end - dt.timedelta(days=notice_days)


def status_from_dates(values: dict, today: dt.date) -> tuple[str, str] | None:
    """The status an agreement's dates call for (a form's values: signed, valid until, renewal) and the sentence that
    says why, or None when they call for none: a signed agreement is in force until its term ends; a terminated one,
    and one not signed yet, keep the status the officer gave."""
    status, signed = values.get("status"), values.get("signed_on")
    if status == "terminated" or not isinstance(signed, dt.date) or signed > today:
        return None
    until = values.get("valid_until")
    terms = SimpleNamespace(
        status="in_force",
        valid_until=until if isinstance(until, dt.date) else None,
        auto_renewal=values.get("auto_renewal") is True,
        renewal_years=values.get("renewal_years") if isinstance(values.get("renewal_years"), int) else None,
        notice_days=values.get("notice_days") if isinstance(values.get("notice_days"), int) else None,
        notice_given_on=values.get("notice_given_on") if isinstance(values.get("notice_given_on"), dt.date) else None,
    )
    term = term_on(terms, today)
    label = _(AGREEMENT_STATUSES.label(term.status))
    if term.status == "expired":
        ended = format_date(term.ends_on)
        why = _("Status set to “{status}”: its term ended on {date}.").format(status=label, date=ended)
    else:
        why = _("Status set to “{status}”: it was signed on {date}.").format(status=label, date=format_date(signed))
    return term.status, why


def apply_lifecycle(today: dt.date | None = None) -> dict[str, int]:
    """Store the status of agreements whose last term has ended (expired, with that term's end); each change is
    logged as Hamkor's. Automatically renewed agreements keep their first term's end: their current term is
    computed (term_on), so that no date drifts."""
    today = today or dt.date.today()
    changed = {"expired": 0}
    may_end = ~Agreement.auto_renewal | Agreement.renewal_years.is_null() | Agreement.notice_given_on.is_null(False)
    candidates = Agreement.select().where(  # renewing without notice: never ends, nothing to store
        (Agreement.status == "in_force")
        & Agreement.valid_until.is_null(False)
        & (Agreement.valid_until < today)
        & may_end
    )
    officer = current_user()
    set_current_user(SYSTEM_USER)
    try:
        with db.atomic():
            for agreement in candidates:
                term = term_on(agreement, today)
                if term.status == "expired":  # renewed ones keep their first term's end: the rest is computed
                    agreement.status = "expired"
                    agreement.valid_until = term.ends_on  # the end of the term it actually ran to
                    agreement.save()
                    changed["expired"] += 1
    finally:
        set_current_user(officer)
    if any(changed.values()):
        logger.info("life cycle on %s: %s", today, changed)
    return changed
