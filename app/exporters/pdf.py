"""PDF documents with reportlab: an official header, 'page X of Y', tables whose header repeats on every page."""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen import canvas as pdf_canvas
from reportlab.platypus import CondPageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from app.exporters.fonts import BOLD, REGULAR, first_printable, register_fonts
from app.exporters.progress import NO_STEPS, Steps

BODY_SIZE = 8
LEADING = 9.6
#: The pieces of a cell's text a line cannot break: words, each with a hyphen or slash that ends it.
_UNBREAKABLE = re.compile(r"[^ \n/-]+[/-]?|[/-]")
#: A table cell's padding above and below its text.
PAD_TOP, PAD_BOTTOM = 2, 3
#: The room a heading needs under it on its page (itself and a few rows).
HEADING_ROOM = 40 * mm


@dataclass(frozen=True)
class PageTexts:
    """What every page says: the organisation, the document's title, and the footer's words."""

    organisation: str
    title: str
    printed: str  # e.g. "Printed 25 Nov 2026"
    page_of: str  # e.g. "Page {page} of {pages}"


def styles() -> dict[str, ParagraphStyle]:
    """The paragraph styles of Hamkor's documents."""
    register_fonts()
    return {
        "organisation": ParagraphStyle("organisation", fontName=BOLD, fontSize=11, leading=14, alignment=1),
        "title": ParagraphStyle("title", fontName=BOLD, fontSize=15, leading=19, alignment=1, spaceAfter=2),
        "subtitle": ParagraphStyle("subtitle", fontName=REGULAR, fontSize=9.5, leading=12, alignment=1),
        "heading": ParagraphStyle("heading", fontName=BOLD, fontSize=11.5, leading=15, spaceBefore=8, spaceAfter=4),
        "body": ParagraphStyle("body", fontName=REGULAR, fontSize=9, leading=11.5),
        "small": ParagraphStyle("small", fontName=REGULAR, fontSize=BODY_SIZE, leading=LEADING),
    }


