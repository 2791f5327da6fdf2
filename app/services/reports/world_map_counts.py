"""What the world map counts per country in a year: partners, agreements in force, delegations, trips, events.

Each measure is one grouped SQL query; the rules are the annual report's (agreements in force at the end of the
year with partners of the country, delegations by their arrival, trips by their start)."""

from __future__ import annotations

import peewee as pw

from app.i18n import N_, _
from app.models import Agreement, AgreementParty, BusinessTrip, Event, EventCountry, Partner
from app.models.partners import counted_partner
from app.services.dashboard import _between, in_force_at_end, visits_by_country
from app.services.reports.world_map import MapPicture, make_picture

#: What the map can count: key and label (the command line's --of takes the keys).
MEASURES: dict[str, str] = {
    "partners": N_("Partners"),
    "agreements": N_("Agreements in force"),
    "visits": N_("Delegations received"),
    "trips": N_("Business trips"),
    "events": N_("Events"),
}

#: What each measure counts, said under the map.
MEASURE_NOTES: dict[str, str] = {
    "partners": N_("Partners registered in each country."),
    "agreements": N_("Agreements in force at the end of the year, with partners of each country."),
    "visits": N_("Delegations that arrived in the year, by the countries they came from."),
    "trips": N_("Business trips that began in the year, by destination."),
    "events": N_("Events of the year (not cancelled), by the country held in and the countries taking part."),
}


def agreements_by_country(year: int) -> dict[str, int]:
    """Agreements in force at the end of `year`, counted once per country of their partners (the Uzbek government
    bodies that approve them are not partners abroad)."""
    in_force = Agreement.select(Agreement.id).where(in_force_at_end(year))
    return dict(
        AgreementParty.select(Partner.country, pw.fn.COUNT(pw.fn.DISTINCT(AgreementParty.agreement)))
        .join(Partner)
        .where(Partner.country.is_null(False) & AgreementParty.agreement.in_(in_force) & counted_partner())
        .group_by(Partner.country)
        .tuples()
    )


def partners_by_country() -> dict[str, int]:
    """Partners registered per country, the Uzbek government bodies the service writes to left out."""
    return dict(
        Partner.select(Partner.country, pw.fn.COUNT(pw.SQL("*")))
        .where(Partner.country.is_null(False) & counted_partner())
        .group_by(Partner.country)
        .tuples()
    )


def trips_by_country(year: int) -> dict[str, int]:
    """Business trips that began in `year`, per destination."""
    return dict(
        BusinessTrip.select(BusinessTrip.country, pw.fn.COUNT(BusinessTrip.id))
        .where(_between(BusinessTrip.start_on, year))
        .group_by(BusinessTrip.country)
        .tuples()
    )


def events_by_country(year: int) -> dict[str, int]:
    """Events of `year` (not cancelled) per country: held there or taking part, each event once per country."""
    held = _between(Event.start_on, year) & (Event.status != "cancelled")
    hosts = Event.select(Event.id.alias("event"), Event.country.alias("country")).where(
        held & Event.country.is_null(False)
    )
    taking_part = (
        EventCountry.select(EventCountry.event.alias("event"), EventCountry.country.alias("country"))
        .join(Event)
        .where(held)
    )
    both = (hosts | taking_part).alias("pairs")  # UNION: an event held in a country it also lists counts once
    return dict(both.select_from(both.c.country, pw.fn.COUNT(pw.SQL("*"))).group_by(both.c.country).tuples())


def country_counts(year: int, of: str) -> dict[str, int]:
    """Country code → how many of `of` (a key of MEASURES) the year holds."""
    if of == "partners":
        return partners_by_country()
    if of == "agreements":
        return agreements_by_country(year)
    if of == "visits":
        return dict(visits_by_country(year))
    if of == "trips":
        return trips_by_country(year)
    if of == "events":
        return events_by_country(year)
    raise KeyError(of)


def all_counts(year: int) -> dict[str, dict[str, int]]:
    """Every measure's counts of `year` (what the map's tooltips and its table show)."""
    return {measure: country_counts(year, measure) for measure in MEASURES}


def measure_title(of: str, year: int) -> str:
    """'Delegations received, 2019'."""
    return _("{what}, {year}").format(what=_(MEASURES[of]), year=year)


def activity_picture(report) -> MapPicture:  # noqa: ANN001 - an AnnualReport
    """The annual report's map: each country's total of its table by country (delegations, trips, agreements in
    force, events abroad). Call inside the report's language context."""
    counts = {row.code: row.total for row in report.countries}
    return make_picture(counts, title=_("International activity by country, {year}").format(year=report.year),
                        language=report.language,
                        caption=_("The total of the table by country: delegations, trips, agreements in force, "
                                  "events abroad."))  # fmt: skip


def dossier_picture(country: str, language: str) -> MapPicture:
    """A country dossier's map: the country marked among its neighbours, shaded by the active partners of each.
    Call inside the dossier's language context."""
    return make_picture(partners_by_country(), title=_(MEASURES["partners"]), language=language,
                        caption=_(MEASURE_NOTES["partners"]), country=country)  # fmt: skip
