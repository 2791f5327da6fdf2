"""The base of every form field widget and what they share: the INVALID marker and the row layout."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QWidget

from app.services.registers.specs import FieldSpec

#: A value a widget could not read (a date that does not exist, letters in a number); its problem says why.
INVALID = object()


class FieldWidget(QWidget):
    """A form field: `value()`/`set_value()`, `problem()` for input it cannot read, and `changed`."""

    changed = Signal()

    def __init__(self, spec: FieldSpec, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.spec = spec
        self.setObjectName(f"field_{spec.name}")

    def value(self) -> Any:
        raise NotImplementedError

    def set_value(self, value: Any) -> None:
        raise NotImplementedError

    def problem(self) -> str | None:
        """Why the typed input cannot be read, or None."""
        return None

    def focus_widget(self) -> QWidget:
        """The widget that takes the focus for this field."""
        return self


def row_layout(*widgets: QWidget, stretch_first: bool = True) -> QHBoxLayout:
    """A margin-less row of `widgets`; the first one stretches unless `stretch_first` is false."""
    layout = QHBoxLayout()
    layout.setContentsMargins(0, 0, 0, 0)
    for i, widget in enumerate(widgets):
        layout.addWidget(widget, 1 if (i == 0 and stretch_first) else 0)
    return layout
