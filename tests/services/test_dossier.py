"""The country dossier and the partner card: what they gather, their agreements' status today, the PDF read back."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import peewee as pw
import pytest
from pypdf import PdfReader

from app.i18n import set_language
from app.models import Agreement, AgreementParty, ContactPerson, DelegationVisit, Partner, VisitCountry
from app.services.reports.dossier import DossierError, build_dossier, write_dossier_pdf

TODAY = dt.date(2026, 1, 10)
ORGANISATION = "National Library of Uzbekistan named after Alisher Navoi"


def pdf_text(path: Path) -> str:
    return re.sub(r"\s+", " ", "\n".join(page.extract_text() for page in PdfReader(str(path)).pages))


@pytest.fixture
def sample(database: pw.Database, load_sample) -> pw.Database:  # noqa: ANN001
    load_sample(TODAY)
    return database


def korea_library() -> Partner:
    return Partner.get(Partner.name_en == "National Library of Korea")


def test_the_dossier_of_korea(sample: pw.Database, tmp_path: Path) -> None:
    dossier = build_dossier(country="kr", language="en", today=TODAY)
    assert dossier.title == "Country dossier: South Korea" and dossier.country == "KR"
    partners = [row[0][0] for row in dossier.section("partners").rows]
    assert set(partners) == {"National Library of Korea", "Korea Foundation"}
    agreements = dossier.section("agreements").rows
    assert [row[0] for row in agreements] == ["XA-2013/02"]
    assert agreements[0][6] == "Signed, in force"
    assert [row[0][0] for row in dossier.section("projects").rows] == ["Window to Korea"]
    visits_2019 = (
        DelegationVisit.select()
        .join(VisitCountry)
        .where(
            (VisitCountry.country == "KR")
            & DelegationVisit.arrived_on.between(dt.date(2019, 1, 1), dt.date(2019, 12, 31))
        )
    )
    titles = {visit.title for visit in visits_2019}
    assert len(titles) >= 2 and len(list(visits_2019)) == 3
    listed = {row[1] for row in dossier.section("visits").rows}
    assert titles <= listed
    trips = dossier.section("trips").rows
    assert trips and all("Korea" in row[1] or "Seoul" in row[3] for row in trips)
    assert {row[0] for row in dossier.section("contacts").rows} == {"Kim Min-jun", "Lee Ji-eun"}

    path = tmp_path / "korea.pdf"
    write_dossier_pdf(dossier, path, organisation=ORGANISATION)
    text = pdf_text(path)
    for expected in ("Country dossier: South Korea", "National Library of Korea", "XA-2013/02", "Window to Korea",
                     "Kim Min-jun", *titles):  # fmt: skip
        assert expected in text, expected
    assert "26/03/2019" in text  # the dates of the delegations of 2019
    assert "국립중앙도서관" not in text and "?" not in text  # the Korean original is left out, not printed as boxes
    page = PdfReader(str(path)).pages[0]
    assert page.mediabox.width > page.mediabox.height  # A4 landscape


def test_the_card_of_one_partner_holds_only_its_own_records(sample: pw.Database, tmp_path: Path) -> None:
    library = korea_library()
    card = build_dossier(partner_id=library.id, language="en", today=TODAY)
    assert card.title == "Partner card: National Library of Korea" and card.partner_id == library.id
    facts = dict(card.facts)
    assert facts["Country"] == "South Korea" and facts["Kind"] == "National library"
    assert "국립중앙도서관" in facts["Other names"]
    keys = [section.key for section in card.sections]
    assert "partners" not in keys
    visits = {row[1] for row in card.section("visits").rows}
    assert visits and all("Korea Foundation" not in title for title in visits)  # another Korean partner's visit
    assert [row[0] for row in card.section("agreements").rows] == ["XA-2013/02"]
    path = tmp_path / "card.pdf"
    write_dossier_pdf(card, path, organisation=ORGANISATION)
    text = pdf_text(path)
    assert "Partner card: National Library of Korea" in text and "Window to Korea" in text
    assert "Korea Foundation" not in text


def test_the_dossier_in_russian(sample: pw.Database, tmp_path: Path) -> None:
    set_language("ru")
    dossier = build_dossier(country="KR", language="ru", today=TODAY)
    path = tmp_path / "korea.pdf"
    write_dossier_pdf(dossier, path, organisation="Национальная библиотека Узбекистана")
    text = pdf_text(path)
    assert "Республика Корея" in text and "Окно в Корею" in text and "Национальная библиотека Кореи" in text


def test_agreements_show_their_status_and_terms_today(database: pw.Database) -> None:
    partner = Partner.create(name_en="National Library of Latvia", kind="national_library", country="LV")
    terms = {
        "XA-1": dict(valid_until=dt.date(2025, 12, 31)),  # ended: expired today, though still stored as in force
        "XA-2": dict(valid_until=dt.date(2026, 3, 31), auto_renewal=True, renewal_years=2, notice_days=30),
        "XA-3": dict(valid_until=None),
    }
    for number, values in terms.items():
        agreement = Agreement.create(reg_number=number, title_en=f"Agreement {number}", status="in_force",
                                     signed_on=dt.date(2020, 1, 1), **values)  # fmt: skip
        AgreementParty.create(agreement=agreement, partner=partner)
    ContactPerson.create(full_name="Ilze Ozola", partner=partner, email="ilze@example.org")
    rows = {row[0]: row for row in build_dossier(country="LV", language="en", today=TODAY).section("agreements").rows}
    assert rows["XA-1"][6:] == ["Expired", "", ""]
    assert rows["XA-2"][5] == "31/03/2026, renews every 2 years"
    assert rows["XA-2"][6:] == ["Signed, in force", "31/03/2026", "01/03/2026"]
    assert rows["XA-3"][5:] == ["open-ended", "Signed, in force", "", ""]


def test_a_country_with_no_records_gives_an_empty_dossier(database: pw.Database, tmp_path: Path) -> None:
    dossier = build_dossier(country="NZ", language="en")
    assert all(not section.rows for section in dossier.sections)
    write_dossier_pdf(dossier, tmp_path / "nz.pdf", organisation=ORGANISATION)
    assert "Country dossier: New Zealand" in pdf_text(tmp_path / "nz.pdf")


def test_unknown_subjects_are_refused_with_a_clear_message(database: pw.Database) -> None:
    with pytest.raises(DossierError, match="Unknown country code “XX”"):
        build_dossier(country="XX", language="en")
    with pytest.raises(DossierError, match="no partner with the number 999"):
        build_dossier(partner_id=999, language="en")
    with pytest.raises(ValueError):
        build_dossier(language="en")
    with pytest.raises(ValueError):
        build_dossier(country="KR", partner_id=1, language="en")


def test_on_every_database_kind(any_database: pw.Database, load_sample, tmp_path: Path) -> None:  # noqa: ANN001
    load_sample(TODAY)
    dossier = build_dossier(country="KR", language="en", today=TODAY)
    assert [row[0] for row in dossier.section("agreements").rows] == ["XA-2013/02"]
    assert len(dossier.section("visits").rows) == 4
    write_dossier_pdf(dossier, tmp_path / "kr.pdf", organisation=ORGANISATION)
    assert "Window to Korea" in pdf_text(tmp_path / "kr.pdf")
