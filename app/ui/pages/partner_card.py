"""The partner card: one screen with everything linked to a partner, each line opening its record."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from app.i18n import _, babel_locale, current_language
from app.models import Partner
from app.models.choices import PARTNER_KINDS
from app.text.countries import country_name
from app.text.names import localized_name
from app.ui.registers.exchange_balance import ExchangeBalanceView
from app.ui.registers.partner_links import PartnerLinksView
from app.ui.registers.record_form import RecordDialog
from app.ui.shell import settings as app_settings


class PartnerCardDialog(QDialog):
    """A partner's card: who they are and everything the service has with them."""

    def __init__(self, partner_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("partner_card")
        partner = Partner.get_by_id(partner_id)
        name = localized_name(partner, "name")
        self.setWindowTitle(_("Partner card: {name}").format(name=name))
        heading = QLabel(f"<h2>{_escape(name)}</h2>")
        heading.setTextFormat(Qt.TextFormat.RichText)
        details = [
            _(PARTNER_KINDS.label(partner.kind)),
            ", ".join(p for p in (partner.city, country_name(partner.country, babel_locale())) if p),
            partner.website,
            partner.email,
        ]
        facts = QLabel(" · ".join(_escape(d) for d in details if d))
        facts.setWordWrap(True)
        self.links = PartnerLinksView(partner_id)
        self.links.open_requested.connect(self._open_record)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        self.partner_id = partner_id
        preview = buttons.addButton(_("Preview and print…"), QDialogButtonBox.ButtonRole.ActionRole)
        preview.setObjectName("card_preview")
        preview.clicked.connect(lambda: self.write_pdf(None))
        save = buttons.addButton(_("Save PDF…"), QDialogButtonBox.ButtonRole.ActionRole)
        save.setObjectName("card_save_pdf")
        save.clicked.connect(self._save_pdf)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(facts)
        layout.addWidget(self.links, 1)
        self.balance = ExchangeBalanceView(partner_id)
        if self.balance.topLevelItemCount():  # only a partner the library exchanges books with
            balance_label = QLabel(_("Book exchange balance"))
            balance_label.setBuddy(self.balance)
            layout.addWidget(balance_label)
            rows = min(self.balance.topLevelItemCount(), 6)  # a few years at a glance; more scroll
            row_height = max(self.balance.sizeHintForRow(0), self.balance.fontMetrics().height() + 4)
            self.balance.setMaximumHeight(self.balance.header().sizeHint().height() + rows * row_height + 8)
            layout.addWidget(self.balance)
        else:
            self.balance.hide()
        layout.addWidget(buttons)
        self.resize(720, 560)
        app_settings.restore_geometry(self, "partner_card")

    def _open_record(self, register: str, record_id: int) -> None:
        RecordDialog(register, record_id, parent=self).exec()

    def done(self, result: int) -> None:
        app_settings.save_geometry(self, "partner_card")
        super().done(result)

    def _save_pdf(self) -> None:
        from app.ui.dialogs.file_dialogs import save_path

        name = self.windowTitle().split(": ", 1)[-1]
        chosen = save_path(self, self.windowTitle(), what=name, suffix=".pdf", filters="PDF (*.pdf)")
        if chosen:
            self.write_pdf(chosen)

    def write_pdf(self, target: Path | None) -> None:
        """The card as a PDF (everything with the partner, on paper): saved to `target`, or previewed to print."""
        write_dossier_task(self, title=self.windowTitle(), target=target, partner_id=self.partner_id)


def write_dossier_task(
    parent: QWidget,
    *,
    title: str,
    target: Path | None,
    done: Callable[[Path], None] | None = None,
    country: str | None = None,
    partner_id: int | None = None,
) -> None:
    """Write a country's dossier or a partner's card in the background: to `target`, or to a temporary file that is
    then previewed to print; `done(path)` follows, when given."""
    from app.exporters.progress import ExportCancelled
    from app.services.reports.dossier import build_dossier, write_dossier_pdf
    from app.ui.dialogs.pdf_preview import show_preview
    from app.ui.shell import tasks

    path = target or Path(tempfile.mkdtemp(prefix="hamkor-")) / "dossier.pdf"
    language = current_language()
    organisation = app_settings.organisation_name()

    def write(path: Path, progress: Callable[[int, int], None], cancelled: Callable[[], bool]) -> Path:
        built = build_dossier(country=country, partner_id=partner_id, language=language)
        return write_dossier_pdf(built, path, organisation=organisation, progress=progress, cancelled=cancelled)

    if target is None:  # the preview opens at once and shows the dossier when it is written
        show_preview(parent, title, write, path, loaded=done)
        return

    def failed(error: BaseException) -> None:
        if isinstance(error, ExportCancelled):
            return
        QMessageBox.warning(parent, title, _("The report could not be written: {reason}").format(reason=error))

    tasks.run_task(parent, title=_("Writing “{report}”…").format(report=title),
                   work=lambda progress, cancelled: write(path, progress, cancelled), done=done or (lambda _path: None),
                   failed=failed)  # fmt: skip


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
