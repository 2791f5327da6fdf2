"""Schema versions: a fresh database gets the current schema; an older one climbs the ladder step by step."""

from __future__ import annotations

import logging
import re
import sqlite3
import uuid
from collections.abc import Callable
from pathlib import Path

import peewee as pw

from app.i18n import _
from app.models import ALL_MODELS, Membership, MembershipDelegate, ProtocolGift
from app.models.base import ACTIONS, DERIVED_COLUMNS, ChangeLog, DatabaseError, Record, one_of, utc_now
from app.models.choices import PARTNER_KINDS, UNIT_LANGUAGES
from app.models.correspondence import Letter, LetterLink
from app.models.deleted import DeletedContent, DeletedRecord
from app.models.schema import RegistryIdentity
from app.models.settings import RegistrySetting
from app.models.submissions import Submission, SubmissionRow

logger = logging.getLogger(__name__)

#: The schema version this Hamkor writes.
LATEST_VERSION = 11


def _step_2_change_log(database: pw.Database) -> None:
    """Version 2: the change log (who changed which record, when, which fields)."""
    database.create_tables([ChangeLog])


def _step_3_date_indexes(database: pw.Database) -> None:
    """Version 3: indexes on the dates agreements and projects are listed and counted by (signed, start)."""
    from playhouse.migrate import SchemaMigrator, migrate

    migrator = SchemaMigrator.from_database(database)
    existing = {index.name for index in database.get_indexes("agreement")} | {
        index.name for index in database.get_indexes("project")
    }
    operations = [
        migrator.add_index(table, (column,), False)
        for table, column in (("agreement", "signed_on"), ("project", "start_on"))
        if f"{table}_{column}" not in existing
    ]
    migrate(*operations)


def _step_4_deleted_records(database: pw.Database) -> None:
    """Version 4: the store of deleted records (undo of a deletion), and 'restore'/'merge' in the change log."""

    database.create_tables([DeletedRecord, DeletedContent])
    allowed = ", ".join(f"'{action}'" for action in ACTIONS)
    if isinstance(database, pw.PostgresqlDatabase):
        names = database.execute_sql(
            "SELECT conname FROM pg_constraint WHERE conrelid = 'change_log'::regclass AND contype = 'c'"
            " AND pg_get_constraintdef(oid) LIKE '%%action%%'"
        ).fetchall()
        for (name,) in names:
            database.execute_sql(f'ALTER TABLE change_log DROP CONSTRAINT "{name}"')
        database.execute_sql(f"ALTER TABLE change_log ADD CHECK (action IN ({allowed}))")
        return
    # SQLite cannot change a CHECK: the table is built again under its name and the rows copied.
    columns = ", ".join(f'"{field.column_name}"' for field in ChangeLog._meta.sorted_fields)
    for index in database.get_indexes("change_log"):
        database.execute_sql(f'DROP INDEX "{index.name}"')
    database.execute_sql('ALTER TABLE "change_log" RENAME TO "change_log_v3"')
    database.create_tables([ChangeLog])
    database.execute_sql(f'INSERT INTO "change_log" ({columns}) SELECT {columns} FROM "change_log_v3"')
    database.execute_sql('DROP TABLE "change_log_v3"')


def _step_5_registry_settings(database: pw.Database) -> None:
    """Version 5: the registry's settings (organisation and signatory per language, number patterns)."""
    database.create_tables([RegistrySetting])


def new_identity() -> str:
    """A registry identity: 32 random hexadecimal digits."""
    return uuid.uuid4().hex


def _step_6_registry_identity(database: pw.Database) -> None:
    """Version 6: the registry's identity (one row), by which its backup copies are named and listed."""
    database.create_tables([RegistryIdentity])
    if not RegistryIdentity.select().exists():
        RegistryIdentity.create(identity=new_identity())


def _step_8_correspondence(database: pw.Database) -> None:
    """Version 8: the correspondence log (letters and the records they concern), Uzbek government bodies as a kind
    of partner, and the visa data of delegation members (citizenship, passport, date of birth)."""
    from playhouse.migrate import SchemaMigrator, migrate

    migrator = SchemaMigrator.from_database(database)
    have = {column.name for column in database.get_columns("visit_member")}
    added = {"citizenship": pw.CharField(max_length=2, null=True), "passport_number": pw.CharField(max_length=40,
             default=""), "birth_date": pw.DateField(null=True)}  # fmt: skip
    migrate(*(migrator.add_column("visit_member", name, field) for name, field in added.items() if name not in have))
    _widen_check(database, "partner", "kind", PARTNER_KINDS.codes)
    database.create_tables([Letter, LetterLink])


