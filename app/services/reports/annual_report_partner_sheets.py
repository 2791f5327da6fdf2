"""The annual report's sheets and sections about partners beyond the activities: the book exchange balance, the
memberships and their fees, the protocol gifts (written through the workbook's and the document's own helpers)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from app.exporters.pdf import section_heading
from app.exporters.xlsx import Column, Sheet
from app.i18n import _, format_date, format_money, format_number, unbroken
from app.services.reports.annual_report_partners import gifts_line
from app.services.reports.annual_report_rows import AnnualReport
from app.services.reports.exchange_balance import BalanceRow


def fees_line(report: AnnualReport) -> str:
    """The memberships' annual fees by currency: “Annual fees: €1,400.00; RUB 30,000.00”."""
    if not report.fees:
        return _("Annual fees: none")
    amounts = "; ".join(format_money(amount, currency) for currency, amount in sorted(report.fees.items()))
    return _("Annual fees: {amounts}").format(amounts=amounts)


def balance_note() -> str:
    """How the balance is counted."""
    return _("Balance: items received less items sent; running balance: all the years up to this one.")


def _balance_values(row: BalanceRow) -> list[int]:
    sent, received = row.sent, row.received
    return [sent.books, sent.periodicals, sent.electronic, sent.total, received.books, received.periodicals,
            received.electronic, received.total, row.balance, row.running]  # fmt: skip


def balance_headers() -> list[str]:
    """The headers of the balance's figures: sent by kind, received by kind, balance, running balance."""
    return [_("Sent: books"), _("Sent: periodicals"), _("Sent: electronic"), _("Sent in all"), _("Received: books"),
            _("Received: periodicals"), _("Received: electronic"), _("Received in all"), _("Balance"),
            _("Running balance")]  # fmt: skip


def partner_sheets(report: AnnualReport, organisation: str) -> list[Sheet]:
    """The exchange balance and the memberships, as sheets of the workbook."""
    rows: list[list[Any]] = [[row.partner, *_balance_values(row)] for row in report.exchange]
    if report.exchange_total is not None:
        rows.append([_("Total"), *_balance_values(report.exchange_total)])
    exchange = Sheet(
        name=_("Exchange balance"),
        title=f"{organisation} — " + _("Book exchange balance, {year}").format(year=report.year),
        info=[balance_note()],
        columns=[Column(_("Partner"), "text", 44), *(Column(header, "int", 11) for header in balance_headers())],
        rows=rows,
        total=len(rows),
    )
    memberships = Sheet(
        name=_("Memberships"),
        title=f"{organisation} — " + _("Memberships in international organisations, {year}").format(year=report.year),
        info=[fees_line(report)],
        columns=[
            Column(_("Organisation"), "text", 44),
            Column(_("Country"), "text", 18),
            Column(_("Level or category"), "text", 22),
            Column(_("Member since"), "int", 10),
            Column(_("Status"), "text", 12),
            Column(_("Annual fee"), "number", 14),
            Column(_("Currency"), "text", 9),
            Column(_("Paid until"), "date", 12),
            Column(_("Next payment due"), "date", 12),
        ],
        rows=[
            [row.organisation[0] if row.organisation else "", row.organisation[-1] if row.organisation else "",
             row.level, row.since, row.status, row.fee, row.currency, row.paid_until, row.next_due]
            for row in report.memberships
        ],  # fmt: skip
        total=len(report.memberships),
    )
    return [exchange, memberships]


Table = Callable[..., Any]  # annual_report_pdf.table(headers, weights, rows, numeric=…)


def partner_sections(
    report: AnnualReport, *, table: Table, note: Callable[[str], Any], signed: Callable[[int], str]
) -> list[Any]:
    """The exchange balance, the memberships and the gifts, as sections of the document (written with the document's
    own table, note and signed-number helpers)."""
    story: list[Any] = section_heading(_("Book exchange balance"))
    story.append(note(balance_note()))
    if report.exchange:
        headers = [_("Partner"), _("Sent"), _("Received"), _("Balance"), _("Running balance")]
        rows = [
            [row.partner, *(signed(n) if i >= 2 else format_number(n)
                            for i, n in enumerate((row.sent.total, row.received.total, row.balance, row.running)))]
            for row in [*report.exchange, *([report.exchange_total] if report.exchange_total else [])]
        ]  # fmt: skip
        rows[-1][0] = _("Total")
        story.append(table(headers, [52, 16, 16, 16, 18], rows, numeric=[1, 2, 3, 4]))
    else:
        story.append(note(_("None.")))
    story += section_heading(_("Memberships in international organisations"))
    story.append(note(fees_line(report)))
    if report.memberships:
        headers = [_("Organisation"), _("Level or category"), _("Since"), _("Annual fee"), _("Paid until"),
                   _("Next payment due")]  # fmt: skip
        rows = [
            [row.organisation[:-1] or [""], row.level, str(row.since or ""),
             format_money(row.fee, row.currency) if row.fee is not None else "", unbroken(format_date(row.paid_until)),
             unbroken(format_date(row.next_due))]
            for row in report.memberships
        ]  # fmt: skip
        story.append(table(headers, [44, 22, 10, 18, 16, 16], rows, numeric=[2, 3]))
    story += section_heading(_("Protocol gifts"))
    story.append(note(gifts_line(report)))
    if report.gifts:
        headers = [_("Date"), _("Given or received"), _("Item"), _("Quantity"), _("Partner"), _("Occasion"),
                   _("Kept at")]  # fmt: skip
        rows = [
            [unbroken(format_date(row.day)), row.direction, row.item, format_number(row.quantity),
             row.partner[:-1] or [""], row.occasion, row.kept_at]
            for row in report.gifts
        ]  # fmt: skip
        story.append(table(headers, [14, 14, 34, 9, 30, 30, 22], rows, numeric=[3]))
    return story


__all__: Sequence[str] = ["fees_line", "partner_sections", "partner_sheets"]
