"""The partner card: one screen with everything linked to a partner, each line opening its record."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHeaderView,
    QLabel,
    QMessageBox,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.i18n import _, babel_locale, current_language, format_date
from app.models import Partner
from app.models.choices import PARTNER_KINDS
from app.services.countries import country_name
from app.services.names import localized_name
from app.services.partner_card import partner_links
from app.services.registers import spec_of
from app.ui import settings as app_settings
from app.ui.hub import hub


class PartnerLinksView(QTreeWidget):
    """The partner's linked records grouped by register; double-click or Enter opens one."""

    def __init__(self, partner_id: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.partner_id = partner_id
        self.setObjectName("partner_links")
        self.setHeaderLabels([_("Record"), _("Date")])
        self.header().setStretchLastSection(False)  # the record takes the room; the date only what it needs
        self.header().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.header().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.itemActivated.connect(self._open)
        hub.record_saved.connect(self._data_changed)
        hub.records_deleted.connect(self._data_changed)
        self.refresh()

    def _data_changed(self, *_args: object) -> None:
        self.refresh()

    def refresh(self) -> None:
        """Read the links again."""
        self.clear()
        links = partner_links(self.partner_id)
        for register, rows in links.items():
            group = QTreeWidgetItem([f"{_(spec_of(register).title)} ({len(rows)})", ""])
            font = group.font(0)
            font.setBold(True)
            group.setFont(0, font)
            self.addTopLevelItem(group)
            group.setFirstColumnSpanned(True)  # only once it is in the tree does spanning take effect
            for row in rows:
                item = QTreeWidgetItem([row.label, format_date(row.date)])
                item.setData(0, Qt.ItemDataRole.UserRole, (row.register, row.record_id))
                group.addChild(item)
            group.setExpanded(True)
        if not links:
            empty = QTreeWidgetItem([_("Nothing is linked to this partner yet."), ""])
            empty.setFlags(Qt.ItemFlag.NoItemFlags)
            self.addTopLevelItem(empty)
            empty.setFirstColumnSpanned(True)

    def linked(self) -> list[tuple[str, int, str]]:
        """Every listed record as (register, id, label)."""
        found = []
        for i in range(self.topLevelItemCount()):
            group = self.topLevelItem(i)
            for j in range(group.childCount()):
                child = group.child(j)
                register, record_id = child.data(0, Qt.ItemDataRole.UserRole)
                found.append((register, record_id, child.text(0)))
        return found

    def _open(self, item: QTreeWidgetItem) -> None:
        data = item.data(0, Qt.ItemDataRole.UserRole)
        if not data:
            return
        from app.ui.record_form import RecordDialog

        register, record_id = data
        RecordDialog(register, record_id, parent=self.window()).exec()


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
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        self.partner_id = partner_id
        self.last_pdf: Path | None = None
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
        layout.addWidget(buttons)
        self.resize(720, 560)
        app_settings.restore_geometry(self, "partner_card")

    def done(self, result: int) -> None:
        app_settings.save_geometry(self, "partner_card")
        super().done(result)

    def _save_pdf(self) -> None:
        name = self.windowTitle().split(": ", 1)[-1]
        chosen, _filter = QFileDialog.getSaveFileName(self, self.windowTitle(), f"{name}.pdf", "PDF (*.pdf)")
        if chosen:
            self.write_pdf(Path(chosen if chosen.lower().endswith(".pdf") else chosen + ".pdf"))

    def write_pdf(self, target: Path | None) -> None:
        """The card as a PDF (everything with the partner, on paper): saved to `target`, or previewed to print."""
        from app.services.dossier import build_dossier, write_dossier_pdf
        from app.ui import tasks

        path = target or Path(tempfile.mkdtemp(prefix="hamkor-")) / "partner.pdf"
        language = current_language()
        organisation = app_settings.organisation_name()

        def write(path: Path, progress: Callable[[int, int], None], cancelled: Callable[[], bool]) -> Path:
            built = build_dossier(partner_id=self.partner_id, language=language)
            return write_dossier_pdf(built, path, organisation=organisation, progress=progress, cancelled=cancelled)

        if target is None:  # the preview opens at once and shows the card when it is written
            from app.ui.pdf_preview import show_preview

            self.last_preview = show_preview(self, self.windowTitle(), write, path,
                                             loaded=lambda written: setattr(self, "last_pdf", written))  # fmt: skip
            return

        def work(progress: Callable[[int, int], None], cancelled: Callable[[], bool]) -> Path:
            return write(path, progress, cancelled)

        def done(written: Path) -> None:
            self.last_pdf = written

        def failed(error: BaseException) -> None:
            from app.exporters.progress import ExportCancelled

            if isinstance(error, ExportCancelled):
                return
            QMessageBox.warning(self, self.windowTitle(), _("The report could not be written: {reason}").format(
                reason=error))  # fmt: skip

        tasks.run_task(self, title=_("Writing “{report}”…").format(report=self.windowTitle()), work=work, done=done,
                       failed=failed)  # fmt: skip


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
