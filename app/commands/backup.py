"""The backup commands: make a checked copy, list the copies, restore one."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TextIO

from app.cli import CommandError, Handler
from app.i18n import _, format_number, ngettext


def register(commands: argparse._SubParsersAction) -> dict[str, Handler]:
    """Add backup and restore to the command line."""
    backup = commands.add_parser(
        "backup",
        help=_("make a checked copy of the database (a portable SQLite copy of a PostgreSQL registry)"),
    )
    backup.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        help=_("write the copy to FILE (default: a dated copy in the backup folder, older copies rotated)"),
    )
    backup.add_argument("--folder", metavar="DIR", help=_("the backup folder (default: “backups” beside the database)"))
    backup.add_argument("--list", action="store_true", help=_("list the copies in the backup folder and check them"))

    restore = commands.add_parser(
        "restore",
        help=_("replace the database by a checked copy (the replaced file is kept, renamed with the date)"),
    )
    restore.add_argument("file", metavar="FILE", help=_("the copy to restore"))
    restore.add_argument(
        "--replace",
        action="store_true",
        help=_("PostgreSQL: replace the records of a registry that is not empty"),
    )
    restore.add_argument(
        "--force",
        action="store_true",
        help=_("restore a copy whose records refer to missing records (when no better copy exists)"),
    )
    return {"backup": cmd_backup, "restore": cmd_restore}


def _location(args: argparse.Namespace):  # noqa: ANN202 - DatabaseLocation
    from app.models.database import resolve_location

    return resolve_location(args.db)


def cmd_backup(args: argparse.Namespace, out: TextIO) -> int:
    """Make a copy (or list the copies)."""
    from app.services.attachments import human_size
    from app.services.storage.backup import BackupError, backup_folder, backup_now, copy_name, list_backups, verify_copy

    location = _location(args)
    folder = backup_folder(location, args.folder)
    if args.list:
        copies = list_backups(folder, copy_name(location))
        damaged = 0
        for copy in copies:
            problems = verify_copy(copy.path)
            damaged += bool(problems)
            state = _("damaged") if problems else _("checked")
            when = copy.taken_at.strftime("%Y-%m-%d %H:%M:%S")
            print(f"{when} UTC  {human_size(copy.size):>10}  {state:<8}  {copy.path}", file=out)
        print(
            ngettext("{count} copy in {folder}", "{count} copies in {folder}", len(copies)).format(
                count=format_number(len(copies)), folder=folder
            ),
            file=out,
        )
        return 1 if damaged else 0
    target = Path(args.output) if args.output else None
    try:
        result = backup_now(location, folder=folder, target=target)
    except BackupError as error:
        raise CommandError(str(error)) from error
    print(_("Backup written and checked: {path}").format(path=result.path), file=out)
    if result.removed:
        print(
            ngettext(
                "{count} older copy rotated out.", "{count} older copies rotated out.", len(result.removed)
            ).format(count=len(result.removed)),
            file=out,
        )
    for path in result.damaged:
        print(_("A damaged copy was set aside: {path}").format(path=path), file=out)
    return 0


def cmd_restore(args: argparse.Namespace, out: TextIO) -> int:
    """Restore a copy over the database (SQLite) or into the shared registry (PostgreSQL)."""
    from app.models.database import open_database
    from app.services.storage.pg_transfer import import_into_postgresql
    from app.services.storage.registry_access import RegistryBusy
    from app.services.storage.registry_file import BackupError
    from app.services.storage.restore import restore_sqlite
    from app.services.storage.startup import AlreadyRunning, acquire_instance_lock

    location = _location(args)
    copy = Path(args.file)
    try:
        if location.is_postgresql:
            database = open_database(location.url)  # the schema is created or brought up to date first
            try:
                counts = import_into_postgresql(database, copy, replace=args.replace)
            finally:
                database.close()
            total = sum(counts.values())
            print(
                ngettext("Restored {count} row into {where}.", "Restored {count} rows into {where}.", total).format(
                    count=format_number(total), where=location.display()
                ),
                file=out,
            )
            return 0
        lock = acquire_instance_lock(location)
        try:
            result = restore_sqlite(copy, location.sqlite_path, force=args.force)
        finally:
            if lock is not None:
                lock.release()
    except (BackupError, AlreadyRunning, RegistryBusy) as error:
        raise CommandError(str(error)) from error
    print(_("Restored {copy} to {path}.").format(copy=copy, path=location.sqlite_path), file=out)
    if result.replaced_aside is not None:
        print(_("The replaced database was kept as {path}.").format(path=result.replaced_aside), file=out)
    if result.from_version < result.to_version:
        print(
            _("The copy's schema was brought from version {old} to {new}.").format(
                old=result.from_version, new=result.to_version
            ),
            file=out,
        )
    return 0
