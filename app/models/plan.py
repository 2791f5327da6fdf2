"""The annual plan: what each department intends to do internationally, and what fulfilled it."""

from __future__ import annotations

import peewee as pw

from app.models.base import BaseModel, Record, one_of
from app.models.choices import PLAN_ACTIVITIES, PLAN_STATUSES
from app.models.staff import Department


class PlanItem(Record):
    """One line of the annual plan: year, quarter, department, activity and its target."""

    year = pw.IntegerField(index=True)
    quarter = pw.IntegerField(null=True)
    department = pw.ForeignKeyField(Department, null=True, on_delete="SET NULL", backref="plan_items")
    activity = pw.CharField(max_length=20, default="other")
    description = pw.TextField()
    target = pw.CharField(max_length=200, default="")
    status = pw.CharField(max_length=20, default="planned")
    notes = pw.TextField(default="")

    search_fields = ("description", "target", "notes")

    class Meta:
        constraints = [
            pw.Check("description <> ''"),
            pw.Check("year BETWEEN 1900 AND 2200"),
            pw.Check("quarter IS NULL OR quarter BETWEEN 1 AND 4"),
            one_of("activity", PLAN_ACTIVITIES.codes),
            one_of("status", PLAN_STATUSES.codes),
        ]


class PlanLink(BaseModel):
    """A record (of any register) that fulfilled a plan item."""

    plan_item = pw.ForeignKeyField(PlanItem, on_delete="CASCADE", backref="links")
    register = pw.CharField(max_length=20)
    record_id = pw.IntegerField()

    class Meta:
        indexes = ((("plan_item", "register", "record_id"), True), (("register", "record_id"), False))
