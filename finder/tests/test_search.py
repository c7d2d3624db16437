import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from finder.search import Hit, SearchParams, bounding_box, haversine_km, nearest_anyway, search

MONTREAL = (45.5017, -73.5673)
QUEBEC = (46.8139, -71.2080)
SAGUENAY = (48.4284, -71.0686)


@pytest.fixture
def points(make_point):
    """make_point on an otherwise empty directory (the session-wide sample directory may be loaded)."""
    from directory.models import ServiceAtLocation

    ServiceAtLocation.objects.update(is_active=False)
    return make_point


def reference_haversine(lat1, lon1, lat2, lon2):
    """An independent formula (spherical law of cosines) to check the ranking against."""
    p1, p2, dl = math.radians(lat1), math.radians(lat2), math.radians(lon2 - lon1)
    cos_c = math.sin(p1) * math.sin(p2) + math.cos(p1) * math.cos(p2) * math.cos(dl)
    return 6371.0088 * math.acos(max(-1.0, min(1.0, cos_c)))


def test_it_measures_known_distances():
    assert haversine_km(*MONTREAL, *QUEBEC) == pytest.approx(233, abs=2)
    assert haversine_km(*QUEBEC, *SAGUENAY) == pytest.approx(180, abs=3)
    assert haversine_km(*MONTREAL, *MONTREAL) == 0
    # One degree of latitude is about 111.2 km everywhere.
    assert haversine_km(46, -71, 47, -71) == pytest.approx(111.2, abs=0.1)


@given(
    st.floats(min_value=44, max_value=63),
    st.floats(min_value=-80, max_value=-57),
    st.floats(min_value=44, max_value=63),
    st.floats(min_value=-80, max_value=-57),
)
def test_it_agrees_with_an_independent_formula(lat1, lon1, lat2, lon2):
    assert haversine_km(lat1, lon1, lat2, lon2) == pytest.approx(reference_haversine(lat1, lon1, lat2, lon2), abs=0.05)


@given(
    st.floats(min_value=44, max_value=63),
    st.floats(min_value=-80, max_value=-57),
    st.floats(min_value=0.1, max_value=500),
    st.floats(min_value=0, max_value=1),
    st.floats(min_value=0, max_value=2 * math.pi),
)
def test_it_keeps_every_point_of_the_circle_inside_the_box(lat, lon, radius, fraction, bearing):
    # A point at distance fraction*radius in the direction of bearing must fall inside the box.
    d = fraction * radius / 6371.0088
    p1, l1 = math.radians(lat), math.radians(lon)
    p2 = math.asin(math.sin(p1) * math.cos(d) + math.cos(p1) * math.sin(d) * math.cos(bearing))
    l2 = l1 + math.atan2(math.sin(bearing) * math.sin(d) * math.cos(p1), math.cos(d) - math.sin(p1) * math.sin(p2))
    min_lat, max_lat, min_lon, max_lon = bounding_box(lat, lon, radius)
    assert min_lat - 1e-9 <= math.degrees(p2) <= max_lat + 1e-9
    assert min_lon - 1e-9 <= math.degrees(l2) <= max_lon + 1e-9


def test_it_lists_points_within_the_radius_nearest_first(points):
    far = points(46.0, -71.2)  # about 90 km south
    near = points(46.81, -71.21)
    middle = points(46.9, -71.3)
    hits, total = search(SearchParams(latitude=QUEBEC[0], longitude=QUEBEC[1], radius_km=50))
    assert [h.service_point_id for h in hits] == [near.pk, middle.pk]
    assert total == 2
    assert far.pk not in [h.service_point_id for h in hits]
    assert hits[0].distance_km < hits[1].distance_km


def test_it_pages_through_results(points):
    created = [points(46.8 + i * 0.01, -71.2) for i in range(5)]
    first, total = search(SearchParams(latitude=46.8, longitude=-71.2, limit=2))
    second, _ = search(SearchParams(latitude=46.8, longitude=-71.2, limit=2, offset=2))
    assert total == 5
    assert [h.service_point_id for h in first + second] == [p.pk for p in created[:4]]


