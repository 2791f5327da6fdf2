"""Agreements and memoranda with one or more partner parties."""

from __future__ import annotations

import peewee as pw

from app.models.base import BaseModel, Record, non_negative, not_before, one_of, some_name
from app.models.choices import AGREEMENT_KINDS, AGREEMENT_STATUSES
from app.models.partners import Partner
from app.models.staff import Employee


class Agreement(Record):
    """An agreement, memorandum or programme: its parties, dates, renewal terms and status."""

    reg_number = pw.CharField(max_length=60, null=True, unique=True)
    title_uz = pw.TextField(default="")
    title_ru = pw.TextField(default="")
    title_en = pw.TextField(default="")
    title_orig = pw.TextField(default="")
    kind = pw.CharField(max_length=30, default="agreement")
    status = pw.CharField(max_length=20, default="draft")  # indexed with the signing date (Meta)
    signed_on = pw.DateField(null=True, index=True)
    effective_from = pw.DateField(null=True)
    valid_until = pw.DateField(null=True, index=True)
    auto_renewal = pw.BooleanField(default=False)
    renewal_years = pw.IntegerField(null=True)
    notice_days = pw.IntegerField(null=True)
    notice_given_on = pw.DateField(null=True)
    signatories = pw.TextField(default="")
    subjects = pw.TextField(default="")
    responsible = pw.ForeignKeyField(Employee, null=True, on_delete="SET NULL", backref="agreements")
    notes = pw.TextField(default="")

    search_fields = ("reg_number", "title_uz", "title_ru", "title_en", "title_orig", "signatories", "subjects")

    class Meta:
        # A status with its signing date: the list filtered by status in its usual order (newest first), or sorted
        # by status then date, reads its first screen from the index instead of the whole table.
        indexes = ((("status", "signed_on"), False),)
        constraints = [
            one_of("kind", AGREEMENT_KINDS.codes),
            one_of("status", AGREEMENT_STATUSES.codes),
            some_name("title_uz", "title_ru", "title_en", "title_orig"),
            not_before("valid_until", "effective_from"),
            pw.Check("renewal_years IS NULL OR renewal_years >= 1"),
            non_negative("notice_days"),
            pw.Check("NOT auto_renewal OR renewal_years IS NOT NULL"),
        ]

    @property
    def parties(self) -> list[Partner]:
        """The partner organisations that are parties to the agreement, in the order they were added."""
        return [link.partner for link in self.party_links.order_by(AgreementParty.id)]

    def search_parts(self) -> list[str]:
        """Own texts plus the parties' names and countries."""
        from app.text.countries import country_search_names

        parts = super().search_parts()
        if self._pk is not None:
            for partner in self.parties:
                parts += partner.name_parts() + country_search_names(partner.country)
        return parts


class AgreementParty(BaseModel):
    """One partner's place among the parties of an agreement."""

    agreement = pw.ForeignKeyField(Agreement, on_delete="CASCADE", backref="party_links")
    partner = pw.ForeignKeyField(Partner, on_delete="RESTRICT", backref="agreement_links")

    class Meta:
        indexes = ((("agreement", "partner"), True),)
