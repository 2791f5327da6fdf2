"""Events held at the library or abroad: conferences, seminars, exhibitions and the like."""

from __future__ import annotations

import peewee as pw

from app.models.base import BaseModel, Record, country_code, non_negative, not_before, one_of, some_name
from app.models.choices import EVENT_KINDS, EVENT_PLACES, EVENT_ROLES, EVENT_STATUSES
from app.models.partners import Partner


class Event(Record):
    """An event: what, when, where, with whom and how many took part."""

    title_uz = pw.TextField(default="")
    title_ru = pw.TextField(default="")
    title_en = pw.TextField(default="")
    title_orig = pw.TextField(default="")
    kind = pw.CharField(max_length=30, default="conference")
    start_on = pw.DateField(index=True)
    end_on = pw.DateField(null=True)
    place = pw.CharField(max_length=20, default="library")
    country = pw.CharField(max_length=2, null=True)
    city = pw.CharField(max_length=100, default="")
    venue = pw.CharField(max_length=200, default="")
    status = pw.CharField(max_length=20, default="planned")
    participants_total = pw.IntegerField(null=True)
    participants_foreign = pw.IntegerField(null=True)
    outcome = pw.TextField(default="")
    notes = pw.TextField(default="")

    search_fields = ("title_uz", "title_ru", "title_en", "title_orig", "city", "venue")

    class Meta:
        constraints = [
            one_of("kind", EVENT_KINDS.codes),
            one_of("place", EVENT_PLACES.codes),
            one_of("status", EVENT_STATUSES.codes),
            some_name("title_uz", "title_ru", "title_en", "title_orig"),
            not_before("end_on", "start_on"),
            country_code("country"),
            non_negative("participants_total"),
            non_negative("participants_foreign"),
            pw.Check(
                "participants_foreign IS NULL OR participants_total IS NULL "
                "OR participants_foreign <= participants_total"
            ),
        ]

    def search_parts(self) -> list[str]:
        """Own texts plus the country's, the participating countries' and the partners' names."""
        from app.text.countries import country_search_names

        parts = super().search_parts() + country_search_names(self.country)
        if self._pk is not None:
            for link in self.partner_links:
                parts += link.partner.name_parts()
            for row in self.countries:
                parts += country_search_names(row.country)
        return parts


class EventPartner(BaseModel):
    """An organiser or partner of an event."""

    event = pw.ForeignKeyField(Event, on_delete="CASCADE", backref="partner_links")
    partner = pw.ForeignKeyField(Partner, on_delete="RESTRICT", backref="event_links")
    role = pw.CharField(max_length=20, default="partner")

    class Meta:
        indexes = ((("event", "partner"), True),)
        constraints = [one_of("role", EVENT_ROLES.codes)]


class EventCountry(BaseModel):
    """A country that took part in an event."""

    event = pw.ForeignKeyField(Event, on_delete="CASCADE", backref="countries")
    country = pw.CharField(max_length=2)

    class Meta:
        indexes = ((("event", "country"), True),)
        constraints = [country_code("country", nullable=False)]