def test_it_skips_inactive_points(points):
    points(46.81, -71.21, is_active=False)
    assert search(SearchParams(latitude=QUEBEC[0], longitude=QUEBEC[1])) == ([], 0)


def test_it_filters_by_clientele_and_keeps_general_public_services(points):
    youth = points(46.81, -71.21, clienteles=("youth",))
    everyone = points(46.82, -71.21, clienteles=("general-public",))
    points(46.83, -71.21, clienteles=("women",))
    hits, total = search(SearchParams(latitude=QUEBEC[0], longitude=QUEBEC[1], clienteles=("youth",)))
    assert {h.service_point_id for h in hits} == {youth.pk, everyone.pk}
    assert total == 2


def test_it_matches_any_of_several_clienteles_once(points):
    both = points(46.81, -71.21, clienteles=("youth", "women"))
    hits, total = search(SearchParams(latitude=QUEBEC[0], longitude=QUEBEC[1], clienteles=("youth", "women")))
    assert [h.service_point_id for h in hits] == [both.pk]
    assert total == 1


def test_it_filters_by_kind_and_language(points):
    english = points(46.81, -71.21, kinds=("job-search",), languages=("fr", "en"))
    points(46.82, -71.21, kinds=("job-search",), languages=("fr",))
    points(46.83, -71.21, kinds=("orientation",), languages=("en",))
    hits, _ = search(SearchParams(latitude=QUEBEC[0], longitude=QUEBEC[1], kinds=("job-search",), languages=("en",)))
    assert [h.service_point_id for h in hits] == [english.pk]


def test_it_clamps_absurd_parameters(points):
    points(46.81, -71.21)
    hits, total = search(SearchParams(latitude=46.8, longitude=-71.2, radius_km=1e9, limit=10**6, offset=-5))
    assert total == 1 and len(hits) == 1
    assert search(SearchParams(latitude=46.8, longitude=-71.2, radius_km=-3)) == ([], 0)


def test_it_finds_the_nearest_centres_at_any_distance(points):
    far = points(SAGUENAY[0], SAGUENAY[1])
    farther = points(MONTREAL[0], MONTREAL[1])
    hits = nearest_anyway(60.0, -70.0, limit=5)
    assert [h.service_point_id for h in hits] == [far.pk, farther.pk]
    assert hits[0] == Hit(far.pk, pytest.approx(haversine_km(60.0, -70.0, *SAGUENAY)))
    assert [h.service_point_id for h in nearest_anyway(QUEBEC[0], QUEBEC[1], limit=1)] == [far.pk]


coordinates = st.tuples(st.floats(min_value=45.0, max_value=49.0), st.floats(min_value=-75.0, max_value=-68.0))


@pytest.mark.django_db
@settings(max_examples=15, deadline=None)
@given(points=st.lists(coordinates, min_size=1, max_size=25), origin=coordinates, radius=st.floats(10, 400))
def test_it_orders_like_an_independent_haversine(points, origin, radius):
    from directory.models import ServiceAtLocation
    from tests.fixtures.finder import PointFactory

    ServiceAtLocation.objects.all().delete()
    make = PointFactory()
    created = [make(lat, lon) for lat, lon in points]
    expected = sorted(
        (d, p.pk)
        for p in created
        if (d := reference_haversine(origin[0], origin[1], p.latitude, p.longitude)) <= radius - 0.01
    )
    hits, total = search(SearchParams(latitude=origin[0], longitude=origin[1], radius_km=radius, limit=100))
    distances = [h.distance_km for h in hits]
    assert distances == sorted(distances)
    assert {pk for _, pk in expected} <= {h.service_point_id for h in hits}
    for hit in hits:
        assert hit.distance_km == pytest.approx(
            reference_haversine(
                origin[0], origin[1], *next((p.latitude, p.longitude) for p in created if p.pk == hit.service_point_id)
            ),
            abs=0.01,
        )
        assert hit.distance_km <= radius
    assert total == len(hits)


