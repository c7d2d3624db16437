"""Read and validate the bundled geography files into plain rows (no database).

Every reader returns the rows it accepts and a list of ``Rejected`` rows saying why, so the load command can report
them. Columns are those of data/geography/*.csv (see data/geography/SOURCES.md).
"""

import csv
import gzip
import io
import json
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from lib.text import fold

from .names import accent_words, display_name
from .points import bounding_box, geometry_contains, haversine_km
from .postcodes import SANTA_CLAUS_FSA, is_quebec, is_rural_fsa, normalize_postal_code

# Generous bounding box of Québec: a point outside it is a data error, not a place.
QUEBEC_LAT = (44.9, 62.7)
QUEBEC_LON = (-79.9, -57.0)
# An urban FSA is a few kilometres across; a code this far from its centroid has a wrong point.
URBAN_CODE_MAX_KM = 100.0
# Entries of the Canada Post list that are not places.
NOT_PLACES = {"mailing municipality clean up"}


@dataclass(frozen=True)
class Rejected:
    file: str
    line: int
    value: str
    reason: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line} {self.value!r}: {self.reason}"


@dataclass
class Batch:
    rows: list[dict] = field(default_factory=list)
    rejected: list[Rejected] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _open_text(path: Path) -> io.TextIOBase:
    if str(path).endswith(".gz"):
        return gzip.open(path, "rt", encoding="utf-8", newline="")
    return open(path, encoding="utf-8", newline="")


def _rows(path: Path, required: set[str]):
    with _open_text(path) as handle:
        reader = csv.DictReader(handle)
        missing = required - set(reader.fieldnames or [])
        if missing:
            raise ValueError(f"{path.name}: missing columns {', '.join(sorted(missing))}")
        yield from enumerate(reader, start=2)


def _point(row: dict, lat_key: str = "latitude", lon_key: str = "longitude") -> tuple[float, float] | str:
    try:
        lat, lon = float(row[lat_key]), float(row[lon_key])
    except (TypeError, ValueError):
        return "latitude/longitude missing or not a number"
    if not (QUEBEC_LAT[0] <= lat <= QUEBEC_LAT[1] and QUEBEC_LON[0] <= lon <= QUEBEC_LON[1]):
        return f"point ({lat}, {lon}) is outside Québec"
    return lat, lon


def read_regions(csv_path: Path, geojson_path: Path) -> Batch:
    batch = Batch()
    with open(geojson_path, encoding="utf-8") as handle:
        features = {f["properties"]["code"]: f["geometry"] for f in json.load(handle)["features"]}
    for line, row in _rows(csv_path, {"code", "name", "label_lat", "label_lon", "population_mamh_decree"}):
        code, name = row["code"].strip(), row["name"].strip()
        point = _point(row, "label_lat", "label_lon")
        if not (len(code) == 2 and code.isdigit() and 1 <= int(code) <= 17):
            batch.rejected.append(Rejected(csv_path.name, line, code, "region code must be 01…17"))
            continue
        if not name or isinstance(point, str):
            batch.rejected.append(Rejected(csv_path.name, line, code, point if isinstance(point, str) else "no name"))
            continue
        geometry = features.get(code)
        box = bounding_box(geometry)
        if box is None:
            batch.notes.append(f"region {code}: no boundary in {geojson_path.name}")
        batch.rows.append(
            {
                "code": code,
                "name": name,
                "name_fr": name,
                # Québec's administrative regions keep their official French names in English usage
                # (Translation Bureau guidance), e.g. "Capitale-Nationale", "Nord-du-Québec".
                "name_en": name,
                "label_lat": point[0],
                "label_lon": point[1],
                "population": int(row["population_mamh_decree"] or 0),
                "boundary": geometry,
                "min_lat": box[0] if box else None,
                "max_lat": box[1] if box else None,
                "min_lon": box[2] if box else None,
                "max_lon": box[3] if box else None,
            }
        )
    return batch


def read_municipalities(path: Path, region_codes: set[str]) -> Batch:
    batch = Batch()
    seen: set[str] = set()
    required = {"mcode", "name", "designation", "region_code", "mrc_name", "population", "postal_code"}
    for line, row in _rows(path, required | {"latitude", "longitude"}):
        code, name = row["mcode"].strip(), row["name"].strip()
        point = _point(row)
        reason = ""
        if not (len(code) == 5 and code.isdigit()):
            reason = "municipality code must be 5 digits"
        elif code in seen:
            reason = "duplicate municipality code"
        elif not name:
            reason = "no name"
        elif row["region_code"] not in region_codes:
            reason = f"unknown region {row['region_code']!r}"
        elif isinstance(point, str):
            reason = point
        elif not (row["population"] or "0").isdigit():
            reason = "population is not a whole number"
        if reason:
            batch.rejected.append(Rejected(path.name, line, code or name, reason))
            continue
        seen.add(code)
        postal = normalize_postal_code(row["postal_code"] or "") or ""
        batch.rows.append(
            {
                "code": code,
                "name": name,
                "name_key": fold(name),
                "designation": row["designation"].strip(),
                "region_id": row["region_code"],
                "mrc_name": row["mrc_name"].strip(),
                "population": int(row["population"] or 0),
                "latitude": point[0],
                "longitude": point[1],
                "fsa_code": postal[:3] if len(postal) == 6 else "",
            }
        )
    return batch


