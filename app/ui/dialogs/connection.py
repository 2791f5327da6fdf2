"""The shared registry's connection: server, port, database, user; the password lives in the system keyring.

The address saved in the settings never holds the password. Where the system has no keyring (a bare Linux session
without a Secret Service), the dialog says so and the password is asked for at each start instead of being written
to a file.
"""

from __future__ import annotations

import logging
from urllib.parse import quote, unquote, urlsplit

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from app.i18n import _

logger = logging.getLogger(__name__)

KEYRING_SERVICE = "Hamkor"
DEFAULT_PORT = 5432
#: Characters a password keeps as they are inside the address; others are %-escaped.
PASSWORD_SAFE = "!$&'()*+,;=-._~"


# -- the keyring -------------------------------------------------------------------------------------------------
def keyring_available() -> bool:
    """Whether the system offers a keyring to keep the password in (Windows Credential Manager, macOS Keychain,
    Secret Service on Linux)."""
    try:
        import keyring
        from keyring.backends import fail

        backend = keyring.get_keyring()
    except Exception as error:  # noqa: BLE001 - a broken keyring setup is "no keyring"
        logger.info("no keyring: %s", error)
        return False
    return not isinstance(backend, fail.Keyring) and getattr(backend, "priority", 0) > 0


def credential_name(url: str) -> str:
    """Under which name the password of a server account is kept: user@host:port/database."""
    parts = urlsplit(url)
    return f"{unquote(parts.username or '')}@{parts.hostname or 'localhost'}:{parts.port or DEFAULT_PORT}{parts.path}"


def stored_password(url: str) -> str | None:
    """The password kept for this account, or None."""
    if not keyring_available():
        return None
    import keyring

    try:
        return keyring.get_password(KEYRING_SERVICE, credential_name(url))
    except Exception as error:  # noqa: BLE001 - a locked or broken keyring: ask instead
        logger.warning("cannot read the keyring: %s", error)
        return None


def remember_password(url: str, password: str) -> bool:
    """Keep the password in the system keyring; False (nothing written anywhere) when there is none."""
    if not keyring_available():
        return False
    import keyring

    try:
        keyring.set_password(KEYRING_SERVICE, credential_name(url), password)
    except Exception as error:  # noqa: BLE001
        logger.warning("cannot write to the keyring: %s", error)
        return False
    return True


def forget_password(url: str) -> None:
    """Remove a kept password (if any)."""
    if not keyring_available():
        return
    import keyring
    from keyring.errors import PasswordDeleteError

    try:
        keyring.delete_password(KEYRING_SERVICE, credential_name(url))
    except PasswordDeleteError:
        pass
    except Exception as error:  # noqa: BLE001
        logger.warning("cannot remove the password from the keyring: %s", error)


# -- addresses ---------------------------------------------------------------------------------------------------
def postgresql_url(*, host: str, port: int, database: str, user: str, password: str = "") -> str:
    """The address of a PostgreSQL registry (with the password only when one is given)."""
    account = quote(user, safe="") + (":" + quote(password, safe=PASSWORD_SAFE) if password else "")
    return f"postgresql://{account}@{host}:{int(port)}/{quote(database, safe='')}"


def with_password(value: str | None) -> str | None:
    """The address to connect with: a PostgreSQL address without a password gets the one kept in the keyring."""
    if not value or not value.startswith(("postgresql://", "postgres://")):
        return value
    parts = urlsplit(value)
    if parts.password or not parts.username:
        return value
    password = stored_password(value)
    if not password:
        return value
    return postgresql_url(
        host=parts.hostname or "localhost",
        port=parts.port or DEFAULT_PORT,
        database=unquote(parts.path.lstrip("/")),
        user=unquote(parts.username),
        password=password,
    )


