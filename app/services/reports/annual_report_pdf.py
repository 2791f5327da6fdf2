"""The consolidated annual report as an A4 portrait document: figures, two charts, the year by country and by
department, what was in force, and the plan against what was done."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Paragraph, Spacer

from app.exporters.charts import grouped_columns, horizontal_bars
from app.exporters.fonts import BOLD, REGULAR, first_printable
from app.exporters.pdf import (
    BODY_SIZE,
    HEADING_ROOM,
    PageTexts,
    build_pdf,
    column_widths,
    data_table,
    group_heading,
    heading_block,
    para,
    section_heading,
    styles,
    wrap,
)
from app.exporters.progress import NO_STEPS, Steps
from app.i18n import _, format_date, format_money, format_number, translator_for, unbroken
from app.services.reports.annual_report_partner_sheets import partner_sections
from app.services.reports.annual_report_partners import national_libraries_line
from app.services.reports.annual_report_rows import AnnualReport, FigureRow
from app.services.reports.annual_report_xlsx import (
    agreements_heading,
    centres_line,
    departments_note,
    month_names,
    plan_line,
    projects_heading,
    report_title,
)

#: The width between the margins of an A4 portrait page.
PORTRAIT_WIDTH = 210 * mm - 30 * mm
#: The most countries the chart of delegations shows (the table lists them all).
CHART_COUNTRIES = 20

Cell = str | Sequence[str]  # a text, or a name and its alternatives in other languages (the first printable wins)


def cell_text(value: Cell) -> str:
    """The text of a cell, printable in the PDF font."""
    if isinstance(value, str):
        return first_printable(value)
    return first_printable(*value)


def party_line(party: Sequence[str]) -> str:
    """'Name (country or role)': the first name the font can print, and the last item in brackets."""
    *names, last = party
    name = first_printable(*names)
    return f"{name} ({last})" if last else name


def fit(text: str, width: float, *, font: str = REGULAR) -> str:
    """`text` in lines no wider than `width` points: broken at spaces, then (a word longer than the column) after
    hyphens and slashes, then inside the word with a hyphen."""
    if "\n" not in text and stringWidth(text, font, BODY_SIZE) <= width:
        return text
    lines = []
    for line in wrap(text, width, font=font).split("\n"):
        if stringWidth(line, font, BODY_SIZE) <= width:
            lines.append(line)
            continue
        current = ""
        for piece in _pieces(line, width, font):
            if current and stringWidth(current + piece, font, BODY_SIZE) > width:
                lines.append(current.rstrip())
                current = ""
            current += piece
        lines.append(current.rstrip())
    return "\n".join(lines)


def _pieces(line: str, width: float, font: str) -> list[str]:
    """The line cut after spaces, hyphens and slashes; a piece still too wide cut into hyphenated parts."""
    pieces = []
    for piece in re.split(r"(?<=[\s/-])", line):
        if stringWidth(piece, font, BODY_SIZE) <= width:
            pieces.append(piece)
            continue
        part = ""
        for char in piece:
            if part and stringWidth(part + char + "-", font, BODY_SIZE) > width:
                pieces.append(part + "-")
                part = ""
            part += char
        pieces.append(part)
    return [piece for piece in pieces if piece]


class PagedTable(Flowable):
    """A long data table laid out a page at a time: each page gets a table of only the rows that can fit on it (with
    the header), so that a table of 20,000 rows takes linear time. (One reportlab Table copies and measures all the
    rows left at every page break: minutes for such a table.)"""

    WINDOW = 80  # more rows than a page holds (about 48 one-line rows fit on an A4 portrait page)

    def __init__(self, headers: Sequence[str], rows: Sequence[Sequence[str]], widths: Sequence[float],
                 numeric: Sequence[int], start: int = 0) -> None:  # fmt: skip
        super().__init__()
        self.headers, self.rows, self.widths, self.numeric, self.start = headers, rows, widths, numeric, start
        self._window: Any = None

    def _table(self) -> Any:
        if self._window is None:
            window = self.rows[self.start : self.start + self.WINDOW]
            self._window = data_table(self.headers, window, self.widths, numeric_columns=self.numeric)
        return self._window

    def _more(self) -> bool:
        return len(self.rows) - self.start > self.WINDOW

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        width, height = self._table().wrap(available_width, available_height)
        if self._more():
            height = max(height, available_height + 1)  # never all on this page: ask to be split
        self.width, self.height = width, height
        return width, height

    def split(self, available_width: float, available_height: float) -> list[Any]:
        parts = self._table().split(available_width, available_height)
        if not parts:
            return []  # not even the header and a row fit: the next page
        if not self._more():
            return parts
        first = parts[0]
        shown = first._nrows - 1  # without the header
        return [first, PagedTable(self.headers, self.rows, self.widths, self.numeric, self.start + shown)]

    def draw(self) -> None:
        self._table().drawOn(self.canv, 0, 0)


def table(
    headers: Sequence[str],
    weights: Sequence[float],
    rows: Sequence[Sequence[Cell]],
    *,
    width: float = PORTRAIT_WIDTH,
    numeric: Sequence[int] = (),
) -> Any:
    """A data table whose column widths follow `weights` across `width`, its cells wrapped to fit (its header
    repeated on every page)."""
    texts = [[cell_text(value) for value in row] for row in rows]
    widths = column_widths(headers, texts, weights, width)
    wrapped = [[fit(text, column - 6) for text, column in zip(row, widths, strict=True)] for row in texts]
    fitted = [fit(header, column - 6, font=BOLD) for header, column in zip(headers, widths, strict=True)]
    if len(wrapped) > PagedTable.WINDOW:
        return PagedTable(fitted, wrapped, widths, numeric)
    return data_table(fitted, wrapped, widths, numeric_columns=numeric)


def note(text: str) -> Paragraph:
    """A line of explanation under a heading or a table."""
    return para(text, styles()["small"])


def signed_number(value: int | Decimal, currency: str | None = None) -> str:
    """A change: '+3', '−2', '0' (money with its currency)."""
    text = format_money(abs(value), currency) if currency else format_number(abs(value))
    if value > 0:
        return f"+{text}"
    if value < 0:
        return f"−{text}"
    return text


def _figures(report: AnnualReport) -> list[Any]:
    def money(row: FigureRow) -> list[str]:
        return [row.label, format_money(row.value, row.key), format_money(row.previous, row.key),
                signed_number(row.change, row.key)]  # fmt: skip

    rows = [
        [row.label, format_number(row.value), format_number(row.previous), signed_number(row.change)]
        for row in report.figures
    ]
    rows += [money(row) for row in report.funding]
    headers = [_("Figure"), str(report.year), str(report.year - 1), _("Change")]
    return [*section_heading(_("The year in figures")), table(headers, [58, 20, 20, 20], rows, numeric=[1, 2, 3])]


def _charts(report: AnnualReport) -> list[Any]:
    story: list[Any] = []
    countries = sorted((row for row in report.countries if row.visits), key=lambda r: (-r.visits, r.name.casefold()))
    if countries:
        shown = [(row.name, row.visits) for row in countries[:CHART_COUNTRIES]]
        title = _("Delegations received by country")
        if len(countries) > CHART_COUNTRIES:
            title = _("Delegations received by country (the {count} most frequent)").format(count=CHART_COUNTRIES)
        story.append(KeepTogether([group_heading(title), horizontal_bars(shown, width=PORTRAIT_WIDTH)]))
    months = report.months
    series = [
        (_("Delegations received"), months["visits"]),
        (_("Business trips"), months["trips"]),
        (_("Events"), months["events"]),
    ]
    chart = grouped_columns(month_names(report.language, "abbreviated"), series, width=PORTRAIT_WIDTH)
    story.append(KeepTogether([group_heading(_("Activity by month")), chart]))
    return story


def _map(report: AnnualReport) -> list[Any]:
    """The world map of the year's activity (vector paths), before the table by country."""
    from app.services.reports.world_map_counts import activity_picture
    from app.services.reports.world_map_drawing import drawing

    picture = activity_picture(report)
    if not picture.counts:
        return []
    return [CondPageBreak(HEADING_ROOM), Spacer(1, 4 * mm), drawing(picture, PORTRAIT_WIDTH)]


