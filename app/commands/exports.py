"""Export and report commands: a register's list to Excel, the register of agreements to PDF or Excel."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TextIO

from app.cli import CommandError, Handler, open_registry
from app.i18n import _, current_language, ngettext
from app.models.choices import AGREEMENT_STATUSES


def register(commands: argparse._SubParsersAction) -> dict[str, Handler]:
    """Add export and report to the command line."""
    from app.services.registers import SPECS

    export = commands.add_parser("export", help=_("export a register's list to an Excel workbook"))
    export.add_argument("register", metavar="REGISTER", help=_("one of: {names}").format(names=" ".join(SPECS)))
    export.add_argument("-o", "--output", required=True, metavar="FILE.xlsx", help=_("the workbook to write"))
    export.add_argument("--search", metavar="TEXT", default="", help=_("only records that match this text"))
    export.add_argument("--year", type=int, metavar="YYYY", help=_("only records of this year"))

    report = commands.add_parser("report", help=_("write a report: the register of agreements, the annual report …"))
    kinds = report.add_subparsers(dest="report", metavar=_("REPORT"), required=True)
    agreements = kinds.add_parser("register", help=_("the register of agreements (PDF or Excel)"))
    agreements.add_argument("-o", "--output", required=True, metavar="FILE.pdf|FILE.xlsx", help=_("the file to write"))
    agreements.add_argument(
        "--status",
        metavar="STATUS",
        help=_("only agreements of this status: {codes}").format(codes=", ".join(AGREEMENT_STATUSES.codes)),
    )
    agreements.add_argument("--group-by", choices=("country", "status", "year"), help=_("group the rows"))
    return {"export": cmd_export, "report": cmd_report}


def _output(value: str, allowed: tuple[str, ...]) -> Path:
    path = Path(value)
    if path.suffix.lower() not in allowed:
        raise CommandError(_("The file must end in {endings}.").format(endings=" / ".join(allowed)))
    if not path.parent.exists():
        raise CommandError(_("The folder “{folder}” does not exist.").format(folder=path.parent))
    return path


def organisation() -> str:
    """The organisation named in reports: $HAMKOR_ORGANISATION or the National Library."""
    import os

    from app.ui_texts import DEFAULT_ORGANISATION

    return os.environ.get("HAMKOR_ORGANISATION") or _(DEFAULT_ORGANISATION)


def cmd_export(args: argparse.Namespace, out: TextIO) -> int:
    """Export a register's list."""
    from app.services.exports import export_register
    from app.services.registers import SPECS

    if args.register not in SPECS:
        raise CommandError(
            _("Unknown register “{name}”; use one of: {names}.").format(name=args.register, names=" ".join(SPECS))
        )
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
    if result.shortened:
        print(
            ngettext(
                "{count} cell was longer than Excel allows and was shortened.",
                "{count} cells were longer than Excel allows and were shortened.",
                result.shortened,
            ).format(count=result.shortened),
            file=out,
        )
    if result.cleaned:
        print(
            ngettext(
                "{count} cell held control characters; they were replaced by spaces.",
                "{count} cells held control characters; they were replaced by spaces.",
                result.cleaned,
            ).format(count=result.cleaned),
            file=out,
        )


def cmd_report(args: argparse.Namespace, out: TextIO) -> int:
    """Write a report."""
    from app.services.agreement_register import build_register, write_register_pdf, write_register_xlsx

    if args.report == "register":
        path = _output(args.output, (".pdf", ".xlsx"))
        if args.status and args.status not in AGREEMENT_STATUSES:
            raise CommandError(
                _("Unknown status “{status}”; use one of: {codes}.").format(
                    status=args.status, codes=", ".join(AGREEMENT_STATUSES.codes)
                )
            )
        open_registry(args)
        built = build_register(status=args.status, group_by=args.group_by, language=current_language())
        writer = write_register_pdf if path.suffix.lower() == ".pdf" else write_register_xlsx
        writer(built, path, organisation=organisation())
        print(
            ngettext(
                "Register of {count} agreement written to {path}",
                "Register of {count} agreements written to {path}",
                len(built.rows),
            ).format(count=len(built.rows), path=path),
            file=out,
        )
        return 0
    raise CommandError(_("Unknown report “{name}”.").format(name=args.report))
