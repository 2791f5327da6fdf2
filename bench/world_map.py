"""The dashboard's world map on a large registry: a year's counts read and the scene painted, timed after the first.

python -m bench.world_map bench/out/registry-100000.db [--runs 5]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from bench.measures import ROOT, Figure, _env

#: The years the map is drawn for, in turn (the first one once before the timing: outlines and paths built).
YEARS = (2019, 2018, 2020, 2017, 2021, 2016, 2022)


def measure(database: str, runs: int) -> dict:
    """Seconds from choosing a year until the map shows its counts painted (the measure the dashboard shows first,
    read on the thread pool as in the window); then, untimed, the other measures' counts arrive."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from bench.probes import _qt_app

    app = _qt_app()
    from app.models.database import open_database
    from app.services.reports.world_map_counts import MEASURES
    from app.ui.pages.world_map import WorldMapPanel

    open_database(database)
    panel = WorldMapPanel()
    panel.resize(1100, 520)
    panel.show()
    app.processEvents()
    drawn: list[float] = []
    panel.map_drawn.connect(lambda: drawn.append(time.perf_counter()))

    def redraw(year: int) -> float:
        drawn.clear()
        started = time.perf_counter()
        panel.set_year(year)
        while not drawn:
            app.processEvents()
        panel.view.viewport().grab()  # the scene painted, every country at its shade
        took = time.perf_counter() - started
        while len(panel.figures) < len(MEASURES):  # the tooltips' figures, before the next year is chosen
            app.processEvents()
        return took

    first = redraw(YEARS[0])
    times = [redraw(YEARS[1 + i % (len(YEARS) - 1)]) for i in range(runs)]
    countries = len(panel.picture.counts)
    whole = []
    for measure in MEASURES:  # each measure on its own, for the record (not the figure)
        panel.measure.setCurrentIndex(panel.measure.findData(measure))
        whole.append((measure, statistics.median(redraw(year) for year in YEARS[1:4])))
    return {"first": first, "median": statistics.median(times), "countries": countries,
            "measures": dict(whole)}  # fmt: skip


def map_render(database: Path, runs: int) -> Figure:
    """map_render: median redraw of the dashboard's map after the first (target 150 ms), in a fresh process."""
    result = subprocess.run([sys.executable, "-m", "bench.world_map", str(database), "--runs", str(max(runs, 5)),
                             "--json"], cwd=ROOT, env=_env(), capture_output=True, text=True, timeout=600)  # fmt: skip
    if result.returncode != 0:
        raise RuntimeError(f"map probe failed:\n{result.stderr[-2000:]}")
    answer = json.loads(result.stdout.strip().splitlines()[-1])
    return Figure("map_render", answer["median"], None, 0.150, by_ratio=False)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(prog="bench.world_map", description=__doc__.splitlines()[0])
    parser.add_argument("database")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--json", action="store_true", help="print the figures as one JSON line")
    args = parser.parse_args()
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    figures = measure(args.database, args.runs)
    if args.json:
        print(json.dumps(figures))
    else:
        print(f"map_render first={figures['first'] * 1000:.1f}ms after={figures['median'] * 1000:.1f}ms "
              f"countries={figures['countries']}")  # fmt: skip
        for measure, seconds in figures["measures"].items():
            print(f"  shown: {measure:<10} {seconds * 1000:.1f}ms")
