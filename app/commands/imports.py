"""The import command: bring a register's records in from an Excel workbook (.xlsx), all or nothing."""

from __future__ import annotations

import argparse
import sys
from typing import TextIO

from app.cli import CommandError, Handler, open_registry
from app.i18n import _, ngettext


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
        "register", metavar="REGISTER", help=_("one of: {names}").format(names=" ".join(importable_registers()))
    )
    parser.add_argument("file", metavar="FILE.xlsx", help=_("the workbook to import"))
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
    return {"import": cmd_import}


def cmd_import(args: argparse.Namespace, out: TextIO) -> int:
    """Check, preview and import a sheet; exit 0 when imported (or a clean dry run), 1 when rows have problems."""
    from app.services.imports.importer import ImportRefused, plan_import, read_register_sheet, run_import
    from app.services.imports.mapping import importable_registers, suggest_mapping
    from app.services.imports.mapping import target as target_of

    if args.register not in importable_registers():
        raise CommandError(
            _("Unknown register “{name}”; use one of: {names}.").format(
                name=args.register, names=" ".join(importable_registers())
            )
        )
    open_registry(args)
    try:
        sheet = read_register_sheet(args.file, args.register, sheet=args.sheet, header_row=args.header_row)
        mapping = suggest_mapping(args.register, sheet.headers)
        plan = plan_import(register=args.register, sheet=sheet, mapping=mapping, on_duplicate=args.on_duplicate)
    except ImportRefused as error:
        raise CommandError(str(error)) from error
    print(
        ngettext(
            "Sheet “{sheet}”: header in row {header}, {count} row under it.",
            "Sheet “{sheet}”: header in row {header}, {count} rows under it.",
            len(sheet.rows),
        ).format(sheet=sheet.sheet, header=sheet.header_row, count=len(sheet.rows)),
        file=out,
    )
    print(_("Columns") + ":", file=out)
    for column, header in enumerate(sheet.headers):
        if not header:
            continue
        key = mapping.get(column)
        label = target_of(args.register, key).label() if key else _("— not imported —")
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
    if args.dry_run:
        print(_("Dry run: nothing was written."), file=out)
        return 1 if plan.has_problems else 0
    if plan.has_problems and not args.skip_invalid:
        print(
            _("Nothing was imported. Correct the rows with problems, or use --skip-invalid to import the others."),
            file=sys.stderr,
        )
        return 1
    try:
        summary = run_import(plan, skip_invalid=args.skip_invalid)
    except ImportRefused as error:
        raise CommandError(str(error)) from error
    print(_("Imported:"), file=out)
    for line in summary.lines():
        print("  " + line, file=out)
    return 0
