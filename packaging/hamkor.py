"""The bundle's entry point: Hamkor's own, as `python -m app` runs it."""

import os
import sys

from app.__main__ import main


def console_for_commands() -> None:
    """On Windows hamkor.exe has no console (it is the window's program): given a command in a console, it writes
    there; without one, nowhere rather than failing. hamkor-cli.exe, a console program, needs none of this."""
    if sys.platform != "win32" or sys.stdout is not None or len(sys.argv) < 2:
        return
    import ctypes

    attached = ctypes.windll.kernel32.AttachConsole(-1)  # ATTACH_PARENT_PROCESS
    target = "CONOUT$" if attached else os.devnull
    sys.stdout = open(target, "w", encoding="utf-8", buffering=1)  # noqa: SIM115 - open for the process's life
    sys.stderr = open(target, "w", encoding="utf-8", buffering=1)  # noqa: SIM115


if __name__ == "__main__":
    console_for_commands()
    sys.exit(main())
