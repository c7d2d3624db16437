"""SQL queries per public page: an exact count for each, and the same count for 5 results as for 20.

A page whose count grows with its results runs a query per result (N+1): these tests fail on it. The counts are
those of a page served again (each page is fetched once first, so that caches filled on first use, such as the
eligibility rule book, are warm) and include everything a request runs: the session, the view, the templates and the
after-response tasks (the finder records each search after the response: 4 statements, savepoint included).

When a change adds or removes a query on purpose, update the number here and say why in the commit. The counts are
the same on SQLite and PostgreSQL (savepoints are counted on both).

Points made here sit in an empty corner of Côte-Nord, far from the sample directory's service points, so that a
search there finds exactly the points a test made.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from directory.models import ServiceAtLocation
from guides.models import Guide
from tests.fixtures.guides import make_guide

pytestmark = pytest.mark.django_db

LAT, LON = 51.5, -63.5
NEAR = {"lat": LAT, "lon": LON}
PAGE_SIZE = 20
PROFILE = {
    "employment": "employed",
    "income_support": "none",
    "immigration_status": "citizen_pr",
    "career_change": "no",
}

# Steady-state queries per page (see the module docstring).
RESULTS_PAGE = 21  # kinds, region by coordinates (2), nearest municipalities (3), count, page, cards (7),
#                    related guides (2), search event after the response (4)
RESULTS_PAGE_BY_POSTAL_CODE = 17  # the postal code resolves in 1 query instead of the 5 of coordinates
RESULTS_PAGE_WITH_PROFILE = 25  # + session, rule book version, rule book from the cache, mandates
RESULTS_PAGE_SERVED_ONLY = 28  # "only where I can be served": the 200 nearest are decided before paging (+3)
API_SEARCH = 14  # region (and its name) by coordinates (2), nearest municipalities (3), count, page, cards (7)
API_SEARCH_WITH_PROFILE = 17  # + rule sets, their rules and the mandates (one round trip on PostgreSQL)
SERVICE_POINT_PAGE = 15  # the point and its 12 prefetches, related guides (2)
ORGANIZATION_PAGE = 12  # the organisation, its points and their 9 prefetches, its phones
HOME_PAGE = 0
GUIDE_PAGE = 4  # the guide, the read event, its clientèles, its related guides
REGIONS_PAGE = 5  # rule book version and cached rule book, region names (twice), region shapes
SIMULATOR_PAGE = 3  # rule book version and cached rule book, region names
QUESTIONNAIRE_PAGE = 0
QUESTIONNAIRE_PAGE_WITH_ANSWERS = 1  # the session


def queries(client, path: str, params: dict | None = None) -> tuple[int, object]:
    """The queries of one GET of a page already served once, and its response (which must be a 200)."""
    assert client.get(path, params or {}).status_code == 200
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path, params or {})
    assert response.status_code == 200, (path, params, response.status_code)
    return len(captured), response


def url(name: str, *args, lang: str = "fr") -> str:
    with translation.override(lang):
        return reverse(name, args=args)


@pytest.fixture
def points(make_point, reference_data):
    """25 service points within 3 km, each with clientèles, kinds, two languages, hours, phone and address."""
    return [
        make_point(LAT + n * 0.001, LON, clienteles=("youth", "women"), kinds=("job-search",), languages=("fr", "en"))
        for n in range(PAGE_SIZE + 5)
    ]


@pytest.fixture
def with_profile(client):
    """Eligibility answers saved in the session, as the finder's questionnaire does."""
    assert client.post(url("eligibility:questionnaire"), PROFILE).status_code == 302
    return client


def cards(response) -> int:
    return len(response.context["results"].cards)


def test_the_results_page_runs_as_many_queries_for_5_results_as_for_20(client, points):
    twenty_queries, twenty = queries(client, url("finder:search"), {**NEAR, "radius": "10"})
    five_queries, five = queries(client, url("finder:search"), {**NEAR, "radius": "10", "page": "2"})
    assert (cards(twenty), cards(five)) == (PAGE_SIZE, 5)
    assert twenty_queries == five_queries == RESULTS_PAGE


def test_the_results_page_for_a_postal_code_in_the_sample_directory(client, reference_data):
    count, response = queries(client, url("finder:search"), {"where": "H2X 1Y4", "radius": "200"})
    assert cards(response) == PAGE_SIZE
    assert count == RESULTS_PAGE_BY_POSTAL_CODE


