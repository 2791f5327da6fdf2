"""Reading one register's cells as the values its form would hold: links found by the linked record's name in any
script (and a partner written with its country in one cell), every other field through the readers of `values`."""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from typing import Any

from app.i18n import _
from app.services.imports.values import (
    _MEMBER_DASH,
    _ROLE,
    CellProblem,
    RowRef,
    _choice_index,
    as_amount,
    as_bool,
    as_choice,
    as_countries,
    as_country,
    as_date,
    as_int,
    as_term,
    as_text,
    currency_of,
    guess_name_language,
    split_values,
)
from app.services.imports.words import choice_from_text, quarter_from_text
from app.services.registers.specs import FieldSpec, spec_of
from app.text.countries import country_code
from app.text.search_keys import fold_for_compare


def _unknown_link(register: str, text: str) -> CellProblem:
    messages = {
        "partners": _("Unknown partner “{value}”."),
        "employees": _("Unknown employee “{value}”."),
        "departments": _("Unknown department “{value}”."),
    }
    return CellProblem(messages.get(register, _("No record is called “{value}”.")).format(value=text))


_COUNTRY_IN_BRACKETS = re.compile(r"^(.*\S)\s*\(([^()]+)\)\s*$")
_COUNTRY_AFTER_COMMA = re.compile(r"^(.*\S)\s*[,–—]\s*([^,–—]+)$")


def split_country(text: str) -> tuple[str, str | None]:
    """A name and the country written with it in one cell ("Национальная библиотека Кореи (Республика Корея)",
    "National Library of Latvia, Latvia"); the text itself and None when it names no country so."""
    for pattern in (_COUNTRY_IN_BRACKETS, _COUNTRY_AFTER_COMMA):
        match = pattern.match(text.strip())
        if match and (code := country_code(match.group(2))):
            return match.group(1).strip(" ,–—-"), code
    return text.strip(), None


class LinkResolver:
    """Finds the records a file names: by any of their names, folded across scripts and cases, loaded once."""

    def __init__(self, register: str, file_titles: dict[str, list[int]] | None = None) -> None:
        self.register = register
        self.file_titles = file_titles or {}
        self._indexes: dict[str, dict[str, list[int]]] = {}

    def index(self, target: str) -> dict[str, list[int]]:
        """Folded name → ids of the records of `target` so named."""
        if target not in self._indexes:
            spec = spec_of(target)
            model = spec.model
            columns = [model._meta.fields[name] for name in spec.field(spec.title_field).columns]
            if "short_name" in model._meta.fields:
                columns.append(model._meta.fields["short_name"])
            found: dict[str, list[int]] = defaultdict(list)
            for record_id, *texts in model.select(model.id, *columns).order_by(model.id).tuples().iterator():
                for folded in {fold_for_compare(text) for text in texts if text}:
                    found[folded].append(record_id)
            self._indexes[target] = dict(found)
        return self._indexes[target]

    def resolve(self, target: str, text: str) -> int | RowRef:
        """The id of the record of `target` called `text` (or the row of this file that creates it); a partner may be
        written with its country: "Национальная библиотека Кореи (Республика Корея)", "NLK, Korea"."""
        try:
            return self._resolve(target, text)
        except CellProblem:
            name, country = split_country(text)
            if not country:
                raise
        found = self._resolve(target, name, country)
        return found

    def _resolve(self, target: str, text: str, country: str | None = None) -> int | RowRef:
        folded = fold_for_compare(text)
        ids = self.index(target).get(folded, [])
        if len(ids) > 1 and country and target == "partners":
            from app.models import Partner

            query = Partner.select(Partner.id).where(Partner.id.in_(ids), Partner.country == country)
            ids = [record_id for (record_id,) in query.tuples()]
        if len(ids) == 1:
            return ids[0]
        if len(ids) > 1:
            raise CellProblem(_("“{value}” fits more than one record; write the name in full.").format(value=text))
        rows = self.file_titles.get(folded, []) if target == self.register else []
        if rows:  # rows of the file with the same title repeat the first one
            return RowRef(rows[0])
        raise _unknown_link(target, text)


