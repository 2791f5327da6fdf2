"""A country's page: its partners, agreements (with status), visits, trips, events, exchange, loans and funding, the
year's figures, the map zoomed to it, and its dossier as a PDF. Opened from the map, a list's country cell, Ctrl+K."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTabWidget,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.i18n import _, babel_locale, current_language, format_number
from app.services.reports.world_map_counts import MEASURES
from app.text.countries import country_name
from app.ui.pages.world_map import WorldMapPanel, year_box
from app.ui.shell.hub import hub


def open_country_page(code: str) -> None:
    """Show the page of a country (ISO code) in the main window: the hook for a list's country cell and the like."""
    if code:
        hub.open_country.emit(code.upper())


def _cell(value: object) -> tuple[str, str]:
    """A dossier cell's text and, for a name with alternatives, all of them (its tooltip)."""
    if isinstance(value, str):
        return value.replace("\n", " "), ""
    texts = [text for text in value if text]  # type: ignore[union-attr]
    return (texts[0] if texts else ""), "\n".join(texts)


class CountryPage(QWidget):
    """Everything the registry holds with one country."""

    def __init__(self, code: str = "", parent: QWidget | None = None, *, year: int | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("page_country")
        self.code = ""
        self.heading = QLabel()
        self.heading.setObjectName("country_heading")
        self.year, year_label = year_box("country_year", year)
        self.save_button = QPushButton(_("Save dossier as &PDF…"))
        self.save_button.setObjectName("country_save_pdf")
        self.save_button.clicked.connect(self.save_pdf)
        self.preview_button = QPushButton(_("Preview and print…"))
        self.preview_button.setObjectName("country_preview")
        self.preview_button.clicked.connect(lambda: self.write_pdf(None))
        top = QHBoxLayout()
        top.addWidget(self.heading, 1)
        for widget in (year_label, self.year, self.preview_button, self.save_button):
            top.addWidget(widget)
        self.figures_box = QGroupBox()
        self.figures_box.setObjectName("country_figures")
        self.figures_grid = QGridLayout(self.figures_box)
        self.figure_values: dict[str, QLabel] = {}
        for row, (measure, label) in enumerate(MEASURES.items()):
            value = QLabel("0")
            value.setObjectName(f"country_value_{measure}")
            value.setAlignment(Qt.AlignmentFlag.AlignRight)
            self.figures_grid.addWidget(QLabel(_(label)), row, 0)
            self.figures_grid.addWidget(value, row, 1)
            self.figure_values[measure] = value
        self.figures_grid.setRowStretch(len(MEASURES), 1)
        self.map = WorldMapPanel(measure="visits")
        self.map.table_button.hide()
        self.map.view.setMinimumHeight(260)
        self.map.open_country.connect(open_country_page)
        self.map.figures_changed.connect(self._show_figures)
        upper = QHBoxLayout()
        upper.addWidget(self.figures_box)
        upper.addWidget(self.map, 1)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("country_sections")
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(upper, 1)
        layout.addWidget(self.tabs, 1)
        self.year.currentIndexChanged.connect(lambda _i: self.refresh())
        for signal in (hub.record_saved, hub.records_deleted, hub.data_reset):
            signal.connect(self._data_changed)
        if code:
            self.show_country(code)

    def _data_changed(self, *_args: object) -> None:
        if self.code:
            self.refresh()

    def name(self) -> str:
        """The country's name in the interface language."""
        return country_name(self.code, babel_locale())

    def show_country(self, code: str) -> None:
        """Show another country."""
        self.code = code.upper()
        self.map.focus_country(self.code)
        self.refresh()

    def refresh(self) -> None:
        """Read the country's records and the year's figures again."""
        from app.services.reports.dossier import build_dossier
        from app.ui.shell.tasks import run_quietly

        code, language, year = self.code, current_language(), self.year.currentData()
        self.heading.setText(f"<h1>{html.escape(self.name())}</h1>")
        self.figures_box.setTitle(_("{year}: with this country").format(year=year))
        self.map.set_year(year)
        run_quietly(lambda: (code, build_dossier(country=code, language=language)), self._show_dossier)

    def _show_figures(self) -> None:
        for measure, label in self.figure_values.items():
            label.setText(format_number(self.map.figures.get(measure, {}).get(self.code, 0)))

    def _show_dossier(self, result: tuple) -> None:
        code, dossier = result
        if code != self.code:
            return
        current = self.tabs.currentIndex()
        self.tabs.clear()
        for section in dossier.sections:
            tree = QTreeWidget()
            tree.setObjectName(f"country_section_{section.key}")
            tree.setAccessibleName(section.title)
            tree.setHeaderLabels(section.headers)
            tree.setRootIsDecorated(False)
            tree.setAlternatingRowColors(True)
            tree.header().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
            for row in section.rows:
                item = QTreeWidgetItem()
                for column, value in enumerate(row):
                    text, tip = _cell(value)
                    item.setText(column, text)
                    item.setToolTip(column, tip or text)
                tree.addTopLevelItem(item)
            if not section.rows:
                empty = QTreeWidgetItem([_("None.")])
                empty.setFlags(Qt.ItemFlag.NoItemFlags)
                tree.addTopLevelItem(empty)
            for column in range(len(section.headers)):
                tree.resizeColumnToContents(column)
                tree.setColumnWidth(column, min(tree.columnWidth(column), 320))
            self.tabs.addTab(tree, f"{section.title} ({format_number(len(section.rows))})")
        self.tabs.setCurrentIndex(max(0, current))

    def save_pdf(self) -> None:
        """Ask where, then write the country's dossier there."""
        from app.ui.dialogs.file_dialogs import save_path

        title = _("Country dossier: {country}").format(country=self.name())
        chosen = save_path(self, title, what=title, suffix=".pdf", filters="PDF (*.pdf)")
        if chosen:
            self.write_pdf(chosen)

    def write_pdf(self, target) -> None:  # noqa: ANN001 - a Path, or None to preview
        """The dossier as a PDF: saved to `target`, or previewed to print."""
        from app.ui.pages.partner_card import write_dossier_task

        title = _("Country dossier: {country}").format(country=self.name())
        write_dossier_task(self, title=title, target=target, country=self.code)
