"""The world map's PNG is drawn with Pillow, in Hamkor's own font: written where matplotlib cannot even be imported,
read back with Pillow (its size, the countries' shades, the home mark), and embedded in the annual workbook."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from openpyxl import load_workbook
from PIL import Image

from app.i18n import translator_for
from app.services.reports.world_map import EMPTY_FILL, HOME_BORDER, make_picture, outlines, project
from app.services.reports.world_map_drawing import layout

ROOT = Path(__file__).resolve().parents[2]
WIDTH = 270 * 72 / 25.4  # write_map_file's width: 270 mm
COUNTS = {"UZ": 4, "KG": 2, "KR": 1, "DE": 7, "GI": 2}
SOKH = (71.1, 40.0)  # an Uzbek enclave inside Kyrgyzstan: a hole in Kyrgyzstan's outline

#: Writes the maps (ru, uz; the world and Central Asia) and the sample's 2019 annual workbook, in a Python where
#: matplotlib cannot be imported nor found.
WRITE_WITHOUT_MATPLOTLIB = """
import datetime as dt, importlib.util, json, sys
sys.modules["matplotlib"] = None
assert importlib.util.find_spec("matplotlib") is None
from pathlib import Path
from app.i18n import set_language, translator_for
from app.models.base import set_current_user
from app.models.database import close_database, open_database
from app.services.reports.annual_report import build_annual_report, write_annual_xlsx
from app.services.reports.world_map import make_picture
from app.services.reports.world_map_drawing import write_map_file
from app.services.sample.loader import load_demo
folder, counts = Path(sys.argv[1]), json.loads(sys.argv[2])
for language in ("ru", "uz"):
    with translator_for(language).in_use():
        for region in ("world", "central_asia"):
            picture = make_picture(counts, title="Qoʻshma loyihalar — Совместные проекты", language=language,
                                   caption="Oʻzbekiston, Қорақалпоғистон", region=region)
            write_map_file(picture, folder / f"{region}-{language}.png")
set_language("uz")
set_current_user("tester")
open_database(str(folder / "hamkor.db"))
load_demo(today=dt.date(2020, 1, 15))
write_annual_xlsx(build_annual_report(2019, language="uz"), folder / "annual.xlsx", organisation="Kutubxona")
close_database()
"""


def _rgb(colour: str) -> tuple[int, int, int]:
    return int(colour[1:3], 16), int(colour[3:5], 16), int(colour[5:7], 16)


def _inside(point: tuple[float, float], flat: list[int]) -> bool:
    x, y = point[0] * 100, point[1] * 100
    ring = list(zip(flat[0::2], flat[1::2], strict=True))
    crossings = 0
    for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True):
        if (y1 > y) != (y2 > y) and x < (x2 - x1) * (y - y1) / (y2 - y1) + x1:
            crossings += 1
    return crossings % 2 == 1


def _pixel(image: Image.Image, laid, lon: float, lat: float) -> tuple[int, int, int]:  # noqa: ANN001 - a Layout
    x, y = laid.at(*project(lon, lat))
    scale = image.width / laid.width
    return image.getpixel((round(x * scale), round((laid.height - y) * scale)))


def test_the_map_png_is_drawn_without_matplotlib_and_embedded_in_the_workbook(tmp_path: Path) -> None:
    import json

    result = subprocess.run(
        [sys.executable, "-c", WRITE_WITHOUT_MATPLOTLIB, str(tmp_path), json.dumps(COUNTS)], cwd=ROOT,
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    # the premise: the point chosen lies in Uzbekistan's enclave, which lies in Kyrgyzstan's outer ring
    assert any(_inside(SOKH, ring) for ring in outlines()["UZ"][1:]) and _inside(SOKH, outlines()["KG"][0])
    for language in ("ru", "uz"):
        for region in ("world", "central_asia"):
            with translator_for(language).in_use():
                picture = make_picture(COUNTS, title="t", language=language, caption="c", region=region)
            laid = layout(picture, WIDTH)
            with Image.open(tmp_path / f"{region}-{language}.png") as opened:
                assert opened.format == "PNG"
                image = opened.convert("RGB")
            assert image.size == (round(laid.width * 150 / 72), round(laid.height * 150 / 72))
            colours = image.getcolors(maxcolors=1 << 20)
            assert colours and len(colours) > 50  # shades, borders and antialiased text, not a blank page
            assert _pixel(image, laid, 64.0, 41.5) == _rgb(picture.fill("UZ"))  # Uzbekistan, in its class's shade
            assert _pixel(image, laid, 64.0, 41.5) != _rgb(EMPTY_FILL)
            assert _pixel(image, laid, 74.5, 41.5) == _rgb(picture.fill("KG"))
            mark = _pixel(image, laid, 69.24, 41.31)  # Tashkent: the home mark's red dot
            assert max(abs(a - b) for a, b in zip(mark, _rgb(HOME_BORDER), strict=True)) < 40
            if region == "central_asia":  # the enclave is a hole in Kyrgyzstan, filled by Uzbekistan's shade
                assert _pixel(image, laid, *SOKH) == _rgb(picture.fill("UZ"))
            else:
                assert _pixel(image, laid, -50.0, -10.0) == _rgb(EMPTY_FILL)  # Brazil: nothing counted
    sheet = load_workbook(tmp_path / "annual.xlsx").worksheets[1]
    assert len(sheet._images) == 1
    with Image.open(sheet._images[0].ref) as embedded:
        assert embedded.format == "PNG" and embedded.width > 900
