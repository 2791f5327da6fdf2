"""Charts of the reports: reportlab drawings for the PDF, openpyxl bar charts (on the sheet's own cells) for Excel.

The PDF charts are vector drawings in the document's font (DejaVu Sans): Cyrillic and Uzbek Latin labels print as
they are. The Excel charts reference the cells of the table they sit beside, so that the numbers a reader changes in
the sheet are the ones the chart shows.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from openpyxl.chart import BarChart, Reference
from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth

from app.exporters.fonts import BOLD, REGULAR, first_printable, register_fonts
from app.exporters.xlsx import ExportResult, Sheet, WorkbookTexts, header_row_of, write_workbook

logger = logging.getLogger(__name__)

#: The series' colours (one hue per kind of activity, readable in grey print too).
PALETTE = ("#2f5d8a", "#d08a2c", "#5b9a58", "#8c5a9e")
LABEL_SIZE = 7.5


def _fit(text: str, width: float, size: float = LABEL_SIZE) -> str:
    """`text` shortened with an ellipsis to fit `width` points."""
    text = first_printable(text)
    if stringWidth(text, REGULAR, size) <= width:
        return text
    while text and stringWidth(text + "…", REGULAR, size) > width:
        text = text[:-1]
    return text.rstrip() + "…"


def _count_axis(axis, highest: int) -> None:  # noqa: ANN001 - a reportlab value axis
    """A value axis of whole counts from 0 with a readable step, gridded, in the report's font."""
    step = _value_step(max(highest, 1))
    axis.valueMin = 0
    axis.valueMax = max(step * ((highest + step - 1) // step), step)
    axis.valueStep = step
    axis.labels.fontName = REGULAR
    axis.labels.fontSize = LABEL_SIZE
    axis.visibleGrid = True
    axis.gridStrokeColor = colors.HexColor("#d5d9de")
    axis.gridStrokeWidth = 0.4


def _value_step(highest: int) -> int:
    """A round step for the value axis (1, 2, 5, 10, 20, 50 …) giving at most eight gridlines."""
    step, factors, turn = 1, (2, 2.5, 2), 0
    while highest / step > 8:
        step = int(step * factors[turn % 3])
        turn += 1
    return step


def horizontal_bars(
    rows: Sequence[tuple[str, int]], *, width: float, title: str = "", bar_height: float = 4.2 * mm
) -> Drawing:
    """A horizontal bar chart (e.g. delegations by country): one labelled bar per row, in the given order from the
    top, each with its value at the end."""
    register_fonts()
    rows = list(rows) or [("", 0)]
    label_width = min(
        max(stringWidth(first_printable(name), REGULAR, LABEL_SIZE) for name, _v in rows) + 6, width * 0.4
    )
    top = 8 * mm if title else 2 * mm
    plot_height = bar_height * len(rows)
    height = plot_height + top + 8 * mm
    drawing = Drawing(width, height)
    if title:
        drawing.add(String(0, height - 5 * mm, first_printable(title), fontName=BOLD, fontSize=9))
    chart = HorizontalBarChart()
    chart.x = label_width
    chart.y = 6 * mm
    chart.width = width - label_width - 10 * mm
    chart.height = plot_height
    chart.data = [[value for _name, value in reversed(rows)]]
    chart.bars[0].fillColor = colors.HexColor(PALETTE[0])
    chart.bars.strokeColor = None
    chart.barSpacing = 0
    chart.groupSpacing = bar_height * 0.25
    chart.categoryAxis.categoryNames = [_fit(name, label_width - 4) for name, _v in reversed(rows)]
    chart.categoryAxis.labels.fontName = REGULAR
    chart.categoryAxis.labels.fontSize = LABEL_SIZE
    chart.categoryAxis.labels.boxAnchor = "e"
    chart.categoryAxis.labels.dx = -3
    chart.categoryAxis.tickLeft = 0
    highest = max(value for _name, value in rows)
    _count_axis(chart.valueAxis, highest)
    chart.barLabelFormat = "%d"
    chart.barLabels.fontName = REGULAR
    chart.barLabels.fontSize = LABEL_SIZE
    chart.barLabels.boxAnchor = "w"
    chart.barLabels.dx = 2
    drawing.add(chart)
    return drawing


def grouped_columns(
    categories: Sequence[str],
    series: Sequence[tuple[str, Sequence[int]]],
    *,
    width: float,
    height: float = 62 * mm,
    title: str = "",
) -> Drawing:
    """A grouped column chart (e.g. delegations, trips and events by month) with a legend under it."""
    register_fonts()
    drawing = Drawing(width, height)
    top = 8 * mm if title else 2 * mm
    if title:
        drawing.add(String(0, height - 5 * mm, first_printable(title), fontName=BOLD, fontSize=9))
    chart = VerticalBarChart()
    chart.x = 9 * mm
    chart.y = 16 * mm
    chart.width = width - 12 * mm
    chart.height = height - chart.y - top
    chart.data = [list(values) for _label, values in series] or [[0] * len(categories)]
    for index in range(len(chart.data)):
        chart.bars[index].fillColor = colors.HexColor(PALETTE[index % len(PALETTE)])
    chart.bars.strokeColor = None
    chart.groupSpacing = 6
    chart.barSpacing = 0.5
    chart.categoryAxis.categoryNames = [first_printable(name) for name in categories]
    chart.categoryAxis.labels.fontName = REGULAR
    chart.categoryAxis.labels.fontSize = LABEL_SIZE
    chart.categoryAxis.labels.dy = -2
    highest = max((max(values, default=0) for values in chart.data), default=0)
    _count_axis(chart.valueAxis, highest)
    drawing.add(chart)
    legend = Legend()
    legend.x = chart.x
    legend.y = 5 * mm
    legend.alignment = "right"
    legend.columnMaximum = 1
    legend.fontName = REGULAR
    legend.fontSize = LABEL_SIZE + 0.5
    legend.boxAnchor = "w"
    legend.dx = legend.dy = 7
    legend.deltax = max((stringWidth(first_printable(label), REGULAR, LABEL_SIZE + 0.5) for label, _v in series),
                        default=20) + 36  # fmt: skip
    legend.colorNamePairs = [
        (colors.HexColor(PALETTE[index % len(PALETTE)]), first_printable(label))
        for index, (label, _v) in enumerate(series)
    ]
    drawing.add(legend)
    return drawing


@dataclass(frozen=True)
class SheetChart:
    """A bar chart of a sheet's own table: value columns and the category column (1-based), where it is placed."""

    title: str
    values: Sequence[int]
    categories: int
    anchor: str
    horizontal: bool = False
    stacked: bool = False  # the value columns' bars stacked into one per category (its total)
    x_title: str = ""
    y_title: str = ""
    width: float = 16.0  # centimetres
    height: float = 8.0


def _excel_chart(worksheet: object, spec: SheetChart, header_row: int, rows: int) -> BarChart:
    chart = BarChart()
    chart.type = "bar" if spec.horizontal else "col"
    chart.grouping = "stacked" if spec.stacked else "clustered"
    if spec.stacked:
        chart.overlap = 100
    chart.title = spec.title
    chart.style = 10
    chart.width = spec.width
    chart.height = spec.height if not spec.horizontal else max(spec.height, 1.5 + 0.55 * rows)
    if spec.x_title:
        chart.x_axis.title = spec.x_title
    if spec.y_title:
        chart.y_axis.title = spec.y_title
    chart.x_axis.delete = False  # newer Excel hides axes that are not explicitly kept
    chart.y_axis.delete = False
    last = header_row + max(rows, 1)
    for column in spec.values:
        data = Reference(worksheet, min_col=column, min_row=header_row, max_row=last)
        chart.add_data(data, titles_from_data=True)
    chart.set_categories(Reference(worksheet, min_col=spec.categories, min_row=header_row + 1, max_row=last))
    if spec.horizontal:
        chart.x_axis.scaling.orientation = "maxMin"  # the first row on top, as in the table
    if len(spec.values) == 1:
        chart.legend = None
    return chart


def write_workbook_with_charts(
    path: Path,
    sheets: Sequence[Sheet],
    charts: Mapping[int, Sequence[SheetChart]],
    *,
    texts: WorkbookTexts | None = None,
    progress: Callable[[int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
    pictures: Mapping[int, Sequence[tuple[bytes, str, float]]] | None = None,
) -> ExportResult:
    """`xlsx.write_workbook` with bar charts added to the sheets named by index (the sheets are written the same
    way; a chart is anchored beside its table and references its cells), and pictures: (PNG, anchor, width in
    centimetres) by sheet index. Written through a temporary file."""

    def add_charts(index: int, worksheet, spec: Sheet, rows: int) -> None:  # noqa: ANN001 - an openpyxl sheet
        header_row = header_row_of(spec)
        for chart in charts.get(index, ()):
            worksheet.add_chart(_excel_chart(worksheet, chart, header_row, rows), chart.anchor)
        for png, anchor, width in (pictures or {}).get(index, ()):
            worksheet.add_image(_picture(png, width), anchor)

    return write_workbook(path, sheets, texts=texts, progress=progress, cancelled=cancelled, after_sheet=add_charts)


def _picture(png: bytes, width: float):  # noqa: ANN202 - an openpyxl Image
    """A PNG as an openpyxl picture `width` centimetres wide (its proportions kept)."""
    import io

    from openpyxl.drawing.image import Image

    picture = Image(io.BytesIO(png))
    height = picture.height * width / picture.width
    picture.width, picture.height = round(width / 2.54 * 96), round(height / 2.54 * 96)
    return picture
