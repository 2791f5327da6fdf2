"""The previews' “Save the problems…” button: every problem found, saved as an Excel workbook to correct files by."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QHBoxLayout, QLabel, QMessageBox, QPushButton, QWidget

from app.i18n import _
from app.ui.imports.pages import ImportSteps

logger = logging.getLogger(__name__)

#: What a preview checked: (workbook, plan) of each table, and the notes about files that could not be read.
Checked = tuple[Sequence[tuple[Path | str, Any]], Sequence[str]]


class ProblemReportButton(QWidget):
    """A button that saves the preview's problems (on the wizard's worker thread) and a note saying where."""

    def __init__(self, owner: ImportSteps, checked: Callable[[], Checked], name: str) -> None:
        super().__init__()
        self.owner = owner
        self.checked = checked
        self.button = QPushButton(_("&Save the problems…"))
        self.button.setObjectName(name)
        self.button.setToolTip(_("Save every problem (file, sheet, row, column, value) as an Excel workbook"))
        self.button.setEnabled(False)
        self.button.clicked.connect(lambda: self.save())
        self.note = QLabel()
        self.note.setObjectName(f"{name}_note")
        self.note.setWordWrap(True)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.note, 1)
        layout.addWidget(self.button)
        self.saved: Path | None = None

    def refresh(self) -> None:
        """Enable the button when the preview found problems; forget the last note (a new check began or ended)."""
        tables, notes = self.checked()
        self.button.setEnabled(bool(notes) or any(plan.problems for _path, plan in tables))
        self.note.clear()

    def save(self, path: Path | None = None) -> None:
        """Ask where (unless `path` is given), then write the workbook on the worker thread."""
        from app.exporters.progress import ExportCancelled
        from app.services.imports.problem_report import write_problem_report

        tables, notes = self.checked()
        if path is None:
            from app.ui.dialogs.file_dialogs import save_path

            files = list(dict.fromkeys(Path(workbook).stem for workbook, _plan in tables))
            what = _("Import problems") + (f" {files[0]}" if len(files) == 1 else "")
            path = save_path(
                self, _("Save the problems"), what=what, suffix=".xlsx", filters=_("Excel workbook (*.xlsx)")
            )
            if path is None:
                return
        target = path
        self.button.setEnabled(False)
        self.note.setText(_("Saving the problems…"))

        def work(progress: Callable[[int, int], None]) -> Any:
            try:
                return write_problem_report(tables, target, notes=notes, progress=progress,
                                            cancelled=self.owner.cancelled)  # fmt: skip
            except (OSError, ExportCancelled) as error:
                return error

        self.owner.start(work, lambda result: self._saved(target, result))

    def _saved(self, path: Path, result: Any) -> None:
        self.button.setEnabled(True)
        if isinstance(result, BaseException):
            self.note.clear()
            if isinstance(result, OSError):
                reason = result.strerror or str(result)
                QMessageBox.warning(self, _("Not saved"),
                                    _("Cannot write “{path}”: {reason}").format(path=path, reason=reason))  # fmt: skip
            return
        self.saved = path
        self.note.setText(_("The problems are saved in “{name}”.").format(name=path.name))
