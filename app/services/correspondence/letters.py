"""Letters written from records as Word documents: an invitation or thanks for a delegation's visit, a memo for a
business trip, a cover letter sending an agreement's draft for approval. The templates ship in
``resources/templates/<language>/<template>.docx``; the office's own copies in its data folder take their place.
Writing a letter records it in the correspondence journal (outgoing, numbered) with the document attached."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app.exporters.docx import render_docx
from app.i18n import N_, Translator, _, babel_locale, format_long_date, translator_for
from app.models import (
    Agreement,
    AgreementParty,
    BusinessTrip,
    DelegationVisit,
    Employee,
    Letter,
    LetterLink,
    Partner,
    TripTraveller,
    VisitCountry,
    VisitMember,
    VisitPartner,
    db,
)
from app.models.choices import AGREEMENT_KINDS, FUNDING_SOURCES, TRIP_PURPOSES
from app.paths import resources_dir
from app.services import registry_settings
from app.services.attachments import add_attachment
from app.services.correspondence.journal import suggest_number
from app.services.registers.list_rows import record_label
from app.services.registers.records import save_values
from app.text.countries import country_name

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class LetterTemplate:
    """A kind of letter: the register it is written from and its name for people."""

    name: str
    register: str
    title: str


TEMPLATES: dict[str, LetterTemplate] = {
    template.name: template
    for template in (
        LetterTemplate("invitation", "visits", N_("Invitation and visa support")),
        LetterTemplate("thanks", "visits", N_("Letter of thanks after the visit")),
        LetterTemplate("memo", "trips", N_("Business trip memo")),
        LetterTemplate("approval", "agreements", N_("Draft sent for approval")),
    )
}

#: The languages a letter can be written in (a template for each ships with Hamkor).
LETTER_LANGUAGES = ("uz", "uz-Cyrl", "ru", "en")

#: How long a ministry is given to answer a draft sent for approval.
APPROVAL_REPLY_DAYS = 30


class LetterProblem(Exception):
    """A letter cannot be written; the message says why, in the interface language."""


def format_passport_date(value: dt.date | None) -> str:
    """A date of birth as visa forms write it in every language (day.month.year, all digits)."""
    from babel.dates import format_date as babel_format_date

    return babel_format_date(value, "dd.MM.yyyy", locale="en") if value else ""


def templates_for(register: str) -> list[LetterTemplate]:
    """The letters that can be written from a record of `register`."""
    return [template for template in TEMPLATES.values() if template.register == register]


def office_templates_dir() -> Path:
    """Where the office keeps its own templates (``<language>/<template>.docx``), used instead of Hamkor's."""
    from platformdirs import user_data_dir

    return Path(user_data_dir("Hamkor", appauthor=False)) / "templates"


def template_path(template: str, language: str) -> Path:
    """The template a letter is written from: the office's own copy when there is one, else Hamkor's."""
    own = office_templates_dir() / language / f"{template}.docx"
    return own if own.is_file() else resources_dir() / "templates" / language / f"{template}.docx"


@dataclass(frozen=True)
class WrittenLetter:
    """A letter written: the document, and its record in the journal (None when not recorded)."""

    path: Path
    number: str
    letter_id: int | None


def write_letter(*, template: str, record_id: int, language: str | Translator, target: Path, record: bool = True,
                 addressee_id: int | None = None, officer_id: int | None = None,
                 today: dt.date | None = None) -> WrittenLetter:  # fmt: skip
    """Write the letter `template` for the record `record_id` in `language` (a translator, or a language code) to
    `target`; unless `record` is false, record it in the journal (outgoing, with the next number, the document
    attached), all or nothing. What goes wrong is said in the interface language."""
    writing = translator_for(language)
    language = writing.language
    if template not in TEMPLATES:
        raise LetterProblem(_("Unknown letter template “{name}”.").format(name=template))
    if language not in LETTER_LANGUAGES:
        raise LetterProblem(_("Letters are written in {languages}.").format(languages=", ".join(LETTER_LANGUAGES)))
    kind = TEMPLATES[template]
    model = {"visits": DelegationVisit, "trips": BusinessTrip, "agreements": Agreement}[kind.register]
    source = model.get_or_none(model.id == record_id)
    if source is None:
        raise LetterProblem(_("There is no record {id} in “{register}”.").format(id=record_id, register=kind.register))
    today = today or dt.date.today()
    officer = Employee.get_or_none(Employee.id == officer_id) if officer_id is not None else _responsible(source)
    addressee = _addressee(template, source, addressee_id)
    reply_due = today + dt.timedelta(days=APPROVAL_REPLY_DAYS) if template == "approval" else None
    with db.atomic():
        number = suggest_number(on=today) if record else ""
        values = letter_values(template, source, writing, addressee=addressee, officer=officer, number=number,
                               day=today, reply_due=reply_due)  # fmt: skip
        render_docx(template_path(template, language), values, target)
        if not record:
            return WrittenLetter(target, number, None)
        letter_id = save_values("correspondence", {
            "direction": "outgoing", "kind": "memo" if template == "memo" else "letter", "our_number": number,
            "our_date": today, "partner": addressee.id if addressee is not None else None,
            "correspondent": values["addressee"] if addressee is None else "",
            "subject": f"{_(kind.title)}: {record_label(kind.register, source)}"[:1000], "language": language,
            "concerns": [(kind.register, source.id)], "approval": "sent" if template == "approval" else None,
            "reply_due": reply_due, "status": "awaiting_reply" if reply_due else "sent",
            "officer": officer.id if officer is not None else None, "notes": "",
        })  # fmt: skip
        add_attachment("correspondence", letter_id, target)
    logger.info("letter %s %s written for %s %s", template, number, kind.register, record_id)
    return WrittenLetter(target, number, letter_id)


