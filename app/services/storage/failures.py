"""What a failed write means, for the officer: the cause behind the error that reached us (a failed rollback after a
full disk, a closed connection after a lost server), said in the interface language."""

from __future__ import annotations

import errno

from app.i18n import _
from app.services.storage.permissions import root_database_error

#: What the PostgreSQL driver says when the server went away (stopped, restarted, network cut).
_CONNECTION_LOST = (
    "connection already closed",
    "server closed the connection",
    "terminating connection",
    "could not receive data from server",
    "could not send data to server",
    "connection to server",
    "ssl syscall error",
    "the connection is closed",
)


def _chain(error: BaseException) -> list[BaseException]:
    seen: list[BaseException] = []
    current: BaseException | None = error
    while current is not None and all(current is not other for other in seen):
        seen.append(current)
        current = current.__cause__ or current.__context__
    return seen


def failure_cause(error: BaseException) -> str | None:
    """The cause of a failed write as a sentence, when it is one the officer can act on; else None."""
    for link in _chain(root_database_error(error)) + _chain(error):
        text = str(link).lower()
        if isinstance(link, OSError) and link.errno == errno.ENOSPC or "disk is full" in text or "no space" in text:
            return _("The disk is full. Nothing was written: free some space and try again.")
        if any(marker in text for marker in _CONNECTION_LOST):
            return _("The connection to the server was lost. Nothing was written: try again when it is back.")
        if "readonly" in text or "read-only" in text:
            return _("The database cannot be written to (it is read-only). Nothing was written.")
        if "database is locked" in text or "database is busy" in text:
            return _("The database is busy (another program is writing to it). Nothing was written: try again.")
    return None


def explain_failure(error: BaseException) -> str:
    """The failure in one line: its cause when known, else the first error of the chain as it was raised."""
    return failure_cause(error) or str(root_database_error(error)) or type(error).__name__
