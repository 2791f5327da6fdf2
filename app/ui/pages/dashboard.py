"""The dashboard (the start page): this year against the last, what needs attention, and charts."""

from __future__ import annotations

import datetime as dt
import html
import logging

from PySide6.QtCore import QLocale, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.i18n import _, format_date, format_money, ngettext
from app.services import dashboard as figures
from app.ui.shell.colours import text_style
from app.ui.shell.hub import hub

logger = logging.getLogger(__name__)


def _clear(layout) -> None:  # noqa: ANN001 - a QLayout
    """Take every widget out of a layout at once (not only when the deferred deletion comes)."""
    while layout.count():
        widget = layout.takeAt(0).widget()
        if widget is not None:
            widget.setParent(None)
            widget.deleteLater()


def due_text(days: int) -> str:
    """'today', 'in 5 days', '3 days overdue'."""
    if days == 0:
        return _("today")
    if days > 0:
        return ngettext("in {n} day", "in {n} days", days).format(n=days)
    return ngettext("{n} day overdue", "{n} days overdue", -days).format(n=-days)


class Dashboard(QWidget):
    """What the service did this year compared with last year, and what needs attention today."""

    open_record = Signal(str, int)
    load_sample = Signal()
    new_partner = Signal()
    import_workbook = Signal()

    def __init__(self, organisation: str, parent: QWidget | None = None, *, today: dt.date | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("page_start")
        self.organisation = organisation
        self.today = today or dt.date.today()
        self.charts: QWidget | None = None
        self.year = QComboBox()
        self.year.setObjectName("dashboard_year")
        for year in range(self.today.year, self.today.year - 15, -1):
            self.year.addItem(str(year), year)
        self.year.currentIndexChanged.connect(lambda _i: self.refresh())
        self.year_label = QLabel(_("&Year"))
        self.year_label.setBuddy(self.year)
        self.opening = True  # the first reading chooses the year: this one, or the latest that has records
        self.year_note = QLabel()
        self.year_note.setObjectName("dashboard_year_note")
        self.year_note.setWordWrap(True)
        self.year_note.setVisible(False)
        self.title = QLabel()
        self.title.setObjectName("start_title")
        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addWidget(self.year_label)
        top.addWidget(self.year)

        self.figures_box = QGroupBox()
        self.figures_box.setObjectName("dashboard_figures")
        self.figures_grid = QGridLayout(self.figures_box)
        self.attention_box = QGroupBox(_("Needs attention"))
        self.attention_box.setObjectName("dashboard_attention")
        self.attention = QTreeWidget()
        self.attention.setObjectName("attention_list")
        self.attention.setHeaderLabels([_("What"), _("Record"), _("Date"), _("When")])
        self.attention.setRootIsDecorated(False)
        self.attention.setAlternatingRowColors(True)
        header = self.attention.header()
        header.setStretchLastSection(False)  # the record's name takes the room, not the last column
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Interactive)
        header.resizeSection(0, 150)  # what it is: in full in its tooltip
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.ResizeToContents)
        self.attention.setColumnHidden(2, True)  # the date is in the tooltip of 'when': the record's name needs room
        self.attention.itemActivated.connect(self._activated)
        attention_layout = QVBoxLayout(self.attention_box)
        attention_layout.addWidget(self.attention)
        self.empty = QWidget()
        empty_layout = QHBoxLayout(self.empty)
        empty_layout.setContentsMargins(0, 0, 0, 0)
        empty_text = QLabel(
            _(
                "The registry is empty. Start with a partner, bring your Excel lists in, or load the sample data "
                "to look around."
            )
        )
        empty_text.setWordWrap(True)
        empty_layout.addWidget(empty_text, 1)
        for name, text, signal in (
            ("new_partner_button", _("New partner"), self.new_partner),
            ("import_button", _("Import from Excel…"), self.import_workbook),
            ("load_sample_button", _("Load sample data"), self.load_sample),
        ):
            button = QPushButton(text)
            button.setObjectName(name)
            button.clicked.connect(signal)
            empty_layout.addWidget(button)

        self.charts_box = QGroupBox(_("Charts"))
        self.charts_box.setObjectName("dashboard_charts")
        self.charts_layout = QHBoxLayout(self.charts_box)

        # The world map of the year (its own module; opens a country's page through the hub).
        from app.ui.pages.world_map import WorldMapPanel

        self.map_box = QGroupBox(_("World map"))
        self.map_box.setObjectName("dashboard_map")
        self.world_map = WorldMapPanel()
        self.world_map.setMinimumHeight(360)
        self.world_map.open_country.connect(hub.open_country)
        QVBoxLayout(self.map_box).addWidget(self.world_map)

        body = QWidget()
        column = QVBoxLayout(body)
        column.addLayout(top)
        column.addWidget(self.year_note)
        column.addWidget(self.empty)
        row = QHBoxLayout()
        row.addWidget(self.figures_box, 0)  # as wide as its labels and figures; the rest for what needs attention
        row.addWidget(self.attention_box, 1)
        column.addLayout(row)
        column.addWidget(self.charts_box, 1)
        column.addWidget(self.map_box, 1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)  # never sideways: it reflows
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(body)
        scroll.setAccessibleName(_("Overview"))  # Tab stops on it (its arrows scroll the page)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.addWidget(scroll)
        self.refresh()
        hub.record_saved.connect(self._data_changed)
        hub.records_deleted.connect(self._data_changed)
        hub.data_reset.connect(self._data_changed)

    def _data_changed(self, *_args: object) -> None:
        self.refresh()

    # -- content -----------------------------------------------------------------------------------------------
    def refresh(self) -> None:
        """Read the figures and the attention list again (on the thread pool: the window never waits for them)."""
        from app.ui.shell.tasks import run_quietly

        chosen = self.year.currentData() or self.today.year
        opening, self.opening = self.opening, False
        self.title.setText(f"<h1>{html.escape(_('Overview'))}</h1><p>{html.escape(self.organisation)}</p>")
        today = self.today

        def read() -> tuple:
            from app.services.registers.list_query import count_all

            year, moved = figures.opening_year(today) if opening else (chosen, False)
            empty = count_all("partners") == 0 and count_all("agreements") == 0
            return (year, moved, figures.year_figures(year), figures.year_figures(year - 1), figures.attention(today),
                    empty, figures.visits_by_country(year), figures.activity_by_month(year))  # fmt: skip

        run_quietly(read, self._show)

    def _show(self, result: tuple) -> None:
        year, moved, this, last, attention, empty, by_country, by_month = result
        if moved:
            self.year.blockSignals(True)
            if self.year.findData(year) < 0:
                self.year.addItem(str(year), year)
            self.year.setCurrentIndex(max(self.year.findData(year), 0))
            self.year.blockSignals(False)
        if year != (self.year.currentData() or self.today.year):
            return  # another year was chosen meanwhile; its figures are on their way
        self.world_map.set_year(year)
        self.year_note.setText(
            _(
                "{this_year} has no visits, trips, events, signed agreements or started projects yet, so the overview"
                " shows {year}, the latest year that has."
            ).format(this_year=self.today.year, year=year)
        )
        self.year_note.setVisible(moved)
        self._fill_figures(this, last)
        self._fill_attention(attention)
        self.empty.setVisible(empty)
        self._fill_charts(year, by_country, by_month)

    def _fill_figures(self, this: figures.YearFigures, last: figures.YearFigures) -> None:
        _clear(self.figures_grid)
        self.figures_box.setTitle(_("{year} compared with {previous}").format(year=this.year, previous=last.year))
        locale = QLocale()
        for column, text in enumerate(("", str(this.year), str(last.year))):
            label = QLabel(f"<b>{text}</b>")
            label.setAlignment(Qt.AlignmentFlag.AlignRight if column else Qt.AlignmentFlag.AlignLeft)
            self.figures_grid.addWidget(label, 0, column)
        for row, (key, label) in enumerate(figures.FIGURES, start=1):
            now, before = this.values.get(key, 0), last.values.get(key, 0)
            name = QLabel(_(label))
            name.setObjectName(f"figure_{key}")
            value = QLabel(locale.toString(now))
            value.setObjectName(f"value_{key}")
            value.setAlignment(Qt.AlignmentFlag.AlignRight)
            arrow = "▲" if now > before else "▼" if now < before else ""
            previous = QLabel(f"{locale.toString(before)} {arrow}".strip())
            previous.setAlignment(Qt.AlignmentFlag.AlignRight)
            previous.setStyleSheet(text_style("muted"))
            for column, widget in enumerate((name, value, previous)):
                self.figures_grid.addWidget(widget, row, column)
        row = len(figures.FIGURES) + 1
        funding = QLabel(_("Funding awarded"))
        amounts = "; ".join(format_money(amount, currency) for currency, amount in sorted(this.funding.items()))
        self.figures_grid.addWidget(funding, row, 0)
        funded = QLabel(amounts or "—")
        funded.setObjectName("value_funding")
        funded.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.figures_grid.addWidget(funded, row, 1, 1, 2)
        self.figures_grid.setColumnStretch(0, 1)

    def _fill_attention(self, items: list[figures.Attention]) -> None:
        self.attention.clear()
        for entry in items:
            row = QTreeWidgetItem(
                [_(figures.ATTENTION_KINDS[entry.kind]), entry.label, format_date(entry.due), due_text(entry.days)]
            )
            row.setData(0, Qt.ItemDataRole.UserRole, (entry.register, entry.record_id))
            for column in (0, 1):
                row.setToolTip(column, row.text(column))
            row.setToolTip(3, row.text(2))
            if entry.days < 0:
                for column in range(4):
                    row.setForeground(column, Qt.GlobalColor.darkRed)
            self.attention.addTopLevelItem(row)
        self.attention_box.setTitle(
            ngettext("Needs attention ({count})", "Needs attention ({count})", len(items)).format(count=len(items))
        )

    def _fill_charts(self, year: int, by_country: list, by_month: dict) -> None:
        """Delegations by country and activity by month (QtCharts)."""
        from app.ui.pages.dashboard_charts import activity_chart, country_chart

        _clear(self.charts_layout)
        self.charts_layout.addWidget(country_chart(year, by_country), 1)
        self.charts_layout.addWidget(activity_chart(year, by_month), 1)
        self.charts = self.charts_box

    def attention_rows(self) -> list[tuple[str, str, int]]:
        """What the attention list shows, as (register, label, record id)."""
        rows = []
        for i in range(self.attention.topLevelItemCount()):
            item = self.attention.topLevelItem(i)
            register, record_id = item.data(0, Qt.ItemDataRole.UserRole)
            rows.append((register, item.text(1), record_id))
        return rows

    def _activated(self, item: QTreeWidgetItem) -> None:
        data = item.data(0, Qt.ItemDataRole.UserRole)
        if data:
            self.open_record.emit(*data)