def escape(text: str) -> str:
    """Text safe inside a reportlab Paragraph."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def para(text: str, style: ParagraphStyle) -> Paragraph:
    """A paragraph of plain text (escaped, printable in the font)."""
    return Paragraph(escape(first_printable(text)), style)


def shorten(text: str, width: float, *, font: str = REGULAR, size: float = BODY_SIZE) -> str:
    """`text` cut with '…' to fit on one line of `width` points (as it is when it fits)."""
    if stringWidth(text, font, size) <= width:
        return text
    while text and stringWidth(text + "…", font, size) > width:
        text = text[:-1]
    return text.rstrip() + "…"


def wrap(text: str, width: float, *, font: str = REGULAR, size: float = BODY_SIZE) -> str:
    """Text broken into lines that fit `width` points (a table cell's plain text; cheaper than a Paragraph)."""
    if not text:
        return ""
    if "\n" not in text and stringWidth(text, font, size) <= width:  # most cells fit: one measurement, no split
        return text
    lines: list[str] = []
    space = stringWidth(" ", font, size)
    for part in text.split("\n"):
        # Broken at plain spaces only: a no-break space (in '26 ноября 2026 г.', in a date kept whole) holds.
        current: list[str] = []
        used = -space
        for word in (piece for piece in part.split(" ") if piece):
            needed = stringWidth(word, font, size)
            if current and used + space + needed > width:
                lines.append(" ".join(current))
                current, used = [], -space
            current.append(word)
            used += space + needed
        lines.append(" ".join(current))
    return "\n".join(lines)


def column_widths(
    headers: Sequence[str], rows: Sequence[Sequence[str]], weights: Sequence[float], width: float, *, sample: int = 400
) -> list[float]:
    """Column widths in proportion to `weights` across `width`, each widened to hold its longest word (of the header
    and of the first `sample` rows) with the room taken from columns that have some to spare — so that words are not
    broken in the middle. When the words cannot all fit, the proportional widths are kept."""
    total = sum(weights)
    widths = [width * weight / total for weight in weights]
    pad = 6 + 1
    need = [_longest_word(header, BOLD) + pad for header in headers]
    for row in rows[:sample]:
        for index, text in enumerate(row):
            need[index] = max(need[index], _longest_word(text, REGULAR) + pad)
    need = [min(needed, width * 0.4) for needed in need]  # one long word does not take the page
    if sum(need) > width:
        return widths
    short = [i for i, (have, needed) in enumerate(zip(widths, need, strict=True)) if have < needed]
    deficit = sum(need[i] - widths[i] for i in short)
    spare = [i for i in range(len(widths)) if i not in short]
    room = sum(widths[i] - need[i] for i in spare)
    for i in short:
        widths[i] = need[i]
    for i in spare:  # each gives in proportion to what it can spare
        widths[i] -= deficit * (widths[i] - need[i]) / room if room else 0
    return widths


def _longest_word(text: str, font: str) -> float:
    """The width of the longest piece of `text` that cannot be broken (words break after hyphens and slashes too)."""
    return max((stringWidth(word, font, BODY_SIZE) for word in _UNBREAKABLE.findall(str(text))), default=0.0)


def _numbered_canvas(texts: PageTexts, page_size: tuple[float, float]) -> type[pdf_canvas.Canvas]:
    class NumberedCanvas(pdf_canvas.Canvas):
        """Keeps each page until the end, then stamps 'page X of Y' and the running header on all of them."""

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            kwargs["initialFontName"] = kwargs.get("initialFontName") or REGULAR  # not Helvetica: never embedded
            kwargs["initialFontSize"] = kwargs.get("initialFontSize") or BODY_SIZE
            super().__init__(*args, **kwargs)
            self._pages: list[dict] = []

        def showPage(self) -> None:  # noqa: N802 - reportlab's name
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            for state in self._pages:
                self.__dict__.update(state)
                self._stamp(total)
                super().showPage()
            super().save()

        def _stamp(self, total: int) -> None:
            width, _height = page_size
            self.saveState()
            self.setFont(REGULAR, 7.5)
            self.setFillColor(colors.HexColor("#555555"))
            page = texts.page_of.format(page=self._pageNumber, pages=total)
            right = "    ".join(text for text in (texts.printed, page) if text)
            self.drawRightString(width - 15 * mm, 9 * mm, right)
            room = width - 30 * mm - stringWidth(right, REGULAR, 7.5) - 8 * mm
            left = first_printable(f"{texts.organisation} — {texts.title}")
            self.drawString(15 * mm, 9 * mm, shorten(left, room, font=REGULAR, size=7.5))
            self.setStrokeColor(colors.HexColor("#999999"))
            self.setLineWidth(0.4)
            self.line(15 * mm, 12 * mm, width - 15 * mm, 12 * mm)
            self.restoreState()

    return NumberedCanvas


def heading_block(texts: PageTexts, subtitle_lines: Sequence[str]) -> list[Any]:
    """The top of the first page: organisation, title, subtitle lines."""
    style = styles()
    story: list[Any] = [para(texts.organisation, style["organisation"]), Spacer(1, 3 * mm)]
    story.append(para(texts.title, style["title"]))
    for line in subtitle_lines:
        story.append(para(line, style["subtitle"]))
    story.append(Spacer(1, 5 * mm))
    return story


def build_pdf(
    path: Path, story: list[Any], texts: PageTexts, *, landscape_pages: bool = True, steps: Steps = NO_STEPS
) -> Path:
    """Lay out `story` on A4 pages and write the PDF (through a temporary file). `steps` hears how much of the story
    is laid out and is asked for Cancel at every page: a cancelled document leaves no file."""
    register_fonts()
    page_size = landscape(A4) if landscape_pages else A4
    path = Path(path)
    partial = path.with_name(f".{path.name}.part")
    document = SimpleDocTemplate(
        str(partial),
        pagesize=page_size,
        leftMargin=15 * mm,
        rightMargin=15 * mm,
        topMargin=14 * mm,
        bottomMargin=17 * mm,
        title=texts.title,
        author=texts.organisation,
        creator="Hamkor",
    )
    document.setProgressCallBack(_progress_of(steps))
    try:
        document.build(story, canvasmaker=_numbered_canvas(texts, page_size))
        os.replace(partial, path)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return path


def _progress_of(steps: Steps) -> Any:
    """reportlab's progress callback reporting to `steps`: flowables laid out of the story's, Cancel at each page."""
    size = [0]

    def callback(kind: str, value: int) -> None:
        if kind == "SIZE_EST":
            size[0] = value
        elif kind == "PROGRESS":
            steps.step(min(value, size[0]), size[0])
        elif kind == "PAGE":
            steps.check()

    return callback


def data_table(
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    widths: Sequence[float],
    *,
    numeric_columns: Sequence[int] = (),
) -> Table:
    """A table of plain, pre-wrapped texts whose header repeats on every page.

    No cell spans rows or columns: reportlab recomputes spans over the whole table at every page break, which
    made a 5,000-row register take three times as long. Group headings and totals go between tables instead.
    """
    register_fonts()
    header_cells = [wrap(text, width - 6, font=BOLD) for text, width in zip(headers, widths, strict=True)]
    cells = [header_cells, *rows]
    # Every cell is plain text already wrapped: its height is its lines. Given the heights, reportlab does not
    # measure the rows again at every page break (that search is quadratic in the rows of a long table).
    heights = [LEADING * max((str(text).count("\n") + 1 for text in row), default=1) + PAD_TOP + PAD_BOTTOM
               for row in cells]  # fmt: skip
    table = Table(cells, colWidths=list(widths), rowHeights=heights, repeatRows=1)
    commands: list[tuple] = [
        ("FONT", (0, 0), (-1, 0), BOLD, BODY_SIZE, LEADING),
        ("FONT", (0, 1), (-1, -1), REGULAR, BODY_SIZE, LEADING),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e4e9ef")),
        ("GRID", (0, 0), (-1, -1), 0.4, colors.HexColor("#8a8f96")),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ("TOPPADDING", (0, 0), (-1, -1), PAD_TOP),
        ("BOTTOMPADDING", (0, 0), (-1, -1), PAD_BOTTOM),
    ]
    for column in numeric_columns:
        commands.append(("ALIGN", (column, 1), (column, -1), "RIGHT"))
    table.setStyle(TableStyle(commands))
    return table


def group_heading(text: str) -> Paragraph:
    """The heading of a group of rows (a country, a status, a year)."""
    return para(text, styles()["heading"])


def section_heading(text: str) -> list[Any]:
    """A heading moved to the next page when less than a few rows would fit under it. (Not keepWithNext: that
    measures the whole table that follows, row by row — minutes for a table of 20,000 rows.)"""
    return [CondPageBreak(HEADING_ROOM), group_heading(text)]


def total_line(text: str) -> Paragraph:
    """A subtotal or total under a table, right-aligned."""
    style = ParagraphStyle("total", parent=styles()["body"], fontName=BOLD, alignment=2, spaceBefore=2, spaceAfter=4)
    return para(text, style)
