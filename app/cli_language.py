"""The command line's language: chosen before the parser is built (--lang, else $HAMKOR_LANG, else the system's),
and argparse's own texts (usage, options, errors) translated from Hamkor's catalogs."""

from __future__ import annotations

import argparse
import os

from app.i18n import LANGUAGES, N_, _, ngettext, normalize_language

#: The environment variable that chooses the command line's (and the app's) language.
LANGUAGE_ENV = "HAMKOR_LANG"

#: argparse's own texts a person sees (its help, its errors), marked here so that the catalogs carry them.
ARGPARSE_TEXTS = (
    N_("usage: "),
    N_("options"),
    N_("positional arguments"),
    N_("show this help message and exit"),
    N_("%(prog)s: error: %(message)s\n"),
    N_("the following arguments are required: %s"),
    N_("unrecognized arguments: %s"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"),
    N_("invalid %(type)s value: %(value)r"),
    N_("argument %(argument_name)s: %(message)s"),
    N_("expected one argument"),
    N_("expected at least one argument"),
    N_("expected at most one argument"),
    N_("ambiguous option: %(option)s could match %(matches)s"),
    N_("not allowed with argument %s"),
    N_("one of the arguments %s is required"),
    N_("ignored explicit argument %r"),
    N_("can't open '%(filename)s': %(error)s"),
    N_("unknown parser %(parser_name)r (choices: %(choices)s)"),
)


class UnknownLanguage(ValueError):
    """The language asked for is none of Hamkor's."""


def requested_language(argv: list[str]) -> str | None:
    """The language the command line asks for (--lang, else $HAMKOR_LANG), normalised; None when none is asked.
    Raises UnknownLanguage for a language Hamkor does not speak."""
    quick = argparse.ArgumentParser(add_help=False)
    quick.add_argument("--lang")
    try:
        known, _rest = quick.parse_known_args(argv)
    except SystemExit:  # --lang without a value: the real parser says so, in the default language
        return None
    value = known.lang or os.environ.get(LANGUAGE_ENV) or None
    if value is None:
        return None
    language = normalize_language(value)
    if language not in LANGUAGES:
        raise UnknownLanguage(value)
    return language


def unknown_language_message(value: str) -> str:
    """The one line that refuses a language."""
    return _("Unknown language “{lang}”; use one of: {languages}.").format(lang=value, languages=", ".join(LANGUAGES))


def speak_argparse() -> None:
    """Make argparse's texts follow Hamkor's language (argparse looks its texts up through these two names)."""
    argparse._ = _  # type: ignore[attr-defined]
    argparse.ngettext = ngettext  # type: ignore[attr-defined]
