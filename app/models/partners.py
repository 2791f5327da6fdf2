"""Partner organisations and their contact people."""

from __future__ import annotations

import peewee as pw

from app.models.base import Record, country_code, one_of, some_name
from app.models.choices import PARTNER_KINDS


class Partner(Record):
    """A partner organisation abroad (or a foreign mission at home), named in several languages."""

    name_uz = pw.TextField(default="")
    name_ru = pw.TextField(default="")
    name_en = pw.TextField(default="")
    name_orig = pw.TextField(default="")
    short_name = pw.CharField(max_length=100, default="")
    kind = pw.CharField(max_length=30, default="other")
    country = pw.CharField(max_length=2, null=True, index=True)
    city = pw.CharField(max_length=100, default="")
    address = pw.TextField(default="")
    website = pw.CharField(max_length=300, default="")
    email = pw.CharField(max_length=200, default="")
    phone = pw.CharField(max_length=60, default="")
    parent = pw.ForeignKeyField("self", null=True, on_delete="SET NULL", backref="children")
    active = pw.BooleanField(default=True)
    notes = pw.TextField(default="")

    search_fields = ("name_uz", "name_ru", "name_en", "name_orig", "short_name", "city", "email", "website")

    class Meta:
        constraints = [
            one_of("kind", PARTNER_KINDS.codes),
            some_name("name_uz", "name_ru", "name_en", "name_orig"),
            country_code("country"),
        ]

    def name_parts(self) -> list[str]:
        """The organisation's names in every language, and its short name."""
        return [self.name_uz, self.name_ru, self.name_en, self.name_orig, self.short_name]

    def search_parts(self) -> list[str]:
        """Own names plus the country's names in every interface language."""
        from app.text.countries import country_search_names

        return super().search_parts() + country_search_names(self.country)


class ContactPerson(Record):
    """A person to write to at a partner organisation."""

    full_name = pw.CharField(max_length=200)
    position = pw.CharField(max_length=200, default="")
    partner = pw.ForeignKeyField(Partner, on_delete="CASCADE", backref="contacts")
    email = pw.CharField(max_length=200, default="")
    phone = pw.CharField(max_length=60, default="")
    languages = pw.CharField(max_length=100, default="")
    notes = pw.TextField(default="")

    search_fields = ("full_name", "position", "email", "phone")

    class Meta:
        constraints = [pw.Check("full_name <> ''")]

    def search_parts(self) -> list[str]:
        """Own texts plus the partner's names."""
        return super().search_parts() + self.linked_names("partner")
