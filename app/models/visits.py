"""Incoming foreign delegations: who came, from where, why, and what followed."""

from __future__ import annotations

import peewee as pw

from app.models.base import BaseModel, Record, country_code, not_before
from app.models.partners import Partner
from app.models.staff import Department


class DelegationVisit(Record):
    """A foreign delegation received by the library."""

    title = pw.TextField()
    arrived_on = pw.DateField(index=True)
    departed_on = pw.DateField(null=True)
    purpose = pw.TextField(default="")
    programme = pw.TextField(default="")
    host_department = pw.ForeignKeyField(Department, null=True, on_delete="SET NULL", backref="visits")
    outcomes = pw.TextField(default="")
    follow_ups = pw.TextField(default="")
    notes = pw.TextField(default="")

    search_fields = ("title", "purpose", "outcomes")

    class Meta:
        constraints = [pw.Check("title <> ''"), not_before("departed_on", "arrived_on")]

    def search_parts(self) -> list[str]:
        """Own texts plus the organisations', countries' and members' names."""
        from app.text.countries import country_search_names

        parts = super().search_parts()
        if self._pk is not None:
            for link in self.partner_links:
                parts += link.partner.name_parts()
            for row in self.countries:
                parts += country_search_names(row.country)
            parts += [member.full_name for member in self.members]
        return parts


class VisitPartner(BaseModel):
    """An organisation a delegation came from."""

    visit = pw.ForeignKeyField(DelegationVisit, on_delete="CASCADE", backref="partner_links")
    partner = pw.ForeignKeyField(Partner, on_delete="RESTRICT", backref="visit_links")

    class Meta:
        indexes = ((("visit", "partner"), True),)


class VisitCountry(BaseModel):
    """A country a delegation came from."""

    visit = pw.ForeignKeyField(DelegationVisit, on_delete="CASCADE", backref="countries")
    country = pw.CharField(max_length=2, index=True)

    class Meta:
        indexes = ((("visit", "country"), True),)
        constraints = [country_code("country", nullable=False)]


class VisitMember(BaseModel):
    """A member of a delegation."""

    visit = pw.ForeignKeyField(DelegationVisit, on_delete="CASCADE", backref="members")
    full_name = pw.CharField(max_length=200)
    position = pw.CharField(max_length=200, default="")

    class Meta:
        constraints = [pw.Check("full_name <> ''")]
