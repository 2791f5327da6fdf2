"""The annual report's contents as plain rows: what the workbook and the document are written from."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from app.i18n import _
from app.models.choices import DEPARTMENT_KINDS
from app.services.registers.list_query import ListQuery
from app.services.reports.exchange_balance import BalanceRow


@dataclass
class FigureRow:
    """One figure of the year and of the year before."""

    key: str
    label: str
    value: int | Decimal
    previous: int | Decimal

    @property
    def change(self) -> int | Decimal:
        return self.value - self.previous


@dataclass
class CountryRow:
    """What a year held with one country."""

    code: str
    name: str
    visits: int = 0
    trips: int = 0
    agreements: int = 0  # in force at the end of the year with partners of the country
    events: int = 0  # events abroad held there

    @property
    def total(self) -> int:
        return self.visits + self.trips + self.agreements + self.events


@dataclass
class DepartmentRow:
    """What one department or regional centre did internationally in the year."""

    name: str
    kind: str  # department | regional_centre | "" (records without a department)
    trips: int = 0  # trips with at least one traveller from it
    travellers: int = 0  # its employees who travelled
    visits: int = 0  # delegations it hosted
    projects: int = 0  # projects it is responsible for, running in the year
    events: int = 0  # events that fulfilled its plan items
    plan_items: int = 0
    plan_done: int = 0

    @property
    def took_part(self) -> bool:
        return bool(self.trips or self.visits or self.projects or self.events or self.plan_done)


@dataclass
class AgreementRow:
    """An agreement in force at the end of the year."""

    reg_number: str
    title: list[str]
    parties: list[list[str]]  # each party: its names, preferred first, then its country's name last
    kind: str
    signed: dt.date | None
    until: str


@dataclass
class ProjectRow:
    """A project or programme that ran in the year (or was being prepared)."""

    title: list[str]
    kind: str
    status: str
    partners: list[list[str]]  # each partner: names, preferred first, then "role" last
    department: str
    start: dt.date | None
    end: dt.date | None


@dataclass
class PlanRow:
    """A plan item of the year and whether it was done."""

    department: str
    quarter: int | None
    activity: str
    description: str
    target: str
    status: str
    linked: int
    done: bool


@dataclass
class RegisterPart:
    """A register's records of the year: what its sheet shows (rows are streamed when the sheet is written)."""

    register: str
    sheet: str
    title: str
    fields: list[str]
    count: int


@dataclass
class MembershipRow:
    """A membership in an international organisation during the year, with its fee and payments."""

    organisation: list[str]  # names, preferred first, then the country last
    level: str
    since: int | None
    status: str
    fee: Decimal | None
    currency: str
    paid_until: dt.date | None
    next_due: dt.date | None


@dataclass
class GiftRow:
    """A protocol gift of the year."""

    day: dt.date
    given: bool  # given by the library (else received)
    direction: str
    item: str
    kind: str
    quantity: int
    partner: list[str]
    occasion: str
    kept_at: str
    declared: bool


@dataclass
class AnnualReport:
    """Everything the consolidated report of a year says, in one language."""

    year: int
    language: str
    compiled_on: dt.date
    figures: list[FigureRow] = field(default_factory=list)
    funding: list[FigureRow] = field(default_factory=list)  # key: the currency code
    countries: list[CountryRow] = field(default_factory=list)
    departments: list[DepartmentRow] = field(default_factory=list)
    centres_taking_part: int = 0
    centres_total: int = 0
    months: dict[str, list[int]] = field(default_factory=dict)
    agreements: list[AgreementRow] = field(default_factory=list)
    projects: list[ProjectRow] = field(default_factory=list)
    plan: list[PlanRow] = field(default_factory=list)
    registers: list[RegisterPart] = field(default_factory=list)
    national_libraries: FigureRow | None = None  # with an agreement in force on 31 December
    national_library_countries: FigureRow | None = None
    memberships: list[MembershipRow] = field(default_factory=list)
    fees: dict[str, Decimal] = field(default_factory=dict)  # the memberships' annual fees by currency
    gifts: list[GiftRow] = field(default_factory=list)
    exchange: list[BalanceRow] = field(default_factory=list)  # each partner's book exchange in the year
    exchange_total: BalanceRow | None = None  # the year's totals

    def figure(self, key: str) -> FigureRow:
        """The figure called `key`."""
        return next(row for row in self.figures if row.key == key)

    def register_query(self, register: str) -> ListQuery:
        """The list of a register's records of the year, in the list's usual order."""
        return ListQuery(register, year=self.year)


def department_kind(kind: str) -> str:
    """The translated kind of a department row ('' for records without a department)."""
    return _(DEPARTMENT_KINDS.label(kind)) if kind else ""
