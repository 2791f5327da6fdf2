"""The start page: the registry at a glance, with a way into every register (the dashboard grows here)."""

from __future__ import annotations

import html

from PySide6.QtCore import QLocale, Qt, Signal
from PySide6.QtWidgets import QGridLayout, QGroupBox, QLabel, QPushButton, QVBoxLayout, QWidget

from app.i18n import _
from app.services.listing import count_all
from app.services.registers import SPECS
from app.ui.hub import hub


class StartPage(QWidget):
    """How many records each register holds, grouped as the navigation is; a click opens the register."""

    open_register = Signal(str)
    load_sample = Signal()

    def __init__(self, organisation: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("page_start")
        self.organisation = organisation
        self.layout_ = QVBoxLayout(self)
        self.layout_.setContentsMargins(16, 12, 16, 12)
        self.refresh()
        hub.record_saved.connect(self._data_changed)
        hub.records_deleted.connect(self._data_changed)
        hub.data_reset.connect(self._data_changed)

    def _data_changed(self, *_args: object) -> None:
        self.refresh()

    def refresh(self) -> None:
        """Count the records again."""
        while self.layout_.count():
            item = self.layout_.takeAt(0)
            if item.widget():
                item.widget().deleteLater()
        title = QLabel(f"<h1>{html.escape(_('Overview'))}</h1><p>{html.escape(self.organisation)}</p>")
        title.setObjectName("start_title")
        self.layout_.addWidget(title)
        counts = {name: count_all(name) for name in SPECS}
        if not any(counts.values()):
            empty = QLabel(_("The registry is empty. Start with a partner, or load the sample data to look around."))
            empty.setWordWrap(True)
            self.layout_.addWidget(empty)
            sample = QPushButton(_("Load sample data"))
            sample.setObjectName("load_sample_button")
            sample.clicked.connect(self.load_sample)
            self.layout_.addWidget(sample, 0, Qt.AlignmentFlag.AlignLeft)
        groups: dict[str, list[str]] = {}
        for name, spec in SPECS.items():
            groups.setdefault(spec.group, []).append(name)
        grid = QGridLayout()
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(12)
        for i, (group, names) in enumerate(groups.items()):
            box = QGroupBox(_(group))
            inner = QVBoxLayout(box)
            for name in names:
                button = QPushButton(f"{_(SPECS[name].title)}: {QLocale().toString(counts[name])}")
                button.setObjectName(f"start_{name}")
                button.setFlat(True)
                button.setStyleSheet("text-align: left; padding: 2px 4px;")
                button.setCursor(Qt.CursorShape.PointingHandCursor)
                button.clicked.connect(lambda _c=False, n=name: self.open_register.emit(n))
                inner.addWidget(button)
            inner.addStretch(1)
            grid.addWidget(box, i // 3, i % 3)
        self.layout_.addLayout(grid)
        self.layout_.addStretch(1)