class ConnectionDialog(QDialog):
    """Where the shared registry is: server, port, database, account; Test connection; OK keeps the settings."""

    def __init__(self, current: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("connection_dialog")
        self.setWindowTitle(_("Shared registry (PostgreSQL)"))
        parts = urlsplit(current) if current.startswith(("postgresql://", "postgres://")) else None
        self.host = QLineEdit(parts.hostname if parts and parts.hostname else "")
        self.host.setObjectName("connection_host")
        self.host.setPlaceholderText("db.library.uz")
        self.port = QSpinBox()
        self.port.setObjectName("connection_port")
        self.port.setRange(1, 65535)
        self.port.setValue(parts.port if parts and parts.port else DEFAULT_PORT)
        self.database = QLineEdit(unquote(parts.path.lstrip("/")) if parts and parts.path.strip("/") else "hamkor")
        self.database.setObjectName("connection_database")
        self.user = QLineEdit(unquote(parts.username) if parts and parts.username else "")
        self.user.setObjectName("connection_user")
        self.password = QLineEdit()
        self.password.setObjectName("connection_password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.remember = QCheckBox(_("Remember the password in the system keyring"))
        self.remember.setObjectName("connection_remember")
        self.has_keyring = keyring_available()
        self.keyring_note = QLabel()
        self.keyring_note.setObjectName("connection_keyring_note")
        self.keyring_note.setWordWrap(True)
        if self.has_keyring:
            if current and stored_password(current):
                self.password.setPlaceholderText(_("(kept in the keyring)"))
                self.remember.setChecked(True)
        else:
            self.remember.setChecked(False)
            self.remember.setEnabled(False)
            self.keyring_note.setText(
                _(
                    "This system has no keyring, so the password cannot be remembered safely. Hamkor will not write it "
                    "to a file: you will be asked for it when Hamkor starts."
                )
            )
        self.status = QLabel()
        self.status.setObjectName("connection_status")
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        test = QPushButton(_("Test connection"))
        test.setObjectName("connection_test")
        test.clicked.connect(self.test_connection)

        form = QFormLayout()
        form.addRow(_("Server"), self.host)
        form.addRow(_("Port"), self.port)
        form.addRow(_("Database"), self.database)
        form.addRow(_("User"), self.user)
        form.addRow(_("Password"), self.password)
        form.addRow("", self.remember)
        form.addRow("", self.keyring_note)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.addButton(test, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.status)
        layout.addWidget(buttons)
        self.resize(520, self.sizeHint().height())

    def url(self) -> str:
        """The registry's address for the settings: without the password."""
        return postgresql_url(
            host=self.host.text().strip(),
            port=self.port.value(),
            database=self.database.text().strip(),
            user=self.user.text().strip(),
        )

    def connection_url(self) -> str:
        """The address to connect with now: with the typed password, else the one kept in the keyring."""
        password = self.password.text()
        if not password:
            return with_password(self.url()) or self.url()
        return postgresql_url(
            host=self.host.text().strip(),
            port=self.port.value(),
            database=self.database.text().strip(),
            user=self.user.text().strip(),
            password=password,
        )

    def problem(self) -> str | None:
        """What is missing before the settings can be kept."""
        if not self.host.text().strip():
            return _("Enter the server's name or address.")
        if not self.database.text().strip():
            return _("Enter the database's name.")
        if not self.user.text().strip():
            return _("Enter your user name on the server.")
        return None

    def test_connection(self) -> bool:
        """Connect once and say how it went (and whether this account may change the registry)."""
        from app.models.database import DatabaseError, DatabaseLocation, connect
        from app.services.storage.permissions import read_only_reason

        problem = self.problem()
        if problem:
            self.status.setText(problem)
            return False
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            database = connect(DatabaseLocation(self.connection_url()))
        except DatabaseError as error:
            self.status.setText(str(error))
            return False
        finally:
            QApplication.restoreOverrideCursor()
        try:
            tables = database.get_tables()
            reason = read_only_reason(database) if "partner" in tables else None
        finally:
            database.close()
        if not tables:
            text = _("Connected. The database is empty: Hamkor creates the registry in it when it opens it.")
        elif reason:
            text = _("Connected, read-only: {reason}").format(reason=reason)
        else:
            text = _("Connected. You may read and change the registry.")
        self.status.setText(text)
        return True

    def accept(self) -> None:
        problem = self.problem()
        if problem:
            self.status.setText(problem)
            return
        password = self.password.text()
        if password and self.remember.isChecked():
            if not remember_password(self.url(), password):
                self.status.setText(_("The password could not be kept in the keyring."))
        elif not self.remember.isChecked():
            forget_password(self.url())
        super().accept()
