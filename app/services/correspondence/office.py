"""LibreOffice, where installed: a letter (.docx) converted to PDF for its preview."""

from __future__ import annotations

import logging
import shutil
import subprocess
import tempfile
from pathlib import Path

logger = logging.getLogger(__name__)

#: LibreOffice's command under its usual names (Linux packages, the Windows and macOS installers put it on PATH or
#: in these places).
_NAMES = ("soffice", "libreoffice")
_PLACES = (
    Path("C:/Program Files/LibreOffice/program/soffice.exe"),
    Path("/Applications/LibreOffice.app/Contents/MacOS/soffice"),
)


def libreoffice() -> Path | None:
    """LibreOffice's program, or None when it is not installed."""
    for name in _NAMES:
        found = shutil.which(name)
        if found:
            return Path(found)
    return next((place for place in _PLACES if place.is_file()), None)


def convert_to_pdf(document: Path, folder: Path, *, timeout: float = 180) -> Path | None:
    """Convert `document` to a PDF in `folder` with LibreOffice (its own profile, so an open LibreOffice does not
    interfere); the PDF's path, or None when LibreOffice is absent or fails."""
    program = libreoffice()
    if program is None:
        return None
    folder.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="hamkor-lo-") as profile:
        command = [str(program), f"-env:UserInstallation={Path(profile).as_uri()}", "--headless", "--norestore",
                   "--convert-to", "pdf", "--outdir", str(folder), str(document)]  # fmt: skip
        try:
            subprocess.run(command, check=True, capture_output=True, timeout=timeout)
        except (OSError, subprocess.SubprocessError):
            logger.warning("LibreOffice could not convert %s", document, exc_info=True)
            return None
    pdf = folder / (document.stem + ".pdf")
    return pdf if pdf.is_file() else None
