"""An attachment's stored name never chooses where a file is written: opening it writes only into a new temporary
folder, whatever a shared registry or a restored copy says the file is called."""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path

import peewee as pw
import pytest
from PySide6.QtGui import QDesktopServices

from app.models import Attachment, AttachmentContent, Partner
from app.services.attachments import safe_file_name


def files_under(folder: Path) -> set[Path]:
    return {Path(root) / name for root, _dirs, names in os.walk(folder) for name in names}


@pytest.mark.parametrize(
    "stored",
    [
        "../../../../../../../../{outside}/evil.sh",
        "{outside}/evil.sh",
        "..\\..\\..\\{outside}\\evil.sh",
        "CON",
        "evil\x00.sh\n",
    ],
)
def test_opening_an_attachment_writes_only_inside_a_new_temporary_folder(
    qtbot, database: pw.Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, stored: str  # noqa: ANN001
) -> None:
    from app.ui.registers.attachments import AttachmentsWidget

    outside = tmp_path / "outside"
    outside.mkdir()
    temporary = tmp_path / "temporary"
    temporary.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temporary))
    partner = Partner.create(name_en="National Library of Korea", kind="national_library", country="KR")
    data = b"#!/bin/sh\necho owned\n"
    attachment = Attachment.create(
        register="partners",
        record_id=partner.id,
        file_name=stored.format(outside=str(outside).lstrip("/")) if stored.startswith("..") else stored.format(
            outside=outside),
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
    )
    AttachmentContent.create(attachment=attachment, data=data)
    opened: list[str] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url.toLocalFile()))
    before = files_under(tmp_path)
    widget = AttachmentsWidget("partners", partner.id)
    qtbot.addWidget(widget)
    widget.tree.topLevelItem(0).setSelected(True)

    widget.open_selected()

    written = files_under(tmp_path) - before
    assert len(written) == 1 and opened == [str(next(iter(written)))]
    (path,) = written
    assert path.parent.parent == temporary and path.read_bytes() == data
    assert not any(outside.iterdir())
    assert "/" not in path.name and "\\" not in path.name and path.name.upper() != "CON"


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("../../etc/passwd", "passwd"),
        ("/tmp/x/evil.sh", "evil.sh"),
        ("C:\\Windows\\evil.bat", "evil.bat"),
        ("CON", "_CON"),
        ("nul.txt", "_nul.txt"),
        ("a\x01b\x7f\u200bc.pdf", "abc.pdf"),
        ("..", "attachment"),
        ("", "attachment"),
        ("Договор №5 — подпись.pdf", "Договор №5 — подпись.pdf"),
        ("x" * 300 + ".pdf", "x" * 116 + ".pdf"),
    ],
)
def test_a_stored_name_is_one_file_name(given: str, expected: str) -> None:
    assert safe_file_name(given) == expected


def test_attaching_keeps_only_the_base_name_and_refuses_devices_and_pipes(
    database: pw.Database, tmp_path: Path
) -> None:
    from app.services.attachments import AttachmentError, add_attachment

    partner = Partner.create(name_en="National Library of Korea", kind="national_library", country="KR")
    scan = tmp_path / "CON.pdf"
    scan.write_bytes(b"%PDF")
    assert add_attachment("partners", partner.id, scan).file_name == "_CON.pdf"
    with pytest.raises(AttachmentError, match="not an ordinary file"):
        add_attachment("partners", partner.id, Path("/dev/zero"))
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    with pytest.raises(AttachmentError, match="not an ordinary file"):
        add_attachment("partners", partner.id, pipe)  # returns at once: never opened for reading
    assert Attachment.select().count() == 1


def test_a_forms_files_and_letters_are_read_when_their_tab_is_first_shown(qtbot, database, tmp_path: Path) -> None:  # noqa: ANN001
    from PySide6.QtWidgets import QTreeWidget

    from app.models import Agreement
    from app.services.attachments import add_attachment
    from app.ui.registers.record_form import RecordDialog

    agreement = Agreement.create(title_en="Exchange of books", kind="agreement", status="draft")
    path = tmp_path / "scan.pdf"
    path.write_bytes(b"%PDF-1.4 scan")
    add_attachment("agreements", agreement.id, path)
    form = RecordDialog("agreements", agreement.id)
    qtbot.addWidget(form)
    form.show()
    qtbot.waitExposed(form)
    assert form.findChild(QTreeWidget, "attachments_list") is None  # not made while the fields open
    titles = [form.tabs.tabText(i) for i in range(form.tabs.count())]
    assert titles == ["Record", "Attachments", "Letters"]
    form.tabs.setCurrentIndex(1)
    files = form.findChild(QTreeWidget, "attachments_list")
    assert files is not None and files.isVisible()
    assert files.topLevelItem(0).text(0) == "scan.pdf"
    assert form.letters.letter_ids() == []  # asked for: made then
    assert not form.is_dirty()
