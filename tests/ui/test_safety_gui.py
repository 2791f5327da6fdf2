"""Safety as an officer meets it: start-up checks, conflicts, history, backups, live updates, read-only, connection."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import keyring
import peewee as pw
import pytest
from keyring.backend import KeyringBackend
from keyring.backends import fail
from openpyxl import load_workbook
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QMessageBox

from app.models import Partner, db
from app.models.base import set_current_user
from app.models.database import DatabaseLocation, close_database, open_database
from app.services.registers import records
from app.services.storage import backup
from app.ui.dialogs.backup import BackupDialog
from app.ui.dialogs.connection import ConnectionDialog, keyring_available, stored_password, with_password
from app.ui.registers.conflict import ConflictDialog, Resolution, handle_conflict
from app.ui.registers.history import HistoryDialog
from app.ui.shell import settings as app_settings
from app.ui.shell.hub import hub
from app.ui.shell.live_updates import LiveUpdates, start_live_updates
from app.ui.shell.read_only import apply_read_only
from app.ui.shell.startup_checks import StartupSession, active_session, prepare_database, switch_session
from tests.exporters.test_xlsx_finish import assert_finished, header_of
from tests.services.test_backup import damage
from tests.services.test_shared_postgres import fresh_pg, in_thread, partner_values, reader, server  # noqa: F401
from tests.services.test_startup import HOLDER
from tests.ui.conftest import show_main_window, type_text

ROOT = Path(__file__).resolve().parents[2]


def saved_partner(**changes: object) -> int:
    return records.save_values("partners", partner_values(**changes))


def message_text(box: QMessageBox) -> str:
    return " ".join((box.text(), box.informativeText()))


# -- start-up ----------------------------------------------------------------------------------------------------
def test_a_second_start_on_the_same_file_says_so_and_brings_nothing_down(qtbot, dialogs, sqlite_path: Path) -> None:  # noqa: ANN001
    open_database(str(sqlite_path)).close()
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(sqlite_path)],
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        seen: list[str] = []

        def answer(box: QMessageBox) -> None:
            seen.append(message_text(box))
            box.button(QMessageBox.StandardButton.Ok).click()

        dialogs.expect(answer, kind=QMessageBox)
        assert prepare_database(str(sqlite_path)) is None
        assert "already open on this database" in seen[0] and f"process {holder.pid}" in seen[0]
        assert holder.poll() is None
    finally:
        holder.stdin.close()
        holder.wait(timeout=30)
    session = prepare_database(str(sqlite_path))  # the first app closed: this one starts
    assert session is not None and session.lock.held
    session.lock.release()


def _damaged_registry(path: Path, *, with_backup: bool) -> None:
    open_database(str(path))
    for number in range(300):
        Partner.create(name_en=f"Library {number}", kind="library", notes="x" * 200)
    if with_backup:
        backup.backup_now(DatabaseLocation(str(path)))
    Partner.create(name_en="Saved after the backup", kind="library")
    close_database()
    damage(path)


def test_a_damaged_database_is_restored_at_start_from_the_newest_good_backup(qtbot, dialogs, sqlite_path: Path) -> None:  # noqa: ANN001
    _damaged_registry(sqlite_path, with_backup=True)
    shown: list[str] = []

    def restore(box: QMessageBox) -> None:
        shown.append(message_text(box))
        next(button for button in box.buttons() if button.objectName() == "restore_backup").click()

    def acknowledge(box: QMessageBox) -> None:
        shown.append(message_text(box))
        box.button(QMessageBox.StandardButton.Ok).click()

    dialogs.expect(restore, kind=QMessageBox)
    dialogs.expect(acknowledge, kind=QMessageBox)
    session = prepare_database(str(sqlite_path))

    assert session is not None
    assert "found damage" in shown[0] and "newest good backup" in shown[0]
    assert "was restored" in shown[1] and ".replaced-" in shown[1]
    open_database(session.url)
    assert Partner.select().count() == 300
    close_database()
    session.lock.release()


def test_a_damaged_database_without_a_backup_is_left_alone_with_a_clear_message(
    qtbot, dialogs, sqlite_path: Path
) -> None:  # noqa: ANN001
    _damaged_registry(sqlite_path, with_backup=False)
    before = sqlite_path.read_bytes()
    shown: list[str] = []

    def quit_(box: QMessageBox) -> None:
        shown.append(message_text(box))
        box.buttons()[0].click()

    dialogs.expect(quit_, kind=QMessageBox)
    assert prepare_database(str(sqlite_path)) is None
    assert "No good backup was found" in shown[0]
    assert sqlite_path.read_bytes() == before
    assert not sqlite_path.with_name(sqlite_path.name + ".lock").exists()


def test_a_database_in_a_synced_folder_gets_a_warning_and_still_opens(qtbot, dialogs, tmp_path: Path) -> None:  # noqa: ANN001
    path = tmp_path / "Dropbox" / "hamkor.db"
    shown: list[str] = []

    def read(box: QMessageBox) -> None:
        shown.append(message_text(box))
        box.button(QMessageBox.StandardButton.Ok).click()

    dialogs.expect(read, kind=QMessageBox)
    session = prepare_database(str(path))
    assert session is not None and "synchronised by Dropbox" in shown[0] and "PostgreSQL" in shown[0]
    session.lock.release()


# -- a full disk and a read-only account: a clear message, nothing lost ------------------------------------------
def test_a_full_disk_during_a_save_says_so_and_keeps_the_data(qtbot, form, dialogs, database: pw.Database) -> None:  # noqa: ANN001
    record_id = saved_partner(city="Seoul")
    dialog = form("partners", record_id)
    dialog.widgets["city"].edit.clear()
    type_text(qtbot, dialog.widgets["city"].edit, "Busan")
    dialog.widgets["notes"].set_value("notes " * 50_000)  # 300,000 characters: more than the file may grow
    (pages,) = database.execute_sql("PRAGMA page_count").fetchone()
    database.execute_sql(f"PRAGMA max_page_count = {pages}")
    shown: list[str] = []

    def read(box: QMessageBox) -> None:
        shown.append(message_text(box))
        box.button(QMessageBox.StandardButton.Ok).click()

    dialogs.expect(read, kind=QMessageBox)
    assert dialog.save() is False
    assert "The disk is full" in shown[0] and "nothing was lost" in shown[0]
    assert "Traceback" not in shown[0]
    assert records.load_values("partners", record_id)[0]["city"] == "Seoul"
    assert dialog.isVisible() and dialog.widgets["city"].value() == "Busan"  # the typing is not lost either


@pytest.mark.postgres
def test_a_read_only_role_gets_a_read_only_window_and_a_clear_message(qtbot, form, dialogs, reader: str) -> None:  # noqa: ANN001, F811
    open_database(reader)
    window = show_main_window(qtbot, "reader")
    session = StartupSession(DatabaseLocation(reader), reader)
    session.attach(window)
    assert not window.main_actions["new"].isEnabled()
    assert window.statusBar().findChild(QLabel, "read_only_label").text() == "Read-only"

    dialog = form("partners", 1)
    type_text(qtbot, dialog.widgets["city"].edit, " Busan")
    qtbot.waitUntil(lambda: not dialog.save_button.isEnabled(), timeout=3000)
    shown: list[str] = []

    def read(box: QMessageBox) -> None:
        shown.append(message_text(box))
        box.button(QMessageBox.StandardButton.Ok).click()

    dialogs.expect(read, kind=QMessageBox)
    assert dialog.save() is False  # even past the disabled button, the server refuses: a sentence, no traceback
    assert "read-only for you" in shown[0]
    assert records.load_values("partners", 1)[0]["city"] == "Seoul"
    session.finish()


def test_apply_read_only_disables_new_delete_and_save_and_keeps_them_disabled(qtbot, form, window) -> None:  # noqa: ANN001
    saved_partner(city="Seoul")
    apply_read_only(window, "Your database account may read the registry but not change it.")
    for name in ("new", "delete", "sample"):
        assert not window.main_actions[name].isEnabled(), name

    window.show_page("partners")  # the window enables Delete on a register page: it stays disabled
    page = window.page("partners")
    qtbot.waitUntil(lambda: not page.actions_by_name["new"].isEnabled(), timeout=3000)
    assert not window.main_actions["delete"].isEnabled()
    assert not page.actions_by_name["delete"].isEnabled()
    assert window.main_actions["open"].isEnabled()  # reading stays possible

    dialog = form("partners", 1)
    qtbot.waitUntil(lambda: not dialog.save_button.isEnabled(), timeout=3000)
    type_text(qtbot, dialog.widgets["city"].edit, " Busan")  # the form validates and would enable Save
    assert not dialog.save_button.isEnabled()

    window.build()  # a language switch rebuilds menus, actions and pages
    qtbot.waitUntil(lambda: not window.main_actions["new"].isEnabled(), timeout=3000)
    window.show_page("contacts")
    qtbot.waitUntil(lambda: not window.page("contacts").actions_by_name["new"].isEnabled(), timeout=3000)
    assert not window.main_actions["delete"].isEnabled()


# -- conflicts ---------------------------------------------------------------------------------------------------
def test_the_conflict_dialog_shows_both_versions_side_by_side_with_the_differences_highlighted(
    qtbot, database: pw.Database
) -> None:  # noqa: ANN001
    mine = partner_values(city="Incheon", country="KR")
    theirs = partner_values(city="Busan", country="KR", email="intl@nl.go.kr")
    dialog = ConflictDialog("partners", mine, theirs, changed_by="colleague")
    qtbot.addWidget(dialog)
    rows = {
        dialog.table.item(row, 0).text(): (dialog.table.item(row, 1).text(), dialog.table.item(row, 2).text())
        for row in range(dialog.table.rowCount())
    }
    assert rows["City"] == ("Incheon", "Busan")
    assert rows["Country"] == ("South Korea", "South Korea")
    assert rows["E-mail"] == ("", "intl@nl.go.kr")
    assert dialog.differences == ["city", "email"]
    highlighted = {
        dialog.table.item(row, 0).text()
        for row in range(dialog.table.rowCount())
        if dialog.table.item(row, 1).background().color().name() == "#fff3c4"
    }
    assert highlighted == {"City", "E-mail"}
    assert "colleague saved this record" in dialog.findChild(QLabel, "conflict_intro").text()
    assert {r.value for r in dialog.buttons} == {"reload", "overwrite", "copy", "cancel"}
    dialog.buttons[Resolution.COPY].click()
    assert dialog.resolution is Resolution.COPY


def _conflicting_form(qtbot, form) -> tuple[int, object]:  # noqa: ANN001
    record_id = saved_partner(city="Seoul")
    dialog = form("partners", record_id)
    dialog.widgets["city"].edit.clear()
    type_text(qtbot, dialog.widgets["city"].edit, "Incheon")
    values, version = records.load_values("partners", record_id)
    set_current_user("colleague")
    records.save_values("partners", {**values, "city": "Busan"}, record_id=record_id, version=version)
    set_current_user("tester")
    return record_id, dialog


@pytest.mark.parametrize(
    ("choice", "stored_city", "form_city", "saved"),
    [
        ("overwrite", "Incheon", "Incheon", True),
        ("reload", "Busan", "Busan", False),
        ("cancel", "Busan", "Incheon", False),
    ],
)
def test_a_save_conflict_is_never_a_silent_overwrite(
    qtbot, form, dialogs, database: pw.Database, choice: str, stored_city: str, form_city: str, saved: bool
) -> None:  # noqa: ANN001
    record_id, dialog = _conflicting_form(qtbot, form)
    dialogs.expect(lambda conflict: conflict.buttons[Resolution(choice)].click(), kind=ConflictDialog)

    assert handle_conflict(dialog) is saved

    values, version = records.load_values("partners", record_id)
    assert values["city"] == stored_city
    assert version == (3 if saved else 2)
    assert dialog.widgets["city"].value() == form_city


def test_keep_mine_as_a_copy_saves_a_new_record_and_leaves_theirs(qtbot, form, dialogs, database: pw.Database) -> None:  # noqa: ANN001
    record_id, dialog = _conflicting_form(qtbot, form)
    dialogs.expect(lambda conflict: conflict.buttons[Resolution.COPY].click(), kind=ConflictDialog)

    assert handle_conflict(dialog) is True

    assert records.load_values("partners", record_id)[0]["city"] == "Busan"
    assert dialog.saved_id != record_id
    assert records.load_values("partners", dialog.saved_id)[0]["city"] == "Incheon"


# -- history -----------------------------------------------------------------------------------------------------
def test_the_history_of_a_record_is_shown_and_exported(
    qtbot, database: pw.Database, tmp_path: Path, monkeypatch
) -> None:  # noqa: ANN001
    record_id = saved_partner(city="Seoul")
    values, version = records.load_values("partners", record_id)
    set_current_user("colleague")
    records.save_values("partners", {**values, "city": "Busan"}, record_id=record_id, version=version)

    dialog = HistoryDialog("partners", record_id)
    qtbot.addWidget(dialog)
    table = dialog.table
    rows = [
        [table.item(row, column).text() for column in range(table.columnCount())] for row in range(table.rowCount())
    ]
    assert rows[0][1:] == ["colleague", "Changed", "City", "Seoul", "Busan"]
    assert ["tester", "Created", "Name (English)", "", "National Library of Korea"] in [row[1:] for row in rows]
    assert dialog.windowTitle() == "History: National Library of Korea"
    assert len(rows) > 2 and dialog.summary.text() == "2 changes recorded."  # two saves, not one per field

    target = tmp_path / "history.xlsx"
    asked: list[dict] = []
    monkeypatch.setattr("app.ui.dialogs.file_dialogs.save_path", lambda *args, **kwargs: asked.append(kwargs) or target)
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    assert asked[0]["suffix"] == ".xlsx" and asked[0]["what"] == "History: National Library of Korea"
    sheet = load_workbook(target).active
    assert_finished(sheet, date_format="d mmm yyyy hh:mm")
    top = header_of(sheet)
    exported = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=top)]
    assert exported[0] == ["When", "Who", "Action", "Field", "Before", "After"]
    assert exported[1][1:] == ["colleague", "Changed", "City", "Seoul", "Busan"]
    assert isinstance(exported[1][0], dt.datetime)
    assert len(exported) == len(rows) + 1


# -- live updates ------------------------------------------------------------------------------------------------
def test_changes_by_another_officer_appear_without_a_restart(qtbot, window) -> None:  # noqa: ANN001
    live = start_live_updates(window, interval_ms=50)

    def colleague() -> int:
        set_current_user("colleague")
        return saved_partner(city="Tashkent")

    with qtbot.waitSignal(hub.record_saved, timeout=5000) as arrived:
        theirs = in_thread(colleague)
    assert arrived.args == ["partners", theirs]
    qtbot.waitUntil(lambda: "changed by colleague" in window.statusBar().currentMessage(), timeout=3000)
    page = window.page("partners")
    qtbot.waitUntil(lambda: page.model.rowCount() == 1, timeout=3000)

    with qtbot.waitSignal(hub.records_deleted, timeout=5000) as gone:
        in_thread(records.delete_records, "partners", [theirs])
    assert gone.args == ["partners", [theirs]]
    live.stop()


def test_what_this_app_saved_itself_is_not_announced_twice(qtbot, database: pw.Database) -> None:  # noqa: ANN001
    live = LiveUpdates(interval_ms=60000)
    record_id = saved_partner(city="Seoul")
    hub.record_saved.emit("partners", record_id)  # as the form does after saving
    announced: list[tuple] = []
    hub.record_saved.connect(lambda *args: announced.append(args))
    live.poll()
    assert announced == []
    live.deleteLater()


# -- backups in the app ------------------------------------------------------------------------------------------
def test_back_up_now_and_restore_from_the_dialog(qtbot, dialogs, database: pw.Database) -> None:  # noqa: ANN001
    record_id = saved_partner(city="Seoul")
    dialog = BackupDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    assert dialog.table.rowCount() == 0
    assert dialog.none_yet.isVisible()  # an empty list says why it is empty

    with qtbot.waitSignal(dialog.work_done, timeout=10000) as done:
        dialog.backup_button.click()
    assert done.args == [True]
    assert dialog.table.rowCount() == 1
    assert not dialog.none_yet.isVisible()
    assert dialog.table.item(0, 2).text() == "checked"
    assert "Backup written and checked" in dialog.status.text()

    values, version = records.load_values("partners", record_id)
    records.save_values("partners", {**values, "city": "Busan"}, record_id=record_id, version=version)
    questions: list[str] = []

    def confirm(box: QMessageBox) -> None:
        questions.append(box.text())
        box.button(QMessageBox.StandardButton.Yes).click()

    dialogs.expect(confirm, kind=QMessageBox)
    dialogs.expect(lambda box: box.button(QMessageBox.StandardButton.Ok).click(), kind=QMessageBox)
    with qtbot.waitSignal(hub.data_reset, timeout=5000):
        dialog.restore_button.click()
    assert "Changes made after it was taken will not be in the registry" in questions[0]
    assert db.obj is not None and records.load_values("partners", record_id)[0]["city"] == "Seoul"
    assert list(Path(database.database).parent.glob("hamkor.replaced-*.db"))


# -- the shared registry's connection ----------------------------------------------------------------------------
class MemoryKeyring(KeyringBackend):
    """A keyring that lives in memory (a stand-in for the system's, which this machine does not have)."""

    priority = 1

    def __init__(self) -> None:
        super().__init__()
        self.secrets: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.secrets.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.secrets[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self.secrets.pop((service, username), None)


@pytest.fixture
def system_keyring():  # noqa: ANN201
    previous = keyring.get_keyring()
    memory = MemoryKeyring()
    keyring.set_keyring(memory)
    yield memory
    keyring.set_keyring(previous)


@pytest.fixture
def no_keyring():  # noqa: ANN201
    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    yield
    keyring.set_keyring(previous)


def _fill(qtbot, dialog: ConnectionDialog, *, password: str) -> None:  # noqa: ANN001
    for edit, text in (
        (dialog.host, "db.library.uz"),
        (dialog.database, "hamkor"),
        (dialog.user, "officer"),
        (dialog.password, password),
    ):
        edit.clear()
        type_text(qtbot, edit, text)


def test_the_password_goes_to_the_keyring_and_never_into_the_settings(qtbot, system_keyring) -> None:  # noqa: ANN001
    dialog = ConnectionDialog()
    qtbot.addWidget(dialog)
    _fill(qtbot, dialog, password="s3cret/ü")
    dialog.remember.setChecked(True)
    dialog.ok_button.click()

    assert dialog.url() == "postgresql://officer@db.library.uz:5432/hamkor"
    app_settings.put(app_settings.DATABASE_KEY, dialog.url())
    assert "s3cret" not in str(app_settings.get(app_settings.DATABASE_KEY))
    assert stored_password(dialog.url()) == "s3cret/ü"
    assert system_keyring.secrets == {("Hamkor", "officer@db.library.uz:5432/hamkor"): "s3cret/ü"}
    from playhouse.db_url import parse

    assert parse(with_password(dialog.url()), unquote_password=True)["password"] == "s3cret/ü"

    again = ConnectionDialog(dialog.url())
    qtbot.addWidget(again)
    assert (again.host.text(), again.port.value(), again.database.text(), again.user.text()) == (
        "db.library.uz",
        5432,
        "hamkor",
        "officer",
    )
    assert again.remember.isChecked() and again.password.text() == ""


def test_without_a_keyring_the_dialog_says_so_and_keeps_no_password(qtbot, no_keyring) -> None:  # noqa: ANN001
    assert not keyring_available()
    dialog = ConnectionDialog()
    qtbot.addWidget(dialog)
    assert not dialog.remember.isEnabled()
    assert "no keyring" in dialog.keyring_note.text()
    _fill(qtbot, dialog, password="s3cret")
    dialog.ok_button.click()
    assert stored_password(dialog.url()) is None
    assert with_password(dialog.url()) == dialog.url()


@pytest.mark.postgres
def test_test_connection_reaches_the_server_and_reports_the_account(qtbot, server: str) -> None:  # noqa: ANN001, F811
    from urllib.parse import urlsplit

    parts = urlsplit(server)
    dialog = ConnectionDialog(server)
    qtbot.addWidget(dialog)
    assert (dialog.host.text(), dialog.port.value(), dialog.user.text()) == (parts.hostname, parts.port, parts.username)
    assert dialog.test_connection() is True
    assert dialog.status.text().startswith("Connected")
    dialog.port.setValue(1)
    assert dialog.test_connection() is False
    assert "Cannot connect to the database server" in dialog.status.text()


def test_switching_to_another_database_moves_the_lock_and_refuses_one_open_elsewhere(
    qtbot, dialogs, tmp_path: Path
) -> None:  # noqa: ANN001
    first, second, busy = (tmp_path / f"{name}.db" for name in ("first", "second", "busy"))
    session = prepare_database(str(first))
    open_database(session.url)
    window = show_main_window(qtbot, str(first))
    session.attach(window)
    assert active_session() is session

    assert switch_session(str(second), window) == str(second)
    assert not session.lock.held and active_session().lock.held
    assert Path(db.obj.database) == second
    assert app_settings.get(app_settings.DATABASE_KEY) == str(second)

    open_database(str(busy)).close()
    open_database(str(second))
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(busy)], cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        dialogs.expect(lambda box: box.button(QMessageBox.StandardButton.Ok).click(), kind=QMessageBox)
        assert switch_session(str(busy), window) is None
        assert Path(db.obj.database) == second  # still on the registry it had
    finally:
        holder.stdin.close()
        holder.wait(timeout=30)
    active_session().finish()
    close_database()
