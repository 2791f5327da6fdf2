"""Extra-budgetary funds: grants, sponsorship and in-kind support."""

from __future__ import annotations

import peewee as pw

from app.models.base import Record, non_negative, not_before, one_of
from app.models.choices import FUNDING_KINDS, FUNDING_STATUSES
from app.models.partners import Partner
from app.models.projects import Project


class Funding(Record):
    """A grant, sponsorship or in-kind support from a donor, possibly for a project."""

    title = pw.TextField()
    donor = pw.ForeignKeyField(Partner, null=True, on_delete="RESTRICT", backref="fundings")
    project = pw.ForeignKeyField(Project, null=True, on_delete="SET NULL", backref="fundings")
    kind = pw.CharField(max_length=20, default="grant")
    amount = pw.DecimalField(max_digits=14, decimal_places=2, null=True)
    currency = pw.CharField(max_length=3, default="USD")
    applied_on = pw.DateField(null=True)
    awarded_on = pw.DateField(null=True, index=True)
    start_on = pw.DateField(null=True)
    end_on = pw.DateField(null=True)
    status = pw.CharField(max_length=20, default="applied")
    notes = pw.TextField(default="")

    search_fields = ("title", "notes")

    class Meta:
        constraints = [
            pw.Check("title <> ''"),
            one_of("kind", FUNDING_KINDS.codes),
            one_of("status", FUNDING_STATUSES.codes),
            non_negative("amount"),
            not_before("end_on", "start_on"),
            not_before("awarded_on", "applied_on"),
        ]

    def search_parts(self) -> list[str]:
        """Own texts plus the donor's names."""
        return super().search_parts() + self.linked_names("donor")
