"""The correspondence log: letters, notes verbales and e-mails in and out, their numbers, replies and the records they
concern."""

from __future__ import annotations

import peewee as pw

from app.models.base import BaseModel, Record, not_before, one_of
from app.models.choices import APPROVAL_KINDS, LETTER_DIRECTIONS, LETTER_KINDS, LETTER_LANGUAGES, LETTER_STATUSES
from app.models.partners import Partner
from app.models.staff import Employee


class Letter(Record):
    """One letter of the journal: our number and date, theirs, who it is from or to, its subject and its reply."""

    direction = pw.CharField(max_length=10)
    kind = pw.CharField(max_length=20, default="letter")
    our_number = pw.CharField(max_length=60, default="")
    our_date = pw.DateField(index=True)
    their_number = pw.CharField(max_length=60, default="")
    their_date = pw.DateField(null=True)
    partner = pw.ForeignKeyField(Partner, null=True, on_delete="RESTRICT", backref="letters")
    correspondent = pw.CharField(max_length=300, default="")
    subject = pw.TextField()
    language = pw.CharField(max_length=10, null=True)
    approval = pw.CharField(max_length=20, null=True)
    reply_due = pw.DateField(null=True, index=True)
    replied_by = pw.ForeignKeyField("self", null=True, on_delete="SET NULL", backref="answered")
    status = pw.CharField(max_length=20, default="registered")
    officer = pw.ForeignKeyField(Employee, null=True, on_delete="SET NULL", backref="letters")
    notes = pw.TextField(default="")

    search_fields = ("subject", "our_number", "their_number", "correspondent", "notes")

    class Meta:
        table_name = "letter"
        constraints = [
            pw.Check("subject <> ''"),
            one_of("direction", LETTER_DIRECTIONS.codes),
            one_of("kind", LETTER_KINDS.codes),
            one_of("language", LETTER_LANGUAGES.codes, nullable=True),
            one_of("approval", APPROVAL_KINDS.codes, nullable=True),
            one_of("status", LETTER_STATUSES.codes),
            not_before("reply_due", "our_date"),
        ]

    def search_parts(self) -> list[str]:
        """Own texts plus the correspondent's and the officer's names."""
        parts = super().search_parts() + self.linked_names("partner")
        officer = self.linked("officer")
        return parts + ([officer.full_name] if officer is not None else [])


class LetterLink(BaseModel):
    """A record (agreement, visit, trip, event, project …) a letter concerns."""

    letter = pw.ForeignKeyField(Letter, on_delete="CASCADE", backref="links")
    register = pw.CharField(max_length=20)
    record_id = pw.IntegerField()

    class Meta:
        table_name = "letter_link"
        indexes = ((("letter", "register", "record_id"), True), (("register", "record_id"), False))
