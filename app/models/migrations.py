"""Schema versions: a fresh database gets the current schema; an older one climbs the ladder step by step."""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable
from pathlib import Path

import peewee as pw

from app.i18n import _
from app.models import ALL_MODELS, Membership, MembershipDelegate, ProtocolGift
from app.models.base import ChangeLog, DatabaseError, utc_now
from app.models.settings import RegistrySetting

logger = logging.getLogger(__name__)

#: The schema version this Hamkor writes.
LATEST_VERSION = 9


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


def _step_5_registry_settings(database: pw.Database) -> None:
    """Version 5: the registry's settings (organisation and signatory per language, number patterns)."""
    database.create_tables([RegistrySetting])


def _step_9_gifts_and_memberships(database: pw.Database) -> None:
    """Version 9: protocol gifts, and memberships in international organisations with their delegates."""
    database.create_tables([ProtocolGift, Membership, MembershipDelegate])


#: The ladder: the step that brings a database from version N-1 to N.
STEPS: dict[int, Callable[[pw.Database], None]] = {
    2: _step_2_change_log,
    3: _step_3_date_indexes,
    4: lambda database: None,  # placeholder, filled by another change
    5: _step_5_registry_settings,
    6: lambda database: None,  # placeholder, filled by another change
    7: lambda database: None,  # placeholder, filled by another change
    8: lambda database: None,  # placeholder, filled by another change
    9: _step_9_gifts_and_memberships,
}


def current_models() -> list[type[pw.Model]]:
    """Every table of the current schema, parents first."""
    return [*ALL_MODELS, ChangeLog, RegistrySetting]


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
        return found
    if found == 0:
        with database.atomic():
            database.create_tables(current_models())
            _set_version(database, LATEST_VERSION)
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
    return found
