"""A chart's text alternative: its figures as a table, one key press away (Enter on the chart), and told in its
accessible description, so that a screen reader or a keyboard user has the numbers, not only the bars; and the
chart's colours taken from the palette on screen (light, dark, high contrast)."""

from __future__ import annotations

from PySide6.QtCharts import QChart, QChartView
from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QHeaderView, QTableWidget, QTableWidgetItem, QVBoxLayout

from app.i18n import _
from app.ui.shell.colours import is_dark, is_high_contrast


def chart_theme() -> QChart.ChartTheme:
    """The chart theme that matches the palette: dark on a dark one, high contrast on a high-contrast one."""
    if is_dark():
        return QChart.ChartTheme.ChartThemeDark
    if is_high_contrast():
        return QChart.ChartTheme.ChartThemeHighContrast
    return QChart.ChartTheme.ChartThemeLight


def follow_palette(chart: QChart) -> None:
    """Give `chart` the palette's theme, keeping the fonts it was given."""
    legend_font = chart.legend().font()
    chart.setTheme(chart_theme())
    chart.legend().setFont(legend_font)


def describe_chart(view: QChartView, title: str, headers: list[str], rows: list[tuple[str, ...]]) -> None:
    """Name the chart `title`, tell its figures in its description, let the keyboard reach it and open them as a
    table with Enter."""
    view.setAccessibleName(title)
    told = []
    for row in rows:  # "Korea, Delegations 5"
        pairs = zip(headers[1:], row[1:], strict=True)
        told.append(", ".join([row[0], *(f"{header} {value}" for header, value in pairs)]))
    view.setAccessibleDescription("; ".join(told) or _("none"))
    view.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
    view.setToolTip(_("{chart} — Enter shows its figures as a table").format(chart=title))
    view.setProperty("figures", (title, headers, rows))
    _FiguresKey(view)


class _FiguresKey(QObject):
    """Enter, Return or Space pressed on a chart (the chart itself having the keyboard) opens its figures."""

    KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space)

    def __init__(self, view: QChartView) -> None:
        super().__init__(view)
        view.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.KeyPress and event.key() in self.KEYS and isinstance(watched, QChartView):
            show_figures(watched)
            return True
        return False


def figures_table(headers: list[str], rows: list[tuple[str, ...]], title: str) -> QTableWidget:
    """A read-only table of a chart's figures."""
    table = QTableWidget(len(rows), len(headers))
    table.setTabKeyNavigation(False)  # Tab leaves the list; the arrows move in it
    table.setObjectName("chart_figures_table")
    table.setAccessibleName(title)
    table.setHorizontalHeaderLabels(headers)
    table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    table.verticalHeader().setVisible(False)
    table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            item = QTableWidgetItem(value)
            if c:
                item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            table.setItem(r, c, item)
    return table


def show_figures(view: QChartView) -> QDialog:
    """A dialog with the chart's figures as a table (Escape closes it)."""
    title, headers, rows = view.property("figures")
    dialog = QDialog(view.window())
    dialog.setObjectName("chart_figures")
    dialog.setWindowTitle(title)
    table = figures_table(headers, rows, title)
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
    buttons.rejected.connect(dialog.reject)
    layout = QVBoxLayout(dialog)
    layout.addWidget(table)
    layout.addWidget(buttons)
    dialog.resize(480, 420)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.open()
    table.setFocus()
    return dialog
