"""The world map on paper: a `MapPicture` laid out once (map, legend, the list beside it) as vector shapes, drawn as
a reportlab Drawing (a PDF flowable, or an SVG file) or with matplotlib (a PNG, the annual workbook's picture)."""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path

from reportlab.graphics.shapes import Circle, Drawing, Group, String
from reportlab.graphics.shapes import Path as PathShape
from reportlab.graphics.shapes import Rect as RectShape
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth

from app.exporters.fonts import BOLD, REGULAR, first_printable, register_fonts
from app.exporters.pdf import shorten, wrap
from app.services.reports.world_map import (
    BORDER,
    HOME,
    HOME_BORDER,
    HOME_MARK,
    MapPicture,
    Rect,
    project,
    projected_land,
    projected_outlines,
)

TEXT_SIZE = 7.5
TITLE_SIZE = 10
BESIDE_WIDTH = 48 * mm


@dataclass
class Shape:
    """A filled outline (rings in the drawing's points), or the map's frame."""

    rings: list[list[tuple[float, float]]]
    fill: str | None
    stroke: str
    width: float
    clipped: bool = True  # drawn inside the map's box only (the frame itself is not)


@dataclass
class Text:
    """One line of text at (x, y), its baseline."""

    x: float
    y: float
    text: str
    size: float = TEXT_SIZE
    bold: bool = False


@dataclass
class Layout:
    """Everything a map on paper holds, in points from the bottom left."""

    width: float
    height: float
    clip: tuple[float, float, float, float]  # the map's box: x, y, width, height
    shapes: list[Shape] = field(default_factory=list)
    marks: list[tuple[float, float, float]] = field(default_factory=list)  # home mark: x, y, radius
    texts: list[Text] = field(default_factory=list)
    swatches: list[tuple[float, float, float, float, str]] = field(default_factory=list)  # x, y, w, h, fill


def _fit_view(view: Rect, aspect_low: float = 1.25, aspect_high: float = 2.1) -> Rect:
    """The view widened or heightened so that its width : height lies between the two aspects."""
    x0, y0, x1, y1 = view
    width, height = x1 - x0, y1 - y0
    if width / height < aspect_low:
        grow = (height * aspect_low - width) / 2
        return x0 - grow, y0, x1 + grow, y1
    if width / height > aspect_high:
        grow = (width / aspect_high - height) / 2
        return x0, y0 - grow, x1, y1 + grow
    return view


def layout(picture: MapPicture, width: float, *, titled: bool = True) -> Layout:
    """Lay the picture out `width` points wide: the map, the legend under it, the list beside it (if any)."""
    register_fonts()
    beside = bool(picture.beside)
    map_width = width - (BESIDE_WIDTH + 4 * mm if beside else 0) - 1  # the frame's line inside the width
    x0, y0, x1, y1 = _fit_view(picture.view)
    scale = map_width / (x1 - x0)
    map_height = (y1 - y0) * scale
    legend_height = 3 * (TEXT_SIZE + 4) + 2
    title_height = TITLE_SIZE + 6 if titled else 0
    height = map_height + legend_height + title_height
    bottom = legend_height
    result = Layout(width, height, (0, bottom, map_width, map_height))

    def place(ring: list[tuple[float, float]]) -> list[tuple[float, float]]:
        return [((x - x0) * scale, bottom + (y - y0) * scale) for x, y in ring]

    def visible(ring: list[tuple[float, float]]) -> bool:
        xs, ys = [x for x, _y in ring], [y for _x, y in ring]
        return max(xs) >= x0 and min(xs) <= x1 and max(ys) >= y0 and min(ys) <= y1

    land = [place(ring) for ring in projected_land() if visible(ring)]
    if land:
        result.shapes.append(Shape(land, picture.fill(""), BORDER, 0.25))
    for code, rings in projected_outlines().items():
        shown = [place(ring) for ring in rings if visible(ring)]
        if shown:
            result.shapes.append(Shape(shown, picture.fill(code), BORDER, 0.25))
    if picture.highlight and picture.highlight != HOME:
        chosen = [place(ring) for ring in projected_outlines().get(picture.highlight, ()) if visible(ring)]
        if chosen:
            result.shapes.append(Shape(chosen, None, "#000000", 1.2))
    home = [place(ring) for ring in projected_outlines().get(HOME, ()) if visible(ring)]
    if home:
        result.shapes.append(Shape(home, None, HOME_BORDER, 1.0))
        hx, hy = project(*HOME_MARK)
        result.marks.append(((hx - x0) * scale, bottom + (hy - y0) * scale, 2.2))
    result.shapes.append(Shape([[(0, bottom), (map_width, bottom), (map_width, bottom + map_height),
                                 (0, bottom + map_height)]], None, "#666666", 0.5, clipped=False))  # fmt: skip
    if titled:
        result.texts.append(Text(0, height - TITLE_SIZE, picture.title, TITLE_SIZE, bold=True))
    _legend(picture, result, map_width)
    if beside:
        _beside(picture, result, map_width + 4 * mm, bottom + map_height)
    return result


