"""A list's outputs: its Excel export and print, in the background."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QMessageBox, QWidget

from app.i18n import _, ngettext
from app.ui.dialogs.pdf_preview import PdfPreview, show_preview
from app.ui.registers.record_form import explain_file_error
from app.ui.shell import settings as app_settings
from app.ui.shell import tasks


def export_excel(page: QWidget, target: Path | None, ids: list[int] | None = None) -> None:
    """Export the list as shown (`ids`: only those rows) to an Excel workbook (in the background, with progress
    and Cancel); with no `target`, a file dialog asks where."""
    if target is None:
        from app.ui.dialogs.file_dialogs import save_path

        target = save_path(
            page, _("Export to Excel"), what=_(page.spec.title), suffix=".xlsx", filters=_("Excel workbook (*.xlsx)")
        )
        if target is None:
            return
    from app.services.registers.list_export import cleaning_notes, export_list

    query, fields = page._current_query(), page.visible_fields()

    def work(progress, cancelled):  # noqa: ANN001, ANN202
        return export_list(query=query, fields=fields, path=target, ids=ids, progress=progress, cancelled=cancelled)

    def done(result) -> None:  # noqa: ANN001
        message = ngettext(
            "{count} record exported to {path}.", "{count} records exported to {path}.", result.rows
        ).format(count=result.rows, path=result.path)
        notes = cleaning_notes(result)
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


def print_list(page: QWidget) -> PdfPreview:
    """Preview and print the list as shown: the preview opens at once and shows the pages when they are written."""
    import tempfile

    from app.services.registers.list_export import print_list as write_list

    query, ids, fields = page._current_query(), list(page.model.ids), page.visible_fields()
    target = Path(tempfile.mkdtemp(prefix="hamkor-")) / f"{page.register}.pdf"
    organisation = app_settings.organisation_name()

    def write(path, progress, cancelled):  # noqa: ANN001, ANN202
        return write_list(query=query, fields=fields, path=path, organisation=organisation, ids=ids,
                          progress=progress, cancelled=cancelled)  # fmt: skip

    return show_preview(page, _(page.spec.title), write, target)