def read_fsas(path: Path, region_codes: set[str]) -> Batch:
    batch = Batch()
    seen: set[str] = set()
    for line, row in _rows(path, {"fsa", "name", "type", "latitude", "longitude", "region_code"}):
        code = normalize_postal_code(row["fsa"]) or ""
        point = _point(row)
        reason = ""
        if len(code) != 3 or not is_quebec(code):
            reason = "not a Québec forward sortation area"
        elif code == SANTA_CLAUS_FSA:
            reason = "reserved for Santa Claus, not a place"
        elif code in seen:
            reason = "duplicate FSA"
        elif row["region_code"] not in region_codes:
            reason = f"unknown region {row['region_code']!r}"
        elif isinstance(point, str):
            reason = point
        if reason:
            batch.rejected.append(Rejected(path.name, line, row["fsa"], reason))
            continue
        seen.add(code)
        name = row["name"].strip()
        batch.rows.append(
            {
                "code": code,
                "name": name,
                # Until the postal codes say better: "Côte-Nord/Anticosti (Schefferville)" -> "Schefferville".
                "place_name": name.rsplit("(", 1)[-1].rstrip(")").strip() if "(" in name else name,
                "is_rural": is_rural_fsa(code),
                "latitude": point[0],
                "longitude": point[1],
                "region_id": row["region_code"],
            }
        )
    return batch


# Order of the values in the rows read_postal_codes returns (plain tuples: there are 225,000 of them).
POSTAL_CODE_COLUMNS = ("code", "fsa_id", "place_name", "latitude", "longitude")


def read_postal_codes(path: Path, fsas: dict[str, dict], naming: dict) -> Batch:
    """Full codes, as tuples in POSTAL_CODE_COLUMNS order.

    An FSA missing from the FSA file is derived from its codes (mean point) and added to ``fsas``.
    """
    batch = Batch()
    seen: set[str] = set()
    pending: dict[str, list[tuple]] = defaultdict(list)
    display_cache: dict[str, str] = {"": ""}
    with _open_text(path) as handle:
        reader = csv.reader(handle)
        header = next(reader, [])
        missing = {"postal_code", "place_name", "latitude", "longitude"} - set(header)
        if missing:
            raise ValueError(f"{path.name}: missing columns {', '.join(sorted(missing))}")
        i_code, i_place, i_lat, i_lon = (
            header.index(c) for c in ("postal_code", "place_name", "latitude", "longitude")
        )
        for line, row in enumerate(reader, start=2):
            raw = row[i_code] if len(row) > i_code else ""
            code = normalize_postal_code(raw) or ""
            point = _point({"latitude": row[i_lat], "longitude": row[i_lon]}) if len(row) == len(header) else "bad row"
            reason = ""
            if len(code) != 6:
                reason = "not a valid full postal code"
            elif not is_quebec(code):
                reason = "not a Québec postal code"
            elif code.startswith(SANTA_CLAUS_FSA):
                reason = "reserved for Santa Claus, not a place"
            elif code in seen:
                reason = "duplicate postal code"
            elif isinstance(point, str):
                reason = point
            if reason:
                batch.rejected.append(Rejected(path.name, line, raw, reason))
                continue
            raw_place = row[i_place].strip()
            if raw_place not in display_cache:
                display_cache[raw_place] = display_name(
                    raw_place, official_by_key=naming["official_by_key"], words=naming["words"]
                )
            seen.add(code)
            pending[code[:3]].append((code, display_cache[raw_place], point[0], point[1], line, raw))
    for fsa_code, codes in pending.items():
        fsa = fsas.get(fsa_code)
        if fsa is None:
            fsa = _derived_fsa(fsa_code, codes, naming)
            if fsa["region_id"] is None:
                reason = f"FSA {fsa_code} is in no FSA file and its region cannot be found"
                batch.rejected += [Rejected(path.name, c[4], c[5], reason) for c in codes]
                continue
            fsas[fsa_code] = fsa
            batch.notes.append(f"FSA {fsa_code} is not in the FSA file: derived from its {len(codes)} postal codes")
        places = Counter(c[1] for c in codes if c[1])
        # A rural FSA's own name already says its main place ("Capitale-Nationale (Stoneham)").
        if places and (not fsa["is_rural"] or not fsa["place_name"]):
            fsa["place_name"] = places.most_common(1)[0][0]
        centre_lat, centre_lon, urban = fsa["latitude"], fsa["longitude"], not fsa["is_rural"]
        for code, place, lat, lon, line, raw in codes:
            # Haversine only outside a box that surely lies within URBAN_CODE_MAX_KM: most codes skip it.
            if urban and (abs(lat - centre_lat) > 0.6 or abs(lon - centre_lon) > 0.8):
                distance = haversine_km(lat, lon, centre_lat, centre_lon)
                if distance > URBAN_CODE_MAX_KM:
                    reason = f"point is {distance:.0f} km from the centre of urban FSA {fsa_code}"
                    batch.rejected.append(Rejected(path.name, line, raw, reason))
                    continue
            batch.rows.append((code, fsa_code, place, lat, lon))
    return batch


