"""Memberships in international organisations: fees, payments due and the delegates to their bodies."""

from __future__ import annotations

import peewee as pw

from app.models.base import BaseModel, Record, non_negative, one_of
from app.models.choices import MEMBERSHIP_STATUSES
from app.models.partners import Partner
from app.models.staff import Employee


class Membership(Record):
    """The library's membership in an international organisation (a partner): level, fee, paid until, next due."""

    organisation = pw.ForeignKeyField(Partner, on_delete="RESTRICT", backref="memberships")
    level = pw.CharField(max_length=200, default="")
    since = pw.IntegerField(null=True)
    status = pw.CharField(max_length=20, default="active", index=True)
    annual_fee = pw.DecimalField(max_digits=14, decimal_places=2, null=True)
    currency = pw.CharField(max_length=3, default="")
    paid_until = pw.DateField(null=True)
    next_due_on = pw.DateField(null=True, index=True)
    notes = pw.TextField(default="")

    search_fields = ("level", "notes")

    class Meta:
        constraints = [
            one_of("status", MEMBERSHIP_STATUSES.codes),
            non_negative("annual_fee"),
            pw.Check("since IS NULL OR since BETWEEN 1800 AND 2200"),
        ]

    def search_parts(self) -> list[str]:
        """Own texts plus the organisation's and the delegates' names."""
        parts = super().search_parts() + self.linked_names("organisation")
        if self._pk is not None:
            parts += [link.employee.full_name for link in self.delegate_links]
        return parts


class MembershipDelegate(BaseModel):
    """An employee delegated to the organisation's bodies."""

    membership = pw.ForeignKeyField(Membership, on_delete="CASCADE", backref="delegate_links")
    employee = pw.ForeignKeyField(Employee, on_delete="RESTRICT", backref="membership_links")

    class Meta:
        indexes = ((("membership", "employee"), True),)
