"""How Hamkor's workbooks look: one font (the Normal style), a few shared named styles, widths from the content,
the header's height, the page's footer and the document's properties."""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side
from openpyxl.utils.indexed_list import IndexedList

#: One font throughout: a sans serif every office machine has (LibreOffice shows it as its metric twin).
FONT_NAME = "Arial"
FONT_SIZE = 10
#: Points per line of the font (Excel's row height for Arial 10).
LINE_HEIGHT = 12.75
#: How a date reads in each language's sheets; English keeps the month's name (neither order is universal).
DATE_FORMATS = {"ru": "dd.mm.yyyy", "uz": "dd.mm.yyyy", "uz-Cyrl": "dd.mm.yyyy", "en": "d mmm yyyy"}
#: A moment (a change's time): the language's date and the 24-hour time.
TIME_OF_DAY = " hh:mm"
COUNT_FORMAT = "#,##0"
MONEY_FORMAT = "#,##0.00"
#: A column never grows past this many characters from its content: longer texts wrap.
WIDEST = 60
NARROWEST = 6
#: Dates never need more room than this.
DATE_WIDEST = {"date": 14, "datetime": 19}

_THIN = Side(style="thin", color="A6ACB3")
GRID = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
HEADER_FILL = PatternFill("solid", fgColor="DCE4EE")
_TOP = Alignment(vertical="top")
_WRAP = Alignment(vertical="top", wrap_text=True)


@dataclass(frozen=True)
class WorkbookTexts:
    """What the workbook says besides its cells, in the report's language."""

    organisation: str = ""
    language: str = "en"
    page_of: str = "Page {page} of {pages}"
    total: str = "Total"
    yes_no: tuple[str, str] = ("yes", "no")


#: The named style of a column's body cells by the column's kind.
BODY_STYLE = {
    "text": "Hamkor text",
    "label": "Hamkor text",
    "currency": "Hamkor text",
    "bool": "Hamkor text",
    "date": "Hamkor date",
    "datetime": "Hamkor date and time",
    "int": "Hamkor integer",
    "count": "Hamkor count",
    "number": "Hamkor number",
    "money": "Hamkor money",
}
TOTAL_STYLE = {"count": "Hamkor total count", "money": "Hamkor total money"}


def prepare(workbook: Workbook, texts: WorkbookTexts) -> None:
    """Give `workbook` Hamkor's font as its Normal style and the named styles its cells share (made once here,
    never per cell: a cell refers to one of them by name)."""
    font = Font(name=FONT_NAME, size=FONT_SIZE)
    workbook._fonts = IndexedList([font])  # the Normal style's font (index 0) is the default of every cell
    workbook._named_styles["Normal"].font = font
    bold = Font(name=FONT_NAME, size=FONT_SIZE, bold=True)
    date_format = DATE_FORMATS.get(texts.language, DATE_FORMATS["ru"])
    total_border = Border(left=_THIN, right=_THIN, top=Side(style="medium", color="5F6670"), bottom=_THIN)
    styles = [
        NamedStyle("Hamkor title", font=Font(name=FONT_NAME, size=14, bold=True)),
        NamedStyle("Hamkor note", font=Font(name=FONT_NAME, size=FONT_SIZE, color="4A5058")),
        NamedStyle("Hamkor header", font=bold, fill=HEADER_FILL, border=GRID,
                   alignment=Alignment(horizontal="center", vertical="center", wrap_text=True)),  # fmt: skip
        NamedStyle("Hamkor text", font=font, border=GRID, alignment=_WRAP),
        NamedStyle("Hamkor date", font=font, border=GRID, alignment=Alignment(horizontal="left", vertical="top"),
                   number_format=date_format),  # fmt: skip
        NamedStyle("Hamkor date and time", font=font, border=GRID,
                   alignment=Alignment(horizontal="left", vertical="top"),
                   number_format=date_format + TIME_OF_DAY),  # fmt: skip
        NamedStyle("Hamkor integer", font=font, border=GRID, alignment=_TOP, number_format="0"),
        NamedStyle("Hamkor count", font=font, border=GRID, alignment=_TOP, number_format=COUNT_FORMAT),
        NamedStyle("Hamkor number", font=font, border=GRID, alignment=_TOP, number_format="General"),
        NamedStyle("Hamkor money", font=font, border=GRID, alignment=_TOP, number_format=MONEY_FORMAT),
        NamedStyle("Hamkor total", font=bold, border=total_border, alignment=_TOP),
        NamedStyle("Hamkor total count", font=bold, border=total_border, alignment=_TOP, number_format=COUNT_FORMAT),
        NamedStyle("Hamkor total money", font=bold, border=total_border, alignment=_TOP, number_format=MONEY_FORMAT),
    ]
    for style in styles:
        workbook.add_named_style(style)


