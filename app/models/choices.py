"""The closed lists of a register's values (kinds, statuses, roles): stored codes and their labels."""

from __future__ import annotations

from app.i18n import N_


class Choices:
    """An ordered list of (code, label) pairs; labels are marked for translation and translated where shown."""

    def __init__(self, *pairs: tuple[str, str]) -> None:
        self.pairs = pairs
        self.codes = tuple(code for code, _label in pairs)
        self._labels = dict(pairs)

    def label(self, code: str | None) -> str:
        """The untranslated label of `code` ('' for an empty or unknown code)."""
        return self._labels.get(code or "", "")

    def __contains__(self, code: object) -> bool:
        return code in self._labels

    def __iter__(self):
        return iter(self.pairs)


PARTNER_KINDS = Choices(
    ("national_library", N_("National library")),
    ("library", N_("Library")),
    ("university", N_("University")),
    ("research_institute", N_("Research institute")),
    ("archive_museum", N_("Archive or museum")),
    ("diplomatic_mission", N_("Diplomatic mission")),
    ("international_organisation", N_("International organisation")),
    ("foundation", N_("Foundation")),
    ("publisher", N_("Publisher")),
    ("cultural_centre", N_("Cultural centre")),
    ("other", N_("Other")),
    ("government_body", N_("Uzbek government body")),
)

#: Partner kinds that are not partners abroad (the ministries the service writes to): left out of partner statistics.
NOT_COUNTED_PARTNER_KINDS = ("government_body",)

AGREEMENT_KINDS = Choices(
    ("agreement", N_("Agreement")),
    ("mou", N_("Memorandum of understanding")),
    ("memorandum_cooperation", N_("Memorandum of cooperation")),
    ("programme", N_("Programme or protocol")),
    ("contract", N_("Contract")),
    ("letter_of_intent", N_("Letter of intent")),
)

AGREEMENT_STATUSES = Choices(
    ("draft", N_("Draft")),
    ("negotiation", N_("Under negotiation")),
    ("in_force", N_("Signed, in force")),
    ("expired", N_("Expired")),
    ("terminated", N_("Terminated")),
)

PROJECT_KINDS = Choices(
    ("joint_project", N_("Joint project")),
    ("partner_centre", N_("Partner centre or corner")),
    ("international_programme", N_("International programme")),
)

PROJECT_STATUSES = Choices(
    ("planned", N_("Planned")),
    ("preparation", N_("In preparation")),
    ("active", N_("Active")),
    ("completed", N_("Completed")),
    ("cancelled", N_("Cancelled")),
)

PROJECT_ROLES = Choices(
    ("lead", N_("Lead organisation")),
    ("coordinator", N_("Coordinator")),
    ("participant", N_("Participant")),
)

EVENT_KINDS = Choices(
    ("conference", N_("Conference")),
    ("symposium", N_("Symposium")),
    ("seminar", N_("Seminar")),
    ("round_table", N_("Round table")),
    ("exhibition", N_("Exhibition")),
    ("travelling_exhibition", N_("Travelling book exhibition")),
    ("master_class", N_("Master class")),
    ("other", N_("Other")),
)

EVENT_PLACES = Choices(
    ("library", N_("At the library")),
    ("domestic", N_("Elsewhere in the country")),
    ("abroad", N_("Abroad")),
)

EVENT_STATUSES = Choices(
    ("planned", N_("Planned")),
    ("held", N_("Held")),
    ("postponed", N_("Postponed")),
    ("cancelled", N_("Cancelled")),
)

EVENT_ROLES = Choices(
    ("organiser", N_("Organiser")),
    ("partner", N_("Partner")),
)

TRIP_PURPOSES = Choices(
    ("conference", N_("Conference with a paper")),
    ("training", N_("Training")),
    ("exhibition", N_("Exhibition")),
    ("negotiations", N_("Negotiations")),
    ("other", N_("Other")),
)

FUNDING_SOURCES = Choices(
    ("budget", N_("Library budget")),
    ("host", N_("Host organisation")),
    ("grant", N_("Grant")),
    ("other", N_("Other")),
)

EXCHANGE_DIRECTIONS = Choices(
    ("sent", N_("Sent")),
    ("received", N_("Received")),
)

