"""The world map in the window: countries shaded by what the year holds with each, a legend, zoom to a region,
the country's name and figures on hover, its page on click — and the same figures as a table for the keyboard."""

from __future__ import annotations

import functools
import logging

from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QKeySequence, QPainter, QPainterPath, QPen, QPixmap, QPolygonF, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QComboBox,
    QGraphicsEllipseItem,
    QGraphicsItem,
    QGraphicsPathItem,
    QGraphicsScene,
    QGraphicsView,
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
from app.services.reports.world_map_counts import MEASURE_NOTES, MEASURES, measure_title

logger = logging.getLogger(__name__)

#: Scene units per projected unit (the projection spans about ±2.7 × ±1.3).
SCALE = 100.0


def scene_rect(rect: geo.Rect) -> QRectF:
    """A projected rectangle (y northwards) in the scene's coordinates (y downwards)."""
    x0, y0, x1, y1 = rect
    return QRectF(QPointF(x0 * SCALE, -y1 * SCALE), QPointF(x1 * SCALE, -y0 * SCALE))


def _path(rings: tuple[geo.Ring, ...]) -> QPainterPath:
    path = QPainterPath()
    path.setFillRule(Qt.FillRule.OddEvenFill)
    for ring in rings:
        path.addPolygon(QPolygonF([QPointF(x * SCALE, -y * SCALE) for x, y in ring]))
        path.closeSubpath()
    return path


@functools.cache
def country_paths() -> dict[str, QPainterPath]:
    """Each country's outline as a QPainterPath in scene units (built once)."""
    return {code: _path(rings) for code, rings in geo.projected_outlines().items()}


@functools.cache
def _land_path() -> QPainterPath:
    return _path(geo.projected_land())


class CountryItem(QGraphicsPathItem):
    """One country on the map: shaded by its count; hovering it shows its name and figures."""

    def __init__(self, code: str, path: QPainterPath, view: WorldMapView) -> None:
        super().__init__(path)
        self.code = code
        self._view = view
        self.setAcceptHoverEvents(True)
        self.setData(0, code)

    def hoverEnterEvent(self, event) -> None:  # noqa: ANN001, N802 - Qt's name
        self._view.hover(self.code)
        super().hoverEnterEvent(event)

    def hoverLeaveEvent(self, event) -> None:  # noqa: ANN001, N802 - Qt's name
        self._view.hover(None)
        super().hoverLeaveEvent(event)


class WorldMapView(QGraphicsView):
    """The map: a scene of country outlines (vector), fitted to a region or a country."""

    country_clicked = Signal(str)
    country_hovered = Signal(str)  # the code, or "" when the pointer left the countries

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("world_map_view")
        self.setAccessibleName(_("World map"))
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setBackgroundBrush(QColor("#ffffff"))
        self.setMinimumHeight(220)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setScene(QGraphicsScene(self))
        self.view = geo.region_rect("world")
        border = QPen(QColor(geo.BORDER), 0)  # cosmetic: one pixel at every zoom
        land = self.scene().addPath(_land_path(), border, QBrush(QColor(geo.EMPTY_FILL)))
        land.setZValue(0)
        self.items_by_code: dict[str, CountryItem] = {}
        for code, path in country_paths().items():
            item = CountryItem(code, path, self)
            item.setPen(border)
            item.setBrush(QBrush(QColor(geo.EMPTY_FILL)))
            item.setZValue(1)
            self.scene().addItem(item)
            self.items_by_code[code] = item
        self.highlight = self.scene().addPath(QPainterPath(), QPen(QColor("#000000"), 2.0))
        self.highlight.setPen(self._cosmetic("#000000", 2.0))
        self.highlight.setZValue(2)
        home = self.scene().addPath(country_paths().get(geo.HOME, QPainterPath()), self._cosmetic(geo.HOME_BORDER, 2.0))
        home.setZValue(3)
        home.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        x, y = geo.project(*geo.HOME_MARK)
        mark = QGraphicsEllipseItem(-4, -4, 8, 8)
        mark.setPos(x * SCALE, -y * SCALE)
        mark.setPen(self._cosmetic(geo.HOME_BORDER, 2.0))
        mark.setBrush(QColor("#ffffff"))
        mark.setFlag(QGraphicsItem.GraphicsItemFlag.ItemIgnoresTransformations)
        mark.setZValue(4)
        mark.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.scene().addItem(mark)
        for item in (self.highlight,):
            item.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.scene().setSceneRect(scene_rect(geo.region_rect("world")).adjusted(-40, -40, 40, 40))

    @staticmethod
    def _cosmetic(colour: str, width: float) -> QPen:
        pen = QPen(QColor(colour), width)
        pen.setCosmetic(True)
        return pen

    def show_picture(self, picture: geo.MapPicture, tooltips: dict[str, str]) -> None:
        """Shade the countries as the picture says; each country's tooltip names it with its figures."""
        for code, item in self.items_by_code.items():
            item.setBrush(QColor(picture.fill(code)))
            item.setToolTip(tooltips.get(code) or picture.name(code))
        chosen = country_paths().get(picture.highlight or "")
        self.highlight.setPath(chosen if chosen is not None else QPainterPath())

    def zoom_to(self, rect: geo.Rect) -> None:
        """Show a region (projected rectangle) as large as the view allows."""
        self.view = rect
        self.fitInView(scene_rect(rect), Qt.AspectRatioMode.KeepAspectRatio)

    def resizeEvent(self, event) -> None:  # noqa: ANN001, N802 - Qt's name
        super().resizeEvent(event)
        self.fitInView(scene_rect(self.view), Qt.AspectRatioMode.KeepAspectRatio)

    def hover(self, code: str | None) -> None:
        """The pointer entered (or left) a country."""
        self.country_hovered.emit(code or "")

    def country_at(self, point) -> str | None:  # noqa: ANN001 - a QPoint in the view
        """The country under a point of the view."""
        for item in self.items(point):
            if isinstance(item, CountryItem):
                return item.code
        return None

    def point_of(self, code: str):  # noqa: ANN201 - a QPoint in the view
        """A point of the view inside the country (for a click): the middle of its largest part, or a point near."""
        item = self.items_by_code[code]
        rings = geo.projected_outlines()[code]
        largest = max(rings, key=lambda ring: len(ring))
        box = _path((largest,)).boundingRect()
        for fx, fy in ((0.5, 0.5), *((i / 8, j / 8) for i in range(1, 8) for j in range(1, 8))):
            candidate = QPointF(box.left() + box.width() * fx, box.top() + box.height() * fy)
            if item.contains(candidate):
                return self.mapFromScene(candidate)
        return self.mapFromScene(box.center())

    def mouseReleaseEvent(self, event) -> None:  # noqa: ANN001, N802 - Qt's name
        super().mouseReleaseEvent(event)
        if event.button() == Qt.MouseButton.LeftButton:
            code = self.country_at(event.position().toPoint())
            if code:
                self.country_clicked.emit(code)

    def wheelEvent(self, event) -> None:  # noqa: ANN001, N802 - Qt's name
        factor = 1.25 if event.angleDelta().y() > 0 else 0.8
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.scale(factor, factor)