def _widen_check(database: pw.Database, table: str, column: str, codes: tuple[str, ...]) -> None:
    """Let `column` of `table` hold every code of `codes` (its CHECK constraint listed fewer)."""
    wanted = one_of(column, codes)  # CHECK (column IN ('a', 'b'))
    listed = ", ".join("'" + code + "'" for code in codes)
    if isinstance(database, pw.PostgresqlDatabase):
        found = database.execute_sql(
            "SELECT conname FROM pg_constraint WHERE conrelid = %s::regclass AND contype = 'c'"
            " AND pg_get_constraintdef(oid) LIKE %s",
            (table, f"%{column}%{codes[0]}%"),
        ).fetchall()
        for (name,) in found:
            database.execute_sql(f'ALTER TABLE "{table}" DROP CONSTRAINT "{name}"')
        database.execute_sql(f'ALTER TABLE "{table}" ADD {wanted.sql}')
        return
    # SQLite keeps a table's constraints in its CREATE statement only; a CHECK that allows more values leaves every
    # row valid, so the statement is rewritten in place (https://sqlite.org/lang_altertable.html#otheralter).
    query = "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?"
    (sql,) = database.execute_sql(query, (table,)).fetchone()
    old = re.search(rf"CHECK \({column} IN \(([^)]*)\)\)", sql)
    if old is None or old.group(1) == listed:
        return
    (schema_version,) = database.execute_sql("PRAGMA schema_version").fetchone()
    database.execute_sql("PRAGMA writable_schema = ON")
    try:
        database.execute_sql(
            "UPDATE sqlite_master SET sql = ? WHERE type = 'table' AND name = ?",
            (sql[: old.start(1)] + listed + sql[old.end(1) :], table),
        )
        database.execute_sql(f"PRAGMA schema_version = {int(schema_version) + 1}")
    finally:
        database.execute_sql("PRAGMA writable_schema = OFF")


def _step_10_submissions(database: pw.Database) -> None:
    """Version 10: the departments' quarterly submissions: a working language per unit, a unit on events, book
    exchange and interlibrary loans, and the submissions with the officer's decision per returned row."""
    def has_column(table: str, column: str) -> bool:
        return any(found.name == column for found in database.get_columns(table))

    languages = ", ".join(f"'{code}'" for code in UNIT_LANGUAGES.codes)
    if not has_column("department", "language"):
        database.execute_sql(
            "ALTER TABLE department ADD COLUMN language VARCHAR(10) DEFAULT 'uz' NOT NULL"
            f" CHECK (language IN ({languages}))"
        )
    for table in ("event", "book_exchange", "interlibrary_loan"):
        if not has_column(table, "department_id"):
            database.execute_sql(
                f'ALTER TABLE "{table}" ADD COLUMN department_id INTEGER REFERENCES department (id) ON DELETE SET NULL'
            )
        database.execute_sql(f'CREATE INDEX IF NOT EXISTS "{table}_department_id" ON "{table}" (department_id)')
    database.create_tables([Submission, SubmissionRow])


def _step_11_status_date_index(database: pw.Database) -> None:
    """Version 11: agreements indexed by status and signing date together (in place of status alone): a list
    filtered by status in its usual order, or sorted by status then date, reads its first screen from the index."""
    database.execute_sql('DROP INDEX IF EXISTS "agreement_status"')
    database.execute_sql(
        'CREATE INDEX IF NOT EXISTS "agreement_status_signed_on" ON "agreement" ("status", "signed_on")'
    )


def _step_7_loose_and_sort_keys(database: pw.Database) -> None:
    """Version 7: every record's looser search key and its name's sort key per interface language, computed for the
    records already there."""
    tables = set(database.get_tables())  # registers added by later steps are made with these columns
    records = [model for model in ALL_MODELS if issubclass(model, Record) and model._meta.table_name in tables]
    new = [name for name in DERIVED_COLUMNS if name != "search_text"]
    for model in records:
        table = model._meta.table_name
        present = {column.name for column in database.get_columns(table)}
        for name in new:  # plain ADD COLUMN: SQLite would otherwise rebuild the table (and cascade on its drop)
            if name not in present:
                database.execute_sql(f'ALTER TABLE "{table}" ADD COLUMN "{name}" TEXT NOT NULL DEFAULT \'\'')
    for model in records:
        backfill_derived(model)


_LOOSE_RULES_KEY = "_search.loose_rules"  # bookkeeping: not one of the settings officers see


