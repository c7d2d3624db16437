"""The public pages: regions table and map, CSV downloads, the simulator and the questionnaire."""

import csv
import io

import pytest
from django.urls import reverse
from django.utils import translation

from eligibility.engine import Answers
from eligibility.finder import compare_for_service_points, decide_for_service_points
from eligibility.profile import SESSION_KEY, answers_from_query, answers_to_query

pytestmark = pytest.mark.usefixtures("illustrative_rules")


def url(name, lang="fr"):
    with translation.override(lang):
        return reverse(f"eligibility:{name}")


@pytest.mark.parametrize(("lang", "heading"), [("fr", "Qui peut être servi, région par région"),
                                               ("en", "Who can be served, region by region")])  # fmt: skip
def test_it_shows_the_seventeen_regions_with_an_illustrative_label(client, lang, heading):
    response = client.get(url("regions", lang))
    html = response.content.decode()
    assert response.status_code == 200
    assert heading in html
    assert html.count('<tr id="region-') == 17
    assert html.count('class="map-region') == 17
    assert "sample-badge" in html


def test_it_downloads_the_table_as_csv(client):
    response = client.get(url("regions_csv", "en"))
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(rows) == 18
    laval = next(r for r in rows if r[0] == "13")
    assert laval[2] == "Eligible"
    assert laval[5:7] == ["Not eligible under today's rules", "Not eligible under today's rules"]


def test_it_simulates_a_profile_in_every_region_with_a_shareable_url(client):
    query = "employment=employed&income_support=none&immigration_status=citizen_pr&career_change=no"
    response = client.get(url("simulator", "en") + "?" + query)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Today's rules: eligible in 4 regions, to confirm in 4, not eligible in 9." in html
    assert "Universal access: eligible in 17 regions" in html
    assert f"?{query}" in html.replace("&amp;", "&")
    csv_response = client.get(url("simulator_csv", "en") + "?" + query)
    rows = list(csv.reader(io.StringIO(csv_response.content.decode("utf-8-sig"))))
    assert len(rows) == 18 and rows[7][2] == "Eligible" and rows[7][4] == "r07-employed"


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("age_range=250", "250"),
        ("employment=employed&employment=no_job", "“No job” cannot be combined with having a job."),
        ("immigration_status=<script>alert(1)</script>", "&lt;script&gt;"),
        ("on_date=2025-13-45", "Enter a valid date."),
        ("career_change=perhaps", "perhaps"),
    ],
)
def test_it_explains_bad_answers_without_failing(client, query, message):
    response = client.get(url("simulator", "en") + "?" + query)
    html = response.content.decode()
    assert response.status_code == 400
    assert "error-summary" in html and message in html
    assert "<script>alert" not in html


def test_it_keeps_the_questionnaire_in_the_session_only_and_forgets_it(client):
    data = {"employment": ["precarious"], "income_support": ["none"], "next": "/fr/"}
    response = client.post(url("questionnaire"), data)
    assert response.status_code == 302 and response["Location"] == "/fr/"
    assert client.session[SESSION_KEY] == {"employment": ["precarious"], "income_support": ["none"]}
    page = client.get(url("questionnaire")).content.decode()
    assert 'value="precarious"' in page and "checked" in page
    client.post(url("questionnaire"), {"forget": "1"})
    assert SESSION_KEY not in client.session


def test_it_never_redirects_elsewhere_after_the_questionnaire(client):
    response = client.post(url("questionnaire"), {"next": "https://evil.example/"})
    assert response["Location"] == url("questionnaire")


def test_it_refuses_contradictory_questionnaire_answers(client):
    response = client.post(url("questionnaire"), {"employment": ["no_job", "employed"]})
    assert response.status_code == 400 and SESSION_KEY not in client.session


def test_it_round_trips_a_profile_through_the_query_string():
    answers = Answers(age_range="18_24", employment=("student",), status="temporary_resident", career_change=True)
    from django.http import QueryDict

    query = QueryDict(mutable=True)
    for key, value in answers_to_query(answers):
        query.appendlist(key, value)
    assert answers_from_query(query) == (answers, [])


def test_it_decides_for_many_service_points_in_a_constant_number_of_queries(
    service_point_factory, django_assert_max_num_queries, rf
):
    points = [service_point_factory(region=f"{n % 17 + 1:02d}") for n in range(20)]
    points.append(service_point_factory(region="06", mandate={"age": {"min": 16, "max": 35}}))
    profile = Answers(employment=("employed",), income_support=("none",), status="citizen_pr", age_range="50_64")
    # Cold cache: the rules' version, the cache miss, the two rule queries, the cache write (the database cache
    # counts, looks up and inserts: four), the points and the mandates.
    with django_assert_max_num_queries(11):
        decisions = decide_for_service_points(profile, [p.pk for p in points], request=rf.get("/"))
    assert len(decisions) == 21
    assert decisions[points[-1].pk].status == "not_eligible"
    request = rf.get("/")
    with django_assert_max_num_queries(4):  # the next request: version, cache hit, points, mandates
        again = decide_for_service_points(profile, [p.pk for p in points], request=request)
    assert again == decisions
    with django_assert_max_num_queries(2):  # the rule sets are memoised on the request
        compare_for_service_points(profile, [p.pk for p in points], request=request)


def test_it_renders_the_decision_include_with_a_why(service_point_factory):
    from django.template.loader import render_to_string

    point = service_point_factory(region="13")
    profile = Answers(employment=("employed",), income_support=("none",), status="citizen_pr", career_change=False)
    decision = decide_for_service_points(profile, [point.pk])[point.pk]
    with translation.override("en"):
        html = render_to_string("eligibility/_decision.html", {"decision": decision})
    assert "status-not_eligible" in html and "<details" in html and "<summary>Why?</summary>" in html


def test_it_offers_the_profile_panel_to_the_finder(client, rf):
    from django.contrib.sessions.backends.db import SessionStore
    from django.template import Context, Template

    template = Template("{% load eligibility_tags %}{% eligibility_profile_panel %}")
    request = rf.get("/en/search/?q=Laval")
    request.session = SessionStore()
    with translation.override("en"):
        html = template.render(Context({"request": request}))
        assert "Answer the questions" in html and "next=/en/search/%3Fq%3DLaval" in html
        request.session[SESSION_KEY] = {"employment": ["precarious"], "career_change": True}
        html = template.render(Context({"request": request}))
        assert "I have a precarious or part-time job, Wants to change careers" in html
        assert "Forget my answers" in html
