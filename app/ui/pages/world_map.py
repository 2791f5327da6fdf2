"""The world map in the window: countries shaded by what the year holds with each, a legend, zoom to a region,
the country's name and figures on hover, its page on click — and the same figures as a table for the keyboard."""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.i18n import _, current_language
from app.services.reports import world_map as geo
from app.services.reports.world_map_counts import MEASURE_NOTES, MEASURES, country_counts, measure_title
from app.ui.pages.world_map_view import WorldMapView, swatch

logger = logging.getLogger(__name__)


def figures_text(code: str, name: str, figures: dict[str, dict[str, int]]) -> str:
    """'Korea: partners 3, agreements in force 1, …' on lines: what the tooltip and the status line say."""
    lines = [f"{_(label)}: {figures.get(measure, {}).get(code, 0)}" for measure, label in MEASURES.items()]
    return "\n".join([name, *lines])


class WorldMapPanel(QWidget):
    """The map with its controls: what it counts, the region shown, the legend, the list beside it, the table."""

    open_country = Signal(str)
    figures_changed = Signal()  # every measure's counts of the year arrived
    map_drawn = Signal()  # the map shows the year's counts of its measure

    def __init__(self, parent: QWidget | None = None, *, table_shown: bool = False, measure: str = "visits") -> None:
        super().__init__(parent)
        self.setObjectName("world_map_panel")
        self.year: int | None = None
        self._reading = 0  # which reading of the counts the ones arriving belong to
        self.figures: dict[str, dict[str, int]] = {}
        self.picture: geo.MapPicture | None = None
        self.region = "world"
        self.country: str | None = None  # the country a country page zooms to
        self.measure = QComboBox()
        self.measure.setObjectName("map_measure")
        self.measure.setAccessibleName(_("What the map shows"))
        for key, label in MEASURES.items():
            self.measure.addItem(_(label), key)
        self.measure.setCurrentIndex(max(0, self.measure.findData(measure)))
        self.measure.currentIndexChanged.connect(self._measure_changed)
        shows = QLabel(_("&Show"))
        shows.setBuddy(self.measure)
        controls = QHBoxLayout()
        controls.addWidget(shows)
        controls.addWidget(self.measure)
        self.regions = QButtonGroup(self)
        self.regions.setExclusive(False)  # none is checked while the map shows a country
        for key, (label, _box) in geo.REGIONS.items():
            button = QPushButton(_(label))
            button.setObjectName(f"map_region_{key}")
            button.setCheckable(True)
            button.setChecked(key == "world")
            button.setToolTip(_("Zoom to {region}").format(region=_(label)))
            button.clicked.connect(lambda _c=False, k=key: self.zoom_to_region(k))
            self.regions.addButton(button)
            controls.addWidget(button)
        controls.addStretch(1)
        self.table_button = QPushButton(_("Figures as a &table"))
        self.table_button.setObjectName("map_table_button")
        self.table_button.setCheckable(True)
        self.table_button.setChecked(table_shown)
        controls.addWidget(self.table_button)
        self.view = WorldMapView()
        self.view.country_clicked.connect(self.open_country)
        self.view.country_hovered.connect(self._hovered)
        QShortcut(QKeySequence("Escape"), self.view, activated=self.zoom_back)
        self.legend = QHBoxLayout()
        self.status = QLabel()
        self.status.setObjectName("map_status")
        self.beside = QLabel()
        self.beside.setObjectName("map_beside")
        self.beside.setWordWrap(True)
        self.beside.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.beside.setMaximumWidth(220)
        self.table = QTableWidget()
        self.table.setTabKeyNavigation(False)  # Tab leaves the list; the arrows move in it
        self.table.setObjectName("map_table")
        self.table.setAccessibleName(_("The map's figures as a table"))
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        self.table.itemActivated.connect(lambda item: self.open_country.emit(self.table.item(item.row(), 0).data(
            Qt.ItemDataRole.UserRole)))  # fmt: skip
        self.table.setVisible(table_shown)
        self.table_button.toggled.connect(self.table.setVisible)
        middle = QHBoxLayout()
        middle.addWidget(self.view, 3)
        middle.addWidget(self.beside)
        middle.addWidget(self.table, 2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(controls)
        layout.addLayout(middle, 1)
        layout.addLayout(self.legend)
        layout.addWidget(self.status)

    def set_year(self, year: int) -> None:
        """Read the year's counts on the thread pool: first what the map shows (it is drawn as soon as they come),
        then the other measures (the tooltips' and the table's figures)."""
        from app.ui.shell.tasks import run_quietly

        self.year = year
        self._reading += 1
        reading, shown = self._reading, self.current_measure()
        self.figures = {}
        others = [measure for measure in MEASURES if measure != shown]
        run_quietly(lambda: (reading, {shown: country_counts(year, shown)}), self._arrived)
        run_quietly(lambda: (reading, {measure: country_counts(year, measure) for measure in others}), self._arrived)

    def _arrived(self, result: tuple[int, dict[str, dict[str, int]]]) -> None:
        reading, figures = result
        if reading != self._reading:
            return  # another year was chosen meanwhile, or the data changed
        self.figures.update(figures)
        if self.current_measure() in figures:
            self._draw()
            self.map_drawn.emit()
        else:
            self._tooltips()
        if len(self.figures) == len(MEASURES):
            self._fill_table()
            self.figures_changed.emit()

    def _measure_changed(self) -> None:
        if self.year is not None and self.current_measure() not in self.figures:
            self.set_year(self.year)  # its counts are still on their way: read again, the chosen one first
        else:
            self._draw()

    def _tooltips(self) -> None:
        """Each country's name and figures on hover (as many measures as have arrived)."""
        if self.picture is None:
            return
        codes = set().union(*(set(values) for values in self.figures.values())) if self.figures else set()
        self.view.set_tooltips({code: figures_text(code, self.picture.name(code), self.figures) for code in codes})

    def current_measure(self) -> str:
        """The key of what the map counts."""
        return self.measure.currentData()

    def _draw(self) -> None:
        if self.year is None:
            return
        measure = self.current_measure()
        counts = self.figures.get(measure, {})
        self.picture = geo.make_picture(counts, title=measure_title(measure, self.year), language=current_language(),
                                        caption=_(MEASURE_NOTES[measure]), region=self.region,
                                        country=self.country if self.region == "country" else None)  # fmt: skip
        self.view.show_picture(self.picture)
        self._tooltips()
        self.view.zoom_to(self.picture.view)
        while self.legend.count():
            widget = self.legend.takeAt(0).widget()
            if widget is not None:
                widget.deleteLater()
        title = QLabel(f"<b>{_(MEASURES[measure])}:</b>")
        title.setToolTip(_(MEASURE_NOTES[measure]))
        self.legend.addWidget(title)
        for fill, text in [*self.picture.legend()]:
            box = QLabel()
            box.setPixmap(swatch(fill))
            self.legend.addWidget(box)
            self.legend.addWidget(QLabel(text))
        home = QLabel()
        home.setPixmap(swatch(geo.HOME_BORDER, 10))
        self.legend.addWidget(home)
        self.legend.addWidget(QLabel(self.picture.home_text()))
        self.legend.addStretch(1)
        if self.picture.beside:
            self.beside.setText("<b>" + self.picture.beside_title() + "</b><br>" + "<br>".join(
                self.picture.beside_lines()))  # fmt: skip
        self.beside.setVisible(bool(self.picture.beside))

    def _fill_table(self) -> None:
        codes = sorted(
            {code for values in self.figures.values() for code, n in values.items() if n},
            key=lambda code: geo.country_name(code, current_language().replace("-", "_")).casefold(),
        )
        self.table.setSortingEnabled(False)
        self.table.clear()
        self.table.setColumnCount(1 + len(MEASURES))
        self.table.setHorizontalHeaderLabels([_("Country"), *(_(label) for label in MEASURES.values())])
        self.table.setRowCount(len(codes))
        for row, code in enumerate(codes):
            name = QTableWidgetItem(geo.country_name(code, current_language().replace("-", "_")))
            name.setData(Qt.ItemDataRole.UserRole, code)
            self.table.setItem(row, 0, name)
            for column, measure in enumerate(MEASURES, start=1):
                cell = QTableWidgetItem()
                cell.setData(Qt.ItemDataRole.DisplayRole, self.figures.get(measure, {}).get(code, 0))
                cell.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(row, column, cell)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.setSortingEnabled(True)

    def table_rows(self) -> list[tuple[str, list[int]]]:
        """What the table shows: (country code, the figures in the measures' order)."""
        return [(self.table.item(row, 0).data(Qt.ItemDataRole.UserRole),
                 [self.table.item(row, column).data(Qt.ItemDataRole.DisplayRole)
                  for column in range(1, self.table.columnCount())])
                for row in range(self.table.rowCount())]  # fmt: skip

    def focus_country(self, code: str) -> None:
        """Zoom to a country and mark it (a country page's map); the region buttons still lead away and back."""
        self.country = code
        self.zoom_to_region("country")

    def zoom_to_region(self, region: str) -> None:
        """Show a region (world, central_asia, europe, east_asia)."""
        self.region = region
        for button in self.regions.buttons():
            button.setChecked(button.objectName() == f"map_region_{region}")
        if region == "country" and self.country:
            self.view.zoom_to(geo.country_rect(self.country))
            if self.picture is not None:
                self._draw()
        else:
            self.view.zoom_to(geo.region_rect(region))

    def zoom_back(self) -> None:
        """Back from a region: to the country of the page, or to the world."""
        self.zoom_to_region("country" if self.country and self.region != "country" else "world")

    def _hovered(self, code: str) -> None:
        if not code or self.picture is None:
            self.status.clear()
            return
        self.status.setText(figures_text(code, self.picture.name(code), self.figures).replace("\n", " · ", 1)
                            .replace("\n", "; "))  # fmt: skip


def year_box(name: str, year: int | None) -> tuple[QComboBox, QLabel]:
    """A choice of the last fifteen years (`year` chosen, else this one) and its label."""
    import datetime as dt

    this_year = dt.date.today().year
    box = QComboBox()
    box.setObjectName(name)
    for value in range(this_year, this_year - 15, -1):
        box.addItem(str(value), value)
    box.setCurrentIndex(max(0, box.findData(year or this_year)))
    label = QLabel(_("&Year"))
    label.setBuddy(box)
    return box, label


class WorldMapPage(QWidget):
    """The world map on its own page (Overview): a year, the map, and its figures as a table beside it."""

    def __init__(self, parent: QWidget | None = None, *, year: int | None = None) -> None:
        from app.ui.shell.hub import hub

        super().__init__(parent)
        self.setObjectName("page_world_map")
        self.year, label = year_box("world_map_year", year)
        top = QHBoxLayout()
        top.addWidget(QLabel(f"<h1>{_('World map')}</h1>"), 1)
        top.addWidget(label)
        top.addWidget(self.year)
        self.panel = WorldMapPanel(table_shown=True)
        self.panel.open_country.connect(hub.open_country)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.panel, 1)
        self.year.currentIndexChanged.connect(lambda _i: self.refresh())
        for signal in (hub.record_saved, hub.records_deleted, hub.data_reset):
            signal.connect(self._data_changed)
        self.refresh()

    def _data_changed(self, *_args: object) -> None:
        self.refresh()

    def refresh(self) -> None:
        """Read the chosen year's figures again."""
        self.panel.set_year(self.year.currentData())
