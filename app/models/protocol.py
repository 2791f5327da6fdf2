"""Protocol gifts given to and received from partners on visits, trips and events."""

from __future__ import annotations

import peewee as pw

from app.models.base import Record, non_negative, one_of
from app.models.choices import GIFT_DIRECTIONS, GIFT_KINDS
from app.models.events import Event
from app.models.partners import ContactPerson, Partner
from app.models.staff import Employee
from app.models.trips import BusinessTrip
from app.models.visits import DelegationVisit


class ProtocolGift(Record):
    """A gift given or received: the item, its value, the occasion, who handed it over and where it is kept now."""

    direction = pw.CharField(max_length=10, default="received")
    item = pw.TextField()
    kind = pw.CharField(max_length=20, default="books")
    quantity = pw.IntegerField(default=1)
    value = pw.DecimalField(max_digits=14, decimal_places=2, null=True)
    currency = pw.CharField(max_length=3, default="")
    given_on = pw.DateField(index=True)
    partner = pw.ForeignKeyField(Partner, null=True, on_delete="RESTRICT", backref="gifts")
    visit = pw.ForeignKeyField(DelegationVisit, null=True, on_delete="SET NULL", backref="gifts")
    trip = pw.ForeignKeyField(BusinessTrip, null=True, on_delete="SET NULL", backref="gifts")
    event = pw.ForeignKeyField(Event, null=True, on_delete="SET NULL", backref="gifts")
    employee = pw.ForeignKeyField(Employee, null=True, on_delete="SET NULL", backref="gifts")
    contact = pw.ForeignKeyField(ContactPerson, null=True, on_delete="SET NULL", backref="gifts")
    kept_at = pw.CharField(max_length=200, default="")
    inventory_number = pw.CharField(max_length=60, default="")
    declared = pw.BooleanField(default=False)
    declared_on = pw.DateField(null=True)
    notes = pw.TextField(default="")

    search_fields = ("item", "kept_at", "inventory_number", "notes")

    class Meta:
        table_name = "protocol_gift"
        constraints = [
            pw.Check("item <> ''"),
            one_of("direction", GIFT_DIRECTIONS.codes),
            one_of("kind", GIFT_KINDS.codes),
            pw.Check("quantity >= 1"),
            non_negative("value"),
        ]

    def search_parts(self) -> list[str]:
        """Own texts plus the partner's names and the names of who handed it over."""
        parts = super().search_parts() + self.linked_names("partner")
        for name in ("employee", "contact"):
            person = self.linked(name)
            if person is not None:
                parts.append(person.full_name)
        return parts
