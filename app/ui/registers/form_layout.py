"""How a form's sections are laid out and how big its window is: sized to the content, within the screen; the tabs
beside its fields made when first shown."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QGridLayout,
    QGroupBox,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

#: The least width of a form in one column and in two.
ONE_COLUMN_WIDTH, TWO_COLUMN_WIDTH = 640, 1240


def arrange_sections(layout: QGridLayout, boxes: list[QGroupBox], *, columns: int) -> None:
    """The sections one under another, or (a long form on a wide screen) identity on the left, dates and links on
    the right, notes across the bottom."""
    for box in boxes:
        layout.removeWidget(box)
    if columns == 1 or len(boxes) < 3:
        places = [(row, 0, 1, 1) for row in range(len(boxes))]
    else:
        last = len(boxes) - 1 if boxes[-1].objectName() == "section_notes" else len(boxes)
        places = [(0, 0, last, 1)] + [(row - 1, 1, 1, 1) for row in range(1, last)]
        places += [(last, 0, 1, 2)] * (len(boxes) - last)
    for box, place in zip(boxes, places, strict=True):
        layout.addWidget(box, *place, Qt.AlignmentFlag.AlignTop)
    layout.setRowStretch(layout.rowCount(), 1)


def size_to_content(dialog: QDialog, page: QWidget, boxes: list[QGroupBox], scroll: QScrollArea) -> int:
    """Give `dialog` the size its form `page` needs to show every field without scrolling, within the screen: a
    long form takes two columns where the screen is wide enough. Return the number of columns."""
    screen = (dialog.screen() or QApplication.primaryScreen()).availableGeometry()
    room_width, room_height = int(screen.width() * 0.92), int(screen.height() * 0.92)
    chrome = dialog.sizeHint().height() - scroll.sizeHint().height() + 16
    bar = scroll.verticalScrollBar().sizeHint().width() + 32
    needed, columns = page.sizeHint(), 1
    if needed.height() + chrome > room_height:
        arrange_sections(page.layout(), boxes, columns=2)
        wide = page.sizeHint()
        if page.minimumSizeHint().width() + bar <= room_width:
            needed, columns = wide.boundedTo(QSize(room_width - bar, wide.height())), 2
        else:
            arrange_sections(page.layout(), boxes, columns=1)
    least = TWO_COLUMN_WIDTH if columns == 2 else ONE_COLUMN_WIDTH  # two columns get room for names and titles
    width = min(max(needed.width() + bar, least), room_width)
    height = page.heightForWidth(width - bar) if page.hasHeightForWidth() else -1  # labels above fields where tight
    dialog.resize(width, min(max(height, needed.height()) + chrome, room_height))
    return columns


class TabsMadeWhenShown:
    """Tabs whose pages are made the first time they are shown or asked for (`page(name)`): a form with files,
    letters and links beside its fields opens as soon as its fields are painted."""

    def __init__(self, tabs: QTabWidget) -> None:
        self.tabs = tabs
        self._to_make: dict[str, tuple[QWidget, Callable[[], QWidget]]] = {}
        self.made: dict[str, QWidget] = {}
        tabs.currentChanged.connect(self._shown)

    def add(self, name: str, title: str, make: Callable[[], QWidget]) -> None:
        """A tab `title` whose page `make()` gives when it is first needed."""
        holder = QWidget()
        holder.setObjectName(f"{name}_tab")
        QVBoxLayout(holder).setContentsMargins(0, 0, 0, 0)
        self._to_make[name] = (holder, make)
        self.tabs.addTab(holder, title)

    def page(self, name: str) -> QWidget:
        """The page of tab `name`, made now if it was not yet (AttributeError: the form has no such tab)."""
        if name in self._to_make:
            holder, make = self._to_make.pop(name)
            self.made[name] = made = make()
            holder.layout().addWidget(made)
            holder.setFocusProxy(made)
            made.show()  # now, not on the next turn of the event loop (a shown tab paints it at once)
        if name not in self.made:
            raise AttributeError(name)
        return self.made[name]

    def _shown(self, index: int) -> None:
        for name, (holder, _make) in list(self._to_make.items()):
            if holder is self.tabs.widget(index):
                self.page(name)
