"""Files attached to records: stored in the database so that backups and the shared registry carry them."""

from __future__ import annotations

import hashlib
import logging
import mimetypes
import os
import re
import stat
import tempfile
import unicodedata
from pathlib import Path

from babel.numbers import format_decimal

from app.i18n import _, babel_locale
from app.models import Attachment, AttachmentContent, db
from app.models.attachments import MAX_ATTACHMENT_BYTES

logger = logging.getLogger(__name__)


class AttachmentError(Exception):
    """A file cannot be attached or written; the message says why, in the interface language."""


#: The longest file name kept (in characters; file systems allow 255 bytes, so a name is cut well before).
MAX_NAME_LENGTH = 120
#: Names Windows reserves for devices, whatever their extension.
_DEVICE_NAMES = frozenset(
    {"con", "prn", "aux", "nul", "conin$", "conout$"}
    | {f"{kind}{digit}" for kind in ("com", "lpt") for digit in "0123456789¹²³"}
)
_UNSAFE = re.compile(r'[<>:"/\\|?*]')


def safe_file_name(name: str, *, fallback: str = "attachment") -> str:
    """A file name that names one file in one folder on every system: the base name only, no separators, no control
    characters, no device names (CON, NUL …), no leading dots, at most MAX_NAME_LENGTH characters, the extension
    kept."""
    base = re.split(r"[/\\]", str(name))[-1]
    base = "".join(ch for ch in base if unicodedata.category(ch)[0] != "C")
    base = _UNSAFE.sub("_", base).strip().strip(". ").lstrip(".")
    stem, dot, suffix = base.rpartition(".")
    if not dot:
        stem, suffix = base, ""
    if stem.split(".")[0].strip().lower() in _DEVICE_NAMES or base.lower() in _DEVICE_NAMES:
        stem = "_" + stem if dot else "_" + base
        base = f"{stem}.{suffix}" if dot else stem
    if len(base) > MAX_NAME_LENGTH:
        suffix = suffix[:16] if dot else ""
        stem = (stem if dot else base)[: MAX_NAME_LENGTH - len(suffix) - 1].rstrip(". ")
        base = f"{stem}.{suffix}" if suffix else stem
    return base or fallback


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
    """Attach the regular file at `path` to a record; refuse devices, pipes and files over the size limit."""
    data = _read_regular_file(path)
    name = safe_file_name(path.name)
    mime = mimetypes.guess_type(name)[0] or "application/octet-stream"
    with db.atomic():
        attachment = Attachment.create(
            register=register,
            record_id=record_id,
            file_name=name,
            mime_type=mime,
            size=len(data),
            sha256=hashlib.sha256(data).hexdigest(),
            notes=notes,
        )
        AttachmentContent.create(attachment=attachment, data=data)
    return attachment


def _too_big(path: Path, size: int) -> AttachmentError:
    return AttachmentError(
        _("“{name}” is {size}; a file can be at most {limit}. Attach a smaller scan or a compressed copy.").format(
            name=path.name, size=human_size(size), limit=human_size(MAX_ATTACHMENT_BYTES)
        )
    )


def _read_regular_file(path: Path) -> bytes:
    """The bytes of a regular file, read with a count (a file that grows while read, or a device, stops at the
    limit); a device, a pipe or a folder is refused before it is opened."""
    not_a_file = AttachmentError(
        _("“{name}” is not an ordinary file (a folder, a device or a pipe); only files can be attached.").format(
            name=path.name
        )
    )
    try:
        if not stat.S_ISREG(os.stat(path).st_mode):
            raise not_a_file
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
        with open(descriptor, "rb", buffering=0) as handle:
            if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):  # replaced between the check and the open
                raise not_a_file
            data = handle.read(MAX_ATTACHMENT_BYTES + 1)
    except OSError as error:
        raise AttachmentError(
            _("Cannot read “{name}”: {reason}").format(name=path.name, reason=error.strerror)
        ) from error
    if len(data) > MAX_ATTACHMENT_BYTES:
        raise _too_big(path, max(len(data), path.stat().st_size))
    return data


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


def temporary_copy(attachment_id: int) -> Path:
    """Write the attachment into a new private temporary folder, under its sanitised name, for the system's viewer.

    The stored name never leaves that folder: separators, ``..``, device names and control characters are removed.
    """
    name = safe_file_name(Attachment.get_by_id(attachment_id).file_name)
    folder = Path(tempfile.mkdtemp(prefix="hamkor-"))
    target = folder / name
    if target.resolve().parent != folder.resolve():  # cannot happen after safe_file_name; checked all the same
        raise AttachmentError(_("The stored copy of “{name}” is damaged.").format(name=name))
    return save_attachment_as(attachment_id, target)


def remove_attachment(attachment_id: int) -> None:
    """Remove an attachment and its content."""
    with db.atomic():
        Attachment.get_by_id(attachment_id).delete_instance()