def _countries(report: AnnualReport) -> list[Any]:
    if not report.countries:
        return []
    headers = [_("Country"), _("Delegations received"), _("Business trips"), _("Agreements in force"),
               _("Events abroad"), _("Total")]  # fmt: skip
    rows = [
        [row.name, *(format_number(n) for n in (row.visits, row.trips, row.agreements, row.events, row.total))]
        for row in report.countries
    ]
    return [
        *section_heading(_("International activity by country")),
        note(_("Sorted by the total; agreements: in force at the end of the year with partners of the country.")),
        Spacer(1, 1.5 * mm),
        table(headers, [46, 27, 27, 27, 27, 26], rows, numeric=[1, 2, 3, 4, 5]),
    ]


def _departments(report: AnnualReport) -> list[Any]:
    headers = [_("Department or centre"), _("Trips abroad"), _("Travellers"), _("Delegations hosted"), _("Projects"),
               _("Events"), _("Plan items done")]  # fmt: skip
    story: list[Any] = section_heading(_("Departments and regional centres"))
    groups = (
        ("department", _("Departments")),
        ("regional_centre", _("Regional information-library centres")),
        ("", ""),
    )
    for kind, label in groups:
        rows = [
            [row.name, *(format_number(n) for n in (row.trips, row.travellers, row.visits, row.projects, row.events)),
             f"{format_number(row.plan_done)} / {format_number(row.plan_items)}" if row.plan_items else "—"]
            for row in report.departments
            if row.kind == kind
        ]  # fmt: skip
        if not rows:
            continue
        if label:
            story.append(CondPageBreak(HEADING_ROOM))
            story.append(para(label, ParagraphStyle("subheading", parent=styles()["body"], spaceAfter=3)))
        story.append(table(headers, [48, 22, 22, 22, 22, 22, 22], rows, numeric=[1, 2, 3, 4, 5, 6]))
        story.append(Spacer(1, 3 * mm))
    story.append(note(centres_line(report)))
    story.append(note(departments_note()))
    return story


