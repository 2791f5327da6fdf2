"""What an import will do and what it did: the rows' actions, the problems by row and column, the summary."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from app.i18n import _, ngettext
from app.services.imports.sheet import SheetRows
from app.services.imports.values import RowRef

ON_DUPLICATE = ("skip", "update", "create")
CREATE, UPDATE, MERGED, UNCHANGED, SKIPPED, INVALID = "create", "update", "merged", "unchanged", "skipped", "invalid"


@dataclass
class Problem:
    """What is wrong, where: a sheet row and column (none for a problem of the whole file)."""

    row: int | None
    column: str
    message: str
    letter: str = ""

    def text(self) -> str:
        """The problem as one line in the interface language."""
        if self.row is None:
            return self.message
        if not self.column:
            return _("Row {row}: {what}").format(row=self.row, what=self.message)
        if self.letter:
            return _("Row {row}, column {letter} “{column}”: {problem}").format(
                row=self.row, letter=self.letter, column=self.column, problem=self.message
            )
        return _("Row {row}, “{column}”: {problem}").format(row=self.row, column=self.column, problem=self.message)


@dataclass
class PlannedRow:
    """One sheet row and what the import will do with it."""

    row: int
    action: str
    title: str = ""
    group: int | None = None
    duplicate_record: int | None = None  # the register's record the row repeats
    duplicate_row: int | None = None  # the earlier row of the file it repeats
    duplicate_label: str = ""
    problems: list[Problem] = field(default_factory=list)

    def duplicate_text(self) -> str:
        """What the row repeats, for the preview ('' when nothing)."""
        if self.duplicate_record is not None:
            return _("Already in the register: “{title}”.").format(title=self.duplicate_label)
        if self.duplicate_row is not None:
            return _("Repeats row {row}.").format(row=self.duplicate_row)
        return ""


@dataclass
class Group:
    """One record the import writes: created from a row, or an existing one updated, with later rows merged in."""

    values: dict[str, Any]
    rows: list[int] = field(default_factory=list)
    record_id: int | None = None
    version: int | None = None
    original: dict[str, Any] | None = None
    valid: bool = True

    @property
    def refs(self) -> list[int]:
        """The rows of the file whose records this one links to."""
        return [value.row for value in self.values.values() if isinstance(value, RowRef)]


@dataclass
class ImportPlan:
    """What an import will do, row by row, before anything is written."""

    register: str
    sheet: SheetRows
    mapping: dict[int, str]
    on_duplicate: str
    rows: list[PlannedRow] = field(default_factory=list)
    groups: list[Group] = field(default_factory=list)
    general: list[Problem] = field(default_factory=list)
    blocked: set[str] = field(default_factory=set)
    order: list[int] = field(default_factory=list)  # groups that link to rows of the file, in the order to write
    defaults: dict[str, Any] = field(default_factory=dict)  # values the title lines give every row (a plan's year)

    def count(self, action: str) -> int:
        """How many rows get `action`."""
        return sum(1 for row in self.rows if row.action == action)

    @property
    def problems(self) -> list[Problem]:
        """Every problem: the file's, then each row's in sheet order."""
        return self.general + [problem for row in self.rows for problem in row.problems]

    @property
    def has_problems(self) -> bool:
        """Whether some rows cannot be imported."""
        return any(row.action == INVALID for row in self.rows)

    @property
    def formulas(self) -> int:
        """How many mapped cells held formulas (imported as their text)."""
        mapped = set(self.mapping)
        return sum(1 for _row, column in self.sheet.formulas if column in mapped)

    def preview_lines(self) -> list[str]:
        """What the import will do, in sentences."""
        lines = [
            ngettext("{count} row to create a record.", "{count} rows to create records.", self.count(CREATE)),
            ngettext(
                "{count} row to update a record already in the register.",
                "{count} rows to update records already in the register.",
                self.count(UPDATE),
            ),
            ngettext(
                "{count} row repeats an earlier row and completes its record.",
                "{count} rows repeat earlier rows and complete their records.",
                self.count(MERGED),
            ),
            ngettext(
                "{count} row matches a record that is already up to date.",
                "{count} rows match records that are already up to date.",
                self.count(UNCHANGED),
            ),
            ngettext("{count} duplicate to skip.", "{count} duplicates to skip.", self.count(SKIPPED)),
            ngettext("{count} row with problems.", "{count} rows with problems.", self.count(INVALID)),
        ]
        counts = [CREATE, UPDATE, MERGED, UNCHANGED, SKIPPED, INVALID]
        shown = [line.format(count=self.count(action)) for line, action in zip(lines, counts, strict=True)]
        shown = [line for line, action in zip(shown, counts, strict=True) if self.count(action) or action == CREATE]
        if self.formulas:
            shown.append(
                ngettext(
                    "{count} cell holds a formula; its text will be imported as written, not calculated.",
                    "{count} cells hold formulas; their text will be imported as written, not calculated.",
                    self.formulas,
                ).format(count=self.formulas)
            )
        return shown


@dataclass
class ImportSummary:
    """What an import wrote."""

    created: int = 0
    updated: int = 0
    merged: int = 0
    unchanged: int = 0
    skipped_duplicates: int = 0
    skipped_invalid: int = 0
    formulas: int = 0
    seconds: float = 0.0
    ids: list[int] = field(default_factory=list)

    def lines(self) -> list[str]:
        """The summary in sentences, in the interface language."""
        parts = [
            (self.created, ngettext("{count} record created.", "{count} records created.", self.created)),
            (self.updated, ngettext("{count} record updated.", "{count} records updated.", self.updated)),
            (
                self.merged,
                ngettext(
                    "{count} row completed the record of an earlier row.",
                    "{count} rows completed the records of earlier rows.",
                    self.merged,
                ),
            ),
            (
                self.unchanged,
                ngettext(
                    "{count} record was already up to date.", "{count} records were already up to date.", self.unchanged
                ),
            ),
            (
                self.skipped_duplicates,
                ngettext("{count} duplicate skipped.", "{count} duplicates skipped.", self.skipped_duplicates),
            ),
            (
                self.skipped_invalid,
                ngettext(
                    "{count} row with problems skipped.", "{count} rows with problems skipped.", self.skipped_invalid
                ),
            ),
            (
                self.formulas,
                ngettext(
                    "{count} cell held a formula; its text was imported as written, not calculated.",
                    "{count} cells held formulas; their text was imported as written, not calculated.",
                    self.formulas,
                ),
            ),
        ]
        lines = [text.format(count=count) for count, text in parts if count or text is parts[0][1]]
        return lines
