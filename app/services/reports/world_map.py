"""The world map's geometry and picture: Natural Earth outlines (resources/maps), the Equal Earth projection, the
regions one can zoom to, the classes a count falls in, and what a map shows — the same for the window, the PDFs
and the pictures. No Qt here: each renderer turns a `MapPicture` into its own vector paths."""

from __future__ import annotations

import functools
import json
import math
from collections.abc import Mapping
from dataclasses import dataclass, field

from app.i18n import N_, _, babel_locale, format_number
from app.paths import resources_dir
from app.text.countries import country_codes, country_name

#: The country Hamkor's service works from: marked on every map.
HOME = "UZ"
#: Where the home mark stands (Tashkent), longitude and latitude.
HOME_MARK = (69.24, 41.31)

#: Regions one can zoom to: key, label, and the longitudes and latitudes they span.
REGIONS: dict[str, tuple[str, tuple[float, float, float, float]]] = {
    "world": (N_("World"), (-180.0, -57.0, 180.0, 84.0)),
    "central_asia": (N_("Central Asia"), (44.0, 33.0, 90.0, 56.0)),
    "europe": (N_("Europe"), (-25.0, 34.0, 45.0, 71.0)),
    "east_asia": (N_("East Asia"), (95.0, 15.0, 150.0, 54.0)),
}

#: The fills of the classes, light to dark; their greys differ too, so a grey print tells them apart.
SHADES = ("#c6dbef", "#6baed6", "#2b7bba", "#08306b")
#: The fill of a country with nothing counted, and of land without a country code.
EMPTY_FILL = "#ececec"
BORDER = "#8c8c8c"
HOME_BORDER = "#b2182b"
#: The fill of the country a dossier or a country page is about.
HIGHLIGHT_FILL = "#f4a582"

Rect = tuple[float, float, float, float]  # x0, y0, x1, y1 in projected units, y growing northwards
Ring = list[tuple[float, float]]

# Equal Earth (Šavrič, Patterson, Jenny 2018): equal-area, with a look close to Robinson's.
_A1, _A2, _A3, _A4 = 1.340264, -0.081106, 0.000893, 0.003796
_M = math.sqrt(3) / 2


def project(lon: float, lat: float) -> tuple[float, float]:
    """The Equal Earth position of a longitude and latitude (degrees), y growing northwards."""
    lam, phi = math.radians(lon), math.radians(lat)
    theta = math.asin(_M * math.sin(phi))
    t2 = theta * theta
    t6 = t2 * t2 * t2
    y = theta * (_A1 + _A2 * t2 + t6 * (_A3 + _A4 * t2))
    x = lam * math.cos(theta) / (_M * (_A1 + 3 * _A2 * t2 + t6 * (7 * _A3 + 9 * _A4 * t2)))
    return x, y


@functools.cache
def outlines() -> dict[str, list[list[int]]]:
    """The countries' rings as read from resources/maps (hundredths of a degree, [lon, lat, …])."""
    return _document()["countries"]


@functools.cache
def _document() -> dict:
    return json.loads((resources_dir() / "maps" / "countries-50m.json").read_text(encoding="utf-8"))


def _projected(flat: list[int]) -> Ring:
    return [project(flat[i] / 100, flat[i + 1] / 100) for i in range(0, len(flat), 2)]


@functools.cache
def projected_outlines() -> dict[str, tuple[Ring, ...]]:
    """Each country's rings in projected units (computed once)."""
    return {code: tuple(_projected(flat) for flat in rings) for code, rings in outlines().items()}


@functools.cache
def projected_land() -> tuple[Ring, ...]:
    """Land the outlines give no country code (drawn unshaded)."""
    return tuple(_projected(flat) for flat in _document()["land"])


def without_outline() -> list[str]:
    """The country codes with no outline at this scale (small states): counted and listed beside the map."""
    drawn = outlines()
    return [code for code in country_codes() if code not in drawn]


def _bounds(points: list[tuple[float, float]]) -> Rect:
    xs, ys = [x for x, _y in points], [y for _x, y in points]
    return min(xs), min(ys), max(xs), max(ys)


def region_rect(region: str) -> Rect:
    """The projected rectangle of a region (its box of longitudes and latitudes, sampled along the edges)."""
    lon0, lat0, lon1, lat1 = REGIONS[region][1]
    steps = 8
    edge = [(lon0 + (lon1 - lon0) * i / steps, lat) for i in range(steps + 1) for lat in (lat0, lat1)]
    edge += [(lon, lat0 + (lat1 - lat0) * i / steps) for i in range(steps + 1) for lon in (lon0, lon1)]
    return _bounds([project(lon, lat) for lon, lat in edge])


