"""What keeps a form from being saved, shown in the form: a line per problem that takes you to its field."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel, QPushButton, QSizePolicy, QVBoxLayout, QWidget

from app.i18n import _
from app.ui.shell.icons import icon

LINE_STYLE = "QPushButton { text-align: left; color: #b00020; border: none; padding: 1px 4px; }"


class ProblemsPanel(QWidget):
    """The problems of a form, each a line naming its field; clicking one (or Space on it) goes to the field."""

    go_to = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("form_problems")
        self.heading = QLabel(_("Cannot be saved yet:"))
        self.heading.setObjectName("form_problems_heading")
        self.lines: dict[str, QPushButton] = {}
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(0)
        self._layout.addWidget(self.heading)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.hide()

    def show_problems(self, problems: list[tuple[str, str, str]]) -> bool:
        """Show `problems` as (field name, field label, message) — the panel hides when there are none; return
        whether the lines changed."""
        shown = {name: f"{label}: {message}" for name, label, message in problems}
        if list(shown) == list(self.lines) and all(self.lines[n].text() == t for n, t in shown.items()):
            return False  # nothing changed: no flicker while typing
        for line in self.lines.values():
            self._layout.removeWidget(line)
            line.deleteLater()
        self.lines.clear()
        for name, text in shown.items():
            line = QPushButton(icon("warning"), text)
            line.setObjectName(f"problem_{name}")
            line.setFlat(True)
            line.setAutoDefault(False)
            line.setStyleSheet(LINE_STYLE)
            line.setToolTip(_("Go to the field"))
            line.clicked.connect(lambda _checked=False, field=name: self.go_to.emit(field))
            self._layout.addWidget(line)
            self.lines[name] = line
        self.setVisible(bool(shown))
        return True
