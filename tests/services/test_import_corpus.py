"""The import corpus: workbooks laid out as offices keep their registers (tests/data/import_corpus, built by its
make_corpus.py), each imported by `import auto` into a real database and compared with its expected records."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from app.services.imports.batch import find_sheets, import_files
from app.services.registers.records import load_values
from app.services.registers.specs import spec_of

CORPUS = Path(__file__).resolve().parents[1] / "data" / "import_corpus"
EXPECTED: dict[str, list[dict[str, Any]]] = json.loads((CORPUS / "expected.json").read_text(encoding="utf-8"))
SEED = "partners_two_row_header"  # the partners the other files' agreements, projects and grants name


def import_auto(name: str) -> list:
    choices, messages = find_sheets([CORPUS / f"{name}.xlsx"])
    assert not messages
    results = import_files(choices)
    assert [result.refused for result in results] == [""], results
    return choices


def title_of(register: str, values: dict[str, Any]) -> str:
    value = values[spec_of(register).title_field]
    if isinstance(value, dict):
        return next(text for text in value.values() if text)
    if isinstance(value, int):
        linked = spec_of(register).field(spec_of(register).title_field).link
        return title_of(linked, load_values(linked, value)[0])
    return value


def partner_title(record_id: int) -> str:
    return title_of("partners", load_values("partners", record_id)[0])


def shown(register: str, field: str, value: Any) -> Any:
    kind = spec_of(register).field(field).kind.name if field in spec_of(register).fields_by_name else ""
    if kind == "links":
        return [[partner_title(i), role] if spec_of(register).field(field).role_choices else partner_title(i)
                for i, role in ((v if isinstance(v, tuple) else (v, None)) for v in value)]
    if kind == "link":
        return partner_title(value) if value else None
    if kind == "date":
        return value.isoformat() if value else None
    return value


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_every_corpus_file_imports_with_its_expected_records(database, name: str) -> None:  # noqa: ANN001
    if name.startswith(("agreements", "projects", "funding", "exchange")):
        import_auto(SEED)
    choices = import_auto(name)
    tables = [c for c in choices if c.register]
    assert [c.register for c in tables] == [table["register"] for table in EXPECTED[name]]
    created: dict[str, list[int]] = {}
    for table in EXPECTED[name]:
        model = spec_of(table["register"]).model
        wanted = sum(len(t["records"]) for t in EXPECTED[name] if t["register"] == table["register"])
        created[table["register"]] = [r.id for r in model.select(model.id).order_by(model.id)][-wanted:]
    for choice, table in zip(tables, EXPECTED[name], strict=True):
        register = table["register"]
        ids = created[register][: len(table["records"])]
        created[register] = created[register][len(table["records"]) :]
        assert len(choice.rows.rows) == len(table["records"]), choice.rows.rows
        for record_id, expected in zip(ids, table["records"], strict=True):
            values = load_values(register, record_id)[0]
            assert title_of(register, values) == expected["title"]
            for field, wanted in expected.items():
                if field == "title":
                    continue
                if field in ("amount", "currency"):
                    amount, currency = values["amount"]
                    assert (Decimal(wanted) if field == "amount" else wanted) == (
                        amount if field == "amount" else currency
                    )
                    continue
                assert shown(register, field, values[field]) == wanted, (name, expected["title"], field)


def test_auto_names_the_register_of_each_sheet_and_leaves_out_totals_and_signatures(database) -> None:  # noqa: ANN001
    choices, _messages = find_sheets([CORPUS / "partners_two_row_header.xlsx"])
    (choice,) = choices
    assert choice.register == "partners"
    assert choice.rows.header_rows == [4, 5]
    assert choice.rows.headers[:4] == ["№ п/п", "Наименование организации", "Местонахождение / Страна",
                                      "Местонахождение / Город"]
    assert dict(choice.rows.left_out) == {13: "total", 15: "signature"}
    assert choice.rows.number_columns == {0}