def _responsible(source: Any) -> Employee | None:
    return source.linked("responsible") if hasattr(source, "responsible_id") else None


def _addressee(template: str, source: Any, addressee_id: int | None) -> Partner | None:
    """Whom the letter goes to: the partner chosen; else the delegation's organisation, the ministry that last had
    the agreement's draft (or the first government body); a memo goes to the head of the organisation."""
    if addressee_id is not None:
        return Partner.get_or_none(Partner.id == addressee_id)
    if template in ("invitation", "thanks"):
        link = source.partner_links.order_by(VisitPartner.id).first() if hasattr(source, "partner_links") else None
        return link.partner if link is not None else None
    if template == "approval":
        earlier = (
            Letter.select(Letter.partner)
            .join(LetterLink)
            .where((LetterLink.register == "agreements") & (LetterLink.record_id == source.id)
                   & Letter.approval.is_null(False) & Letter.partner.is_null(False))  # fmt: skip
            .order_by(Letter.our_date.desc(), Letter.id.desc())
            .first()
        )
        if earlier is not None:
            return earlier.partner
        return Partner.select().where(Partner.kind == "government_body").order_by(Partner.id).first()
    return None


def _dates(start: dt.date | None, end: dt.date | None) -> str:
    if start is None:
        return ""
    if end is None or end == start:
        return format_long_date(start)
    return f"{format_long_date(start)} – {format_long_date(end)}"


def letter_values(template: str, source: Any, language: str | Translator, *, addressee: Partner | None = None,
                  officer: Employee | None = None, number: str = "", day: dt.date | None = None,
                  reply_due: dt.date | None = None) -> dict[str, Any]:  # fmt: skip
    """The values a template is filled with, written in `language` (a translator, or a language code)."""
    with translator_for(language).in_use() as tr:
        language = tr.language
        signatory = registry_settings.signatory(language)
        values: dict[str, Any] = {
            "organisation": registry_settings.organisation_name(language),
            "number": number or "____",
            "date": format_long_date(day or dt.date.today()),
            "signatory_name": signatory.name,
            "signatory_title": signatory.title or _("Director"),
            "officer": officer.full_name if officer is not None else "",
            "officer_position": officer.position if officer is not None else "",
            "addressee": record_label("partners", addressee, language) if addressee is not None else "",
            "reply_due": format_long_date(reply_due) if reply_due else "",
        }
        if template in ("invitation", "thanks"):
            values.update(_visit_values(source, language))
            values["addressee"] = values["addressee"] or values["partner"]
        elif template == "memo":
            values.update(_trip_values(source, language))
            values["addressee"] = f"{values['signatory_title']} {values['signatory_name']}".strip()
        else:
            values.update(_agreement_values(source, language))
    return values


def _visit_values(visit: DelegationVisit, language: str) -> dict[str, Any]:
    locale = babel_locale()
    links = visit.partner_links.order_by(VisitPartner.id)
    partners = [record_label("partners", link.partner, language) for link in links]
    members = []
    for number, member in enumerate(visit.members.order_by(VisitMember.id), start=1):
        members.append({
            "number": number, "name": member.full_name, "position": member.position,
            "citizenship": country_name(member.citizenship, locale) if member.citizenship else "",
            "passport": member.passport_number, "birth_date": format_passport_date(member.birth_date),
        })  # fmt: skip
    host = visit.linked("host_department")
    return {
        "delegation": visit.title,
        "partner": "; ".join(partners) or visit.title,
        "countries": ", ".join(country_name(row.country, locale) for row in visit.countries.order_by(VisitCountry.id)),
        "dates": _dates(visit.arrived_on, visit.departed_on),
        "purpose": visit.purpose, "programme": visit.programme, "outcomes": visit.outcomes,
        "host_department": record_label("departments", host, language) if host is not None else "",
        "members": members,
    }  # fmt: skip


def _trip_values(trip: BusinessTrip, language: str) -> dict[str, Any]:
    locale = babel_locale()
    travellers = []
    for number, link in enumerate(trip.traveller_links.order_by(TripTraveller.id), start=1):
        employee = link.employee
        department = employee.linked("department")
        travellers.append({
            "number": number, "name": employee.full_name, "position": employee.position,
            "department": record_label("departments", department, language) if department is not None else "",
        })  # fmt: skip
    host = trip.linked("host")
    return {
        "trip": trip.title,
        "place": ", ".join(filter(None, [trip.city, country_name(trip.country, locale)])),
        "host": record_label("partners", host, language) if host is not None else trip.host_name,
        "dates": _dates(trip.start_on, trip.end_on),
        "purpose": _(TRIP_PURPOSES.label(trip.purpose)), "paper": trip.paper_title,
        "funding": _(FUNDING_SOURCES.label(trip.funding_source)),
        "report_due": format_long_date(trip.report_due_on) if trip.report_due_on else "",
        "travellers": travellers,
    }  # fmt: skip


def _agreement_values(agreement: Agreement, language: str) -> dict[str, Any]:
    parties = [
        record_label("partners", link.partner, language)
        for link in AgreementParty.select().where(AgreementParty.agreement == agreement.id).order_by(AgreementParty.id)
    ]
    return {
        "agreement": record_label("agreements", agreement, language),
        "agreement_kind": _(AGREEMENT_KINDS.label(agreement.kind)),
        "parties": "; ".join(parties),
        "reg_number": agreement.reg_number or "",
    }
