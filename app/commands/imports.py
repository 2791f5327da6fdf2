"""The import command: bring a register's records in from an Excel workbook (.xlsx), all or nothing."""

from __future__ import annotations

import argparse
import sys
from typing import TextIO

from app.cli import CommandError, Handler, open_registry
from app.i18n import _, ngettext
from app.services.registers.specs import spec_of


def register(commands: argparse._SubParsersAction) -> dict[str, Handler]:
    """Add `import` to the command line."""
    from app.services.imports.mapping import importable_registers
    from app.services.imports.plan import ON_DUPLICATE

    parser = commands.add_parser(
        "import",
        help=_("import a register's records from an Excel workbook (.xlsx)"),
        description=_(
            "Import the records of a sheet. Problems and duplicates are listed first; nothing is written when a "
            "row has problems (unless --skip-invalid), and the rows are written in one transaction: all or none."
        ),
    )
    parser.add_argument(
        "register",
        metavar="REGISTER",
        help=_("one of: {names}; or auto: each sheet goes to the register its headers name").format(
            names=" ".join(importable_registers())
        ),
    )
    parser.add_argument(
        "files", nargs="+", metavar="FILE.xlsx", help=_("the workbooks to import (or folders of workbooks)")
    )
    parser.add_argument("--sheet", metavar="NAME", help=_("the sheet to import (default: the first)"))
    parser.add_argument(
        "--header-row", type=int, metavar="N", help=_("the row that names the columns (default: found by its names)")
    )
    parser.add_argument(
        "--dry-run", action="store_true", help=_("check the file and show what would be done, without writing")
    )
    parser.add_argument(
        "--on-duplicate",
        choices=ON_DUPLICATE,
        default="skip",
        help=_(
            "a row that repeats a record of the register or an earlier row: skip it (the default), "
            "update the record with it, or create a record anyway"
        ),
    )
    parser.add_argument(
        "--skip-invalid",
        action="store_true",
        help=_("import the other rows when some rows have problems (by default nothing is imported then)"),
    )
    parser.add_argument(
        "--problems",
        metavar="FILE.xlsx",
        help=_("also write every problem found (file, sheet, row, column, value, problem) to an Excel workbook"),
    )
    return {"import": cmd_import}


def _print_plan(plan, out: TextIO) -> None:  # noqa: ANN001 - an ImportPlan
    from app.services.imports.mapping import target as target_of

    sheet = plan.sheet
    print(
        ngettext(
            "Sheet “{sheet}”: header in row {header}, {count} row under it.",
            "Sheet “{sheet}”: header in row {header}, {count} rows under it.",
            len(sheet.rows),
        ).format(sheet=sheet.label, header=sheet.header_row, count=len(sheet.rows)),
        file=out,
    )
    print(_("Columns") + ":", file=out)
    for column, header in enumerate(sheet.headers):
        if not header or column in sheet.number_columns:
            continue
        key = plan.mapping.get(column)
        label = target_of(plan.register, key).label() if key else _("— not imported —")
        print(f"  {sheet.column_letter(column)} “{header}” → {label}", file=out)
    if plan.problems:
        print(_("Problems") + ":", file=out)
        for problem in plan.problems:
            print("  " + problem.text(), file=out)
    duplicates = [row for row in plan.rows if row.duplicate_text()]
    if duplicates:
        print(_("Duplicates") + ":", file=out)
        for row in duplicates:
            print("  " + _("Row {row}: {what}").format(row=row.row, what=row.duplicate_text()), file=out)
    for line in plan.preview_lines():
        print(line, file=out)


def _found(args: argparse.Namespace, register: str | None) -> tuple[list, list[str]]:
    """The tables to import, with their registers (`--sheet`/`--header-row` name one table of each file), and what
    was said about the files that cannot be imported."""
    from app.services.imports.batch import SheetChoice, find_sheets, workbook_paths
    from app.services.imports.importer import ImportRefused, read_register_sheet
    from app.services.imports.mapping import suggest_mapping

    paths = workbook_paths(args.files)
    try:
        if register and (args.sheet or args.header_row):
            found = []
            for path in paths:
                rows = read_register_sheet(path, register, sheet=args.sheet, header_row=args.header_row)
                found.append(SheetChoice(path, rows, register, suggest_mapping(register, rows.headers)))
            return found, []
        found, messages = find_sheets(paths, register=register)
    except ImportRefused as error:
        raise CommandError(str(error)) from error
    if messages and (len(paths) == 1 or not found):
        raise CommandError("\n".join(messages))
    for message in messages:
        print(message, file=sys.stderr)
    if not found:
        from app.services.imports.sheet import no_header

        raise CommandError(str(no_header(paths[0].name if paths else "")))
    return found, messages


