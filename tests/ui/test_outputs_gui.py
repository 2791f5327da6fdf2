"""Exports and prints from the app, as an officer makes them: the file holds what the list shows."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook
from pypdf import PdfReader
from PySide6.QtCore import Qt

from app.models import DelegationVisit
from app.ui.registers.list_page import RegisterPage
from tests.ui.conftest import activate, shown_preview, type_text


def test_ctrl_e_exports_the_visible_columns_in_their_order_with_the_filter(qtbot, sample_window, tmp_path, monkeypatch):  # noqa: ANN001
    sample_window.show_page("visits")
    page: RegisterPage = sample_window.current_page()
    page.year.setCurrentIndex(page.year.findText("2019"))
    fields = [fs.name for fs in page.model.fields]
    page.set_column_visible(fields.index("purpose"), False)
    header = page.table.horizontalHeader()
    header.moveSection(header.visualIndex(fields.index("countries")), 0)
    target = tmp_path / "visits.xlsx"
    monkeypatch.setattr("app.ui.dialogs.file_dialogs.save_path", lambda *a, **k: target)
    activate(qtbot, sample_window)
    qtbot.keyClick(sample_window, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    rows = list(load_workbook(target).active.iter_rows(values_only=True))
    top = next(i for i, row in enumerate(rows) if all(v is None for v in row)) + 1
    assert list(rows[top]) == ["Countries", "Arrived", "Delegation", "Organisations", "Hosting department"]
    data = rows[top + 1 :]
    assert len(data) == 32
    assert [row[2] for row in data] == [page.model.values(r)[fields.index("title")] for r in range(32)]
    assert "Filter: Year: 2019" in [row[0] for row in rows[:top]]
    assert DelegationVisit.select().count() == 57  # nothing changed (32 of 2019, 23 of 2018, 2 of 2020)


def test_ctrl_p_previews_the_list(qtbot, sample_window, dialogs):  # noqa: ANN001
    from app.ui.dialogs.pdf_preview import PdfPreview

    sample_window.show_page("partners")
    page: RegisterPage = sample_window.current_page()
    type_text(qtbot, page.search, "koreya")
    page._apply_search()
    activate(qtbot, sample_window)
    qtbot.keyClick(sample_window, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    preview = page.findChild(PdfPreview)
    qtbot.waitUntil(lambda: preview.path is not None, timeout=10000)
    text = "\n".join(p.extract_text() for p in PdfReader(str(preview.path)).pages)
    assert "National Library of Korea" in text and "Search: “koreya”" in text
    assert "National Library of China" not in text
    preview.close()


def test_the_reports_page_previews_and_saves_the_register(qtbot, sample_window, dialogs, tmp_path: Path):  # noqa: ANN001
    sample_window.show_page("reports")
    reports = sample_window.current_page()
    group = reports.cards["register"].options["group_by"]
    group.setCurrentIndex(group.findData("country"))
    qtbot.mouseClick(reports.buttons[("register", "preview")], Qt.MouseButton.LeftButton)
    preview = shown_preview(reports)
    qtbot.waitUntil(lambda: preview.path is not None, timeout=10000)
    assert preview.document.pageCount() == len(PdfReader(str(preview.path)).pages) > 1
    assert preview.isVisible() and preview.stack.currentWidget() is preview.view
    preview.close()
    target = tmp_path / "register.xlsx"
    reports.run("register", "save_xlsx", target)
    assert target.is_file() and load_workbook(target).active.max_row > 20


def test_the_reports_page_writes_the_annual_report_dossier_and_calendar(qtbot, sample_window, tmp_path: Path):  # noqa: ANN001
    from icalendar import Calendar
    from openpyxl import load_workbook

    sample_window.show_page("reports")
    reports = sample_window.current_page()
    year = reports.cards["annual"].options["year"]
    year.setCurrentIndex(year.findData(2019))
    reports.run("annual", "save_xlsx", tmp_path / "annual.xlsx")
    summary = load_workbook(tmp_path / "annual.xlsx")["Summary"]
    rows = {row[0]: row[1] for row in summary.iter_rows(values_only=True) if row and row[0]}
    assert rows["Foreign delegations received"] == 32
    country = reports.cards["dossier"].options["country"]
    country.setCurrentIndex(country.findData("KR"))
    reports.run("dossier", "save_pdf", tmp_path / "korea.pdf")
    text = " ".join(page.extract_text() for page in PdfReader(str(tmp_path / "korea.pdf")).pages)
    assert "National Library of Korea" in " ".join(text.split())
    reports.run("calendar", "save_ics", tmp_path / "deadlines.ics")
    calendar = Calendar.from_ical((tmp_path / "deadlines.ics").read_bytes())
    assert len(list(calendar.walk("VEVENT"))) > 0


def test_the_country_dossier_starts_on_the_country_with_the_most_partners(qtbot, sample_window) -> None:  # noqa: ANN001
    import peewee as pw

    from app.models import Partner
    from app.models.partners import counted_partner

    busiest = (
        Partner.select(Partner.country, pw.fn.COUNT(Partner.id).alias("n"))
        .where(counted_partner())  # the ministries the service writes to are not partners abroad
        .group_by(Partner.country)
        .order_by(pw.fn.COUNT(Partner.id).desc())
        .first()
    )
    sample_window.show_page("reports")
    reports = sample_window.current_page()
    assert reports.options_of("dossier")["country"] == busiest.country
