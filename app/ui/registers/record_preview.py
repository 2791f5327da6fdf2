"""The preview of the record selected in a list: a read-only summary of its fields and attachments."""

from __future__ import annotations

import html

from app.i18n import _
from app.services.attachments import attachments_of, human_size
from app.services.registers.list_rows import fetch_rows, record_label
from app.services.registers.specs import spec_of
from app.ui.registers.table_model import display_text


def record_preview_html(register: str, record_id: int) -> str:
    """The read-only summary of a record beside its list: every filled field, its attachments, whether sample."""
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
