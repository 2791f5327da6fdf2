"""The country dossier and the partner card: everything the registry holds with one country or one partner — its
organisations and people, agreements with their status and terms, projects, events, visits, trips, exchange, loans
and funding — for the officer preparing a visit. Built with set-based queries; written as an A4 landscape PDF."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field
from pathlib import Path

from app.i18n import Translator, _, babel_locale, format_date, format_number, translator_for
from app.models import Partner
from app.models.choices import PARTNER_KINDS
from app.services.reports.dossier_protocol import protocol_sections
from app.services.reports.dossier_sections import Section, SectionBuilder
from app.text.countries import country_name, is_country
from app.text.names import name_alternatives

logger = logging.getLogger(__name__)

__all__ = ["Dossier", "DossierError", "Section", "build_dossier", "write_dossier_pdf"]


class DossierError(ValueError):
    """The dossier's subject does not exist (an unknown country code or partner); the message says which."""


@dataclass
class Dossier:
    """Everything with one country or one partner, as of a day, in one language."""

    language: str
    as_of: dt.date
    title: str
    subject: list[str]  # the country's or partner's name (a partner's with its other names)
    country: str | None = None
    partner_id: int | None = None
    #: What the card says first: label and value (several values: alternatives such as a partner's other names)
    facts: list[tuple[str, str | list[str]]] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)

    def section(self, key: str) -> Section:
        """The section of register `key`."""
        return next(section for section in self.sections if section.key == key)


def build_dossier(
    *, country: str | None = None, partner_id: int | None = None, language: str | Translator,
    today: dt.date | None = None,
) -> Dossier:
    """The dossier of a country (ISO code) or the card of a partner (its id), in `language`, as of `today`.

    Raises `DossierError` with a translated message when the country code or the partner is unknown."""
    if (country is None) == (partner_id is None):
        raise ValueError("give either a country or a partner")
    today = today or dt.date.today()
    with translator_for(language).in_use() as tr:
        language = tr.language
        if country is not None:
            code = country.strip().upper()
            if not is_country(code):
                raise DossierError(_("Unknown country code “{code}”.").format(code=country))
            name = country_name(code, babel_locale(language))
            partners = Partner.select(Partner.id).where(Partner.country == code)
            builder = SectionBuilder(language, today, partners, code)
            dossier = Dossier(language, today, _("Country dossier: {country}").format(country=name), [name],
                              country=code)  # fmt: skip
            dossier.sections = builder.sections(with_partners=True)
        else:
            partner = Partner.get_or_none(Partner.id == partner_id)
            if partner is None:
                raise DossierError(_("There is no partner with the number {id}.").format(id=partner_id))
            subject = name_alternatives(partner, "name", language)
            dossier = Dossier(language, today, _("Partner card: {partner}").format(partner=subject[0]), subject,
                              partner_id=partner.id)  # fmt: skip
            dossier.facts = _partner_facts(partner, subject, language)
            builder = SectionBuilder(language, today, Partner.select(Partner.id).where(Partner.id == partner.id), None)
            dossier.sections = builder.sections(with_partners=False)
        dossier.sections += protocol_sections(builder)
        dossier.facts.append((_("In the registry"), _summary(dossier)))
    return dossier


def _partner_facts(partner: Partner, subject: list[str], language: str) -> list[tuple[str, str | list[str]]]:
    parent = partner.linked("parent")
    facts = [
        (_("Other names"), subject[1:] + ([partner.short_name] if partner.short_name else [])),
        (_("Kind"), _(PARTNER_KINDS.label(partner.kind))),
        (_("Country"), country_name(partner.country, babel_locale(language))),
        (_("City"), partner.city),
        (_("Address"), partner.address),
        (_("Website"), partner.website),
        (_("E-mail"), partner.email),
        (_("Phone"), partner.phone),
        (_("Parent organisation"), name_alternatives(parent, "name", language)[0] if parent is not None else ""),
        (_("Active"), _("Yes") if partner.active else _("No")),
    ]
    return [(label, value) for label, value in facts if value]


def _summary(dossier: Dossier) -> str:
    """'3 agreements, 2 projects, …': how many records of each kind the dossier holds."""
    parts = [f"{section.title}: {format_number(len(section.rows))}" for section in dossier.sections if section.rows]
    return "; ".join(parts) or _("nothing yet")


def write_dossier_pdf(dossier: Dossier, path: Path, *, organisation: str, progress=None, cancelled=None) -> Path:  # noqa: ANN001
    """The dossier as an A4 landscape PDF (Cancel is asked between its sections and at every page)."""
    from reportlab.lib.units import mm
    from reportlab.platypus import Spacer

    from app.exporters.fonts import printable
    from app.exporters.pdf import build_pdf, heading_block, para, section_heading, styles
    from app.exporters.progress import steps_of
    from app.services.reports.annual_report_pdf import note, page_texts, table

    steps = steps_of(progress, cancelled)
    usable = 297 * mm - 30 * mm
    with translator_for(dossier.language).in_use():
        as_of = _("As of {date}").format(date=format_date(dossier.as_of))
        texts, footer = page_texts(organisation, dossier.title, dossier.title, as_of)
        story = heading_block(texts, [as_of])
        body = styles()["body"]
        for label, value in dossier.facts:
            shown = value if isinstance(value, str) else "; ".join(text for text in value if printable(text))
            if shown:
                story.append(para(f"{label}: {shown}", body))
        story.append(Spacer(1, 2 * mm))
        if dossier.country:  # the country on the world map among its neighbours (vector paths)
            from app.services.reports.world_map_counts import dossier_picture
            from app.services.reports.world_map_drawing import drawing

            story.append(drawing(dossier_picture(dossier.country, dossier.language), 170 * mm))
        for section in dossier.sections:
            steps.check()
            story += section_heading(f"{section.title} ({format_number(len(section.rows))})")
            if section.note:
                story.append(note(section.note))
                story.append(Spacer(1, 1.5 * mm))
            if section.rows:
                story.append(table(section.headers, section.weights, section.rows, width=usable,
                                   numeric=section.numeric))  # fmt: skip
            else:
                story.append(note(_("None.")))
        return build_pdf(path, story, footer, landscape_pages=True, steps=steps)
