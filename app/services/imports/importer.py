"""Importing a register's records from an Excel workbook: check the file, map its columns, preview every problem and
duplicate, then write everything in one transaction — or nothing.

    sheet = read_register_sheet(path, "partners")              # ImportRefused for hostile or broken files
    mapping = suggest_mapping("partners", sheet.headers)       # column index → target key (or the officer's)
    plan = plan_import(register="partners", sheet=sheet, mapping=mapping, on_duplicate="skip")
    plan.problems, plan.rows                                   # the preview; nothing is written yet
    summary = run_import(plan)                                 # one transaction; ImportSummary

The steps live in `import_files` (safety checks), `import_sheet` (reading), `import_mapping` (columns → fields),
`import_values` (cells → values), `import_planner` (validation with `records.validate`, duplicates) and
`import_write` (bulk inserts); this module runs them and writes.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import peewee as pw

from app.i18n import _, ngettext
from app.models import ConflictError, db
from app.services.imports import bulk_write as import_write
from app.services.imports.mapping import header_matchers, importable_registers, suggest_mapping, targets
from app.services.imports.matching import _existing_index, _row_keys, plan_import
from app.services.imports.plan import (
    CREATE,
    INVALID,
    MERGED,
    ON_DUPLICATE,
    SKIPPED,
    UNCHANGED,
    UPDATE,
    ImportPlan,
    ImportSummary,
    PlannedRow,
    Problem,
)
from app.services.imports.sheet import ImportCancelled, Progress, SheetRows, no_header, read_tables
from app.services.imports.values import RowRef
from app.services.imports.workbook import MAX_ROWS, ImportRefused, WorkbookInfo, inspect_workbook
from app.services.registers.list_rows import labels_of
from app.services.registers.records import InvalidValues, save_values
from app.services.registers.specs import spec_of

logger = logging.getLogger(__name__)

__all__ = [
    "CREATE",
    "INVALID",
    "MAX_ROWS",
    "MERGED",
    "ON_DUPLICATE",
    "SKIPPED",
    "UNCHANGED",
    "UPDATE",
    "ImportCancelled",
    "ImportPlan",
    "ImportRefused",
    "ImportSummary",
    "PlannedRow",
    "Problem",
    "SheetRows",
    "importable_registers",
    "inspect_workbook",
    "plan_import",
    "read_register_sheet",
    "run_import",
    "suggest_mapping",
    "targets",
]


def read_register_sheet(
    path: str | Path,
    register: str,
    *,
    sheet: str | None = None,
    header_row: int | None = None,
    info: WorkbookInfo | None = None,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> SheetRows:
    """The sheet's table whose header names most of `register`'s fields (the first of equals), its header found
    under title lines and read over one to three rows."""
    tables = read_tables(
        path,
        matchers=header_matchers((register,)),
        sheet=sheet,
        header_row=header_row,
        info=info,
        progress=progress,
        cancelled=cancelled,
    )
    name = sheet or (info or inspect_workbook(path)).sheet(None).name
    if not tables:
        raise no_header(name)
    best = max(tables, key=lambda table: (table.scores.get(register, 0), -table.table))
    if not best.rows:
        raise ImportRefused(_("The sheet “{sheet}” has no rows under its header.").format(sheet=best.sheet))
    return best


def transaction():  # noqa: ANN202 - a peewee transaction context
    """One transaction for the whole import; on SQLite it takes the write lock at once (BEGIN IMMEDIATE)."""
    if isinstance(db.obj, pw.SqliteDatabase):
        return db.atomic("IMMEDIATE")
    return db.atomic()


def _refuse_new_duplicates(plan: ImportPlan, creating: list[int]) -> None:
    """Inside the write transaction: refuse when a record the plan would create now has a duplicate in the register
    (another import or an officer saved it after the check). On PostgreSQL the imports of one register take turns
    (a transaction-scoped advisory lock); on SQLite the transaction already holds the only write lock."""
    if plan.on_duplicate == "create" or not creating:
        return
    if not isinstance(db.obj, pw.SqliteDatabase):
        db.execute_sql("SELECT pg_advisory_xact_lock(hashtext(%s))", (f"hamkor-import-{plan.register}",))
    spec = spec_of(plan.register)
    existing = _existing_index(spec)
    for index in creating:
        if any(key in existing for key in _row_keys(spec, plan.groups[index].values)):
            raise ImportRefused(
                _("The register changed after the check; nothing was imported. Check the file again.")
            )


def _resolved(values: dict[str, Any], ids_by_row: dict[int, int]) -> dict[str, Any]:
    return {name: ids_by_row[v.row] if isinstance(v, RowRef) else v for name, v in values.items()}


def run_import(
    plan: ImportPlan,
    *,
    skip_invalid: bool = False,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> ImportSummary:
    """Write what the plan says in one transaction: all of it, or — on any error or cancel — nothing.

    Rows with problems are left out only with `skip_invalid`; otherwise a plan with problems is refused.
    """
    with transaction():
        return write_plan(plan, skip_invalid=skip_invalid, progress=progress, cancelled=cancelled)


def write_plan(
    plan: ImportPlan,
    *,
    skip_invalid: bool = False,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> ImportSummary:
    """Write what the plan says inside the caller's transaction (`run_import`, or one file's in `import_batch`)."""
    if plan.has_problems and not skip_invalid:
        count = plan.count(INVALID)
        raise ImportRefused(
            ngettext(
                "Nothing was imported: {count} row has problems. Correct the file, or leave out the rows with "
                "problems.",
                "Nothing was imported: {count} rows have problems. Correct the file, or leave out the rows with "
                "problems.",
                count,
            ).format(count=count)
        )
    started = time.perf_counter()
    register = plan.register
    groups = plan.groups
    linking = set(plan.order)
    plain = [i for i, g in enumerate(groups) if g.valid and g.rows and g.record_id is None and i not in linking]
    updates = [
        i for i, g in enumerate(groups) if g.valid and g.rows and g.record_id is not None and g.values != g.original
    ]
    total = len(plain) + len(plan.order) + len(updates)
    done = 0

    def tick(count: int = 1) -> None:
        nonlocal done
        done += count
        if cancelled is not None and cancelled():
            raise ImportCancelled()
        if progress is not None:
            progress(done, total)

    ids_by_row: dict[int, int] = {}
    summary = ImportSummary(formulas=plan.formulas)
    try:
        with db.atomic():  # a savepoint inside the caller's transaction
            _refuse_new_duplicates(plan, [*plain, *plan.order])
            if import_write.bulk_supported():
                previous = 0

                def bulk_progress(count: int) -> None:
                    nonlocal previous
                    tick(count - previous)
                    previous = count

                created = import_write.create_records(
                    register, [groups[i].values for i in plain], progress=bulk_progress
                )
            else:
                created = []
                for i in plain:
                    created.append(save_values(register, groups[i].values))
                    tick()
            for i, record_id in zip(plain, created, strict=True):
                ids_by_row.update(dict.fromkeys(groups[i].rows, record_id))
            for i in plan.order:
                record_id = save_values(register, _resolved(groups[i].values, ids_by_row))
                ids_by_row.update(dict.fromkeys(groups[i].rows, record_id))
                created.append(record_id)
                tick()
            for i in updates:
                group = groups[i]
                save_values(
                    register, _resolved(group.values, ids_by_row), record_id=group.record_id, version=group.version
                )
                tick()
    except ConflictError as error:
        label = labels_of(register, [error.record_id]).get(error.record_id, str(error.record_id))
        raise ImportRefused(
            _("Someone changed “{record}” after the check; nothing was imported. Check the file again.").format(
                record=label
            )
        ) from error
    except (InvalidValues, pw.IntegrityError) as error:
        logger.info("import refused by the database: %s", error)
        raise ImportRefused(
            _("The register changed after the check; nothing was imported. Check the file again.")
        ) from error
    summary.ids = created
    summary.created = len(created)
    summary.updated = len(updates)
    summary.merged = plan.count(MERGED)
    summary.unchanged = plan.count(UNCHANGED)
    summary.skipped_duplicates = plan.count(SKIPPED)
    summary.skipped_invalid = plan.count(INVALID)
    summary.seconds = time.perf_counter() - started
    logger.info("imported %s: %s in %.2f s", register, summary, summary.seconds)
    return summary
