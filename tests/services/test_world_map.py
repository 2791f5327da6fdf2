"""The world map: every country has an outline or is listed beside the map; counts per country equal what the
registers hold; the map on paper is vector paths with the legend's text; `hamkor report map` writes it."""

from __future__ import annotations

import datetime as dt
import io
from collections import Counter
from pathlib import Path

import peewee as pw
import pytest
from pypdf import PdfReader

from app.models import Agreement, BusinessTrip, DelegationVisit, Event, Partner
from app.models.choices import PARTNER_KINDS
from app.models.partners import NOT_COUNTED_PARTNER_KINDS
from app.services.dashboard import in_force_at_end
from app.services.reports.world_map import (
    EMPTY_FILL,
    REGIONS,
    classes_for,
    country_rect,
    make_picture,
    outlines,
    project,
    region_rect,
    without_outline,
)
from app.services.reports.world_map_counts import MEASURES, country_counts
from app.text.countries import country_codes


def test_every_country_has_an_outline_or_is_listed_beside_the_map() -> None:
    drawn = set(outlines())
    assert drawn <= set(country_codes())
    beside = set(without_outline())
    assert drawn | beside == set(country_codes()) and not drawn & beside
    assert {"UZ", "KR", "RU", "US", "LV", "SG", "MT", "BH"} <= drawn  # the 1:50m scale draws small states too
    picture = make_picture({code: 1 for code in country_codes()}, title="all", language="en")
    assert {code for code, _count in picture.beside} == beside
    assert "Gibraltar: 1" in picture.beside_lines()


def test_the_projection_and_the_regions() -> None:
    assert project(0, 0) == (0, 0)
    x, y = project(69.24, 41.31)  # Tashkent: east and north
    assert x > 0 and y > 0
    world = region_rect("world")
    for key in REGIONS:
        x0, y0, x1, y1 = region_rect(key)
        assert world[0] <= x0 < x1 <= world[2] and world[1] <= y0 < y1 <= world[3]
    x0, y0, x1, y1 = country_rect("UZ")
    assert x0 < x < x1 and y0 < y < y1


def test_classes_cover_the_counts_in_at_most_four_steps() -> None:
    assert classes_for({}) == []
    assert [(c.low, c.high) for c in classes_for({"KR": 1, "JP": 3})] == [(1, 1), (2, 3)]
    counts = {code: index % 37 for index, code in enumerate(country_codes())}
    classes = classes_for(counts)
    assert len(classes) == 4 and classes[0].low == 1 and classes[-1].high == 36
    assert all(a.high + 1 == b.low for a, b in zip(classes, classes[1:], strict=False))
    picture = make_picture(counts, title="t", language="en")
    assert all((picture.fill(code) == EMPTY_FILL) == (count == 0) for code, count in counts.items())


def _expected(year: int) -> dict[str, Counter]:
    """Each measure counted record by record, the way an officer would count the registers."""
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    expected = {measure: Counter() for measure in MEASURES}
    abroad = [kind for kind in PARTNER_KINDS.codes if kind not in NOT_COUNTED_PARTNER_KINDS]
    for partner in Partner.select():
        if partner.country and partner.kind in abroad:
            expected["partners"][partner.country] += 1
    for agreement in Agreement.select().where(in_force_at_end(year)):
        parties = [link.partner for link in agreement.party_links if link.partner.kind in abroad]
        for country in {partner.country for partner in parties if partner.country}:
            expected["agreements"][country] += 1
    for visit in DelegationVisit.select().where(DelegationVisit.arrived_on.between(first, last)):
        for row in visit.countries:
            expected["visits"][row.country] += 1
    for trip in BusinessTrip.select().where(BusinessTrip.start_on.between(first, last)):
        expected["trips"][trip.country] += 1
    for event in Event.select().where(Event.start_on.between(first, last) & (Event.status != "cancelled")):
        for country in {event.country, *(row.country for row in event.countries)} - {None}:
            expected["events"][country] += 1
    return expected


def test_counts_per_country_match_the_registers(any_database: pw.Database, load_generated) -> None:  # noqa: ANN001
    load_generated(1500)
    for year in (2012, 2019, 2025):
        expected = _expected(year)
        for measure in MEASURES:
            assert country_counts(year, measure) == dict(expected[measure]), (year, measure)
    assert any(country_counts(2019, measure) for measure in MEASURES)


