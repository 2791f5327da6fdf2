"""What a unit's quarterly template holds — its sheets, their columns, its lists and its hidden identity — shared by
the writer (`templates`) and the reader (`returns`), so that both speak of the same columns.

Columns of the activity sheets are headed by the register's own field labels in the unit's language, so the import
machinery recognises them in any language and order; the template's own columns (the plan item a row fulfils, a
plan item's number, a comment, a project's progress) are recognised the same way through `own_matcher`.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from app.i18n import N_, translator_for
from app.services.imports.mapping import translations
from app.services.imports.words import fold
from app.services.registers.specs import spec_of

#: The version of the template's layout; a returned file of a newer version is refused.
TEMPLATE_VERSION = 1
IDENTITY_SHEET = "hamkor"
LISTS_SHEET = "lists"
IDENTITY_MARK = "hamkor-quarterly-submission"
#: Rows made ready (formats, drop-down lists) under each header; the officer may add more.
READY_ROWS = 200

PLAN, PROJECTS = "plan", "projects"
ACTIVITY_SHEETS = ("trips", "visits", "events", "exchange", "loans")
SHEETS = (PLAN, *ACTIVITY_SHEETS, PROJECTS)

SHEET_TITLES = {
    PLAN: N_("Plan items of the quarter"),
    "trips": N_("Business trips"),
    "visits": N_("Visits received"),
    "events": N_("Events"),
    "exchange": N_("Book exchange"),
    "loans": N_("Interlibrary loans"),
    PROJECTS: N_("Projects' progress"),
}

#: The fields each activity sheet asks for, in column order.
ACTIVITY_FIELDS: dict[str, tuple[str, ...]] = {
    "trips": (
        "title", "travellers", "country", "city", "host", "start_on", "end_on", "purpose", "paper_title",
        "funding_source", "outcomes",
    ),
    "visits": ("title", "arrived_on", "departed_on", "countries", "partners", "purpose", "outcomes"),
    "events": (
        "title", "kind", "start_on", "end_on", "status", "place", "country", "city", "partners", "participants_total",
        "participants_foreign", "outcome",
    ),
    "exchange": ("exchanged_on", "partner", "direction", "books", "periodicals", "electronic", "description"),
    "loans": (
        "item_title", "item_author", "direction", "partner", "requester", "form", "status", "requested_on", "sent_on",
        "received_on", "due_on", "returned_on",
    ),
}  # fmt: skip

#: The field of each register that says which unit a record belongs to.
UNIT_FIELD = {"trips": "department", "visits": "host_department", "events": "department", "exchange": "department"}
UNIT_FIELD |= {"loans": "department"}

# The template's own columns.
PLAN_ITEM, ITEM_NUMBER, ACTIVITY, DESCRIPTION, TARGET = "plan_item", "item", "activity", "description", "target"
STATUS, COMMENT, PROJECT, PROGRESS = "status", "comment", "project", "progress"
OWN_LABELS = {
    PLAN_ITEM: N_("Plan item fulfilled"),
    ITEM_NUMBER: N_("Plan item no."),
    ACTIVITY: N_("Activity"),
    DESCRIPTION: N_("Description"),
    TARGET: N_("Target"),
    STATUS: N_("Status"),
    COMMENT: N_("Comment"),
    PROJECT: N_("Project"),
    PROGRESS: N_("Progress in the quarter"),
}
OWN_COLUMNS = {
    PLAN: (ITEM_NUMBER, ACTIVITY, DESCRIPTION, TARGET, STATUS, COMMENT),
    PROJECTS: (PROJECT, STATUS, PROGRESS, PLAN_ITEM),
}


@dataclass(frozen=True)
class Column:
    """One column of a template sheet: what it holds, its header's message, and how its cells are made ready."""

    key: str
    label: str  # marked with N_(), written in the unit's language
    entry: str = "text"  # what the unit types: text | multiline | date | int | list (a drop-down)
    list_name: str = ""  # the named list its drop-down offers
    required: bool = False
    several: bool = False  # several values in one cell ("; "): the drop-down offers one, more may be typed
    width: int = 22


def _field_column(register: str, name: str) -> Column:
    fs = spec_of(register).field(name)
    entry, list_name, several = fs.kind.template_entry(fs, register)
    width = {"date": 13, "int": 11, "multiline": 40}.get(entry, 28 if fs.name in ("title", "item_title") else 22)
    return Column(name, fs.label, entry, list_name, fs.required, several, width)


def sheet_columns(sheet: str) -> tuple[Column, ...]:
    """The columns of a template sheet, in order."""
    if sheet == PLAN:
        return (
            Column(ITEM_NUMBER, OWN_LABELS[ITEM_NUMBER], "int", width=10),
            Column(ACTIVITY, OWN_LABELS[ACTIVITY], width=18),
            Column(DESCRIPTION, OWN_LABELS[DESCRIPTION], "multiline", width=50),
            Column(TARGET, OWN_LABELS[TARGET], width=18),
            Column(STATUS, OWN_LABELS[STATUS], "list", "plan_status", required=True, width=16),
            Column(COMMENT, OWN_LABELS[COMMENT], "multiline", width=40),
        )
    if sheet == PROJECTS:
        return (
            Column(PROJECT, OWN_LABELS[PROJECT], "list", "projects", required=True, width=40),
            Column(STATUS, OWN_LABELS[STATUS], "list", "projects_status", width=16),
            Column(PROGRESS, OWN_LABELS[PROGRESS], "multiline", width=50),
            Column(PLAN_ITEM, OWN_LABELS[PLAN_ITEM], "list", "plan_items", width=40),
        )
    fields = tuple(_field_column(sheet, name) for name in ACTIVITY_FIELDS[sheet])
    return (*fields, Column(PLAN_ITEM, OWN_LABELS[PLAN_ITEM], "list", "plan_items", width=40))


def in_language(language: str) -> Callable[[str], str]:
    """The translator of a unit's language (its templates speak it whatever the officer's interface speaks)."""
    return translator_for(language).gettext


@functools.cache
def _own_index(keys: tuple[str, ...]) -> dict[str, str]:
    return {fold(text): key for key in keys for text in translations(OWN_LABELS[key])}


def own_key(header: object, keys: Sequence[str]) -> str | None:
    """Which of the template's own columns `keys` a header names, in any language."""
    return _own_index(tuple(keys)).get(fold(str(header or "").strip()))


def own_matcher(keys: Sequence[str]) -> Callable[[Sequence[str]], str | None]:
    """A header matcher (as `imports.layout` wants) for the template's own columns."""
    return lambda parts: own_key(" ".join(parts), keys)


def quarter_bounds(year: int, quarter: int) -> tuple[dt.date, dt.date]:
    """The first and last day of a quarter."""
    start = dt.date(year, 3 * quarter - 2, 1)
    end = dt.date(year + (quarter == 4), 1 if quarter == 4 else 3 * quarter + 1, 1) - dt.timedelta(days=1)
    return start, end


def item_label(item_id: int, description: str) -> str:
    """How a plan item or a project is offered in a drop-down: its number, then its text (cut short)."""
    text = " ".join(description.split())
    return f"{item_id}. {text[:90] + '…' if len(text) > 90 else text}"


def leading_number(text: object) -> int | None:
    """The number a drop-down entry (`item_label`) starts with, or None."""
    if isinstance(text, int | float) and not isinstance(text, bool):
        return int(text)
    head = str(text or "").strip().split(".", 1)[0].strip()
    return int(head) if head.isdigit() else None
