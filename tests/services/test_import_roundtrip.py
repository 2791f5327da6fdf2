"""A list exported by Hamkor imports back into an empty database unchanged, for every register the import takes."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from openpyxl import load_workbook

from app.i18n import set_language
from app.models import Partner
from app.models.database import close_database, open_database
from app.services.imports.importer import plan_import, read_register_sheet, run_import
from app.services.imports.mapping import suggest_mapping
from app.services.registers.list_query import ListQuery
from app.services.registers.specs import spec_of
from app.services.sample.loader import load_demo
from tests.services.import_helpers import IMPORT_ORDER, export_as_hamkor, shown_rows


@pytest.fixture
def two_databases(tmp_path: Path) -> Iterator[tuple[Path, Path]]:
    """A source and an empty target SQLite file; the test opens one after the other."""
    yield tmp_path / "source.db", tmp_path / "target.db"
    close_database()


def import_all(folder: Path) -> dict[str, int]:
    created = {}
    for register in IMPORT_ORDER:
        sheet = read_register_sheet(folder / f"{register}.xlsx", register)
        mapping = suggest_mapping(register, sheet.headers)
        assert len(mapping) == len(sheet.headers), f"{register}: a column was not recognised"
        plan = plan_import(register=register, sheet=sheet, mapping=mapping)
        assert plan.problems == [], [p.text() for p in plan.problems]
        created[register] = run_import(plan).created
    return created


def round_trip(two_databases: tuple[Path, Path], folder: Path, export) -> None:  # noqa: ANN001
    source, target = two_databases
    open_database(str(source))
    load_demo()
    Partner.create(name_en='=HYPERLINK("http://evil.example/","Click")', kind="library", city="=1+2")
    expected = {register: shown_rows(register) for register in IMPORT_ORDER}
    for register in IMPORT_ORDER:
        export(register, folder / f"{register}.xlsx")
    close_database()
    open_database(str(target))
    created = import_all(folder)
    for register in IMPORT_ORDER:
        assert created[register] == len(expected[register])
        assert shown_rows(register) == expected[register], register


@pytest.mark.parametrize("language", ["en", "ru", "uz", "uz-Cyrl"])
def test_a_list_exported_by_hamkor_imports_back_unchanged(two_databases, tmp_path: Path, language: str) -> None:  # noqa: ANN001
    exports = pytest.importorskip("app.services.registers.list_export")
    set_language(language)

    def export(register: str, path: Path) -> None:
        fields = [fs.name for fs in spec_of(register).list_fields]
        exports.export_list(query=ListQuery(register, order=("id", False)), fields=fields, path=path)

    round_trip(two_databases, tmp_path, export)
    cell = next(
        c
        for row in load_workbook(tmp_path / "partners.xlsx").active.iter_rows()
        for c in row
        if c.value and str(c.value).startswith("=HYPERLINK")
    )
    assert cell.data_type == "s"  # exported as text …
    assert Partner.get(Partner.city == "=1+2").search_text.startswith("hiperlink")  # … and imported as text


@pytest.mark.parametrize("money_in_format", [False, True], ids=["currency column", "currency in the number format"])
def test_the_exporters_layout_built_here_imports_back_unchanged(
    two_databases, tmp_path: Path, money_in_format: bool
) -> None:  # noqa: ANN001
    round_trip(
        two_databases,
        tmp_path,
        lambda register, path: export_as_hamkor(register, path, money_in_format=money_in_format),
    )
