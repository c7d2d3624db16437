"""Plain geometry: ray casting, distances, bounding boxes."""

import math

import pytest

from geography.points import bounding_box, distance_to_geometry_km, geometry_contains, haversine_km

SQUARE_WITH_HOLE = {
    "type": "Polygon",
    "coordinates": [
        [[-74, 45], [-72, 45], [-72, 47], [-74, 47], [-74, 45]],
        [[-73.5, 45.5], [-72.5, 45.5], [-72.5, 46.5], [-73.5, 46.5], [-73.5, 45.5]],
    ],
}
TWO_ISLANDS = {
    "type": "MultiPolygon",
    "coordinates": [
        [[[-62, 47], [-61, 47], [-61, 48], [-62, 48], [-62, 47]]],
        [[[-64, 49], [-63, 49], [-63, 50], [-64, 50], [-64, 49]]],
    ],
}


@pytest.mark.parametrize(
    ("lat", "lon", "inside"),
    [(45.2, -73.8, True), (46.0, -73.0, False), (47.5, -73.0, False), (46.9, -72.1, True)],
)
def test_it_tells_whether_a_point_is_in_a_polygon_with_a_hole(lat, lon, inside):
    assert geometry_contains(SQUARE_WITH_HOLE, lat, lon) is inside


def test_it_handles_multipolygons():
    assert geometry_contains(TWO_ISLANDS, 47.5, -61.5)
    assert geometry_contains(TWO_ISLANDS, 49.5, -63.5)
    assert not geometry_contains(TWO_ISLANDS, 48.5, -62.5)


def test_it_treats_a_missing_geometry_as_empty():
    assert not geometry_contains(None, 46, -73)
    assert bounding_box(None) is None
    assert distance_to_geometry_km(None, 46, -73) == math.inf


def test_it_measures_the_distance_to_the_nearest_edge():
    # 0.01° of latitude south of the square's southern edge is about 1.1 km.
    assert distance_to_geometry_km(SQUARE_WITH_HOLE, 44.99, -73.0) == pytest.approx(1.11, abs=0.02)


def test_it_computes_a_bounding_box():
    assert bounding_box(TWO_ISLANDS) == (47, 50, -64, -61)


def test_it_computes_great_circle_distances():
    # Montréal to Québec City: about 233 km.
    assert haversine_km(45.5017, -73.5673, 46.8139, -71.2080) == pytest.approx(233, abs=3)
    assert haversine_km(46, -73, 46, -73) == 0
