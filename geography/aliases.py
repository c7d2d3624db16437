"""Names people use for places that are no longer municipalities: former municipalities merged since 1990, boroughs
and well-known districts of the big cities (data/geography/qc_place_aliases.csv, see SOURCES.md).

Each name has its own point: the mean of the bundled postal codes of the FSAs that cover it (``fsas``), optionally
only those whose GeoNames place name is one of ``postal_places`` (for example only "Gatineau" codes in J8V, which
Cantley shares), or, with no FSA listed, every code whose place name is one of ``postal_places``. ``build`` computes
the points (``manage.py build_place_aliases``); ``read_aliases`` checks them when the geography is loaded.
"""

import csv
import gzip
from collections import defaultdict
from pathlib import Path

from lib.text import fold

from .points import haversine_km
from .reading import URBAN_CODE_MAX_KM, Batch, Rejected, region_at

KINDS = ("former", "borough", "district")
COLUMNS = [
    "name",
    "kind",
    "municipality",
    "merged",
    "fsas",
    "postal_places",
    "basis",
    "latitude",
    "longitude",
    "n_postal_codes",
    "region_code",
]
# A point may sit this far outside its region's coarse polygon (shores, islands), as for browser positions.
COAST_TOLERANCE_KM = 3.0
# An alias's point must lie within this distance of its current municipality's point (Saguenay spans 60 km).
MAX_KM_FROM_MUNICIPALITY = 60.0


def _selection(row: dict) -> tuple[set[str], set[str]]:
    fsas = {code.strip().upper() for code in row["fsas"].split() if code.strip()}
    places = {name.strip() for name in row["postal_places"].split(";") if name.strip()}
    return fsas, places


def centroids(
    rows: list[dict], postal_codes_file: Path, fsa_points: dict[str, tuple[float, float, bool]]
) -> dict[str, tuple[float, float, int]]:
    """name -> (mean latitude, mean longitude, number of postal codes) of each row's selection of postal codes.

    Codes the loader rejects as misplaced (more than URBAN_CODE_MAX_KM from their urban FSA's centre) are left out;
    ``fsa_points`` maps each FSA to (latitude, longitude, is urban).
    """
    wanted = [(row["name"], *_selection(row)) for row in rows]
    sums: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0, 0])
    opener = gzip.open if str(postal_codes_file).endswith(".gz") else open
    with opener(postal_codes_file, "rt", encoding="utf-8", newline="") as handle:
        for record in csv.DictReader(handle):
            fsa, place = record["postal_code"][:3].upper(), record["place_name"].strip()
            latitude, longitude = float(record["latitude"]), float(record["longitude"])
            centre = fsa_points.get(fsa)
            if centre is None or (centre[2] and haversine_km(latitude, longitude, *centre[:2]) > URBAN_CODE_MAX_KM):
                continue
            for name, fsas, places in wanted:
                if (not fsas or fsa in fsas) and (not places or place in places):
                    total = sums[name]
                    total[0] += latitude
                    total[1] += longitude
                    total[2] += 1
    return {name: (round(s[0] / s[2], 5), round(s[1] / s[2], 5), int(s[2])) for name, s in sums.items() if s[2]}


def build(path: Path, postal_codes_file: Path, municipalities: list[dict], fsas: list[dict]) -> list[str]:
    """Recompute every row's point, number of postal codes and region from the bundled files; rewrite the CSV.

    Returns problems (a row whose selection matches no postal code, an unknown municipality).
    """
    with open(path, encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    fsa_points = {f["code"]: (f["latitude"], f["longitude"], not f["is_rural"]) for f in fsas}
    points = centroids(rows, postal_codes_file, fsa_points)
    by_key = _municipalities_by_key(municipalities)
    problems = []
    for row in rows:
        municipality = by_key.get(fold(row["municipality"]))
        if municipality is None:
            problems.append(f"{row['name']}: no municipality named {row['municipality']!r}")
            continue
        if row["name"] not in points:
            selection = f"fsas={row['fsas']!r} places={row['postal_places']!r}"
            problems.append(f"{row['name']}: no postal code matches {selection}")
            continue
        latitude, longitude, count = points[row["name"]]
        row.update(latitude=latitude, longitude=longitude, n_postal_codes=count, region_code=municipality["region_id"])
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return problems


def _municipalities_by_key(municipalities: list[dict]) -> dict[str, dict]:
    by_key: dict[str, dict] = {}
    for m in municipalities:
        best = by_key.get(m["name_key"])
        if best is None or m["population"] > best["population"]:
            by_key[m["name_key"]] = m
    return by_key


def read_aliases(path: Path, naming: dict) -> Batch:
    """The alias rows, each checked: a known kind and municipality, a point in the municipality's region and near it."""
    batch = Batch()
    by_key = _municipalities_by_key(naming["municipalities"])
    seen: set[tuple[str, str]] = set()
    with open(path, encoding="utf-8", newline="") as handle:
        for line, row in enumerate(csv.DictReader(handle), start=2):
            name = (row.get("name") or "").strip()
            municipality = by_key.get(fold(row.get("municipality") or ""))
            reason = ""
            try:
                latitude, longitude = float(row["latitude"]), float(row["longitude"])
            except (TypeError, ValueError):
                latitude = longitude = None
                reason = "no point: run manage.py build_place_aliases"
            if not fold(name):
                reason = "no name"
            elif row.get("kind") not in KINDS:
                reason = f"kind must be one of {', '.join(KINDS)}"
            elif municipality is None:
                reason = f"no municipality named {row.get('municipality')!r}"
            elif (fold(name), municipality["code"]) in seen:
                reason = "listed twice for the same municipality"
            elif not reason:
                region = municipality["region_id"]
                distance = haversine_km(latitude, longitude, municipality["latitude"], municipality["longitude"])
                if row.get("region_code") != region:
                    reason = f"region {row.get('region_code')!r} is not {municipality['name']}'s ({region})"
                elif distance > MAX_KM_FROM_MUNICIPALITY:
                    reason = f"point is {distance:.0f} km from {municipality['name']}"
                elif region_at(naming["regions"], latitude, longitude) not in (region, None):
                    reason = f"point lies in another region than {region}"
            if reason:
                batch.rejected.append(Rejected(path.name, line, name, reason))
                continue
            seen.add((fold(name), municipality["code"]))
            batch.rows.append(
                {
                    "name": name,
                    "name_key": fold(name),
                    "kind": row["kind"],
                    "municipality_name": municipality["name"],
                    "merged": int(row["merged"]) if (row.get("merged") or "").isdigit() else None,
                    "n_postal_codes": int(row.get("n_postal_codes") or 0),
                    "latitude": latitude,
                    "longitude": longitude,
                    "region_id": municipality["region_id"],
                }
            )
    return batch