def swatch(colour: str, size: int = 14) -> QPixmap:
    """A small filled square for the legend."""
    pixmap = QPixmap(size, size)
    pixmap.fill(QColor(colour))
    painter = QPainter(pixmap)
    painter.setPen(QColor(geo.BORDER))
    painter.drawRect(0, 0, size - 1, size - 1)
    painter.end()
    return pixmap


def figures_text(code: str, name: str, figures: dict[str, dict[str, int]]) -> str:
    """'Korea: partners 3, agreements in force 1, …' on lines: what the tooltip and the status line say."""
    lines = [f"{_(label)}: {figures.get(measure, {}).get(code, 0)}" for measure, label in MEASURES.items()]
    return "\n".join([name, *lines])


class WorldMapPanel(QWidget):
    """The map with its controls: what it counts, the region shown, the legend, the list beside it, the table."""

    open_country = Signal(str)
    figures_changed = Signal()  # the year's counts arrived

    def __init__(self, parent: QWidget | None = None, *, table_shown: bool = False, measure: str = "visits") -> None:
        super().__init__(parent)
        self.setObjectName("world_map_panel")
        self.year: int | None = None
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
        self.measure.currentIndexChanged.connect(lambda _i: self._draw())
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
        """Read the year's counts (on the thread pool) and draw them."""
        from app.services.reports.world_map_counts import all_counts
        from app.ui.shell.tasks import run_quietly

        self.year = year
        run_quietly(lambda: (year, all_counts(year)), self._arrived)

    def _arrived(self, result: tuple[int, dict[str, dict[str, int]]]) -> None:
        year, figures = result
        if year != self.year:
            return  # another year was chosen meanwhile
        self.figures = figures
        self._draw()
        self._fill_table()
        self.figures_changed.emit()

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
        codes = set().union(*(set(values) for values in self.figures.values())) if self.figures else set()
        tips = {code: figures_text(code, self.picture.name(code), self.figures) for code in codes}
        self.view.show_picture(self.picture, tips)
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
        codes = sorted({code for values in self.figures.values() for code, n in values.items() if n},
                       key=lambda code: geo.country_name(code, current_language().replace("-", "_")).casefold())
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


class WorldMapPage(QWidget):
    """The world map on its own page (Overview): a year, the map, and its figures as a table beside it."""

    def __init__(self, parent: QWidget | None = None, *, year: int | None = None) -> None:
        import datetime as dt

        from app.ui.shell.hub import hub

        super().__init__(parent)
        self.setObjectName("page_world_map")
        this_year = dt.date.today().year
        self.year = QComboBox()
        self.year.setObjectName("world_map_year")
        for value in range(this_year, this_year - 15, -1):
            self.year.addItem(str(value), value)
        self.year.setCurrentIndex(max(0, self.year.findData(year or this_year)))
        label = QLabel(_("&Year"))
        label.setBuddy(self.year)
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
