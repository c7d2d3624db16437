import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from finder.cards import card_for, format_phone, verification_of
from finder.results import cards_for
from finder.search import SearchParams, search


@pytest.mark.parametrize(
    ("number", "extension", "label", "href"),
    [
        ("+14185550123", "", "418 555-0123", "tel:+14185550123"),
        ("514-555-0199", "12", "514 555-0199, poste 12", "tel:+15145550199,12"),
        ("+18776444545", "", "1 877 644-4545", "tel:+18776444545"),
        ("211", "", "211", "tel:+211"),
    ],
)
def test_it_formats_phone_numbers_as_people_write_them(number, extension, label, href):
    with translation.override("fr"):
        line = format_phone(number, extension)
    assert (line.label, line.href) == (label, href)


def test_it_skips_numbers_without_digits():
    assert format_phone("n/a") is None


def test_it_flags_listings_not_verified_for_a_year():
    today = datetime.date(2026, 11, 26)
    assert not verification_of(datetime.date(2026, 1, 5), today).is_stale
    assert verification_of(datetime.date(2025, 11, 1), today).is_stale
    assert verification_of(None, today).is_stale


def test_it_shows_today_s_hours(make_point):
    point = make_point(46.8, -71.2)  # open Mondays 8:30–16:30
    from directory.queries import service_points_for_listing

    loaded = service_points_for_listing().get(pk=point.pk)
    monday, tuesday = datetime.date(2026, 11, 23), datetime.date(2026, 11, 24)
    assert card_for(loaded, today=monday).today.code == "MO"
    assert card_for(loaded, today=tuesday).today is None
    assert [day.code for day in card_for(loaded, today=tuesday).week] == ["MO"]


def test_loading_cards_costs_the_same_for_one_or_twenty_results(make_point):
    # Far north (Ungava), where the session's sample directory has no service point within the radius.
    ours = {
        make_point(58.123 + i * 0.0001, -68.456, clienteles=("youth", "women"), languages=("fr", "en")).pk
        for i in range(20)
    }
    hits, _total = search(SearchParams(latitude=58.123, longitude=-68.456, radius_km=1, limit=100))
    hits = [hit for hit in hits if hit.service_point_id in ours]
    assert len(hits) == 20
    with CaptureQueriesContext(connection) as one:
        assert len(cards_for(hits[:1])[0]) == 1
    with CaptureQueriesContext(connection) as twenty:
        cards, _comparisons = cards_for(hits)
    assert len(cards) == 20
    assert len(one) == len(twenty)
    assert [card.point_id for card in cards] == [hit.service_point_id for hit in hits]


@hypothesis_settings(max_examples=400)
@given(
    distance=st.one_of(
        # (floatformat gives back values of over 200 digits as they are, 1e-228 say: no distance is that small.)
        st.floats(min_value=0, max_value=3000, allow_nan=False).filter(lambda km: km == 0 or km > 1e-150),
        st.integers(min_value=0, max_value=30000).map(lambda tenths: tenths / 100 + 0.05),  # halves, to round
    ),
    language=st.sampled_from(["fr", "en"]),
)
def test_a_card_s_distance_reads_as_the_template_filter_wrote_it(distance, language):
    """The card's distance is written without ``floatformat`` (its per-call format lookups cost 40 µs a card) and
    reads the same, decimal separator and rounding of halves included."""
    from django.template.defaultfilters import floatformat
    from django.utils import formats

    from finder.cards import distance_text

    with translation.override(language):
        assert distance_text(distance, formats.get_format("DECIMAL_SEPARATOR", language)) == floatformat(distance, 1)
