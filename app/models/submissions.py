"""The departments' and regional centres' quarterly submissions: the template sent, the workbook returned, and what
the officer decided for each of its rows."""

from __future__ import annotations

import peewee as pw

from app.models.base import BaseModel, one_of, utc_now
from app.models.choices import SUBMISSION_ROW_STATES, SUBMISSION_STATES
from app.models.plan import PlanItem
from app.models.staff import Department


class Submission(BaseModel):
    """One unit's report for one quarter: when its template went out, when (and in which file) it came back."""

    unit = pw.ForeignKeyField(Department, null=True, on_delete="CASCADE", backref="submissions")
    year = pw.IntegerField()
    quarter = pw.IntegerField()
    template_version = pw.IntegerField(default=1)
    sent_at = pw.DateTimeField(null=True)
    received_at = pw.DateTimeField(null=True)
    file_name = pw.CharField(max_length=255, default="")
    state = pw.CharField(max_length=20, default="sent")
    message = pw.TextField(default="")  # why a file could not be read
    changed_at = pw.DateTimeField(default=utc_now)

    class Meta:
        indexes = ((("year", "quarter", "unit"), False),)
        constraints = [
            one_of("state", SUBMISSION_STATES.codes),
            pw.Check("quarter BETWEEN 1 AND 4"),
            pw.Check("year BETWEEN 1900 AND 2200"),
        ]


class SubmissionRow(BaseModel):
    """One row of a returned workbook and what became of it: accepted (as which record) or rejected."""

    submission = pw.ForeignKeyField(Submission, on_delete="CASCADE", backref="rows")
    sheet = pw.CharField(max_length=20)  # the template's sheet: plan, trips, visits, events, exchange, loans, projects
    row = pw.IntegerField()  # as Excel numbers rows
    register = pw.CharField(max_length=20, default="")
    record_id = pw.IntegerField(null=True)
    plan_item = pw.ForeignKeyField(PlanItem, null=True, on_delete="SET NULL", backref="submission_rows")
    state = pw.CharField(max_length=20)
    created = pw.BooleanField(default=False)  # a new record (not one the registry already held)
    title = pw.TextField(default="")

    class Meta:
        indexes = ((("register", "record_id"), False),)
        constraints = [one_of("state", SUBMISSION_ROW_STATES.codes)]
