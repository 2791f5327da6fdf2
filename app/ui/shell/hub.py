"""The app-wide signal hub: pages refresh themselves when a record is saved or deleted anywhere."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal


class Hub(QObject):
    """Signals every page can listen to."""

    record_saved = Signal(str, int)  # register, record id
    records_deleted = Signal(str, list)  # register, ids
    data_reset = Signal()  # the whole database changed (sample data loaded, another database opened)


hub = Hub()
