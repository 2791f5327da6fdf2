"""What a failed write means for the officer, in their language: the database's refusals and the file system's."""

from __future__ import annotations

import peewee as pw

from app.i18n import _


def explain_database_error(error: Exception) -> str:
    """What a failed write means for the officer: locked, full disk, read-only, or a rule of the registry."""
    from app.services.storage.permissions import root_database_error

    error = root_database_error(error)  # a failed rollback can hide the real cause (a full disk)
    text = str(error).lower()
    if "locked" in text or "busy" in text:
        return _("The database is busy (another program is writing to it). Nothing was lost: try again in a moment.")
    if "disk" in text and ("full" in text or "space" in text) or "no space" in text:
        return _("The disk is full. Nothing was saved and nothing was lost: free some space and save again.")
    if "readonly" in text or "read-only" in text or "permission denied" in text:
        return _("The database cannot be written to (it is read-only for you). Nothing was saved.")
    if isinstance(error, pw.IntegrityError):
        return _("The registry refused the change because it breaks one of its rules: {reason}").format(reason=error)
    return _("The record could not be saved: {reason}").format(reason=error)


def explain_file_error(error: BaseException) -> str:
    """What a failed file write means for the officer (no space, no permission, file open elsewhere …)."""
    import errno

    if isinstance(error, OSError):
        if error.errno == errno.ENOSPC:
            return _("The disk is full. The file was not written; free some space and try again.")
        if error.errno in (errno.EACCES, errno.EPERM):
            return _("The file cannot be written there (no permission, or it is open in another program).")
        return _("The file could not be written: {reason}").format(reason=error.strerror or error)
    return _("The file could not be written: {reason}").format(reason=error)
