"""The workstation bundle (packaging/build → dist/hamkor) runs on nothing but itself: started with `env -i`, so no
Python, virtual environment or PATH, only a home folder of the test's own and the platform Qt should draw on.

Skipped unless HAMKOR_BUNDLE names the bundle's folder (`.ci/run` builds it and runs these after the suite)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from app import __version__
from tests.conftest import pg_url, reset_postgresql
from tests.exporters.test_register_pdf import fonts_of

ROOT = Path(__file__).resolve().parent.parent
BUNDLE = Path(os.environ["HAMKOR_BUNDLE"]).resolve() if os.environ.get("HAMKOR_BUNDLE") else None
WINDOWS = sys.platform == "win32"

pytestmark = [
    pytest.mark.bundle,
    pytest.mark.skipif(BUNDLE is None, reason="HAMKOR_BUNDLE names no bundle (packaging/build makes dist/hamkor)"),
]


def inside() -> Path:
    """The bundle's folder of libraries and data (PyInstaller's contents folder)."""
    return BUNDLE / "_internal"


def bare(home: Path, *args: str, **environment: str) -> subprocess.CompletedProcess[str]:
    """Run the bundle's program with an empty environment but for HOME and `environment`."""
    program = BUNDLE / ("hamkor-cli.exe" if WINDOWS else "hamkor")
    home.mkdir(exist_ok=True)
    settings = [f"HOME={home}", *(f"{name}={value}" for name, value in environment.items())]
    return subprocess.run(
        ["env", "-i", *settings, str(program), *args], capture_output=True, text=True, encoding="utf-8", timeout=300,
        cwd=home,
    )  # fmt: skip


def test_the_bundle_says_its_version(tmp_path: Path) -> None:
    result = bare(tmp_path / "home", "--version")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"Hamkor {__version__}"


def test_sample_data_then_the_annual_report_as_pdf_with_its_font_embedded(tmp_path: Path) -> None:
    home, database, report = tmp_path / "home", tmp_path / "sample.db", tmp_path / "hisobot-2019.pdf"
    loaded = bare(home, "--db", str(database), "--lang", "uz", "demo")
    assert loaded.returncode == 0, loaded.stderr
    assert "Boʻlimlar va markazlar" in loaded.stdout  # Uzbek (from the bundled catalog) through a bare console
    written = bare(home, "--db", str(database), "--lang", "uz", "report", "annual", "--year", "2019", "-o", str(report))
    assert written.returncode == 0, written.stderr
    reader = PdfReader(str(report))
    fonts = fonts_of(reader)
    assert {name.split("+")[-1] for name, _embedded in fonts} == {"DejaVuSans", "DejaVuSans-Bold"}
    assert all(embedded for _name, embedded in fonts)
    first = reader.pages[0].extract_text()
    assert "2019-yilgi xalqaro faoliyat boʻyicha yigʻma hisobot" in first  # babel's date and the oʻ letter
    assert re.search(r"Qabul qilingan xorijiy delegatsiyalar\s+32\b", first)  # the article's own figure


def test_the_window_starts_offscreen_says_it_is_shown_and_quits_cleanly(tmp_path: Path) -> None:
    home = tmp_path / "home"
    window = {"QT_QPA_PLATFORM": "offscreen", "HAMKOR_EXIT_WHEN_IDLE": "1"}
    started = bare(home, "--db", str(tmp_path / "hamkor.db"), "--lang", "ru", **window)
    assert started.returncode == 0, started.stderr
    # The line is written once the window has been shown and the event loop has nothing left to do; then it quits.
    assert re.search(r"^idle at \d+\.\d+$", started.stderr, re.MULTILINE), started.stderr
    assert "Traceback" not in started.stderr and "Could not" not in started.stderr, started.stderr
    assert (tmp_path / "hamkor.db").is_file()


@pytest.mark.skipif(pg_url() is None, reason="needs a PostgreSQL server (HAMKOR_TEST_PG)")
def test_the_bundled_driver_reaches_a_shared_postgresql_registry(tmp_path: Path) -> None:
    url = pg_url()
    reset_postgresql(url)
    loaded = bare(tmp_path / "home", "--db", url, "demo")
    assert loaded.returncode == 0, loaded.stderr
    listed = bare(tmp_path / "home", "--db", url, "list", "visits", "--year", "2019", "--format", "csv")
    assert listed.returncode == 0, listed.stderr
    assert len(listed.stdout.strip().splitlines()) == 1 + 32  # the header and the 32 delegations of 2019


