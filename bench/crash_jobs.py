"""The writing jobs the crash test kills that are no command of their own, and the registries they start from.

    python -m bench.crash_jobs save FILE        a transaction of 300 record saves
    python -m bench.crash_jobs bulk_edit FILE   one bulk edit: the status of every agreement set to "terminated"

bench/crash kills them at random moments, tests/services/test_record_jobs_crash.py at chosen writes; both check that
the registry holds exactly what it held before or what the finished job leaves. A merge of two records is a command
(`hamkor merge partners KEEP OTHER`); `partners_to_merge` builds the registry it starts from.
"""

from __future__ import annotations

import hashlib
import sqlite3
import sys
from collections.abc import Callable
from pathlib import Path

from app.models import Agreement, db
from app.models.database import close_database, open_database

#: Columns that differ between two runs of the same job (when it ran; the random name of a batch of deleted or merged
#: records), left out of a state's fingerprint.
VOLATILE = ("created_at", "updated_at", "changed_at", "deleted_at", "batch")
#: Tables that are not records: the schema's version and the registry's identity.
NOT_RECORDS = ("schema_version", "registry_identity")
#: The bulk edit's field and value: a status every generated agreement accepts.
BULK_FIELD, BULK_VALUE = "status", "terminated"


# -- the jobs, each on the open registry -------------------------------------------------------------------------
def save() -> None:
    """Save 300 new partners in one transaction (the window's saves, many at once)."""
    from app.services.registers import records

    with db.atomic():
        for number in range(300):
            values = records.empty_values("partners")
            values.update(name={"uz": "", "ru": "", "en": f"Saved library {number}", "orig": ""}, kind="library",
                          country="KR", city="Seoul", notes="x" * 2000)  # fmt: skip
            records.save_values("partners", values)


def bulk_edit() -> None:
    """Set the status of every agreement at once, as the list's bulk edit does (one transaction)."""
    from app.services.registers.bulk_edit import read_versions, set_field

    ids = [row[0] for row in Agreement.select(Agreement.id).order_by(Agreement.id).tuples()]
    result = set_field("agreements", read_versions("agreements", ids), BULK_FIELD, BULK_VALUE)
    if not result.changed:
        raise SystemExit(f"the bulk edit changed nothing: {result.failed[:3]}")


JOBS: dict[str, Callable[[], None]] = {"save": save, "bulk_edit": bulk_edit}


# -- the registries the jobs start from (each fills an open, empty registry) -------------------------------------
def partners(count: int) -> Callable[[], None]:
    """`count` plain partners."""

    def build() -> None:
        from app.models import Partner

        with db.atomic():
            for number in range(count):
                Partner.create(name_en=f"Library {number}", kind="library", country="KR", notes="y" * 500)

    return build


def generated(count: int) -> Callable[[], None]:
    """bench.generate's registry: `count` partners, agreements (with their parties), visits, trips and exchanges."""

    def build() -> None:
        from bench.generate import generate

        generate(count, progress=False)

    return build


def partners_to_merge() -> None:
    """Two partners (ids 1 and 2), each a party to agreements, visited by delegations and exchanging books, one
    agreement with both as parties, and others around them: what a merge of partner 2 into partner 1 moves and
    deletes."""
    from app.models import AgreementParty, BookExchange, VisitPartner

    generated(40)()
    with db.atomic():
        both = AgreementParty.select(AgreementParty.agreement).where(AgreementParty.partner == 1).first()
        AgreementParty.create(agreement=both.agreement_id, partner=2)
        visit = VisitPartner.select().where(VisitPartner.partner != 2).order_by(VisitPartner.id.desc()).first()
        VisitPartner.create(visit=visit.visit_id, partner=2)
        exchange = BookExchange.select().where(BookExchange.partner != 1).order_by(BookExchange.id.desc()).first()
        exchange.partner = 1
        exchange.save()


# -- states -----------------------------------------------------------------------------------------------------
def check(path: Path) -> tuple[str, str | None]:
    """("ok", fingerprint) or ("corrupt", None) or ("lost", None), after integrity and foreign key checks."""
    if not path.is_file() or path.stat().st_size == 0:
        return "lost", None
    try:
        connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=30)
        try:
            if connection.execute("PRAGMA integrity_check").fetchall() != [("ok",)]:
                return "corrupt", None
            if connection.execute("PRAGMA foreign_key_check").fetchall():
                return "corrupt", None
            return "ok", fingerprint(connection)
        finally:
            connection.close()
    except sqlite3.DatabaseError:
        return "corrupt", None


def fingerprint(connection: sqlite3.Connection) -> str:
    """A digest of every record of every table (the columns of `VOLATILE` aside), in the order stored."""
    digest = hashlib.sha256()
    tables = [
        row[0]
        for row in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
        )
    ]
    for table in tables:
        if table in NOT_RECORDS:
            continue
        columns = [
            row[1] for row in connection.execute(f'PRAGMA table_info("{table}")') if not row[1].endswith(VOLATILE)
        ]
        selected = ", ".join(f'"{column}"' for column in columns)
        digest.update(table.encode())
        for row in connection.execute(f'SELECT {selected} FROM "{table}" ORDER BY rowid'):
            digest.update(repr(row).encode())
    return digest.hexdigest()


def main(argv: list[str]) -> int:
    if len(argv) != 2 or argv[0] not in JOBS:
        print(__doc__, file=sys.stderr)
        return 2
    open_database(argv[1])
    try:
        JOBS[argv[0]]()
    finally:
        close_database()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
