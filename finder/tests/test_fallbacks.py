"""Honest fallbacks: when filters or the radius exclude every result, the page says which did, offers to drop each,
and never calls a centre within the radius "farther away". Also: the results page leads with its results."""

import datetime

import pytest
from django.urls import reverse
from django.utils import translation

from finder.cards import opening_at

pytestmark = pytest.mark.django_db

# An empty corner of Côte-Nord, far from the sample directory (as in tests/test_query_counts.py).
LAT, LON = 51.5, -63.5
NEAR = {"lat": LAT, "lon": LON}
KM = 1 / 111.2  # about one kilometre of latitude


def url(lang: str) -> str:
    with translation.override(lang):
        return reverse("finder:search")


@pytest.fixture
def french_point_nearby(make_point, reference_data):
    """A French-only centre for women 1.3 km away, and an English-speaking one for everyone 40 km away."""
    near = make_point(LAT + 1.3 * KM, LON, clienteles=("women",), kinds=("job-search",), languages=("fr",))
    far = make_point(LAT + 40 * KM, LON, clienteles=("general-public",), kinds=("job-search",), languages=("en",))
    return near, far


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_a_language_filter_that_excludes_everything_is_named_and_can_be_dropped(client, french_point_nearby, lang):
    near, far = french_point_nearby
    response = client.get(url(lang), {**NEAR, "radius": "10", "language": "en"})
    results = response.context["results"]
    assert results.total == 0
    assert [r.code for r in results.relaxations] == ["language"]
    assert results.relaxations[0].count == 1
    assert results.unfiltered_total == 1
    relaxation, drop_url = response.context["relaxations"][0]
    assert "language=" not in drop_url and "radius=10" in drop_url
    assert ("Toutes les langues" if lang == "fr" else "Any language") in response.text
    # The centre 1.3 km away was excluded by the filter: it is not listed as "farther away".
    assert near.pk not in [card.point_id for card in results.nearest]
    assert results.nearest[0].point_id == far.pk
    assert results.nearest_beyond and results.nearest[0].distance_km > 10
    dropped = client.get(url(lang) + drop_url)
    assert dropped.context["results"].total == 1


def test_answers_about_the_person_can_be_dropped_to_show_centres_for_everyone(client, french_point_nearby):
    response = client.get(url("en"), {**NEAR, "radius": "10", "situation": "newcomer"})
    results = response.context["results"]
    assert results.total == 0
    assert [r.code for r in results.relaxations] == ["clienteles"]
    _relaxation, drop_url = response.context["relaxations"][0]
    assert "situation" not in drop_url and "age" not in drop_url
    assert "Show centres for everyone" in response.text


def test_several_filters_are_each_offered_with_their_own_count(client, french_point_nearby, make_point):
    make_point(LAT + 2 * KM, LON, clienteles=("general-public",), kinds=("orientation",), languages=("en",))
    response = client.get(url("en"), {**NEAR, "radius": "10", "language": "en", "kind": "job-search"})
    results = response.context["results"]
    assert results.total == 0
    counts = {r.code: r.count for r in results.relaxations}
    assert counts == {"kind": 1, "language": 1}
    assert results.unfiltered_total == 2
    assert "2 service points within 10 km do not match your choices." in response.text


def test_no_filter_means_no_relaxation_only_a_wider_radius(client, french_point_nearby):
    response = client.get(url("en"), {"lat": LAT - 1.0, "lon": LON, "radius": "10"})
    results = response.context["results"]
    assert results.total == 0 and results.relaxations == []
    assert results.nearest_beyond
    assert "The nearest centres, beyond 10 km" in response.text


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_the_results_page_leads_with_a_summary_not_the_form(client, french_point_nearby, lang):
    response = client.get(url(lang), {**NEAR, "radius": "10", "language": "fr"})
    html = response.text
    assert 'id="results-title"' in html and 'tabindex="-1"' in html
    assert 'class="search-form"' not in html, "the whole form is not rendered on a results page"
    assert html.index('id="results-title"') < html.index('class="results"') < html.index("eligibility-profile")
    change = response.context["change_url"]
    assert "change=1" in change
    form_page = client.get(url(lang) + change.split("#")[0])
    assert form_page.status_code == 200
    assert 'class="search-form"' in form_page.text and "results" not in form_page.context
    assert 'value="fr" checked' in form_page.text.replace('checked="checked"', "checked") or "checked" in form_page.text


def test_a_card_says_whether_the_place_is_open_now_or_when_it_opens():
    class Row:
        def __init__(self, byday, opens, closes):
            self.byday, self.opens_at, self.closes_at = byday, opens, closes

    rows = [Row("MO", datetime.time(8, 30), datetime.time(16, 30)), Row("WE", datetime.time(9), datetime.time(12))]
    monday_10 = datetime.datetime(2026, 12, 7, 10, 0)
    with translation.override("en"):
        assert opening_at(rows, monday_10).is_open
        assert "until" in opening_at(rows, monday_10).text
        monday_evening = opening_at(rows, datetime.datetime(2026, 12, 7, 18, 0))
        assert not monday_evening.is_open and "Wednesday" in monday_evening.text
        assert "tomorrow" in opening_at(rows, datetime.datetime(2026, 12, 8, 18, 0)).text
        assert "today" in opening_at(rows, datetime.datetime(2026, 12, 9, 7, 0)).text
    with translation.override("fr"):
        assert "mercredi" in opening_at(rows, datetime.datetime(2026, 12, 7, 18, 0)).text
    assert opening_at([], monday_10) is None
