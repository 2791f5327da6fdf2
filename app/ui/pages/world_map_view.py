"""The world map's view: country outlines as QPainterPaths in a QGraphicsScene (vector at every zoom), shaded per
country, fitted to a region or a country; a click names the country, hovering reports it."""

from __future__ import annotations

import functools

from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QPainter, QPainterPath, QPen, QPixmap, QPolygonF
from PySide6.QtWidgets import (
    QGraphicsEllipseItem,
    QGraphicsItem,
    QGraphicsPathItem,
    QGraphicsScene,
    QGraphicsView,
    QWidget,
)

from app.i18n import _
from app.services.reports import world_map as geo
from app.ui.shell.colours import map_colours

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
        self.setBackgroundBrush(map_colours()["sea"])
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
        self.highlight = self.scene().addPath(QPainterPath(), QPen(map_colours()["highlight"], 2.0))
        self.highlight.setPen(self._cosmetic(map_colours()["highlight"].name(), 2.0))
        self.highlight.setZValue(2)
        home = self.scene().addPath(country_paths().get(geo.HOME, QPainterPath()), self._cosmetic(geo.HOME_BORDER, 2.0))
        home.setZValue(3)
        home.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        x, y = geo.project(*geo.HOME_MARK)
        mark = QGraphicsEllipseItem(-4, -4, 8, 8)
        mark.setPos(x * SCALE, -y * SCALE)
        mark.setPen(self._cosmetic(geo.HOME_BORDER, 2.0))
        mark.setBrush(map_colours()["mark"])
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

    def show_picture(self, picture: geo.MapPicture) -> None:
        """Shade the countries as the picture says; each country's tooltip names it (until its figures come)."""
        for code, item in self.items_by_code.items():
            item.setBrush(QColor(picture.fill(code)))
            item.setToolTip(picture.name(code))
        chosen = country_paths().get(picture.highlight or "")
        self.highlight.setPath(chosen if chosen is not None else QPainterPath())

    def set_tooltips(self, tooltips: dict[str, str]) -> None:
        """Each listed country's tooltip: its name with its figures."""
        for code, text in tooltips.items():
            item = self.items_by_code.get(code)
            if item is not None:
                item.setToolTip(text)

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
