"""The command line's similar spellings and merge: `hamkor --lang uz list partners --search Rosiya` finds the Russian
partners; `hamkor merge … --dry-run` lists what would move and changes nothing; the merge itself is undone by a
restore."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

from tests.test_cli import hamkor, listed_json, sample_db  # noqa: F401 - the fixture


def test_a_similar_spelling_finds_the_russian_partners_in_uzbek(sample_db: Path) -> None:  # noqa: F811
    russian = {row["id"] for row in listed_json(sample_db, "partners") if row["country"] == "Russia"}
    result = hamkor("--db", str(sample_db), "--lang", "uz", "list", "partners", "--search", "Rosiya", "--format",
                    "json")  # fmt: skip
    assert result.returncode == 0, result.stderr
    found = {row["id"] for row in json.loads(result.stdout)}
    assert russian and russian <= found


def test_the_dry_run_lists_what_moves_and_the_merge_moves_it(sample_db: Path, tmp_path: Path) -> None:  # noqa: F811
    database = tmp_path / "merge.db"
    shutil.copy(sample_db, database)
    partners = {row["name"]: row["id"] for row in listed_json(database, "partners")}
    keep, other = partners["Russian State Library"], partners["National Library of Russia"]
    before = listed_json(database, "partners")

    dry = hamkor("--db", str(database), "merge", "partners", str(keep), str(other), "--dry-run")
    assert dry.returncode == 0, dry.stderr
    with sqlite3.connect(database) as connection:  # what the other partner has, counted in the file itself
        exchanges, gifts = (
            connection.execute(f"SELECT count(*) FROM {table} WHERE partner_id = ?", (other,)).fetchone()[0]
            for table in ("book_exchange", "protocol_gift")
        )
    assert exchanges and gifts
    assert f"Moves: Book exchange: Partner: {exchanges}" in dry.stdout
    assert f"Moves: Protocol gifts: Partner: {gifts}" in dry.stdout
    assert "nothing was changed" in dry.stdout
    assert listed_json(database, "partners") == before

    merged = hamkor("--db", str(database), "merge", "partners", str(keep), str(other))
    assert merged.returncode == 0, merged.stderr
    assert other not in {row["id"] for row in listed_json(database, "partners")}

    refused = hamkor("--db", str(database), "merge", "partners", str(keep), str(keep))
    assert refused.returncode != 0 and "itself" in refused.stderr