def _write_problems(target: str, plans: list, messages: list[str], out: TextIO) -> None:
    """Write the problems of the checked tables to the workbook `--problems` names."""
    from pathlib import Path

    from app.services.imports.problem_report import problem_count, write_problem_report

    tables = [(choice.path, plan) for choice, plan in plans]
    path = Path(target)
    if path.suffix.lower() != ".xlsx":
        path = path.with_name(path.name + ".xlsx")
    try:
        write_problem_report(tables, path, notes=messages)
    except OSError as error:
        raise CommandError(
            _("Cannot write “{path}”: {reason}").format(path=path, reason=error.strerror or error)
        ) from error
    count = problem_count(tables, messages)
    print(
        ngettext("{count} problem written to {path}.", "{count} problems written to {path}.", count).format(
            count=count, path=path
        ),
        file=out,
    )


def cmd_import(args: argparse.Namespace, out: TextIO) -> int:
    """Check, preview and import the sheets; exit 0 when imported (or a clean dry run), 1 when rows have problems."""
    from app.services.imports.batch import check_files, import_files
    from app.services.imports.importer import ImportRefused, run_import, transaction, write_plan
    from app.services.imports.mapping import importable_registers
    from app.services.imports.matching import plan_import

    auto = args.register == "auto"
    if not auto and args.register not in importable_registers():
        raise CommandError(
            _("Unknown register “{name}”; use one of: {names}.").format(
                name=args.register, names=" ".join(importable_registers())
            )
        )
    open_registry(args)
    found, messages = _found(args, None if auto else args.register)
    try:
        if auto:
            for choice in found:
                if choice.register is None:
                    print(_("{sheet}: no register's columns; left out.").format(sheet=choice.label), file=out)
            plans = check_files(found, on_duplicate=args.on_duplicate)
        else:
            plans = [
                (c, plan_import(register=c.register, sheet=c.rows, mapping=c.mapping, on_duplicate=args.on_duplicate))
                for c in found
            ]
    except ImportRefused as error:
        raise CommandError(str(error)) from error
    for choice, plan in plans:
        if auto or len(plans) > 1:
            print(
                _("{sheet} → {register}").format(sheet=choice.label, register=_(spec_of(choice.register).title)),
                file=out,
            )
        _print_plan(plan, out)
    if args.problems:
        _write_problems(args.problems, plans, messages, out)
    problems = any(plan.has_problems for _choice, plan in plans)
    if args.dry_run:
        print(_("Dry run: nothing was written."), file=out)
        return 1 if problems else 0
    if problems and not args.skip_invalid:
        print(
            _("Nothing was imported. Correct the rows with problems, or use --skip-invalid to import the others."),
            file=sys.stderr,
        )
        return 1
    print(_("Imported:"), file=out)
    try:
        if auto:
            results = import_files(found, on_duplicate=args.on_duplicate, skip_invalid=args.skip_invalid)
            summaries = [summary for result in results for _choice, summary in result.summaries]
            refused = [f"{result.path.name}: {result.refused}" for result in results if result.refused]
        elif len(plans) == 1:
            summaries, refused = [run_import(plans[0][1], skip_invalid=args.skip_invalid)], []
        else:
            summaries, refused = [], []
            for path in dict.fromkeys(choice.path for choice, _plan in plans):
                with transaction():
                    summaries += [
                        write_plan(plan, skip_invalid=args.skip_invalid) for c, plan in plans if c.path == path
                    ]
    except ImportRefused as error:
        raise CommandError(str(error)) from error
    for summary in summaries:
        for line in summary.lines():
            print("  " + line, file=out)
    for line in refused:
        print(line, file=sys.stderr)
    return 1 if refused else 0
