"""The parts of a country dossier or partner card about protocol and exchange: the gifts given to and received from
the partners, their memberships (organisations the library is a member of) and the book exchange balance by year."""

from __future__ import annotations

from app.i18n import _, format_number
from app.models import Membership, ProtocolGift
from app.services.registers.list_rows import value_text as _text
from app.services.reports.dossier_sections import Section, SectionBuilder, _ids, _rows
from app.services.reports.exchange_balance import exchange_balance


def protocol_sections(builder: SectionBuilder) -> list[Section]:
    """The gifts, the memberships (only when there are any) and the exchange balance of the builder's partners."""
    sections = [gifts(builder)]
    found = memberships(builder)
    if found.rows:
        sections.append(found)
    sections.append(balance(builder))
    return sections


def gifts(builder: SectionBuilder) -> Section:
    ids = _ids(
        ProtocolGift.select(ProtocolGift.id)
        .where(ProtocolGift.partner.in_(builder.partners))
        .order_by(ProtocolGift.given_on.desc(), ProtocolGift.id.desc())
    )
    section = Section("gifts", _("Protocol gifts"),
                      [_("Date"), _("Given or received"), _("Item"), _("Quantity"), _("Partner"), _("Occasion"),
                       _("Kept at")], [13, 14, 40, 9, 34, 34, 24], numeric=[3])  # fmt: skip
    fields = ["given_on", "direction", "item", "quantity", "partner", "visit", "trip", "event", "kept_at",
              "inventory_number"]  # fmt: skip
    for row in _rows("gifts", ids, fields, builder.language):
        occasion = row["visit"] or row["trip"] or row["event"] or ""
        kept = ", ".join(text for text in (row["kept_at"], row["inventory_number"]) if text)
        section.rows.append([_text(row["given_on"]), row["direction"], row["item"], _text(row["quantity"]),
                             row["partner"] or "", occasion, kept])  # fmt: skip
    return section


def memberships(builder: SectionBuilder) -> Section:
    ids = _ids(Membership.select(Membership.id).where(Membership.organisation.in_(builder.partners)))
    section = Section("memberships", _("Memberships"),
                      [_("Organisation"), _("Level or category"), _("Member since"), _("Status"), _("Annual fee"),
                       _("Paid until"), _("Next payment due")], [40, 24, 12, 12, 16, 13, 13], numeric=[4])  # fmt: skip
    fields = ["organisation", "level", "since", "status", "annual_fee", "paid_until", "next_due_on"]
    rows = _rows("memberships", ids, fields, builder.language)
    section.rows = [[_text(row[name]) for name in fields] for row in rows]
    return section


def balance(builder: SectionBuilder) -> Section:
    partner_ids = [row[0] for row in builder.partners.tuples()]
    section = Section("exchange_balance", _("Book exchange balance"),
                      [_("Partner"), _("Year"), _("Sent"), _("Received"), _("Balance"), _("Running balance")],
                      [50, 10, 14, 14, 14, 16], numeric=[2, 3, 4, 5])  # fmt: skip
    for row in exchange_balance(partner_ids=partner_ids, language=builder.language):
        section.rows.append([row.partner, str(row.year), format_number(row.sent.total),
                             format_number(row.received.total), format_number(row.balance),
                             format_number(row.running)])  # fmt: skip
    section.note = _("Balance: items received less items sent; running balance: all the years up to this one.")
    return section
