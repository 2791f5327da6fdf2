"""The correspondence journal: the next outgoing number from the journal's pattern, the register's rules (numbers
unique per year and direction, reply links, dates), replies due, and the letters that concern a record."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass

from app.models import Letter, LetterLink
from app.services import registry_settings
from app.services.registers.numbering import next_number
from app.services.registers.register_rules import year_condition as _year_condition

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


def suggest_number(*, direction: str = "outgoing", on: dt.date | None = None) -> str:
    """The number the journal suggests for a new letter of `direction` dated `on` (today)."""
    year = (on or dt.date.today()).year
    used = Letter.select(Letter.our_number).where(_year_condition(year) & (Letter.direction == direction))
    return next_journal_number(registry_settings.number_pattern(REGISTER), (row[0] for row in used.tuples()), year=year)


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
