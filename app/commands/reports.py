"""The report command: the register of agreements, the annual report, dossiers, the calendar of deadlines and
letters."""

from __future__ import annotations

import argparse
from typing import TextIO

from app.cli import (
    CommandError,
    Handler,
    choice_argument,
    open_registry,
    whole_number_argument,
    year_argument,
)
from app.commands.exports import _output, organisation
from app.i18n import _, current_language, ngettext, translator
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
        type=choice_argument(tuple(AGREEMENT_STATUSES.codes)),
        help=_("only agreements of this status: {codes}").format(codes=", ".join(AGREEMENT_STATUSES.codes)),
    )
    agreements.add_argument("--group-by", choices=("country", "status", "year"), help=_("group the rows"))
    annual = kinds.add_parser("annual", help=_("the consolidated annual report (Excel workbook or PDF)"))
    annual.add_argument("--year", type=int, required=True, metavar="YYYY", help=_("the year of the report"))
    annual.add_argument("-o", "--output", required=True, metavar="FILE.xlsx|FILE.pdf", help=_("the file to write"))
    dossier = kinds.add_parser("dossier", help=_("everything with one country or one partner (PDF)"))
    subject = dossier.add_mutually_exclusive_group(required=True)
    subject.add_argument("--country", metavar="CC", help=_("a country's two-letter code, e.g. KR"))
    subject.add_argument("--partner", type=whole_number_argument, metavar="ID", help=_("a partner's number"))
    dossier.add_argument("-o", "--output", required=True, metavar="FILE.pdf", help=_("the file to write"))
    calendar = kinds.add_parser("calendar", help=_("deadlines and dates of the coming days as a calendar (.ics)"))
    calendar.add_argument("-o", "--output", required=True, metavar="FILE.ics", help=_("the file to write"))
    calendar.add_argument(
        "--days", type=whole_number_argument, default=365, metavar="N", help=_("how many days ahead (default 365)")
    )
    world_map = kinds.add_parser("map", help=_("the world map of a year: where the service worked (PDF, PNG, SVG)"))
    world_map.add_argument("--year", type=year_argument, required=True, metavar="YYYY", help=_("the year of the map"))
    world_map.add_argument("--of", choices=("partners", "agreements", "visits", "trips", "events"), default="visits",
                           help=_("what the map counts per country (default: visits)"))  # fmt: skip
    world_map.add_argument("-o", "--output", required=True, metavar="FILE.pdf|.png|.svg", help=_("the file to write"))
    letter = kinds.add_parser("letter", help=_("a letter written from a visit, trip or agreement (.docx)"))
    about = letter.add_mutually_exclusive_group(required=True)
    about.add_argument("--visit", type=whole_number_argument, metavar="ID", help=_("a delegation visit's number"))
    about.add_argument("--trip", type=whole_number_argument, metavar="ID", help=_("a business trip's number"))
    about.add_argument("--agreement", type=whole_number_argument, metavar="ID", help=_("an agreement's number"))
    letter.add_argument("--template", required=True, choices=("invitation", "thanks", "memo", "approval"),
                        help=_("the letter to write"))  # fmt: skip
    letter.add_argument("-o", "--output", required=True, metavar="FILE.docx", help=_("the file to write"))
    letter.add_argument(
        "--to", type=whole_number_argument, metavar="ID", help=_("the addressee's partner number (default: as usual)")
    )
    letter.add_argument("--no-record", action="store_true", help=_("do not record the letter in the correspondence"))
    return {"report": cmd_report}


def cmd_report(args: argparse.Namespace, out: TextIO) -> int:
    """Write a report."""
    from app.services.reports.agreement_register import build_register, write_register_pdf, write_register_xlsx

    if args.report == "register":
        path = _output(args.output, (".pdf", ".xlsx"))
        open_registry(args)
        built = build_register(status=args.status, group_by=args.group_by, language=translator())
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
    if args.report == "annual":
        return _annual(args, out)
    if args.report == "dossier":
        return _dossier(args, out)
    if args.report == "calendar":
        return _calendar(args, out)
    if args.report == "map":
        return _map(args, out)
    if args.report == "letter":
        return _letter(args, out)
    raise CommandError(_("Unknown report “{name}”.").format(name=args.report))


