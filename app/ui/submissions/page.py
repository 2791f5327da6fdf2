"""The departments' submissions page: a quarter chosen, its templates written, its returns read and reviewed, and
where every department and regional centre stands (who has replied, the reminder list, unreadable files)."""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from app.i18n import _, format_date, ngettext
from app.services.submissions.returns import read_returns
from app.services.submissions.status import PeriodStatus, period_status
from app.services.submissions.templates import write_templates
from app.ui.dialogs.file_dialogs import open_paths, remember_folder, start_folder
from app.ui.shell import tasks
from app.ui.submissions.review import ReviewPanel

logger = logging.getLogger(__name__)


class SubmissionsPage(QWidget):
    """Templates out, returns in, and the quarter's status."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("submissions_page")
        today = dt.date.today()
        previous = (today.month - 1) // 3 or 4  # the quarter just ended is the one reported on
        self.year = QSpinBox()
        self.year.setRange(1900, 2200)
        self.year.setValue(today.year - (previous == 4))
        self.quarter = QComboBox()
        for number in range(1, 5):
            self.quarter.addItem(_("Quarter {number}").format(number=number), number)
        self.quarter.setCurrentIndex(previous - 1)
        year_label, quarter_label = QLabel(_("&Year:")), QLabel(_("&Quarter:"))
        year_label.setBuddy(self.year)
        quarter_label.setBuddy(self.quarter)
        self.templates_button = QPushButton(_("&Write templates…"))
        self.templates_button.setToolTip(_("One workbook per department and centre, in its working language"))
        self.templates_button.clicked.connect(self.choose_template_folder)
        self.read_button = QPushButton(_("&Read returned files…"))
        self.read_button.clicked.connect(self.choose_returns)
        self.folder_button = QPushButton(_("Read a &folder…"))
        self.folder_button.clicked.connect(self.choose_return_folder)
        top = QHBoxLayout()
        for widget in (year_label, self.year, quarter_label, self.quarter):
            top.addWidget(widget)
        top.addStretch(1)
        for widget in (self.templates_button, self.read_button, self.folder_button):
            top.addWidget(widget)
        self.table = QTableWidget(0, 7)
        self.table.setTabKeyNavigation(False)  # Tab leaves the list; the arrows move in it
        self.table.setObjectName("submission_status")
        self.table.setAccessibleName(_("Departments and centres for the quarter"))
        self.table.setHorizontalHeaderLabels([
            _("Department or centre"), _("State"), _("Received"), _("Plan items done"), _("Moved"),
            _("Records added"), _("Rows rejected"),
        ])  # fmt: skip
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.counts = QLabel()
        self.reminders = QLabel()
        self.reminders.setWordWrap(True)
        self.reminders.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.copy_button = QPushButton(_("&Copy the reminder list"))
        self.copy_button.clicked.connect(self.copy_reminders)
        status_page = QWidget()
        status_layout = QVBoxLayout(status_page)
        status_layout.addWidget(self.counts)
        status_layout.addWidget(self.table, 1)
        status_layout.addWidget(self.reminders)
        status_layout.addWidget(self.copy_button, 0, Qt.AlignmentFlag.AlignLeft)
        self.review = ReviewPanel()
        self.review.written.connect(self.refresh)
        self.tabs = QTabWidget()
        self.tabs.addTab(status_page, _("Status"))
        self.tabs.addTab(self.review, _("Review returns"))
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.tabs, 1)
        self.year.valueChanged.connect(self.refresh)
        self.quarter.currentIndexChanged.connect(self.refresh)
        self.status: PeriodStatus | None = None
        self.refresh()

    def period(self) -> tuple[int, int]:
        """The year and quarter chosen."""
        return self.year.value(), int(self.quarter.currentData())

    def refresh(self) -> None:
        """Show where every unit stands for the chosen quarter."""
        year, quarter = self.period()
        self.status = status = period_status(year, quarter)
        self.table.setRowCount(len(status.units))
        for row, unit in enumerate(status.units):
            values = [unit.name, unit.state_text(), format_date(unit.received_at), unit.plan["done"],
                      unit.plan["moved"], unit.added, unit.rejected]  # fmt: skip
            for column, value in enumerate(values):
                item = QTableWidgetItem(str(value) if value != "" else "")
                if isinstance(value, int):
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(row, column, item)
        self.counts.setText(_("{replied} of {total} have replied.").format(
            replied=len(status.replied), total=len(status.units)))  # fmt: skip
        waiting = ", ".join(unit.name for unit in status.waiting) or _("nobody")
        text = _("Not yet replied: {units}").format(units=waiting)
        if status.unreadable:
            files = "; ".join(f"{row.file_name} ({row.message})" for row in status.unreadable)
            text += "\n" + _("Files that could not be read: {files}").format(files=files)
        self.reminders.setText(text)

    def copy_reminders(self) -> None:
        """Put the names of the units that have not replied on the clipboard, one a line."""
        if self.status is not None:
            QGuiApplication.clipboard().setText("\n".join(unit.name for unit in self.status.waiting))

    # -- templates out -----------------------------------------------------------------------------------------
    def choose_template_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, _("Folder for the templates"), str(start_folder()))
        if folder:
            remember_folder(Path(folder) / "x")
            self.write_templates_to(Path(folder))

    def write_templates_to(self, folder: Path) -> None:
        """Write the chosen quarter's templates into `folder` in the background."""
        year, quarter = self.period()

        def work(progress, cancelled):  # noqa: ANN001, ANN202 - the task's callbacks
            return write_templates(year=year, quarter=quarter, folder=folder, progress=progress)

        def done(paths: list[Path]) -> None:
            self.refresh()
            QMessageBox.information(self, _("Templates written"), ngettext(
                "{count} template written to {folder}.", "{count} templates written to {folder}.", len(paths)
            ).format(count=len(paths), folder=folder))  # fmt: skip

        tasks.run_task(self, title=_("Writing the templates…"), work=work, done=done, failed=self._failed)

    # -- returns in --------------------------------------------------------------------------------------------
    def choose_returns(self) -> None:
        paths = open_paths(self, _("Returned templates"), filters=_("Excel workbooks (*.xlsx *.xlsm)"), many=True)
        if paths:
            self.read_from(paths)

    def choose_return_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, _("Folder of returned templates"), str(start_folder()))
        if folder:
            self.read_from([Path(folder)])

    def read_from(self, paths: list[Path]) -> None:
        """Read returned files in the background, then show them for review."""
        year, quarter = self.period()

        def work(progress, cancelled):  # noqa: ANN001, ANN202 - the task's callbacks
            return read_returns(paths, year=year, quarter=quarter)

        def done(returns: list) -> None:
            self.review.show_returns(returns, year, quarter)
            self.tabs.setCurrentWidget(self.review)

        tasks.run_task(self, title=_("Reading the returned files…"), work=work, done=done, failed=self._failed)

    def _failed(self, error: BaseException) -> None:
        logger.warning("submissions job failed: %s", error)
        QMessageBox.warning(self, _("Not done"), str(error))
