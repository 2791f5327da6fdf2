"""What a register's list shows first: the columns for the officer's question, the columns summed, and the marks
on deadlines (expired, ending soon, overdue) that a list row carries."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any, NamedTuple

from app.i18n import _, format_date, ngettext
from app.models import choices as ch

#: The columns shown by default, in order (the others can be shown from the header's menu).
DEFAULT_COLUMNS: dict[str, tuple[str, ...]] = {
    "partners": ("name", "country", "city", "kind"),
    "contacts": ("full_name", "partner", "position", "email", "phone"),
    "agreements": ("reg_number", "parties", "kind", "signed_on", "valid_until", "status"),
    "projects": ("title", "partners", "kind", "start_on", "end_on", "status"),
    "events": ("start_on", "title", "kind", "country", "city", "participants_total", "status"),
    "visits": ("arrived_on", "title", "countries", "partners", "host_department"),
    "trips": ("start_on", "travellers", "country", "city", "purpose", "report_submitted_on"),
    "exchange": ("exchanged_on", "partner", "direction", "books", "periodicals", "electronic", "value"),
    "loans": ("requested_on", "item_title", "partner", "direction", "status", "due_on"),
    "funding": ("title", "donor", "kind", "amount", "status", "awarded_on"),
    "plan": ("year", "quarter", "department", "activity", "description", "status"),
    "departments": ("name", "short_name", "kind", "region"),
    "employees": ("full_name", "position", "department", "email"),
    "correspondence": ("our_date", "our_number", "direction", "partner", "subject", "reply_due", "status"),
    "gifts": ("given_on", "direction", "item", "kind", "quantity", "partner", "kept_at"),
    "memberships": ("organisation", "level", "status", "annual_fee", "paid_until", "next_due_on"),
}

#: The numeric columns whose sum the status line shows (counts and amounts, not years or periods).
SUMMED: dict[str, tuple[str, ...]] = {
    "events": ("participants_total", "participants_foreign"),
    "exchange": ("books", "periodicals", "electronic", "value"),
    "funding": ("amount",),
    "gifts": ("quantity", "value"),
    "memberships": ("annual_fee",),
}

#: Days before its end from which an agreement is 'ending soon'.
SOON_DAYS = 90


class Mark(NamedTuple):
    """A deadline mark on one cell: 'overdue' (passed) or 'soon', and the sentence explaining it."""

    field: str
    level: str
    explanation: str


def default_columns(register: str, available: list[str]) -> list[str]:
    """The default columns of a register that its list can show, in order."""
    wanted = DEFAULT_COLUMNS.get(register)
    if not wanted:
        return available
    return [name for name in wanted if name in available]


def row_mark(register: str, values: Mapping[str, Any], today: dt.date | None = None) -> Mark | None:
    """The deadline mark of a list row (display values by field name), if its record needs attention."""
    today = today or dt.date.today()
    if register == "agreements":
        until = values.get("valid_until")
        if not isinstance(until, dt.date) or values.get("status") != _(ch.AGREEMENT_STATUSES.label("in_force")):
            return None
        days = (until - today).days
        if days < 0:
            return Mark("valid_until", "overdue", _("Expired on {date}, but still marked as in force.").format(
                date=format_date(until)))  # fmt: skip
        if days <= SOON_DAYS:
            return Mark("valid_until", "soon", ngettext("Ends in {n} day.", "Ends in {n} days.", days).format(n=days))
    if register == "trips":
        due = values.get("report_due_on")
        if isinstance(due, dt.date) and due < today and values.get("report_submitted_on") is None:
            return Mark("report_submitted_on", "overdue", _("The trip report was due on {date}.").format(
                date=format_date(due)))  # fmt: skip
    if register == "loans":
        due = values.get("due_on")
        lent = values.get("status") in (_(ch.LOAN_STATUSES.label("sent")), _(ch.LOAN_STATUSES.label("received")))
        if isinstance(due, dt.date) and due < today and values.get("returned_on") is None and lent:
            return Mark("due_on", "overdue", _("The return was due on {date}.").format(date=format_date(due)))
    return None
