"""manage.py load_geography: counts, idempotency, validation, a replaceable postal-code file."""

import gzip
import io

import pytest
from django.core.management import CommandError, call_command

from geography.loading import geography_load
from geography.models import ForwardSortationArea, LoadRecord, Municipality, PlaceName, PostalCode, Region
from geography.resolve import resolve_place

pytestmark = pytest.mark.usefixtures("geography_data")

HEADER = "postal_code,place_name,latitude,longitude\n"
SMALL_FILE = HEADER + (
    "H2X 1Y4,Montreal,45.5082,-73.5689\n"
    "G7H 5B1,Chicoutimi,48.4190,-71.0600\n"
    "J5N 1A1,Sainte-Anne-Des-Plaines,45.7965,-73.8641\n"
    "H2X 1Y,Montreal,45.5,-73.5\n"
    "M5V 2T6,Toronto,43.64,-79.39\n"
    "H0H 0H0,Reserved (Santa Claus),90.0,0.0\n"
    "H2X 1Y4,Montreal,45.5082,-73.5689\n"
    "H2X 1Y5,Montreal,north,-73.5\n"
    "G3Z 0L5,Baie-Saint-Paul,58.1875,-116.407\n"
    "G1X 5J5,Quebec,45.0,-74.5\n"
)


def test_it_loads_the_whole_geography(db):
    assert Region.objects.count() == 17
    assert Municipality.objects.count() == 1130
    # The 421 real FSAs of the FSA file, plus J5N, which only the postal-code file knows.
    assert ForwardSortationArea.objects.count() == 422
    assert not ForwardSortationArea.objects.filter(code="H0H").exists()
    assert ForwardSortationArea.objects.filter(is_rural=True).count() == 41
    assert PostalCode.objects.count() > 225_000
    assert PlaceName.objects.count() > 1_200


def test_it_stores_bilingual_region_names_and_boundaries(db):
    saguenay = Region.objects.get(code="02")
    assert saguenay.name_fr == "Saguenay–Lac-Saint-Jean"
    assert saguenay.name_en == "Saguenay–Lac-Saint-Jean"
    assert saguenay.boundary["type"] == "MultiPolygon"
    assert saguenay.min_lat < 48.4 < saguenay.max_lat


def test_it_gives_place_names_their_accents(db):
    assert PlaceName.objects.get(name_key="jonquiere").name == "Jonquière"
    assert PostalCode.objects.get(code="H2X1Y4").place_name == "Montréal"


def test_it_skips_an_identical_reload(db):
    report = geography_load()
    assert report.skipped
    assert report.counts["postal_codes"] == PostalCode.objects.count()


def test_it_reloads_when_a_table_was_emptied(db):
    PlaceName.objects.all().delete()
    report = geography_load()
    assert not report.skipped
    assert PlaceName.objects.count() == report.counts["place_names"] > 1_200


def test_it_says_it_has_nothing_to_do_when_nothing_changed(db):
    out = io.StringIO()
    call_command("load_geography", stdout=out)
    assert "nothing to do" in out.getvalue()


@pytest.fixture
def small_postal_file(tmp_path):
    path = tmp_path / "licensed_codes.csv.gz"
    with gzip.open(path, "wt", encoding="utf-8") as handle:
        handle.write(SMALL_FILE)
    return path


def test_it_swaps_in_another_postal_code_file_and_reports_what_it_rejected(db, small_postal_file):
    report = geography_load(postal_codes_file=small_postal_file)
    assert PostalCode.objects.count() == 3
    reasons = {
        rejected.value: rejected.reason for rejected in report.rejected if rejected.file == small_postal_file.name
    }
    assert reasons == {
        "H2X 1Y": "not a valid full postal code",
        "M5V 2T6": "not a Québec postal code",
        "H0H 0H0": "reserved for Santa Claus, not a place",
        "H2X 1Y4": "duplicate postal code",
        "H2X 1Y5": "latitude/longitude missing or not a number",
        "G3Z 0L5": "point (58.1875, -116.407) is outside Québec",
        "G1X 5J5": "point is 315 km from the centre of urban FSA G1X",
    }
    assert resolve_place("G7H 5B1").origin.precision == "postal_code"
    assert resolve_place("G7H 5B2").origin.precision == "fsa"
    assert LoadRecord.objects.get(name="geography").counts["postal_codes"] == 3


def test_it_prints_the_rejected_rows(db, small_postal_file):
    out = io.StringIO()
    call_command("load_geography", "--postal-codes", str(small_postal_file), stdout=out)
    assert "3 postal codes" in out.getvalue()
    assert "Rejected" in out.getvalue()
    assert "reserved for Santa Claus" in out.getvalue()


def test_it_refuses_a_file_without_the_expected_columns(db, tmp_path):
    path = tmp_path / "codes.csv"
    path.write_text("code,lat,lon\nH2X1Y4,45.5,-73.5\n", encoding="utf-8")
    with pytest.raises(CommandError, match="missing columns"):
        call_command("load_geography", "--postal-codes", str(path))


def test_it_refuses_a_missing_file(db, tmp_path):
    with pytest.raises(CommandError, match="missing"):
        call_command("load_geography", "--postal-codes", str(tmp_path / "nowhere.csv"))


def test_it_times_resolutions(db):
    out = io.StringIO()
    call_command("bench_resolve", "--n", "5", stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[0].split() == ["input", "n", "p50", "ms", "p95", "ms"]
    assert any(line.startswith("full postal code") for line in lines)