def test_it_settles_points_near_the_edge_of_a_wide_circle_exactly(points):
    # Found by hypothesis: 293.158 km away, inside a 293.1875 km radius, where the SQL expression's error (~0.1 km
    # at this distance) had put it outside.
    near_edge = points(48.296875, -71.04634094224767)
    origin = (48.16796875, -75.0)
    assert reference_haversine(*origin, 48.296875, -71.04634094224767) == pytest.approx(293.158, abs=0.001)
    hits, total = search(SearchParams(latitude=origin[0], longitude=origin[1], radius_km=293.1875))
    assert ([h.service_point_id for h in hits], total) == ([near_edge.pk], 1)
    hits, total = search(SearchParams(latitude=origin[0], longitude=origin[1], radius_km=293.15))
    assert (hits, total) == ([], 0)


def test_it_counts_exactly_when_the_capped_scan_meets_the_edge(points):
    # Five points well inside and three about 100 km away, counted with and without a cap, radii a hair either side.
    for index in range(5):
        points(46.8 + index * 0.01, -71.2)
    for index, lat in enumerate((46.8 + 0.9, 46.8 - 0.9, 46.8)):
        points(lat, -71.2 if index < 2 else -71.2 + 1.3)
    origin = (46.8, -71.2)
    edge = sorted(reference_haversine(*origin, lat, lon) for lat, lon in ((47.7, -71.2), (45.9, -71.2), (46.8, -69.9)))
    for cap in (3, 8, None):
        # 5 m from the edge, inside the band the SQL expression cannot settle (about 20 m either side at 100 km).
        for radius in (edge[0] - 0.005, edge[0] + 0.005, edge[2] + 0.005):
            expected = 5 + sum(d <= radius for d in edge)
            hits, total = search(
                SearchParams(latitude=origin[0], longitude=origin[1], radius_km=radius, limit=100, count_limit=cap)
            )
            assert total == (min(expected, cap) if cap else expected)
            assert len(hits) == expected


def test_it_finds_points_on_the_edges_of_latitude_bands(points):
    # Bands are 1/20 degree, rounded by the database: x.x25 and x.x75 sit exactly halfway, where SQLite and
    # PostgreSQL could round either way; the search reads one band of margin on each side.
    on_edges = [points(lat, -71.0) for lat in (46.025, 45.975, 46.0449, 45.9551, 46.075)]
    hits, total = search(SearchParams(latitude=46.0, longitude=-71.0, radius_km=5, limit=10))
    assert {h.service_point_id for h in hits} == {p.pk for p in on_edges[:4]}
    assert total == 4


def test_it_counts_up_to_the_limit_and_still_serves_every_page(points):
    created = [points(46.8 + i * 0.01, -71.2) for i in range(7)]
    params = SearchParams(latitude=46.8, longitude=-71.2, limit=2, count_limit=3)
    hits, total = search(params)
    assert total == 3  # "at least 3"
    assert [h.service_point_id for h in hits] == [p.pk for p in created[:2]]
    later, _ = search(SearchParams(latitude=46.8, longitude=-71.2, limit=2, offset=4, count_limit=3))
    assert [h.service_point_id for h in later] == [p.pk for p in created[4:6]]
    exact, total = search(SearchParams(latitude=46.8, longitude=-71.2, count_limit=None))
    assert total == 7 and len(exact) == 7


def test_it_finds_the_nearest_in_a_dense_cluster_beside_a_sparse_one(points):
    # Many points 10 km away and one close: the growing circle must not skip the close one nor stop short.
    close = points(46.801, -71.2)
    cluster = [points(46.89 + i * 0.0005, -71.2) for i in range(30)]
    hits, total = search(SearchParams(latitude=46.8, longitude=-71.2, limit=5, count_limit=10))
    assert total == 10
    assert [h.service_point_id for h in hits] == [close.pk] + [p.pk for p in cluster[:4]]
