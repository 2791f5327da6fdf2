"""The PDF font is Hamkor's own file (with its licence): a PDF written without matplotlib embeds it, Uzbek and all."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

from pypdf import PdfReader

from app.exporters.fonts import FILES, font_folder
from app.paths import resources_dir
from tests.exporters.test_register_pdf import fonts_of

ROOT = Path(__file__).resolve().parents[2]

#: Writes a one-table PDF in a Python where matplotlib cannot be imported nor found.
WRITE_WITHOUT_MATPLOTLIB = """
import importlib.util, sys
sys.modules["matplotlib"] = None
assert importlib.util.find_spec("matplotlib") is None
from pathlib import Path
from app.exporters.pdf import PageTexts, build_pdf, data_table, heading_block
texts = PageTexts(organisation="Alisher Navoiy nomidagi Oʻzbekiston Milliy kutubxonasi", title="Qoʻshma loyihalar",
                  printed="3-dekabr, 2026", page_of="{page}-bet, jami {pages} bet")
rows = [["1", "Қорақалпоғистон ахборот-кутубхона маркази"], ["2", "Национальная библиотека Беларуси"]]
story = heading_block(texts, ["Gʻarbiy Yevropa — Шарқий Осиё"]) + [data_table(["№", "Hamkor"], rows, [40, 400])]
build_pdf(Path(sys.argv[1]), story, texts)
"""


def test_the_font_files_and_their_licence_are_among_the_resources() -> None:
    folder = font_folder()
    assert folder == resources_dir() / "fonts"
    assert sorted(FILES.values()) == ["DejaVuSans-Bold.ttf", "DejaVuSans.ttf"]
    assert "Bitstream Vera" in (folder / "LICENSE-DejaVu.txt").read_text(encoding="utf-8")


def test_a_pdf_written_without_matplotlib_embeds_the_font_and_prints_every_script(tmp_path: Path) -> None:
    path = tmp_path / "loyihalar.pdf"
    result = subprocess.run(
        [sys.executable, "-c", WRITE_WITHOUT_MATPLOTLIB, str(path)], cwd=ROOT, capture_output=True, text=True,
        timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    reader = PdfReader(str(path))
    fonts = fonts_of(reader)
    assert {name.split("+")[-1] for name, _embedded in fonts} == {"DejaVuSans", "DejaVuSans-Bold"}
    assert all(embedded for _name, embedded in fonts)
    text = reader.pages[0].extract_text()
    for words in ("Oʻzbekiston", "Qoʻshma", "Gʻarbiy", "Қорақалпоғистон", "Шарқий", "Беларуси"):
        assert words in text


def test_installing_hamkor_no_longer_brings_matplotlib() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    extras = project["optional-dependencies"].values()
    requirements = [*project["dependencies"], *(requirement for group in extras for requirement in group)]
    assert not [requirement for requirement in requirements if requirement.lower().startswith("matplotlib")]