def _period(start: dt.date | None, end: dt.date | None) -> str:
    if start and end:
        return f"{unbroken(format_date(start))} – {unbroken(format_date(end))}"
    if start:
        return _("since {date}").format(date=unbroken(format_date(start)))
    return ""


def _in_force(report: AnnualReport) -> list[Any]:
    story: list[Any] = section_heading(agreements_heading(report))
    story.append(note(national_libraries_line(report)))
    if report.agreements:
        headers = [_("No."), _("Reg. number"), _("Partner(s) and country"), _("Title"), _("Signed"),
                   _("In force until")]  # fmt: skip
        rows = [
            [str(number), row.reg_number, "\n".join(party_line(p) for p in row.parties), row.title,
             unbroken(format_date(row.signed)), row.until]
            for number, row in enumerate(report.agreements, start=1)
        ]  # fmt: skip
        story.append(table(headers, [8, 17, 36, 37, 16, 24], rows, numeric=[0]))
    else:
        story.append(note(_("None.")))
    story += section_heading(projects_heading(report))
    if report.projects:
        headers = [_("Title"), _("Kind and status"), _("Partners"), _("Responsible department"), _("Period")]
        rows = [
            [row.title, f"{row.kind}\n{row.status}", "\n".join(party_line(p) for p in row.partners), row.department,
             _period(row.start, row.end)]
            for row in report.projects
        ]  # fmt: skip
        story.append(table(headers, [34, 20, 40, 22, 18], rows))
    else:
        story.append(note(_("None.")))
    return story


def _plan(report: AnnualReport) -> list[Any]:
    story: list[Any] = section_heading(_("The plan and what was done"))
    done = sum(row.done for row in report.plan)
    story.append(note(plan_line(len(report.plan), done)))
    if report.plan:
        story.append(Spacer(1, 1.5 * mm))
        headers = [_("Department"), _("Quarter"), _("Description"), _("Target"), _("Status"), _("Linked records"),
                   _("Done")]  # fmt: skip
        rows = [
            [row.department, str(row.quarter or "—"), row.description, row.target, row.status,
             format_number(row.linked), _("Yes") if row.done else _("No")]
            for row in report.plan
        ]  # fmt: skip
        story.append(table(headers, [30, 12, 46, 20, 14, 11, 9], rows, numeric=[1, 5]))
    return story


def page_texts(organisation: str, title: str, footer_title: str, compiled: str) -> tuple[PageTexts, PageTexts]:
    """The texts of the first page's heading, and of every page's footer: there the title is the short one and the
    date is left out (it is in the heading), so that the line fits an A4 portrait page."""
    heading_texts = PageTexts(
        organisation=organisation, title=title, printed=compiled, page_of=_("Page {page} of {pages}")
    )
    footer_texts = PageTexts(organisation=organisation, title=footer_title, printed="", page_of=heading_texts.page_of)
    return heading_texts, footer_texts


def write_document(report: AnnualReport, path: Path, *, organisation: str, steps: Steps = NO_STEPS) -> Path:
    """Write the report's PDF to `path` (Cancel is asked between its parts and at every page)."""
    with translator_for(report.language).in_use():
        compiled = _("Compiled {date}").format(date=format_date(report.compiled_on))
        short = _("Consolidated report, {year}").format(year=report.year)
        texts, footer = page_texts(organisation, report_title(report), short, compiled)
        story = heading_block(texts, [compiled])
        for part in (_figures, _charts, _map, _countries, _departments, _in_force, _plan):
            steps.check()
            story += part(report)
        story += partner_sections(report, table=table, note=note, signed=signed_number)
        return build_pdf(path, story, footer, landscape_pages=False, steps=steps)
