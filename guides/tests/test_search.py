"""Guide search: French stemming, accents and case ignored, the same on SQLite and PostgreSQL."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from guides.models import Guide
from guides.search import guides_matching, index_text, query_tokens, tokens
from tests.fixtures.guides import make_guide


@pytest.mark.parametrize(
    ("query", "text"),
    [
        ("entrevues", "Préparer une entrevue"),
        ("ENTREVUE", "des entrevues d'embauche"),
        ("cv", "Un premier CV"),
        ("reorientation", "la réorientation de carrière"),
        ("Réorientation", "reorientation"),
        ("emplois", "un emploi"),
        ("travailleuses", "les travailleuses"),
    ],
)
def test_it_normalises_french_words_the_same_way_in_a_query_and_a_text(query, text):
    assert set(query_tokens(query, "fr")) <= set(tokens(text, "fr"))


def test_it_stems_english_words():
    assert set(query_tokens("Interviews", "en")) <= set(tokens("a job interview", "en"))


def test_it_ignores_stop_words_in_a_query():
    assert query_tokens("comment préparer une entrevue", "fr") == ["prepar", "entrevu"]
    assert query_tokens("le la les", "fr") == []


def test_it_stores_whole_tokens_padded_with_spaces():
    assert index_text("fr", "Entrevue", "entrevues CV") == " entrevu cv "
    assert index_text("fr", "") == ""


@pytest.mark.django_db
def test_it_finds_a_guide_by_a_plural_and_by_a_lowercase_acronym():
    interview = make_guide(title_fr="Réussir son entrevue", body_fr="Envoyez votre CV avant l'entrevue.")
    other = make_guide(title_fr="Vos droits", body_fr="La CNESST.")
    found = set(guides_matching(Guide.objects.all(), "entrevues", "fr"))
    assert interview in found and other not in found
    assert interview in set(guides_matching(Guide.objects.all(), "cv", "fr"))


@pytest.mark.django_db
def test_it_matches_whole_words_only():
    guide = make_guide(title_fr="Le travail", body_fr="Texte.")
    assert guide not in set(guides_matching(Guide.objects.all(), "trav", "fr"))


@pytest.mark.django_db
def test_it_finds_nothing_for_a_query_of_stop_words_or_symbols():
    make_guide()
    assert not guides_matching(Guide.objects.all(), "le la ; -- %", "fr").exists()


@pytest.mark.django_db
def test_it_searches_the_starter_guides_from_the_index_page(client, starter_guides):
    response = client.get("/fr/guides/", {"q": "entrevues"})
    assert response.status_code == 200
    assert [g.slug for g in response.context["guides"]][0] == "preparer-entrevue"
    response = client.get("/fr/guides/", {"q": "cv"})
    assert "premier-cv-lettre" in [g.slug for g in response.context["guides"]]
    response = client.get("/fr/guides/", {"q": "reorientation"})
    assert "changer-emploi-ou-carriere" in [g.slug for g in response.context["guides"]]
    response = client.get("/en/guides/", {"q": "interviews"})
    assert [g.slug for g in response.context["guides"]][0] == "preparer-entrevue"


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["<script>alert(1)</script>", "' OR 1=1 --", "%", "x" * 10_000, "\x00"])
def test_it_answers_bad_queries_without_an_error_and_without_echoing_markup(client, query):
    response = client.get("/fr/guides/", {"q": query})
    assert response.status_code == 200
    assert b"<script>alert(1)" not in response.content


@given(st.lists(st.text(alphabet="abcdeéèêàçôïuœ", min_size=2, max_size=12), min_size=1, max_size=8))
def test_it_always_finds_a_text_by_any_of_its_own_words(words):
    stored = index_text("fr", " ".join(words))
    for word in words:
        for token in query_tokens(word, "fr"):
            assert f" {token} " in stored
