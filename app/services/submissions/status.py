"""Where a period's submissions stand: who has replied, who has not (the reminder list), which files could not be
read, and per unit what its return brought — plan items done, moved or cancelled, records added."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

import peewee as pw

from app.i18n import _
from app.models import Department, PlanItem, Submission, SubmissionRow
from app.models import choices as ch
from app.services.submissions.templates import units
from app.text.names import localized_name


@dataclass
class UnitStatus:
    """One unit's standing for the period."""

    unit_id: int
    name: str
    kind: str
    language: str
    state: str = ""  # '' (no template sent), sent, received, unreadable, accepted
    sent_at: dt.datetime | None = None
    received_at: dt.datetime | None = None
    file_name: str = ""
    plan: Counter = field(default_factory=Counter)  # plan item status → count, for the period's items
    added: int = 0  # records created from its return
    linked: int = 0  # rows accepted as records the registry already held, or updates of plan items and projects
    rejected: int = 0

    @property
    def replied(self) -> bool:
        """Whether a readable return of this unit was taken in."""
        return self.state == "accepted"

    def state_text(self) -> str:
        """The state in the interface language."""
        return _(ch.SUBMISSION_STATES.label(self.state)) if self.state else _("No template sent")


@dataclass
class PeriodStatus:
    """The period's standing: every unit, and the files that could not be read."""

    year: int
    quarter: int
    units: list[UnitStatus]
    unreadable: list[Submission]

    @property
    def replied(self) -> list[UnitStatus]:
        return [unit for unit in self.units if unit.replied]

    @property
    def waiting(self) -> list[UnitStatus]:
        """The reminder list: units whose return has not been taken in."""
        return [unit for unit in self.units if not unit.replied]


def period_status(year: int, quarter: int, *, language: str | None = None) -> PeriodStatus:
    """Every active unit's standing for the quarter (and any other unit that replied)."""
    submissions = {
        row.unit_id: row
        for row in Submission.select().where(
            (Submission.year == year) & (Submission.quarter == quarter) & (Submission.state != "unreadable")
        )
    }
    rows: dict[int, Counter] = {}
    for submission_id, state, created, count in (
        SubmissionRow.select(SubmissionRow.submission, SubmissionRow.state, SubmissionRow.created, pw.fn.COUNT(1))
        .join(Submission)
        .where((Submission.year == year) & (Submission.quarter == quarter))
        .group_by(SubmissionRow.submission, SubmissionRow.state, SubmissionRow.created)
        .tuples()
    ):
        key = "rejected" if state == "rejected" else "added" if created else "linked"
        rows.setdefault(submission_id, Counter())[key] += count
    plan: dict[int, Counter] = {}
    for unit_id, status, count in (
        PlanItem.select(PlanItem.department, PlanItem.status, pw.fn.COUNT(PlanItem.id))
        .where((PlanItem.year == year) & ((PlanItem.quarter == quarter) | PlanItem.quarter.is_null()))
        .group_by(PlanItem.department, PlanItem.status)
        .tuples()
    ):
        plan.setdefault(unit_id, Counter())[status] += count
    listed = units()
    known = {unit.id for unit in listed}
    listed += units_by_id(set(submissions) - known)
    found = []
    for unit in listed:
        status = UnitStatus(unit.id, localized_name(unit, "name", language), unit.kind, unit.language)
        submission = submissions.get(unit.id)
        if submission is not None:
            status.state, status.sent_at = submission.state, submission.sent_at
            status.received_at = submission.received_at
            status.file_name = submission.file_name
            counted = rows.get(submission.id, Counter())
            status.added, status.linked, status.rejected = counted["added"], counted["linked"], counted["rejected"]
        status.plan = plan.get(unit.id, Counter())
        found.append(status)
    unreadable = list(
        Submission.select()
        .where((Submission.year == year) & (Submission.quarter == quarter) & (Submission.state == "unreadable"))
        .order_by(Submission.received_at)
    )
    return PeriodStatus(year, quarter, found, unreadable)


def units_by_id(ids: set) -> list[Department]:
    """The units of `ids` (inactive ones that replied all the same)."""
    ids = {i for i in ids if i is not None}
    return list(Department.select().where(Department.id.in_(sorted(ids)))) if ids else []
