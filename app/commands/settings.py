"""The settings command: the registry's own settings (organisation and signatory per language, number patterns)."""

from __future__ import annotations

import argparse
from typing import TextIO

from app.cli import CommandError, Handler, open_registry
from app.i18n import LANGUAGES, _, ngettext


def register(commands: argparse._SubParsersAction) -> dict[str, Handler]:
    """Add settings to the command line."""
    settings = commands.add_parser(
        "settings", help=_("show or change the registry's settings (organisation, signatory, number patterns)")
    )
    settings.add_argument(
        "assignments",
        nargs="*",
        metavar="KEY=VALUE",
        help=_(
            "settings to change, e.g. organisation.ru=… signatory.name.uz=… number_pattern.agreements={year}/{seq:03}"
            " (an empty value removes one); without any, lists them"
        ),
    )
    return {"settings": cmd_settings}


def _known(key: str) -> bool:
    from app.services import registry_settings as rs
    from app.services.registers.specs import SPECS

    setting, _dot, tail = key.rpartition(".")
    if setting in (rs.ORGANISATION, rs.SIGNATORY_NAME, rs.SIGNATORY_TITLE):
        return tail in LANGUAGES
    return setting == rs.NUMBER_PATTERN and tail in SPECS


def cmd_settings(args: argparse.Namespace, out: TextIO) -> int:
    """List the registry's settings, or change the ones given."""
    from app.services import registry_settings as rs

    changes = {}
    for assignment in args.assignments:
        key, equals, value = assignment.partition("=")
        if not equals or not _known(key.strip()):
            raise CommandError(
                _("Not a setting: “{text}”; write KEY=VALUE with KEY such as organisation.ru or {example}.").format(
                    text=assignment, example="number_pattern.agreements"
                )
            )
        changes[key.strip()] = value
    open_registry(args)
    if changes:
        changed = rs.put(changes)
        print(ngettext("{count} setting changed.", "{count} settings changed.", len(changed)).format(
            count=len(changed)), file=out)  # fmt: skip
        return 0
    for key, value in sorted(rs.stored().items()):
        print(f"{key}={value}", file=out)
    return 0
