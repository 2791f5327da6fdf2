"""The checks some registers make of a form's values beyond each field's own (an agreement's registration number and
renewal, an event's participants, a letter's number, reply and approval), and the marks their list rows carry on
deadlines (an agreement expired or ending soon, a trip report or a loan's return overdue). Each register's
description names its rules and its mark."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any, NamedTuple

import peewee as pw

from app.i18n import _, format_date, ngettext
from app.models import Agreement, Letter
from app.models import choices as ch


def agreement_rules(spec: Any, values: dict[str, Any], found: dict[str, str], record_id: int | None) -> dict[str, str]:
    """A registration number no other agreement has; the renewal period of an agreement that renews itself."""
    errors: dict[str, str] = {}
    number = (values.get("reg_number") or "").strip()
    if number and "reg_number" not in found:
        clash = Agreement.select(Agreement.id).where(Agreement.reg_number == number)
        if record_id is not None:
            clash = clash.where(Agreement.id != record_id)
        if clash.exists():
            errors["reg_number"] = _("Another agreement already has this registration number.")
    if values.get("auto_renewal") and values.get("renewal_years") is None and "renewal_years" not in found:
        errors["renewal_years"] = _("An agreement that renews automatically needs the renewal period.")
    return errors


def event_rules(spec: Any, values: dict[str, Any], found: dict[str, str], record_id: int | None) -> dict[str, str]:
    """No more foreign participants than participants in all."""
    total, foreign = values.get("participants_total"), values.get("participants_foreign")
    if isinstance(total, int) and isinstance(foreign, int) and foreign > total:
        return {"participants_foreign": _("More foreign participants than participants in all.")}
    return {}


def year_condition(year: int) -> pw.Expression:
    """The letters dated in `year`."""
    return Letter.our_date.between(dt.date(year, 1, 1), dt.date(year, 12, 31))


def letter_rules(spec: Any, values: dict[str, Any], found: dict[str, str], record_id: int | None) -> dict[str, str]:
    """The register's own rules, by field: our number unique within its year and direction, a reply that is another
    letter of the other direction and not older, an approval letter linked to an agreement."""
    errors: dict[str, str] = {}
    number = (values.get("our_number") or "").strip()
    day, direction = values.get("our_date"), values.get("direction")
    if number and isinstance(day, dt.date) and direction and "our_number" not in found:
        clash = Letter.select(Letter.id).where(
            (Letter.our_number == number) & (Letter.direction == direction) & year_condition(day.year)
        )
        if record_id is not None:
            clash = clash.where(Letter.id != record_id)
        if clash.exists():
            errors["our_number"] = _("Another letter of this year and direction already has this number.")
    reply_id = values.get("replied_by")
    if reply_id is not None and "replied_by" not in found:
        reply = Letter.get_or_none(Letter.id == reply_id)
        if reply is None:
            errors["replied_by"] = _("A linked record no longer exists.")
        elif reply_id == record_id:
            errors["replied_by"] = _("A letter cannot be its own reply.")
        elif reply.direction == direction:
            errors["replied_by"] = _("The reply must go the other way: an outgoing letter answers an incoming one.")
        elif isinstance(day, dt.date) and reply.our_date < day:
            errors["replied_by"] = _("The reply cannot be dated before the letter it answers.")
    if values.get("approval") and not any(register == "agreements" for register, _id in values.get("concerns") or []):
        errors.setdefault("concerns", _("A letter about an agreement's approval concerns the agreement: add it."))
    return errors


#: Days before its end from which an agreement is 'ending soon'.
SOON_DAYS = 90


class Mark(NamedTuple):
    """A deadline mark on one cell: 'overdue' (passed) or 'soon', and the sentence explaining it."""

    field: str
    level: str
    explanation: str


def agreement_mark(values: Mapping[str, Any], today: dt.date) -> Mark | None:
    """An agreement in force that has expired, or ends within `SOON_DAYS`."""
    until = values.get("valid_until")
    if not isinstance(until, dt.date) or values.get("status") != _(ch.AGREEMENT_STATUSES.label("in_force")):
        return None
    days = (until - today).days
    if days < 0:
        return Mark("valid_until", "overdue", _("Expired on {date}, but still marked as in force.").format(
            date=format_date(until)))  # fmt: skip
    if days <= SOON_DAYS:
        return Mark("valid_until", "soon", ngettext("Ends in {n} day.", "Ends in {n} days.", days).format(n=days))
    return None


def trip_mark(values: Mapping[str, Any], today: dt.date) -> Mark | None:
    """A trip whose report is overdue."""
    due = values.get("report_due_on")
    if isinstance(due, dt.date) and due < today and values.get("report_submitted_on") is None:
        return Mark("report_submitted_on", "overdue", _("The trip report was due on {date}.").format(
            date=format_date(due)))  # fmt: skip
    return None


def loan_mark(values: Mapping[str, Any], today: dt.date) -> Mark | None:
    """A loan lent out whose return is overdue."""
    due = values.get("due_on")
    lent = values.get("status") in (_(ch.LOAN_STATUSES.label("sent")), _(ch.LOAN_STATUSES.label("received")))
    if isinstance(due, dt.date) and due < today and values.get("returned_on") is None and lent:
        return Mark("due_on", "overdue", _("The return was due on {date}.").format(date=format_date(due)))
    return None
