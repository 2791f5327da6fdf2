"""The quarterly round trip on the sample's 2019 Q4: templates out, filled copies read back, decisions, status."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from pathlib import Path

import openpyxl
import peewee as pw
import pytest

from app.models import BookExchange, Department, Event, PlanItem, PlanLink, Submission, SubmissionRow
from app.services.imports.workbook import ImportRefused
from app.services.reports.annual_report import build_annual_report
from app.services.submissions.decisions import write_return
from app.services.submissions.returns import read_return, read_returns
from app.services.submissions.status import period_status
from app.services.submissions.templates import write_templates

TODAY = dt.date(2026, 12, 3)


@pytest.fixture
def sample(database: pw.Database, load_sample) -> pw.Database:  # noqa: ANN001 - the conftest fixture
    load_sample(TODAY)
    return database


def unit(short_name: str) -> Department:
    return Department.get(Department.short_name == short_name)


def template_of(paths: list[Path], department: Department) -> Path:
    return next(path for path in paths if path.name.endswith(f"({department.id}).xlsx"))


def sheets_by_kind(book: openpyxl.Workbook) -> dict[str, openpyxl.worksheet.worksheet.Worksheet]:
    identity = {key: value for key, value, *_ in book["hamkor"].iter_rows(values_only=True)}
    return {key.removeprefix("sheet."): book[value] for key, value in identity.items() if key.startswith("sheet.")}


def column_of(sheet, *headers: str) -> int:  # noqa: ANN001
    texts = [str(cell.value or "").removesuffix(" *") for cell in sheet[1]]
    return next(texts.index(h) for h in headers if h in texts) + 1


def test_templates_for_2019_q4_one_per_unit_with_lists_and_a_hidden_identity(sample, tmp_path: Path) -> None:
    paths = write_templates(year=2019, quarter=4, folder=tmp_path)
    assert len(paths) == Department.select().where(Department.active == True).count() == 20  # noqa: E712
    irs = unit("XATEX")
    book = openpyxl.load_workbook(template_of(paths, irs))
    assert book.worksheets[0].sheet_state == "visible" and book.active.title == book.sheetnames[0]  # instructions
    assert book["hamkor"].sheet_state == "hidden" and book["lists"].sheet_state == "hidden"
    identity = {key: value for key, value, *_ in book["hamkor"].iter_rows(values_only=True)}
    assert (identity["unit"], identity["year"], identity["quarter"], identity["version"]) == (irs.id, 2019, 4, 1)
    sheets = sheets_by_kind(book)
    assert set(sheets) == {"plan", "trips", "visits", "events", "exchange", "loans", "projects"}
    plan = sheets["plan"]
    listed = {row[0] for row in plan.iter_rows(min_row=2, values_only=True) if row[0]}
    expected = PlanItem.select().where(
        (PlanItem.department == irs) & (PlanItem.year == 2019) & ((PlanItem.quarter == 4) | PlanItem.quarter.is_null())
    )
    assert listed == {item.id for item in expected}
    events = sheets["events"]
    formulas = {str(v.formula1) for v in events.data_validations.dataValidation}
    assert {"=countries", "=partners", "=events_kind", "=plan_items"} <= formulas
    assert "countries" in book.defined_names and "partners" in book.defined_names
    start = column_of(events, "Boshlanishi")  # the IRS works in Uzbek
    assert events.cell(2, start).number_format == "DD.MM.YYYY"
    listed = [cell for row in book["lists"].iter_rows(values_only=True) for cell in row if cell]
    assert "Oʻzbekiston" in listed and "Davra suhbati" in listed  # countries and kinds in the unit's language
    assert Submission.select().where((Submission.year == 2019) & (Submission.state == "sent")).count() == 20


def fill_irs(path: Path, target: Path) -> None:
    """What the IRS types into its Uzbek template: plan items marked, an event (in Cyrillic, a new row), a book
    exchange the registry already holds, and a trip naming an unknown employee."""
    book = openpyxl.load_workbook(path)
    sheets = sheets_by_kind(book)
    plan = sheets["plan"]
    conference = PlanItem.get(PlanItem.description == "International scientific-practical conference at the library")
    for row in range(2, plan.max_row + 1):
        if plan.cell(row, 1).value == conference.id:
            plan.cell(row, column_of(plan, "Holati")).value = "Moved"  # English in an Uzbek template
            plan.cell(row, column_of(plan, "Comment", "Izoh")).value = "Held in January"
    events = sheets["events"]
    events.insert_cols(1)  # a column added in front: the columns move
    values = {
        "Nomi": "Круглый стол «Библиотеки Шёлкового пути»", "Turi": "Круглый стол",
        "Boshlanishi": dt.date(2019, 11, 20),
        "Holati": "Oʻtkazilgan", "Oʻtkazilish joyi": "В библиотеке", "Mamlakat": "Узбекистан",
        "Tashkilotchilar va hamkorlar": "Гёте-Институт в Узбекистане", "Ishtirokchilar": 30,
    }  # fmt: skip
    for header, value in values.items():
        events.cell(2, column_of(events, header), value)
    events.cell(
        2, column_of(events, "Plan item fulfilled", "Bajarilgan reja bandi")
    ).value = f"{conference.id}. International scientific-practical conference at the library"
    exchange = sheets["exchange"]
    known = BookExchange.select().order_by(BookExchange.id).first()
    exchange.cell(2, column_of(exchange, "Sana")).value = known.exchanged_on
    exchange.cell(2, column_of(exchange, "Hamkor")).value = "Российская национальная библиотека"
    exchange.cell(2, column_of(exchange, "Yoʻnalishi")).value = "Yuborilgan"
    trips = sheets["trips"]
    trips.cell(2, 1).value = "Conference in Seoul"
    trips.cell(2, 2).value = "Nobody Known"
    book.save(target)


def test_a_filled_copy_is_read_back_as_proposals_and_written_all_or_nothing(sample, tmp_path: Path) -> None:
    irs = unit("XATEX")
    paths = write_templates(year=2019, quarter=4, folder=tmp_path / "out", unit_id=irs.id)
    filled = tmp_path / "filled.xlsx"
    fill_irs(paths[0], filled)
    ret = read_return(filled, year=2019, quarter=4)
    assert ret.refused == "" and ret.unit_id == irs.id
    by_sheet = {(p.sheet, p.action): p for p in ret.proposals}
    item = by_sheet[("plan", "plan")]
    assert item.values == {"status": "moved", "comment": "Held in January"}
    event = by_sheet[("events", "create")]
    assert event.acceptable, event.problems
    assert event.values["kind"] == "round_table" and event.values["country"] == "UZ"
    assert event.plan_item == item.record_id
    exchange = by_sheet[("exchange", "link")]
    assert exchange.record_id is not None
    trip = next(p for p in ret.proposals if p.sheet == "trips")
    assert not trip.acceptable and "Nobody Known" in " ".join(trip.problems)
    events_before = Event.select().count()
    exchange.decision = "reject"
    report_before = _irs_row(build_annual_report(2019, language="en", today=TODAY))
    write_return(ret)
    report = build_annual_report(2019, language="en", today=TODAY)
    assert _irs_row(report).events == report_before.events + 1  # the by-department sheet counts the accepted event
    plan_row = next(row for row in report.plan if row.description == item.title)
    assert plan_row.status == "Moved" and plan_row.linked >= 2  # plan against actual: the event fulfils it
    created = Event.get(Event.id == Event.select(pw.fn.MAX(Event.id)).scalar())
    assert Event.select().count() == events_before + 1 and created.department_id == irs.id
    assert PlanLink.get_or_none(plan_item=item.record_id, register="events", record_id=created.id) is not None
    plan_item = PlanItem.get_by_id(item.record_id)
    assert plan_item.status == "moved" and "Held in January" in plan_item.notes
    states = {(row.sheet, row.state) for row in SubmissionRow.select()}
    assert {("events", "accepted"), ("plan", "accepted"), ("exchange", "rejected"), ("trips", "rejected")} <= states
    status = period_status(2019, 4)
    assert [u.name for u in status.replied] == ["International Relations Service"]
    assert len(status.waiting) == 19
    mine = status.replied[0]
    assert (mine.added, mine.rejected, mine.plan["moved"]) == (1, 2, 1)


def _irs_row(report):  # noqa: ANN001, ANN202
    return next(row for row in report.departments if row.name == "International Relations Service")


def test_the_write_is_all_or_nothing_per_unit(sample, tmp_path: Path) -> None:
    irs = unit("XATEX")
    paths = write_templates(year=2019, quarter=4, folder=tmp_path / "out", unit_id=irs.id)
    filled = tmp_path / "filled.xlsx"
    fill_irs(paths[0], filled)
    ret = read_return(filled, year=2019, quarter=4)
    event = next(p for p in ret.proposals if p.sheet == "events")
    PlanItem.delete().where(PlanItem.id == event.plan_item).execute()  # the plan item vanished after the preview
    before = Event.select().count()
    with pytest.raises(ImportRefused):
        write_return(ret)
    assert Event.select().count() == before and SubmissionRow.select().count() == 0


def test_a_file_of_another_period_or_unit_is_refused(sample, tmp_path: Path) -> None:
    irs, rare = unit("XATEX"), unit("NQNKB")
    paths = write_templates(year=2019, quarter=3, folder=tmp_path, unit_id=irs.id)
    wrong = read_returns([tmp_path], year=2019, quarter=4)
    assert len(wrong) == 1 and "quarter 3" in wrong[0].refused and "not for 2019, quarter 4" in wrong[0].refused
    assert wrong[0].proposals == []
    other = read_return(paths[0], year=2019, quarter=3, unit_id=rare.id)
    assert "not of Rare Manuscripts and Books Department" in other.refused
    foreign = tmp_path / "plain.xlsx"
    book = openpyxl.Workbook()
    book.active.append(["Title", "Start"])
    book.save(foreign)
    assert "not a Hamkor quarterly template" in read_return(foreign, year=2019, quarter=3).refused


def test_russian_templates_from_the_command_line(sample, tmp_path: Path) -> None:
    from app.cli import run

    out = tmp_path / "ru"
    assert run(["--db", str(sample.database), "--lang", "ru", "submissions", "templates", "--year", "2019",
                "--quarter", "4", "-o", str(out)]) == 0  # fmt: skip
    assert len(list(out.glob("*.xlsx"))) == 20


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_a_copy_saved_through_libreoffice_is_read(sample, tmp_path: Path) -> None:
    irs = unit("XATEX")
    paths = write_templates(year=2019, quarter=4, folder=tmp_path / "out", unit_id=irs.id)
    filled = tmp_path / "filled.xlsx"
    fill_irs(paths[0], filled)
    saved = tmp_path / "saved"
    profile = (tmp_path / "profile").as_uri()
    subprocess.run(
        ["soffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to", "xlsx:Calc MS Excel 2007 XML",
         "--outdir", str(saved), str(filled)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    ret = read_return(saved / "filled.xlsx", year=2019, quarter=4)
    assert ret.refused == ""
    actions = sorted((p.sheet, p.action) for p in ret.proposals)
    assert ("events", "create") in actions and ("plan", "plan") in actions and ("exchange", "link") in actions