def _derived_fsa(code: str, codes: list[tuple], naming: dict) -> dict:
    lat = sum(c[2] for c in codes) / len(codes)
    lon = sum(c[3] for c in codes) / len(codes)
    region = region_at(naming["regions"], lat, lon) or nearest_region(naming["municipalities"], lat, lon)
    return {
        "code": code,
        "name": "",
        "place_name": "",
        "is_rural": is_rural_fsa(code),
        "latitude": round(lat, 5),
        "longitude": round(lon, 5),
        "region_id": region,
    }


def read_place_names(path: Path, fsas: dict[str, dict], naming: dict) -> Batch:
    """Canada Post place names; the region is the same-named municipality's, else the one containing the point."""
    batch = Batch()
    municipalities_by_key: dict[str, dict] = {}
    for m in naming["municipalities"]:
        best = municipalities_by_key.get(m["name_key"])
        if best is None or m["population"] > best["population"]:
            municipalities_by_key[m["name_key"]] = m
    by_key: dict[str, dict] = {}
    for line, row in _rows(path, {"place_name", "n_postal_codes", "mean_lat", "mean_lon", "main_fsa"}):
        raw = row["place_name"].strip()
        key = fold(raw)
        point = _point(row, "mean_lat", "mean_lon")
        reason = ""
        if not key:
            reason = "no name"
        elif key in NOT_PLACES:
            reason = "not a place name (a Canada Post clean-up entry)"
        elif isinstance(point, str):
            reason = point
        elif not (row["n_postal_codes"] or "0").isdigit():
            reason = "n_postal_codes is not a whole number"
        if reason:
            batch.rejected.append(Rejected(path.name, line, raw, reason))
            continue
        fsa_code = normalize_postal_code(row["main_fsa"] or "") or ""
        fsa = fsas.get(fsa_code)
        municipality = municipalities_by_key.get(key)
        if municipality:
            region = municipality["region_id"]
        elif fsa and not fsa["is_rural"]:
            region = fsa["region_id"]
        else:
            region = region_at(naming["regions"], *point) or nearest_region(naming["municipalities"], *point)
        if region is None:
            batch.rejected.append(Rejected(path.name, line, raw, "no region found for this point"))
            continue
        candidate = {
            "name": display_name(raw, official_by_key=naming["official_by_key"], words=naming["words"]),
            "name_key": key,
            "population": municipality["population"] if municipality else 0,
            "n_postal_codes": int(row["n_postal_codes"] or 0),
            "latitude": point[0],
            "longitude": point[1],
            "fsa_id": fsa_code if fsa else None,
            "region_id": region,
            "line": line,
        }
        previous = by_key.get(key)
        if previous:
            keep, drop = previous, candidate
            if candidate["n_postal_codes"] > previous["n_postal_codes"]:
                keep, drop = candidate, previous
            batch.rejected.append(
                Rejected(path.name, drop["line"], raw, f"same name as line {keep['line']}, which has more postal codes")
            )
            by_key[key] = keep
        else:
            by_key[key] = candidate
    batch.rows = [{k: v for k, v in row.items() if k != "line"} for row in by_key.values()]
    return batch


def naming_context(regions: list[dict], municipalities: list[dict]) -> dict:
    """What display names and region look-ups need, built once per load."""
    official_by_key: dict[str, str] = {}
    for m in sorted(municipalities, key=lambda m: m["population"]):
        official_by_key[m["name_key"]] = m["name"]
    for r in regions:
        official_by_key.setdefault(fold(r["name_fr"]), r["name_fr"])
    names = [m["name"] for m in municipalities] + [m["mrc_name"] for m in municipalities]
    return {
        "official_by_key": official_by_key,
        "words": accent_words(names + [r["name_fr"] for r in regions]),
        "regions": regions,
        "municipalities": municipalities,
    }


def region_at(regions: list[dict], lat: float, lon: float) -> str | None:
    for r in regions:
        if r["min_lat"] is None or not (r["min_lat"] <= lat <= r["max_lat"] and r["min_lon"] <= lon <= r["max_lon"]):
            continue
        if geometry_contains(r["boundary"], lat, lon):
            return r["code"]
    return None


def nearest_region(municipalities: list[dict], lat: float, lon: float) -> str | None:
    nearest = min(municipalities, key=lambda m: haversine_km(lat, lon, m["latitude"], m["longitude"]), default=None)
    return nearest["region_id"] if nearest else None
