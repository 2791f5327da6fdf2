#!/usr/bin/env python3
"""Convert the `world-atlas` npm package's Natural Earth TopoJSON into the outlines Hamkor reads (run once).

    cd /tmp && npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz
    python resources/maps/convert_world_atlas.py /tmp/package/countries-50m.json resources/maps/countries-50m.json

What it does: decodes the TopoJSON arcs (quantized, delta-encoded), simplifies each shared arc with the
Douglas-Peucker rule (so neighbouring countries keep a common border), joins the arcs into rings, and writes one
JSON object: `countries` maps an ISO 3166-1 alpha-2 code (from the feature's numeric code, through CLDR's
territory aliases in babel) to its rings; `land` holds the areas the package gives no code (drawn unshaded).
Each ring is a flat list [lon0, lat0, lon1, lat1, ...] of integers in hundredths of a degree.
"""

from __future__ import annotations

import json
import math
import sys
from pathlib import Path

#: How far (degrees) a simplified border may stray from Natural Earth's 1:50m line: under a pixel on a world map.
TOLERANCE = 0.04


def decode_arcs(topology: dict) -> list[list[tuple[float, float]]]:
    """The arcs as lists of (lon, lat)."""
    (scale_x, scale_y), (move_x, move_y) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x += dx
            y += dy
            points.append((x * scale_x + move_x, y * scale_y + move_y))
        arcs.append(points)
    return arcs


def simplify(points: list[tuple[float, float]], tolerance: float) -> list[tuple[float, float]]:
    """Douglas-Peucker: the points that keep the line within `tolerance` (the ends are always kept)."""
    if len(points) < 3:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        (x1, y1), (x2, y2) = points[first], points[last]
        length = math.hypot(x2 - x1, y2 - y1)
        farthest, index = 0.0, None
        for i in range(first + 1, last):
            x, y = points[i]
            if length:
                distance = abs((x2 - x1) * (y1 - y) - (x1 - x) * (y2 - y1)) / length
            else:
                distance = math.hypot(x - x1, y - y1)
            if distance > farthest:
                farthest, index = distance, i
        if index is not None and farthest > tolerance:
            keep[index] = True
            stack += [(first, index), (index, last)]
    return [point for point, kept in zip(points, keep, strict=True) if kept]


def ring(indexes: list[int], arcs: list[list[tuple[float, float]]]) -> list[int]:
    """A ring from its arcs (a negative index ~i is arc i reversed), flattened to hundredths of a degree."""
    points: list[tuple[float, float]] = []
    for index in indexes:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points += arc if not points else arc[1:]
    flat: list[int] = []
    for lon, lat in unwrapped(points):
        x, y = round(lon * 100), round(lat * 100)
        if len(flat) >= 2 and flat[-2:] == [x, y]:
            continue
        flat += [x, y]
    return flat


def unwrapped(points: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """A ring that crosses the antimeridian (a step of more than 180° in longitude) kept on one side of it: its
    longitudes are made continuous, then held within ±180° — the part across lies along the map's edge."""
    result, offset, previous = [], 0.0, None
    for lon, lat in points:
        if previous is not None and lon - previous > 180:
            offset -= 360
        elif previous is not None and previous - lon > 180:
            offset += 360
        previous = lon
        result.append((max(-180.0, min(180.0, lon + offset)), lat))
    return result


def alpha2(numeric: str | None) -> str | None:
    """The alpha-2 code of an ISO 3166-1 numeric code (CLDR's aliases), or None."""
    from babel.core import get_global

    targets = get_global("territory_aliases").get(numeric or "")
    return targets[0] if targets else None


def convert(source: Path, target: Path) -> None:
    """Write `target` from the TopoJSON `source`."""
    topology = json.loads(source.read_text(encoding="utf-8"))
    arcs = [simplify(arc, TOLERANCE) for arc in decode_arcs(topology)]
    countries: dict[str, list[list[int]]] = {}
    land: list[list[int]] = []
    for geometry in topology["objects"]["countries"]["geometries"]:
        polygons = {"Polygon": [geometry.get("arcs", [])], "MultiPolygon": geometry.get("arcs", [])}.get(
            geometry["type"], []
        )
        rings = [ring(indexes, arcs) for polygon in polygons for indexes in polygon]
        rings = [flat for flat in rings if len(flat) >= 8]  # at least three distinct corners and the closing one
        code = alpha2(geometry.get("id"))
        (countries.setdefault(code, []) if code else land).extend(rings)
    document = {
        "source": f"Natural Earth 1:50m admin-0 countries via world-atlas ({source.name}), simplified {TOLERANCE}°",
        "unit": "hundredths of a degree; rings as [lon, lat, lon, lat, …]",
        "countries": dict(sorted(countries.items())),
        "land": land,
    }
    target.write_text(json.dumps(document, separators=(",", ":")), encoding="utf-8")
    points = sum(len(flat) // 2 for rings in countries.values() for flat in rings)
    print(f"{target}: {len(countries)} countries, {points} points, {target.stat().st_size:,} bytes")


if __name__ == "__main__":
    convert(Path(sys.argv[1]), Path(sys.argv[2]))
