"""The sample data: the seed article's figures, sample marks, refusal of a non-empty database, determinism."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import peewee as pw
import pytest

from app.exporters.progress import ExportCancelled
from app.models import (
    REGISTERS,
    Agreement,
    AgreementParty,
    BusinessTrip,
    DelegationVisit,
    Department,
    Employee,
    Event,
    InterlibraryLoan,
    Partner,
    PlanItem,
    PlanLink,
    Project,
    ProjectPartner,
    TripTraveller,
    VisitCountry,
)
from app.models.base import ChangeLog
from app.models.database import close_database, open_database
from app.services.dashboard import attention
from app.services.registers.specs import RegisterSpec
from app.services.sample import loader as demo
from app.services.sample.loader import DemoRefused, load_demo

TODAY = dt.date(2025, 6, 15)

VISIT_COUNTRIES_2019 = {"US", "JP", "TR", "CN", "DE", "KG", "PL", "KZ", "MN", "RO", "TJ", "IT", "GB", "KR", "EG"}
TRIP_COUNTRIES_2019 = {"US", "IR", "KR", "JP", "RU", "KG", "TM", "TJ", "AM", "AZ", "BY"}

#: The partners the article names as parties to signed agreements and memoranda (by English name).
SIGNED_PARTNERS = [
    "National Library of China",
    "National Library and Archives of the Islamic Republic of Iran",
    "National Library of Korea",
    "Azerbaijan National Library named after M. F. Akhundov",
    "National Library of Latvia",
    "National Library of Russia",
    "National Library of Belarus",
    "National Academic Library of the Republic of Kazakhstan",
    "National Library of the Kyrgyz Republic named after Alykul Osmonov",
    "National Library of Turkey",
    "National Library of the Czech Republic",
    "Aichi University of the Arts",
    "IFLA/PAC Regional Centre for Central Asia",
    "Goethe-Institut Uzbekistan",
    "Korneli Kekelidze Georgian National Centre of Manuscripts",
    "State Library of the State Cultural Centre of Turkmenistan",
    "Embassy of the United States of America in the Republic of Uzbekistan",
]


@pytest.fixture
def loaded(database: pw.Database, load_sample) -> dict[str, int]:  # noqa: ANN001
    """A fresh database (the shared `database` fixture) holding the sample: the session's copy of it, which is the
    sample as `load_demo` writes it (test_the_tests_copy_of_the_sample_is_the_sample)."""
    return load_sample(TODAY)


def _counts() -> dict[str, int]:
    return {name: model.select().count() for name, model in REGISTERS.items()}


def _in_2019(field: pw.Field) -> pw.Expression:
    return field.between(dt.date(2019, 1, 1), dt.date(2019, 12, 31))


def test_counts_returned_match_the_tables(loaded: dict[str, int]) -> None:
    assert loaded == _counts()
    assert set(loaded) == set(REGISTERS)
    assert all(count > 0 for count in loaded.values()), loaded


def test_32_delegations_from_the_15_countries_in_2019(loaded: dict[str, int]) -> None:
    visits = DelegationVisit.select().where(_in_2019(DelegationVisit.arrived_on))
    assert visits.count() == 32
    countries = {
        row.country for row in VisitCountry.select().join(DelegationVisit).where(_in_2019(DelegationVisit.arrived_on))
    }
    assert countries == VISIT_COUNTRIES_2019
    for visit in visits:
        assert visit.countries.count() >= 1
        assert 2 <= visit.members.count() <= 4
        assert visit.partner_links.count() >= 1
    # Other years exist for comparison.
    assert DelegationVisit.select().where(~_in_2019(DelegationVisit.arrived_on)).count() > 0


def test_2019_trips_go_to_exactly_the_eleven_countries(loaded: dict[str, int]) -> None:
    trips = BusinessTrip.select().where(_in_2019(BusinessTrip.start_on))
    assert {trip.country for trip in trips} == TRIP_COUNTRIES_2019
    assert 16 <= trips.count() <= 20
    for trip in trips:
        assert trip.report_due_on == trip.end_on + dt.timedelta(days=10)
        assert trip.report_submitted_on == trip.end_on + dt.timedelta(days=7), trip.title
        assert trip.traveller_links.count() >= 1
        if trip.purpose == "conference":
            assert trip.paper_title
    # years later, no report of 2019 is shown as overdue
    assert not [item for item in attention(TODAY) if item.kind == "trip_report"]


def test_2019_travellers_come_from_all_14_regional_centres(loaded: dict[str, int]) -> None:
    centres = (
        Department.select(Department.id)
        .distinct()
        .join(Employee)
        .join(TripTraveller)
        .join(BusinessTrip)
        .where(_in_2019(BusinessTrip.start_on) & (Department.kind == "regional_centre"))
    )
    assert centres.count() == 14
    assert Department.select().where(Department.kind == "regional_centre").count() == 14


def test_each_named_partner_has_an_agreement_in_force(loaded: dict[str, int]) -> None:
    for name in SIGNED_PARTNERS:
        partner = Partner.get(Partner.name_en == name)
        agreements = (
            Agreement.select()
            .join(AgreementParty)
            .where((AgreementParty.partner == partner) & (Agreement.status == "in_force"))
        )
        assert agreements.count() >= 1, name
        for agreement in agreements:
            assert agreement.signed_on is not None and 2010 <= agreement.signed_on.year <= 2019
            assert agreement.reg_number
            assert agreement.valid_until is None or agreement.valid_until > TODAY
            assert agreement.responsible.department.name_en == "International Relations Service"


def test_agreement_terms(loaded: dict[str, int]) -> None:
    in_force = Agreement.select().where(Agreement.status == "in_force")
    assert any(a.auto_renewal for a in in_force)
    assert any(a.valid_until is None for a in in_force)
    soon = [a for a in in_force if a.valid_until and a.valid_until <= TODAY + dt.timedelta(days=90)]
    assert len(soon) >= 2
    # The article names each agreement with one partner: the IFLA/PAC centre's has the centre alone as party (no
    # invented national libraries of Kazakhstan and Tajikistan beside it); multilateral ones are tested on their own.
    assert all(len(a.parties) == 1 for a in in_force)


def test_2019_agreements_in_force_reach_eleven_national_libraries_of_eleven_countries(loaded: dict[str, int]) -> None:
    from app.services.reports.annual_report import in_force_at_end
    from app.services.reports.annual_report_partners import national_libraries_with_agreements

    assert national_libraries_with_agreements(in_force_at_end(2019)) == (11, 11)
    turkmen = Partner.get(Partner.name_en == "State Library of the State Cultural Centre of Turkmenistan")
    assert turkmen.kind == "library"  # the article lists it apart from the national libraries


def test_the_two_agreements_in_preparation(loaded: dict[str, int]) -> None:
    def agreement_with(name: str) -> Agreement:
        return Agreement.select().join(AgreementParty).join(Partner).where(Partner.name_en == name).get()

    egypt = agreement_with("National Library of Egypt")
    assert (egypt.kind, egypt.status, egypt.signed_on, egypt.reg_number) == ("mou", "negotiation", None, None)
    kolas = agreement_with(
        "Central Scientific Library named after Yakub Kolas of the National Academy of Sciences of Belarus"
    )
    assert kolas.status == "draft"
    assert kolas.signed_on is None


def test_projects_and_the_wwii_project_roles(loaded: dict[str, int]) -> None:
    titles = {project.title_en: project for project in Project.select()}
    for title in (
        "Window to Korea",
        "Window to Shanghai",
        "Window to America",
        "Centre of Kazakh literature and culture",
        "SCO Knowledge Hall",
        "UNESCO Information for All Programme",
        "UNESCO Memory of the World Programme",
        "Media literacy of a schoolchild",
    ):
        assert title in titles, title
    assert titles["Window to Korea"].title_uz == "Koreyaga darcha"
    assert titles["Window to Korea"].title_ru == "Окно в Корею"
    wwii = titles["Libraries of the CIS countries during the Great Patriotic War 1941–1945"]
    assert (wwii.kind, wwii.status) == ("joint_project", "preparation")
    roles = {link.partner.name_en: link.role for link in wwii.partner_links.order_by(ProjectPartner.id)}
    assert roles["Presidential Library named after B. N. Yeltsin"] == "lead"
    assert roles["Russian State Library"] == "coordinator"


def test_loads_on_every_database_kind(any_database: pw.Database) -> None:
    counts = load_demo(today=TODAY)
    assert counts == _counts()
    assert DelegationVisit.select().where(_in_2019(DelegationVisit.arrived_on)).count() == 32


def test_every_record_is_sample(loaded: dict[str, int]) -> None:
    for name, model in REGISTERS.items():
        assert model.select().count() > 0, name
        assert model.select().where(model.is_sample == False).count() == 0, name  # noqa: E712 - SQL comparison


def test_uzbek_names_use_the_official_apostrophes(loaded: dict[str, int]) -> None:
    texts = [p.name_uz for p in Partner.select()] + [d.name_uz for d in Department.select()]
    texts += [a.title_uz for a in Agreement.select()] + [p.title_uz for p in Project.select()]
    texts += [e.full_name for e in Employee.select()]
    assert not [text for text in texts if re.search(r"['‘’`]", text)]
    assert "Muxtarama Muratova" in {e.full_name for e in Employee.select()}
    assert any("\u02bb" in text for text in texts)


def test_search_text_includes_linked_names(loaded: dict[str, int]) -> None:
    visit = DelegationVisit.get(DelegationVisit.title == "Delegation of the National Library of Egypt")
    assert "misr" in visit.search_text  # the partner's Uzbek name, added when the links existed


def test_overdue_loans_and_plan(loaded: dict[str, int]) -> None:
    overdue = InterlibraryLoan.select().where(
        InterlibraryLoan.status.in_(["sent", "received"])
        & (InterlibraryLoan.due_on < TODAY)
        & InterlibraryLoan.returned_on.is_null()
    )
    assert overdue.count() >= 2
    assert PlanItem.select().where(PlanItem.year == 2019).count() > 0
    assert PlanItem.select().where(PlanItem.year == TODAY.year).count() > 0
    registers = {link.register for link in PlanLink.select()}
    assert registers <= {"visits", "trips", "events", "agreements"}
    for link in PlanLink.select():
        assert REGISTERS[link.register].get_or_none(id=link.record_id) is not None
    assert Event.select().where(Event.participants_foreign > Event.participants_total).count() == 0


def test_a_second_load_is_refused_and_changes_nothing(loaded: dict[str, int]) -> None:
    with pytest.raises(DemoRefused):
        load_demo(today=TODAY)
    assert _counts() == loaded


def test_a_database_with_one_record_is_refused(database: pw.Database) -> None:
    Partner.create(name_en="Some library", kind="library", country="FR")
    with pytest.raises(DemoRefused):
        load_demo(today=TODAY)
    assert _counts()["partners"] == 1
    assert sum(_counts().values()) == 1


def test_a_failure_writes_nothing(database: pw.Database, monkeypatch: pytest.MonkeyPatch) -> None:
    create = demo._Loader.create

    def broken(self: demo._Loader, spec: RegisterSpec, row: dict) -> object:
        if spec.name == "funding":  # late: most registers are written by then
            raise RuntimeError("broken on purpose")
        return create(self, spec, row)

    monkeypatch.setattr(demo._Loader, "create", broken)
    with pytest.raises(RuntimeError):
        load_demo(today=TODAY)
    assert sum(_counts().values()) == 0


def test_progress_is_reported_and_a_cancelled_load_writes_nothing(any_database: pw.Database) -> None:
    heard: list[tuple[int, int]] = []

    def cancelled() -> bool:  # the officer presses Cancel once half the records are written
        return bool(heard) and heard[-1][0] >= heard[-1][1] // 2

    with pytest.raises(ExportCancelled):
        load_demo(today=TODAY, progress=lambda done, total: heard.append((done, total)), cancelled=cancelled)
    assert sum(_counts().values()) == 0
    total = heard[0][1]
    assert total > 100 and heard[0] == (0, total) and heard[-1] == (total // 2, total)

    heard.clear()
    counts = load_demo(today=TODAY, progress=lambda done, total: heard.append((done, total)), cancelled=lambda: False)
    assert heard[-1] == (total, total) and [done for done, _total in heard] == sorted(done for done, _ in heard)
    assert sum(counts.values()) > 0


@contextmanager
def _fresh_database(path: Path) -> Iterator[None]:
    open_database(str(path))
    try:
        yield
    finally:
        close_database()


def _dump() -> tuple[list, list]:
    partners = [
        (p.name_uz, p.name_ru, p.name_en, p.name_orig, p.country) for p in Partner.select().order_by(Partner.id)
    ]
    visits = [(v.title, v.arrived_on, v.departed_on) for v in DelegationVisit.select().order_by(DelegationVisit.id)]
    return partners, visits


def test_the_sample_is_the_same_every_time(tmp_path: Path) -> None:
    dumps = []
    for name in ("one.db", "two.db"):
        with _fresh_database(tmp_path / name):
            counts = load_demo(today=TODAY)
            dumps.append((counts, _dump()))
    assert dumps[0] == dumps[1]


@pytest.mark.parametrize(("language", "script"), [("ru", "[а-яё]"), ("uz", "[a-zʻ]"), ("uz-Cyrl", "[а-яўқғҳ]")])
def test_the_sample_is_written_in_the_language_it_is_loaded_in(database, language: str, script: str) -> None:  # noqa: ANN001
    from app.i18n import set_language
    from app.models import DelegationVisit, Employee

    set_language(language)
    load_demo()
    titles = [visit.title for visit in DelegationVisit.select()]
    assert titles and all(re.search(script, title.lower()) for title in titles), titles[:3]
    assert not any(title.startswith("Delegation of") for title in titles)
    names = [employee.full_name for employee in Employee.select()]
    if language in ("ru", "uz-Cyrl"):
        assert all(re.fullmatch(r"[А-ЯЁЎҚҒҲа-яёўқғҳʼ\- ]+", name) for name in names), names[:3]
    if language == "ru":
        assert not any(re.search("[ўқғҳ]", name.lower()) for name in names)  # Russian letters only


def test_the_tests_copy_of_the_sample_is_the_sample(tmp_path: Path, load_sample) -> None:  # noqa: ANN001
    dumps = []
    for name, load in (("loaded.db", lambda: load_demo(today=TODAY)), ("copied.db", lambda: load_sample(TODAY))):
        with _fresh_database(tmp_path / name):
            counts = load()
            dumps.append((counts, _dump(), [(c.register, c.record_id, c.changes) for c in ChangeLog.select()]))
    assert dumps[0] == dumps[1]


@pytest.mark.postgres
def test_the_tests_copy_of_the_sample_is_the_sample_on_postgresql(tmp_path: Path) -> None:
    from tests.conftest import RegistryCopies, pg_url, reset_postgresql
    from tests.services.test_record_jobs_crash import postgresql_state

    url = pg_url()
    if not url:
        pytest.skip("no PostgreSQL server: set HAMKOR_TEST_PG")
    copies = RegistryCopies(tmp_path)
    states = []
    for _time in ("loaded (and taken)", "copied"):
        reset_postgresql(url)
        open_database(url)
        try:
            counts = copies.load(TODAY)
            added = Partner.create(name_en="Added after the sample", kind="library", country="KR")
            assert added.id == Partner.select(pw.fn.MAX(Partner.id)).scalar()  # the ids go on after the sample's
        finally:
            close_database()
        states.append((counts, postgresql_state(url)))
    assert copies.snapshots and states[0] == states[1]
