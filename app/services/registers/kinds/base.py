"""What every kind of field does, whatever its values: its columns, reading and writing a record, checking a value,
showing it, sorting, filtering and exporting it. Each kind (text, date, money, link …) is a subclass that says how."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import peewee as pw

from app.i18n import _, ngettext

#: The registers' descriptions by register name, in navigation order: filled once, when the descriptions are made
#: (app.services.registers.specs), and read by the kinds whose values are records of another register.
DESCRIPTIONS: dict[str, Any] = {}

#: Labels of records of a register by id, for the ids asked (it may answer more).
Labeller = Callable[[str, Iterable[int]], dict[int, str]]


@dataclass(frozen=True)
class ChildTable:
    """The table behind a many-valued field: one row per value, pointing to its record by `parent`, holding the
    value in `value`."""

    model: type[pw.Model]
    parent: str
    value: str

    @property
    def parent_field(self) -> pw.Field:
        """The column holding the record's id."""
        return self.model._meta.fields[self.parent]

    @property
    def value_field(self) -> pw.Field:
        """The column holding the value (a foreign key's id column for a link)."""
        field = self.model._meta.fields[self.value]
        return getattr(self.model, field.column_name) if isinstance(field, pw.ForeignKeyField) else field

    def rows(self, record_id: int) -> pw.ModelSelect:
        """The rows of the record `record_id`, in the order they were written."""
        return self.model.select().where(self.parent_field == record_id).order_by(self.model.id)


def stored_default(field: pw.Field) -> Any:
    """What a new record holds in a column: its default, '' for a text that cannot be NULL, None for a link."""
    default = field.default
    value = default() if callable(default) else default
    if isinstance(field, pw.ForeignKeyField):
        return None
    if value is None and isinstance(field, (pw.CharField, pw.TextField)) and not field.null:
        return ""
    return value


