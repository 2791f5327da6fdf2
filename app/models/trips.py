"""Outgoing business trips abroad and the employees who travelled."""

from __future__ import annotations

import peewee as pw

from app.models.base import BaseModel, Record, country_code, not_before, one_of
from app.models.choices import FUNDING_SOURCES, TRIP_PURPOSES
from app.models.partners import Partner
from app.models.staff import Department, Employee


class BusinessTrip(Record):
    """A business trip abroad: destination, host, dates, purpose, funding and the report owed after it."""

    title = pw.TextField()
    department = pw.ForeignKeyField(Department, null=True, on_delete="SET NULL", backref="trips")
    country = pw.CharField(max_length=2, index=True)
    city = pw.CharField(max_length=100, default="")
    host = pw.ForeignKeyField(Partner, null=True, on_delete="SET NULL", backref="hosted_trips")
    host_name = pw.CharField(max_length=300, default="")
    start_on = pw.DateField(index=True)
    end_on = pw.DateField(null=True)
    purpose = pw.CharField(max_length=20, default="conference")
    paper_title = pw.TextField(default="")
    funding_source = pw.CharField(max_length=20, default="budget")
    report_due_on = pw.DateField(null=True)
    report_submitted_on = pw.DateField(null=True)
    outcomes = pw.TextField(default="")
    notes = pw.TextField(default="")

    search_fields = ("title", "city", "host_name", "paper_title", "outcomes")

    class Meta:
        constraints = [
            pw.Check("title <> ''"),
            country_code("country", nullable=False),
            one_of("purpose", TRIP_PURPOSES.codes),
            one_of("funding_source", FUNDING_SOURCES.codes),
            not_before("end_on", "start_on"),
        ]

    def search_parts(self) -> list[str]:
        """Own texts plus the destination country's, the host's and the travellers' names."""
        from app.text.countries import country_search_names

        parts = super().search_parts() + country_search_names(self.country)
        parts += self.linked_names("host")
        if self._pk is not None:
            parts += [link.employee.full_name for link in self.traveller_links]
        return parts


class TripTraveller(BaseModel):
    """An employee on a business trip."""

    trip = pw.ForeignKeyField(BusinessTrip, on_delete="CASCADE", backref="traveller_links")
    employee = pw.ForeignKeyField(Employee, on_delete="RESTRICT", backref="trip_links")

    class Meta:
        indexes = ((("trip", "employee"), True),)