def date_text(value: dt.date, language: str) -> str:
    """A date Excel cannot hold (before 1900), as the text the language's date format would show."""
    if DATE_FORMATS.get(language, "").startswith("d mmm"):
        from babel.dates import format_date

        return format_date(value, "d MMM y", locale=language.replace("-", "_"))
    return f"{value.day:02d}.{value.month:02d}.{value.year:04d}"


def _text_width(value: Any, kind: str) -> float:
    """The characters a value takes on screen, in its longest line (a long text will wrap instead)."""
    if value is None:
        return 0
    if kind == "date":
        return 11
    if kind == "datetime":
        return 17
    if kind == "money" and not isinstance(value, str):
        return len(f"{value:,.2f}") + 1
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return len(f"{value:,}") + 1
    text = str(value)
    if "\n" in text:
        return max(len(line) for line in text.split("\n"))
    return len(text)


def column_widths(headers: Sequence[str], kinds: Sequence[str], caps: Sequence[float | None],
                  sample: Iterable[Sequence[Any]]) -> list[float]:  # fmt: skip
    """Widths (in Excel's characters) that hold each column's content as sampled, never narrower than the header's
    longest word and never wider than the column's cap (`WIDEST` when none): longer texts wrap."""
    widest = [0.0] * len(headers)
    for row in sample:
        for index, value in enumerate(row[: len(headers)]):
            width = _text_width(value, kinds[index])
            if width > widest[index]:
                widest[index] = width
    widths = []
    for header, kind, cap, content in zip(headers, kinds, caps, widest, strict=True):
        word = max((len(part) for part in header.split()), default=0)
        width = max(content * 1.1 + 2, word * 1.15 + 3, NARROWEST)
        widths.append(round(min(width, cap or WIDEST, DATE_WIDEST.get(kind, WIDEST)), 1))
    return widths


#: The pieces a line can break between: words, each with the hyphen or slash that ends it, and their leading space.
_PIECES = re.compile(r" *[^ /-]+[/-]?| *[/-]")


def wrapped_lines(text: str, width: float, *, bold: bool = False) -> int:
    """How many lines `text` takes in a wrapping cell `width` characters wide (lines break at spaces and after
    hyphens and slashes, as spreadsheets break them)."""
    room = max(width * 1.05 - 1.5, 1) / (1.12 if bold else 1.0)
    lines = 0
    for part in str(text).split("\n"):
        used, count = 0.0, 1
        for piece in _PIECES.findall(part):
            word = piece.lstrip(" ")
            if used and used + len(piece) > room:
                count += 1 + int(len(word) // room)
                used = len(word) % room
            else:
                used += len(piece) if used else len(word)
        lines += count
    return max(lines, 1)


def header_height(headers: Sequence[str], widths: Sequence[float]) -> float:
    """The height (points) of a header row whose labels wrap in their columns, so that no label is cut or overlaps
    the row below."""
    lines = max((wrapped_lines(text, width, bold=True) for text, width in zip(headers, widths, strict=True)),
                default=1)  # fmt: skip
    return math.ceil(lines * LINE_HEIGHT + 4)


def footer_text(text: str) -> str:
    """Text safe in a header or footer of a sheet ('&' starts a code there)."""
    return text.replace("&", "&&")


def set_page(sheet: Any, *, title: str, texts: WorkbookTexts, header_row: int, landscape: bool) -> None:
    """The printed page: A4 fitted to the width, the header row repeated, and a footer with the organisation, the
    title and 'page X of Y' (Excel's own page codes)."""
    from openpyxl.worksheet.worksheet import Worksheet

    sheet.page_setup.orientation = "landscape" if landscape else "portrait"
    sheet.page_setup.paperSize = Worksheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = f"{header_row}:{header_row}"
    sheet.print_options.horizontalCentered = False
    sheet.page_margins.left = sheet.page_margins.right = 0.5
    sheet.page_margins.top, sheet.page_margins.bottom, sheet.page_margins.footer = 0.6, 0.7, 0.3
    font = f'&"{FONT_NAME},Regular"&8'
    if texts.organisation and title.startswith(texts.organisation):
        title = title[len(texts.organisation) :].lstrip(" —-")
    left = " — ".join(part for part in (texts.organisation, title) if part)
    sheet.oddFooter.left.text = font + footer_text(left[:180])
    sheet.oddFooter.right.text = font + footer_text(texts.page_of).replace("{page}", "&P").replace("{pages}", "&N")
    sheet.evenFooter.left.text = sheet.oddFooter.left.text
    sheet.evenFooter.right.text = sheet.oddFooter.right.text
