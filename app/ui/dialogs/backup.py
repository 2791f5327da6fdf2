"""Backup & restore: the copies with their date, size and state; Back up now; Restore… with confirmation."""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path

import peewee as pw
from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHeaderView,
    QLabel,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.i18n import _, format_datetime
from app.models.base import db
from app.models.database import DatabaseLocation, close_database, open_database
from app.services.attachments import human_size
from app.services.storage import backup, restore
from app.ui.shell import settings as app_settings
from app.ui.shell import tasks
from app.ui.shell.hub import hub

logger = logging.getLogger(__name__)


def taken_at_text(taken_at: dt.datetime) -> str:
    """When a copy was taken (stored in UTC), in the officer's time zone and language."""
    local = taken_at.replace(tzinfo=dt.UTC).astimezone()
    return format_datetime(local)


def current_location() -> DatabaseLocation:
    """The open registry's location (for PostgreSQL with the account it was opened with)."""
    database = db.obj
    if database is None:
        raise backup.BackupError(_("No database is open."))
    if not isinstance(database, pw.PostgresqlDatabase):
        return DatabaseLocation(str(database.database))
    from app.ui.dialogs.connection import postgresql_url

    params = database.connect_params
    return DatabaseLocation(
        postgresql_url(
            host=params.get("host") or "localhost",
            port=params.get("port") or 5432,
            database=database.database,
            user=params.get("user") or "",
            password=params.get("password") or "",
        )
    )


