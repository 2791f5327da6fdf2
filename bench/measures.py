"""The figures bench/run prints: each measured for Hamkor and its baseline in the same run, several times."""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class Figure:
    """One line of the report."""

    name: str
    hamkor: float
    baseline: float | None
    target: float
    unit: str = "s"
    by_ratio: bool = True  # the target limits hamkor/baseline; otherwise hamkor itself

    @property
    def ratio(self) -> float | None:
        return self.hamkor / self.baseline if self.baseline else None

    @property
    def ok(self) -> bool:
        if self.by_ratio:
            return self.ratio is not None and self.ratio <= self.target
        return self.hamkor <= self.target

    def line(self) -> str:
        def show(value: float | None) -> str:
            if value is None:
                return "-"
            return (
                f"{value * 1000:.1f}ms"
                if self.unit == "s" and value < 1
                else (f"{value:.2f}s" if self.unit == "s" else f"{value:.1f}{self.unit}")
            )

        ratio = f"{self.ratio:.2f}" if self.ratio is not None else "-"
        target = f"{self.target:g}x" if self.by_ratio else show(self.target)
        verdict = "ok" if self.ok else "MISS"
        return (
            f"{self.name:<22} hamkor={show(self.hamkor):<10} baseline={show(self.baseline):<10} ratio={ratio:<6} "
            f"target<={target:<8} {verdict}"
        )


def _env() -> dict[str, str]:
    settings = tempfile.mkdtemp(prefix="hamkor-bench-settings-")
    return {**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_CONFIG_HOME": settings, "HAMKOR_DB": "",
            "PYTHONPATH": str(ROOT)}  # fmt: skip