def _default_role(register: str, fs: FieldSpec) -> str:
    child = fs.child.model
    default = child._meta.fields["role"].default
    return default() if callable(default) else default


class ValueReader:
    """Turns the cells of one register's rows into the values its form would hold, or says what is wrong."""

    def __init__(self, register: str, *, epoch: dt.datetime | None = None, links: LinkResolver | None = None) -> None:
        self.register = register
        self.epoch = epoch
        self.resolver = links or LinkResolver(register)

    def read(self, fs: FieldSpec, part: str, raw: Any) -> Any:
        """The value of field `fs` (or of its `part`) that the cell gives; CellProblem when it gives none (the field's
        kind says which of the readings below applies)."""
        return fs.kind.read_cell(fs, part, raw, self)

    # -- the readings, one per way a kind's values are written in a cell ---------------------------------------------
    def text(self, fs: FieldSpec, raw: Any) -> str:
        return as_text(raw)

    def names(self, fs: FieldSpec, part: str, raw: Any) -> tuple[str, str]:
        """A name in the language its column says (`part`), else in the language its script suggests."""
        text = as_text(raw)
        return (part or guess_name_language(text)), text

    def date(self, fs: FieldSpec, raw: Any) -> Any:
        """A date; a date that ends a period may be written as a term ("3 years", "open-ended")."""
        return as_term(raw, self.epoch) if self._is_end(fs) else as_date(raw, self.epoch)

    def country(self, fs: FieldSpec, raw: Any) -> str:
        return as_country(raw)

    def countries(self, fs: FieldSpec, raw: Any) -> list[str]:
        return as_countries(raw)

    def choice(self, fs: FieldSpec, raw: Any) -> str:
        return as_choice(fs, raw, self.register)

    def link(self, fs: FieldSpec, raw: Any) -> int | RowRef:
        return self.resolver.resolve(fs.link, as_text(raw))

    def members(self, fs: FieldSpec, raw: Any) -> list[tuple[str, str]]:
        return [self._member(text) for text in split_values(raw)]

    def records(self, fs: FieldSpec, raw: Any) -> str:
        return as_text(raw)  # never asked: no column is mapped to records of any register

    def whole_number(self, fs: FieldSpec, raw: Any) -> int:
        if fs.name == "quarter" and isinstance(raw, str) and (quarter := quarter_from_text(raw)) is not None:
            return quarter
        return as_int(raw)

    def amount(self, fs: FieldSpec, raw: Any) -> tuple[Any, str]:
        return as_amount(raw)

    def currency(self, fs: FieldSpec, raw: Any) -> str:
        code = currency_of(as_text(raw))
        if not code:
            raise CellProblem(_("Unknown currency “{value}”.").format(value=as_text(raw)))
        return code

    def yes_no(self, fs: FieldSpec, raw: Any) -> bool:
        return as_bool(raw)

    def _is_end(self, fs: FieldSpec) -> bool:
        """Whether `fs` is a date that ends a period (valid until, end): it may be written as a term."""
        return any(later == fs.name for later, _earlier in spec_of(self.register).date_order)

    def _role(self, fs: FieldSpec, text: str) -> str | None:
        roles = _choice_index(fs.role_choices)
        return roles.get(fold_for_compare(text)) or choice_from_text(f"{self.register}.{fs.name}.role", text)

    def links(self, fs: FieldSpec, raw: Any) -> list[Any]:
        """Records of another register, each with its role when the field has roles ("Name (role)")."""
        roles = _choice_index(fs.role_choices) if fs.role_choices is not None else {}
        items: list[Any] = []
        seen: set[Any] = set()
        for text in split_values(raw):
            role = ""
            match = _ROLE.match(text) if roles else None
            if match and (found := self._role(fs, match.group(2))):
                text, role = match.group(1), found
            linked = self.resolver.resolve(fs.link, text)
            if linked in seen:
                continue
            seen.add(linked)
            items.append((linked, role or _default_role(self.register, fs)) if roles else linked)
        return items

    @staticmethod
    def _member(text: str) -> tuple[str, str]:
        for pattern in (_ROLE, _MEMBER_DASH):
            match = pattern.match(text)
            if match and match.group(1).strip():
                return match.group(1).strip(), match.group(2).strip()
        return text, ""
