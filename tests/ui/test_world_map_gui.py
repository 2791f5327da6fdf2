"""The world map in the window: a click on a country opens its page, hover names it with its figures, regions zoom,
the figures are a table the keyboard reaches; the country page opens from the map, Ctrl+K and a list's hook."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QTreeWidget

from app.i18n import set_language
from app.services.reports.world_map import region_rect
from app.services.reports.world_map_counts import MEASURES, country_counts
from app.ui.pages.country_page import CountryPage, open_country_page
from app.ui.shell import tasks
from app.ui.shell.global_search import GlobalSearchDialog
from app.ui.shell.page_factory import COUNTRY, START, WORLD_MAP


def _dashboard_map(window, year: int = 2019):  # noqa: ANN001, ANN202
    window.show_page(START)
    dashboard = window.page(START)
    dashboard.year.setCurrentIndex(dashboard.year.findData(year))
    return dashboard.world_map


def figures(page: CountryPage) -> dict[str, int]:
    """The year's figures the page shows for the country, by measure."""
    return {measure: int(label.text().replace("\u00a0", "").replace(" ", "") or 0)
            for measure, label in page.figure_values.items()}  # fmt: skip


def section_rows(page: CountryPage, key: str) -> list[list[str]]:
    """The texts of a section's table, as the page shows them."""
    tree = page.findChild(QTreeWidget, f"country_section_{key}")
    assert tree is not None, key
    return [[tree.topLevelItem(i).text(c) for c in range(tree.columnCount())]
            for i in range(tree.topLevelItemCount()) if tree.topLevelItem(i).flags()]  # fmt: skip


def test_clicking_a_country_on_the_dashboard_map_opens_its_page(qtbot, sample_window) -> None:  # noqa: ANN001
    panel = _dashboard_map(sample_window)
    assert panel.year == 2019 and panel.picture is not None
    view = panel.view
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=view.point_of("KR"))
    assert sample_window.current == COUNTRY
    page = sample_window.current_page()
    assert isinstance(page, CountryPage) and page.code == "KR"
    year = page.year.currentData()
    assert figures(page) == {measure: country_counts(year, measure).get("KR", 0) for measure in MEASURES}
    assert section_rows(page, "partners") and "South Korea" in page.heading.text()
    agreements = section_rows(page, "agreements")
    assert agreements and any("force" in " ".join(row).lower() for row in agreements)  # with its status


def test_the_map_shades_the_year_and_names_countries_on_hover(qtbot, sample_window) -> None:  # noqa: ANN001
    panel = _dashboard_map(sample_window)
    visits = country_counts(2019, "visits")
    assert visits["KR"] == 3
    item = panel.view.items_by_code["KR"]
    assert item.brush().color().name() == panel.picture.fill("KR") != panel.picture.fill("AQ")
    assert item.toolTip().splitlines()[0] == "South Korea" and "Delegations received: 3" in item.toolTip()
    panel.view.hover("KR")
    assert "South Korea" in panel.status.text() and "Delegations received: 3" in panel.status.text()
    panel.measure.setCurrentIndex(panel.measure.findData("trips"))
    assert panel.picture.counts == {code: n for code, n in country_counts(2019, "trips").items() if n}


def test_zoom_to_a_region_and_back(qtbot, sample_window) -> None:  # noqa: ANN001
    panel = _dashboard_map(sample_window)
    europe = panel.findChild(type(panel.table_button), "map_region_europe")
    qtbot.mouseClick(europe, Qt.MouseButton.LeftButton)
    assert panel.view.view == region_rect("europe")
    visible = panel.view.mapToScene(panel.view.viewport().rect()).boundingRect()
    assert visible.contains(panel.view.items_by_code["DE"].boundingRect().center())
    assert not visible.contains(panel.view.items_by_code["AU"].boundingRect().center())
    panel.view.setFocus()
    qtbot.keyClick(panel.view, Qt.Key.Key_Escape)
    assert panel.view.view == region_rect("world")


def test_the_map_page_has_its_figures_as_a_table_for_the_keyboard(qtbot, sample_window) -> None:  # noqa: ANN001
    go = sample_window.findChild(type(sample_window.main_actions["open"]), "go_world_map")
    assert go.shortcut() == QKeySequence("Ctrl+Shift+M")  # the Go menu reaches the page by a shortcut
    go.trigger()
    assert sample_window.current == WORLD_MAP
    page = sample_window.current_page()
    page.year.setCurrentIndex(page.year.findData(2019))
    panel = page.panel
    assert panel.table.isVisible() and panel.table.focusPolicy() != Qt.FocusPolicy.NoFocus
    assert panel.table.accessibleName()
    rows = dict(panel.table_rows())
    for index, measure in enumerate(MEASURES):
        counts = country_counts(2019, measure)
        assert {code: figures[index] for code, figures in rows.items() if figures[index]} == {
            code: n for code, n in counts.items() if n
        }
    codes = [panel.table.item(i, 0).data(Qt.ItemDataRole.UserRole) for i in range(panel.table.rowCount())]
    row = codes.index("JP")
    panel.table.setFocus()
    panel.table.setCurrentCell(row, 0)
    qtbot.keyClick(panel.table, Qt.Key.Key_Return)
    assert sample_window.current == COUNTRY and sample_window.current_page().code == "JP"


def test_ctrl_k_offers_the_country_page(qtbot, sample_window) -> None:  # noqa: ANN001
    dialog = GlobalSearchDialog("Koreya", parent=sample_window)
    qtbot.addWidget(dialog)
    dialog.open_country.connect(sample_window.show_country)
    assert "KR" in dialog.countries()
    group = next(dialog.results.topLevelItem(i) for i in range(dialog.results.topLevelItemCount())
                 if dialog.results.topLevelItem(i).text(0) == "Countries")  # fmt: skip
    item = next(group.child(j) for j in range(group.childCount()) if group.child(j).text(0) == "South Korea")
    dialog.results.setCurrentItem(item)
    qtbot.keyClick(dialog.query, Qt.Key.Key_Return)
    assert sample_window.current == COUNTRY and sample_window.current_page().code == "KR"
    assert all(register != "country" for register, _id, _label in dialog.hits())


def test_a_list_opens_a_country_page_through_the_hook(qtbot, sample_window) -> None:  # noqa: ANN001
    open_country_page("lv")
    assert sample_window.current == COUNTRY and sample_window.current_page().code == "LV"


def test_the_country_page_speaks_the_interface_language(qtbot, database, load_sample) -> None:  # noqa: ANN001

    load_sample()
    set_language("ru")
    page = CountryPage("KR", year=2019)
    qtbot.addWidget(page)
    assert "Республика Корея" in page.heading.text()
    assert figures(page)["visits"] == 3
    assert page.map.picture.highlight == "KR" and "Республика Корея" in page.map.view.items_by_code["KR"].toolTip()


def test_the_country_page_saves_the_dossier_as_pdf(qtbot, database, load_sample, tmp_path, monkeypatch) -> None:  # noqa: ANN001
    from pypdf import PdfReader

    load_sample()
    page = CountryPage("KR", year=2019)
    qtbot.addWidget(page)
    target = tmp_path / "korea.pdf"
    monkeypatch.setattr("app.ui.dialogs.file_dialogs.save_path", lambda *args, **kwargs: target)
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    assert tasks.wait_for_tasks(20000)  # written in the background (at once here)
    text = PdfReader(str(target)).pages[0].extract_text()
    assert "Country dossier: South Korea" in text and "Uzbekistan: home" in text
