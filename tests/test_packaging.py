"""An installed (non-editable) copy finds its resources and compiled translations."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_an_installed_copy_carries_and_finds_resources_and_translations(tmp_path: Path) -> None:
    wheels = tmp_path / "wheels"
    build = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(wheels), str(ROOT)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert build.returncode == 0, build.stderr
    (wheel,) = wheels.glob("hamkor-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "app/resources/icons/hamkor.svg" in names
    assert "app/translations/ru/LC_MESSAGES/messages.mo" in names
    assert "app/translations/uz/LC_MESSAGES/messages.mo" in names
    assert any(name.endswith("entry_points.txt") for name in names)
    for package in (ROOT / "app").rglob("__init__.py"):  # every package of the source tree is in the wheel
        assert package.relative_to(ROOT).as_posix() in names

    target = tmp_path / "site"
    install = subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(target), str(wheel)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert install.returncode == 0, install.stderr
    probe = (
        "import app.paths as p, gettext;"
        "print(p.resources_dir()); print(p.translations_dir());"
        "print(gettext.translation('messages', str(p.translations_dir()), languages=['ru']).gettext('Partners'))"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "PYTHONPATH": str(target)},
    )
    assert result.returncode == 0, result.stderr
    resources, translations, partners = result.stdout.splitlines()
    assert Path(resources) == target / "app" / "resources"
    assert Path(translations) == target / "app" / "translations"
    import gettext

    source = gettext.translation("messages", str(ROOT / "translations"), languages=["ru"])
    assert partners == source.gettext("Partners")
