"""The bundle's entry point: Hamkor's own, as `python -m app` runs it."""

import sys

from app.__main__ import main

if __name__ == "__main__":
    sys.exit(main())
