"""Sample data: the seed article's facts loaded into an empty registry (``hamkor demo``).

The records are data (`resources/sample/records.json`, described in `resources/sample/README.md`): register by
register, parents first, each record's values under its register's field names. `load_demo` reads them the way the
register descriptions say (a link names a record by its key, a date may be a number of days from today, …) and writes
them in one transaction through the models' own ``create`` (so search texts and the change log are written as for an
officer's records), every record marked as sample data. It refuses a database that already holds records. The data
are the same on every run; only the dates that the reminders need (agreements about to expire, overdue loans, the
current year's plan, an upcoming event) are counted from `today`.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import peewee as pw

from app.exporters.progress import NO_STEPS, Steps, steps_of
from app.i18n import _, current_language, format_date
from app.models import REGISTERS, Record, db
from app.models.migrations import current_models
from app.paths import resources_dir
from app.services.lifecycle import add_years
from app.services.registers.specs import FieldSpec, RegisterSpec, spec_of
from app.services.sample.texts import SampleTexts

__all__ = ["DemoRefused", "database_is_empty", "load_demo", "sample_messages"]

#: The fields whose single text the sample writes in the interface language (see sample/texts.py).
SAMPLE_TEXT_FIELDS = frozenset({
    "title", "purpose", "programme", "outcomes", "outcome", "position", "city", "notes", "description", "target",
    "signatories", "subjects", "paper_title", "requester", "subject", "correspondent", "item", "kept_at", "level",
})  # fmt: skip

#: The year of the article's figures: its plan is loaded as it was; the current year's plan only in another year.
ARTICLE_YEAR = 2019

#: Fixed-term agreements are shown extended past this many days from today, so that only the ones meant to expire
#: soon appear among the reminders.
SAFE_DAYS = 90

#: Whole-number values counted from the day of loading.
_FROM_TODAY = {"this year": lambda today: today.year, "this quarter": lambda today: (today.month - 1) // 3 + 1}


class DemoRefused(Exception):
    """The database already holds records; sample data is loaded only into an empty database."""


def database_is_empty() -> bool:
    """Whether no register holds a single record."""
    return not any(model.select().exists() for model in REGISTERS.values())


def load_demo(
    *,
    today: dt.date | None = None,
    texts: SampleTexts | None = None,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> dict[str, int]:
    """Fill an empty database with the sample data; return the number of records per register. Its single-language
    texts are written in the interface language (`texts`). `progress(done, total)` hears of every record written;
    `cancelled()` is asked before each (the task runner's).

    Raises `DemoRefused`, writing nothing, when any register already holds a record, and `ExportCancelled`, writing
    nothing, when cancelled. Everything is written in one transaction: on any error nothing stays behind.
    """
    today = today or dt.date.today()
    with db.atomic():
        if not database_is_empty():
            raise DemoRefused(
                _("The database already holds records; sample data is loaded only into an empty database.")
            )
        _Loader(today, texts or SampleTexts(current_language()), steps_of(progress, cancelled)).load(sample_records())
    return {name: model.select().count() for name, model in REGISTERS.items()}


def sample_messages() -> list[str]:
    """Every text the sample writes through `SampleTexts.text`, in the order written (loads it into a database in
    memory, leaving the registry's own connection as it was)."""
    texts: dict[str, None] = {}
    previous = db.obj
    memory = pw.SqliteDatabase(":memory:", pragmas={"foreign_keys": 1})
    db.initialize(memory)
    try:
        db.create_tables(current_models())
        load_demo(today=dt.date(2026, 1, 1), texts=SampleTexts("en", record=lambda text: texts.setdefault(text)))
    finally:
        memory.close()
        db.initialize(previous)
    return list(texts)


@functools.cache
def sample_records() -> dict[str, list[dict[str, Any]]]:
    """The sample's records by register, in the order they are loaded: `records.json` first, then the registers
    kept in files of their own (`resources/sample/<register>.json`, in the order of their names)."""
    folder = resources_dir() / "sample"
    records: dict[str, list[dict[str, Any]]] = {}
    for path in [folder / "records.json", *sorted(set(folder.glob("*.json")) - {folder / "records.json"})]:
        with path.open(encoding="utf-8") as handle:
            for register, rows in json.load(handle).items():
                records.setdefault(register, []).extend(rows)
    return records


def _day(value: str | int | None, today: dt.date) -> dt.date | None:
    """An ISO date, or a number of days from today."""
    if value is None:
        return None
    if isinstance(value, int):
        return today + dt.timedelta(days=value)
    return dt.date.fromisoformat(value)


def _term_end_after(start: dt.date, years: int, after: dt.date) -> dt.date:
    """The first end of a `years`-long term counted from `start` that falls after `after`."""
    terms = 1
    while (end := add_years(start, years * terms)) <= after:
        terms += 1
    return end


class _Loader:
    """Creates the records register by register, remembering them by their keys for the links that follow."""

    def __init__(self, today: dt.date, texts: SampleTexts, steps: Steps = NO_STEPS) -> None:
        self.today = today
        self.texts = texts
        self.steps = steps
        self.keys: dict[str, dict[str, Record]] = {}
        self.spec: RegisterSpec | None = None  # the register whose record is being read

    def load(self, registers: dict[str, list[dict[str, Any]]]) -> None:
        """Every register, in the order given (parents before the records that point to them)."""
        total = sum(len(rows) for rows in registers.values())
        done = 0
        for register, rows in registers.items():
            spec = spec_of(register)
            known = self.keys.setdefault(register, {})
            for row in rows:
                self.steps.step(done, total)
                done += 1
                if register == "plan" and row.get("year") == "this year" and self.today.year == ARTICLE_YEAR:
                    continue
                record = self.create(spec, row)
                if "key" in row:
                    known[row["key"]] = record
        self.steps.step(total, total)

    def create(self, spec: RegisterSpec, row: dict[str, Any]) -> Record:
        """One record with its many-valued fields; its search text once its links exist."""
        columns: dict[str, Any] = {}
        children: list[tuple[FieldSpec, list[Any]]] = []
        self.spec = spec
        for name, raw in row.items():
            if name in ("key", "term"):
                continue
            fs = spec.fields_by_name.get(name)
            if fs is None:  # a column beside its field (a money field's currency)
                columns[name] = raw
                continue
            value = None if raw is None else fs.kind.read_cell(fs, "", raw, self)
            if fs.kind.many:
                children.append((fs, value))
            else:
                columns.update(fs.kind.stored_columns(fs, value))
        if "term" in row and columns.get("signed_on") is not None:
            self.add_term(columns, row["term"])
        record = spec.model.create(is_sample=True, **columns)
        for fs, items in children:
            fs.kind.replace_children(fs, record.id, items)
        if children:
            record.reindex()
        return record

    # -- the sample's values, one reading per way a kind's values are written (see `Kind.read_cell`) --------------
    def text(self, fs: FieldSpec, raw: Any) -> str:
        """A single text in the interface language (an employee's name as the language writes it)."""
        if self.spec.name == "employees" and fs.name == "full_name":
            return self.texts.staff_name(raw)
        return self.texts.text(raw) if fs.name in SAMPLE_TEXT_FIELDS else raw

    def names(self, fs: FieldSpec, part: str, raw: dict[str, str]) -> dict[str, str]:
        return raw

    def date(self, fs: FieldSpec, raw: str | int) -> dt.date | None:
        return _day(raw, self.today)

    def whole_number(self, fs: FieldSpec, raw: int | str) -> int:
        return _FROM_TODAY[raw](self.today) if isinstance(raw, str) else raw

    def amount(self, fs: FieldSpec, raw: Any) -> Decimal:
        return Decimal(raw)

    def link(self, fs: FieldSpec, raw: str) -> int:
        return self.keys[fs.link][raw].id

    def links(self, fs: FieldSpec, raw: list) -> list[Any]:
        """Linked records by their keys, with their roles when the field has roles."""
        if fs.role_choices is not None:
            return [(self.keys[fs.link][item[0]].id, item[1]) for item in raw]
        return [self.keys[fs.link][key].id for key in raw]

    def members(self, fs: FieldSpec, raw: list) -> list[tuple[str, str]]:
        """Delegation members: the position in the interface language."""
        return [(item[0], self.texts.text(item[1])) for item in raw]

    def records(self, fs: FieldSpec, raw: list) -> list[tuple[str, int]]:
        return [(register, self.keys[register][key].id) for register, key in raw]

    def as_given(self, fs: FieldSpec, raw: Any) -> Any:
        """A value the sample writes as it is stored (a code, a country, yes or no)."""
        return raw

    choice = country = countries = yes_no = currency = as_given

    def add_term(self, columns: dict[str, Any], term: list) -> None:
        """An agreement's validity and renewal terms from its rule (``open``, ``soon``, ``auto``, ``fixed``), counted
        from its signing and today; an extended fixed term says so in its notes."""
        signed: dt.date = columns["signed_on"]
        rule = term[0]
        if rule == "open":
            columns["valid_until"] = None
        elif rule == "soon":
            columns["valid_until"] = max(self.today + dt.timedelta(days=term[1]), signed)
        elif rule == "auto":
            years, notice_days = term[1], term[2]
            columns.update(valid_until=_term_end_after(signed, years, self.today), auto_renewal=True,
                           renewal_years=years, notice_days=notice_days)  # fmt: skip
        elif rule == "fixed":
            first_end = add_years(signed, term[1])
            end = _term_end_after(signed, term[1], self.today + dt.timedelta(days=SAFE_DAYS))
            columns["valid_until"] = end
            if end != first_end:
                extended = self.texts.text("Extended by additional protocols (first term until {date}).")
                note = extended.format(date=format_date(first_end))
                columns["notes"] = " ".join(filter(None, [columns.get("notes", ""), note]))
        else:
            raise ValueError(f"unknown term rule {rule!r}")
