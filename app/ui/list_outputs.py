"""A list's outputs: its Excel export and print (in the background), and the preview of the selected record."""

from __future__ import annotations

import html
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QMessageBox

from app.i18n import _, ngettext
from app.services.attachments import attachments_of, human_size
from app.services.list_rows import fetch_rows, record_label
from app.services.registers import spec_of
from app.ui import tasks
from app.ui.record_form import explain_file_error
from app.ui.table_model import display_text

if TYPE_CHECKING:
    from app.ui.list_page import RegisterPage


def preview_html(register: str, record_id: int) -> str:
    """The preview pane's summary of a record: its fields, label above value, and its attachments."""
    spec = spec_of(register)
    names = [fs.name for fs in spec.fields]
    row = fetch_rows(register, [record_id], names).get(record_id)
    if row is None:
        return ""
    record = spec.model.get_by_id(record_id)
    parts = [f"<h3>{html.escape(record_label(register, record))}</h3>"]
    for fs, value in zip(spec.fields, row, strict=True):
        text = display_text(value) if not isinstance(value, bool) else (_("Yes") if value else _("No"))
        if not text:
            continue
        # Each label above its value: the pane is narrow, and a label column beside the values broke words.
        parts.append(
            f"<p style='margin-top:0; margin-bottom:6px'><span style='color:#555'>{html.escape(_(fs.label))}"
            f"</span><br>{html.escape(text).replace(chr(10), '<br>')}</p>"
        )
    files = attachments_of(register, record_id)
    if files:
        parts.append(f"<p><b>{html.escape(_('Attachments'))}</b><br>")
        parts.append("<br>".join(f"{html.escape(a.file_name)} ({human_size(a.size)})" for a in files))
        parts.append("</p>")
    if record.is_sample:
        parts.append(f"<p><i>{html.escape(_('Sample data'))}</i></p>")
    return "".join(parts)


def export_excel(page: RegisterPage, target: Path, ids: list[int] | None = None) -> None:
    """Export the list as shown (`ids`: only those rows) to an Excel workbook (in the background, with progress
    and Cancel)."""
    from app.services.exports import export_list

    query, fields = page._current_query(), page.visible_fields()

    def work(progress, cancelled):  # noqa: ANN001, ANN202
        return export_list(query=query, fields=fields, path=target, ids=ids, progress=progress, cancelled=cancelled)

    def done(result) -> None:  # noqa: ANN001
        page.last_export = result
        message = ngettext(
            "{count} record exported to {path}.", "{count} records exported to {path}.", result.rows
        ).format(count=result.rows, path=result.path)
        notes = []
        if result.shortened:
            notes.append(
                ngettext(
                    "{count} cell was longer than Excel allows and was shortened.",
                    "{count} cells were longer than Excel allows and were shortened.",
                    result.shortened,
                ).format(count=result.shortened)
            )
        if result.cleaned:
            notes.append(
                ngettext(
                    "{count} cell held control characters; they were replaced by spaces.",
                    "{count} cells held control characters; they were replaced by spaces.",
                    result.cleaned,
                ).format(count=result.cleaned)
            )
        if notes:
            QMessageBox.information(page, _("Export to Excel"), "\n".join([message, *notes]))
        elif hasattr(page.window(), "statusBar"):
            page.window().statusBar().showMessage(message, 8000)

    def failed(error: BaseException) -> None:
        from app.exporters.xlsx import ExportCancelled

        if isinstance(error, ExportCancelled):
            return
        QMessageBox.warning(page, _("Export to Excel"), explain_file_error(error))

    tasks.run_task(page, title=_("Exporting to Excel…"), work=work, done=done, failed=failed)


def print_list(page: RegisterPage) -> None:
    """Preview and print the list as shown."""
    import tempfile

    from app.services.exports import print_list
    from app.ui.settings import organisation_name

    query, ids, fields = page._current_query(), list(page.model.ids), page.visible_fields()
    target = Path(tempfile.mkdtemp(prefix="hamkor-")) / f"{page.register}.pdf"
    organisation = organisation_name()

    def work(progress, cancelled):  # noqa: ANN001, ANN202
        return print_list(query=query, fields=fields, path=target, organisation=organisation, ids=ids)

    def done(path: Path) -> None:
        from app.ui.pdf_preview import preview_dialog

        page.last_print = path
        if not tasks.SYNCHRONOUS:
            preview_dialog(path, page).exec()

    def failed(error: BaseException) -> None:
        QMessageBox.warning(page, _("Print"), explain_file_error(error))

    tasks.run_task(page, title=_("Preparing the print…"), work=work, done=done, failed=failed)
