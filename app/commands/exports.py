"""The export command: a register's list to an Excel workbook."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TextIO

from app.cli import CommandError, Handler, listed_register, open_registry, year_argument
from app.i18n import _, ngettext


def register(commands: argparse._SubParsersAction) -> dict[str, Handler]:
    """Add export to the command line."""
    from app.services.registers.specs import SPECS

    export = commands.add_parser("export", help=_("export a register's list to an Excel workbook"))
    export.add_argument("register", metavar="REGISTER", help=_("one of: {names}").format(names=" ".join(SPECS)))
    export.add_argument("-o", "--output", required=True, metavar="FILE.xlsx", help=_("the workbook to write"))
    export.add_argument("--search", metavar="TEXT", default="", help=_("only records that match this text"))
    export.add_argument("--year", type=year_argument, metavar="YYYY", help=_("only records of this year"))

    return {"export": cmd_export}


def _output(value: str, allowed: tuple[str, ...]) -> Path:
    path = Path(value)
    if path.suffix.lower() not in allowed:
        raise CommandError(_("The file must end in {endings}.").format(endings=" / ".join(allowed)))
    if not path.parent.exists():
        raise CommandError(_("The folder “{folder}” does not exist.").format(folder=path.parent))
    return path


def organisation() -> str:
    """The organisation named in reports: $HAMKOR_ORGANISATION, else the registry's (in the chosen language)."""
    from app.services.registry_settings import organisation_name

    return organisation_name()


def cmd_export(args: argparse.Namespace, out: TextIO) -> int:
    """Export a register's list."""
    from app.services.registers.list_export import export_register

    listed_register(args.register, year=args.year)
    path = _output(args.output, (".xlsx",))
    open_registry(args)
    result = export_register(args.register, path, search=args.search, year=args.year)
    print(
        ngettext("{count} record written to {path}", "{count} records written to {path}", result.rows).format(
            count=result.rows, path=path
        ),
        file=out,
    )
    _report_cleaning(result, out)
    return 0


def _report_cleaning(result, out: TextIO) -> None:  # noqa: ANN001 - ExportResult
    from app.services.registers.list_export import cleaning_notes

    for note in cleaning_notes(result):
        print(note, file=out)
