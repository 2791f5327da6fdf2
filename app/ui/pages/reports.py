"""The Reports page: each report with its options, and Preview, Print, Save and Open buttons."""

from __future__ import annotations

import logging
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.exporters.progress import ExportCancelled
from app.i18n import LANGUAGES, _, current_language, translator_for
from app.models.choices import AGREEMENT_STATUSES
from app.ui.dialogs.pdf_preview import open_with_system_viewer, show_preview
from app.ui.shell import tasks
from app.ui.shell.icons import icon

logger = logging.getLogger(__name__)


@dataclass
class ReportCard:
    """A report on the page: its title, what it is for, its option widgets and how it is written."""

    key: str
    title: str
    description: str
    options: dict[str, QComboBox]
    write: Callable[..., Any]  # (path, format, options, progress=, cancelled=) → result
    formats: tuple[str, ...] = ("pdf", "xlsx")


def _busiest_country() -> str | None:
    """The country with the most partners: the dossier one most likely wants first (not the first in the alphabet)."""
    import peewee as pw

    from app.models import Partner
    from app.models.partners import counted_partner

    row = (
        Partner.select(Partner.country)
        .where(Partner.country.is_null(False) & counted_partner())
        .group_by(Partner.country)
        .order_by(pw.fn.COUNT(Partner.id).desc(), Partner.country)
        .first()
    )
    return row.country if row else None


def _combo(name: str, items: list[tuple[str, Any]], current: Any = None) -> QComboBox:
    combo = QComboBox()
    combo.setObjectName(f"option_{name}")
    for text, value in items:
        combo.addItem(text, value)
    if current is not None:
        combo.setCurrentIndex(max(combo.findData(current), 0))
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
    return combo


def language_combo() -> QComboBox:
    """The language a report is written in (the interface language by default)."""
    return _combo("language", [(name, code) for code, name in LANGUAGES.items()], current_language())


