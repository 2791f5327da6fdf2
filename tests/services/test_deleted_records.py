"""The store of deleted records: a deletion is undone with the original ids, children, links and attachment bytes."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import peewee as pw
import pytest

from app.models import Agreement, AgreementParty, ContactPerson, Partner, PlanItem, PlanLink, db
from app.models.base import ChangeLog
from app.models.database import close_database, open_database
from app.models.deleted import DeletedContent, DeletedRecord
from app.services.attachments import add_attachment, attachment_bytes, attachments_of
from app.services.changes import record_history
from app.services.registers import records
from app.services.registers.deleted_records import (
    RestoreRefused,
    deleted_records,
    entries_of_batch,
    purge_expired,
    restore,
)
from app.services.registers.list_query import ListQuery, select_ids


def partner(name: str, **values) -> int:  # noqa: ANN003
    data = records.empty_values("partners")
    data.update(name={"uz": "", "ru": "", "en": name, "orig": ""}, kind="national_library", country="KR", **values)
    return records.save_values("partners", data)


def agreement(number: str, parties: list[int]) -> int:
    data = records.empty_values("agreements")
    data.update(reg_number=number, title={"uz": "", "ru": "", "en": "Memorandum", "orig": ""}, kind="mou",
                parties=parties, status="in_force", signed_on=dt.date(2019, 10, 15))  # fmt: skip
    return records.save_values("agreements", data)


def snapshot(model: type[pw.Model], condition: pw.Node) -> list[dict]:
    return [
        {k: v for k, v in row.items() if k not in ("updated_at",)}
        for row in model.select().where(condition).order_by(model._meta.primary_key).dicts()
    ]


def reopen(url: str) -> None:
    close_database()
    open_database(url)


def test_an_agreement_comes_back_with_its_parties_links_and_attachment_bytes_after_a_restart(
    any_database, tmp_path: Path  # noqa: ANN001
) -> None:
    korea, china = partner("National Library of Korea"), partner("National Library of China")
    agreement_id = agreement("XA-2019/07", [korea, china])
    scan = tmp_path / "signed.pdf"
    scan.write_bytes(b"%PDF-1.4 signed scan \x00\xff" * 100)
    add_attachment("agreements", agreement_id, scan, notes="signed")
    item = PlanItem.create(year=2019, quarter=4, activity="agreement", description="Sign with Korea", status="done")
    PlanLink.create(plan_item=item, register="agreements", record_id=agreement_id)
    before = (
        snapshot(Agreement, Agreement.id == agreement_id),
        snapshot(AgreementParty, AgreementParty.agreement == agreement_id),
        [(a.id, a.file_name, a.sha256) for a in attachments_of("agreements", agreement_id)],
    )
    url = any_database.database if isinstance(any_database, pw.SqliteDatabase) else None

    batch = records.delete_records("agreements", [agreement_id])
    assert Agreement.get_or_none(Agreement.id == agreement_id) is None
    assert not attachments_of("agreements", agreement_id)
    assert not PlanLink.select().where(PlanLink.record_id == agreement_id).exists()
    if url is not None:  # the store survives closing the registry
        reopen(url)
    listed = deleted_records("agreements")
    assert [(e.record_id, e.label, e.deleted_by) for e in listed] == [(agreement_id, "Memorandum", "tester")]

    assert restore(entries_of_batch(batch)) == [("agreements", agreement_id)]
    after = (
        snapshot(Agreement, Agreement.id == agreement_id),
        snapshot(AgreementParty, AgreementParty.agreement == agreement_id),
        [(a.id, a.file_name, a.sha256) for a in attachments_of("agreements", agreement_id)],
    )
    assert after == before
    assert attachment_bytes(after[2][0][0]) == scan.read_bytes()
    assert [(link.plan_item_id, link.register) for link in PlanLink.select()] == [(item.id, "agreements")]
    assert record_history("agreements", agreement_id)[0].action == "restore"
    assert not DeletedRecord.select().exists() and not DeletedContent.select().exists()
    assert ChangeLog.select().where(ChangeLog.action == "restore").count() == 1


def test_a_partner_comes_back_with_its_contacts_and_the_links_that_pointed_to_it(any_database) -> None:  # noqa: ANN001
    parent = partner("Ministry")
    child = partner("Regional library", parent=parent)
    contact = ContactPerson.create(full_name="Kim Min-jun", partner=parent)
    batch = records.delete_records("partners", [parent])
    assert Partner.get_by_id(child).parent_id is None
    assert ContactPerson.get_or_none(ContactPerson.id == contact.id) is None
    restore(entries_of_batch(batch))
    assert Partner.get_by_id(child).parent_id == parent
    assert ContactPerson.get_by_id(contact.id).full_name == "Kim Min-jun"
    assert list(select_ids(ListQuery("partners", search="Ministry"))) == [parent]  # found again


def test_a_taken_id_is_refused_clearly_and_nothing_changes(any_database) -> None:  # noqa: ANN001
    first = partner("National Library of Korea")
    batch = records.delete_records("partners", [first])
    Partner.insert(id=first, name_en="Someone else", kind="library", search_text="").execute()
    with pytest.raises(RestoreRefused, match="taken"):
        restore(entries_of_batch(batch))
    assert Partner.get_by_id(first).name_en == "Someone else"
    assert len(deleted_records("partners")) == 1
    db.execute_sql("SELECT 1")  # the connection is still usable after the refusal


def test_deleted_records_are_kept_ninety_days(any_database) -> None:  # noqa: ANN001
    batch = records.delete_records("partners", [partner("Old partner")])
    DeletedRecord.update(deleted_at=dt.datetime(2020, 1, 1)).execute()
    assert purge_expired(dt.datetime(2020, 3, 30)) == 0
    assert purge_expired(dt.datetime(2020, 4, 1)) == 1
    assert entries_of_batch(batch) == []