def test_the_results_page_with_eligibility_answers_decides_every_card_in_constant_queries(with_profile, points):
    twenty_queries, twenty = queries(with_profile, url("finder:search"), {**NEAR, "radius": "10"})
    five_queries, five = queries(with_profile, url("finder:search"), {**NEAR, "radius": "10", "page": "2"})
    assert (cards(twenty), cards(five)) == (PAGE_SIZE, 5)
    assert all(card.decision is not None for card in twenty.context["results"].cards)
    assert twenty_queries == five_queries == RESULTS_PAGE_WITH_PROFILE
    served_queries, _served = queries(with_profile, url("finder:search"), {**NEAR, "radius": "10", "served": "served"})
    assert served_queries == RESULTS_PAGE_SERVED_ONLY


def test_the_search_api_runs_as_many_queries_for_5_results_as_for_20(client, points):
    five_queries, five = queries(client, "/api/v1/search", {**NEAR, "limit": 5})
    twenty_queries, twenty = queries(client, "/api/v1/search", {**NEAR, "limit": 20})
    assert (len(five.json()["results"]), len(twenty.json()["results"])) == (5, 20)
    assert five_queries == twenty_queries == API_SEARCH


def test_the_search_api_with_eligibility_answers_runs_as_many_queries_for_5_results_as_for_20(client, points):
    five_queries, _five = queries(client, "/api/v1/search", {**NEAR, "limit": 5, **PROFILE})
    twenty_queries, twenty = queries(client, "/api/v1/search", {**NEAR, "limit": 20, **PROFILE})
    assert len(twenty.json()["results"]) == 20
    assert five_queries == twenty_queries == API_SEARCH_WITH_PROFILE


def test_the_service_point_page_costs_the_same_however_much_it_lists(client, make_point, reference_data):
    plain = make_point(LAT, LON, clienteles=("youth",))
    rich = make_point(LAT, LON, clienteles=("youth", "women", "immigrants"), kinds=("job-search", "orientation"),
                      languages=("fr", "en"))  # fmt: skip
    plain_queries, _response = queries(client, plain.get_absolute_url())
    rich_queries, response = queries(client, rich.get_absolute_url())
    assert response.context["card"].point_id == rich.pk
    assert plain_queries == rich_queries == SERVICE_POINT_PAGE


def test_the_organization_page_runs_as_many_queries_for_1_point_as_for_6(client, points):
    organization = points[0].service.organization
    one_queries, one = queries(client, organization.get_absolute_url())
    ServiceAtLocation.objects.filter(pk__in=[p.pk for p in points[1:6]]).update(service=points[0].service)
    six_queries, six = queries(client, organization.get_absolute_url())
    assert (len(one.context["cards"]), len(six.context["cards"])) == (1, 6)
    assert one_queries == six_queries == ORGANIZATION_PAGE


def test_the_home_page_runs_no_query(client, reference_data):
    count, _response = queries(client, url("pages:home"))
    assert count == HOME_PAGE


def test_a_guide_page_runs_as_many_queries_with_3_related_guides_as_with_none(client, reference_data):
    alone, guide = make_guide(), make_guide()
    guide.related.set([make_guide(), make_guide(), make_guide()])
    alone_queries, _response = queries(client, alone.get_absolute_url())
    related_queries, response = queries(client, guide.get_absolute_url())
    assert len(response.context["related_guides"]) == 3
    assert alone_queries == related_queries == GUIDE_PAGE
    assert Guide.objects.published().filter(pk=guide.pk).exists()


def test_the_eligibility_pages_run_a_fixed_number_of_queries(client, reference_data):
    regions_queries, regions = queries(client, url("eligibility:regions"))
    assert len(regions.context["rows"]) == 17
    assert regions_queries == REGIONS_PAGE
    simulator_queries, simulator = queries(client, url("eligibility:simulator"), PROFILE)
    assert len(simulator.context["rows"]) == 17
    assert simulator_queries == SIMULATOR_PAGE
    assert queries(client, url("eligibility:questionnaire"))[0] == QUESTIONNAIRE_PAGE


def test_the_questionnaire_with_answers_reads_only_the_session(with_profile, reference_data):
    assert queries(with_profile, url("eligibility:questionnaire"))[0] == QUESTIONNAIRE_PAGE_WITH_ANSWERS