class ReportsPage(QWidget):
    """Every report the service produces, each with its options."""

    def __init__(self, organisation: Callable[[], str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("page_reports")
        self.organisation = organisation
        self.cards: dict[str, ReportCard] = {}
        self.buttons: dict[tuple[str, str], QPushButton] = {}
        column = QVBoxLayout()
        title = QLabel(f"<h2>{_('Reports')}</h2>")
        title.setObjectName("page_title")
        column.addWidget(title)
        for card in self._cards():
            column.addWidget(self._card_box(card))
        column.addStretch(1)
        holder = QWidget()
        holder.setLayout(column)
        scroll = QScrollArea()
        scroll.setAccessibleName(_("Reports"))  # Tab stops on it (its arrows scroll the page)
        scroll.setWidgetResizable(True)
        scroll.setWidget(holder)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll)

    # -- the reports -------------------------------------------------------------------------------------------
    def _cards(self) -> list[ReportCard]:
        import datetime as dt

        from app.text.countries import country_codes, country_name

        this_year = dt.date.today().year
        years = [(str(year), year) for year in range(this_year, this_year - 20, -1)]
        locale = current_language().replace("-", "_")
        countries = sorted(
            ((country_name(code, locale), code) for code in country_codes()), key=lambda p: p[0].casefold()
        )
        statuses = [(_("All"), None)] + [(_(label), code) for code, label in AGREEMENT_STATUSES]
        groupings = [(_("No grouping"), None), (_("Country"), "country"), (_("Status"), "status"),
                     (_("Year signed"), "year")]  # fmt: skip
        return [
            ReportCard(
                key="register",
                title=_("Register of agreements"),
                description=_(
                    "Every agreement with its parties, terms and status: an official A4 landscape "
                    "document with numbered rows, or the same register as an Excel sheet."
                ),
                options={
                    "status": _combo("status", statuses),
                    "group_by": _combo("group_by", groupings),
                    "language": language_combo(),
                },
                write=self._write_register,
            ),
            ReportCard(
                key="annual",
                title=_("Consolidated annual report"),
                description=_(
                    "The year in figures against the year before, by country, by department and regional "
                    "centre, each register's records of the year and the plan against what was done, with "
                    "charts: an Excel workbook or a PDF."
                ),
                options={"year": _combo("year", years, this_year - 1), "language": language_combo()},
                write=self._write_annual,
            ),
            ReportCard(
                key="dossier",
                title=_("Country dossier"),
                description=_(
                    "Everything the service has with one country: its partners, agreements, projects, "
                    "events, visits, trips, exchange, loans and funding — for the officer preparing a visit."
                ),
                options={"country": _combo("country", countries, _busiest_country()), "language": language_combo()},
                write=self._write_dossier,
                formats=("pdf",),
            ),
            ReportCard(
                key="calendar",
                title=_("Calendar of deadlines"),
                description=_(
                    "Agreements' term ends and notice deadlines, events, visits, trips and report due dates "
                    "as a calendar file for Outlook or any calendar."
                ),
                options={
                    "days": _combo("days", [(_("30 days"), 30), (_("90 days"), 90), (_("a year"), 365)], 365),
                    "language": language_combo(),
                },
                write=self._write_calendar,
                formats=("ics",),
            ),
        ]

    def _write_register(self, path: Path, file_format: str, options: dict[str, Any], **steps: Any) -> Any:
        from app.services.reports.agreement_register import build_register, write_register_pdf, write_register_xlsx

        built = build_register(status=options.get("status"), group_by=options.get("group_by"),
                               language=translator_for(options.get("language")))  # fmt: skip
        writer = write_register_pdf if file_format == "pdf" else write_register_xlsx
        return writer(built, path, organisation=self.organisation(), **steps)

    def _write_annual(self, path: Path, file_format: str, options: dict[str, Any], **steps: Any) -> Any:
        from app.services.reports.annual_report import build_annual_report, write_annual_pdf, write_annual_xlsx

        with translator_for(options.get("language")).in_use() as tr:
            built = build_annual_report(options["year"], language=tr)
            writer = write_annual_pdf if file_format == "pdf" else write_annual_xlsx
            return writer(built, path, organisation=self.organisation(), **steps)

    def _write_dossier(self, path: Path, file_format: str, options: dict[str, Any], **steps: Any) -> Any:
        from app.services.reports.dossier import build_dossier, write_dossier_pdf

        with translator_for(options.get("language")).in_use() as tr:
            built = build_dossier(country=options["country"], language=tr)
            return write_dossier_pdf(built, path, organisation=self.organisation(), **steps)

    def _write_calendar(self, path: Path, file_format: str, options: dict[str, Any], **_steps: Any) -> Any:
        import datetime as dt

        from app.services.reports.calendar_export import write_calendar

        return write_calendar(
            path, today=dt.date.today(), days=options["days"], language=translator_for(options.get("language"))
        )

    # -- the page ----------------------------------------------------------------------------------------------
    def _card_box(self, card: ReportCard) -> QGroupBox:
        self.cards[card.key] = card
        box = QGroupBox(card.title)
        box.setObjectName(f"report_{card.key}")
        layout = QVBoxLayout(box)
        about = QLabel(card.description)
        about.setWordWrap(True)
        layout.addWidget(about)
        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        labels = {"status": _("Status"), "group_by": _("Grouping"), "language": _("Language"), "year": _("Year"),
                  "country": _("Country"), "partner": _("Partner"),
                  "days": _("Period")}  # fmt: skip
        for name, widget in card.options.items():
            form.addRow(labels.get(name, name), widget)
        layout.addLayout(form)
        row = QHBoxLayout()
        actions = [("preview", _("Preview and print…"), "search"), ("open", _("Open PDF"), "open")]
        names = {"pdf": _("Save PDF…"), "xlsx": _("Save Excel…"), "ics": _("Save calendar…")}
        actions += [(f"save_{fmt}", names[fmt], "save") for fmt in card.formats]
        for name, text, icon_name in actions:
            if name in ("preview", "open") and "pdf" not in card.formats:
                continue
            button = QPushButton(icon(icon_name), text)
            button.setObjectName(f"{card.key}_{name}")
            button.clicked.connect(lambda _c=False, k=card.key, n=name: self.run(k, n))
            self.buttons[(card.key, name)] = button
            row.addWidget(button)
        row.addStretch(1)
        layout.addLayout(row)
        return box

    def options_of(self, key: str) -> dict[str, Any]:
        """The chosen options of a report."""
        return {name: combo.currentData() for name, combo in self.cards[key].options.items()}

    def run(self, key: str, action: str, target: Path | None = None) -> None:
        """Preview, open or save a report (a file dialog asks where, unless `target` is given)."""
        card = self.cards[key]
        file_format = "pdf" if action in ("preview", "open") else action.removeprefix("save_")
        if action.startswith("save_") and target is None:
            from app.ui.dialogs.file_dialogs import save_path

            suffix = f".{file_format}"
            when = self.options_of(key).get("year")  # a year's report says its year; the others the day
            target = save_path(
                self,
                card.title,
                what=card.title,
                when=when,
                suffix=suffix,
                filters=f"{file_format.upper()} (*{suffix})",
            )
            if target is None:
                return
        if target is None:
            target = Path(tempfile.mkdtemp(prefix="hamkor-")) / f"{key}.pdf"
        options = self.options_of(key)
        if action == "preview":  # the window opens at once; the document follows, written in the background
            show_preview(
                self, card.title,
                lambda path, progress, cancelled: card.write(path, "pdf", options, progress=progress,
                                                             cancelled=cancelled),
                target,
            )  # fmt: skip
            return

        def work(progress: Callable[[int, int], None], cancelled: Callable[[], bool]) -> Path:
            card.write(target, file_format, options, progress=progress, cancelled=cancelled)
            return target

        def done(path: Path) -> None:
            if action == "open":
                open_with_system_viewer(path)
            elif hasattr(self.window(), "statusBar"):
                self.window().statusBar().showMessage(_("Saved {path}").format(path=path), 8000)

        def failed(error: BaseException) -> None:
            if isinstance(error, ExportCancelled):  # the writer removed its partial file
                return
            logger.warning("report %s failed: %s", key, error)
            QMessageBox.warning(self, card.title, _("The report could not be written: {reason}").format(reason=error))

        tasks.run_task(
            self, title=_("Writing “{report}”…").format(report=card.title), work=work, done=done, failed=failed
        )
