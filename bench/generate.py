"""A large, realistic registry: N records per main register, names in Latin and Cyrillic, real links and dates.

python -m bench.generate --db big.db --records 100000
python -m bench.generate --db postgresql://user@host/name --records 20000
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
import time
from collections.abc import Iterator

from app.models import (
    Agreement,
    AgreementParty,
    BookExchange,
    BusinessTrip,
    DelegationVisit,
    Department,
    Employee,
    Partner,
    TripTraveller,
    VisitCountry,
    VisitPartner,
    db,
)
from app.models.choices import AGREEMENT_KINDS, PARTNER_KINDS, TRIP_PURPOSES
from app.text.countries import country_search_names
from app.text.search_keys import search_key
from app.text.translit import uz_latin_to_cyrillic

COUNTRIES = ["KR", "JP", "CN", "RU", "KZ", "KG", "TJ", "TM", "TR", "DE", "FR", "GB", "US", "IT", "PL", "IR", "AZ",
             "BY", "LV", "CZ", "EG", "IN", "MN", "RO", "AM", "GE", "UA", "LT", "EE", "HU"]  # fmt: skip
CITIES = ["Seoul", "Tokyo", "Beijing", "Moscow", "Astana", "Bishkek", "Dushanbe", "Ashgabat", "Ankara", "Berlin",
          "Paris", "London", "Washington", "Rome", "Warsaw", "Tehran", "Baku", "Minsk", "Riga", "Prague"]  # fmt: skip
UZ_WORDS = ["Milliy", "kutubxona", "Davlat", "universitet", "ilmiy", "markaz", "akademiya", "fanlar", "qoʻlyozmalar",
            "instituti", "madaniyat", "xalqaro", "axborot", "arxiv", "muzey", "nashriyot", "jamgʻarma"]  # fmt: skip
RU_WORDS = ["Национальная", "библиотека", "государственный", "университет", "научный", "центр", "академия",
            "рукописей", "институт", "культуры", "архив", "музей", "издательство", "фонд"]  # fmt: skip
EN_WORDS = ["National", "Library", "State", "University", "Research", "Centre", "Academy", "Manuscripts",
            "Institute", "Culture", "Archive", "Museum", "Press", "Foundation", "International"]  # fmt: skip
BATCH = 2000


def _name(rng: random.Random, words: list[str], serial: int) -> str:
    return " ".join(rng.sample(words, 3)) + f" {serial}"


def _batches(rows: list[dict]) -> Iterator[list[dict]]:
    for start in range(0, len(rows), BATCH):
        yield rows[start : start + BATCH]


def _insert(model, rows: list[dict]) -> None:  # noqa: ANN001 - a peewee model
    for batch in _batches(rows):
        model.insert_many(batch).execute()


def _date(rng: random.Random, first_year: int = 1995, last_year: int = 2026) -> dt.date:
    start = dt.date(first_year, 1, 1).toordinal()
    return dt.date.fromordinal(rng.randint(start, dt.date(last_year, 12, 31).toordinal()))


def generate(records: int, *, seed: int = 2019, progress: bool = True) -> dict[str, int]:
    """Fill the open (empty) registry: `records` partners, agreements, visits, trips and exchanges."""
    rng = random.Random(seed)
    now = dt.datetime(2026, 1, 1, 9, 0, 0)
    stamp = {"created_at": now, "updated_at": now, "created_by": "bench", "updated_by": "bench", "version": 1,
             "is_sample": True}  # fmt: skip
    counts: dict[str, int] = {}
    started = time.perf_counter()

    def say(what: str) -> None:
        if progress:
            print(f"  {what} ({time.perf_counter() - started:.1f} s)", file=sys.stderr)

    with db.atomic():
        departments = [{**stamp, "name_en": f"Department {i}", "name_uz": f"{i}-boʻlim", "name_ru": f"Отдел {i}",
                        "kind": "department" if i < 8 else "regional_centre", "search_text": f"department {i}"}
                       for i in range(1, 21)]  # fmt: skip
        _insert(Department, departments)
        department_ids = [row[0] for row in Department.select(Department.id).tuples()]
        employees = [{**stamp, "full_name": f"Xodim {i} Karimov", "position": "Specialist",
                      "department": rng.choice(department_ids), "search_text": f"xodim {i} karimov"}
                     for i in range(1, 301)]  # fmt: skip
        _insert(Employee, employees)
        employee_ids = [row[0] for row in Employee.select(Employee.id).tuples()]

        partners = []
        for i in range(1, records + 1):
            country = rng.choice(COUNTRIES)
            uz = _name(rng, UZ_WORDS, i)
            row = {**stamp, "name_uz": uz if i % 3 else uz_latin_to_cyrillic(uz), "name_ru": _name(rng, RU_WORDS, i),
                   "name_en": _name(rng, EN_WORDS, i), "kind": rng.choice(PARTNER_KINDS.codes), "country": country,
                   "city": rng.choice(CITIES)}  # fmt: skip
            row["search_text"] = search_key(row["name_uz"], row["name_ru"], row["name_en"], row["city"],
                                            *country_search_names(country))  # fmt: skip
            partners.append(row)
        _insert(Partner, partners)
        partner_ids = [row[0] for row in Partner.select(Partner.id).tuples()]
        partner_names = {pid: partners[i]["search_text"] for i, pid in enumerate(partner_ids)}
        counts["partners"] = records
        say("partners")

        agreements, parties = [], []
        for i in range(1, records + 1):
            signed = _date(rng)
            partner = rng.choice(partner_ids)
            row = {**stamp, "reg_number": f"XA-{signed.year}/{i:06d}", "kind": rng.choice(AGREEMENT_KINDS.codes),
                   "status": rng.choice(("in_force", "in_force", "in_force", "expired", "draft", "negotiation")),
                   "title_en": f"Agreement on cooperation no. {i}", "title_ru": f"Соглашение о сотрудничестве № {i}",
                   "title_uz": f"Hamkorlik toʻgʻrisida shartnoma № {i}", "signed_on": signed,
                   "effective_from": signed, "valid_until": signed + dt.timedelta(days=365 * rng.choice((3, 5, 10))),
                   "auto_renewal": i % 4 == 0, "renewal_years": 5 if i % 4 == 0 else None,
                   "notice_days": 90 if i % 4 == 0 else None}  # fmt: skip
            row["search_text"] = search_key(row["reg_number"], row["title_en"], row["title_ru"], row["title_uz"],
                                            partner_names[partner])  # fmt: skip
            agreements.append(row)
            parties.append(partner)
        _insert(Agreement, agreements)
        agreement_ids = [row[0] for row in Agreement.select(Agreement.id).order_by(Agreement.id).tuples()]
        _insert(AgreementParty, [{"agreement": a, "partner": p} for a, p in zip(agreement_ids, parties, strict=True)])
        counts["agreements"] = records
        say("agreements")

        visits, visit_partners, visit_countries = [], [], []
        for i in range(1, records + 1):
            arrived = _date(rng, 2000)
            partner = rng.choice(partner_ids)
            country = partners[partner - partner_ids[0]]["country"]
            row = {**stamp, "title": f"Delegation {i}", "arrived_on": arrived,
                   "departed_on": arrived + dt.timedelta(days=rng.randint(0, 4)), "purpose": "Cooperation talks",
                   "host_department": rng.choice(department_ids)}  # fmt: skip
            row["search_text"] = search_key(row["title"], row["purpose"], partner_names[partner],
                                            *country_search_names(country))  # fmt: skip
            visits.append(row)
            visit_partners.append(partner)
            visit_countries.append(country)
        _insert(DelegationVisit, visits)
        visit_ids = [row[0] for row in DelegationVisit.select(DelegationVisit.id).order_by(DelegationVisit.id).tuples()]
        _insert(VisitPartner, [{"visit": v, "partner": p} for v, p in zip(visit_ids, visit_partners, strict=True)])
        _insert(VisitCountry, [{"visit": v, "country": c} for v, c in zip(visit_ids, visit_countries, strict=True)])
        counts["visits"] = records
        say("visits")

        trips, travellers = [], []
        for i in range(1, records + 1):
            start = _date(rng, 2000)
            country = rng.choice(COUNTRIES)
            row = {**stamp, "title": f"Trip {i}: {rng.choice(('conference', 'training', 'exhibition'))}",
                   "department": rng.choice(department_ids), "country": country, "city": rng.choice(CITIES),
                   "start_on": start, "end_on": start + dt.timedelta(days=rng.randint(1, 9)),
                   "purpose": rng.choice(TRIP_PURPOSES.codes), "funding_source": "budget",
                   "report_due_on": start + dt.timedelta(days=20),
                   "report_submitted_on": (start + dt.timedelta(days=rng.randint(8, 19))) if i % 50 else None,
                   }  # fmt: skip
            row["search_text"] = search_key(row["title"], row["city"], *country_search_names(country))
            trips.append(row)
            travellers.append(rng.choice(employee_ids))
        _insert(BusinessTrip, trips)
        trip_ids = [row[0] for row in BusinessTrip.select(BusinessTrip.id).order_by(BusinessTrip.id).tuples()]
        _insert(TripTraveller, [{"trip": t, "employee": e} for t, e in zip(trip_ids, travellers, strict=True)])
        counts["trips"] = records
        say("trips")

        exchanges = []
        for i in range(1, records + 1):
            partner = rng.choice(partner_ids)
            row = {**stamp, "partner": partner, "direction": rng.choice(("sent", "received")),
                   "exchanged_on": _date(rng, 2000), "books": rng.randint(0, 300), "periodicals": rng.randint(0, 40),
                   "electronic": rng.randint(0, 20), "description": f"Dispatch {i}"}  # fmt: skip
            row["search_text"] = search_key(row["description"], partner_names[partner])
            exchanges.append(row)
        _insert(BookExchange, exchanges)
        counts["exchange"] = records
        say("exchange")
    return counts


def main(argv: list[str] | None = None) -> int:
    """Generate a registry from the command line."""
    from app.models.database import close_database, open_database

    parser = argparse.ArgumentParser(prog="python -m bench.generate", description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True, help="an SQLite file (new) or a PostgreSQL URL (empty database)")
    parser.add_argument("--records", type=int, default=100_000, help="records per main register")
    args = parser.parse_args(argv)
    open_database(args.db)
    try:
        counts = generate(args.records)
    finally:
        close_database()  # an SQLite file is whole (its write-ahead log folded in) once closed
    print(", ".join(f"{name}: {count}" for name, count in counts.items()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