def _drawn_page(path: Path, page: int = 0) -> tuple[str, bytes, list]:
    reader = PdfReader(str(path))
    chosen = reader.pages[page]
    resources = chosen.get("/Resources") or {}
    objects = resources.get("/XObject") or {}
    images = [name for name, ref in objects.items() if ref.get_object().get("/Subtype") == "/Image"]
    return chosen.extract_text(), chosen.get_contents().get_data(), images


def test_the_map_alone_is_vector_paths_with_its_legend(database: pw.Database, tmp_path: Path) -> None:
    from app.services.reports.world_map_drawing import write_map_file

    picture = make_picture({"KR": 3, "JP": 1, "DE": 7, "GI": 2}, title="Delegations received, 2019", language="en")
    path = write_map_file(picture, tmp_path / "map.pdf")
    text, content, images = _drawn_page(path)
    assert images == []
    assert content.count(b" l\n") + content.count(b" l ") > 5000  # the outlines' line segments
    for words in ("Delegations received, 2019", "none", "Uzbekistan: home", "Shown beside the map", "Gibraltar: 2"):
        assert words in text
    svg = write_map_file(picture, tmp_path / "map.svg").read_text(encoding="utf-8")
    assert svg.count("<path") > 200 and "Uzbekistan: home" in svg
    assert write_map_file(picture, tmp_path / "map.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


@pytest.mark.parametrize("language", ["en", "ru", "uz"])
def test_the_annual_report_pdf_holds_the_map_as_vector_paths(database: pw.Database, load_sample, tmp_path: Path,
                                                              language: str) -> None:  # fmt: skip
    from app.services.reports.annual_report import build_annual_report, write_annual_pdf

    load_sample(today=dt.date(2020, 1, 15))
    report = build_annual_report(2019, language=language)
    path = write_annual_pdf(report, tmp_path / "annual.pdf", organisation="Library")
    reader = PdfReader(str(path))
    home = {"en": "Uzbekistan: home", "ru": "Узбекистан: наша страна",
            "uz": "Oʻzbekiston: bizning mamlakatimiz"}[language]  # fmt: skip
    pages = [page for page in reader.pages if home in page.extract_text()]
    assert len(pages) == 1
    objects = (pages[0].get("/Resources") or {}).get("/XObject") or {}
    assert not [ref for ref in objects.values() if ref.get_object().get("/Subtype") == "/Image"]
    text = pages[0].extract_text()
    top = max(row.total for row in report.countries)
    assert str(top) in text  # the darkest class ends at the largest total


def test_the_annual_workbook_has_the_map_as_a_picture(database: pw.Database, load_sample, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    from app.services.reports.annual_report import build_annual_report, write_annual_xlsx

    load_sample(today=dt.date(2020, 1, 15))
    write_annual_xlsx(build_annual_report(2019, language="en"), tmp_path / "annual.xlsx", organisation="Library")
    sheet = load_workbook(tmp_path / "annual.xlsx").worksheets[1]
    assert len(sheet._images) == 1


def test_the_country_dossier_shows_the_country_on_the_map(database: pw.Database, load_sample, tmp_path: Path) -> None:
    from app.services.reports.dossier import build_dossier, write_dossier_pdf

    load_sample(today=dt.date(2020, 1, 15))
    path = write_dossier_pdf(build_dossier(country="KR", language="en"), tmp_path / "kr.pdf", organisation="L")
    text, content, images = _drawn_page(path)
    assert images == [] and "Uzbekistan: home" in text and "Partners registered in each country." in text


def test_the_map_command(database: pw.Database, load_sample, sqlite_path: Path, tmp_path: Path) -> None:
    from app.cli import run

    load_sample(today=dt.date(2020, 1, 15))
    for suffix in ("pdf", "png", "svg"):
        out = io.StringIO()
        code = run(["--db", str(sqlite_path), "report", "map", "--year", "2019", "--of", "trips", "-o",
                    str(tmp_path / f"trips.{suffix}")], out=out)  # fmt: skip
        assert code == 0 and (tmp_path / f"trips.{suffix}").stat().st_size > 1000
        assert "Map of 11 countries written" in out.getvalue()
