"""The consolidated annual report on a large registry: build + Excel workbook + PDF of one year, timed.

python -m bench.annual bench/out/registry-20000.db [--runs 3]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

from bench.measures import Figure

#: The year measured: the article's year, with the generated registry's average load.
YEAR = 2019


def annual_report(database: Path, runs: int) -> Figure:
    """Median seconds of building the 2019 report and writing both its workbook and its PDF (target: a minute)."""
    from app.models.database import close_database, open_database
    from app.services.reports.annual_report import build_annual_report, write_annual_pdf, write_annual_xlsx

    folder = Path(tempfile.mkdtemp(prefix="hamkor-bench-annual-"))
    open_database(str(database))
    try:

        def once() -> float:
            started = time.perf_counter()
            report = build_annual_report(YEAR, language="en")
            write_annual_xlsx(report, folder / "annual.xlsx", organisation="National Library")
            write_annual_pdf(report, folder / "annual.pdf", organisation="National Library")
            return time.perf_counter() - started

        once()  # fonts registered, caches warm: the runs measure the report, not the first import
        seconds = [once() for _ in range(max(runs, 1))]
    finally:
        close_database()
    return Figure("annual_report_year", statistics.median(seconds), None, 60.0, by_ratio=False)


def main(argv: list[str] | None = None) -> int:
    """Time the annual report on a registry from the command line."""
    parser = argparse.ArgumentParser(prog="python -m bench.annual", description=__doc__.splitlines()[0])
    parser.add_argument("database", type=Path, help="a generated SQLite registry (bench/out/registry-N.db)")
    parser.add_argument("--runs", type=int, default=3, help="runs (median taken)")
    args = parser.parse_args(argv)
    figure = annual_report(args.database, args.runs)
    print(figure.line())
    return 0 if figure.ok else 1


if __name__ == "__main__":
    sys.exit(main())
