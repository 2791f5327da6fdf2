"""About Hamkor: what it is, and the components it is built with, each under its own licence."""

from __future__ import annotations

import html
import sys
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTextBrowser, QVBoxLayout, QWidget

from app import __version__
from app.i18n import N_, _
from app.ui.shell import settings as app_settings


@dataclass(frozen=True)
class Component:
    """A part of the installed Hamkor made by others: its name, what it does here, its licence (SPDX expression),
    and the Python distributions it is installed as (their licence texts are in the bundle's `licences` folder)."""

    name: str
    role: str  # marked with N_, shown translated
    licence: str
    distributions: tuple[str, ...] = ()


COMPONENTS = (
    Component("Python", N_("the language Hamkor is written in, with its standard library"), "PSF-2.0", ("Python",)),
    Component(
        "Qt 6, PySide6", N_("windows, printing, the PDF preview and the charts"), "LGPL-3.0-only",
        ("PySide6", "PySide6_Essentials", "PySide6_Addons", "shiboken6"),
    ),  # fmt: skip
    Component("peewee", N_("the database layer"), "MIT", ("peewee",)),
    Component(
        "psycopg2, libpq", N_("the connection to a shared PostgreSQL registry"), "LGPL-3.0-or-later, PostgreSQL",
        ("psycopg2-binary",),
    ),  # fmt: skip
    Component("openpyxl, et_xmlfile", N_("Excel workbooks"), "MIT", ("openpyxl", "et_xmlfile")),
    Component("defusedxml", N_("safe reading of imported workbooks"), "PSF-2.0", ("defusedxml",)),
    Component("pycountry", N_("countries' official and older names in imported workbooks"), "LGPL-2.1-only",
              ("pycountry",)),  # fmt: skip
    Component(
        "docxtpl, python-docx, lxml, Jinja2, MarkupSafe", N_("letters written as Word documents"),
        "LGPL-2.1-only, MIT, BSD-3-Clause", ("docxtpl", "python-docx", "lxml", "Jinja2", "MarkupSafe"),
    ),  # fmt: skip
    Component("ReportLab, rl_accel", N_("PDF documents"), "BSD-3-Clause", ("reportlab", "rl_accel")),
    Component("Pillow", N_("pictures in PDF documents"), "MIT-CMU", ("pillow",)),
    Component("charset-normalizer", N_("reading text in an unknown encoding"), "MIT", ("charset-normalizer",)),
    Component("DejaVu Sans", N_("the font of PDF documents"), "Bitstream-Vera"),
    Component(
        "Babel, Unicode CLDR", N_("dates, numbers and country names in every language"), "BSD-3-Clause, Unicode-3.0",
        ("babel",),
    ),  # fmt: skip
    Component("platformdirs", N_("the data folder on each system"), "MIT", ("platformdirs",)),
    Component(
        "keyring, jaraco, more-itertools, backports.tarfile, jeepney",
        N_("the shared registry's password in the system's keyring"), "MIT",
        ("keyring", "jaraco.classes", "jaraco.context", "jaraco.functools", "more-itertools", "backports.tarfile",
         "jeepney"),
    ),  # fmt: skip
    Component("SecretStorage", N_("the keyring of Linux desktops"), "BSD-3-Clause", ("SecretStorage",)),
    Component(
        "cryptography, cffi", N_("encryption for the keyring"), "(Apache-2.0 OR BSD-3-Clause), MIT-0",
        ("cryptography", "cffi"),
    ),  # fmt: skip
    Component(
        "importlib_metadata, zipp, lazy-importer", N_("finding the installed parts"), "Apache-2.0, MIT",
        ("importlib_metadata", "zipp", "lazy-importer"),
    ),  # fmt: skip
    Component("typing_extensions", N_("type annotations"), "PSF-2.0", ("typing_extensions",)),
    Component(
        "icalendar, python-dateutil, tzdata", N_("the calendar of deadlines and the time zones"),
        "BSD-2-Clause, BSD-3-Clause, Apache-2.0", ("icalendar", "python-dateutil", "tzdata"),
    ),  # fmt: skip
    Component(
        "PyInstaller", N_("the starter that runs Hamkor without an installed Python"),
        "GPL-2.0-or-later WITH Bootloader-exception", ("pyinstaller",),
    ),  # fmt: skip
)


def licences_folder() -> Path | None:
    """The folder of the full licence texts in an installed bundle; None when Hamkor runs from its sources."""
    frozen = getattr(sys, "_MEIPASS", None)
    folder = Path(frozen) / "licences" if frozen else None
    return folder if folder is not None and folder.is_dir() else None


def about_html() -> str:
    """The About text: version, what Hamkor is, and the table of components and their licences."""
    rows = "".join(
        f"<tr><td>{html.escape(component.name)}</td><td>{html.escape(_(component.role))}</td>"
        f"<td>{html.escape(component.licence)}</td></tr>"
        for component in COMPONENTS
    )
    describe = _(
        "The registry of the International Relations Service: partners, agreements, delegations, trips, events, "
        "projects, book exchange, interlibrary loan, funding, plans and reports."
    )
    intro = _("Hamkor is built with these components, each under its own licence:")
    headers = "".join(f"<th align='left'>{html.escape(text)}</th>" for text in (_("Component"), _("What it does"),
                                                                              _("Licence")))  # fmt: skip
    parts = [
        f"<h3>Hamkor {html.escape(__version__)}</h3><p>{html.escape(describe)}</p><p>{html.escape(intro)}</p>",
        f"<table cellpadding='3'><tr>{headers}</tr>{rows}</table>",
    ]
    folder = licences_folder()
    if folder is not None:
        link = f"<a href='{QUrl.fromLocalFile(str(folder)).toString()}'>{html.escape(str(folder))}</a>"
        parts.append("<p>" + html.escape(_("The full texts of the licences are in {folder}.")).format(folder=link))
    return "".join(parts)


class AboutDialog(QDialog):
    """Hamkor's version, purpose and the licences of what it is built with."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("about_dialog")
        self.setWindowTitle(_("About Hamkor"))
        self.text = QTextBrowser(self)
        self.text.setAccessibleName(_("About Hamkor"))
        self.text.setOpenExternalLinks(True)
        self.text.setHtml(about_html())
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addWidget(buttons)
        self.resize(760, 560)
        app_settings.restore_geometry(self, "about_dialog")

    def done(self, result: int) -> None:
        app_settings.save_geometry(self, "about_dialog")
        super().done(result)
