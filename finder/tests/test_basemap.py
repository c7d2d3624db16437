"""The map's base layer: static files built from the bundled geography, served by this site, linked from the map."""

import json

import pytest

from finder.basemap import OUT, basemap_files, name_zoom


def test_the_static_files_are_those_the_bundled_geography_gives():
    # Fails when the geography files change and nobody ran `manage.py build_basemap`.
    for name, content in basemap_files().items():
        assert (OUT / name).read_text(encoding="utf-8") == content, name


def test_it_draws_the_17_regions_and_every_municipality_name():
    files = basemap_files()
    regions = json.loads(files["regions.geojson"])
    assert sorted(f["properties"]["code"] for f in regions["features"]) == [f"{n:02d}" for n in range(1, 18)]
    names = json.loads(files["municipalities.json"])
    assert len(names) > 1000
    montreal = next(item for item in names if item[0] == "Montréal")
    assert montreal[3] == 5 and names.index(montreal) < 3


@pytest.mark.parametrize(("population", "zoom"), [(1_700_000, 5), (30_000, 7), (9_000, 8), (2_500, 9), (150, 10)])
def test_smaller_places_are_named_from_closer_zooms(population, zoom):
    assert name_zoom(population) == zoom


@pytest.mark.django_db
def test_the_map_links_the_base_layer_files(client, make_point):
    point = make_point(46.81, -71.21, name="Centre carte")
    page = client.get(point.get_absolute_url()).content.decode()
    assert "finder/basemap/regions.geojson" in page and "finder/basemap/municipalities.json" in page