def refresh_loose_keys(database: pw.Database) -> bool:
    """Make the stored search and sort keys again when they were made by other rules than this Hamkor's; return
    whether they were (a registry opened by a newer Hamkor keeps its keys: both find the same records)."""
    from app.text.search_keys import LOOSE_RULES

    if not database.table_exists(RegistrySetting._meta.table_name):
        return False  # not a whole registry: the schema check says what is missing
    row = RegistrySetting.get_or_none(RegistrySetting.key == _LOOSE_RULES_KEY)
    made_by = int(row.value) if row is not None and row.value.isdigit() else 1
    if made_by >= LOOSE_RULES:
        return False
    with database.atomic():
        for model in ALL_MODELS:
            if issubclass(model, Record):
                backfill_derived(model)
        RegistrySetting.delete().where(RegistrySetting.key == _LOOSE_RULES_KEY).execute()
        RegistrySetting.create(key=_LOOSE_RULES_KEY, value=str(LOOSE_RULES), updated_by="hamkor")
    logger.info("search keys made again by rules %s", LOOSE_RULES)
    return True


def backfill_derived(model: type[Record], *, batch: int = 1000) -> int:
    """Recompute the stored search and sort keys of every record of `model`; return how many were rewritten."""
    database = model._meta.database
    ids = [row[0] for row in model.select(model.id).order_by(model.id).tuples()]
    present = {column.name for column in database.get_columns(model._meta.table_name)}
    # Columns a later step adds are not there yet while an old registry climbs the ladder: read what there is.
    fields = [field for field in model._meta.sorted_fields if field.column_name in present]
    param = database.param
    names = list(DERIVED_COLUMNS)
    sql = f'UPDATE "{model._meta.table_name}" SET {", ".join(f"{n} = {param}" for n in names)} WHERE id = {param}'
    for start in range(0, len(ids), batch):
        chunk = ids[start : start + batch]
        rows = []
        for record in model.select(*fields).where(model.id.in_(chunk)):
            derived = record.derived_values()
            rows.append([*(derived[name] for name in names), record.id])
        database.cursor().executemany(sql, rows)
    return len(ids)


def _step_9_gifts_and_memberships(database: pw.Database) -> None:
    """Version 9: protocol gifts, and memberships in international organisations with their delegates."""
    database.create_tables([ProtocolGift, Membership, MembershipDelegate])


#: The ladder: the step that brings a database from version N-1 to N.
STEPS: dict[int, Callable[[pw.Database], None]] = {
    2: _step_2_change_log,
    3: _step_3_date_indexes,
    4: _step_4_deleted_records,
    5: _step_5_registry_settings,
    6: _step_6_registry_identity,
    7: _step_7_loose_and_sort_keys,
    8: _step_8_correspondence,
    9: _step_9_gifts_and_memberships,
    10: _step_10_submissions,
    11: _step_11_status_date_index,
}


def current_models() -> list[type[pw.Model]]:
    """Every table of the current schema, parents first."""
    return [*ALL_MODELS, ChangeLog, RegistrySetting, DeletedRecord, DeletedContent, RegistryIdentity]


def stored_version(database: pw.Database) -> int:
    """The schema version the database holds (0 for an empty database)."""
    if not database.table_exists("schema_version"):
        if database.get_tables():
            raise DatabaseError(_("This database was not made by Hamkor: it holds other tables and no schema version."))
        return 0
    row = database.execute_sql("SELECT max(version) FROM schema_version").fetchone()
    return int(row[0] or 0)


def _set_version(database: pw.Database, version: int) -> None:
    database.execute_sql("DELETE FROM schema_version")
    database.execute_sql(f"INSERT INTO schema_version (version) VALUES ({int(version)})")


def backup_before_migration(path: Path, version: int) -> Path:
    """Copy the SQLite file aside before its schema changes; return the copy's path."""
    stamp = utc_now().strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.stem}.v{version}-{stamp}.bak{path.suffix}")
    source, copy = sqlite3.connect(str(path)), sqlite3.connect(str(target))
    try:
        source.backup(copy)
    finally:
        source.close()
        copy.close()
    logger.info("copied %s to %s before migrating", path, target)
    return target


def upgrade(database: pw.Database, location) -> int:  # noqa: ANN001 - a DatabaseLocation (database.py opens, then upgrades)
    """Bring the schema to LATEST_VERSION; return the version found before."""
    found = stored_version(database)
    if found > LATEST_VERSION:
        raise DatabaseError(
            _(
                "This database was made by a newer Hamkor (schema {found}; this one knows {latest}). Update Hamkor."
            ).format(found=found, latest=LATEST_VERSION)
        )
    if found == LATEST_VERSION:
        refresh_loose_keys(database)
        return found
    if found == 0:
        with database.atomic():
            database.create_tables(current_models())
            _step_6_registry_identity(database)
            _set_version(database, LATEST_VERSION)
        refresh_loose_keys(database)
        logger.info("created schema version %d", LATEST_VERSION)
        return found
    path = location.sqlite_path
    if path is not None:
        backup_before_migration(path, found)
    for version in range(found + 1, LATEST_VERSION + 1):
        with database.atomic():
            STEPS[version](database)
            _set_version(database, version)
        logger.info("migrated schema to version %d", version)
    refresh_loose_keys(database)
    return found
