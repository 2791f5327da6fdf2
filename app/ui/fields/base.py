"""The base of every form field widget and what they share: the INVALID marker and the row layout."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLayout, QWidget

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

    def focus_chain(self) -> list[QWidget]:
        """The widgets Tab visits in this field, in the order they are laid out (every name language in turn)."""
        return focus_chain(self.layout())


def focus_chain(layout: QLayout | None) -> list[QWidget]:
    """The widgets of `layout` that Tab reaches, in layout order (rows of a grid left to right, top to bottom);
    a container without focus of its own is looked into."""
    chain: list[QWidget] = []
    if layout is None:
        return chain
    for index in range(layout.count()):
        item = layout.itemAt(index)
        widget, inner = item.widget(), item.layout()
        if inner is not None:
            chain += focus_chain(inner)
        elif widget is not None and not widget.isHidden():
            if widget.focusPolicy() & Qt.FocusPolicy.TabFocus:
                chain.append(widget)
            else:
                chain += focus_chain(widget.layout())
    return chain


def row_layout(*widgets: QWidget, stretch_first: bool = True) -> QHBoxLayout:
    """A margin-less row of `widgets`; the first one stretches unless `stretch_first` is false."""
    layout = QHBoxLayout()
    layout.setContentsMargins(0, 0, 0, 0)
    for i, widget in enumerate(widgets):
        layout.addWidget(widget, 1 if (i == 0 and stretch_first) else 0)
    return layout