LOAN_DIRECTIONS = Choices(
    ("borrow", N_("We borrow")),
    ("lend", N_("We lend")),
)

LOAN_STATUSES = Choices(
    ("requested", N_("Requested")),
    ("sent", N_("Sent")),
    ("received", N_("Received")),
    ("returned", N_("Returned")),
    ("refused", N_("Refused")),
)

LOAN_FORMS = Choices(
    ("loan", N_("Loan of the item")),
    ("copy", N_("Copy")),
)

FUNDING_KINDS = Choices(
    ("grant", N_("Grant")),
    ("sponsorship", N_("Sponsorship")),
    ("in_kind", N_("In kind")),
)

FUNDING_STATUSES = Choices(
    ("applied", N_("Applied")),
    ("awarded", N_("Awarded")),
    ("rejected", N_("Rejected")),
    ("completed", N_("Completed")),
)

PLAN_ACTIVITIES = Choices(
    ("agreement", N_("Agreement")),
    ("project", N_("Project or programme")),
    ("event", N_("Event")),
    ("visit", N_("Delegation visit")),
    ("trip", N_("Business trip")),
    ("exchange", N_("Book exchange")),
    ("loan", N_("Interlibrary loan")),
    ("funding", N_("Funding")),
    ("other", N_("Other")),
)

PLAN_STATUSES = Choices(
    ("planned", N_("Planned")),
    ("done", N_("Done")),
    ("moved", N_("Moved")),
    ("cancelled", N_("Cancelled")),
)

DEPARTMENT_KINDS = Choices(
    ("department", N_("Department")),
    ("regional_centre", N_("Regional information-library centre")),
)

LETTER_DIRECTIONS = Choices(
    ("incoming", N_("Incoming")),
    ("outgoing", N_("Outgoing")),
)

LETTER_KINDS = Choices(
    ("letter", N_("Letter")),
    ("note_verbale", N_("Note verbale")),
    ("email", N_("E-mail")),
    ("memo", N_("Memo")),
)

LETTER_LANGUAGES = Choices(
    ("uz", N_("Uzbek, Latin script")),
    ("uz-Cyrl", N_("Uzbek, Cyrillic script")),
    ("ru", N_("Russian language")),
    ("en", N_("English language")),
    ("other", N_("Other")),
)

LETTER_STATUSES = Choices(
    ("draft", N_("Draft")),
    ("registered", N_("Registered")),
    ("sent", N_("Sent")),
    ("awaiting_reply", N_("Awaiting reply")),
    ("answered", N_("Answered")),
    ("closed", N_("Closed")),
)

#: The letters of an agreement draft's approval by the ministries.
APPROVAL_KINDS = Choices(
    ("sent", N_("Sent for approval")),
    ("approved", N_("Approval received")),
    ("remarks", N_("Remarks received")),
)

#: The language a department or regional centre works in: its templates and lists are written in it.
UNIT_LANGUAGES = Choices(
    ("uz", N_("Uzbek (Latin)")),
    ("uz-Cyrl", N_("Uzbek (Cyrillic)")),
    ("ru", N_("Russian")),
    ("en", N_("English language")),
)

#: Where a department's quarterly submission stands.
SUBMISSION_STATES = Choices(
    ("sent", N_("Template sent")),
    ("received", N_("Received, to review")),
    ("unreadable", N_("Could not be read")),
    ("accepted", N_("Accepted")),
)

#: What the officer decided for one row of a returned workbook.
SUBMISSION_ROW_STATES = Choices(
    ("accepted", N_("Accepted")),
    ("rejected", N_("Rejected")),
)

GIFT_DIRECTIONS = Choices(
    ("given", N_("Given")),
    ("received", N_("Received")),
)

GIFT_KINDS = Choices(
    ("books", N_("Books")),
    ("facsimile", N_("Facsimile")),
    ("artwork", N_("Work of art or craft")),
    ("souvenir", N_("Souvenir")),
    ("other", N_("Other")),
)

MEMBERSHIP_STATUSES = Choices(
    ("applied", N_("Applied")),
    ("active", N_("Active")),
    ("suspended", N_("Suspended")),
    ("ended", N_("Ended")),
)