def test_everything_loaded_at_run_time_is_inside() -> None:
    qt = inside() / "PySide6" / ("." if WINDOWS else "Qt")
    plugins = qt / "plugins"
    library = (lambda name: qt / f"Qt6{name}.dll") if WINDOWS else (lambda name: qt / "lib" / f"libQt6{name}.so.6")
    plugin = (lambda kind, name: plugins / kind / f"q{name}.dll") if WINDOWS else (
        lambda kind, name: plugins / kind / f"libq{name}.so")  # fmt: skip
    for kind, name in [("platforms", "offscreen"), ("imageformats", "svg"), ("imageformats", "jpeg")]:
        assert plugin(kind, name).is_file(), (kind, name)
    if WINDOWS:
        assert plugin("platforms", "windows").is_file() and list((plugins / "styles").glob("*.dll"))
    else:
        assert plugin("platforms", "xcb").is_file()
        assert (plugins / "printsupport" / "libcupsprintersupport.so").is_file()
    for name in ("Pdf", "PdfWidgets", "Charts", "PrintSupport", "Svg"):
        assert library(name).is_file(), name
    assert not list(inside().rglob("*Qt6Quick*")), "the virtual keyboard's Qt Quick should be left out"
    assert (qt / "translations" / "qtbase_ru.qm").is_file()
    assert not (qt / "translations" / "qtbase_de.qm").exists()  # only Hamkor's languages

    resources = [path.relative_to(ROOT / "resources") for path in (ROOT / "resources").rglob("*") if path.is_file()]
    assert resources and all((inside() / "resources" / path).is_file() for path in resources)  # the whole tree
    for path in (ROOT / "translations").rglob("*"):
        if path.suffix in (".mo", ".qm"):
            assert (inside() / "translations" / path.relative_to(ROOT / "translations")).is_file(), path
    assert not list((inside() / "translations").rglob("*.po"))
    for locale in ("uz", "uz_Cyrl", "ru", "en", "root"):
        assert (inside() / "babel" / "locale-data" / f"{locale}.dat").is_file(), locale
    assert list((inside() / "psycopg2").glob("_psycopg*")), "the PostgreSQL driver"
    assert list(inside().glob("_rl_accel*")), "reportlab's C accelerators"
    assert list(inside().glob("keyring-*.dist-info")), "keyring finds its backends through its entry points"
    assert not (inside() / "matplotlib").exists() and not (inside() / "numpy").exists()


def test_the_program_carries_the_keyring_backends_and_every_module_of_hamkor() -> None:
    readers = pytest.importorskip("PyInstaller.archive.readers")
    program = BUNDLE / ("hamkor.exe" if WINDOWS else "hamkor")
    modules = set(readers.CArchiveReader(str(program)).open_embedded_archive("PYZ.pyz").toc)
    backends = {"keyring.backends.SecretService", "keyring.backends.Windows", "keyring.backends.macOS"}
    assert backends <= modules
    sources = {".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
               for path in (ROOT / "app").rglob("*.py")}  # fmt: skip
    assert sources - {"app.__main__"} <= modules


def test_the_licence_of_everything_bundled_is_shipped_and_named_in_about() -> None:
    from app.ui.dialogs.about import COMPONENTS

    folder = inside() / "licences"
    shipped = {path.name for path in folder.iterdir() if path.is_dir()}
    named = {distribution for component in COMPONENTS for distribution in component.distributions}
    assert {"Python", "PySide6", "pyinstaller", "psycopg2-binary", "reportlab", "babel"} <= shipped
    assert shipped <= named, f"bundled but not in About: {sorted(shipped - named)}"
    assert all(list((folder / name).iterdir()) for name in shipped)
    assert "Bitstream Vera" in (inside() / "resources" / "fonts" / "LICENSE-DejaVu.txt").read_text(encoding="utf-8")


@pytest.mark.skipif(WINDOWS, reason="the Linux menu entry")
def test_install_linux_puts_the_program_the_command_and_the_menu_entry_in_place(tmp_path: Path) -> None:
    prefix = tmp_path / "usr"
    for _time in range(2):  # the second time is an upgrade over the first
        installed = subprocess.run([str(BUNDLE / "install-linux"), str(prefix)], capture_output=True, text=True)
        assert installed.returncode == 0, installed.stderr
    entry = (prefix / "share" / "applications" / "hamkor.desktop").read_text(encoding="utf-8")
    assert f"Exec={prefix}/bin/hamkor\n" in entry and "Icon=hamkor\n" in entry and "Categories=Office;" in entry
    assert (prefix / "share" / "icons" / "hicolor" / "scalable" / "apps" / "hamkor.svg").is_file()
    version = subprocess.run(["env", "-i", str(prefix / "bin" / "hamkor"), "--version"], capture_output=True, text=True)
    assert version.stdout.strip() == f"Hamkor {__version__}"
    validate = shutil.which("desktop-file-validate")
    if validate:
        checked = subprocess.run([validate, str(ROOT / "packaging" / "hamkor.desktop")], capture_output=True, text=True)
        assert checked.returncode == 0 and not checked.stdout.strip(), checked.stdout
