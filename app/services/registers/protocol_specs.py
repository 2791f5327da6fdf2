"""The descriptions of the protocol gifts and the memberships in international organisations."""

from __future__ import annotations

from app.i18n import N_
from app.models import Membership, MembershipDelegate, ProtocolGift
from app.models import choices as ch
from app.services.registers.kinds import ChildTable
from app.services.registers.spec_types import GROUP_PARTNERS, GROUP_PROTOCOL, NOTES, F, RegisterSpec

GIFTS = RegisterSpec(
    "gifts",
    ProtocolGift,
    N_("Protocol gifts"),
    N_("Protocol gift"),
    GROUP_PROTOCOL,
    (
        F("given_on", N_("Date"), "date", required=True, section="dates"),
        F("direction", N_("Given or received"), "choice", required=True, choices=ch.GIFT_DIRECTIONS, filter=True),
        F("item", N_("Gift"), required=True, also_headed=(N_("Item"),)),
        F("kind", N_("Kind"), "choice", required=True, choices=ch.GIFT_KINDS, filter=True),
        F("quantity", N_("Quantity"), "int", minimum=1, maximum=100000),
        F("value", N_("Value"), "money", currency="currency", in_list=False),
        F("partner", N_("Partner"), "link", link="partners", filter=True),
        F("visit", N_("Delegation visit"), "link", link="visits", in_list=False, section="links"),
        F("trip", N_("Business trip"), "link", link="trips", in_list=False, section="links"),
        F("event", N_("Event"), "link", link="events", in_list=False, section="links"),
        F("employee", N_("Handed over by (employee)"), "link", link="employees", in_list=False, section="links"),
        F("contact", N_("Handed over by (contact person)"), "link", link="contacts", in_list=False, section="links"),
        F("kept_at", N_("Kept at"), max_length=200),
        F("inventory_number", N_("Inventory number"), max_length=60, in_list=False),
        F("declared", N_("Declared"), "bool", filter=True, section="dates"),
        F("declared_on", N_("Declared on"), "date", in_list=False, section="dates"),
        NOTES,
    ),
    title_field="item",
    shown=("given_on", "direction", "item", "kind", "quantity", "partner", "kept_at"),
    summed=("quantity", "value"),
    date_field="given_on",
    default_order=("given_on", True),
    date_order=(("declared_on", "given_on"),),
)

MEMBERSHIPS = RegisterSpec(
    "memberships",
    Membership,
    N_("Memberships"),
    N_("Membership"),
    GROUP_PARTNERS,
    (
        F("organisation", N_("Organisation"), "link", required=True, link="partners"),
        F("level", N_("Level or category"), max_length=200),
        F("since", N_("Member since"), "int", minimum=1800, maximum=2200, grouped=False),
        F("status", N_("Status"), "choice", required=True, choices=ch.MEMBERSHIP_STATUSES, filter=True),
        F("annual_fee", N_("Annual fee"), "money", currency="currency"),
        F("paid_until", N_("Paid until"), "date", section="dates"),
        F("next_due_on", N_("Next payment due"), "date", section="dates"),
        F(
            "delegates",
            N_("Delegates"),
            "links",
            link="employees",
            in_list=False,
            section="links",
            child=ChildTable(MembershipDelegate, "membership", "employee"),
        ),
        NOTES,
    ),
    title_field="organisation",
    shown=("organisation", "level", "status", "annual_fee", "paid_until", "next_due_on"),
    summed=("annual_fee",),
    default_order=("organisation", False),
)
