"""Importing several sheets and workbooks at once: each table proposes its register from its headers, every table is
checked in one preview, and each file is written in one transaction — all of its tables, or none.

    found = find_sheets(paths)                  # SheetChoice per table of every sheet, register proposed
    batch = check_files(found)                  # the preview: each table planned, nothing kept
    results = import_files(found)               # per file: its summaries, or why nothing of it was written

Tables of one file are planned and written in the order their links need (partners before agreements …), so an
agreements sheet may name partners that the partners sheet of the same workbook brings. The preview runs the same
writing inside a transaction that is rolled back, so what it shows is what the import will do.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from app.services.imports.mapping import header_matchers, importable_registers, propose_register, suggest_mapping
from app.services.imports.matching import plan_import
from app.services.imports.plan import ImportPlan, ImportSummary
from app.services.imports.sheet import ImportCancelled, SheetRows, read_tables
from app.services.imports.workbook import ImportRefused, inspect_workbook

logger = logging.getLogger(__name__)

#: The order tables of one file are written in: a register's links point to registers before it.
WRITE_ORDER = ("departments", "employees", "partners", "contacts", "projects", "agreements", "events", "visits")
WRITE_ORDER += ("trips", "exchange", "loans", "funding", "plan", "memberships", "gifts")


@dataclass
class SheetChoice:
    """One table of one sheet, the register it goes to (proposed, then confirmed by the officer) and its mapping."""

    path: Path
    rows: SheetRows
    register: str | None
    mapping: dict[int, str] = field(default_factory=dict)

    @property
    def label(self) -> str:
        """“file › sheet” (and the table's place when the sheet has several)."""
        return f"{self.path.name} › {self.rows.label}"


@dataclass
class FileResult:
    """What importing one file did: a summary per table, or the reason nothing of it was written."""

    path: Path
    summaries: list[tuple[SheetChoice, ImportSummary]] = field(default_factory=list)
    refused: str = ""


def workbook_paths(paths: Iterable[str | Path]) -> list[Path]:
    """The workbooks named: files as given, folders as the .xlsx/.xlsm files in them (Excel's lock files left out)."""
    found: list[Path] = []
    for path in map(Path, paths):
        if path.is_dir():
            found += sorted(
                p for p in path.iterdir() if p.suffix.lower() in (".xlsx", ".xlsm") and not p.name.startswith("~$")
            )
        else:
            found.append(path)
    return found


def find_sheets(
    paths: Iterable[str | Path],
    *,
    register: str | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> tuple[list[SheetChoice], list[str]]:
    """Every table of every sheet of the workbooks, with its register (`register` when given, else proposed from
    its headers) and suggested mapping; and the messages about files or sheets that cannot be imported."""
    registers = (register,) if register else importable_registers()
    matchers = header_matchers(registers)
    choices: list[SheetChoice] = []
    messages: list[str] = []
    for path in workbook_paths(paths):
        try:
            info = inspect_workbook(path)
            for name in info.sheet_names:
                tables = read_tables(path, matchers=matchers, sheet=name, info=info, cancelled=cancelled)
                for rows in tables:
                    chosen = register or propose_register(rows.scores, rows.headers)
                    mapping = suggest_mapping(chosen, rows.headers) if chosen else {}
                    if rows.rows:
                        choices.append(SheetChoice(path, rows, chosen, mapping))
        except ImportRefused as error:
            messages.append(f"{path.name}: {error}")
    return choices, messages


def _by_file(choices: list[SheetChoice]) -> dict[Path, list[SheetChoice]]:
    files: dict[Path, list[SheetChoice]] = {}
    for choice in choices:
        if choice.register:
            files.setdefault(choice.path, []).append(choice)
    for tables in files.values():
        tables.sort(key=lambda c: (WRITE_ORDER.index(c.register), c.rows.sheets.index(c.rows.sheet), c.rows.table))
    return files


def _plan_and_write(
    tables: list[SheetChoice],
    *,
    on_duplicate: str,
    skip_invalid: bool,
    write: bool,
    cancelled: Callable[[], bool] | None,
) -> list[tuple[SheetChoice, ImportPlan, ImportSummary | None]]:
    """Plan each table of one file after the tables before it are written (inside the caller's transaction)."""
    from app.services.imports.importer import write_plan

    done: list[tuple[SheetChoice, ImportPlan, ImportSummary | None]] = []
    for choice in tables:
        plan = plan_import(
            register=choice.register, sheet=choice.rows, mapping=choice.mapping, on_duplicate=on_duplicate,
            cancelled=cancelled,
        )
        summary = None
        if write or not plan.has_problems or skip_invalid:
            if plan.has_problems and not skip_invalid:
                done.append((choice, plan, None))
                continue
            summary = write_plan(plan, skip_invalid=skip_invalid, cancelled=cancelled)
        done.append((choice, plan, summary))
    return done


class _Rollback(Exception):
    pass


def check_files(
    choices: list[SheetChoice],
    *,
    on_duplicate: str = "skip",
    cancelled: Callable[[], bool] | None = None,
) -> list[tuple[SheetChoice, ImportPlan]]:
    """The preview of every chosen table: planned as the import would plan it, every file's tables written in a
    transaction that is then rolled back (so a sheet may name records an earlier sheet or file brings)."""
    from app.services.imports.importer import transaction

    found: list[tuple[SheetChoice, ImportPlan]] = []
    try:
        with transaction():  # the files in the order they will be written, each seeing the ones before it
            for tables in _by_file(choices).values():
                done = _plan_and_write(
                    tables, on_duplicate=on_duplicate, skip_invalid=True, write=False, cancelled=cancelled
                )
                found += [(choice, plan) for choice, plan, _summary in done]
            raise _Rollback()
    except _Rollback:
        pass
    return found


def import_files(
    choices: list[SheetChoice],
    *,
    on_duplicate: str = "skip",
    skip_invalid: bool = False,
    cancelled: Callable[[], bool] | None = None,
) -> list[FileResult]:
    """Import the chosen tables, each file in one transaction: all of its tables, or — when one of them has problems
    (and `skip_invalid` is not given), fails or is cancelled — nothing of it."""
    from app.services.imports.importer import transaction

    results: list[FileResult] = []
    for path, tables in _by_file(choices).items():
        result = FileResult(path)
        try:
            with transaction():
                done = _plan_and_write(tables, on_duplicate=on_duplicate, skip_invalid=skip_invalid, write=True,
                                       cancelled=cancelled)
                bad = [choice for choice, _plan, summary in done if summary is None]
                if bad:
                    raise ImportRefused(_refusal(bad))
                result.summaries = [(choice, summary) for choice, _plan, summary in done]
        except ImportCancelled:
            raise
        except ImportRefused as error:
            result.refused = str(error)
            result.summaries = []
        results.append(result)
        logger.info("imported %s: %s", path, result)
    return results


def _refusal(bad: list[SheetChoice]) -> str:
    from app.i18n import _

    return _("Nothing of this file was imported: rows of {sheets} have problems.").format(
        sheets=", ".join(f"“{choice.rows.label}”" for choice in bad)
    )