def country_rect(code: str, *, margin: float = 0.6, least: float = 0.4) -> Rect:
    """The rectangle to show a country in: its largest part with room around it (the world if it has no outline)."""
    rings = projected_outlines().get(code)
    if not rings:
        return region_rect("world")
    main = max(rings, key=lambda ring: _area(ring))
    x0, y0, x1, y1 = _bounds(main)
    width, height = max(x1 - x0, least), max(y1 - y0, least * 0.6)
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    return (cx - width * (0.5 + margin), cy - height * (0.5 + margin),
            cx + width * (0.5 + margin), cy + height * (0.5 + margin))  # fmt: skip


def _area(ring: Ring) -> float:
    return abs(sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1], strict=True))) / 2


@dataclass(frozen=True)
class MapClass:
    """A class of counts: from `low` to `high` (inclusive), drawn in `fill`."""

    low: int
    high: int
    fill: str

    @property
    def label(self) -> str:
        """'1', '2–4'."""
        if self.low == self.high:
            return format_number(self.low)
        return f"{format_number(self.low)}–{format_number(self.high)}"


def classes_for(counts: Mapping[str, int]) -> list[MapClass]:
    """Up to four classes for the counts: one per value while there are few, otherwise split at the quantiles."""
    values = sorted(value for value in counts.values() if value > 0)
    if not values:
        return []
    top = values[-1]
    if len(set(values)) <= len(SHADES):
        highs = sorted(set(values))
    else:
        highs = []
        for share in (0.5, 0.8, 0.95):
            bound = values[int(share * (len(values) - 1))]
            if bound < top and (not highs or bound > highs[-1]):
                highs.append(bound)
        highs.append(top)
    shades = SHADES if len(highs) == len(SHADES) else [SHADES[round(i * 3 / max(len(highs) - 1, 1))]
                                                       for i in range(len(highs))]  # fmt: skip
    result, low = [], 1
    for high, fill in zip(highs, shades, strict=True):
        result.append(MapClass(low, high, fill))
        low = high + 1
    return result


@dataclass
class MapPicture:
    """What one map shows: counts per country in classes, the legend's texts, the area in view, what is beside."""

    title: str
    counts: dict[str, int]
    language: str
    view: Rect
    caption: str = ""
    highlight: str | None = None  # the country a page or dossier is about
    classes: list[MapClass] = field(default_factory=list)
    #: Countries with a count but no outline: (code, count), listed beside the map.
    beside: list[tuple[str, int]] = field(default_factory=list)

    def fill(self, code: str) -> str:
        """The colour a country is filled with."""
        count = self.counts.get(code, 0)
        for klass in self.classes:
            if klass.low <= count <= klass.high:
                return klass.fill
        return HIGHLIGHT_FILL if code == self.highlight else EMPTY_FILL

    def name(self, code: str) -> str:
        """The country's name in the map's language."""
        return country_name(code, babel_locale(self.language))

    def legend(self) -> list[tuple[str, str]]:
        """(fill, text) of each legend entry: 'none', the classes."""
        return [(EMPTY_FILL, _("none")), *((klass.fill, klass.label) for klass in self.classes)]

    def home_text(self) -> str:
        """The legend's line for the home mark."""
        return _("{country}: home").format(country=self.name(HOME))

    def beside_title(self) -> str:
        """The heading of the list beside the map."""
        return _("Shown beside the map (no outline at this scale):")

    def beside_lines(self) -> list[str]:
        """'Singapore: 2' for each country listed beside the map."""
        return [f"{self.name(code)}: {format_number(count)}" for code, count in self.beside]


def make_picture(
    counts: Mapping[str, int],
    *,
    title: str,
    language: str,
    caption: str = "",
    region: str = "world",
    country: str | None = None,
) -> MapPicture:
    """The picture of `counts` (country code → count): classes, what has no outline, the area in view (a region, or
    a country with its neighbours). Texts in `language` (call inside its language context)."""
    drawn = outlines()
    kept = {code: count for code, count in counts.items() if count}
    picture = MapPicture(title, kept, language, country_rect(country) if country else region_rect(region),
                         caption=caption, highlight=country)  # fmt: skip
    picture.classes = classes_for(kept)
    missing = [(code, count) for code, count in kept.items() if code not in drawn]
    if country and country not in drawn and country not in kept:
        missing.append((country, 0))
    picture.beside = sorted(missing, key=lambda pair: (-pair[1], picture.name(pair[0]).casefold()))
    return picture
