"""Entry point: parse the command line, then start the app or run a command."""

from __future__ import annotations

import codecs
import logging
import sys
from typing import TextIO

#: Encodings that can write every character Hamkor prints (Uzbek's ʻ, Cyrillic, dashes and quotes).
_UNICODE_ENCODINGS = frozenset({"utf-8", "utf-16", "utf-32", "gb18030"})


def safe_output(stream: TextIO | None) -> None:
    """Make `stream` write every text without failing: a file or pipe gets UTF-8; a console whose code page cannot
    show a character (cp1251, cp866 …) gets '?' in its place instead of an error."""
    if stream is None or not hasattr(stream, "reconfigure"):
        return
    try:
        encoding = codecs.lookup(stream.encoding or "ascii").name
    except LookupError:
        encoding = "ascii"
    if encoding in _UNICODE_ENCODINGS:
        return
    try:
        interactive = stream.isatty()
    except (ValueError, OSError):
        interactive = False
    try:
        if interactive:
            stream.reconfigure(errors="replace")
        else:
            stream.reconfigure(encoding="utf-8", errors="replace")
    except (ValueError, OSError):  # already written to, or closed: leave it
        logging.getLogger(__name__).debug("cannot reconfigure %s", stream, exc_info=True)


def main(argv: list[str] | None = None) -> int:
    """Run Hamkor with `argv` (default: the process's arguments); return the exit status."""
    safe_output(sys.stdout)
    safe_output(sys.stderr)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    from app.cli import run

    return run(sys.argv[1:] if argv is None else argv)


if __name__ == "__main__":
    sys.exit(main())
