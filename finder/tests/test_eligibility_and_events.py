"""The finder shows each result's eligibility (today and under universal access) and leaves only an anonymous,
coarse event behind."""

import re

import pytest

from eligibility.engine import Answers
from eligibility.profile import SESSION_KEY, answers_to_dict
from insights.models import SearchEvent

pytestmark = pytest.mark.django_db

# Employed, no income support, temporary resident: outside the province-wide criteria everywhere.
OUTSIDE_CRITERIA = Answers(
    age_range="36_44", employment=("employed",), income_support=("none",), status="temporary_resident"
)


def _with_profile(client, answers: Answers):
    session = client.session
    session[SESSION_KEY] = answers_to_dict(answers)
    session.save()
    return client


def _statuses(response) -> list[str]:
    return re.findall(r"decision-status status-(\w+)", response.content.decode())


def test_it_shows_no_decision_without_answers(client, reference_data):
    response = client.get("/fr/search/?where=Laval")
    assert response.status_code == 200
    assert _statuses(response) == []
    assert "eligibility-profile" in response.content.decode()  # the invitation to answer


def test_it_shows_a_decision_on_every_result_with_answers(client, reference_data):
    response = _with_profile(client, OUTSIDE_CRITERIA).get("/en/search/?where=Laval")
    statuses = _statuses(response)
    assert statuses and len(statuses) == response.content.decode().count('class="card result"')
    assert "not_eligible" in statuses
    assert "Under universal access" in response.content.decode()


def test_it_keeps_only_where_the_person_can_be_served(client, reference_data):
    client = _with_profile(client, OUTSIDE_CRITERIA)
    everything = _statuses(client.get("/fr/search/?where=Laval&served=all"))
    served = _statuses(client.get("/fr/search/?where=Laval&served=served"))
    assert "not_eligible" in everything
    assert served and "not_eligible" not in served


def test_it_records_the_fsa_and_never_the_full_postal_code(client, reference_data):
    from insights.models import ImpressionCount

    client.get("/fr/search/?where=h7n+1a1")
    event = SearchEvent.objects.get()  # ids are random: there is no "latest" event to find
    assert event.fsa == "H7N"
    assert event.region_code == "13"
    assert event.result_count > 0
    assert sum(ImpressionCount.objects.values_list("count", flat=True)) == event.result_count


def test_it_counts_the_eligibility_outcome_without_storing_answers(client, reference_data):
    _with_profile(client, OUTSIDE_CRITERIA).get("/fr/search/?where=Laval")
    event = SearchEvent.objects.get()
    assert event.not_eligible_today + event.to_confirm_today + event.eligible_today > 0
    assert event.eligible_universal > 0
    stored = " ".join(str(value) for value in SearchEvent.objects.filter(pk=event.pk).values().first().values())
    assert "temporary_resident" not in stored and "employed" not in stored


@pytest.mark.parametrize("header", ["HTTP_DNT", "HTTP_SEC_GPC"])
def test_it_records_nothing_when_the_browser_asks_not_to_be_tracked(client, reference_data, header):
    before = SearchEvent.objects.count()
    client.get("/fr/search/?where=Laval", **{header: "1"})
    assert SearchEvent.objects.count() == before


def test_it_records_nothing_for_a_search_that_could_not_run(client, reference_data):
    before = SearchEvent.objects.count()
    client.get("/fr/search/?where=%3Cscript%3E")
    assert SearchEvent.objects.count() == before


def test_it_links_guides_for_the_clienteles_asked_for(client, reference_data):
    html = client.get("/fr/search/?where=Laval&age=50%2B").content.decode()
    assert "guide-related-box" in html
    assert "/fr/guides/" in html
