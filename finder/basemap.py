"""The map's own base layer, drawn without any tile server: Québec's 17 region boundaries and the municipalities'
names, each name shown from a zoom level that grows as the population shrinks (big cities first).

Built from the bundled geography files into two static files (served and cached like any static file, no request
to anyone else): `manage.py build_basemap` writes them; a test checks they match the bundled data.
"""

import csv
import json
from pathlib import Path

from django.conf import settings

GEOGRAPHY = Path(settings.BASE_DIR) / "data" / "geography"
OUT = Path(settings.BASE_DIR) / "finder" / "static" / "finder" / "basemap"
DECIMALS = 3  # about 100 m: plenty for a boundary drawn under markers
# (population at least, zoom from which the name shows)
NAME_ZOOMS = [(100_000, 5), (25_000, 7), (8_000, 8), (2_000, 9), (0, 10)]


def _round(coordinates):
    if isinstance(coordinates[0], (int, float)):
        return [round(coordinates[0], DECIMALS), round(coordinates[1], DECIMALS)]
    return [_round(part) for part in coordinates]


def regions_geojson() -> dict:
    source = json.loads((GEOGRAPHY / "qc_regions_simplified.geojson").read_text(encoding="utf-8"))
    features = []
    for feature in source["features"]:
        geometry = feature["geometry"]
        features.append(
            {
                "type": "Feature",
                "properties": {"code": feature["properties"]["code"], "name": feature["properties"]["name"]},
                "geometry": {"type": geometry["type"], "coordinates": _round(geometry["coordinates"])},
            }
        )
    return {"type": "FeatureCollection", "attribution": source.get("attribution", ""), "features": features}


def name_zoom(population: int) -> int:
    return next(zoom for floor, zoom in NAME_ZOOMS if population >= floor)


def municipality_names() -> list[list]:
    """[[name, lat, lon, zoom], …], largest first (drawn first, so they win when names collide)."""
    with open(GEOGRAPHY / "qc_municipalities.csv", encoding="utf-8", newline="") as handle:
        rows = [r for r in csv.DictReader(handle) if r["latitude"] and r["longitude"]]
    rows.sort(key=lambda r: -int(r["population"] or 0))
    return [
        [
            r["name"],
            round(float(r["latitude"]), DECIMALS),
            round(float(r["longitude"]), DECIMALS),
            name_zoom(int(r["population"] or 0)),
        ]
        for r in rows
    ]


def basemap_files() -> dict[str, str]:
    """File name -> content."""
    compact = {"separators": (",", ":"), "ensure_ascii": False}
    return {
        "regions.geojson": json.dumps(regions_geojson(), **compact),
        "municipalities.json": json.dumps(municipality_names(), **compact),
    }


def basemap_write(out: Path = OUT) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, content in basemap_files().items():
        path = out / name
        path.write_text(content, encoding="utf-8")
        written.append(path)
    return written