def _legend(picture: MapPicture, result: Layout, width: float) -> None:
    """Under the map: what is counted and the classes' swatches, the home mark, what each count means."""
    line = TEXT_SIZE + 4
    y = result.clip[1] - line
    x = 0.0
    for fill, text in picture.legend():
        result.swatches.append((x, y - 1, 12, TEXT_SIZE + 1, fill))
        result.texts.append(Text(x + 15, y, text))
        x += 15 + stringWidth(text, REGULAR, TEXT_SIZE) + 10
    result.marks.append((x + 4, y + TEXT_SIZE / 2 - 0.5, 2.2))
    result.texts.append(Text(x + 10, y, picture.home_text()))
    if picture.caption:
        result.texts.append(Text(0, y - line, shorten(picture.caption, width, size=TEXT_SIZE)))


def _beside(picture: MapPicture, result: Layout, x: float, top: float) -> None:
    """The countries counted but without an outline, in a column beside the map."""
    line = TEXT_SIZE + 2.5
    y = top - TEXT_SIZE
    for piece in wrap(picture.beside_title(), BESIDE_WIDTH, font=BOLD, size=TEXT_SIZE).split("\n"):
        result.texts.append(Text(x, y, piece, bold=True))
        y -= line
    for text in picture.beside_lines():
        if y < result.clip[1]:
            break
        result.texts.append(Text(x, y, shorten(text, BESIDE_WIDTH, size=TEXT_SIZE)))
        y -= line


def _path(rings: list[list[tuple[float, float]]], **style: object) -> PathShape:
    path = PathShape(**style)
    for ring in rings:
        (start_x, start_y), *rest = ring
        path.moveTo(start_x, start_y)
        for px, py in rest:
            path.lineTo(px, py)
        path.closePath()
    return path


def drawing(picture: MapPicture, width: float, *, titled: bool = True) -> Drawing:
    """The map as a reportlab Drawing (a flowable: vector paths and text in the PDF)."""
    laid = layout(picture, width, titled=titled)
    result = Drawing(laid.width, laid.height)
    clip_x, clip_y, clip_w, clip_h = laid.clip
    group = Group()
    group.add(_path([[(clip_x, clip_y), (clip_x + clip_w, clip_y), (clip_x + clip_w, clip_y + clip_h),
                      (clip_x, clip_y + clip_h)]], isClipPath=1, strokeColor=None, fillColor=None))  # fmt: skip
    result.add(group)
    for shape in laid.shapes:
        fill = colors.HexColor(shape.fill) if shape.fill else None
        (group if shape.clipped else result).add(_path(shape.rings, fillColor=fill, strokeWidth=shape.width,
                                                       strokeColor=colors.HexColor(shape.stroke), fillMode=0))
    for x, y, w, h, fill in laid.swatches:
        result.add(RectShape(x, y, w, h, fillColor=colors.HexColor(fill), strokeColor=colors.HexColor(BORDER),
                             strokeWidth=0.4))  # fmt: skip
    for x, y, radius in laid.marks:
        result.add(Circle(x, y, radius, fillColor=colors.white, strokeColor=colors.HexColor(HOME_BORDER),
                          strokeWidth=1.2))  # fmt: skip
        result.add(Circle(x, y, radius / 3, fillColor=colors.HexColor(HOME_BORDER), strokeColor=None))
    for text in laid.texts:
        result.add(String(text.x, text.y, first_printable(text.text), fontName=BOLD if text.bold else REGULAR,
                          fontSize=text.size, fillColor=colors.black))  # fmt: skip
    return result