class Kind:
    """A kind of field: one value in one column of the register's table (subclasses say otherwise)."""

    #: The short name the descriptions use ("text", "date", "links" …).
    name = "text"
    #: Several values per record, in a child table (the field names it).
    many = False
    #: A column width in an exported sheet or a printed list (characters; None: by the field's name).
    width: int | None = None
    #: The kind of column the exported sheet has ("date", "money", "bool", "label", "text"…).
    sheet_kind = "text"
    #: The values can be filtered by a range (from, to).
    ranged = False
    #: A column filter lists its values (not several lines, not people's names in a child table).
    listed = True
    #: A column filter lists its values in the order of their stored values (dates, numbers), not of their texts.
    ordered_by_value = False
    #: Few different values (codes of a list): a column filter groups them at once.
    few_values = False
    #: An empty value may be stored as '' as well as NULL.
    blank_text = True
    #: A record's search key holds its texts (a column filter's search narrows by it).
    searched = False
    #: Can be set for many records at once.
    bulk = False
    #: Shown by the linked record's name: a list reads the labels of the ids of its rows (`CellContext.link_labels`).
    labelled = False
    #: Written in several languages, one column each.
    multilingual = False
    #: Amounts summed per currency (the field's `currency`), not as one figure.
    per_currency = False
    #: Numbers: right-aligned in a printed list.
    numeric = False

    def __init__(self, name: str | None = None) -> None:
        if name is not None:
            self.name = name

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.name}>"

    # -- the columns ---------------------------------------------------------------------------------------------
    def columns(self, fs: Any) -> tuple[str, ...]:
        """The columns of the register's table behind the field."""
        return () if fs.through else (fs.name,)

    def read_columns(self, fs: Any) -> tuple[str, ...]:
        """The columns a list reads to show the field (money adds its currency)."""
        return self.columns(fs)

    def field_of(self, fs: Any, model: type[pw.Model]) -> pw.Field:
        """The model's field behind a single-valued field."""
        return model._meta.fields[fs.name]

    # -- one record ------------------------------------------------------------------------------------------------
    def empty(self, fs: Any, model: type[pw.Model]) -> Any:
        """The value of a new record."""
        return stored_default(self.field_of(fs, model))

    def load(self, fs: Any, record: Any) -> Any:
        """The field's value for a form, from a stored record."""
        return getattr(record, fs.name)

    def assign(self, fs: Any, record: Any, value: Any) -> None:
        """Put a form's value into the record (not saved)."""
        if isinstance(value, str):
            field = type(record)._meta.fields[fs.name]
            text = value.strip()
            setattr(record, fs.name, None if (not text and field.null) else text)
        else:
            setattr(record, fs.name, value)

    # -- checking ----------------------------------------------------------------------------------------------------
    def is_empty(self, value: Any) -> bool:
        """Whether a form's value is empty."""
        if isinstance(value, str):
            return not value.strip()
        if isinstance(value, list):
            return not value
        return value is None

    def required_problem(self) -> str:
        """What a required field says when it is empty."""
        return _("Required.")

    def texts(self, value: Any) -> list[str]:
        """The texts of a value that its field's longest length applies to."""
        return [value] if isinstance(value, str) else []

    def validate(self, fs: Any, value: Any) -> str | None:
        """What is wrong with a form's value, as a sentence in the interface language (None: nothing)."""
        if self.is_empty(value):
            return self.required_problem() if fs.required else None
        if fs.max_length and any(len(text) > fs.max_length for text in self.texts(value)):
            return ngettext("At most {n} character.", "At most {n} characters.", fs.max_length).format(n=fs.max_length)
        return self.problem(fs, value)

    def problem(self, fs: Any, value: Any) -> str | None:
        """What is wrong with a value that is not empty (None: nothing)."""
        return None

    # -- showing ---------------------------------------------------------------------------------------------------
    def cell_reader(self, fs: Any, at: Mapping[str, int], context: CellContext) -> Callable[[Sequence[Any]], Any]:
        """A function giving the field's display value from a row of the register's table (columns at `at`)."""
        index = at.get(fs.name, -1)
        return lambda row: row[index]

    def value_texts(self, fs: Any, values: list[Any], language: str, labels: Labeller) -> dict[Any, str]:
        """Stored values as a column filter lists them."""
        return {value: str(value) for value in values}

    def filter_text(self, fs: Any, value: Any, language: str, labels: Labeller) -> str:
        """A filter's value in words (the title lines of an export)."""
        if isinstance(value, bool):
            return _("Yes") if value else _("No")
        return str(value)

    def logged_text(self, fs: Any, value: Any, language: str, labels: Labeller) -> str:
        """A value as the change log keeps it, in words for a record's history."""
        return str(value)

    # -- naming a record (the register's title field) ------------------------------------------------------------
    def title_expression(self, fs: Any, table: Any, language: str) -> pw.Node:
        """The SQL naming a record whose title is this field (a link's: the linked record's id)."""
        return getattr(table, fs.name)

    def label(self, fs: Any, record: Any, language: str) -> str:
        """The name of a record (a row object or a dict of columns) whose title is this field."""
        value = record.get(fs.name) if isinstance(record, dict) else getattr(record, fs.name)
        return str(value or "")

    def names_by_sql(self) -> bool:
        """Whether SQL can say the names of records whose title is this field (a link's cannot)."""
        return True

    def labelled_join(self, fs: Any, language: str) -> tuple[Any, pw.Node] | None:
        """For a link to records named by a text or a multilingual name: the linked table (aliased) and the SQL of
        its records' names, so that a column's values come with their names in one query (None: not a link, or
        the linked records are named by reading them)."""
        return None

    # -- sorting and filtering ---------------------------------------------------------------------------------------
    def sort_expression(self, fs: Any, model: type[pw.Model], language: str) -> tuple[pw.Node | None, list]:
        """The SQL a column sorts by (None: it cannot be sorted) and the joins it needs ((table, on) pairs)."""
        return model._meta.fields[fs.name], []

    def value_expression(self, fs: Any, model: type[pw.Model], language: str) -> pw.Node:
        """The SQL value a single-valued column is filtered and grouped by."""
        return model._meta.fields[fs.name]

    def filter_condition(self, fs: Any, model: type[pw.Model], value: Any) -> pw.Node:
        """The records whose field holds `value` (a filter above the list)."""
        return model._meta.fields[fs.name] == value

    def blank(self, column: pw.Node) -> pw.Node:
        """The SQL of an empty value."""
        return (column.is_null() | (column == "")) if self.blank_text else column.is_null()

    def not_blank(self, column: pw.Node) -> pw.Node:
        """The SQL of a value that is not empty."""
        return (column.is_null(False) & (column != "")) if self.blank_text else column.is_null(False)

    # -- exporting and importing -------------------------------------------------------------------------------------
    def sheet_columns(self, fs: Any) -> list[tuple[str | None, str, int | None]]:
        """The exported sheet's columns for the field: (header, sheet kind, width); a None header is the field's."""
        return [(None, self.sheet_kind, self.width)]

    def split_cell(self, value: Any) -> list[Any]:
        """A display value as the exported sheet's cells (one per column of `sheet_columns`)."""
        return [value]

    def paste_writer(self, yes: str, no: str) -> Callable[[Any], str]:
        """How a display value is written in a copied row (text a spreadsheet pastes; the cells of a field with
        several columns joined by tabs): ISO dates, plain numbers, words for yes and no, text on one line."""
        return lambda value: "" if value is None else one_line(str(value))

    # -- reading values given from outside: an imported workbook's cells, the sample's data -------------------------
    # A reader (the importer's cells, the sample loader) has one method per way of reading a value (text, names,
    # date, whole_number …); each kind calls the one that reads its values, so that no reader asks which kind a
    # field is.

    #: A workbook's column can give the field (records of any register are linked in the form only).
    importable = True

    def read_cell(self, fs: Any, part: str, raw: Any, reader: Any) -> Any:
        """The value of the field (or of its `part`: a name's language, a money field's currency) that `raw` gives,
        as its form would hold it, read by the one of `reader`'s methods that reads this kind's values (the
        importer's raises its CellProblem when the cell gives no value)."""
        return reader.text(fs, raw)

    def stored_columns(self, fs: Any, value: Any) -> dict[str, Any]:
        """A single-valued field's value by the columns of the register's table (as a record is created)."""
        return dict.fromkeys(self.columns(fs), value)

    def gather_cell(self, fs: Any, part: str, value: Any, row: Any, hint: str) -> None:
        """Put what one cell gives among an imported row's values (`row.given`; a name's languages and whether they
        were guessed in `row.guessed`; an amount's currency given on its own in `row.currencies`); `hint` is the
        currency the column's header names."""
        row.given[fs.name] = value

    def merged_value(self, old: Any, new: Any, guessed: Any) -> Any:
        """An imported value put over a record's `old` one (`guessed`: the languages of a name that were guessed)."""
        return new

    def imported_title(self, value: Any) -> str:
        """An imported record's name as the import's preview shows it."""
        return str(value or "")

    # -- a form's value in words (two versions of a record side by side) ---------------------------------------------
    def form_text(self, fs: Any, value: Any, shown: Callable[[Any], str]) -> str:
        """A form's value (not empty) as people read it; `shown` words a value as the change log keeps it."""
        return shown(value.isoformat() if hasattr(value, "isoformat") else value)

    # -- the submissions' template sheets ----------------------------------------------------------------------------
    def template_entry(self, fs: Any, register: str) -> tuple[str, str, bool]:
        """How a unit fills the field in a template sheet: the column's entry (text, multiline, date, int, or list:
        a drop-down), the named list a drop-down offers, and whether a cell may hold several values."""
        return "text", "", False


@dataclass
class CellContext:
    """What showing a row needs besides the row: the interface language, the labels of linked records (by field
    name), and the texts of the many-valued fields already read (field name → record id → texts)."""

    language: str
    link_labels: Mapping[str, Mapping[int, str]]
    many: Mapping[str, Mapping[int, list[str]]]


def one_line(text: str) -> str:
    """A cell's text without the tabs and line breaks that would split it (checked first: they are rare)."""
    if "\t" in text or "\n" in text or "\r" in text:
        return text.replace("\t", " ").replace("\r", " ").replace("\n", " ")
    return text
