"""The merge command: two records that are one become one (`hamkor merge partners KEEP_ID OTHER_ID`)."""

from __future__ import annotations

import argparse
from typing import TextIO

from app.cli import CommandError, Handler, listed_register, open_registry
from app.i18n import _

#: The registers the command line merges (any register can be: these are the ones duplicates are looked for in).
MERGED = ("partners", "contacts", "employees", "departments")


def register(commands: argparse._SubParsersAction) -> dict[str, Handler]:
    """Add merge to the command line."""
    merging = commands.add_parser(
        "merge", help=_("merge two records that are one: every link moves to the kept one (undo: restore the other)")
    )
    merging.add_argument("register", metavar="REGISTER", help=_("one of: {names}").format(names=" ".join(MERGED)))
    merging.add_argument("keep", type=int, metavar="KEEP_ID", help=_("the record that is kept"))
    merging.add_argument("other", type=int, metavar="OTHER_ID", help=_("the record merged into it"))
    merging.add_argument("--dry-run", action="store_true", help=_("only show what would move"))
    return {"merge": cmd_merge}


def cmd_merge(args: argparse.Namespace, out: TextIO) -> int:
    """Merge OTHER_ID into KEEP_ID (or, with --dry-run, list what would move)."""
    from app.services.registers.merge import MergeRefused, merge_records, plan_merge

    listed_register(args.register)
    open_registry(args)
    try:
        plan = plan_merge(args.register, args.keep, args.other)
        for line in plan.lines():
            print(line, file=out)
        if args.dry_run:
            print(_("Dry run: nothing was changed."), file=out)
            return 0
        merge_records(args.register, args.keep, args.other)
    except MergeRefused as error:
        raise CommandError(str(error)) from error
    print(_("Merged. The other record can be brought back from the deleted records (restore)."), file=out)
    return 0
