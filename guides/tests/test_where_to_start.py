""" "Where do I start?": three questions that point to a guide or straight to a pre-filled finder search."""

from urllib.parse import urlencode

import pytest
from django.http import QueryDict
from django.template import Context, Template

from guides.orientation import GOAL_GUIDES, GOALS, PROFILE_GUIDES, PROFILES, SITUATIONS, recommend


def test_it_sends_a_person_who_wants_to_talk_to_someone_straight_to_the_finder():
    advice = recommend(situation="unemployed", goal="meet", profile="immigrants")
    assert advice.go_to_finder
    assert advice.finder_params == {"situation": "newcomer"}


def test_it_points_an_employed_person_who_wants_a_change_to_the_career_change_guide():
    advice = recommend(situation="employed", goal="change", profile="none")
    assert advice.guide_slugs[0] == "changer-emploi-ou-carriere"
    assert advice.finder_params == {"situation": "career-change"}
    assert not advice.go_to_finder


def test_it_puts_the_guide_for_the_persons_profile_first_when_it_fits():
    assert recommend(situation="unemployed", goal="search", profile="immigrants").guide_slugs[0] == (
        "nouvel-arrivant-recherche-emploi"
    )
    assert recommend(situation="returning", goal="search", profile="").guide_slugs[0] == "retour-au-travail"


def test_it_recommends_only_starter_guides_for_every_combination_of_answers(settings):
    starter = {p.name.split(".")[0] for p in (settings.BASE_DIR / "data" / "guides").glob("*.fr.md")}
    assert set(PROFILE_GUIDES.values()) | {s for slugs in GOAL_GUIDES.values() for s in slugs} <= starter
    for situation, _ in SITUATIONS:
        for goal, _ in GOALS:
            for profile, _ in PROFILES:
                advice = recommend(situation=situation, goal=goal, profile=profile)
                assert advice.go_to_finder or advice.guide_slugs
                assert len(advice.guide_slugs) == len(set(advice.guide_slugs))


@pytest.mark.django_db
@pytest.mark.usefixtures("reference_data")
def test_every_answer_leads_to_a_finder_search_that_shows_the_answers(client):
    """The finder link carries only what the finder's form asks, answered (no parameter it would ignore)."""
    from finder.forms import SearchForm

    for situation, _ in SITUATIONS:
        for goal, _ in GOALS:
            for profile, _ in PROFILES:
                params = recommend(situation=situation, goal=goal, profile=profile).finder_params
                form = SearchForm(QueryDict(urlencode({**params, "where": "H2X 1Y4"})))
                assert form.is_valid(), (situation, goal, profile, form.errors)
                assert set(params) <= set(form.fields)
                if profile in ("youth", "experienced-workers", "immigrants", "disability"):
                    assert profile in form.clienteles()


@pytest.mark.django_db
def test_it_answers_with_guides_and_a_prefilled_finder_link(client, starter_guides):
    response = client.get("/fr/guides/start/", {"situation": "employed", "goal": "change", "profile": "none"})
    assert response.status_code == 200
    assert response.context["guides"][0].slug == "changer-emploi-ou-carriere"
    assert 'href="/fr/search/?situation=career-change"' in response.text


@pytest.mark.django_db
def test_it_redirects_to_the_finder_when_asked(client):
    response = client.get("/en/guides/start/", {"situation": "unemployed", "goal": "meet"})
    assert response.status_code == 302
    assert response.headers["Location"] == "/en/search/"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "params", [{}, {"situation": "employed"}, {"situation": "<b>x</b>", "goal": "change"}, {"goal": "x" * 5000}]
)
def test_it_asks_again_when_answers_are_missing_or_unknown(client, params):
    response = client.get("/fr/guides/start/", params)
    assert response.status_code == 200
    assert "guides" not in response.context
    assert "<b>x</b>" not in response.text


@pytest.mark.django_db
def test_it_renders_the_home_page_section_as_a_form_that_works_without_javascript():
    html = Template('{% include "guides/_where_to_start.html" %}').render(Context({}))
    assert 'method="get"' in html and 'action="/fr/guides/start/"' in html
    assert html.count('type="radio"') == len(SITUATIONS) + len(GOALS) + len(PROFILES)
    assert "<script" not in html


@pytest.mark.django_db
def test_it_goes_to_the_finder_when_no_suggested_guide_is_published(client):
    from guides.models import Guide

    Guide.objects.filter(slug__in=GOAL_GUIDES["rights"]).update(status="draft")
    response = client.get("/fr/guides/start/", {"situation": "employed", "goal": "rights"})
    assert response.status_code == 302
    assert response.headers["Location"] == "/fr/search/"


def test_it_never_suggests_a_guide_written_for_another_age_group():
    from guides.orientation import AGE_GROUP_GUIDES, GOALS, SITUATIONS

    for situation, _label in SITUATIONS:
        for goal, _goal_label in GOALS:
            older = recommend(situation=situation, goal=goal, profile="experienced-workers")
            assert not [
                slug
                for slug in older.guide_slugs
                if AGE_GROUP_GUIDES.get(slug, "experienced-workers") != "experienced-workers"
            ]
            assert older.guide_slugs or older.go_to_finder
    assert "premier-cv-lettre" in recommend(situation="unemployed", goal="search", profile="youth").guide_slugs
    older = recommend(situation="unemployed", goal="search", profile="experienced-workers").guide_slugs
    assert "premier-cv-lettre" not in older and "preparer-entrevue" in older
