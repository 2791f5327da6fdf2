"""The record commands: load the sample data, list a register, check the database."""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import json
import re
import sys
from collections.abc import Callable
from decimal import Decimal
from typing import Any, TextIO

from app.cli import CommandError, Handler, listed_register, open_registry, year_argument
from app.i18n import _, format_date, ngettext


def register(commands: argparse._SubParsersAction) -> dict[str, Handler]:
    """Add demo, list and check to the command line."""
    from app.services.registers.specs import SPECS

    commands.add_parser("demo", help=_("load the sample data into an empty database"))

    listing = commands.add_parser("list", help=_("list a register's records"))
    listing.add_argument("register", metavar="REGISTER", help=_("one of: {names}").format(names=" ".join(SPECS)))
    listing.add_argument("--format", choices=("table", "csv", "json"), default="table", help=_("output format"))
    listing.add_argument(
        "--raw",
        action="store_true",
        help=_("CSV: write texts that start like a formula (=, +, -, @) as they are, without a leading apostrophe"),
    )
    listing.add_argument("--search", metavar="TEXT", default="", help=_("only records that match this text"))
    listing.add_argument("--year", type=year_argument, metavar="YYYY", help=_("only records of this year"))
    listing.add_argument(
        "--columns", metavar="A,B,…", help=_("the fields to show, by name (default: the list's usual columns)")
    )

    commands.add_parser("check", help=_("check the database's integrity (exit status 0 when all is well)"))
    return {"demo": cmd_demo, "list": cmd_list, "check": cmd_check}


def cmd_demo(args: argparse.Namespace, out: TextIO) -> int:
    """Load the sample data."""
    from app.services.registers.specs import SPECS
    from app.services.sample.loader import DemoRefused, load_demo

    open_registry(args)
    try:
        counts = load_demo()
    except DemoRefused as error:
        raise CommandError(str(error)) from error
    print(_("Sample data loaded:"), file=out)
    for register, count in counts.items():
        print(f"  {_(SPECS[register].title)}: {count}", file=out)
    return 0


def cmd_list(args: argparse.Namespace, out: TextIO) -> int:
    """Print a register's records as a table, CSV or JSON."""
    from app.services.registers.list_query import ListQuery, select_ids
    from app.services.registers.list_rows import fetch_rows

    spec = listed_register(args.register, year=args.year)
    if args.columns:
        names = [name.strip() for name in args.columns.split(",") if name.strip()]
        unknown = [name for name in names if name not in spec.fields_by_name]
        if unknown:
            raise CommandError(
                _("Unknown field “{name}” of {register}; fields: {fields}.").format(
                    name=unknown[0], register=args.register, fields=", ".join(spec.fields_by_name)
                )
            )
    else:
        names = [fs.name for fs in spec.list_fields if fs.in_list]
    from app.text.search_keys import search_problem

    problem = search_problem(args.search)
    if problem:
        raise CommandError(problem)
    open_registry(args)
    ids = select_ids(ListQuery(args.register, search=args.search, year=args.year))
    headers = ["id", *(_(spec.field(name).label) for name in names)]
    rows: list[list[Any]] = []
    for start in range(0, len(ids), 1000):
        chunk = ids[start : start + 1000]
        fetched = fetch_rows(args.register, chunk, names)
        rows += [[record_id, *fetched[record_id]] for record_id in chunk]
    if args.format == "csv" and not args.raw:
        rows = [[neutral_cell(value) for value in row] for row in rows]
    FORMATTERS[args.format](out, headers, names, rows)
    return 0


def _plain(value: Any) -> Any:
    from app.services.registers.list_rows import Money

    if isinstance(value, Money):
        return f"{value.amount:.2f} {value.currency}".strip()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    return value


#: A number or a telephone number after a leading + or -: "-12.5", "+998 71 232-83-94", "+1 (555) 010-0199".
_PLAIN_NUMBER = re.compile(r"^[+-]?(\d[\d\s().-]*\d|\d)([.,]\d+)?$")


def neutral_cell(value: Any) -> Any:
    """A text a spreadsheet would run as a formula, made inert with a leading apostrophe (OWASP's advice for CSV):
    texts starting with =, @, a tab or a carriage return, and with + or - unless a plain or telephone number."""
    if not isinstance(value, str) or not value:
        return value
    first = value[0]
    if first in "=@\t\r" or (first in "+-" and not _PLAIN_NUMBER.match(value)):
        return "'" + value
    return value


def _write_csv(out: TextIO, headers: list[str], names: list[str], rows: list[list[Any]]) -> None:
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(headers)
    for row in rows:
        writer.writerow([_plain(value) for value in row])


def _json_value(value: Any) -> Any:
    from app.services.registers.list_rows import Money

    if isinstance(value, Money):
        return {"amount": str(value.amount), "currency": value.currency}
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def _write_json(out: TextIO, headers: list[str], names: list[str], rows: list[list[Any]]) -> None:
    records = [dict(zip(["id", *names], (_json_value(v) for v in row), strict=True)) for row in rows]
    json.dump(records, out, ensure_ascii=False, indent=1)
    out.write("\n")


def _write_table(out: TextIO, headers: list[str], names: list[str], rows: list[list[Any]]) -> None:
    def text(value: Any) -> str:
        if isinstance(value, dt.date):
            return format_date(value)
        return str(_plain(value)).replace("\n", " ")

    cells = [[text(v) for v in row] for row in rows]
    widths = [min(40, max([len(h)] + [len(r[i]) for r in cells])) for i, h in enumerate(headers)]
    buffer = io.StringIO()
    buffer.write("  ".join(h[:w].ljust(w) for h, w in zip(headers, widths, strict=True)).rstrip() + "\n")
    buffer.write("  ".join("-" * w for w in widths) + "\n")
    for row in cells:
        fitted = ((c if len(c) <= w else c[: w - 1] + "…").ljust(w) for c, w in zip(row, widths, strict=True))
        buffer.write("  ".join(fitted).rstrip() + "\n")
    out.write(buffer.getvalue())
    out.write(ngettext("{count} record", "{count} records", len(rows)).format(count=len(rows)) + "\n")


FORMATTERS: dict[str, Callable[[TextIO, list[str], list[str], list[list[Any]]], None]] = {
    "table": _write_table,
    "csv": _write_csv,
    "json": _write_json,
}


def cmd_check(args: argparse.Namespace, out: TextIO) -> int:
    """Check the database; exit 0 only when all is well."""
    from app.services.storage.integrity import check_database

    database = open_registry(args)
    problems = check_database(database)
    if problems:
        for problem in problems:
            print(problem, file=sys.stderr)
        return 1
    print(_("The database is in order."), file=out)
    return 0
