"""The correspondence register's description: letters in and out, their numbers, replies and the records they
concern."""

from __future__ import annotations

from app.i18n import N_
from app.models import Letter, LetterLink
from app.models import choices as ch
from app.services.registers.kinds import ChildTable
from app.services.registers.register_rules import letter_rules
from app.services.registers.spec_types import GROUP_PROTOCOL as GROUP_CORRESPONDENCE
from app.services.registers.spec_types import NOTES, F, RegisterSpec

CORRESPONDENCE = RegisterSpec(
    "correspondence",
    Letter,
    N_("Correspondence"),
    N_("Letter"),
    GROUP_CORRESPONDENCE,
    (
        F("direction", N_("Direction"), "choice", required=True, choices=ch.LETTER_DIRECTIONS, filter=True),
        F("our_number", N_("Our number"), max_length=60, also_headed=(N_("Number"),)),
        F("our_date", N_("Date"), "date", required=True, section="dates"),
        F("their_number", N_("Their number"), max_length=60, in_list=False),
        F("their_date", N_("Their date"), "date", in_list=False, section="dates"),
        F("kind", N_("Kind"), "choice", required=True, choices=ch.LETTER_KINDS, filter=True, in_list=False),
        F("partner", N_("From or to"), "link", link="partners", filter=True, also_headed=(N_("Correspondent"),)),
        F("correspondent", N_("Correspondent (if not a partner)"), max_length=300, in_list=False, listable=False),
        F("subject", N_("Subject"), required=True),
        F("language", N_("Language"), "choice", choices=ch.LETTER_LANGUAGES, in_list=False),
        F("concerns", N_("Concerns"), "records", section="links", child=ChildTable(LetterLink, "letter", "record_id")),
        F("approval", N_("Approval"), "choice", choices=ch.APPROVAL_KINDS, in_list=False),
        F("reply_due", N_("Reply due"), "date", section="dates"),
        F("replied_by", N_("Replied by"), "link", link="correspondence", in_list=False, section="links"),
        F("status", N_("Status"), "choice", required=True, choices=ch.LETTER_STATUSES, filter=True),
        F("officer", N_("Officer"), "link", link="employees", in_list=False),
        NOTES,
    ),
    title_field="subject",
    shown=("our_date", "our_number", "direction", "partner", "subject", "reply_due", "status"),
    date_field="our_date",
    default_order=("our_date", True),
    date_order=(("reply_due", "our_date"), ("our_date", "their_date")),
    rules=(letter_rules,),
)
