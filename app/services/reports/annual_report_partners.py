"""The annual report's parts about partners beyond the activities: the national libraries with an agreement in force
on 31 December, the memberships in international organisations and their fees, the protocol gifts and the book
exchange balance."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from types import SimpleNamespace

import peewee as pw

from app.i18n import _, babel_locale
from app.models import (
    Agreement,
    AgreementParty,
    BusinessTrip,
    DelegationVisit,
    Event,
    Membership,
    Partner,
    ProtocolGift,
)
from app.models.choices import GIFT_DIRECTIONS, GIFT_KINDS, MEMBERSHIP_STATUSES
from app.services.reports.annual_report_rows import AnnualReport, FigureRow, GiftRow, MembershipRow
from app.services.reports.exchange_balance import balance_of_year
from app.text.countries import country_name
from app.text.names import localized_name, name_alternatives

#: The kind of partner the annual report counts agreements with.
NATIONAL_LIBRARY = "national_library"


def national_libraries_with_agreements(in_force: pw.Expression) -> tuple[int, int]:
    """How many distinct national libraries are a party (bilateral or multilateral) to an agreement meeting
    `in_force`, and of how many countries."""
    parties = AgreementParty.select(AgreementParty.partner).join(Agreement).where(in_force).distinct()
    libraries = Partner.select(Partner.id, Partner.country).where(
        Partner.id.in_(parties) & (Partner.kind == NATIONAL_LIBRARY)
    )
    rows = list(libraries.tuples())
    return len(rows), len({country for _id, country in rows if country})


def add_partner_parts(report: AnnualReport, *, in_force_at_end) -> None:  # noqa: ANN001 - year → condition
    """Fill the report's national libraries, memberships, gifts and exchange balance."""
    year = report.year
    now, before = national_libraries_with_agreements(in_force_at_end(year)), national_libraries_with_agreements(
        in_force_at_end(year - 1)
    )
    report.national_libraries = FigureRow(
        "national_libraries", _("National libraries with an agreement in force at the end of the year"), now[0],
        before[0],
    )  # fmt: skip
    report.national_library_countries = FigureRow(
        "national_library_countries", _("Countries of those national libraries"), now[1], before[1]
    )
    after = next((i + 1 for i, row in enumerate(report.figures) if row.key == "agreements_in_force"), 0)
    report.figures[after:after] = [report.national_libraries, report.national_library_countries]
    _memberships(report)
    _gifts(report)
    report.exchange, report.exchange_total = balance_of_year(year, language=report.language)


def national_libraries_line(report: AnnualReport) -> str:
    """“On 31 December 2019 agreements were in force with 11 national libraries of 11 countries.”"""
    libraries, countries = report.national_libraries, report.national_library_countries
    if libraries is None or countries is None:
        return ""
    return _(
        "On 31 December {year} agreements were in force with {libraries} national libraries of {countries} countries."
    ).format(year=report.year, libraries=libraries.value, countries=countries.value)


def _names_with_country(row: SimpleNamespace, language: str) -> list[str]:
    return [*name_alternatives(row, "name", language), country_name(row.country, babel_locale(language))]


def _memberships(report: AnnualReport) -> None:
    language, year = report.language, report.year
    query = (
        Membership.select(
            Membership.level, Membership.since, Membership.status, Membership.annual_fee, Membership.currency,
            Membership.paid_until, Membership.next_due_on, Partner.name_uz, Partner.name_ru, Partner.name_en,
            Partner.name_orig, Partner.country,
        )  # fmt: skip
        .join(Partner)
        .where(Membership.status.in_(("active", "suspended")))
        .where(Membership.since.is_null() | (Membership.since <= year))
    )
    for row in query.namedtuples():
        report.memberships.append(
            MembershipRow(
                organisation=_names_with_country(row, language),
                level=row.level,
                since=row.since,
                status=_(MEMBERSHIP_STATUSES.label(row.status)),
                fee=Decimal(row.annual_fee) if row.annual_fee is not None else None,
                currency=row.currency,
                paid_until=_day(row.paid_until),
                next_due=_day(row.next_due_on),
            )
        )
        if row.annual_fee is not None and row.status == "active":
            report.fees[row.currency] = report.fees.get(row.currency, Decimal(0)) + Decimal(row.annual_fee)
    report.memberships.sort(key=lambda r: r.organisation[0].casefold())


def _day(value: object) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def _gifts(report: AnnualReport) -> None:
    language, year = report.language, report.year
    gifts = list(
        ProtocolGift.select()
        .where(ProtocolGift.given_on.between(dt.date(year, 1, 1), dt.date(year, 12, 31)))
        .order_by(ProtocolGift.given_on, ProtocolGift.id)
    )

    def wanted(model: type[pw.Model], name: str) -> pw.ModelSelect:
        return model.select().where(model.id.in_({getattr(gift, f"{name}_id") for gift in gifts} - {None}))

    visits = {row.id: row.title for row in wanted(DelegationVisit, "visit")}
    trips = {row.id: row.title for row in wanted(BusinessTrip, "trip")}
    events = {row.id: localized_name(row, "title", language) for row in wanted(Event, "event")}
    partners = {row.id: _names_with_country(row, language) for row in wanted(Partner, "partner")}
    for gift in gifts:
        occasion = visits.get(gift.visit_id) or trips.get(gift.trip_id) or events.get(gift.event_id) or ""
        report.gifts.append(
            GiftRow(
                day=_day(gift.given_on),
                given=gift.direction == "given",
                direction=_(GIFT_DIRECTIONS.label(gift.direction)),
                item=gift.item,
                kind=_(GIFT_KINDS.label(gift.kind)),
                quantity=gift.quantity,
                partner=partners.get(gift.partner_id, []),
                occasion=occasion,
                kept_at=gift.kept_at,
                declared=gift.declared,
            )
        )


def gifts_line(report: AnnualReport) -> str:
    """How many gifts were given and received in the year."""
    given = sum(row.given for row in report.gifts)
    return _("Gifts given: {given}; received: {received}").format(given=given, received=len(report.gifts) - given)
