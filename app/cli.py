"""The command line: the same jobs as the app, for administrators, scheduled jobs and tests."""

from __future__ import annotations

import argparse
import importlib
import logging
import pkgutil
import sys
from collections.abc import Callable, Sequence
from types import ModuleType
from typing import Any, TextIO

from app import __version__
from app.cli_language import UnknownLanguage, requested_language, speak_argparse, unknown_language_message
from app.i18n import LANGUAGES, _, set_language

logger = logging.getLogger(__name__)


class CommandError(Exception):
    """A command cannot do its job; the message is one line for the person at the terminal."""


Handler = Callable[[argparse.Namespace, TextIO], int]

#: Every command's handler by name, filled from the modules of `app.commands` when the parser is built.
HANDLERS: dict[str, Handler] = {}


def command_modules() -> list[ModuleType]:
    """The modules of `app.commands`; each has `register(commands) -> {name: handler}`."""
    import app.commands

    names = sorted(info.name for info in pkgutil.iter_modules(app.commands.__path__))
    return [importlib.import_module(f"app.commands.{name}") for name in names]


def open_registry(args: argparse.Namespace) -> Any:
    """Open the database the global --db option names (or the default), as one of its writers: a restore waits
    until the command has finished, and the command refuses to start while a restore runs."""
    from app.models.database import open_database, resolve_location
    from app.services.storage.registry_access import RegistryBusy, hold_for_writing

    path = resolve_location(args.db).sqlite_path
    if path is not None:
        try:
            hold_for_writing(path)
        except RegistryBusy as error:
            raise CommandError(str(error)) from error
    return open_database(args.db)


#: The years a command accepts (the annual report's range).
FIRST_YEAR, LAST_YEAR = 1900, 2200
#: The largest whole number a command accepts for a count or a record number (what both databases store).
MAX_INTEGER = 2**63 - 1


def year_argument(text: str) -> int:
    """An argparse type: a year between FIRST_YEAR and LAST_YEAR, with a clear message otherwise."""
    try:
        year = int(text.strip())
    except ValueError:
        year = None
    if year is None or not FIRST_YEAR <= year <= LAST_YEAR:
        raise argparse.ArgumentTypeError(
            _("The year must be between {first} and {last}.").format(first=FIRST_YEAR, last=LAST_YEAR)
        )
    return year


def whole_number_argument(text: str) -> int:
    """An argparse type: a whole number from 0 to what the database stores, with a clear message otherwise."""
    try:
        number = int(text.strip())
    except ValueError:
        number = None
    if number is None or not 0 <= number <= MAX_INTEGER:
        raise argparse.ArgumentTypeError(_("“{text}” is not a whole number of 0 or more.").format(text=text))
    return number


def choice_argument(codes: Sequence[str]) -> Callable[[str], str]:
    """An argparse type: one of `codes`, with the list in the message otherwise (an empty text is refused too)."""

    def choice(text: str) -> str:
        if text not in codes:
            raise argparse.ArgumentTypeError(
                _("Unknown value “{value}”; use one of: {codes}.").format(value=text, codes=", ".join(codes))
            )
        return text

    return choice


def listed_register(name: str, *, year: int | None = None) -> Any:
    """The description of the register a listing command names, refusing an unknown one or a year for a register
    whose records have no dates."""
    from app.services.registers.specs import SPECS

    spec = SPECS.get(name)
    if spec is None:
        raise CommandError(
            _("Unknown register “{name}”; use one of: {names}.").format(name=name, names=" ".join(SPECS))
        )
    if year is not None and not spec.has_years:
        raise CommandError(_("{register} have no dates, so --year cannot limit them.").format(register=_(spec.title)))
    return spec


def build_parser() -> argparse.ArgumentParser:
    """The parser of the global options and every command."""
    parser = argparse.ArgumentParser(
        prog="hamkor",
        description=_(
            "Hamkor: the registry of the International Relations Service. Without a command, starts the app."
        ),
    )
    parser.add_argument(
        "--version", action="version", version=f"Hamkor {__version__}", help=_("show the version and exit")
    )
    parser.add_argument(
        "--db",
        metavar="DB",
        help=_(
            "the database: an SQLite file or postgresql://user:password@host/name (default: $HAMKOR_DB, "
            "else the file in your data folder)"
        ),
    )
    parser.add_argument(
        "--lang",
        metavar="LANG",
        help=_("interface language: {languages} (default: $HAMKOR_LANG, else the system's)").format(
            languages=", ".join(LANGUAGES)
        ),
    )
    commands = parser.add_subparsers(dest="command", metavar=_("COMMAND"))
    commands.add_parser("gui", help=_("start the desktop app (the default)"))
    HANDLERS.clear()
    for module in command_modules():
        HANDLERS.update(module.register(commands))
    return parser


def _gui_arguments(argv: list[str]) -> argparse.Namespace | None:
    """The global options when the command line asks for the desktop app (no command, or 'gui'), else None."""
    quick = argparse.ArgumentParser(add_help=False)
    quick.add_argument("--db")
    quick.add_argument("--lang")
    try:
        known, rest = quick.parse_known_args(argv)
    except SystemExit:
        return None
    return known if rest in ([], ["gui"]) else None


def run(argv: Sequence[str] | None = None, *, out: TextIO | None = None) -> int:
    """Run the command line; return the exit status."""
    out = out or sys.stdout
    argv = list(sys.argv[1:] if argv is None else argv)
    speak_argparse()
    try:
        language = requested_language(argv)  # before the parser is built, so that its help speaks the language
    except UnknownLanguage as unknown:
        set_language(None)
        print(unknown_language_message(str(unknown)), file=sys.stderr)
        return 2
    set_language(language)
    gui = _gui_arguments(argv)
    if gui is not None:  # the desktop app: no need to load every command's module first
        from app.ui.shell.application import run_gui

        return run_gui(db=gui.db, lang=language)
    parser = build_parser()
    args = parser.parse_args(argv)
    command = args.command or "gui"
    if command == "gui":
        from app.ui.shell.application import run_gui

        return run_gui(db=args.db, lang=language)
    handler = HANDLERS[command]
    try:
        return handler(args, out)
    except CommandError as error:
        print(str(error), file=sys.stderr)
        return 2
    except BrokenPipeError:  # the reader (head, less) stopped reading: not an error
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except Exception as error:  # a database problem or any other failure: one line, no traceback
        from app.models.database import DatabaseError

        if isinstance(error, DatabaseError):
            print(str(error), file=sys.stderr)
            return 2
        from app.services.storage.failures import explain_failure

        logger.debug("command %s failed", command, exc_info=True)
        message = _("Hamkor could not finish “{command}”: {reason}")
        print(message.format(command=command, reason=explain_failure(error)), file=sys.stderr)
        return 1
