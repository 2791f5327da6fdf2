"""Load sample data…: the sample written into an empty registry on the task runner, with progress and Cancel; the
window's pages refresh when it is in."""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtWidgets import QMainWindow, QMessageBox

from app.exporters.progress import ExportCancelled
from app.i18n import _
from app.ui.shell import tasks
from app.ui.shell.hub import hub

logger = logging.getLogger(__name__)


def load_sample_data(window: QMainWindow) -> None:
    """Load the sample data into an empty registry in the background; the pages are refreshed when it is in, the
    window says why when it is not."""
    from app.services.sample.loader import DemoRefused, load_demo

    if window.property("sample_loading"):  # one load at a time: the second would only be refused
        return
    window.setProperty("sample_loading", True)

    def work(progress: Any, cancelled: Any) -> dict[str, int]:
        return load_demo(progress=progress, cancelled=cancelled)

    def done(_counts: dict[str, int]) -> None:
        window.setProperty("sample_loading", False)
        hub.data_reset.emit()
        window.statusBar().showMessage(_("Sample data loaded."), 5000)

    def failed(error: BaseException) -> None:
        window.setProperty("sample_loading", False)
        if isinstance(error, ExportCancelled):  # rolled back: the registry is as it was
            window.statusBar().showMessage(_("The sample data was not loaded."), 5000)
        elif isinstance(error, DemoRefused):
            QMessageBox.information(window, _("Sample data"), str(error))
        else:
            logger.warning("the sample data could not be loaded", exc_info=error)
            QMessageBox.warning(window, _("Sample data"),
                                _("The sample data could not be loaded: {reason}").format(reason=error))  # fmt: skip

    tasks.run_task(window, title=_("Loading the sample data…"), work=work, done=done, failed=failed)
