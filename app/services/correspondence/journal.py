"""The correspondence journal: the next outgoing number from the journal's pattern, the register's rules (numbers
unique per year and direction, reply links, dates), replies due, and the letters that concern a record."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import peewee as pw

from app.i18n import _
from app.models import Letter, LetterLink
from app.services import registry_settings
from app.services.registers.numbering import next_number

REGISTER = "correspondence"

#: Statuses of a letter whose awaited reply no longer counts as due.
SETTLED = ("answered", "closed")

_FIELD = re.compile(r"\{(year|seq)(?::([^}]*))?\}")


def next_journal_number(pattern: str, used: Iterable[str], *, year: int) -> str:
    """The journal's next number in `pattern` (``01-12/{seq}``, ``{year}/{seq:03}``): one more than the highest
    running number among the `used` numbers of the year that fit the pattern, 1 for the first — the numbering the
    forms' registration numbers use (app.services.registers.numbering)."""
    pattern = pattern or "{seq}"
    if "{seq" not in pattern:
        pattern += "/{seq}"
    return next_number(used, year=year, pattern=pattern)


def _year_condition(year: int) -> pw.Expression:
    return Letter.our_date.between(dt.date(year, 1, 1), dt.date(year, 12, 31))


def suggest_number(*, direction: str = "outgoing", on: dt.date | None = None) -> str:
    """The number the journal suggests for a new letter of `direction` dated `on` (today)."""
    year = (on or dt.date.today()).year
    used = Letter.select(Letter.our_number).where(_year_condition(year) & (Letter.direction == direction))
    return next_journal_number(registry_settings.number_pattern(REGISTER), (row[0] for row in used.tuples()), year=year)


def letter_rules(values: dict[str, Any], found: dict[str, str], record_id: int | None) -> dict[str, str]:
    """The register's own rules, by field: our number unique within its year and direction, a reply that is another
    letter of the other direction and not older, an approval letter linked to an agreement."""
    errors: dict[str, str] = {}
    number = (values.get("our_number") or "").strip()
    day, direction = values.get("our_date"), values.get("direction")
    if number and isinstance(day, dt.date) and direction and "our_number" not in found:
        clash = Letter.select(Letter.id).where(
            (Letter.our_number == number) & (Letter.direction == direction) & _year_condition(day.year)
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


@dataclass(frozen=True)
class LetterLine:
    """A letter as a record's form lists it."""

    letter_id: int
    direction: str
    number: str
    day: dt.date
    correspondent: str
    subject: str
    approval: str | None
    status: str
    reply_due: dt.date | None


def letters_concerning(register: str, record_id: int) -> list[LetterLine]:
    """The letters that concern a record, newest first."""
    query = (
        Letter.select()
        .join(LetterLink)
        .where((LetterLink.register == register) & (LetterLink.record_id == record_id))
        .order_by(Letter.our_date.desc(), Letter.id.desc())
    )
    return [_line(letter) for letter in query]


def _line(letter: Letter) -> LetterLine:
    from app.services.registers.list_rows import record_label

    partner = letter.linked("partner")
    correspondent = record_label("partners", partner) if partner is not None else letter.correspondent
    return LetterLine(letter.id, letter.direction, letter.our_number, letter.our_date, correspondent,
                      letter.subject, letter.approval, letter.status, letter.reply_due)  # fmt: skip


def replies_due(today: dt.date, *, within_days: int = 30) -> list[Letter]:
    """Letters whose reply is due within `within_days` or overdue and not yet given, soonest first."""
    return list(
        Letter.select()
        .where(
            Letter.reply_due.is_null(False)
            & (Letter.reply_due <= today + dt.timedelta(days=within_days))
            & Letter.replied_by.is_null()
            & Letter.status.not_in(SETTLED)
        )
        .order_by(Letter.reply_due, Letter.id)
    )
