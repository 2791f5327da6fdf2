"""Book exchange and international interlibrary loan."""

from __future__ import annotations

import peewee as pw

from app.models.base import Record, non_negative, not_before, one_of
from app.models.choices import EXCHANGE_DIRECTIONS, LOAN_DIRECTIONS, LOAN_FORMS, LOAN_STATUSES
from app.models.partners import Partner
from app.models.staff import Department


class BookExchange(Record):
    """One dispatch of books sent to or received from a partner."""

    partner = pw.ForeignKeyField(Partner, on_delete="RESTRICT", backref="exchanges")
    direction = pw.CharField(max_length=10)
    exchanged_on = pw.DateField(index=True)
    books = pw.IntegerField(default=0)
    periodicals = pw.IntegerField(default=0)
    electronic = pw.IntegerField(default=0)
    description = pw.TextField(default="")
    value = pw.DecimalField(max_digits=14, decimal_places=2, null=True)
    currency = pw.CharField(max_length=3, default="")
    department = pw.ForeignKeyField(Department, null=True, on_delete="SET NULL", backref="exchanges")
    notes = pw.TextField(default="")

    search_fields = ("description", "notes")

    class Meta:
        constraints = [
            one_of("direction", EXCHANGE_DIRECTIONS.codes),
            non_negative("books"),
            non_negative("periodicals"),
            non_negative("electronic"),
            non_negative("value"),
        ]

    def search_parts(self) -> list[str]:
        """Own texts plus the partner's names."""
        return super().search_parts() + self.linked_names("partner")


class InterlibraryLoan(Record):
    """An international interlibrary loan: an item we borrow from or lend to a partner library."""

    direction = pw.CharField(max_length=10)
    partner = pw.ForeignKeyField(Partner, on_delete="RESTRICT", backref="loans")
    requester = pw.CharField(max_length=200, default="")
    item_title = pw.TextField()
    item_author = pw.CharField(max_length=300, default="")
    item_year = pw.IntegerField(null=True)
    item_isbn = pw.CharField(max_length=40, default="")
    requested_on = pw.DateField(index=True)
    sent_on = pw.DateField(null=True)
    received_on = pw.DateField(null=True)
    due_on = pw.DateField(null=True)
    returned_on = pw.DateField(null=True)
    status = pw.CharField(max_length=20, default="requested")
    form = pw.CharField(max_length=10, default="loan")
    department = pw.ForeignKeyField(Department, null=True, on_delete="SET NULL", backref="loans")
    notes = pw.TextField(default="")

    search_fields = ("item_title", "item_author", "item_isbn", "requester")

    class Meta:
        constraints = [
            pw.Check("item_title <> ''"),
            one_of("direction", LOAN_DIRECTIONS.codes),
            one_of("status", LOAN_STATUSES.codes),
            one_of("form", LOAN_FORMS.codes),
            not_before("sent_on", "requested_on"),
            not_before("returned_on", "received_on"),
            not_before("due_on", "requested_on"),
        ]

    def search_parts(self) -> list[str]:
        """Own texts plus the partner's names."""
        return super().search_parts() + self.linked_names("partner")
