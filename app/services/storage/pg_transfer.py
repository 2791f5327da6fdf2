"""The portable copy of a shared PostgreSQL registry: exported into an SQLite file, imported into an empty registry."""

from __future__ import annotations

import logging
import shutil
import sqlite3
import tempfile
from collections.abc import Iterator
from pathlib import Path

import peewee as pw

from app.i18n import _
from app.models.database import DatabaseLocation
from app.models.migrations import LATEST_VERSION, current_models, stored_version
from app.services.storage.registry_file import (
    BackupError,
    Progress,
    keep_if_sound,
    migrate_file,
    part_path,
    schema_version_of,
    verify_copy,
)

logger = logging.getLogger(__name__)


def _batch_size(model: type[pw.Model]) -> int:
    from app.models import AttachmentContent

    return 8 if model is AttachmentContent else 500


def _plain(row: dict) -> dict:
    """A row ready for the other database: bytes passed as they are (a blob field would wrap them in the
    binary type of the database its model is bound to)."""
    return {
        key: pw.Value(bytes(value), unpack=False) if isinstance(value, (bytes, memoryview)) else value
        for key, value in row.items()
    }


def _rows(model: type[pw.Model], database: pw.Database) -> Iterator[list[dict]]:
    """A table's rows from `database`, in primary-key order, a batch at a time (attachments a few at a time)."""
    key = model._meta.primary_key
    last = None
    while True:
        query = model.select().order_by(key).limit(_batch_size(model))
        if last is not None:
            query = query.where(key > last)
        batch = [_plain(row) for row in query.dicts().execute(database)]
        if not batch:
            return
        yield batch
        last = batch[-1][key.name]


def _copy_tables(source: pw.Database, target: pw.Database, models: list, progress: Progress | None) -> dict[str, int]:
    counts: dict[str, int] = {}
    for number, model in enumerate(models, start=1):
        self_refs = [fk for fk in model._meta.refs if fk.rel_model is model]
        counts[model._meta.table_name] = 0
        for batch in _rows(model, source):
            later = [(row[model._meta.primary_key.name], {fk.name: row[fk.name]}) for row in batch for fk in self_refs]
            rows = [{**row, **{fk.name: None for fk in self_refs}} for row in batch]
            model.insert_many(rows).as_rowcount().execute(target)
            for key, values in later:  # a row may point to one with a higher id: link it once both exist
                if any(value is not None for value in values.values()):
                    model.update(values).where(model._meta.primary_key == key).execute(target)
            counts[model._meta.table_name] += len(batch)
        if progress:
            progress(number, len(models))
    return counts


def export_postgresql(database: pw.Database, target: Path, *, progress: Progress | None = None) -> dict[str, int]:
    """Copy every table of a PostgreSQL registry into a new SQLite file with the same tables, from one consistent
    snapshot; the file is checked like any backup. Return the number of rows per table."""
    found = stored_version(database)
    if found != LATEST_VERSION:
        raise BackupError(
            _("The shared registry has schema {found}; this Hamkor copies schema {latest}.").format(
                found=found, latest=LATEST_VERSION
            )
        )
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = part_path(target)
    partial.unlink(missing_ok=True)
    copy = pw.SqliteDatabase(str(partial), pragmas={"foreign_keys": 0, "journal_mode": "delete"})
    models = current_models()
    try:
        copy.connect()
        with copy.atomic():
            for model in models:
                pw.SchemaManager(model, copy).create_all(safe=False)
            with database.atomic(isolation_level="REPEATABLE READ, READ ONLY"):
                counts = _copy_tables(database, copy, models, progress)
        dangling = copy.execute_sql("PRAGMA foreign_key_check").fetchall()
        if dangling:
            message = _("The copy refers to missing records ({count}); it was discarded.")
            raise BackupError(message.format(count=len(dangling)))
    except (pw.DatabaseError, sqlite3.Error, OSError) as error:
        copy.close()
        partial.unlink(missing_ok=True)
        raise BackupError(
            _("The backup could not be written to “{path}”: {reason}").format(path=target, reason=error)
        ) from error
    except BackupError:
        copy.close()
        partial.unlink(missing_ok=True)
        raise
    copy.close()
    keep_if_sound(partial, target)
    return counts


def _is_empty(database: pw.Database, models: list) -> bool:
    from app.models import SchemaVersion
    from app.models.schema import RegistryIdentity

    kept = (SchemaVersion, RegistryIdentity)
    return not any(model.select().limit(1).exists(database) for model in models if model not in kept)


def other_sessions(database: pw.Database) -> list[str]:
    """Who else is connected to the shared registry's database: "user@address (program)" for each session."""
    rows = database.execute_sql(
        "SELECT coalesce(usename, ''), coalesce(host(client_addr), 'local'), coalesce(application_name, '') "
        "FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() "
        "AND backend_type = 'client backend' ORDER BY backend_start"
    ).fetchall()
    return [f"{user}@{host}" + (f" ({program})" if program else "") for user, host, program in rows]


def import_into_postgresql(database: pw.Database, copy: Path, *, replace: bool = False) -> dict[str, int]:
    """Load a checked copy into a PostgreSQL registry of the current schema, in one transaction.

    A registry that already holds records is refused unless `replace` (then everything in it is replaced).
    An older copy is migrated first (on a temporary duplicate: the copy itself is not changed).
    """
    from app.models import SchemaVersion

    problems = verify_copy(copy)
    if problems:
        raise BackupError(_("This copy cannot be restored: {detail}").format(detail=problems[0]))
    if stored_version(database) != LATEST_VERSION:
        raise BackupError(_("The shared registry's schema is not current; open it with Hamkor once, then restore."))
    models = [model for model in current_models() if model is not SchemaVersion]
    with tempfile.TemporaryDirectory(prefix="hamkor-restore-") as folder:
        source_path = copy
        if schema_version_of(copy) < LATEST_VERSION:
            source_path = Path(folder) / "copy.db"
            shutil.copyfile(copy, source_path)
            migrate_file(DatabaseLocation(str(source_path)))
        source = pw.SqliteDatabase(str(source_path))
        source.connect()
        try:
            with database.atomic():
                if not _is_empty(database, models):
                    if not replace:
                        raise BackupError(
                            _("The shared registry already holds records. Restore over them only with --replace.")
                        )
                    others = other_sessions(database)
                    if others:
                        raise BackupError(
                            _(
                                "Others are connected to the shared registry: {who}. Replacing its records needs it "
                                "alone: ask them to close Hamkor, then restore."
                            ).format(who=", ".join(others))
                        )
                    tables = ", ".join(f'"{model._meta.table_name}"' for model in models)
                    database.execute_sql(f"TRUNCATE {tables} RESTART IDENTITY CASCADE")
                database.execute_sql('DELETE FROM "registry_identity"')  # the copy brings the registry's identity
                counts = _copy_tables(source, database, models, None)
                for model in models:
                    key = model._meta.primary_key
                    if isinstance(key, pw.AutoField):
                        table = model._meta.table_name
                        database.execute_sql(
                            f"SELECT setval(pg_get_serial_sequence('\"{table}\"', '{key.column_name}'), "
                            f'coalesce(max("{key.column_name}"), 1), max("{key.column_name}") IS NOT NULL) '
                            f'FROM "{table}"'
                        )
        finally:
            source.close()
    logger.info("restored %s into %s", copy, database.database)
    return counts