def png_bytes(picture: MapPicture, width: float, *, titled: bool = True, dpi: int = 150) -> bytes:
    """The same layout as a PNG (matplotlib's Agg, in the PDF's font): the annual workbook's picture."""
    import matplotlib

    matplotlib.use("Agg", force=False)
    from matplotlib.figure import Figure
    from matplotlib.patches import Circle as CirclePatch
    from matplotlib.patches import PathPatch, Rectangle
    from matplotlib.path import Path as MplPath

    laid = layout(picture, width, titled=titled)
    figure = Figure(figsize=(laid.width / 72, laid.height / 72), dpi=dpi)
    axes = figure.add_axes((0, 0, 1, 1))
    axes.set_xlim(0, laid.width)
    axes.set_ylim(0, laid.height)
    axes.set_axis_off()
    clip_x, clip_y, clip_w, clip_h = laid.clip
    frame = Rectangle((clip_x, clip_y), clip_w, clip_h, fill=False, linewidth=0)
    axes.add_patch(frame)
    for shape in laid.shapes:
        vertices, codes = [], []
        for ring in shape.rings:
            vertices += [*ring, ring[0]]
            codes += [MplPath.MOVETO] + [MplPath.LINETO] * (len(ring) - 1) + [MplPath.CLOSEPOLY]
        patch = PathPatch(MplPath(vertices, codes), facecolor=shape.fill or "none", edgecolor=shape.stroke,
                          linewidth=shape.width)  # fmt: skip
        axes.add_patch(patch)
        if shape.clipped:
            patch.set_clip_path(frame)  # after adding: the axes set their own clip on a patch they take
    for x, y, w, h, fill in laid.swatches:
        axes.add_patch(Rectangle((x, y), w, h, facecolor=fill, edgecolor=BORDER, linewidth=0.4))
    for x, y, radius in laid.marks:
        axes.add_patch(CirclePatch((x, y), radius, facecolor="white", edgecolor=HOME_BORDER, linewidth=1.2))
        axes.add_patch(CirclePatch((x, y), radius / 3, facecolor=HOME_BORDER, edgecolor="none"))
    for text in laid.texts:
        axes.text(text.x, text.y, first_printable(text.text), fontsize=text.size, family="DejaVu Sans",
                  fontweight="bold" if text.bold else "normal", va="baseline", ha="left")  # fmt: skip
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=dpi)
    return buffer.getvalue()


def write_map_file(picture: MapPicture, path: Path, *, width: float = 270 * mm) -> Path:
    """The map alone in a file: .pdf (vector), .svg (vector) or .png (150 dpi), with its title."""
    path = Path(path)
    suffix = path.suffix.lower()
    partial = path.with_name(f".{path.name}.part")
    try:
        if suffix == ".png":
            partial.write_bytes(png_bytes(picture, width))
        else:
            from reportlab.graphics import renderPDF, renderSVG

            shown = drawing(picture, width, titled=True)
            if suffix == ".svg":
                renderSVG.drawToFile(shown, str(partial))
            else:
                renderPDF.drawToFile(shown, str(partial), msg="")
        partial.replace(path)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return path
