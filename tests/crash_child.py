"""A Hamkor command (or a job of bench/crash_jobs.py) run as a child process that the test stops at a chosen point:
killed (SIGKILL) just before its Nth write, commit, fsync or replace or just after its Nth commit, or held before its
import writes until the test says go.

    python -m tests.crash_child KIND N -- --db FILE restore COPY
    python -m tests.crash_child KIND N -- --job bulk_edit FILE     (a job of bench/crash_jobs.py)
    python -m tests.crash_child KIND N -- --db FILE import partners BOOK.xlsx
        KIND: write (an SQL statement, a batch of an import's rows or a step of a restore's copy), commit (of a
        transaction; committed: just after it), fsync, replace, or count (run to the end and print how many of each
        there were, as JSON, on the last line of stderr)
    python -m tests.crash_child hold FIFO -- --db FILE import partners BOOK.xlsx
        prints "ready" once the import is planned, then waits until the test writes to FIFO
"""

from __future__ import annotations

import atexit
import json
import os
import signal
import sys
from collections import Counter

counts: Counter[str] = Counter()


def _stop_at(kind: str, target: int, what: str) -> None:
    counts[what] += 1
    if what == kind and counts[what] == target:
        sys.stdout.flush()
        os.kill(os.getpid(), signal.SIGKILL)


def install_kill_hooks(kind: str, target: int) -> None:
    """Count writes, commits, fsyncs and replaces; kill this process just before the `target`th one of `kind` (or
    just after the `target`th commit, for `committed`)."""
    import peewee as pw

    import app.services.imports.bulk_write as bulk_write
    import app.services.storage.restore as restore

    real_replace, real_fsync, real_execute = os.replace, os.fsync, pw.Database.execute_sql
    real_commit = pw.Database.commit
    real_step, real_insert = restore.written_step, bulk_write._insert_rows

    def replace(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        _stop_at(kind, target, "replace")
        return real_replace(*args, **kwargs)

    def fsync(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        _stop_at(kind, target, "fsync")
        return real_fsync(*args, **kwargs)

    def execute_sql(self, sql, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003, ANN202
        if self.database != ":memory:" and not str(sql).lstrip().upper().startswith(("SELECT", "PRAGMA")):
            _stop_at(kind, target, "write")
        return real_execute(self, sql, *args, **kwargs)

    def commit(self):  # noqa: ANN001, ANN202
        _stop_at(kind, target, "commit")
        done = real_commit(self)
        _stop_at(kind, target, "committed")
        return done

    def step() -> None:
        _stop_at(kind, target, "write")
        real_step()

    def insert_rows(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202 - one statement over a batch, past execute_sql
        _stop_at(kind, target, "write")
        return real_insert(*args, **kwargs)

    os.replace, os.fsync, pw.Database.execute_sql, pw.Database.commit = replace, fsync, execute_sql, commit
    restore.written_step, bulk_write._insert_rows = step, insert_rows
    if kind == "count":
        atexit.register(lambda: print(json.dumps(dict(counts)), file=sys.stderr, flush=True))


def install_hold(fifo: str) -> None:
    """Hold the import between its check and its writing until the test opens `fifo` for writing."""
    import app.services.imports.importer as importer

    real_run = importer.run_import

    def run_import(plan, **kwargs):  # noqa: ANN001, ANN003, ANN202
        print("ready", flush=True)
        with open(fifo, encoding="utf-8") as gate:  # blocks until the test opens it for writing
            gate.read()
        return real_run(plan, **kwargs)

    importer.run_import = run_import


def main(argv: list[str]) -> int:
    separator = argv.index("--")
    kind, value = argv[0], argv[1]
    if kind == "hold":
        install_hold(value)
    else:
        install_kill_hooks(kind, int(value))
    command = argv[separator + 1 :]
    if command[:1] == ["--job"]:
        from bench.crash_jobs import main as job

        return job(command[1:])
    from app.__main__ import main as hamkor

    return hamkor(command)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
