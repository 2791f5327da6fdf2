"""Entry point: parse the command line, then start the app or run a command."""

from __future__ import annotations

import logging
import sys


def main(argv: list[str] | None = None) -> int:
    """Run Hamkor with `argv` (default: the process's arguments); return the exit status."""
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    from app.cli import run

    return run(sys.argv[1:] if argv is None else argv)


if __name__ == "__main__":
    sys.exit(main())
