"""The submissions command: the departments' and regional centres' quarterly templates, their returns, the status."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TextIO

from app.cli import CommandError, Handler, open_registry
from app.i18n import _, format_date, ngettext


def register(commands: argparse._SubParsersAction) -> dict[str, Handler]:
    """Add submissions (templates, read, status) to the command line."""
    submissions = commands.add_parser(
        "submissions", help=_("the departments' and regional centres' quarterly reports: templates, returns, status")
    )
    jobs = submissions.add_subparsers(dest="job", metavar=_("JOB"), required=True)
    templates = jobs.add_parser("templates", help=_("write a template per department and centre for a quarter"))
    read = jobs.add_parser("read", help=_("read returned templates: what each would bring, and with --accept write it"))
    status = jobs.add_parser("status", help=_("who has replied for a quarter, who has not, what the returns brought"))
    for parser in (templates, read, status):
        parser.add_argument("--year", type=int, required=True, metavar="YYYY", help=_("the year"))
        parser.add_argument("--quarter", type=int, required=True, choices=(1, 2, 3, 4), help=_("the quarter"))
    templates.add_argument("-o", "--output", default=".", metavar="FOLDER", help=_("the folder to write them to"))
    templates.add_argument("--unit", type=int, metavar="ID", help=_("only the department or centre of this number"))
    read.add_argument("files", nargs="+", metavar="FILE|FOLDER", help=_("returned workbooks, or folders of them"))
    read.add_argument("--unit", type=int, metavar="ID", help=_("refuse files of any other department or centre"))
    read.add_argument(
        "--accept", action="store_true", help=_("write every row without problems (per unit: all or nothing)")
    )
    return {"submissions": cmd_submissions}


def cmd_submissions(args: argparse.Namespace, out: TextIO) -> int:
    """Run a submissions job."""
    if args.year < 1900 or args.year > 2200:
        raise CommandError(_("The year must be between 1900 and 2200."))
    open_registry(args)
    if args.job == "templates":
        return _templates(args, out)
    if args.job == "read":
        return _read(args, out)
    return _status(args, out)


def _templates(args: argparse.Namespace, out: TextIO) -> int:
    from app.models import Department
    from app.services.submissions.templates import write_templates

    if args.unit is not None and Department.get_or_none(Department.id == args.unit) is None:
        raise CommandError(_("There is no department or centre number {id}.").format(id=args.unit))
    try:
        paths = write_templates(year=args.year, quarter=args.quarter, folder=Path(args.output), unit_id=args.unit)
    except OSError as error:
        raise CommandError(_("The templates could not be written: {reason}").format(reason=error)) from error
    for path in paths:
        print(path, file=out)
    print(
        ngettext("{count} template written.", "{count} templates written.", len(paths)).format(count=len(paths)),
        file=out,
    )
    return 0


def _read(args: argparse.Namespace, out: TextIO) -> int:
    from app.services.imports.workbook import ImportRefused
    from app.services.submissions.decisions import note_unreadable, write_return
    from app.services.submissions.returns import read_returns

    returns = read_returns(args.files, year=args.year, quarter=args.quarter, unit_id=args.unit)
    if not returns:
        raise CommandError(_("No workbook was found among the files given."))
    failed = 0
    for ret in returns:
        print(f"{ret.path.name}: {ret.unit_name}", file=out)
        if ret.refused:
            failed += 1
            print("  " + ret.refused, file=out)
            if args.accept:
                note_unreadable(ret, year=args.year, quarter=args.quarter)
            continue
        for proposal in ret.proposals:
            mark = "+" if proposal.acceptable else "!"
            print(
                f"  {mark} {proposal.sheet} {proposal.row}: {_action_text(proposal.action)} {proposal.title}", file=out
            )
            for problem in proposal.problems:
                print(f"      {problem}", file=out)
        if args.accept:
            try:
                write_return(ret)
                accepted = sum(1 for p in ret.proposals if p.decision == "accept" and p.acceptable)
                print("  " + ngettext("{count} row accepted.", "{count} rows accepted.", accepted).format(
                    count=accepted), file=out)  # fmt: skip
            except ImportRefused as error:
                failed += 1
                print("  " + str(error), file=out)
    return 1 if failed else 0


def _action_text(action: str) -> str:
    texts = {
        "create": _("new record:"),
        "link": _("already in the registry:"),
        "plan": _("plan item:"),
        "project": _("project:"),
        "problem": _("not taken:"),
    }
    return texts.get(action, action)


def _status(args: argparse.Namespace, out: TextIO) -> int:
    from app.services.submissions.status import period_status

    status = period_status(args.year, args.quarter)
    heading = _("{year}, quarter {quarter}: {replied} of {total} have replied.")
    counts = {"replied": len(status.replied), "total": len(status.units)}
    print(heading.format(year=args.year, quarter=args.quarter, **counts), file=out)
    print("", file=out)
    print(_("Replied:"), file=out)
    for unit in status.replied:
        print("  " + _(
            "{unit} — received {date}; plan items done {done}, moved {moved}, cancelled {cancelled}; "
            "records added {added}, rows rejected {rejected}"
        ).format(unit=unit.name, date=format_date(unit.received_at), done=unit.plan["done"], moved=unit.plan["moved"],
                 cancelled=unit.plan["cancelled"], added=unit.added, rejected=unit.rejected), file=out)  # fmt: skip
    print("", file=out)
    print(_("Not yet replied (reminder list):"), file=out)
    for unit in status.waiting:
        print(f"  {unit.name} — {unit.state_text()}", file=out)
    if status.unreadable:
        print("", file=out)
        print(_("Files that could not be read:"), file=out)
        for row in status.unreadable:
            print(f"  {row.file_name} — {row.message}", file=out)
    return 0
