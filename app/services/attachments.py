"""Files attached to records: stored in the database so that backups and the shared registry carry them."""

from __future__ import annotations

import hashlib
import logging
import mimetypes
from pathlib import Path

from babel.numbers import format_decimal

from app.i18n import _, babel_locale
from app.models import Attachment, AttachmentContent, db
from app.models.attachments import MAX_ATTACHMENT_BYTES

logger = logging.getLogger(__name__)


class AttachmentError(Exception):
    """A file cannot be attached or written; the message says why, in the interface language."""


def human_size(size: int) -> str:
    """A file size for people: 512 bytes, 1.5 MB …, in the interface language's number format."""
    units = [_("bytes"), _("KB"), _("MB"), _("GB")]
    value = float(size)
    unit = 0
    while value >= 1024 and unit < len(units) - 1:
        value /= 1024
        unit += 1
    number = format_decimal(round(value, 1) if unit else int(value), locale=babel_locale())
    return f"{number} {units[unit]}"


def add_attachment(register: str, record_id: int, path: Path, *, notes: str = "") -> Attachment:
    """Attach the file at `path` to a record; refuse files over the size limit."""
    try:
        size = path.stat().st_size
    except OSError as error:
        raise AttachmentError(
            _("Cannot read “{name}”: {reason}").format(name=path.name, reason=error.strerror)
        ) from error
    if size > MAX_ATTACHMENT_BYTES:
        raise AttachmentError(
            _("“{name}” is {size}; a file can be at most {limit}. Attach a smaller scan or a compressed copy.").format(
                name=path.name, size=human_size(size), limit=human_size(MAX_ATTACHMENT_BYTES)
            )
        )
    try:
        data = path.read_bytes()
    except OSError as error:
        raise AttachmentError(
            _("Cannot read “{name}”: {reason}").format(name=path.name, reason=error.strerror)
        ) from error
    mime = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
    with db.atomic():
        attachment = Attachment.create(
            register=register,
            record_id=record_id,
            file_name=path.name,
            mime_type=mime,
            size=len(data),
            sha256=hashlib.sha256(data).hexdigest(),
            notes=notes,
        )
        AttachmentContent.create(attachment=attachment, data=data)
    return attachment


def attachments_of(register: str, record_id: int) -> list[Attachment]:
    """The record's attachments (without their bytes), oldest first."""
    return list(
        Attachment.select()
        .where((Attachment.register == register) & (Attachment.record_id == record_id))
        .order_by(Attachment.id)
    )


def attachment_bytes(attachment_id: int) -> bytes:
    """The attachment's content, checked against its stored checksum."""
    attachment = Attachment.get_by_id(attachment_id)
    data = bytes(AttachmentContent.get_by_id(attachment_id).data)
    if hashlib.sha256(data).hexdigest() != attachment.sha256:
        raise AttachmentError(_("The stored copy of “{name}” is damaged.").format(name=attachment.file_name))
    return data


def save_attachment_as(attachment_id: int, target: Path) -> Path:
    """Write the attachment to `target`; a failed write leaves no half-written file."""
    data = attachment_bytes(attachment_id)
    partial = target.with_name(target.name + ".part")
    try:
        partial.write_bytes(data)
        partial.replace(target)
    except OSError as error:
        partial.unlink(missing_ok=True)
        raise AttachmentError(
            _("Cannot write “{path}”: {reason}").format(path=target, reason=error.strerror)
        ) from error
    return target


def remove_attachment(attachment_id: int) -> None:
    """Remove an attachment and its content."""
    with db.atomic():
        Attachment.get_by_id(attachment_id).delete_instance()