def probe(name: str, database: Path) -> dict:
    """Run a probe of bench/probes.py in a fresh process; return its JSON answer."""
    result = subprocess.run([sys.executable, "-m", "bench.probes", name, str(database)], cwd=ROOT, env=_env(),
                            capture_output=True, text=True, timeout=600)  # fmt: skip
    if result.returncode != 0:
        raise RuntimeError(f"probe {name} failed:\n{result.stderr[-2000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def time_to_idle(command: list[str], env: dict[str, str]) -> float:
    """Seconds from starting a process until it reports its window shown and its event loop idle."""
    started = time.time()
    result = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    if result.returncode != 0:
        raise RuntimeError(f"{command} failed:\n{result.stderr[-2000:]}")
    idle = [line for line in result.stderr.splitlines() if line.startswith("idle at ")]
    if not idle:
        raise RuntimeError(f"{command} never said it was idle:\n{result.stderr[-2000:]}")
    return float(idle[-1].removeprefix("idle at ")) - started


def median_of(runs: int, measure: Callable[[], float]) -> float:
    """The median of `runs` measurements (after one warm-up run that fills the disk cache)."""
    measure()
    return statistics.median(measure() for _ in range(runs))


def startup(database: Path, runs: int) -> Figure:
    """Process start until the main window is shown and idle, on the big database, vs a bare PySide6 QMainWindow."""
    env = {**_env(), "HAMKOR_EXIT_WHEN_IDLE": "1"}
    hamkor = median_of(runs, lambda: time_to_idle([sys.executable, "-m", "app", "--db", str(database)], env))
    baseline = median_of(runs, lambda: time_to_idle([sys.executable, "-m", "bench.probes", "startup_baseline", "-"],
                                                     env))  # fmt: skip
    return Figure("startup", hamkor, baseline, 2.5)


def list_figures(database: Path, runs: int) -> list[Figure]:
    """First paint of the agreements list, peak memory with it open, and search keystrokes."""
    ours = [probe("list_hamkor", database) for _ in range(runs)]
    theirs = [probe("list_baseline", database) for _ in range(runs)]
    return [
        Figure("first_paint_agreements", statistics.median(o["first_paint"] for o in ours),
               statistics.median(t["first_paint"] for t in theirs), 1.5),
        Figure("peak_memory_list", statistics.median(o["peak_mb"] for o in ours),
               statistics.median(t["peak_mb"] for t in theirs), 1.5, unit="MB"),
        Figure("search_keystroke", statistics.median(o["search_median"] for o in ours), None, 0.100, by_ratio=False),
    ]  # fmt: skip


XLSX_SQL = """SELECT a.reg_number, a.title_en, a.kind, group_concat(p.name_en, '; '), a.status, a.signed_on,
       a.valid_until
FROM agreement a LEFT JOIN agreement_party ap ON ap.agreement_id = a.id LEFT JOIN partner p ON p.id = ap.partner_id
GROUP BY a.id ORDER BY a.signed_on DESC, a.id DESC"""


def xlsx_export(database: Path, runs: int) -> Figure:
    """The agreements list (all rows, its usual columns) to Excel, vs a bare openpyxl write-only loop that reads
    the same columns with one plain SQL query and appends them (dates as dates)."""
    import datetime as dt
    import sqlite3

    from openpyxl import Workbook

    from app.models.database import close_database, open_database
    from app.services.registers.list_export import export_list
    from app.services.registers.list_query import ListQuery
    from app.services.registers.specs import spec_of

    folder = Path(tempfile.mkdtemp(prefix="hamkor-bench-xlsx-"))
    open_database(str(database))
    fields = [fs.name for fs in spec_of("agreements").list_fields if fs.in_list]

    def ours() -> float:
        started = time.perf_counter()
        export_list(query=ListQuery("agreements"), fields=fields, path=folder / "hamkor.xlsx")
        return time.perf_counter() - started

    def bare() -> float:
        started = time.perf_counter()
        connection = sqlite3.connect(database)
        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet("Agreements")
        sheet.append(["Registration number", "Title", "Kind", "Parties", "Status", "Signed", "Valid until"])
        day = dt.date.fromisoformat
        for row in connection.execute(XLSX_SQL):
            sheet.append([*row[:5], day(row[5]) if row[5] else None, day(row[6]) if row[6] else None])
        workbook.save(folder / "bare.xlsx")
        connection.close()
        return time.perf_counter() - started

    ours()
    bare()
    mine, theirs = [], []
    for _ in range(runs):  # alternate, so that both see the same machine
        mine.append(ours())
        theirs.append(bare())
    close_database()
    return Figure("xlsx_export_rows", statistics.median(mine), statistics.median(theirs), 1.15)


def pdf_register(database: Path, runs: int) -> Figure:
    """The register of agreements as PDF vs a bare reportlab table of the same cells (same font, same texts)."""
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.platypus import SimpleDocTemplate, Table

    from app.exporters.fonts import REGULAR, register_fonts
    from app.models.database import close_database, open_database
    from app.services.reports.agreement_register import build_register, write_register_pdf

    folder = Path(tempfile.mkdtemp(prefix="hamkor-bench-pdf-"))
    open_database(str(database))
    register_fonts()

    def ours() -> float:
        started = time.perf_counter()
        write_register_pdf(build_register(language="en"), folder / "hamkor.pdf", organisation="National Library")
        return time.perf_counter() - started

    built = build_register(language="en")
    from app.exporters.pdf import wrap
    from app.i18n import format_date

    widths = [22, 55, 130, 70, 150, 50, 72, 55]
    cells = [
        [wrap(text, width * 1.35) for text, width in zip(
            [str(row.number), row.reg_number, "; ".join(p[0] for p in row.parties), row.kind, row.title[0],
             format_date(row.signed) if row.signed else "", row.until, row.status], widths, strict=True)]
        for row in built.rows
    ]  # fmt: skip

    def bare() -> float:
        started = time.perf_counter()
        document = SimpleDocTemplate(str(folder / "bare.pdf"), pagesize=landscape(A4))
        table = Table([["No.", "Reg. number", "Parties", "Kind", "Title", "Signed", "Until", "Status"], *cells],
                      repeatRows=1, colWidths=[w * 1.4 for w in widths])  # fmt: skip
        table.setStyle([("FONT", (0, 0), (-1, -1), REGULAR, 8, 9.6), ("GRID", (0, 0), (-1, -1), 0.4, "grey"),
                        ("VALIGN", (0, 0), (-1, -1), "TOP")])  # fmt: skip
        document.build([table])
        return time.perf_counter() - started

    ours()
    bare()
    mine, theirs = [], []
    for _ in range(runs):
        mine.append(ours())
        theirs.append(bare())
    close_database()
    return Figure("pdf_register", statistics.median(mine), statistics.median(theirs), 1.25)


def list_tools(database: Path, runs: int) -> list[Figure]:
    """The list's spreadsheet tools: copy of 10,000 rows (vs csv from one SQL query), a column filter's values,
    a second sort level to first paint (vs QSqlQueryModel with the same ORDER BY), Enter to the form painted."""

    def measured(side: str) -> dict:
        result = subprocess.run([sys.executable, "-m", "bench.list_probes", side, str(database)], cwd=ROOT,
                                env=_env(), capture_output=True, text=True, timeout=600)  # fmt: skip
        if result.returncode != 0:
            raise RuntimeError(f"list probe {side} failed:\n{result.stderr[-2000:]}")
        return json.loads(result.stdout.strip().splitlines()[-1])

    ours = [measured("hamkor") for _ in range(runs)]
    theirs = [measured("baseline") for _ in range(runs)]

    def median(rows: list[dict], key: str) -> float:
        return statistics.median(row[key] for row in rows)

    return [
        Figure("copy_rows", median(ours, "copy_rows"), median(theirs, "copy_rows"), 1.5),
        Figure("column_filter", median(ours, "column_filter"), None, 0.150, by_ratio=False),
        Figure("multi_sort", median(ours, "multi_sort"), median(theirs, "multi_sort"), 1.5),
        Figure("open_record", median(ours, "open_record"), None, 0.150, by_ratio=False),
    ]
