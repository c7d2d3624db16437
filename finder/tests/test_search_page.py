import html

import pytest
from django.urls import reverse
from django.utils import translation

from finder.search import SearchParams, search
from geography.models import Municipality

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert(1)</script>"
SQL = "' OR 1=1--"


def search_url(lang: str = "fr") -> str:
    with translation.override(lang):
        return reverse("finder:search")


def test_it_shows_the_form_without_a_search(client):
    response = client.get(search_url("fr"))
    assert response.status_code == 200
    assert 'name="where"' in response.text
    assert "Trouver un centre d'emploi près de chez vous" in response.text
    assert "results" not in response.context


def test_it_shows_the_form_in_english(client):
    response = client.get(search_url("en"))
    assert response.status_code == 200
    assert "Find an employment centre near you" in response.text
    assert '<html lang="en">' in response.text


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_it_lists_centres_nearest_first_for_a_postal_code(client, reference_data, lang):
    response = client.get(search_url(lang), {"where": "h2x 1y4"})
    assert response.status_code == 200
    results = response.context["results"]
    assert results.total > 0
    distances = [card.distance_km for card in results.cards]
    assert distances == sorted(distances)
    assert results.origin.precision == "postal_code"
    first = results.cards[0]
    assert first.organization_name in response.text
    assert 'href="tel:+1' in response.text
    assert " km" in response.text


def test_it_finds_a_former_town_without_accents(client, reference_data):
    response = client.get(search_url(), {"where": "chicoutimi"})
    assert response.status_code == 200
    assert response.context["results"].origin.region_code == "02"


def test_it_searches_from_the_browser_position(client, reference_data):
    response = client.get(search_url(), {"where": "", "lat": "46.8139", "lon": "-71.2080"})
    assert response.status_code == 200
    assert response.context["results"].origin.precision == "coordinates"


def test_a_typed_place_wins_over_a_stale_position(client, reference_data):
    response = client.get(search_url(), {"where": "Gatineau", "lat": "46.8139", "lon": "-71.2080"})
    assert response.context["results"].origin.region_code == "07"


def test_it_filters_by_the_answers_and_keeps_services_for_everyone(client, reference_data):
    response = client.get(search_url(), {"where": "H2X 1Y4", "age": "16-35", "radius": "200"})
    assert response.status_code == 200
    results = response.context["results"]
    assert results.clienteles == ("youth",)
    from directory.models import ServiceAtLocation

    for card in results.cards:
        point = ServiceAtLocation.objects.get(pk=card.point_id)
        slugs = set(point.service.clienteles.values_list("slug", flat=True))
        assert slugs & {"youth", "general-public"}


def test_it_maps_situations_to_clienteles(client, reference_data):
    response = client.get(search_url(), {"where": "H2X 1Y4", "situation": ["newcomer", "woman"], "age": "36-49"})
    assert response.context["results"].clienteles == ("immigrants", "women")


def test_it_pages_through_results(client, reference_data):
    first = client.get(search_url(), {"where": "H2X 1Y4", "radius": "200"})
    results = first.context["results"]
    assert results.total > 20
    assert first.context["next_url"]
    second = client.get(search_url() + first.context["next_url"])
    assert second.status_code == 200
    page_two = second.context["results"]
    assert page_two.page == 2
    assert page_two.cards[0].distance_km >= results.cards[-1].distance_km
    assert {c.point_id for c in page_two.cards}.isdisjoint({c.point_id for c in results.cards})


def test_a_page_past_the_end_is_not_a_dead_end(client, reference_data):
    response = client.get(search_url(), {"where": "H2X 1Y4", "page": "400"})
    assert response.status_code == 200
    assert response.context["results"].cards == []
    assert response.context["first_page_url"] in response.text.replace("&amp;", "&")


def test_the_language_links_keep_the_search(client, reference_data):
    response = client.get(search_url("fr"), {"where": "Laval", "radius": "25"})
    assert 'href="/en/search/?where=Laval&amp;radius=25"' in response.text


def test_it_shows_a_map_block_as_data_after_the_list(client, reference_data):
    response = client.get(search_url(), {"where": "H2X 1Y4"})
    text = response.text
    assert 'id="finder-map-data" type="application/json"' in text
    assert text.index('class="results"') < text.index('id="results-map"')
    assert "<script>" not in text  # no inline script: the CSP would block it
    data = response.context["results"].map_data
    assert data["points"] and data["origin"]["label"]


def remote_municipality() -> Municipality:
    """A municipality with no service point within 10 km (there are many in the north)."""
    for place in Municipality.objects.filter(region_id__in=["10", "09", "08"]).order_by("-latitude"):
        if search(SearchParams(latitude=place.latitude, longitude=place.longitude, radius_km=10))[1] == 0:
            return place
    pytest.skip("every municipality has a centre within 10 km")


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_an_empty_result_offers_a_wider_radius_the_nearest_centres_and_phone_lines(client, reference_data, lang):
    place = remote_municipality()
    response = client.get(search_url(lang), {"where": place.name, "radius": "10"})
    assert response.status_code == 200
    results = response.context["results"]
    assert results.total == 0
    assert results.nearest
    distances = [card.distance_km for card in results.nearest]
    assert distances == sorted(distances) and distances[0] > 10
    wider = results.wider_radius_km
    if wider is not None:  # the smallest offered radius that reaches the nearest centre
        assert wider >= distances[0] and f"radius={wider}" in response.context["wider_url"]
    assert 'href="tel:+18776444545"' in response.text
    assert 'href="tel:211"' in response.text


