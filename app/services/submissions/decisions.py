"""Writing what the officer decided about one unit's return: accepted rows become records linked to the unit and to
the plan items they fulfil, plan items take their new status, projects their progress; every decision is noted per
row. One transaction per unit: all of it, or — on any error — nothing."""

from __future__ import annotations

import logging
from typing import Any

import peewee as pw

from app.i18n import _
from app.models import ConflictError, PlanLink, Submission, SubmissionRow
from app.models.base import utc_now
from app.services.imports.importer import transaction
from app.services.imports.workbook import ImportRefused
from app.services.registers.records import InvalidValues, load_values, save_values, validate
from app.services.submissions.layout import TEMPLATE_VERSION, UNIT_FIELD
from app.services.submissions.returns import (
    CREATE_RECORD,
    LINK_RECORD,
    UPDATE_ITEM,
    UPDATE_PROJECT,
    Proposal,
    UnitReturn,
)

logger = logging.getLogger(__name__)


def proposal_values(ret: UnitReturn, proposal: Proposal) -> dict[str, Any]:
    """The values a proposed record is saved with: as read (or edited), linked to the unit when it names none."""
    values = dict(proposal.values)
    unit_field = UNIT_FIELD.get(proposal.register)
    if unit_field and not values.get(unit_field):
        values[unit_field] = ret.unit_id
    return values


def edit_problems(ret: UnitReturn, proposal: Proposal) -> dict[str, str]:
    """What is wrong with a proposed record's (edited) values, by field; empty when it can be saved."""
    return validate(proposal.register, proposal_values(ret, proposal))


def write_return(ret: UnitReturn) -> Submission:
    """Write the accepted rows of one unit's return and note every decision; raise ImportRefused (nothing written)
    when the registry changed under the preview so that a row can no longer be written."""
    if ret.refused or ret.unit_id is None:
        raise ImportRefused(ret.refused or _("This file names no unit."))
    now = utc_now()
    try:
        with transaction():
            submission = _submission(ret, now)
            SubmissionRow.delete().where(SubmissionRow.submission == submission.id).execute()
            for proposal in ret.proposals:
                if proposal.decision == "accept" and proposal.acceptable:
                    record_id, created = _accept(ret, proposal)
                    state = "accepted"
                else:
                    record_id, created, state = proposal.record_id, False, "rejected"
                SubmissionRow.create(
                    submission=submission, sheet=proposal.sheet, row=proposal.row, register=proposal.register,
                    record_id=record_id, plan_item=proposal.plan_item, state=state, created=created,
                    title=proposal.title[:500],
                )  # fmt: skip
    except ConflictError as error:
        raise ImportRefused(
            _("Someone changed a record of this return after it was read; nothing was written. Read it again.")
        ) from error
    except (InvalidValues, pw.IntegrityError, pw.DoesNotExist) as error:
        logger.info("return of unit %s refused: %s", ret.unit_id, error)
        raise ImportRefused(
            _("The registry changed after the return was read; nothing was written. Read it again.")
        ) from error
    logger.info("wrote the %s Q%s return of unit %s", ret.year, ret.quarter, ret.unit_id)
    return submission


def note_unreadable(ret: UnitReturn, *, year: int, quarter: int) -> Submission:
    """Note a file that could not be read (or was refused), so the period's status shows it."""
    now = utc_now()
    unit = ret.unit_id if ret.unit_id is not None and ret.year == year and ret.quarter == quarter else None
    return Submission.create(
        unit=unit, year=year, quarter=quarter, template_version=ret.version or TEMPLATE_VERSION, received_at=now,
        file_name=ret.path.name[:255], state="unreadable", message=ret.refused, changed_at=now,
    )  # fmt: skip


def _submission(ret: UnitReturn, now) -> Submission:  # noqa: ANN001 - a datetime
    found = Submission.get_or_none(
        (Submission.unit == ret.unit_id) & (Submission.year == ret.year) & (Submission.quarter == ret.quarter)
        & (Submission.state != "unreadable")
    )  # fmt: skip
    if found is None:
        found = Submission(unit=ret.unit_id, year=ret.year, quarter=ret.quarter)
    found.template_version = ret.version or TEMPLATE_VERSION
    found.received_at, found.changed_at = now, now
    found.file_name = ret.path.name[:255]
    found.state, found.message = "accepted", ""
    found.save()
    return found


def _accept(ret: UnitReturn, proposal: Proposal) -> tuple[int | None, bool]:
    """Write one accepted row; return the record it became (or changed) and whether it was created."""
    created = False
    if proposal.action == CREATE_RECORD:
        record_id = save_values(proposal.register, proposal_values(ret, proposal))
        created = True
    elif proposal.action == LINK_RECORD:
        record_id = proposal.record_id
    elif proposal.action == UPDATE_ITEM:
        record_id = proposal.record_id
        values, version = load_values("plan", record_id)
        values["status"] = proposal.values["status"]
        values["notes"] = _appended(values.get("notes", ""), proposal.values.get("comment", ""), ret)
        save_values("plan", values, record_id=record_id, version=version)
        return record_id, False
    elif proposal.action == UPDATE_PROJECT:
        record_id = proposal.record_id
        values, version = load_values("projects", record_id)
        values["status"] = proposal.values.get("status") or values["status"]
        values["outcomes"] = _appended(values.get("outcomes", ""), proposal.values.get("progress", ""), ret)
        save_values("projects", values, record_id=record_id, version=version)
    else:
        return proposal.record_id, False
    if proposal.plan_item is not None and record_id is not None:
        PlanLink.get_or_create(plan_item=proposal.plan_item, register=proposal.register, record_id=record_id)
    return record_id, created


def _appended(text: str, addition: str, ret: UnitReturn) -> str:
    if not addition:
        return text
    line = _("{year}, quarter {quarter}: {text}").format(year=ret.year, quarter=ret.quarter, text=addition)
    return f"{text}\n{line}" if text else line
