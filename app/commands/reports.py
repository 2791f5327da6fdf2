"""The report command: the register of agreements, the annual report, dossiers and the calendar of deadlines."""

from __future__ import annotations

import argparse
from typing import TextIO

from app.cli import CommandError, Handler, open_registry
from app.commands.exports import _output, organisation
from app.i18n import _, current_language, ngettext
from app.models.choices import AGREEMENT_STATUSES


def register(commands: argparse._SubParsersAction) -> dict[str, Handler]:
    """Add report (and its kinds) to the command line."""
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
    return {"report": cmd_report}


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