def test_it_shows_sample_listings_with_a_badge(client, reference_data):
    response = client.get(search_url(), {"where": "H2X 1Y4"})
    if any(card.is_sample for card in response.context["results"].cards):
        assert "Données fictives" in response.text


def test_it_links_each_result_to_its_page_and_to_a_contact_request(client, reference_data):
    response = client.get(search_url(), {"where": "H2X 1Y4"})
    card = response.context["results"].cards[0]
    assert f'href="{card.url}"' in response.text
    assert f'href="{reverse("referrals:request_new", args=[card.point_id])}"' in response.text


@pytest.mark.parametrize(
    ("where", "code"),
    [
        ("H0H 0H0", "not_a_place"),
        ("M5V 2T6", "outside_quebec"),
        ("G0A", "rural_fsa_needs_detail"),
        ("Xyzzyville-sur-Mer", "unknown_place"),
        ("H2X 1Y", "malformed_postal_code"),
    ],
)
@pytest.mark.parametrize("lang", ["fr", "en"])
def test_it_explains_places_it_cannot_use(client, reference_data, where, code, lang):
    response = client.get(search_url(lang), {"where": where})
    assert response.status_code == 400
    resolution = response.context["resolution"]
    assert resolution.error == code
    text = html.unescape(response.text)
    assert resolution.message in text
    for name, _url in response.context["suggestion_links"]:
        assert name in text


def test_a_rural_area_asks_for_the_full_code_and_suggests_places(client, reference_data):
    response = client.get(search_url("en"), {"where": "g0a"})
    assert "full postal code" in response.text
    assert response.context["suggestion_links"]


def test_an_unknown_place_offers_suggestions_as_links(client, reference_data):
    response = client.get(search_url(), {"where": "Trois-Rivieeres"})
    assert response.status_code == 400
    names = [name for name, _url in response.context["suggestion_links"]]
    assert "Trois-Rivières" in names


def test_an_empty_search_asks_for_a_place(client):
    response = client.get(search_url(), {"where": "  "})
    assert response.status_code == 400
    assert "Entrez un code postal ou le nom d'une municipalité." in html.unescape(response.text)


def test_a_very_long_query_is_refused_with_a_message(client, db):
    response = client.get(search_url("en"), {"where": "a" * 10_000})
    assert response.status_code == 400
    assert "at most 100 characters" in response.text
    assert 'value="' + "a" * 100 + '"' in response.text  # the field shows no more than it accepts


@pytest.mark.parametrize("radius", ["99999", "-5", "abc", "1e308", SCRIPT])
def test_an_absurd_radius_is_refused_with_a_message(client, db, radius):
    response = client.get(search_url("en"), {"where": "H2X 1Y4", "radius": radius})
    assert response.status_code == 400
    assert "How far can you travel?" in response.text


@pytest.mark.parametrize("value", [SCRIPT, SQL, "\x00", "😀" * 50])
@pytest.mark.parametrize("field", ["where", "age", "situation", "radius", "kind", "language", "page", "lat", "lon"])
def test_hostile_input_in_any_field_never_fails_nor_echoes_markup(client, reference_data, field, value):
    params = {"where": "H2X 1Y4", field: value}
    response = client.get(search_url(), params)
    assert response.status_code in (200, 400)
    assert SCRIPT not in response.text
    assert "<script>" not in response.text


def test_out_of_range_coordinates_are_refused(client, db):
    response = client.get(search_url(), {"lat": "123", "lon": "-500"})
    assert response.status_code == 400


def test_a_position_outside_quebec_is_explained(client, reference_data):
    response = client.get(search_url("en"), {"lat": "43.65", "lon": "-79.38"})
    assert response.status_code == 400
    assert response.context["resolution"].error == "outside_quebec"


def test_the_results_page_runs_a_constant_number_of_queries(client, reference_data, django_assert_max_num_queries):
    with django_assert_max_num_queries(20):
        few = client.get(search_url(), {"where": "H2X 1Y4", "radius": "10", "kind": "orientation"})
    with django_assert_max_num_queries(20):
        many = client.get(search_url(), {"where": "H2X 1Y4", "radius": "200"})
    assert len(many.context["results"].cards) == 20
    assert len(few.context["results"].cards) < len(many.context["results"].cards)


def test_place_suggestions_come_as_json(client, reference_data):
    response = client.get(reverse("finder:places"), {"q": "trois-ri"})
    assert response.status_code == 200
    assert "Trois-Rivières" in response.json()["places"]
    assert client.get(reverse("finder:places"), {"q": "x" * 10_000}).status_code == 200
    assert client.get(reverse("finder:places"), {"q": SCRIPT}).json() == {"places": []}


def test_a_dense_area_says_at_least_and_keeps_paging(client, reference_data, monkeypatch):
    monkeypatch.setattr("finder.results.COUNT_LIMIT", 30)
    response = client.get(search_url("en"), {"where": "H2X 1Y4"})
    results = response.context["results"]
    assert results.total == 30 and results.total_is_capped
    assert "30 service points or more within 50 km" in response.text
    assert response.context["next_url"]
    page_two = client.get(search_url("en") + response.context["next_url"]).context["results"]
    assert len(page_two.cards) == 20  # the sample has more than 40 points within 50 km of H2X 1Y4
    assert page_two.cards[0].distance_km >= results.cards[-1].distance_km


def test_the_wider_radius_reaches_the_nearest_centre():
    from finder.results import wider_radius

    assert wider_radius(10, 34.3) == 50
    assert wider_radius(10, None) == 25
    assert wider_radius(50, 12.0) == 100
    assert wider_radius(200, 350.0) is None
    assert wider_radius(100, 250.0) is None
