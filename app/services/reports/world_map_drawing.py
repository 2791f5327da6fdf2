"""The world map on paper: a `MapPicture` laid out once (map, legend, the list beside it) as vector shapes, drawn as
a reportlab Drawing (a PDF flowable, or an SVG file) or with Pillow (a PNG, the annual workbook's picture)."""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path

from PIL import Image, ImageChops, ImageDraw, ImageFont
from reportlab.graphics.shapes import Circle, Drawing, Group, String
from reportlab.graphics.shapes import Path as PathShape
from reportlab.graphics.shapes import Rect as RectShape
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth

from app.exporters.fonts import BOLD, FILES, REGULAR, first_printable, font_folder, register_fonts
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
    origin: tuple[float, float] = (0.0, 0.0)  # the projected position at the map box's bottom left
    scale: float = 1.0  # points per projected unit

    def at(self, x: float, y: float) -> tuple[float, float]:
        """Where a projected position falls on the page (points)."""
        return self.clip[0] + (x - self.origin[0]) * self.scale, self.clip[1] + (y - self.origin[1]) * self.scale


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
    result = Layout(width, height, (0, bottom, map_width, map_height), origin=(x0, y0), scale=scale)

    def place(ring: list[tuple[float, float]]) -> list[tuple[float, float]]:
        return [result.at(x, y) for x, y in ring]

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
        result.marks.append((*result.at(*project(*HOME_MARK)), 2.2))
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


#: The PNG is drawn this many times larger, then each square of pixels averaged: smooth edges, exact shades inside.
OVERSAMPLE = 2


def png_bytes(picture: MapPicture, width: float, *, titled: bool = True, dpi: int = 150) -> bytes:
    """The same layout as a PNG (Pillow, in the PDF's font): the map command's picture, the annual workbook's."""
    laid = layout(picture, width, titled=titled)
    scale = dpi / 72 * OVERSAMPLE  # pixels per point while drawing

    def px(x: float, y: float) -> tuple[float, float]:
        return x * scale, (laid.height - y) * scale  # the layout's y grows upwards, the image's downwards

    def thickness(points: float) -> int:
        return max(1, round(points * scale))

    size = (round(laid.width * dpi / 72), round(laid.height * dpi / 72))
    image = Image.new("RGB", (size[0] * OVERSAMPLE, size[1] * OVERSAMPLE), "white")
    draw = ImageDraw.Draw(image)
    for clipped in (True, False):
        for shape in (shape for shape in laid.shapes if shape.clipped == clipped):
            _draw_shape(image, draw, [[px(x, y) for x, y in ring] for ring in shape.rings], shape.fill, shape.stroke,
                        thickness(shape.width))  # fmt: skip
        if clipped:  # the map's box clips what is drawn so far: blank all around it (title, legend, list beside)
            left, top = px(laid.clip[0], laid.clip[1] + laid.clip[3])
            right, bottom = px(laid.clip[0] + laid.clip[2], laid.clip[1])
            for box in ((0, 0, image.width, top), (0, bottom, image.width, image.height), (0, 0, left, image.height),
                        (right, 0, image.width, image.height)):  # fmt: skip
                draw.rectangle([round(value) for value in box], fill="white")
    for x, y, w, h, fill in laid.swatches:
        (x0, y0), (x1, y1) = px(x, y + h), px(x + w, y)
        draw.rectangle((x0, y0, x1, y1), fill=fill, outline=BORDER, width=thickness(0.4))
    for x, y, radius in laid.marks:
        cx, cy = px(x, y)
        ring, dot = radius * scale, radius / 3 * scale
        draw.ellipse((cx - ring, cy - ring, cx + ring, cy + ring), fill="white", outline=HOME_BORDER,
                     width=thickness(1.2))  # fmt: skip
        draw.ellipse((cx - dot, cy - dot, cx + dot, cy + dot), fill=HOME_BORDER)
    folder = font_folder()
    fonts: dict[tuple[bool, float], ImageFont.FreeTypeFont] = {}
    for text in laid.texts:
        key = (text.bold, text.size)
        if key not in fonts:
            fonts[key] = ImageFont.truetype(str(folder / FILES[BOLD if text.bold else REGULAR]), text.size * scale)
        draw.text(px(text.x, text.y), first_printable(text.text), fill="black", font=fonts[key], anchor="ls")
    buffer = io.BytesIO()
    image.reduce(OVERSAMPLE).save(buffer, format="PNG", dpi=(dpi, dpi))
    return buffer.getvalue()


def _draw_shape(image, draw, rings: list[list[tuple[float, float]]], fill: str | None, stroke: str,  # noqa: ANN001
                width: int) -> None:  # fmt: skip
    """One shape in pixels: its fill by the even-odd rule (an enclave is a hole in its neighbour, as in the PDF),
    then its outline."""
    if fill:
        xs = [x for ring in rings for x, _y in ring]
        ys = [y for ring in rings for _x, y in ring]
        left, top = max(0, int(min(xs))), max(0, int(min(ys)))
        right, bottom = min(image.width, int(max(xs)) + 2), min(image.height, int(max(ys)) + 2)
        if left < right and top < bottom:
            mask = Image.new("1", (right - left, bottom - top), 0)
            for ring in rings:
                layer = Image.new("1", mask.size, 0)
                ImageDraw.Draw(layer).polygon([(x - left, y - top) for x, y in ring], fill=1)
                mask = ImageChops.logical_xor(mask, layer)
            image.paste(fill, (left, top, right, bottom), mask)
    for ring in rings:
        draw.line([*ring, ring[0]], fill=stroke, width=width, joint="curve")


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