def _annual(args: argparse.Namespace, out: TextIO) -> int:
    from app.services.reports.annual_report import (
        FIRST_YEAR,
        LAST_YEAR,
        build_annual_report,
        write_annual_pdf,
        write_annual_xlsx,
    )

    path = _output(args.output, (".xlsx", ".pdf"))
    if not FIRST_YEAR <= args.year <= LAST_YEAR:
        raise CommandError(_("The year must be between {first} and {last}.").format(first=FIRST_YEAR, last=LAST_YEAR))
    open_registry(args)
    built = build_annual_report(args.year, language=translator())
    writer = write_annual_pdf if path.suffix.lower() == ".pdf" else write_annual_xlsx
    writer(built, path, organisation=organisation())
    print(_("Annual report for {year} written to {path}").format(year=args.year, path=path), file=out)
    return 0


def _dossier(args: argparse.Namespace, out: TextIO) -> int:
    from app.services.reports.dossier import DossierError, build_dossier, write_dossier_pdf
    from app.text.countries import is_country

    path = _output(args.output, (".pdf",))
    if args.country is not None and not is_country(args.country.strip()):
        raise CommandError(_("Unknown country code “{code}”.").format(code=args.country))
    open_registry(args)
    try:
        built = build_dossier(country=args.country, partner_id=args.partner, language=translator())
    except DossierError as error:
        raise CommandError(str(error)) from error
    write_dossier_pdf(built, path, organisation=organisation())
    print(_("“{title}” written to {path}").format(title=built.title, path=path), file=out)
    return 0


def _calendar(args: argparse.Namespace, out: TextIO) -> int:
    import datetime as dt

    from app.services.reports.calendar_export import write_calendar

    path = _output(args.output, (".ics",))
    if not 1 <= args.days <= 3660:
        raise CommandError(_("The number of days must be between 1 and 3660."))
    open_registry(args)
    count = write_calendar(path, today=dt.date.today(), days=args.days, language=translator())
    print(
        ngettext(
            "{count} date of the next {days} days written to {path}",
            "{count} dates of the next {days} days written to {path}",
            count,
        ).format(count=count, days=args.days, path=path),
        file=out,
    )
    return 0


def _map(args: argparse.Namespace, out: TextIO) -> int:
    from app.services.reports.annual_report import FIRST_YEAR, LAST_YEAR
    from app.services.reports.world_map import make_picture
    from app.services.reports.world_map_counts import MEASURE_NOTES, country_counts, measure_title
    from app.services.reports.world_map_drawing import write_map_file

    path = _output(args.output, (".pdf", ".png", ".svg"))
    if not FIRST_YEAR <= args.year <= LAST_YEAR:
        raise CommandError(_("The year must be between {first} and {last}.").format(first=FIRST_YEAR, last=LAST_YEAR))
    open_registry(args)
    counts = country_counts(args.year, args.of)
    picture = make_picture(counts, title=measure_title(args.of, args.year), language=current_language(),
                           caption=_(MEASURE_NOTES[args.of]))  # fmt: skip
    write_map_file(picture, path)
    count = len(picture.counts)
    text = ngettext("Map of {count} country written to {path}", "Map of {count} countries written to {path}", count)
    print(text.format(count=count, path=path), file=out)
    return 0


def _letter(args: argparse.Namespace, out: TextIO) -> int:
    from app.exporters.docx import TemplateProblem
    from app.services.correspondence.letters import TEMPLATES, LetterProblem, write_letter

    path = _output(args.output, (".docx",))
    options = {"visits": ("--visit", args.visit), "trips": ("--trip", args.trip), "agreements": ("--agreement",
               args.agreement)}  # fmt: skip
    register, record_id = next((name, value) for name, (_option, value) in options.items() if value is not None)
    if TEMPLATES[args.template].register != register:
        wanted = options[TEMPLATES[args.template].register][0]
        raise CommandError(_("The template “{template}” is written from {option} ID.").format(
            template=args.template, option=wanted))  # fmt: skip
    open_registry(args)
    try:
        written = write_letter(template=args.template, record_id=record_id, language=translator(), target=path,
                               record=not args.no_record, addressee_id=args.to)  # fmt: skip
    except (LetterProblem, TemplateProblem) as error:
        raise CommandError(str(error)) from error
    if written.letter_id is None:
        print(_("Letter written to {path}").format(path=path), file=out)
    else:
        print(_("Letter {number} written to {path} and recorded in the correspondence").format(
            number=written.number, path=path), file=out)  # fmt: skip
    return 0