class BackupDialog(QDialog):
    """The registry's copies, making one now, and restoring one."""

    #: A backup or a restore ended (True: it succeeded).
    work_done = Signal(bool)

    def __init__(
        self, location: DatabaseLocation | None = None, *, folder: Path | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("backup_dialog")
        self.setWindowTitle(_("Backup and restore"))
        self.location = location or current_location()
        self.folder = folder or backup.backup_folder(self.location, app_settings.configured_backup_folder())
        self.stem = backup.copy_name(self.location)

        self.where = QLabel(_("Copies in “{folder}”").format(folder=self.folder))
        self.where.setObjectName("backup_folder_label")
        self.where.setWordWrap(True)
        self.where.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.table = QTableWidget(0, 3)
        self.table.setTabKeyNavigation(False)  # Tab leaves the list; the arrows move in it
        self.table.setObjectName("backup_table")
        self.table.setAccessibleName(_("Backups"))
        self.table.setHorizontalHeaderLabels([_("Taken"), _("Size"), _("State")])
        self.table.verticalHeader().setVisible(False)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.doubleClicked.connect(lambda _index: self.restore_selected())
        self.none_yet = QLabel(
            _("No copies yet. Hamkor makes one when you close it after a change, and once a day; or click Back up now.")
        )
        self.none_yet.setObjectName("backup_none_yet")
        self.none_yet.setWordWrap(True)
        self.progress = QProgressBar()
        self.progress.setObjectName("backup_progress")
        self.progress.hide()
        self.status = QLabel()
        self.status.setObjectName("backup_status")
        self.status.setWordWrap(True)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        self.backup_button = QPushButton(_("Back up now"))
        self.backup_button.setObjectName("backup_now")
        self.backup_button.clicked.connect(self.back_up_now)
        self.restore_button = QPushButton(_("Restore…"))
        self.restore_button.setObjectName("backup_restore")
        self.restore_button.clicked.connect(self.restore_selected)
        for button in (self.backup_button, self.restore_button):
            buttons.addButton(button, QDialogButtonBox.ButtonRole.ActionRole)
        layout = QVBoxLayout(self)
        layout.addWidget(self.where)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.none_yet)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        layout.addWidget(buttons)
        self.resize(640, 420)
        app_settings.restore_geometry(self, "backup_dialog")
        self.refresh()

    # -- the list ----------------------------------------------------------------------------------------------
    def refresh(self) -> None:
        """List the copies, newest first, with their state (checked or damaged)."""
        copies = backup.list_backups(self.folder, self.stem)
        good = {copy.path for copy in backup.good_copies(self.folder, self.stem)} if copies else set()
        self.copies = copies
        self.table.setRowCount(len(copies))
        for row, copy in enumerate(copies):
            state = _("checked") if copy.path in good else _("damaged")
            for column, text in enumerate((taken_at_text(copy.taken_at), human_size(copy.size), state)):
                item = QTableWidgetItem(text)
                item.setData(Qt.ItemDataRole.UserRole, str(copy.path))
                if column == 1:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(row, column, item)
        if copies:
            self.table.selectRow(0)
        self.none_yet.setVisible(not copies)

    def selected_copy(self) -> Path | None:
        """The copy selected in the list."""
        rows = self.table.selectionModel().selectedRows()
        return Path(self.table.item(rows[0].row(), 0).data(Qt.ItemDataRole.UserRole)) if rows else None

    # -- backing up --------------------------------------------------------------------------------------------
    def back_up_now(self) -> None:
        """Make a checked copy in the background; the list shows it when done."""
        location, folder = self.location, self.folder
        self._busy(True, _("Backing up…"))
        tasks.run_in_background(
            lambda progress, _cancelled: backup.backup_now(location, folder=folder, progress=progress),
            progress=self._progress,
            done=self._backed_up,
            failed=self._failed,
            owner=self,
        )

    @Slot(int, int)
    def _progress(self, done: int, total: int) -> None:
        self.progress.setMaximum(max(total, 1))
        self.progress.setValue(min(done, total))

    @Slot(object)
    def _backed_up(self, result: backup.BackupResult) -> None:
        self._busy(False, _("Backup written and checked: {path}").format(path=result.path))
        self.refresh()
        self.work_done.emit(True)

    @Slot(object)
    def _failed(self, error: BaseException) -> None:
        logger.warning("backup failed: %s", error)
        self._busy(
            False,
            str(error)
            if isinstance(error, backup.BackupError)
            else _("The backup failed: {reason}").format(reason=error),
        )
        self.work_done.emit(False)

    def _busy(self, busy: bool, text: str) -> None:
        self.backup_button.setEnabled(not busy)
        self.restore_button.setEnabled(not busy)
        self.progress.setVisible(busy)
        self.progress.setRange(0, 0)
        self.status.setText(text)

    # -- restoring ---------------------------------------------------------------------------------------------
    def restore_selected(self) -> bool:
        """Restore the selected copy (or a file chosen now) after the officer confirmed."""
        if self.location.is_postgresql:
            QMessageBox.information(
                self,
                _("Restore"),
                _(
                    "A shared registry is restored by its administrator, for everyone at once, with "
                    "“hamkor restore FILE --replace” while nobody is working in it."
                ),
            )
            return False
        copy = self.selected_copy()
        if copy is None:
            chosen, _filter = QFileDialog.getOpenFileName(
                self, _("Restore a copy"), str(self.folder), _("Hamkor database (*.db);;All files (*)")
            )
            if not chosen:
                return False
            copy = Path(chosen)
        problems = backup.verify_copy(copy)
        if problems:
            QMessageBox.warning(self, _("Not restored"), problems[0])
            return False
        answer = QMessageBox.question(
            self,
            _("Restore this copy?"),
            _(
                "Replace the registry by the copy “{name}”? Changes made after it was taken will not be in the "
                "registry; the database as it is now is kept beside it, renamed with today's date."
            ).format(name=copy.name),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return False
        return self._restore(copy)

    def _restore(self, copy: Path) -> bool:
        target = self.location.sqlite_path
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            close_database()
            result = restore.restore_sqlite(copy, target)
        except (backup.BackupError, OSError) as error:
            QApplication.restoreOverrideCursor()
            open_database(str(target))
            QMessageBox.warning(self, _("Not restored"), str(error))
            self.work_done.emit(False)
            return False
        open_database(str(target))
        QApplication.restoreOverrideCursor()
        hub.data_reset.emit()
        self.refresh()
        text = _("The copy “{name}” was restored.").format(name=copy.name)
        if result.replaced_aside is not None:
            text += " " + _("The replaced database was kept as “{path}”.").format(path=result.replaced_aside)
        self.status.setText(text)
        QMessageBox.information(self, _("Restored"), text)
        self.work_done.emit(True)
        return True

    def done(self, result: int) -> None:
        app_settings.save_geometry(self, "backup_dialog")
        super().done(result)
