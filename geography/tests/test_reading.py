"""Validation of the geography files, row by row (no database)."""

from pathlib import Path

from geography.reading import read_fsas, read_municipalities, read_place_names

REGIONS = {f"{n:02d}" for n in range(1, 18)}
MUNICIPALITY_HEADER = "mcode,name,designation,region_code,mrc_name,population,postal_code,latitude,longitude\n"


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_it_rejects_bad_municipality_rows_and_says_why(tmp_path):
    path = write(
        tmp_path,
        "m.csv",
        MUNICIPALITY_HEADER
        + "94068,Saguenay,Ville,02,Saguenay,144723,G7H5B1,48.42,-71.06\n"
        + "94068,Saguenay again,Ville,02,Saguenay,1,G7H5B1,48.42,-71.06\n"
        + "9406,Short code,Ville,02,x,1,,48.42,-71.06\n"
        + "11111,Nowhere,Ville,18,x,1,,48.42,-71.06\n"
        + "22222,Paris,Ville,06,x,1,,48.85,2.35\n"
        + "33333,,Ville,06,x,1,,45.5,-73.5\n"
        + "44444,Many,Ville,06,x,lots,,45.5,-73.5\n",
    )
    batch = read_municipalities(path, REGIONS)
    assert [row["name"] for row in batch.rows] == ["Saguenay"]
    assert batch.rows[0]["name_key"] == "saguenay"
    assert batch.rows[0]["fsa_code"] == "G7H"
    assert [(r.line, r.reason) for r in batch.rejected] == [
        (3, "duplicate municipality code"),
        (4, "municipality code must be 5 digits"),
        (5, "unknown region '18'"),
        (6, "point (48.85, 2.35) is outside Québec"),
        (7, "no name"),
        (8, "population is not a whole number"),
    ]


def test_it_rejects_santa_claus_and_foreign_fsas(tmp_path):
    path = write(
        tmp_path,
        "f.csv",
        "fsa,name,type,latitude,longitude,region_code\n"
        "G7H,Chicoutimi East,urban,48.41,-71.05,02\n"
        "H0H,Reserved (Santa Claus),rural,,,\n"
        "M5V,Toronto,urban,43.6,-79.4,06\n"
        "G7H,Chicoutimi East,urban,48.41,-71.05,02\n"
        "G0A,Capitale-Nationale (Stoneham),rural,47.05,-71.27,03\n",
    )
    batch = read_fsas(path, REGIONS)
    assert [(row["code"], row["place_name"], row["is_rural"]) for row in batch.rows] == [
        ("G7H", "Chicoutimi East", False),
        ("G0A", "Stoneham", True),
    ]
    assert [r.reason for r in batch.rejected] == [
        "reserved for Santa Claus, not a place",
        "not a Québec forward sortation area",
        "duplicate FSA",
    ]


def test_it_keeps_one_of_two_place_names_with_the_same_key_and_drops_non_places(tmp_path):
    path = write(
        tmp_path,
        "p.csv",
        "place_name,n_postal_codes,mean_lat,mean_lon,main_fsa\n"
        "L'Ange-Gardien,2,45.35,-72.9,J0E\n"
        "L'Ange Gardien,40,46.92,-71.08,G0A\n"
        "Mailing Municipality Clean Up,1,46.0,-73.0,G0A\n"
        "Jonquiere,5000,48.41,-71.22,G7X\n",
    )
    fsas = {"G0A": {"is_rural": True, "region_id": "03"}, "G7X": {"is_rural": False, "region_id": "02"}}
    naming = {"official_by_key": {}, "words": {"jonquiere": "Jonquière"}, "regions": [], "municipalities": []}
    orphans = read_place_names(path, fsas, naming)  # no boundary nor municipality to place a rural point
    assert [r.reason for r in orphans.rejected if r.line == 3] == ["no region found for this point"]
    naming["municipalities"] = [
        {"name_key": "x", "name": "X", "population": 1, "region_id": "03", "latitude": 46.9, "longitude": -71.1}
    ]
    batch = read_place_names(path, fsas, naming)
    assert {row["name"]: row["region_id"] for row in batch.rows} == {"L'Ange Gardien": "03", "Jonquière": "02"}
    assert [r.reason for r in batch.rejected] == [
        "same name as line 3, which has more postal codes",
        "not a place name (a Canada Post clean-up entry)",
    ]
